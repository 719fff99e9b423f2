"""ecommod.challenges (§5): province tables, contiguity, the data-security scenario, §5 checks."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from ecommod import challenges, claims, data, inequality, provincial


def test_provinces_follow_the_nbs_division():
    provinces = provincial.provinces()
    assert len(provinces) == 31
    assert provinces["region"].value_counts().to_dict() == {
        "west": 12,
        "east": 10,
        "central": 6,
        "northeast": 3,
    }
    for _, row in provinces.iterrows():  # each quote names the province's short name
        assert row["prov_name_short"] in row["quote_zh"]
        assert row["prov_name"].startswith(row["prov_name_short"])


def test_contiguity_is_symmetric_and_hainan_is_the_only_island():
    weights = provincial.contiguity()
    links = weights.to_numpy() > 0
    assert (links == links.T).all()
    assert links.sum() == 2 * 68
    islands = list(weights.index[~links.any(axis=1)])
    assert islands == [46]  # Hainan
    np.testing.assert_allclose(weights.drop(index=46).sum(axis=1), 1.0)
    # the mainland is one connected component
    reached, frontier = {11}, [11]
    while frontier:
        member = frontier.pop()
        for neighbour in weights.columns[links[weights.index.get_loc(member)]]:
            if neighbour not in reached:
                reached.add(neighbour)
                frontier.append(neighbour)
    assert reached == set(weights.index) - {46}


def test_a_contiguity_pair_with_an_unknown_province_fails_to_load(data_copy):
    from tests.test_data import refresh_hash, rewrite_csv

    rewrite_csv(
        data_copy / "province_contiguity.csv",
        lambda rows: rows.append(["11", "99", "land_border", ""]),
    )
    refresh_hash(data_copy, "province_contiguity.csv")
    with pytest.raises(data.DataValidationError, match="province_contiguity.csv"):
        data.load_table("province_contiguity", data_copy)


# --- the data-security scenario -----------------------------------------------------------------

SIMPLE = challenges.DataSecurityAssumptions(
    data_value_yuan=1_000_000,
    reference_data_value_yuan=1_000_000,
    base_incident_probability=0.1,
    attractiveness=0.0,
    loss_share_of_data_value=0.5,
    fixed_incident_cost_yuan=0.0,
    annual_revenue_yuan=1_000_000,
    fine_cap_share_of_revenue=0.05,
    fine_probability=0.0,
    compliance_efficacy_yuan=10_000,
)


def test_scenario_by_hand():
    # p = 0.1, L = 0.5 × 1e6 = 5e5, p·L = 5e4 > c = 1e4: s* = 1e4 · ln 5, cost = c + s*
    assert challenges.incident_probability(SIMPLE) == pytest.approx(0.1)
    assert challenges.loss_per_incident(SIMPLE) == pytest.approx(500_000)
    optimum = challenges.optimal_compliance(SIMPLE)
    assert optimum["optimal_spending"] == pytest.approx(10_000 * math.log(5))
    assert optimum["expected_cost_at_optimum"] == pytest.approx(10_000 + 10_000 * math.log(5))
    grid = np.linspace(0, 50_000, 501)
    assert challenges.expected_annual_cost(SIMPLE, grid).min() >= (
        optimum["expected_cost_at_optimum"] - 1e-6
    )
    # break-even: 0.1 × 0.5 × V = 1e4 → V = 2e5
    assert challenges.break_even_data_value(SIMPLE) == pytest.approx(200_000, abs=2)


def test_no_spending_below_break_even_and_the_fine_counts():
    small = replace(SIMPLE, data_value_yuan=100_000)
    assert challenges.optimal_compliance(small)["optimal_spending"] == 0.0
    fined = replace(SIMPLE, fine_probability=1.0)
    assert challenges.loss_per_incident(fined) == pytest.approx(500_000 + 0.05 * 1_000_000)


def test_more_valuable_data_means_more_risk_and_more_spending():
    sweep = challenges.data_value_sweep(SIMPLE, np.geomspace(1e5, 1e8, 10))
    assert (np.diff(sweep["expected_loss_without_spending"]) > 0).all()
    assert (np.diff(sweep["optimal_spending"]) >= 0).all()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("base_incident_probability", 1.5, "base_incident_probability must be between 0 and 1"),
        ("data_value_yuan", 0.0, "data_value_yuan must be above 0"),
        ("attractiveness", -1.0, "attractiveness must be 0 or more"),
        ("fine_probability", -0.1, "fine_probability must be between 0 and 1"),
    ],
)
def test_bad_assumptions_are_named(field, value, message):
    with pytest.raises(ValueError, match=message):
        replace(SIMPLE, **{field: value})


def test_bad_spending_is_named():
    with pytest.raises(ValueError, match=r"spending_yuan\[1\] must be finite and between 0"):
        challenges.expected_annual_cost(SIMPLE, [0.0, -5.0])


def test_probability_and_loss_take_many_data_values():
    values = np.array([1e5, 1e6, 4e6])
    at_each = [replace(SIMPLE, attractiveness=0.5, data_value_yuan=v) for v in values]
    vectorised = challenges.incident_probability(replace(SIMPLE, attractiveness=0.5), values)
    assert vectorised == pytest.approx([challenges.incident_probability(p) for p in at_each])
    assert vectorised[1] == pytest.approx(0.1)  # p₀ at V₀
    assert vectorised[2] == pytest.approx(0.1 * 2)  # (4e6 / 1e6) ** 0.5 = 2
    assert challenges.loss_per_incident(SIMPLE, values) == pytest.approx(0.5 * values)


def test_the_residual_loss_at_the_best_spending_is_the_efficacy():
    # p·L·exp(-s*/c) with s* = c·ln(p·L/c) is c, at every data value above break-even.
    for value in (1e6, 1e7):
        optimum = challenges.optimal_compliance(replace(SIMPLE, data_value_yuan=value))
        residual = optimum["expected_cost_at_optimum"] - optimum["optimal_spending"]
        assert residual == pytest.approx(SIMPLE.compliance_efficacy_yuan)


def test_the_data_value_check_restates_its_claim():
    finding = challenges.higher_data_value_higher_risk(points=2)
    assert len(challenges.RISK_DRIVERS) == 5
    assert finding.share_holding == 1.0  # ℓ > 0 over the whole plausible range
    assert {name for name, _, _ in finding.region} == set(challenges.RISK_DRIVERS)
    assert finding.region[1] == ("attractiveness", 0.0, 1.0)
    assert finding.estimate == pytest.approx(
        challenges.break_even_data_value(challenges.DataSecurityAssumptions())
    )
    assert finding.restates_claim
    assert claims.model_verdict(finding) == "illustrated"


# --- 5.2: the like-for-like comparison of finance and technology ----------------------------------


def _two_years(first: list[float], second: list[float]) -> pd.DataFrame:
    return pd.DataFrame([first, second], index=[2015, 2023], columns=[11, 12, 13])


def test_uneven_gains_by_hand():
    # finance gains 10, 20, 30: sd sqrt(200/3), mean 20
    # technology gains 1, 1, 4: sd sqrt(2), mean 2
    finance = _two_years([100.0, 100.0, 100.0], [110.0, 120.0, 130.0])
    technology = _two_years([5.0, 6.0, 7.0], [6.0, 7.0, 11.0])
    result = challenges.uneven_gains(finance, technology, 2015, 2023)
    finance_cv, technology_cv = np.sqrt(200 / 3) / 20, np.sqrt(2) / 2
    assert result["finance_cv"] == pytest.approx(finance_cv)
    assert result["technology_cv"] == pytest.approx(technology_cv)
    assert result["ratio"] == pytest.approx(finance_cv / technology_cv)
    # the index's origin and scale do not matter
    moved = challenges.uneven_gains(500 + 3 * finance, technology, 2015, 2023)
    assert moved["ratio"] == pytest.approx(result["ratio"])
    # bootstrap: 8 provinces, finance gains even, technology gains uneven
    wide = pd.DataFrame([[1.0] * 8, [11.0, 12.0, 10.0, 11.0, 9.0, 10.0, 12.0, 11.0]], index=[0, 1])
    uneven = pd.DataFrame([[1.0] * 8, [2.0, 9.0, 3.0, 7.0, 2.0, 5.0, 4.0, 8.0]], index=[0, 1])
    low, high = challenges.uneven_gains_interval(wide, uneven, 0, 1, draws=500, seed=1)
    point = challenges.uneven_gains(wide, uneven, 0, 1)["ratio"]
    assert low < point < high < 1.0
    with pytest.raises(ValueError, match="values must have a positive mean"):
        challenges.uneven_gains(finance, technology.iloc[::-1].set_axis([2015, 2023]), 2015, 2023)
    with pytest.raises(ValueError, match=r"start \(a year of finance\) must be one of"):
        challenges.uneven_gains(finance, technology, 2011, 2023)
    # averaged ends: with two identical years at each end the gains are the same
    both = pd.concat([finance, finance.rename(index={2015: 2016, 2023: 2022})]).sort_index()
    tech = pd.concat([technology, technology.rename(index={2015: 2016, 2023: 2022})]).sort_index()
    averaged = challenges.uneven_gains(both, tech, (2015, 2016), (2022, 2023))
    assert averaged["ratio"] == pytest.approx(result["ratio"])


def _panel(years, rows):
    return pd.DataFrame(rows, index=years, columns=[11, 12, 13, 14, 15, 16, 17, 18])


def test_gains_comparisons_cover_the_windows_and_skip_a_falling_measure():
    years = list(range(2015, 2024))
    rng = np.random.default_rng(3)
    finance = _panel(years, [[100.0 + (10 + i) * t for i in range(8)] for t in range(9)])
    # technology gains are twice finance's: the same spread (CV), so every ratio is 1
    technology = {
        "share": 5 + 2 * (finance - 100),
        "falling": _panel(years, 50 - np.arange(9)[:, None] - rng.uniform(0, 0.1, (9, 8))),
    }
    table = challenges.gains_comparisons(finance, technology, "share")
    # start years 2015-2018 (at least 5 years to 2023), the averaged ends, the other measure
    assert table["window"].tolist() == [
        "2015 to 2023",
        "2016 to 2023",
        "2017 to 2023",
        "2018 to 2023",
        "2015-16 average to 2022-23 average",
        "2015 to 2023",
    ]
    assert table["measure"].tolist() == ["share"] * 5 + ["falling"]
    np.testing.assert_allclose(table["ratio"].iloc[:5], 1.0)
    assert (table["low"].iloc[:5] <= 1 + 1e-9).all() and (table["high"].iloc[:5] >= 1 - 1e-9).all()
    falling = table.iloc[-1]
    assert np.isnan(falling["ratio"]) and falling["fell"] == 8 and falling["provinces"] == 8
    with pytest.raises(ValueError, match="headline must be one of"):
        challenges.gains_comparisons(finance, technology, "nothing")


def test_inside_provinces_by_hand():
    cities = pd.DataFrame({"prov_code": [11, 12, 12, 13, 13, 13], "value": [5, 1, 3, 2, 2, 2.0]})
    inside = challenges.inside_provinces(cities)
    # province 12: mean absolute difference over all ordered pairs (0+2+2+0)/4 = 1, / (2·mean 2)
    assert inside.loc[12, "gini"] == pytest.approx(0.25)
    assert inside.loc[13, "gini"] == pytest.approx(0.0)
    assert np.isnan(inside.loc[11, "gini"])  # one city: no Gini
    assert inside.index.tolist() == [12, 13, 11]  # largest Gini first, the undefined last
    assert inside.loc[12, ["cities", "lowest", "highest"]].tolist() == [2, 1, 3]


def test_convergence_table_reaches_the_mechanical_limit_when_all_end_alike():
    years = list(range(2011, 2019))
    start = np.array([20.0, 40, 60, 80, 100, 120, 140, 160])
    end = 200.0
    # each province moves geometrically from its start to the same end level
    rows = [start * (end / start) ** (t / 7) for t in range(8)]
    table = challenges.convergence_table({"index": _panel(years, rows)}, 2011, 2018)
    row = table.loc["index"]
    assert row["limit"] == pytest.approx(-1 / 7)
    assert row["beta"] == pytest.approx(-1 / 7)
    assert row["r_squared"] == pytest.approx(1.0)
    assert row["sigma_end"] == pytest.approx(0.0, abs=1e-12)
    assert row["sigma_start"] == pytest.approx(np.log(start).std(), rel=1e-6)
    assert row["sigma_slope"] < 0


def test_sigma_timing_by_hand():
    # falls of 0.5, 0.3, 0.1, then a rise of 0.05 and a fall of 0.15: total fall 1.0
    sd_log = pd.Series([2.0, 1.5, 1.2, 1.1, 1.15, 1.0], index=range(2011, 2017))
    timing = challenges.sigma_timing(sd_log)
    assert timing["change"] == pytest.approx(-1.0)
    assert timing["first_share"] == pytest.approx(0.5)
    assert timing["most_by"] == 2013  # 0.5 + 0.3 = 80% of the fall by 2013
    assert timing["most_by_share"] == pytest.approx(0.8)
    assert timing["later_years"] == 3
    assert timing["later_max"] == pytest.approx(0.15)
    assert timing["later_rises"] == 1
    assert challenges.sigma_timing(sd_log, share=0.5)["most_by"] == 2012
    rising = challenges.sigma_timing(sd_log.iloc[::-1].set_axis(sd_log.index))
    assert rising["change"] == pytest.approx(1.0) and np.isnan(rising["most_by"])


def test_start_year_counts_by_hand():
    by_start = pd.DataFrame(
        {
            "beta": [-0.1, -0.05, 0.01],
            "beta_p_value": [0.01, 0.2, 0.01],
            "sigma_slope": [-0.01, -0.02, 0.003],
            "sigma_p_value": [0.001, 0.04, 0.5],
            "sigma_start": [0.5, 0.4, 0.3],
            "sigma_end": [0.2, 0.2, 0.35],
            "r_squared": [0.9, 0.5, 0.1],
        },
        index=[2011, 2012, 2013],
    )
    counts = challenges.start_year_counts(by_start)
    assert counts.to_dict() == {
        "starts": 3,
        "beta_negative": 1,
        "sigma_falling": 2,
        "sigma_lower": 2,
        "r_squared_min": 0.1,
        "r_squared_max": 0.9,
    }
    assert challenges.start_year_counts(by_start, 0.3)["beta_negative"] == 2
    assert f"{counts['sigma_lower']} of {counts['starts']}" == "2 of 3"  # as the table shows it


@pytest.mark.external("pku_dfiic_province", "nbs_provincial_ecommerce")
def test_the_finance_technology_check_compares_the_gains():
    finding = challenges.finance_more_uneven_than_technology(draws=400)
    finance, technology = provincial.finance_panel(), provincial.technology_panel()
    finance_gain = finance.loc[2023] - finance.loc[2015]
    technology_gain = technology.loc[2023][finance_gain.index] - technology.loc[2015]
    ratio = (finance_gain.std(ddof=0) / finance_gain.mean()) / (
        technology_gain.std(ddof=0) / technology_gain.mean()
    )
    assert finding.estimate == pytest.approx(ratio)
    low, high = finding.interval
    assert low < finding.estimate < high
    assert (finding.claimed_low, finding.claimed_high) == (1.0, math.inf)
    assert not finding.assumed and len(finding.sourced) == 2
    expected = "reproduced" if high >= 1.0 else "contradicted"
    assert claims.model_verdict(finding) == expected


# --- panels (external data) -----------------------------------------------------------------------


@pytest.mark.external("pku_dfiic_province")
def test_finance_panel_is_years_by_the_31_provinces():
    table = provincial.finance_panel("coverage_breadth")
    assert table.shape == (13, 31)
    assert list(table.index) == list(range(2011, 2024))
    assert set(table.columns) == set(provincial.provinces().index)


@pytest.mark.external("nbs_provincial_ecommerce")
def test_technology_panel_drops_the_year_the_nbs_left_blank():
    table = provincial.technology_panel("firms_with_ec_share_pct")
    assert 2024 not in table.index
    assert table.shape[1] == 31


def test_a_province_code_not_in_the_table_is_named():
    frame = pd.DataFrame(
        {"year": [2020, 2020], "prov_code": [11, 99], "index_aggregate": [1.0, 2.0]}
    )
    with pytest.raises(
        ValueError, match=r"province code\(s\) \[99\] are not in data/provinces.csv"
    ):
        provincial.finance_panel(frame=frame)


def test_an_unknown_measure_is_named():
    with pytest.raises(ValueError, match="measure must be one of"):
        provincial.finance_panel("payment", frame=pd.DataFrame())


@pytest.mark.external("pku_dfiic_city")
def test_cities_map_to_provinces_and_regions():
    cities = provincial.city_panel(2023)
    assert cities["region"].notna().all()
    assert cities["prov_code"].nunique() == 31
    parts = inequality.theil_decomposition(cities["value"], cities["prov_code"])
    assert parts["within"] + parts["between"] == pytest.approx(parts["total"])


def test_rank_correlation_by_hand():
    first = pd.Series([1.0, 2.0, 3.0, 4.0], index=list("abcd"))
    reversed_ranks = pd.Series([4.0, 3.0, 2.0, 1.0], index=list("abcd"))
    assert challenges.rank_correlation(first, reversed_ranks)["rho"] == pytest.approx(-1.0)
    assert challenges.rank_correlation(first, first**2)["rho"] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="first and second share 2 members"):
        challenges.rank_correlation(first, first.iloc[:2])


@pytest.mark.external("pku_dfiic_province", "pku_dfiic_city", "nbs_provincial_ecommerce")
def test_the_chapter_follows_changed_parameters(tmp_path, kernel_env):
    """A later window, another city year and a richer merchant: the chapter runs and says so."""
    import nbformat
    from test_notebooks import glued, run_with_parameters

    path = data.REPO_ROOT / "notebooks" / "04_challenges.ipynb"
    default = glued(nbformat.read(path, as_version=4))
    changes = {"START_YEAR": "2015", "CITY_YEAR": "2011", "DATA_VALUE_YUAN": "5_000_000"}
    notebook = run_with_parameters(path, changes, tmp_path, kernel_env)
    changed = glued(notebook)
    assert changed["scenario_value"] == "500"
    assert changed["scenario_spending_sentence"] != default["scenario_spending_sentence"]
    assert changed["scenario_spending_sentence"].startswith("The best compliance spending is")
    prose = " ".join(
        output["data"].get("text/markdown", "")
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if "data" in output
    )
    assert "From 2015 to" in prose
    assert "cities of 2011" in prose
    # every direction the prose states agrees with the two numbers it shows (from 2015 the
    # digitisation Gini rises while the others fall, so a fixed "fell" would be caught here)
    import re

    moves = re.findall(r"the Gini (fell|rose) from (\d\.\d{3}) in \d{4} to (\d\.\d{3})", prose)
    assert len(moves) >= 4
    for word, before, after in moves:
        assert (float(after) > float(before)) == (word == "rose"), (word, before, after)
    assert "rose" in {word for word, _, _ in moves}
    assert "fell for the index and every dimension" not in prose


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("START_YEAR", 2021, r"^START_YEAR must be a whole number between 2011 and 2020, got 2021"),
        ("START_YEAR", 2015.0, r"^START_YEAR must be a whole number .*got 2015.0"),
        ("END_YEAR", 2013, r"^END_YEAR must be a whole number between 2014 and 2023, got 2013"),
        ("COMPARE_YEAR", 2024, r"^COMPARE_YEAR must be a whole number between 2015 and 2023"),
        ("CITY_YEAR", 2010, r"^CITY_YEAR must be a whole number between 2011 and 2023"),
        ("DATA_VALUE_YUAN", -1, r"^DATA_VALUE_YUAN must be above 0 \(yuan\), got -1"),
        ("COMPLIANCE_EFFICACY_YUAN", "1e5", r"^COMPLIANCE_EFFICACY_YUAN must be a finite number"),
    ],
)
def test_the_chapter_checks_its_parameters_before_anything_else(name, value, message):
    """The cell after the parameters refuses a bad value in one line naming the parameter."""
    import nbformat

    from ecommod import validate

    cells = nbformat.read(data.REPO_ROOT / "notebooks" / "04_challenges.ipynb", as_version=4).cells
    index = next(i for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", []))
    namespace: dict = {}
    exec(cells[index].source, namespace)
    exec(cells[index + 1].source, namespace)  # the stated values pass
    namespace[name] = value
    with pytest.raises(validate.ParameterError, match=message) as error:
        exec(cells[index + 1].source, namespace)
    assert "\n" not in str(error.value)
    assert str(error.value).endswith("(change it in the parameters cell)")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: challenges.sigma_timing(pd.Series([0.5, -0.1])), r"sd_log\[1\] must be finite"),
        (lambda: challenges.sigma_timing(pd.Series([0.5])), "sd_log must have at least 2 years"),
        (
            lambda: challenges.convergence_table({"index": _panel([1, 2], [[1.0] * 8] * 2)}, 2, 1),
            "end must come after start",
        ),
        (lambda: challenges.inequality_trends({}, pd.Series(dtype=object)), "panels must have"),
        (
            lambda: challenges.uneven_gains_interval(
                _two_years([1.0, 2, 3], [2.0, 4, 5]),
                _two_years([1.0, 2, 3], [2.0, 3, 5]),
                2015,
                2023,
                draws=10**12,
            ),
            "draws must be at most",
        ),
        (
            lambda: challenges.start_year_counts(pd.DataFrame({"beta": [0.1]})),
            "by_start is missing",
        ),
    ],
)
def test_bad_tables_and_years_are_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()
