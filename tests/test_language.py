"""Two languages from one execution (ecommod/language.py): twins, translation, output languages."""

from __future__ import annotations

import pytest

from ecommod import language
from ecommod.language import InLanguages, Untranslated, register, t, translate


@pytest.fixture(autouse=True)
def fresh_kernel(monkeypatch):
    """An empty catalogue of twins and no language chosen with use(), as in a new kernel; the
    output languages come from the environment (unset: the default)."""
    monkeypatch.setattr(language, "_chinese", {})
    monkeypatch.setattr(language, "_as_written", set())
    monkeypatch.setattr(language, "_chosen", None)
    monkeypatch.delenv(language.LANGUAGE_ENV_VAR, raising=False)


# --- t and register: one English text, one Chinese twin ---


def test_t_returns_the_english_and_keeps_its_chinese_twin():
    assert t("Online retail sales", "网上零售额") == "Online retail sales"
    assert translate("Online retail sales", "en") == "Online retail sales"
    assert translate("Online retail sales", "zh") == "网上零售额"


def test_t_fills_fields_in_both_texts_and_a_text_value_with_its_twin():
    t("provinces", "省份")
    english = t(
        "{count:,} {what} on the {year} basis",
        "以 {year} 年为基期的 {count:,} 个{what}",
        count=1234,
        what="provinces",
        year=2024,
    )
    assert english == "1,234 provinces on the 2024 basis"
    assert translate(english, "zh") == "以 2024 年为基期的 1,234 个省份"


def test_a_text_value_without_a_twin_is_an_error_where_chinese_is_shown(monkeypatch):
    monkeypatch.setenv(language.LANGUAGE_ENV_VAR, "en,zh")
    with pytest.raises(Untranslated, match="'cities'"):
        t("{n} {what}", "{n} 个{what}", n=3, what="cities")


def test_a_text_value_without_a_twin_stays_english_where_only_english_is_shown():
    assert t("{n} {what}", "{n} 个{what}", n=3, what="cities") == "3 cities"
    assert translate("3 cities", "zh") == "3 个cities"


@pytest.mark.parametrize(("en", "zh"), [("", "空"), ("text", ""), ("   ", "空"), (None, "空")])
def test_t_refuses_an_empty_text(en, zh):
    with pytest.raises(ValueError, match="must be a non-empty text"):
        t(en, zh)


def test_the_same_twin_may_be_registered_again():
    t("level (亿元)", "水平（亿元）")
    register("level (亿元)", "水平（亿元）")
    assert translate("level (亿元)", "zh") == "水平（亿元）"


def test_a_second_different_twin_is_an_error_naming_both():
    t("is rejected", "被拒绝")
    with pytest.raises(ValueError, match="already has the Chinese twin '被拒绝'") as error:
        t("is rejected", "被否定")
    assert "'is rejected'" in str(error.value) and "'被否定'" in str(error.value)
    assert translate("is rejected", "zh") == "被拒绝", "the first twin is kept"


def test_a_name_kept_as_written_yields_to_a_twin_given_later():
    """A table showed a parameter named ``term`` before a module's ``t("term", "期限")`` ran
    (the order of a test run, or of a reader's cells): the twin replaces the name."""
    language.keep_as_written("term")
    assert translate("term", "zh") == "term"
    assert t("term", "期限") == "term"
    assert translate("term", "zh") == "期限"
    language.keep_as_written("term")  # a name that has a twin keeps it
    assert translate("term", "zh") == "期限"
    with pytest.raises(ValueError, match="already has the Chinese twin '期限'"):
        t("term", "条款")


def test_twins_are_a_copy_of_the_catalogue():
    t("year", "年份")
    known = language.twins()
    assert known == {"year": "年份"}
    known["year"] = "年"
    assert translate("year", "zh") == "年份"


@pytest.mark.parametrize(("english", "chinese"), [(1, "一"), ("one", 1), (b"one", "一")])
def test_register_refuses_what_is_not_text(english, chinese):
    with pytest.raises(TypeError, match="must be a str"):
        register(english, chinese)


# --- translate: twins, neutral text, and untranslated text named ---


@pytest.mark.parametrize(
    "neutral",
    [
        "2024",
        "15.2 万亿元",
        "2,710.5",
        "—",
        "< 0.0001",
        "x",  # a single letter is a symbol
        "R2 = 0.81",
        "β = 0.35 (p < 0.01)",
        "网上零售额",
        "",
        "Gini",
        "AICc",
        "PKU-DFIIC",  # split at the hyphen: PKU and DFIIC are kept as written
        "Newey-West HAC",
        "Chow (2018)",
        "log(GDP)",
        "Alibaba, JD, Pinduoduo",
    ],
)
def test_text_without_english_words_is_its_own_twin(neutral):
    assert language.is_neutral(neutral)
    assert translate(neutral, "zh") == neutral
    assert translate(neutral, "en") == neutral


def test_every_name_kept_as_written_is_its_own_twin():
    for name in sorted(language.KEPT_AS_WRITTEN):
        assert translate(name, "zh") == name
    assert translate(" ".join(sorted(language.KEPT_AS_WRITTEN)), "zh")


@pytest.mark.parametrize(
    "english", ["year", "Online retail sales", "Gini index", "PKU-DFIIC provinces", "logs"]
)
def test_text_with_english_words_and_no_twin_is_untranslated_naming_it(english):
    assert not language.is_neutral(english)
    with pytest.raises(Untranslated) as error:
        translate(english, "zh")
    assert repr(english) in str(error.value) and "t(" in str(error.value)
    assert isinstance(error.value, ValueError)
    assert translate(english, "en") == english, "English needs no twin"


def test_a_twin_is_looked_up_by_the_whole_text():
    t("Online retail sales", "网上零售额")
    with pytest.raises(Untranslated, match="'Online retail sales, 2024'"):
        translate("Online retail sales, 2024", "zh")


@pytest.mark.parametrize("bad", ["fr", "zh_CN", "", None])
def test_translate_refuses_an_unknown_language(bad):
    with pytest.raises(ValueError, match="language must be one of en, zh"):
        translate("2024", bad)


def test_translate_refuses_what_is_not_text():
    with pytest.raises(TypeError, match="text must be a str"):
        translate(2024, "zh")


def test_chinese_of_is_english_only_where_chinese_is_not_shown(monkeypatch):
    assert language.chinese_of("year") == "year"
    monkeypatch.setenv(language.LANGUAGE_ENV_VAR, "zh")
    with pytest.raises(Untranslated, match="'year'"):
        language.chinese_of("year")
    t("year", "年份")
    assert language.chinese_of("year") == "年份"


# --- output languages: ECOMMOD_LANGUAGE and use() ---


def test_the_default_output_language_is_english():
    assert language.output_languages() == ("en",)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("en", ("en",)), ("zh", ("zh",)), ("en,zh", ("en", "zh")), (" zh , en ", ("zh", "en"))],
)
def test_output_languages_come_from_the_environment(monkeypatch, value, expected):
    monkeypatch.setenv(language.LANGUAGE_ENV_VAR, value)
    assert language.output_languages() == expected


@pytest.mark.parametrize("bad", ["fr", "en,en", ",", "", "en;zh", "EN"])
def test_an_unknown_output_language_in_the_environment_is_an_error_naming_it(monkeypatch, bad):
    monkeypatch.setenv(language.LANGUAGE_ENV_VAR, bad)
    with pytest.raises(ValueError, match=language.LANGUAGE_ENV_VAR):
        language.output_languages()


def test_use_chooses_the_output_languages_over_the_environment(monkeypatch):
    monkeypatch.setenv(language.LANGUAGE_ENV_VAR, "en")
    language.use("zh")
    assert language.output_languages() == ("zh",)
    language.use("en,zh")
    assert language.output_languages() == ("en", "zh")
    monkeypatch.setenv(language.LANGUAGE_ENV_VAR, "zh")
    assert language.output_languages() == ("en", "zh"), "use() stays chosen"


@pytest.mark.parametrize(
    ("bad", "error"), [("fr", ValueError), ("", ValueError), (["zh"], TypeError)]
)
def test_use_refuses_an_unknown_language_and_keeps_the_languages_chosen(bad, error):
    language.use("zh")
    with pytest.raises(error, match="languages"):
        language.use(bad)
    assert language.output_languages() == ("zh",)


def test_the_book_builds_with_both_languages():
    assert language.BOTH == "en,zh" and language.LANGUAGES == ("en", "zh")
    assert language.output_metadata("zh") == {"ecommod": {"language": "zh"}}
    with pytest.raises(ValueError, match="language must be one of"):
        language.output_metadata("fr")


# --- InLanguages: one output per output language, each marked with its language ---


@pytest.fixture
def shell():
    """IPython's shell, so that display() publishes outputs that capture_output records."""
    from IPython.core.interactiveshell import InteractiveShell

    return InteractiveShell.instance()


def shown(make, shell) -> list[tuple[str, dict]]:
    """The outputs that displaying ``InLanguages(make)`` publishes: (text/markdown, metadata)."""
    from IPython.display import display
    from IPython.utils.capture import capture_output

    with capture_output() as captured:
        display(InLanguages(make))
    return [(output.data["text/markdown"], output.metadata) for output in captured.outputs]


def markdown_in(english: str):
    from IPython.display import Markdown

    return lambda chosen: Markdown(translate(english, chosen))


@pytest.mark.parametrize(
    ("languages", "expected"),
    [
        ("en", [("Online retail sales", "en")]),
        ("zh", [("网上零售额", "zh")]),
        ("en,zh", [("Online retail sales", "en"), ("网上零售额", "zh")]),
    ],
)
def test_in_languages_shows_one_output_per_language_with_its_metadata(shell, languages, expected):
    language.use(languages)
    english = t("Online retail sales", "网上零售额")
    outputs = shown(markdown_in(english), shell)
    assert outputs == [
        (text, {language.METADATA_KEY: {"language": chosen}}) for text, chosen in expected
    ]


def test_an_untranslated_text_is_an_error_in_the_chinese_output():
    language.use("en")
    untranslated = InLanguages(markdown_in("Online retail sales"))
    assert untranslated.in_language("en").data == "Online retail sales"
    with pytest.raises(Untranslated, match="'Online retail sales'"):
        untranslated.in_language("zh")


def test_an_untranslated_text_stops_the_cell_that_makes_it(shell):
    """Every language's object is made where the cell makes the InLanguages, not inside
    IPython's display (whose formatter would only print the error and show the English)."""
    language.use("en,zh")
    with pytest.raises(Untranslated, match="'Online retail sales'"):
        shown(markdown_in("Online retail sales"), shell)


def test_in_languages_data_is_the_first_output_language():
    english = t("Online retail sales", "网上零售额")
    shown_now = InLanguages(markdown_in(english))
    assert shown_now.data == "Online retail sales"
    language.use("zh,en")  # the languages of an object are those when it was made
    assert shown_now.data == "Online retail sales"
    assert InLanguages(markdown_in(english)).data == "网上零售额"
    assert shown_now.in_language("en").data == "Online retail sales"
    with pytest.raises(ValueError, match="language must be one of"):
        shown_now.in_language("fr")


def test_in_languages_needs_a_callable():
    with pytest.raises(TypeError, match="make must be a callable"):
        InLanguages("网上零售额")


def test_recordings_nest_and_close_in_any_order_of_equal_contents():
    """A recording inside another (a cached result computed inside another) collects its own
    twins, and the outer one collects them too; two with equal contents close cleanly."""
    with language.recording() as outer:
        with language.recording() as inner:
            pass
        assert inner == outer == {}
        with language.recording() as second:
            t("nested recording", "嵌套记录")
    assert second == outer == {"nested recording": "嵌套记录"}
    assert language._recordings == []
