"""BCP 47 tags in, supported locales out; the fallback chain never reaches bare zh."""
import pytest

from docgen.errors import DocgenError
from docgen.i18n import parse_locale
from docgen.i18n.context import strings
from tests.conftest import docgen_in


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


# --- a locale added as data: catalogues, a locale.yaml, the style's Traditional face ---

def _taiwan_project(tmp_path):
    import shutil

    from tests.conftest import FIXTURES

    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "shapes" / "source", project / "source")
    shutil.copytree(FIXTURES / "shapes" / "locales", project / "locales")
    return project


def test_a_locale_is_added_by_data_alone(tmp_path):
    """zh-Hant-TW from the fixture's folder: no code, no style change, the PR Newswire zh-Hant dateline."""
    import shutil
    import zipfile

    from tests import pdfcheck
    from tests.conftest import FIXTURES

    project = _taiwan_project(tmp_path)
    release = "source/2025-05-20-grant.md"
    before = docgen_in(project, "build", release, "-l", "zh-Hant-TW", "-o", "out")
    assert before.exit_code == 2 and "locale 'zh-Hant-TW' is not available" in before.output

    shutil.copytree(FIXTURES / "taiwan" / "zh_Hant_TW", project / "locales" / "zh_Hant_TW")
    built = docgen_in(project, "build", release, "-l", "zh-Hant-TW,en", "-o", "out")
    assert built.exit_code == 0, built.output
    folder = project / "out" / "2025-05-20-grant" / "zh-Hant-TW"
    txt = (folder / "2025-05-20-grant.zh-Hant-TW.txt").read_text("utf-8")
    assert txt.startswith("大嶼山科學基金會資助十位海洋生物學青年研究人員\n\n美國麻州波士頓2025年5月20日 /美通社/ -- 大嶼山科學基金會本週")
    assert "補助款將用於大嶼山以南海域的田野調查" in txt and txt.rstrip().endswith("消息來源：大嶼山科學基金會")
    pdf = folder / "2025-05-20-grant.zh-Hant-TW.pdf"
    assert pdfcheck.catalog_lang(pdf) == "zh-Hant-TW"
    assert "第1頁，共1頁" in pdfcheck.text(pdf)            # docgen's own words: the Hong Kong catalogue, by the fallback chain
    assert {f["name"].split("+")[-1] for f in pdfcheck.fonts(pdf)} >= {"NotoSansCJKhk-Regular"}
    styles = zipfile.ZipFile(folder / "2025-05-20-grant.zh-Hant-TW.docx").read("word/styles.xml").decode()
    assert 'w:eastAsia="zh-TW"' in styles
    # The translation workflow knows it too.
    stats = docgen_in(project, "i18n", "stats", release, "-l", "zh-TW")
    assert "zh_Hant_TW/LC_MESSAGES/2025-05-20-grant.po: 4 translated, 0 fuzzy, 0 untranslated" in stats.output


@pytest.mark.parametrize("folder, text, message", [
    ("zh_Hant_TW", "fallbacks: [zh_Hant_TW, zh-hant]\n", r"locale\.yaml:1: fallbacks\.1: 'zh-hant' is not a catalogue folder name"),
    ("zh_Hant_TW", "zones: [Asia/Taipie]\n", r"locale\.yaml:1: zones\.0: unknown time zone 'Asia/Taipie'"),
    ("zh_Hant_TW", "colour: red\n", r"locale\.yaml:1: colour"),
    ("zh-Hant-TW", "{}\n", r"a locale's folder is named by its CLDR identifier: zh_Hant_TW, not zh-Hant-TW"),
    ("xx_YY", "{}\n", r"xx_YY is not a locale CLDR knows"),
])
def test_a_bad_locale_file_is_a_located_error(tmp_path, folder, text, message):
    import re

    project = _taiwan_project(tmp_path)
    (project / "locales" / folder).mkdir()
    (project / "locales" / folder / "locale.yaml").write_text(text, "utf-8")
    result = docgen_in(project, "build", "source/2025-05-20-grant.md", "-l", "en", "-o", "out")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert re.search(message, result.output), result.output
    assert not (project / "out").exists()
