"""Two languages from one execution: every text that code shows, in English and in Chinese (中文).

The book has an English and a Chinese edition built from one execution of each notebook, so both
show the same numbers. Prose that a notebook's markdown writes has a twin cell in the other
language; text that *code* writes (glued sentences, notices, table headings, figure titles, axis
labels, legends) is written once in each language where it is made::

    ax.set(title=t("Online retail sales", "网上零售额"), xlabel=t("year", "年份"))
    glue_text("chow_reading", t("is rejected at the 5% level", "在 5% 水平上被拒绝"))
    t("on the {year} basis", "以 {year} 年为基期", year=ANCHOR_YEAR)

:func:`t` returns the English text (so pandas, matplotlib and f-strings work as before) and keeps
its Chinese twin in this kernel's catalogue. What shows text (:mod:`ecommod.present`,
:func:`ecommod.plotting.show`) then shows it in each output language, looking each text up with
:func:`translate`; a text with English words and no Chinese twin is an error naming it, so the
Chinese edition cannot show English by accident. Numbers, years and symbols need no twin, nor do
the names in :data:`KEPT_AS_WRITTEN` (written the same in both languages).

The output languages of a kernel are :envvar:`ECOMMOD_LANGUAGE` (``en``, ``zh`` or ``en,zh``;
default ``en``) or what :func:`use` sets. The book's build executes with ``en,zh``: each output
carries its language in its metadata (:data:`METADATA_KEY`) and each edition shows its own.
"""

from __future__ import annotations

import contextlib
import os
import re

LANGUAGES = ("en", "zh")
#: The environment variable that chooses the output languages: "en", "zh" or "en,zh".
LANGUAGE_ENV_VAR = "ECOMMOD_LANGUAGE"
#: What the book's build sets: every output in both languages.
BOTH = ",".join(LANGUAGES)
DEFAULT = "en"
#: Output metadata: ``{"ecommod": {"language": "zh"}}`` marks an output of one edition.
METADATA_KEY = "ecommod"
#: Names, symbols and abbreviations written the same in Chinese text (no twin needed).
KEPT_AS_WRITTEN = frozenset(
    {
        "AIC",
        "AICc",
        "BIC",
        "CI",
        "CR1",
        "CR2",
        "DFIIC",
        "GDP",
        "GMM",
        "HAC",
        "IQR",
        "IV",
        "LGD",
        "MC",
        "NBS",
        "OLS",
        "PD",
        "PKU",
        "RMB",
        "SME",
        "SMEs",
        "USD",
        "CNY",
        "Gini",
        "Theil",
        "Dagum",
        "Chow",
        "Newey",
        "West",
        "Logit",
        "Probit",
        "AUC",
        "ROC",
        "VaR",
        "CVaR",
        "ARIMA",
        "Bass",
        "Gompertz",
        "Moran",
        "Wald",
        "Kaplan",
        "Meier",
        "Bootstrap",
        "Rademacher",
        "Monte",
        "Carlo",
        "Hodrick",
        "Prescott",
        "km",
        "kg",
        "pp",
        "vs",
        "log",
        "logit",
        "ln",
        "exp",
        "max",
        "min",
        "sd",
        "se",
        "df",
        "n",
        "N",
        "R2",
        "Alibaba",
        "JD",
        "Pinduoduo",
        "Douyin",
        "Taobao",
        "Tmall",
        "Ant",
        "MYbank",
        "WeBank",
        "Alipay",
        "WeChat",
        "Pay",
        "SWIFT",
        "CIPS",
        "FX",
        "LPR",
        "SHIBOR",
        "PBoC",
        "CSRC",
        "MOFCOM",
        "CAICT",
        "CNNIC",
        "iResearch",
        "GMV",
        "B2B",
        "B2C",
        "C2C",
        "O2O",
        "API",
        "AI",
        "IoT",
        "ID",
        "SHEIN",
        "DHL",
        "PayPal",
        "GB",
        "MB",
        "Markdown",
        "PDF",
        "CSV",
        "URL",
        "DOI",
        "HTML",
        "JSON",
        "Excel",
        "ISBN",
        "ISSN",
        "MAPE",
        "RMSE",
        "MAE",
        "LTV",
        "NPV",
        "IRR",
        "CCC",
        "VIF",
    }
)
_LETTERS = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*")
_chinese: dict[str, str] = {}
#: The twins registered while each :func:`recording` is open.
_recordings: list[dict[str, str]] = []
_chosen: tuple[str, ...] | None = None


class Untranslated(ValueError):
    """A text with English words that has no Chinese twin (write it with :func:`t`)."""


def _check_language(name: str, language) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"{name} must be one of {', '.join(LANGUAGES)}, got {language!r}")
    return language


def _parse(value: str, where: str) -> tuple[str, ...]:
    languages = tuple(part.strip() for part in value.split(",") if part.strip())
    if not languages or len(set(languages)) != len(languages):
        raise ValueError(f"{where} must be en, zh or en,zh, got {value!r}")
    for language in languages:
        _check_language(where, language)
    return languages


def output_languages() -> tuple[str, ...]:
    """The languages this kernel shows its outputs in: :func:`use`, else the environment."""
    if _chosen is not None:
        return _chosen
    return _parse(os.environ.get(LANGUAGE_ENV_VAR, DEFAULT), LANGUAGE_ENV_VAR)


def use(languages: str) -> None:
    """Show this kernel's outputs in ``languages`` ("en", "zh" or "en,zh") from now on.

    A chapter's first cell can call it (``language.use("zh")``) to read its tables and figures in
    Chinese in JupyterLab; the markdown has both languages whatever this says.
    """
    global _chosen
    if not isinstance(languages, str):
        raise TypeError(f"languages must be a str such as 'zh' or 'en,zh', got {languages!r}")
    _chosen = _parse(languages, "languages")


def is_neutral(text: str) -> bool:
    """Whether ``text`` reads the same in both languages: no English word in it (numbers, years,
    symbols, Chinese, codes such as the claim id S1-14 or the parameter ``advance_rate``, and
    the names of :data:`KEPT_AS_WRITTEN` only)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}: {text!r}")
    return all(
        word in KEPT_AS_WRITTEN
        or len(word) == 1
        or any(c.isdigit() or c == "_" for c in word)  # a code or an identifier
        for word in _words(text)
    )


def _words(text: str) -> list[str]:
    return [part for word in _LETTERS.findall(text) for part in word.split("-")]


#: The texts that :func:`keep_as_written` made their own twin, until a module gives one.
_as_written: set[str] = set()


def register(english: str, chinese: str) -> None:
    """Keep ``chinese`` as the twin of ``english`` (what :func:`t` does); a different twin for
    the same English text is an error naming both (one text, one translation)."""
    for name, value in (("english", english), ("chinese", chinese)):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a str, got {type(value).__name__}: {value!r}")
    known = _chinese.get(english)
    if known is not None and known != chinese and english not in _as_written:
        raise ValueError(
            f"{english!r} already has the Chinese twin {known!r}; it cannot also be {chinese!r} "
            "(write a different English text, or use the same Chinese)"
        )
    _chinese[english] = chinese
    _as_written.discard(english)
    for recorded in _recordings:
        recorded[english] = chinese


def keep_as_written(text: str) -> None:
    """``text`` (a name in the code, such as a parameter's) reads the same in Chinese until a
    module gives it a twin, which then replaces it: whichever runs first, ``t("term", "期限")``
    is not refused because a table showed a parameter named ``term`` before it."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}: {text!r}")
    if text not in _chinese:
        register(text, text)
        _as_written.add(text)


def twins_of(value) -> dict[str, str]:
    """The twins of the texts inside ``value`` (texts, mappings, sequences, dataclasses, pandas
    objects' text columns, index and attributes), as this kernel knows them."""
    found: dict[str, str] = {}
    stack, seen = [value], set()
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if item in _chinese:
                found[item] = _chinese[item]
            continue
        if id(item) in seen or item is None or isinstance(item, int | float | bool):
            continue
        seen.add(id(item))
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
        elif hasattr(item, "__dataclass_fields__"):
            stack.extend(getattr(item, name) for name in item.__dataclass_fields__)
        elif type(item).__module__.startswith("pandas"):
            stack.append(getattr(item, "attrs", {}))
            for labels in ("index", "columns"):
                if hasattr(item, labels):
                    stack.extend(getattr(item, labels).tolist())
            if hasattr(item, "select_dtypes"):  # a DataFrame: its text columns
                stack.extend(item.select_dtypes(exclude="number").to_numpy().ravel().tolist())
            elif hasattr(item, "dtype") and item.dtype.kind not in "biufcmM":
                stack.extend(item.tolist())
    return found


@contextlib.contextmanager
def recording():
    """Collect the twins registered (by :func:`t` or :func:`register`) inside the block, in a
    dict: what a result computed there needs to be shown in Chinese (ecommod/cache.py keeps them
    with a cached result)."""
    recorded: dict[str, str] = {}
    _recordings.append(recorded)
    try:
        yield recorded
    finally:  # by identity: two recordings with the same twins are equal dicts
        _recordings[:] = [open_ for open_ in _recordings if open_ is not recorded]


class AsWritten:
    """A name written the same in both languages (a file, a sheet, a column, an address, a
    digest), to fill a field of :func:`t`: not text, so it fills the Chinese as it is and is not
    registered as its own twin (a column name may have a Chinese twin as a heading elsewhere)."""

    def __init__(self, text: str) -> None:
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {type(text).__name__}: {text!r}")
        self.text = text

    def __format__(self, spec: str) -> str:
        return format(self.text, spec)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"AsWritten({self.text!r})"


def twins() -> dict[str, str]:
    """Every English text with a Chinese twin in this kernel (a copy), English → Chinese."""
    return dict(_chinese)


def t(en: str, zh: str, /, **values) -> str:
    """The English text ``en``; ``zh`` is kept as its Chinese twin (see the module's doc).

    ``values`` fill ``{name}`` fields in both texts; a value that is text is filled with its own
    twin in the Chinese one.

    >>> t("on the {year} basis", "以 {year} 年为基期", year=2024)
    'on the 2024 basis'
    >>> translate("on the 2024 basis", "zh")
    '以 2024 年为基期'
    """
    for name, value in (("en", en), ("zh", zh)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{name} must be a non-empty text, got {value!r}")
    english = en.format(**values) if values else en
    chinese = (
        zh.format(**{k: chinese_of(v) if isinstance(v, str) else v for k, v in values.items()})
        if values
        else zh
    )
    register(english, chinese)
    return english


def chinese_of(text: str) -> str:
    """The Chinese twin of ``text`` for a kernel that may show only English: as
    :func:`translate`, but a text without a twin stays English unless Chinese is an output
    language of this kernel (then it raises :class:`Untranslated`)."""
    try:
        return translate(text, "zh")
    except Untranslated:
        if "zh" in output_languages():
            raise
        return text


def translate(text: str, language: str) -> str:
    """``text`` in ``language``: itself in English, its twin in Chinese (see :func:`t`).

    A text without English words is its own twin; one with English words and no twin raises
    :class:`Untranslated` naming it.
    """
    _check_language("language", language)
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}: {text!r}")
    if language == "en":
        return text
    if text in _chinese:
        return _chinese[text]
    if is_neutral(text):
        return text
    raise Untranslated(
        f"{text!r} has no Chinese twin: write it as t({text!r}, '<中文>') where it is made "
        "(ecommod/language.py)"
    )


def output_metadata(language: str) -> dict:
    """The metadata that marks an output as belonging to the edition in ``language``."""
    return {METADATA_KEY: {"language": _check_language("language", language)}}


class InLanguages:
    """Something to show once per output language: ``make(language)`` gives what to display.

    Each output language's object is made at once, where the cell calls this (so a text without
    a Chinese twin stops that cell with :class:`Untranslated`, rather than inside IPython's
    display, which would only print the error). Displayed (as a cell's last value or with
    ``display``), it shows one output per language, each marked with its language
    (:func:`output_metadata`).
    """

    def __init__(self, make) -> None:
        if not callable(make):
            raise TypeError(f"make must be a callable of the language, got {make!r}")
        self._make = make
        self._shown = {language: make(language) for language in output_languages()}

    def in_language(self, language: str):
        """What is shown in ``language``."""
        _check_language("language", language)
        if language not in self._shown:
            self._shown[language] = self._make(language)
        return self._shown[language]

    @property
    def data(self):
        """The data of the first output language's object (its HTML, Markdown …)."""
        return self.in_language(next(iter(self._shown))).data

    def _ipython_display_(self) -> None:
        from IPython.display import display

        for language, shown in self._shown.items():
            display(shown, metadata=output_metadata(language))
