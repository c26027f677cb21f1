"""The Simplified edition drafted from the approved Hong Kong translation: every draft
marked until a person reviews it, counted by stats, refused by --require-review, redone
when the Traditional text changes (a reviewed one goes fuzzy instead), and checked for
Traditional-only characters."""
from __future__ import annotations

import re

from docgen.i18n import catalogs
from docgen.i18n.convert import MARK_COMMENT, traditional_only
from tests.conftest import docgen_in as cli
from tests.gettext_tools import refusals

SEED = "source/2024-02-28-astri-budget.md"
HANT = "locales/zh_Hant_HK/LC_MESSAGES/2024-02-28-astri-budget.po"
HANS = "locales/zh_Hans_CN/LC_MESSAGES/2024-02-28-astri-budget.po"
HANS_ORG = "locales/zh_Hans_CN/LC_MESSAGES/organisation-astri.po"


def fresh(seed_project):
    """The seed project with its Simplified release catalogues drafted anew."""
    for name in (HANS, HANS_ORG, "locales/zh_Hans_CN/phrases.yaml"):
        (seed_project / name).unlink(missing_ok=True)
    result = cli(seed_project, "i18n", "init", SEED, "-l", "zh-Hans-CN")
    assert result.exit_code == 0, result.output
    return seed_project


def messages(path):
    return {(m.context, m.id): m for m in catalogs.read(path) if m.id}


def test_init_drafts_every_entry_from_the_approved_hong_kong_translation(seed_project, tmp_path):
    project = fresh(seed_project)
    hant, hans = messages(project / HANT), messages(project / HANS)
    assert hans.keys() == hant.keys()
    for key, message in hans.items():
        assert catalogs.state(message) == "translated" and catalogs.is_converted(message), key
        assert MARK_COMMENT in message.user_comments
        assert traditional_only(message.string) == {}, key            # Simplified throughout
        assert "「" not in message.string and "」" not in message.string  # Mainland quotes
    lead = hans["paragraph", next(k[1] for k in hans if k[1].startswith("The Hong Kong Applied Science"))].string
    assert lead.startswith("香港应用科技研究院（应科院）欢迎财政司司长")
    # Every gettext tool accepts the drafted catalogue, the marks and bases included.
    assert refusals(project / HANS, tmp_path) == []
    stats = cli(project, "i18n", "stats", SEED, "-l", "zh-Hans-CN")
    assert f"{HANS}: 15 translated (15 converted, not reviewed), 0 fuzzy, 0 untranslated" in stats.output
    assert f"{HANS_ORG}: 5 translated (5 converted, not reviewed), 0 fuzzy, 0 untranslated" in stats.output


def test_converted_entries_build_with_a_warning_and_require_review_refuses_them(seed_project):
    project = fresh(seed_project)
    built = cli(project, "build", SEED, "-l", "zh-Hans-CN", "-o", "out")
    assert built.exit_code == 0, built.output
    assert "zh-Hans-CN edition published with 20 segment(s) converted from another locale and not reviewed" in built.output
    assert "应科院" in (project / "out/2024-02-28-astri-budget/zh-Hans-CN/2024-02-28-astri-budget.zh-Hans-CN.txt").read_text("utf-8")
    assert ": headline, dateline, lead.1, lead.2," in built.output and "organisation (2), keywords (6)" in built.output  # each place once, in reading order

    refused = cli(project, "build", SEED, "-l", "zh-Hans-CN", "-o", "strict", "--require-review")
    assert refused.exit_code == 2, refused.output
    assert "the zh-Hans-CN edition has 20 segment(s) converted from another locale and not reviewed" in refused.output
    assert f"{HANS}:" in refused.output and "lead.1" in refused.output
    assert not (project / "strict" / "2024-02-28-astri-budget" / "zh-Hans-CN").exists()

    # A reviewer deletes the mark, in any editor: the entry counts as reviewed.
    for name in (HANS, HANS_ORG):
        path = project / name
        path.write_text(path.read_text("utf-8").replace(f"# {MARK_COMMENT}\n", ""), "utf-8")
    stats = cli(project, "i18n", "stats", SEED, "-l", "zh-Hans-CN")
    assert "converted" not in stats.output and f"{HANS}: 15 translated, 0 fuzzy, 0 untranslated" in stats.output
    reviewed = cli(project, "build", SEED, "-l", "zh-Hans-CN", "-o", "strict", "--require-review")
    assert reviewed.exit_code == 0 and "not reviewed" not in reviewed.output, reviewed.output


def _edit_translation(path, old, new):
    text = path.read_text("utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), "utf-8")


def test_a_changed_hong_kong_translation_redoes_the_draft_and_sends_a_reviewed_one_back(seed_project):
    project = fresh(seed_project)
    hans_path = project / HANS
    # The headline's draft is reviewed (mark deleted, text improved by hand); the rest stay drafts.
    _edit_translation(hans_path, f"# {MARK_COMMENT}\n#. headline\n", "#. headline\n")
    _edit_translation(hans_path, 'msgstr "以创科推动产业转型及经济增长"', 'msgstr "以创新科技推动产业转型及经济增长"')
    untouched = hans_path.read_bytes()
    assert cli(project, "i18n", "update", SEED, "-l", "zh-Hans-CN").exit_code == 0
    assert hans_path.read_bytes() == untouched  # nothing changed upstream: nothing changes

    # The Hong Kong translator revises the headline and the first paragraph (English unchanged).
    _edit_translation(project / HANT, 'msgstr "以創科推動產業轉型及經濟增長"', 'msgstr "以創科推動產業轉型及經濟發展"')
    _edit_translation(project / HANT, "歡迎財政司司長", "歡迎財政司司長陳茂波")
    result = cli(project, "i18n", "update", SEED, "-l", "zh-Hans-CN")
    assert result.exit_code == 0, result.output
    hans = {m.auto_comments[0]: m for m in catalogs.read(hans_path) if m.id}
    headline, lead = hans["headline"], hans["lead.1"]
    # The reviewed headline keeps the reviewer's words and goes back to them, fuzzy.
    assert headline.string == "以创新科技推动产业转型及经济增长" and headline.fuzzy and not catalogs.is_converted(headline)
    # The draft is converted again from the new Traditional text, still marked, not fuzzy.
    assert "欢迎财政司司长陈茂波" in lead.string and catalogs.is_converted(lead) and not lead.fuzzy
    # Everything else is as it was.
    assert all(not m.fuzzy for place, m in hans.items() if place != "headline")
    stats = cli(project, "i18n", "stats", SEED, "-l", "zh-Hans-CN")
    assert f"{HANS}: 14 translated (14 converted, not reviewed), 1 fuzzy, 0 untranslated" in stats.output
    # Once the reviewer clears the fuzzy flag, the next update leaves the entry alone.
    _edit_translation(hans_path, "#, fuzzy\nmsgctxt \"headline\"", "msgctxt \"headline\"")
    cli(project, "i18n", "update", SEED, "-l", "zh-Hans-CN")
    assert not {m.auto_comments[0]: m for m in catalogs.read(hans_path) if m.id}["headline"].fuzzy


def test_the_organisations_phrase_table_wins_over_opencc(seed_project):
    project = seed_project
    (project / "locales/zh_Hans_CN").mkdir(exist_ok=True)
    for name in (HANS, HANS_ORG):
        (project / name).unlink(missing_ok=True)
    (project / "locales/zh_Hans_CN/phrases.yaml").write_text("# house choices\n數碼化: 数字化\n數碼: 数字\n", "utf-8")
    assert cli(project, "i18n", "init", SEED, "-l", "zh-Hans-CN").exit_code == 0
    text = (project / HANS).read_text("utf-8")
    assert "数字化" in text and "数字孪生" in text and "数码" not in text


def test_a_bad_phrase_table_is_a_located_error(seed_project):
    (seed_project / "locales/zh_Hans_CN/phrases.yaml").write_text("數碼: 数字\n資訊: [信息]\n", "utf-8")
    (seed_project / HANS).unlink()
    result = cli(seed_project, "i18n", "update", SEED, "-l", "zh-Hans-CN")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert re.search(r"phrases\.yaml:2: .*a phrase and its conversion are both text", result.output), result.output


def test_a_traditional_character_in_the_simplified_edition_is_refused(seed_project):
    project = fresh(seed_project)
    _edit_translation(project / HANS, "msgstr \"以创科推动产业转型及经济增长\"", "msgstr \"以創科推动产业转型及经济增长\"")
    check = cli(project, "i18n", "check", SEED, "-l", "zh-Hans-CN")
    assert check.exit_code == 2 and "Traditional characters in a Simplified translation: 創 (would be 创)" in check.output
    built = cli(project, "build", SEED, "-l", "zh-Hans-CN", "-o", "out")
    assert built.exit_code == 2 and "Traditional characters" in built.output


def test_phrases_decide_whether_a_character_is_traditional_only():
    assert traditional_only("著名学者") == {}          # 著 is Simplified in 著名
    assert traditional_only("乾隆年间") == {}
    assert traditional_only("應科院") == {"應": "应"}


def test_the_simplified_edition_never_falls_back_to_traditional(seed_project):
    for name in (HANS, HANS_ORG):
        (seed_project / name).unlink()
    result = cli(seed_project, "build", SEED, "-l", "zh-Hans-CN", "-o", "out")
    assert result.exit_code == 2 and "the zh-Hans-CN edition is incomplete" in result.output
    assert "zh_Hant_HK" not in result.output
