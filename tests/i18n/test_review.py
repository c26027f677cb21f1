"""The translator's word: an entry the checks doubt is accepted by a comment any PO
editor can write, recorded and listed; broken placeholders and markup never are."""
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from click.testing import CliRunner

from docgen.cli import main
from docgen.i18n import catalogs
from docgen.i18n.review import Entry, accepted, review
from tests.conftest import FIXTURES

ENGLISH = "The hotline offers a 24-hour service."
IDIOMATIC = "熱線提供全天候服務。"  # 全天候 is "24-hour": no digits, and right


def entry(text, reason=None, kind="paragraph", english=ENGLISH):
    return Entry(Path("release.po"), 7, kind, "lead.1", english, text, reason)


def test_a_doubt_is_refused_until_the_translator_accepts_it():
    [doubt] = review([entry(IDIOMATIC)], "zh-Hant-HK", [])
    assert not doubt.accepted and str(doubt) == "release.po:7: lead.1: number 24 missing from the translation"
    [doubt] = review([entry(IDIOMATIC, "全天候 means 24-hour")], "zh-Hant-HK", [])
    assert doubt.accepted and str(doubt).endswith("(accepted by the translator: 全天候 means 24-hour)")


def test_broken_placeholders_and_markup_are_never_accepted():
    found = review([entry("請瀏覽<b>網站</b>{link}", "looks fine to me", english="Visit the site.")], "zh-Hant-HK", [])
    assert {f.problem for f in found if not f.accepted} == {"placeholder {link} is not in the English",
                                                            "markup <b> in the translation is not in the English",
                                                            "markup </b> in the translation is not in the English"}


@pytest.mark.parametrize("english, translation, kind, doubted", [
    ("Green finance in Asia", "Green finance in Asia", "heading", True),   # the English left behind
    ("FinTech", "FinTech", "heading", False),                              # one Latin word belongs in Chinese text
    ("AI and FinTech week", "AI及FinTech週", "heading", False),
    ("Jane Lo", "Jane Lo", "contact.name", False),                          # a name may stay as written
    ("ERI / Jane Lo", "ERI / Jane Lo", "photo.credit", False),
    ("Green finance in Asia", "Green finance in Asia", "heading", True),
])
def test_english_left_in_a_chinese_translation(english, translation, kind, doubted):
    found = review([entry(translation, kind=kind, english=english)], "zh-Hant-HK", [])
    assert bool(found) == doubted
    assert review([entry(translation, kind=kind, english=english)], "en-GB", []) == []


@pytest.mark.parametrize("comments, flags, reason", [
    (["docgen-accept: 全天候 means 24-hour"], (), "全天候 means 24-hour"),
    (["docgen-accept"], (), ""),
    ([], ("docgen-accept",), ""),
    (["checked by Mary"], (), None),
])
def test_the_override_is_a_translator_comment_or_a_flag(comments, flags, reason):
    assert accepted(Message("x", "y", user_comments=comments, flags=flags)) == reason


def test_check_compile_and_build_list_what_the_translator_accepted(make_release, tmp_path):
    path = make_release(body=ENGLISH + "\n")
    locales = tmp_path / "locales"
    shutil.copytree(FIXTURES / "project" / "locales", locales)  # the organisation's catalogue, translated
    assert CliRunner().invoke(main, ["i18n", "init", "-l", "zh-Hant-HK", str(path), "--locales", str(locales)]).exit_code == 0
    po = locales / "zh_Hant_HK" / "LC_MESSAGES" / "release.po"
    catalog = catalogs.read(po)
    for message in catalog:
        if message.id:
            message.string = {"paragraph": IDIOMATIC}.get(message.context, "新聞稿")
    catalogs.save(po, catalog, formats=False)
    args = [str(path), "--locales", str(locales)]
    refused = CliRunner().invoke(main, ["i18n", "check", *args])
    assert refused.exit_code == 2 and "lead.1: number 24 missing from the translation" in refused.output

    po.write_text(po.read_text("utf-8").replace('msgctxt "paragraph"', '# docgen-accept: 全天候 means 24-hour\nmsgctxt "paragraph"'), "utf-8")
    checked = CliRunner().invoke(main, ["i18n", "check", *args])
    assert checked.exit_code == 0, checked.output
    assert "Accepted: " in checked.output and "number 24 missing from the translation (accepted by the translator: 全天候 means 24-hour)" in checked.output
    compiled = CliRunner().invoke(main, ["i18n", "compile", *args])
    assert compiled.exit_code == 0 and po.with_suffix(".mo").exists()
    built = CliRunner().invoke(main, ["build", str(path), "-l", "zh-Hant-HK", "-f", "txt", "--locales", str(locales), "-o", str(tmp_path / "out")])
    assert built.exit_code == 0 and "accepted by the translator: 全天候 means 24-hour" in built.output, built.output
    # An update keeps the translator's comment with the entry.
    assert CliRunner().invoke(main, ["i18n", "update", *args]).exit_code == 0
    assert "# docgen-accept: 全天候 means 24-hour" in po.read_text("utf-8")
