"""What a reader sees: numbers at the precision shown, tables ready to read, notices.

Every number that prose quotes is glued through :func:`glue_number`, which rounds and formats it
once (thousands separators, fixed decimals, "—" when missing) and glues the *text*. The notebook's
stored output is then exactly what the reader sees, so nbval compares what matters and a machine
whose floating point differs in the 15th digit gives the same page.

Every table a reader sees goes through :func:`table`: readable headers (the caller writes units
into them), "—" for missing values, thousands separators, whole numbers without decimals, no pandas
row numbers, text that wraps. The HTML is deterministic (no random ids) so nbval can compare it.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from numbers import Real
from typing import TYPE_CHECKING

from ecommod import validate
from ecommod.language import (
    InLanguages,
    chinese_of,
    keep_as_written,
    register,
    t,
    translate,
    twins,
)

if TYPE_CHECKING:
    import pandas as pd

MISSING = "—"
#: Decimals shown for a float column that holds fractions, unless the caller says otherwise.
DEFAULT_DECIMALS = 1
#: A text column with a cell longer than this (characters) gets room to wrap as prose.
LONG_TEXT = 40
#: Most decimals a number may be shown with (beyond float64's 17 significant digits is noise).
MAX_DECIMALS = 20
_TABLE_CSS = (
    "<style>"
    ".ecommod-table{overflow-x:auto;max-width:100%}"
    ".ecommod-table table{border-collapse:collapse;font-size:0.85em;width:auto}"
    ".ecommod-table th,.ecommod-table td{white-space:normal;overflow-wrap:break-word;"
    "vertical-align:top;text-align:left;padding:0.25em 0.5em;border-bottom:1px solid #ddd;"
    "min-width:4.5em}"
    ".ecommod-table td.num{text-align:right;white-space:nowrap;min-width:0}"
    ".ecommod-table td.text{min-width:14em}"
    ".ecommod-table caption{caption-side:top;text-align:left;font-weight:bold}"
    "</style>"
)


RECORD_CSS = (
    "<style>"
    ".ecommod-record{border-top:1px solid #ddd;padding:0.4em 0;font-size:0.9em}"
    ".ecommod-record p{margin:0 0 0.2em 0}"
    ".ecommod-record dl{display:grid;grid-template-columns:minmax(6em,max-content) 1fr;"
    "gap:0.1em 0.8em;margin:0}"
    ".ecommod-record dt{color:#555;font-weight:normal}"
    ".ecommod-record dd{margin:0;overflow-wrap:anywhere}"
    "</style>"
)


#: Words the tables write themselves (booleans, the default headings).
YES, NO = t("yes", "是"), t("no", "否")
#: The source of an assumed parameter (:func:`assumption`'s default).
ASSUMED = t("assumption", "假设")


def is_missing(value) -> bool:
    """None, NaN, NaT or pandas' NA: a cell with no value."""
    import pandas as pd

    return value is None or bool(pd.isna(value))


def _check_decimals(name: str, decimals) -> int:
    return validate.integer(name, decimals, 0, MAX_DECIMALS)


def _check_shown_number(name: str, value, missing: bool) -> None:
    """A finite real number; with ``missing``, also a missing value or an infinity (a table's
    cell). Text and bools are refused; so is a missing or infinite number that a sentence would
    show, where "—" or "∞" would hide a failed computation."""
    if missing and (is_missing(value) or isinstance(value, Real) and not isinstance(value, bool)):
        return
    if not missing and (is_missing(value) or isinstance(value, Real) and not math.isfinite(value)):
        raise ValueError(
            f"{name} must be a finite number (missing=True shows a missing value as "
            f"{MISSING}, as a table's cell), got {value!r}"
        )
    validate.number(name, value)  # raises, naming the value


def _check_optional_text(name: str, value) -> None:
    if value is not None:
        validate.text(name, value, allow_empty=True)


def _check_frame(name: str, frame) -> None:
    import pandas as pd

    validate.instance(name, frame, pd.DataFrame, "a pandas DataFrame")


def _check_decimals_option(decimals) -> None:
    """One number of decimals, or a mapping of column names to numbers of decimals."""
    if isinstance(decimals, Mapping):
        for column, places in decimals.items():
            _check_decimals(f"decimals[{column!r}]", places)
    else:
        _check_decimals("decimals", decimals)


def format_number(
    value, decimals: int = DEFAULT_DECIMALS, *, signed: bool = False, missing: bool = False
) -> str:
    """``value`` with thousands separators and ``decimals`` decimals. A missing or infinite
    value is refused unless ``missing`` (a table's cell: "—", "∞").

    >>> format_number(27898.0, 0), format_number(7.25, 1), format_number(None, missing=True)
    ('27,898', '7.2', '—')
    """
    validate.flag("missing", missing)
    _check_shown_number("value", value, missing)
    _check_decimals("decimals", decimals)
    validate.flag("signed", signed)
    if is_missing(value):
        return MISSING
    number = float(value)
    if math.isinf(number):
        return "∞" if number > 0 else "−∞"
    text = f"{number:+,.{decimals}f}" if signed else f"{number:,.{decimals}f}"
    if float(text.replace(",", "")) == 0 and number != 0:
        # Never a zero that hides a non-zero value: "< 0.01", "> -0.01".
        return (
            f"< {10**-decimals:.{decimals}f}" if number > 0 else f"> -{10**-decimals:.{decimals}f}"
        )
    # Avoid "-0.0" for a value that is zero.
    return text.replace("-", "").replace("+", "") if float(text.replace(",", "")) == 0 else text


def direction(value, decimals: int, *, up: str, down: str, unchanged: str) -> str:
    """The word a sentence needs for the sign of ``value`` as the reader sees it at ``decimals``.

    Prose that says "rose" or "fell" is computed, so a changed parameter cannot make it false:

    >>> direction(0.8, 1, up="rose", down="fell", unchanged="did not change")
    'rose'
    >>> direction(-0.04, 1, up="rose", down="fell", unchanged="did not change")
    'did not change'
    """
    validate.number("value", value)
    _check_decimals("decimals", decimals)
    for name, word in (("up", up), ("down", down), ("unchanged", unchanged)):
        validate.text(name, word)
    shown = round(float(value), decimals)
    return up if shown > 0 else down if shown < 0 else unchanged


#: Below this a p-value is written "< 0.0001" (its digits say nothing more).
SMALLEST_P_SHOWN = 0.0001


def format_p_value(p) -> str:
    """A p-value as a reader sees it: 3 decimals, 4 below 0.001, "< 0.0001" below 0.0001.

    >>> format_p_value(0.0421), format_p_value(0.00042), format_p_value(3e-9)
    ('0.042', '0.0004', '< 0.0001')
    """
    validate.in_range("p", p, 0.0, 1.0)
    if p < SMALLEST_P_SHOWN:
        return f"< {SMALLEST_P_SHOWN}"
    return f"{p:.4f}" if p < 0.001 else f"{p:.3f}"


def glue_number(name: str, value, decimals: int = DEFAULT_DECIMALS, **options) -> None:
    """Glue ``value`` for prose (`` {eval}`prose.name` ``) as the text a reader sees
    (format_number: a finite number, since a sentence cannot show a missing one)."""
    validate.text("name", name)
    glue_text(name, format_number(value, decimals, **options))


def glue_text(name: str, text: str) -> None:
    """Glue a short text (a model name, a list of years) for prose: `` {eval}`prose.name` ``,
    and its Chinese twin (ecommod/language.py) for the Chinese cell: `` {eval}`prose_zh.name` ``.

    The book reads it from the cell's output (the twin under ``name`` + ``__zh`` when it
    differs); JupyterLab from :data:`ecommod.prose.prose` and :data:`ecommod.prose.prose_zh`.
    """
    from ecommod import language
    from ecommod.prose import CHINESE_GLUE_SUFFIX, prose, prose_zh

    validate.text("name", name)
    if not name.isidentifier():
        raise ValueError(
            f"glue name must be a Python identifier (prose.{name} is read), got {name!r}"
        )
    if not isinstance(text, str):
        raise TypeError(f"text for glue {name!r} must be a str, got {type(text).__name__}")
    try:
        chinese = language.chinese_of(text)
    except language.Untranslated as error:
        raise language.Untranslated(f"glue {name!r}: {error}") from None
    prose.record(name, text)
    prose_zh.record(name, chinese)
    _glue_hidden(name, text)
    if chinese != text:
        _glue_hidden(name + CHINESE_GLUE_SUFFIX, chinese)


def _glue_hidden(name: str, text: str) -> None:
    """What ``myst_nb.glue(name, Markdown(text), display=False)`` displays, without importing
    myst_nb's glue module: it imports nbformat, whose JSON-schema checker builds an IRI grammar
    (about 1 s in every kernel; issue 17)."""
    from IPython.core.formatters import format_display_data
    from IPython.display import Markdown, display

    prefix = "application/papermill.record/"  # myst_nb.ext.glue.GLUE_PREFIX
    bundle, metadata = format_display_data(Markdown(text))
    metadata["scrapbook"] = {"name": name, "mime_prefix": prefix}
    display({prefix + k: v for k, v in bundle.items()}, raw=True, metadata=metadata)


def _column_decimals(column: pd.Series, decimals: int) -> int:
    import numpy as np

    values = column.dropna().to_numpy(dtype=float)
    if values.size and np.all(values == np.round(values)) and np.all(np.abs(values) < 1e15):
        return 0
    return decimals


def table(
    frame: pd.DataFrame,
    *,
    decimals: int | Mapping[str, int] = DEFAULT_DECIMALS,
    index: bool | None = None,
    caption: str | None = None,
):
    """``frame`` as a reader-ready HTML table (an ``IPython.display.HTML`` object).

    ``decimals`` is one number for every float column or a mapping by column name (others take
    :data:`DEFAULT_DECIMALS`); a float column whose values are all whole shows no decimals.
    ``index`` shows the index (default: only when it has a name, such as "year"; a plain
    0, 1, 2 … index is never shown). Columns named "year" … show no thousands separator.
    """
    import pandas as pd
    from IPython.display import HTML

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    _check_decimals_option(decimals)
    if index is not None:
        validate.flag("index", index)
    _check_optional_text("caption", caption)
    show_index = (frame.index.name is not None) if index is None else index
    shown = frame.reset_index() if show_index else frame.reset_index(drop=True)
    formatted, numeric, long_text = _format_columns(shown, decimals)
    classes = {**{c: ' class="num"' for c in numeric}, **{c: ' class="text"' for c in long_text}}
    return InLanguages(
        lambda language: HTML(_html_table(formatted, classes, caption, numeric, language))
    )


def _format_columns(shown: pd.DataFrame, decimals: int | Mapping[str, int]):
    """Every cell as the text a reader sees; also the numeric and the long-text columns."""
    import pandas as pd

    formatted = pd.DataFrame(index=shown.index)
    numeric, long_text = [], []
    for column in shown.columns:
        values = shown[column]
        if pd.api.types.is_bool_dtype(values):
            formatted[column] = values.map(
                lambda v: MISSING if is_missing(v) else (YES if v else NO)
            )
        elif pd.api.types.is_numeric_dtype(values):
            wanted = (
                decimals.get(column, DEFAULT_DECIMALS)
                if isinstance(decimals, Mapping)
                else decimals
            )
            places = _column_decimals(values, wanted)
            formatted[column] = values.map(lambda v, p=places: format_number(v, p, missing=True))
            if str(column).lower().startswith("year"):
                formatted[column] = formatted[column].map(lambda text: text.replace(",", ""))
            numeric.append(column)
        else:
            formatted[column] = values.map(
                lambda v: MISSING if is_missing(v) or v == "" else str(v)
            )
            if formatted[column].map(len).max() > LONG_TEXT:  # NaN for no rows: not long
                long_text.append(column)
    return formatted, numeric, long_text


def record_list(
    frame: pd.DataFrame,
    heading: list[str],
    *,
    decimals: int | Mapping[str, int] = DEFAULT_DECIMALS,
    caption: str | None = None,
):
    """``frame`` as one block per row, for rows with many long fields (a claims table): the
    ``heading`` columns on one line, every other column as a labelled line below; a field
    that is "—" is left out, in the heading too. Reads on a phone where a ten-column table
    cannot. Deterministic HTML."""

    from IPython.display import HTML

    _check_frame("frame", frame)
    if not isinstance(heading, list | tuple) or not all(isinstance(c, str) for c in heading):
        raise TypeError(f"heading must be a list of column names, got {heading!r}")
    _check_decimals_option(decimals)
    _check_optional_text("caption", caption)
    missing = [column for column in heading if column not in frame.columns]
    if missing:
        raise ValueError(f"heading names column(s) {missing} not in frame {list(frame.columns)}")
    formatted, numeric, _ = _format_columns(frame.reset_index(drop=True), decimals)
    return InLanguages(
        lambda language: HTML(_record_html(formatted, heading, caption, numeric, language))
    )


def _record_html(formatted, heading, caption, numeric, language: str) -> str:
    from html import escape

    def cell(row, column) -> str:
        value = row[column]
        return escape(value if column in numeric else translate(value, language))

    fields = [column for column in formatted.columns if column not in heading]
    blocks = []
    for _, row in formatted.iterrows():
        head = " · ".join(cell(row, column) for column in heading if row[column] != MISSING)
        lines = "".join(
            f"<dt>{escape(translate(str(column), language))}</dt><dd>{cell(row, column)}</dd>"
            for column in fields
            if row[column] != MISSING
        )
        blocks.append(
            f'<div class="ecommod-record"><p><strong>{head}</strong></p><dl>{lines}</dl></div>'
        )
    caption_html = (
        f'<p class="ecommod-caption"><strong>{escape(translate(caption, language))}</strong></p>'
        if caption
        else ""
    )
    return f'{RECORD_CSS}<div class="ecommod-records">{caption_html}{"".join(blocks)}</div>'


def _html_table(
    formatted: pd.DataFrame,
    classes: Mapping[str, str],
    caption: str | None,
    numeric: list,
    language: str,
) -> str:
    """The table's HTML in ``language``: headings and text cells translated, numbers as they are."""
    from html import escape

    head = "".join(f"<th>{escape(translate(str(c), language))}</th>" for c in formatted.columns)
    rows = []
    for values in formatted.itertuples(index=False):
        cells = "".join(
            f"<td{classes.get(column, '')}>"
            f"{escape(v if column in numeric else translate(v, language))}</td>"
            for column, v in zip(formatted.columns, values, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    caption_html = f"<caption>{escape(translate(caption, language))}</caption>" if caption else ""
    return (
        f'{_TABLE_CSS}<div class="ecommod-table"><table>{caption_html}'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def interactive_table(
    frame: pd.DataFrame,
    table_id: str,
    *,
    caption: str | None = None,
    allow_html: bool = False,
    page_length: int = 10,
):
    """A sortable, filterable table (itables, offline) with a stable id; missing shown as "—".

    A click anywhere on a column title sorts by it. ``allow_html`` keeps the cells' HTML (links):
    only for a frame whose text the caller has escaped. The notebook must call
    ``itables.init_notebook_mode(connected=False)`` once, so that the DataTables bundle is in its
    output and the page loads nothing from the network.
    """
    import itables
    import pandas as pd
    from IPython.display import HTML

    _check_frame("frame", frame)
    validate.text("table_id", table_id)
    _check_optional_text("caption", caption)
    validate.flag("allow_html", allow_html)
    validate.integer("page_length", page_length, 1, 1000)
    shown = frame.astype(object).where(frame.notna(), MISSING)
    text_columns = [
        position
        for position, (_, column) in enumerate(frame.items())
        if not pd.api.types.is_numeric_dtype(column)
    ]

    def html(language: str):
        translated = shown.copy()
        for position in text_columns:
            translated.iloc[:, position] = translated.iloc[:, position].map(
                lambda v: translate(v, language) if isinstance(v, str) else v
            )
        translated.columns = [translate(str(c), language) for c in shown.columns]
        # One id per language (the English one as before): a kernel showing both editions'
        # tables keeps them apart.
        key = table_id if language == "en" else f"{table_id}/{language}"
        digest = hashlib.sha256(key.encode()).hexdigest()[:8]
        return HTML(
            itables.to_html_datatable(
                translated,
                caption=translate(caption, language) if caption else None,
                table_id=f"itables_{digest}",
                connected=False,
                showIndex=False,
                allow_html=allow_html,
                order=[],
                pageLength=page_length,
                lengthMenu=[10, 25, 100],
                classes="display compact",
                autoWidth=False,
                scrollX=True,
                # A click anywhere on a column title sorts (not only on its small arrow).
                text_in_header_can_be_selected=False,
            )
        )

    return InLanguages(html)


def markdown(text: str):
    """Markdown that code writes (a finding, a notice), shown in each output language: ``text``
    is the English, its Chinese twin made with :func:`ecommod.language.t`."""
    from IPython.display import Markdown

    validate.text("text", text)
    return InLanguages(lambda language: Markdown(translate(text, language)))


def external_notice(name: str) -> str:
    """A MyST admonition (Markdown) saying a third-party dataset is missing or differs; "" if not.

    The text names the file, its publisher and how to obtain it, never a local path.
    """
    from ecommod import data

    status = data.external_status(validate.text("name", name))
    if status.state == "identical":
        return ""
    kind = "warning" if status.state == "differs" else "note"
    heading = (
        t("differs from the declared copy", "与声明的副本不同")
        if status.state == "differs"
        else t("not available", "不可用")
    )
    english = (
        f":::{{admonition}} Third-party data {heading}\n:class: {kind}\n{status.notice}\n:::\n"
    )
    register(
        english,
        f":::{{admonition}} 第三方数据{chinese_of(heading)}\n:class: {kind}\n"
        f"{chinese_of(status.notice)}\n:::\n",
    )
    return english


def assumption(
    default,
    unit: str,
    meaning: str,
    source: str = "assumption",
    *,
    plausible: tuple[float, float, str] | None = None,
):
    """A dataclass field that documents itself: unit, meaning and source (a claim id, a
    citation key, or "assumption"), and for an assumed number its plausible range
    ``(low, high, source or reason)``, over which the claim checks evaluate the claims
    (``claims.plausible_grid``). :func:`assumptions_table` shows them to the reader.

    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class Loan:
    ...     rate: float = assumption(
    ...         0.06, "fraction per year", "loan interest rate",
    ...         plausible=(0.04, 0.12, "bank SME loan rates"))
    """
    from dataclasses import field

    metadata = {"unit": unit, "meaning": meaning, "source": source}
    if plausible is not None:
        low, high, reason = plausible
        if not (
            isinstance(low, int | float)
            and isinstance(high, int | float)
            and math.isfinite(low)
            and math.isfinite(high)
            and low < high
        ):
            raise ValueError(
                f"plausible must be (low, high, reason) with low < high, got {plausible!r}"
            )
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError(
                f"plausible needs a source or reason as its third item, got {reason!r}"
            )
        if isinstance(default, int | float) and not isinstance(default, bool):
            if not low <= default <= high:
                raise ValueError(
                    f"default {default!r} lies outside its plausible range {low:g}–{high:g}"
                )
        metadata["plausible"] = (low, high, reason)
    return field(default=default, metadata=metadata)


def format_value(
    value, max_decimals: int = 6, *, thousands: bool = True, missing: bool = False
) -> str:
    """A parameter value as written: every decimal it has (up to ``max_decimals``), thousands
    separators (unless ``thousands`` is False, as for years), "yes"/"no" for booleans,
    sequences joined with commas, text as it is. A missing or infinite number is refused unless
    ``missing`` ("—", "∞": an assumption with no value, an open-ended range).

    >>> format_value(0.35), format_value(500000), format_value(1e-4), format_value((1, 2.5))
    ('0.35', '500,000', '0.0001', '1, 2.5')
    """
    _check_decimals("max_decimals", max_decimals)
    validate.flag("thousands", thousands)
    validate.flag("missing", missing)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(
            format_value(item, max_decimals, thousands=thousands, missing=missing) for item in value
        )
    if isinstance(value, str):
        return value
    _check_shown_number("value", value, missing)
    if is_missing(value):
        return MISSING
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    separator = "," if thousands else ""
    text = f"{float(value):{separator}.{max_decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _is_calendar_year(unit: str) -> bool:
    """A unit that names a year (2024), written without a thousands separator; "yuan per year"
    and "years" (a duration) are not."""
    return unit.strip().lower() in {"year", "calendar year"}


def assumptions_table(parameters) -> pd.DataFrame:
    """The reader's table of a parameters dataclass built with :func:`assumption` fields:
    parameter, value (as text, every decimal it has: 0.35 stays 0.35; years without a thousands
    separator), unit, meaning and source, in field order. Pass it to :func:`table`."""
    import dataclasses

    import pandas as pd

    if not dataclasses.is_dataclass(parameters) or isinstance(parameters, type):
        raise TypeError(f"parameters must be a dataclass instance, got {type(parameters).__name__}")
    rows = []
    for item in dataclasses.fields(parameters):
        meta = item.metadata
        if "unit" not in meta:
            raise ValueError(
                f"{type(parameters).__name__}.{item.name} is not documented: declare it with "
                "present.assumption(default, unit, meaning, source)"
            )
        thousands = not _is_calendar_year(meta["unit"])
        rows.append(
            {
                t("parameter", "参数"): _field_name(item.name),  # a name in the code: as written
                t("value", "取值"): format_value(
                    getattr(parameters, item.name), thousands=thousands, missing=True
                ),
                t("unit", "单位"): meta["unit"],
                t("plausible range", "合理范围"): _plausible_text(meta, thousands),
                t("meaning", "含义"): meta["meaning"],
                # "assumption", a source written with t() (its own twin), or a claim id or
                # citation key (written the same in Chinese).
                t("source", "来源"): meta["source"]
                if meta["source"] == ASSUMED or meta["source"] in twins()
                else t(meta["source"], meta["source"]),
            }
        )
    table = pd.DataFrame(rows)
    if (table["plausible range"] == MISSING).all():
        table = table.drop(columns="plausible range")
    return table


def _field_name(name: str) -> str:
    """A parameter's name, written the same in Chinese unless the word already has a twin (a
    threshold named after a stage, "infrastructure", reads 基础设施 there too)."""
    from ecommod.language import Untranslated

    try:
        translate(name, "zh")
    except Untranslated:
        keep_as_written(name)
    return name


def _plausible_text(meta, thousands: bool) -> str:
    """ "low–high (reason)" for a field with a declared plausible range, else "—"."""
    if "plausible" not in meta:
        return MISSING
    low, high, reason = meta["plausible"]
    return t(
        "{low}–{high} ({reason})",
        "{low}–{high}（{reason}）",
        low=format_value(low, thousands=thousands, missing=True),
        high=format_value(high, thousands=thousands, missing=True),
        reason=reason,
    )
