"""The shared diffusion curves: Bass closed forms (known answers, inverse, continuation) and the
logistic and Bass fits (recovery of known parameters, the saturation profile, bad input)."""

import math

import numpy as np
import pandas as pd
import pytest

from ecommod import diffusion


def test_known_answers():
    assert diffusion.bass_fraction(0.0, 0.01, 0.4) == 0.0
    assert diffusion.bass_fraction(500.0, 0.01, 0.4) == pytest.approx(1.0)
    # Without imitation the Bass model is the exponential 1 - exp(-p t).
    assert diffusion.bass_fraction(3.0, 0.1, 0.0) == pytest.approx(1 - np.exp(-0.3))
    # By hand: p = 0.03, q = 0.38, t = 1.
    decay = np.exp(-0.41)
    assert diffusion.bass_fraction(1.0, 0.03, 0.38) == pytest.approx(
        (1 - decay) / (1 + 0.38 / 0.03 * decay)
    )


def test_inverse_and_continuation_agree_with_the_curve():
    years = np.array([0.5, 2.0, 7.5])
    fractions = diffusion.bass_fraction(years, 0.02, 0.35)
    np.testing.assert_allclose(diffusion.bass_years_to(fractions, 0.02, 0.35), years)
    later = diffusion.bass_fraction(years + 3.0, 0.02, 0.35)
    np.testing.assert_allclose(diffusion.bass_from(fractions, 0.02, 0.35, 3.0), later)
    assert diffusion.bass_from(1.0, 0.02, 0.35, 2.0) == 1.0


def test_faster_innovation_means_faster_adoption():
    slow, fast = diffusion.bass_fraction(4.0, [0.01, 0.05], 0.3)
    assert fast > slow
    assert np.all(np.diff(diffusion.bass_fraction(np.linspace(0, 30, 50), 0.01, 0.3)) > 0)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: diffusion.bass_fraction(1.0, 0.0, 0.3), "innovation must be above 0"),
        (
            lambda: diffusion.bass_fraction(1.0, 0.01, -0.3),
            "imitation must be finite and between 0",
        ),
        (lambda: diffusion.bass_fraction(-1.0, 0.01, 0.3), "years must be finite and between 0"),
        (lambda: diffusion.bass_years_to(1.0, 0.01, 0.3), "fraction must be below 1"),
        (
            lambda: diffusion.bass_from(1.2, 0.01, 0.3, 1.0),
            "start_fraction must be finite and between",
        ),
    ],
)
def test_bad_input_names_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- fits ------------------------------------------------------------------------------------


def _simulated_share(model: str, parameters, years, *, noise: float, seed: int) -> pd.Series:
    rng = np.random.default_rng(seed)
    if model == "logistic":
        clean = diffusion.logistic_share(years, *parameters)
    else:
        clean = diffusion.bass_share(
            years, *parameters, diffusion.DiffusionAssumptions().bass_launch_year
        )
    return pd.Series(clean + rng.normal(0.0, noise, len(years)), index=pd.Index(years))


def test_curves_known_values():
    assert diffusion.logistic_share([2020], 40.0, 0.5, 2020.0)[0] == pytest.approx(20.0)
    assert diffusion.bass_share([2003, 2002], 50.0, 0.01, 0.4, 2003)[0] == 0.0
    assert diffusion.bass_share([2002], 50.0, 0.01, 0.4, 2003)[0] == 0.0  # before launch
    assert diffusion.bass_share([2200], 50.0, 0.01, 0.4, 2003)[0] == pytest.approx(50.0)
    # One year after launch: F(1) = (1 - e^{-(p+q)}) / (1 + (q/p) e^{-(p+q)}).
    decay = math.exp(-0.41)
    expected = 50.0 * (1 - decay) / (1 + 40.0 * decay)
    assert diffusion.bass_share([2004], 50.0, 0.01, 0.4, 2003)[0] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("model", "truth"),
    [("logistic", (40.0, 0.35, 2018.0)), ("bass", (40.0, 0.004, 0.35))],
)
def test_fit_recovers_known_parameters_from_a_simulated_curve(model, truth):
    years = np.arange(2005, 2031)
    share = _simulated_share(model, truth, years, noise=0.2, seed=1)
    fit = diffusion.fit_diffusion(share, model)
    estimates = fit.estimates
    for name, value in zip(diffusion.DIFFUSION_PARAMETERS[model], truth, strict=True):
        assert estimates.loc[name, "lower"] <= value <= estimates.loc[name, "upper"], name
    assert estimates.loc["saturation", "estimate"] == pytest.approx(40.0, abs=1.0)
    assert fit.rmse < 0.3
    assert fit.at_bound == ()


def test_profile_contains_the_true_saturation_and_bottoms_out_near_it():
    years = np.arange(2005, 2025)  # past the midpoint, short of the ceiling
    share = _simulated_share("logistic", (40.0, 0.35, 2018.0), years, noise=0.2, seed=2)
    profile = diffusion.saturation_profile(share, "logistic", np.arange(36.0, 60.0, 0.5))
    best = profile.loc[profile["residual_ss"].idxmin(), "saturation"]
    assert best == pytest.approx(40.0, abs=1.0)
    inside = profile.loc[profile["in_confidence_set"], "saturation"]
    assert inside.min() <= 40.0 <= inside.max() < profile["saturation"].max()


def test_a_short_early_series_leaves_saturation_unbounded():
    """Before the inflection the data cannot tell a ceiling of 40 from one of 90."""
    years = np.arange(2005, 2014)  # the simulated curve's midpoint is 2018
    share = _simulated_share("logistic", (40.0, 0.35, 2018.0), years, noise=0.2, seed=3)
    profile = diffusion.saturation_profile(share, "logistic", np.arange(10.0, 91.0, 5.0))
    assert profile["in_confidence_set"].iloc[-1]  # the set reaches the grid's top, 90


def test_bass_continuation_follows_the_curve_it_starts_on():
    saturation, p, q, launch = 50.0, 0.01, 0.4, 2003
    now = diffusion.bass_share([2015], saturation, p, q, launch)[0]
    ahead = np.array([0.0, 1.0, 5.0])
    expected = diffusion.bass_share(2015 + ahead, saturation, p, q, launch)
    np.testing.assert_allclose(diffusion.bass_continuation(now, saturation, p, q, ahead), expected)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: diffusion.fit_diffusion(s, "gompertz"), r"model must be one of"),
        (lambda s: diffusion.fit_diffusion(s.iloc[:3], "logistic"), r"at least 4 observed years"),
        (lambda s: diffusion.fit_diffusion(s * 10, "logistic"), r"share\[\d+\] must be finite"),
        (lambda s: diffusion.saturation_profile(s, "bass", [5.0]), r"saturations\[0\] must be"),
        (lambda s: diffusion.bass_continuation(60.0, 50.0, 0.01, 0.3, [1]), r"share_now must be"),
        (
            lambda s: diffusion.bass_continuation(10.0, 50.0, 0.0, 0.3, [1]),
            r"innovation must be above 0",
        ),
        (
            lambda s: diffusion.fit_diffusion(s, "bass", diffusion.DiffusionAssumptions(2018)),
            r"bass_launch_year must be between 1900 and 2015",
        ),
        (
            lambda s: diffusion.fit_diffusion(
                s, "logistic", diffusion.DiffusionAssumptions(max_saturation=15.0)
            ),
            r"max_saturation must be between 20 and 100",
        ),
    ],
)
def test_diffusion_bad_input_names_the_parameter(call, message):
    share = pd.Series([10.0, 12.0, 15.0, 18.0, 20.0], index=range(2016, 2021))
    with pytest.raises(ValueError, match=message):
        call(share)


# --- the profile-likelihood interval of the saturation level -------------------------------------


def test_profile_interval_ends_where_the_profile_crosses_its_limit():
    years = np.arange(2005, 2025)
    share = _simulated_share("logistic", (40.0, 0.35, 2018.0), years, noise=0.2, seed=2)
    fit = diffusion.fit_diffusion(share, "logistic")
    interval = fit.saturation_interval
    assert interval.low < 40.0 < interval.high
    assert not interval.low_at_bound and not interval.high_at_bound
    ends = diffusion.saturation_profile(share, "logistic", [interval.low, interval.high])
    np.testing.assert_allclose(ends["residual_ss"], interval.rss_limit, rtol=1e-3)
    # The grid version of the same interval agrees to within the grid's step.
    step = 0.25
    grid = diffusion.saturation_profile(share, "logistic", np.arange(36.0, 50.0, step))
    inside = grid.loc[grid["in_confidence_set"], "saturation"]
    low, high = inside.min(), inside.max()
    assert low - step <= interval.low <= low and high <= interval.high <= high + step


def test_profile_interval_of_an_early_series_reaches_the_search_bound():
    years = np.arange(2005, 2014)  # before the simulated midpoint, 2018
    share = _simulated_share("logistic", (40.0, 0.35, 2018.0), years, noise=0.2, seed=3)
    interval = diffusion.fit_diffusion(share, "logistic").saturation_interval
    assert interval.high == 100.0 and interval.high_at_bound


def test_on_the_official_share_the_profile_interval_stays_above_what_was_observed():
    """The NBS physical-goods share: the symmetric Wald interval of the ceiling reaches below
    the highest share already observed; the profile interval cannot."""
    from ecommod import data

    share = data.official_series("physical_goods_online_share_of_retail")["value"].dropna()
    fits = {
        "all years": diffusion.fit_diffusion(share, "logistic"),
        "without 2020": diffusion.fit_diffusion(share.drop(2020), "logistic"),
    }
    table = diffusion.saturation_table(fits).set_index("fit")
    assert table.loc["all years", "wald_lower"] < share.max()
    assert (table["profile_lower"] >= share.max() - 1e-9).all()
    assert (table["profile_lower"] <= table["saturation"]).all()
    assert (table["saturation"] <= table["profile_upper"]).all()
    assert table["years"].tolist() == [len(share), len(share) - 1]
    assert (
        table.loc["all years", "saturation"]
        == fits["all years"].estimates.loc["saturation", "estimate"]
    )
