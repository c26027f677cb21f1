"""Translation is model to model: a translated Release, ready for any renderer."""
import shutil
from dataclasses import replace

import pytest

from docgen.errors import DocgenError
from docgen.i18n import catalogs, parse_locale, workflow
from docgen.i18n.translate import translate
from docgen.model import Heading, Paragraph, Span, plain_text
from docgen.sources import read
from tests.conftest import SEED_SOURCE, VALID_FRONT_MATTER

ZH = parse_locale("zh-Hant-HK")


def translate_all(locales, mapping):
    """Fill every message of the catalogues under *locales* from *mapping* (context -> text)."""
    for po in locales.rglob("*.po"):
        catalog = catalogs.read(po)
        for message in catalog:
            if message.id:
                message.string = mapping(message.context, message.id)
        catalogs.save(po, catalog)


def test_the_seed_edition_is_a_chinese_release(seed_project):
    edition = translate(read(seed_project / "source/2024-02-28-astri-budget.md"), ZH, seed_project / "locales")
    release = edition.release
    assert edition.warnings == ()
    assert release.language == "zh-Hant-HK"
    assert release.headline == "以創科推動產業轉型及經濟增長"
    assert [plain_text(b.content) for b in release.body if isinstance(b, Heading)] == ["實現創科成果商品化", "聚焦金融科技及綠色科技"]
    assert (release.organisation.name, release.organisation.short_name) == ("香港應用科技研究院", "應科院")
    assert release.organisation.about[-1].content[-2:] == (Span(text="www.astri.org", link="https://www.astri.org"), Span(text="。"))
    # The city is translated with the text (here from docgen's own names); the wire is not text.
    assert release.dateline == replace(read(SEED_SOURCE).dateline, cities=("香港",))


def test_a_city_without_a_chinese_name_refuses_the_edition_even_when_partial(make_release, tmp_path):
    path = make_release(VALID_FRONT_MATTER.replace("  date: 2024-09-05", "  date: 2024-09-05\n  city: Sai Kung"))
    with pytest.raises(DocgenError, match=r"the dateline city 'Sai Kung' has no zh-Hant-HK name: translate msgctxt "
                                          r"\"dateline.city\" msgid \"Sai Kung\" in .*release.po") as caught:
        translate(read(path), ZH, tmp_path / "locales", allow_partial=True)
    assert caught.value.field == "dateline.city"


def test_the_same_english_is_translated_once_wherever_it_stands(make_release, tmp_path):
    path = make_release(body="Thank you.\n\n## Section\n\nThank you.\n")
    locales = tmp_path / "locales"
    workflow.init(workflow.release_domains([read(path)], locales), [ZH])
    translate_all(locales, lambda context, english: {"Thank you.": "謝謝。"}.get(english, "譯文" + english))
    release = translate(read(path), ZH, locales, allow_partial=True).release
    paragraphs = [plain_text(b.content) for b in release.body if isinstance(b, Paragraph)]
    assert paragraphs == ["謝謝。", "謝謝。"]


def test_a_zh_hant_content_catalogue_serves_hong_kong(make_release, tmp_path):
    path = make_release()
    locales = tmp_path / "locales"
    workflow.init(workflow.release_domains([read(path)], locales), [ZH])
    translate_all(locales, lambda context, english: "譯文" if context == "headline" else "譯文" + english)
    shutil.move(locales / "zh_Hant_HK", locales / "zh_Hant")
    assert translate(read(path), ZH, locales).release.headline == "譯文"
    shutil.move(locales / "zh_Hant", locales / "zh")  # Simplified Chinese is never a fallback
    with pytest.raises(DocgenError, match="incomplete"):
        translate(read(path), ZH, locales)


def test_a_second_release_reuses_the_organisation_translation(seed_project):
    second = seed_project / "source" / "2024-03-01-second.md"
    second.write_text("---\nheadline: A second release\norganisation: astri\ndateline:\n  date: 2024-03-01\n---\n\nASTRI has news.\n", "utf-8")
    locales = seed_project / "locales"
    created = workflow.init(workflow.release_domains([read(second)], locales), [ZH])
    assert [p.name for p in created] == ["2024-03-01-second.po"]  # organisation-astri.po exists already
    own = {"headline": "第二份新聞稿", "paragraph": "香港應用科技研究院（應科院）有消息。"}
    translate_all(locales, lambda context, english: own.get(context) or _keep(locales, context, english))
    release = translate(read(second), ZH, locales).release
    assert release.organisation.name == "香港應用科技研究院"
    assert plain_text(release.organisation.about[0].content).startswith("香港應用科技研究院（應科院）於2000年")


def _keep(locales, context, english):
    """The translation already in the seed's catalogues."""
    for po in locales.rglob("*.po"):
        message = catalogs.read(po).get(english, context=context)
        if message is not None and message.string:
            return message.string
    raise AssertionError(context)


def test_no_catalogue_at_all_names_the_one_to_create(make_release, tmp_path):
    path = make_release(VALID_FRONT_MATTER)
    with pytest.raises(DocgenError) as caught:
        translate(read(path), ZH, tmp_path / "nowhere")
    assert "zh_Hant_HK/LC_MESSAGES/release.po: headline: missing" in caught.value.message


def hinted_command(output: str) -> list[str]:
    """The arguments of the command an error quotes in single quotes after 'does not exist yet'."""
    import re
    import shlex

    found = re.search(r"does not exist yet \('(docgen [^']+)' creates it\)", output)
    assert found, output
    words = shlex.split(found.group(1))
    assert words[:3] == ["docgen", "i18n", "init"]
    return words[1:]


def test_an_edition_not_begun_names_the_command_that_begins_it(seed_project):
    from tests.conftest import docgen_in

    for po in (seed_project / "locales" / "zh_Hans_CN" / "LC_MESSAGES").glob("*.po"):
        po.unlink()
    source = "source/2024-02-28-astri-budget.md"
    built = docgen_in(seed_project, "build", source, "-l", "zh-Hans-CN", "-f", "txt", "-o", "out")
    assert built.exit_code == 2, built.output
    assert ("the zh-Hans-CN edition is incomplete: locales/zh_Hans_CN/LC_MESSAGES/2024-02-28-astri-budget.po does not exist yet "
            f"('docgen i18n init -l zh-Hans-CN {source}' creates it), so 19 segment(s) are not translated") in built.output
    assert "Traceback" not in built.output and not (seed_project / "out").exists()
    # The command works as quoted: it drafts the Simplified catalogues from the Hong Kong ones.
    started = docgen_in(seed_project, *hinted_command(built.output))
    assert started.exit_code == 0, started.output
    again = docgen_in(seed_project, "build", source, "-l", "zh-Hans-CN", "-f", "txt", "-o", "out")
    assert again.exit_code == 0, again.output
    txt = seed_project / "out" / "2024-02-28-astri-budget" / "zh-Hans-CN" / "2024-02-28-astri-budget.zh-Hans-CN.txt"
    assert txt.read_text("utf-8").startswith("以创科推动产业转型及经济增长\n")


def test_the_command_names_the_catalogue_folder_and_a_file_name_with_spaces(seed_project, tmp_path):
    from tests.conftest import docgen_in

    folder = seed_project / "press releases"
    shutil.copytree(seed_project / "source", folder)
    elsewhere = tmp_path / "catalogues"
    elsewhere.mkdir()
    built = docgen_in(seed_project, "build", "press releases/2024-02-28-astri-budget.md", "-l", "zh-Hant-HK", "--locales", str(elsewhere),
                      "-f", "txt")
    assert built.exit_code == 2, built.output
    assert f"'docgen i18n init -l zh-Hant-HK --locales {elsewhere} \"press releases/2024-02-28-astri-budget.md\"' creates it" in built.output
    assert docgen_in(seed_project, *hinted_command(built.output)).exit_code == 0
    assert (elsewhere / "zh_Hant_HK" / "LC_MESSAGES" / "2024-02-28-astri-budget.po").is_file()


def test_an_edition_begun_is_only_told_what_is_missing(seed_project):
    from tests.conftest import docgen_in

    (seed_project / "locales" / "zh_Hans_CN" / "LC_MESSAGES" / "organisation-astri.po").unlink()
    built = docgen_in(seed_project, "build", "source/2024-02-28-astri-budget.md", "-l", "zh-Hans-CN", "-f", "txt", "-o", "out")
    assert built.exit_code == 2 and "the zh-Hans-CN edition is incomplete (4 segment(s) not translated" in built.output, built.output
    assert "docgen i18n init" not in built.output
