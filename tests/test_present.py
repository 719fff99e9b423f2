"""What readers see: numbers at the precision shown, reader-ready tables, stable HTML."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ecommod import present


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (27898.0, 0, "27,898"),
        (155225.4, 0, "155,225"),
        (7.25, 1, "7.2"),  # round half to even, as Python formats
        (47.89458127345709, 2, "47.89"),
        (47.894581273456964, 2, "47.89"),  # the last digits of another machine do not show
        (-0.04, 1, "> -0.1"),  # no "-0.0", and no zero that hides a non-zero value
        (0.004, 2, "< 0.01"),
        (0.0, 2, "0.00"),
        (-0.0, 1, "0.0"),  # no "-0.0"
        (-3.94, 1, "-3.9"),
    ],
)
def test_format_number(value, decimals, expected):
    assert present.format_number(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(None, "—"), (math.nan, "—"), (pd.NA, "—"), (math.inf, "∞")]
)
def test_a_missing_or_infinite_number_is_shown_only_where_a_table_allows_it(value, expected):
    assert present.format_number(value, 1, missing=True) == expected
    assert present.format_value(value, missing=True) == expected
    with pytest.raises(ValueError, match="value must be a finite number"):
        present.format_number(value, 1)
    with pytest.raises(ValueError, match="value must be a finite number"):
        present.format_value(value)
    with pytest.raises(ValueError, match="value must be a finite number"):
        present.glue_number("share", value)


def test_a_table_shows_a_missing_cell_as_a_dash():
    html = present.table(pd.DataFrame({"share": [1.5, math.nan]})).data
    assert "1.5" in html and "—" in html


def test_a_table_without_rows_keeps_its_headers():
    empty = pd.DataFrame({"year": pd.Series([], dtype=int), "province": pd.Series([], dtype=str)})
    html = present.table(empty).data
    assert "year" in html and "province" in html and "<td" not in html


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (0.0421, "0.042"),
        (0.001, "0.001"),
        (0.00042, "0.0004"),
        (0.0001, "0.0001"),
        (3e-9, "< 0.0001"),
    ],
)
def test_format_p_value(p, expected):
    assert present.format_p_value(p) == expected


@pytest.mark.parametrize("bad", [-0.1, 1.5, math.nan, "0.05"])
def test_format_p_value_refuses_what_is_not_a_p_value(bad):
    with pytest.raises(ValueError, match="p must be"):
        present.format_p_value(bad)


def test_format_number_refuses_negative_decimals_and_signs_on_request():
    with pytest.raises(
        ValueError, match="decimals must be a whole number between 0 and 20, got -1"
    ):
        present.format_number(1.0, -1)
    with pytest.raises(ValueError, match="value must be a finite number, got '3'"):
        present.format_number("3")  # text is not converted
    with pytest.raises(ValueError, match="signed must be True or False, got 'yes'"):
        present.format_number(3.0, signed="yes")
    assert present.format_number(0.74, 1, signed=True) == "+0.7"


def test_glue_number_glues_the_text_a_reader_sees(monkeypatch):
    """present glues what myst_nb's own glue(name, Markdown(text), display=False) displays."""
    import IPython.display
    from IPython.display import Markdown
    from myst_nb.ext import glue as myst_glue

    shown = []

    def record(*objects, **options):
        shown.append((objects, options))

    monkeypatch.setattr(IPython.display, "display", record)
    monkeypatch.setattr(myst_glue, "ipy_display", record)
    present.glue_number("f", 47.89458127345709, 2)
    myst_glue.glue("f", Markdown("47.89"), display=False)
    assert len(shown) == 2 and shown[0] == shown[1]
    assert shown[0][0][0]["application/papermill.record/text/markdown"] == "47.89"
    with pytest.raises(TypeError, match="text for glue 'g' must be a str, got float"):
        present.glue_text("g", 1.5)


def test_table_is_ready_to_read_and_deterministic():
    frame = pd.DataFrame(
        {
            "level (亿元)": [27898.0, math.nan, 155225.0],
            "growth (%)": [7.21, None, -3.94],
            "note": ["a long sentence that must wrap instead of being clipped", None, ""],
            "flag": pd.array([True, None, False], dtype="boolean"),
        },
        index=pd.Index([2014, 2015, 2024], name="year"),
    )
    html = present.table(frame, decimals={"growth (%)": 1}).data
    assert "27,898" in html and "155,225" in html and "27898.0" not in html
    assert "7.2" in html and "-3.9" in html
    assert "NaN" not in html and "<NA>" not in html and "None" not in html
    assert html.count("—") == 5  # the missing level and growth, two empty notes, the flag
    assert "<th>year</th>" in html and ">2024<" in html  # a named index is shown ...
    assert present.table(frame, decimals=1).data == present.table(frame, decimals=1).data
    unnamed = present.table(frame.reset_index(drop=True)).data
    assert "<th></th>" not in unnamed and ">0<" not in unnamed  # ... row numbers never are
    assert "overflow-wrap:break-word" in html and '<td class="text">a long sentence' in html


def test_table_refuses_what_is_not_a_frame():
    with pytest.raises(TypeError, match="frame must be a pandas DataFrame, got Series"):
        present.table(pd.Series([1, 2]))


@pytest.mark.parametrize("state", ["missing", "differs", "identical"])
def test_external_notice_is_an_admonition_without_a_local_path(monkeypatch, state):
    from ecommod import data

    status = data.ExternalStatus(
        name="panel",
        state=state,
        title="A panel",
        file_name="panel.csv",
        sheet=None,
        used_by=("§1.6",),
        notice="The copy of A panel (panel.csv) …",
    )
    monkeypatch.setattr(data, "external_status", lambda name: status)
    notice = present.external_notice("panel")
    if state == "identical":
        assert notice == ""
    else:
        assert notice.startswith(":::{admonition} Third-party data ")
        assert f":class: {'warning' if state == 'differs' else 'note'}" in notice
        assert "/" not in notice.replace("panel.csv", "")


def test_record_list_puts_one_row_per_block_and_leaves_out_missing_fields():
    import pandas as pd

    frame = pd.DataFrame(
        {
            "claim": ["S1-01", "S1-02"],
            "status": ["consistent", "unsourced"],
            "basis": ["NBS <2025>", None],
            "value": [1234.5, float("nan")],
        }
    )
    html = present.record_list(frame, ["claim", "status"], decimals=1).data
    assert html.count('class="ecommod-record"') == 2
    assert "<strong>S1-01 · consistent</strong>" in html
    assert "<dt>basis</dt><dd>NBS &lt;2025&gt;</dd>" in html
    assert (
        "<strong>S1-02 · unsourced</strong>"
        in present.record_list(frame, ["claim", "status", "basis"]).data
    )
    assert "<dt>value</dt><dd>1,234.5</dd>" in html
    second = html.split('class="ecommod-record"')[2]
    assert "<dt>basis</dt>" not in second and "<dt>value</dt>" not in second
    assert "nan" not in html.lower()
    with pytest.raises(ValueError, match=r"heading names column\(s\) \['model'\]"):
        present.record_list(frame, ["model"])
