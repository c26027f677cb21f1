"""BCP 47 tags in, supported locales out; the fallback chain never reaches bare zh."""
import pytest

from docgen.errors import DocgenError
from docgen.i18n import parse_locale
from docgen.i18n.context import strings


@pytest.mark.parametrize("tag", ["zh-Hant-HK", "zh-HK", "zh_Hant_HK", "ZH-hant-hk", "zh_HK"])
def test_hong_kong_chinese_is_understood_in_every_spelling(tag):
    assert parse_locale(tag).tag == "zh-Hant-HK"


@pytest.mark.parametrize("tag", ["en", "en-GB", "en_US"])
def test_english_variants_use_the_english_edition(tag):
    assert parse_locale(tag).tag == "en"


@pytest.mark.parametrize("tag", ["zh-Hans-CN", "zh-CN", "zh_Hans_CN", "zh", "zh-Hans", "zh-SG".replace("SG", "CN")])
def test_simplified_chinese_is_the_mainland_edition_never_hong_kong(tag):
    # bare zh is Simplified Chinese to its readers (CLDR's likely subtags: zh_Hans_CN)
    assert parse_locale(tag).tag == "zh-Hans-CN"


@pytest.mark.parametrize("tag, message", [
    ("zh-TW", "locale 'zh-TW' is not available"),       # Taiwan: a project adds it as data
    ("ja", "locale 'ja' is not available"),
    ("xx", "unknown locale 'xx'"),
    ("", "unknown locale ''"),
])
def test_other_locales_are_clear_errors(tag, message):
    with pytest.raises(DocgenError, match=message) as caught:
        parse_locale(tag)
    assert "available: en, zh-Hans-CN, zh-Hant-HK" in caught.value.message
    assert "locale.yaml" in caught.value.message or "unknown" in message


def test_simplified_fallback_chain_never_reaches_traditional():
    assert parse_locale("zh-Hans-CN").fallbacks == ("zh_Hans_CN", "zh_Hans")
    assert parse_locale("zh-Hans-CN").word_lang == "zh-CN"


def test_fallback_chain_is_explicit_and_never_bare_zh():
    assert parse_locale("zh-Hant-HK").fallbacks == ("zh_Hant_HK", "zh_Hant")


def write_po(folder, name, msgstr):
    path = folder / name / "LC_MESSAGES" / "docgen.po"
    path.parent.mkdir(parents=True)
    path.write_text(f'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "About {{organisation}}"\nmsgstr "{msgstr}"\n', "utf-8")


def test_a_simplified_chinese_catalogue_is_never_used_for_hong_kong(tmp_path):
    write_po(tmp_path, "zh", "关于{organisation}")
    assert strings(parse_locale("zh-Hant-HK"), folder=tmp_path).gettext("About {organisation}") == "About {organisation}"


def test_zh_hant_catalogue_serves_hong_kong_when_it_has_no_own(tmp_path):
    write_po(tmp_path, "zh", "关于{organisation}")
    write_po(tmp_path, "zh_Hant", "關於{organisation}")
    assert strings(parse_locale("zh-Hant-HK"), folder=tmp_path).gettext("About {organisation}") == "關於{organisation}"


def test_hong_kong_catalogue_comes_first(tmp_path):
    write_po(tmp_path, "zh_Hant", "關於{organisation}")
    write_po(tmp_path, "zh_Hant_HK", "有關{organisation}")
    assert strings(parse_locale("zh-Hant-HK"), folder=tmp_path).gettext("About {organisation}") == "有關{organisation}"
