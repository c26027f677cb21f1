"""The translation cycle on a copy of the seed: change the English, update, refuse, allow partial."""
import json
import re

import pytest
import subprocess

from click.testing import CliRunner

from docgen.cli import main
from docgen.i18n import catalogs
from tests.gettext_tools import refusals

SEED = "source/2024-02-28-astri-budget.md"
PO = "locales/zh_Hant_HK/LC_MESSAGES/2024-02-28-astri-budget.po"


def run(project, *args):
    return CliRunner().invoke(main, [*args, "--locales", str(project / "locales")] if args[0] == "i18n" else list(args))


def docgen(project, *args):
    args = list(args)
    if args[0] == "i18n":
        args += ["--locales", str(project / "locales")]
    else:
        args += ["--locales", str(project / "locales"), "--out", str(project / "dist")]
    return CliRunner().invoke(main, args, catch_exceptions=False)


def stats_of(project):
    result = docgen(project, "i18n", "stats", str(project / SEED))
    return dict(re.findall(r"LC_MESSAGES/(\S+)\.po: (.*)", result.output))


def test_the_seed_edition_is_complete(seed_project):
    assert stats_of(seed_project) == {
        "organisation-astri": "5 translated, 0 fuzzy, 0 untranslated",
        "2024-02-28-astri-budget": "15 translated, 0 fuzzy, 0 untranslated",
    }
    assert docgen(seed_project, "i18n", "check", str(seed_project / SEED)).exit_code == 0


def test_changed_paragraph_becomes_fuzzy_refuses_the_edition_then_builds_partial(seed_project):
    source = seed_project / SEED
    text = source.read_text("utf-8")
    old = "ASTRI is at the forefront with a cache of mature innovative technologies"
    source.write_text(text.replace(old, "ASTRI is at the forefront with a range of mature innovative technologies"), "utf-8")

    result = docgen(seed_project, "i18n", "update", str(source))
    assert result.exit_code == 0 and f"updated {seed_project / PO}" in result.output
    assert stats_of(seed_project)["2024-02-28-astri-budget"] == "14 translated, 1 fuzzy, 0 untranslated"
    catalog = catalogs.read(seed_project / PO)
    assert [m.auto_comments for m in catalog if m.id and m.fuzzy] == [["lead.2"]]
    [changed] = [m for m in catalog if m.id and m.fuzzy]
    assert changed.string.startswith("應科院走在最前沿")  # the old translation, kept for the translator to revise
    assert changed.previous_id == [old + text.split(old)[1].split("\n")[0]]  # and the English it was made for
    check = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(seed_project / PO)], capture_output=True, text=True)
    assert check.returncode == 0 and "14 translated messages, 1 fuzzy translation." in check.stderr, check.stderr

    refused = docgen(seed_project, "build", str(source), "-l", "zh-Hant-HK")
    assert refused.exit_code == 2
    assert "the zh-Hant-HK edition is incomplete (1 segment(s) not translated" in refused.output
    assert re.search(rf"{re.escape(str(seed_project / PO))}:\d+: lead.2: fuzzy", refused.output)
    assert not (seed_project / "dist").exists()

    partial = docgen(seed_project, "build", str(source), "-l", "zh-Hant-HK", "--allow-partial")
    assert partial.exit_code == 0
    assert "Warning:" in partial.output and "1 segment(s) in en: lead.2" in partial.output
    wire = (seed_project / "dist/2024-02-28-astri-budget/zh-Hant-HK/2024-02-28-astri-budget.zh-Hant-HK.txt").read_text("utf-8")
    assert "ASTRI is at the forefront with a range of mature innovative technologies" in wire
    assert "香港2024年2月28日 /美通社/ -- 香港應用科技研究院（應科院）歡迎" in wire


def test_removed_paragraph_becomes_obsolete(seed_project):
    source = seed_project / SEED
    paragraphs = source.read_text("utf-8").split("\n\n")
    dropped = paragraphs.pop(8)  # the last paragraph: "Dr Yip stressed that ..."
    assert dropped.startswith("Dr Yip stressed")
    source.write_text("\n\n".join(paragraphs), "utf-8")
    docgen(seed_project, "i18n", "update", str(source))
    po = (seed_project / PO).read_text("utf-8")
    assert f'#~ msgctxt "paragraph"\n#~ msgid "{dropped.strip()}"' in po
    assert stats_of(seed_project)["2024-02-28-astri-budget"] == "14 translated, 0 fuzzy, 0 untranslated"


def test_init_creates_catalogues_that_msgfmt_accepts(project, tmp_path):
    locales = tmp_path / "locales"
    result = CliRunner().invoke(main, ["i18n", "init", "-l", "zh-HK", str(project / "all-blocks.md"), "--locales", str(locales)])
    assert result.exit_code == 0, result.output
    created = sorted(p.relative_to(locales).as_posix() for p in locales.rglob("*.po*"))
    assert created == ["all-blocks.pot", "organisation-example.pot", "zh_Hant_HK/LC_MESSAGES/all-blocks.po", "zh_Hant_HK/LC_MESSAGES/organisation-example.po"]
    for po in locales.rglob("*.po"):
        check = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True)
        assert check.returncode == 0 and "untranslated" in check.stderr, check.stderr
    # Release-specific contact roles go to the release; the profile's to the organisation.
    assert 'msgctxt "contact.role"\nmsgid "Communications Manager"' in (locales / "organisation-example.pot").read_text("utf-8")
    assert "Communications Manager" not in (locales / "all-blocks.pot").read_text("utf-8")
    refused = CliRunner().invoke(main, ["build", str(project / "all-blocks.md"), "-l", "zh-Hant-HK", "--locales", str(locales), "-o", str(tmp_path / "out")])
    assert refused.exit_code == 2 and "untranslated" in refused.output


def test_check_and_compile_refuse_a_translation_that_loses_a_number(seed_project):
    po = seed_project / "locales/zh_Hant_HK/LC_MESSAGES/organisation-astri.po"
    po.write_text(po.read_text("utf-8").replace("超過1,400項技術", "超過一千項技術"), "utf-8")
    checked = docgen(seed_project, "i18n", "check", str(seed_project / SEED))
    assert checked.exit_code == 2
    assert re.search(rf"Error: {re.escape(str(po))}:\d+: about.2: number 1400 missing from the translation", checked.output)
    compiled = docgen(seed_project, "i18n", "compile", str(seed_project / SEED))
    assert compiled.exit_code == 2
    assert not po.with_suffix(".mo").exists()
    assert (po.parent / "2024-02-28-astri-budget.mo").exists()  # the sound catalogue still compiles
    built = docgen(seed_project, "build", str(seed_project / SEED), "-l", "zh-Hant-HK")
    assert built.exit_code == 2 and "number 1400 missing" in built.output


def test_glossary_is_enforced_by_build(seed_project):
    po = seed_project / PO
    po.write_text(po.read_text("utf-8").replace("應科院走在最前沿", "ASTRI走在最前線"), "utf-8")
    built = docgen(seed_project, "build", str(seed_project / SEED), "-l", "zh-Hant-HK")
    assert built.exit_code == 2 and "lead.2: glossary: ASTRI should read 應科院" in built.output



@pytest.mark.parametrize("command", [["i18n", "check"], ["i18n", "stats"], ["i18n", "update"], ["i18n", "compile"], ["build", "-l", "zh-Hant-HK"]])
def test_a_broken_catalogue_is_a_located_error_and_is_not_rewritten(seed_project, command):
    po = seed_project / PO
    broken = po.read_text("utf-8") + '\nmsgid "x"\nmsgstr "unterminated\n'
    po.write_text(broken, "utf-8")
    result = docgen(seed_project, *command, str(seed_project / SEED))
    assert result.exit_code == 2
    lines = broken.splitlines()
    assert f"Error: {po}:{len(lines)}: broken catalogue: not PO syntax: msgstr \"unterminated" in result.output
    assert po.read_text("utf-8") == broken
    assert not (seed_project / "dist").exists()


def test_a_paragraph_with_a_percent_sign_is_text_not_a_format_string(make_release, tmp_path):
    """Babel flags "30% of ..." as python-format ("% o" is a directive); msgfmt --check and
    pybabel compile would then refuse the correct translation "收入的30%"."""
    path = make_release(body="Revenue rose 30% of the target, sales grew 12% in the year, and {braces} stay text.\n")
    locales = tmp_path / "locales"
    assert CliRunner().invoke(main, ["i18n", "init", "-l", "zh-Hant-HK", str(path), "--locales", str(locales)]).exit_code == 0
    po = locales / "zh_Hant_HK" / "LC_MESSAGES" / "release.po"
    catalog = catalogs.read(po, locale="zh_Hant_HK")
    for message in catalog:
        if message.id and message.context == "paragraph":
            message.string = "收入達目標的30%，年內銷售增長12%，而{braces}仍是文字。"
    catalogs.save(po, catalog, formats=False)
    text = po.read_text("utf-8") + (locales / "release.pot").read_text("utf-8")
    assert "python-format" not in text and "brace-format" not in text
    check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    update = CliRunner().invoke(main, ["i18n", "update", str(path), "--locales", str(locales)])
    assert update.exit_code == 0 and "python-format" not in po.read_text("utf-8")  # reading it back re-flags it in Babel
    for catalogue in [po, locales / "release.pot"]:
        assert refusals(catalogue, tmp_path) == []  # msgfmt --check, pybabel compile, pofilter -t printf
    # docgen says what msgfmt says: no "directive" to keep in text, so nothing to refuse.
    check = CliRunner().invoke(main, ["i18n", "check", str(path), "--locales", str(locales)])
    assert check.exit_code == 0 and "msgfmt" not in check.output, check.output
    compiled = CliRunner().invoke(main, ["i18n", "compile", str(path), "--locales", str(locales)])
    assert compiled.exit_code == 0 and po.with_suffix(".mo").is_file(), compiled.output


def test_a_lagging_translation_never_holds_the_english_hostage(seed_project):
    source = seed_project / SEED
    text = source.read_text("utf-8")
    source.write_text(text.replace("a cache of mature", "a range of mature"), "utf-8")
    assert docgen(seed_project, "i18n", "update", str(source)).exit_code == 0

    built = docgen(seed_project, "build", str(source), "-l", "en,zh-Hant-HK")
    assert built.exit_code == 2
    assert "the zh-Hant-HK edition is incomplete" in built.output
    assert re.search(rf"{re.escape(str(seed_project / PO))}:\d+: lead.2: fuzzy: paragraph \"ASTRI is at the forefront", built.output)
    dist = seed_project / "dist" / "2024-02-28-astri-budget"
    assert sorted(p.name for p in (dist / "en").iterdir()) == ["2024-02-28-astri-budget.en." + ext for ext in ("docx", "pdf", "txt")]
    assert not (dist / "zh-Hant-HK").exists()

    # Built again unchanged: the English is up to date, the Chinese edition fails again (never "skipped").
    again = docgen(seed_project, "build", str(source), "-l", "en,zh-Hant-HK", "--json")
    assert again.exit_code == 2
    [release] = json.loads(again.stdout)["releases"]
    assert release["status"] == "failed" and len(release["skipped"]) == 3 and release["written"] == []
    [edition] = release["failed_editions"]
    assert edition["locale"] == "zh-Hant-HK" and edition["status"] == "failed" and "lead.2: fuzzy" in edition["error"]
