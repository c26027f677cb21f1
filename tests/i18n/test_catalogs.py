"""Catalogues as GNU gettext reads them: msgfmt --check, headers, statistics."""
import re
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from babel.messages.catalog import Catalog

from click.testing import CliRunner

from docgen.cli import main
from docgen.errors import DocgenError
from docgen.i18n import catalogs, workflow
from docgen.i18n.locales import available, parse_locale
from tests.conftest import ROOT
from tests.gettext_tools import refusals

CATALOGUES = sorted((ROOT / "locales").rglob("*.po"))


def msgfmt(path):
    return subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)], capture_output=True, text=True)


def test_the_repository_has_docgen_and_seed_catalogues():
    names = {p.relative_to(ROOT / "locales").as_posix() for p in CATALOGUES}
    assert names == {
        "en/LC_MESSAGES/docgen.po", "zh_Hant_HK/LC_MESSAGES/docgen.po",
        "zh_Hant_HK/LC_MESSAGES/2024-02-28-astri-budget.po", "zh_Hant_HK/LC_MESSAGES/organisation-astri.po",
        "zh_Hans_CN/LC_MESSAGES/docgen.po",
        "zh_Hans_CN/LC_MESSAGES/2024-02-28-astri-budget.po", "zh_Hans_CN/LC_MESSAGES/organisation-astri.po",
    }


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.relative_to(ROOT / "locales").as_posix())
def test_msgfmt_check_passes_with_real_headers_and_everything_translated(path):
    result = msgfmt(path)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    assert re.fullmatch(r"\d+ translated messages?\.\n", result.stderr)
    header = path.read_text("utf-8").split("\n\n", 1)[0]
    language = path.parent.parent.name
    assert f'"Language: {language}\\n"' in header
    assert '"Content-Type: text/plain; charset=utf-8\\n"' in header
    assert ('"Plural-Forms: nplurals=1; plural=0;\\n"' if language.startswith("zh") else '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"') in header
    assert "FULL NAME" not in header and "YEAR-MO-DA" not in header


def test_stats_agree_with_msgfmt(tmp_path):
    catalog = Catalog(locale="zh_Hant_HK", domain="x", fuzzy=False)
    catalog.add("one", "一", context="a")
    catalog.add("two", "", context="b")
    catalog.add("three", "三", context="c", flags=["fuzzy"])
    catalog.add("four", "", context="d", flags=["fuzzy"])
    catalog.add("five", "五", context="e")
    path = tmp_path / "x.po"
    path.write_bytes(catalogs.serialise(catalog))
    counts = catalogs.stats(catalogs.read(path))
    stderr = msgfmt(path).stderr
    assert (counts.translated, counts.fuzzy, counts.untranslated) == (2, 1, 2)
    assert f"{counts.translated} translated messages, {counts.fuzzy} fuzzy translation, {counts.untranslated} untranslated messages." in stderr


def test_docgen_template_is_current_and_every_label_is_translated():
    """Every string docgen's code marks is in docgen.pot and translated in every locale."""
    domain = workflow.docgen_domain()
    extracted = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in domain.template if m.id}
    committed = catalogs.read(ROOT / "locales" / "docgen.pot")
    assert {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in committed if m.id} == extracted
    for info in available().values():
        translated = catalogs.read(domain.po(info), locale=info.babel)
        for key in extracted:
            message = translated.get(key[0], context=key[1])
            assert message is not None and catalogs.state(message) == "translated", (info.tag, key)


def test_extract_does_not_rewrite_an_unchanged_template(tmp_path, monkeypatch):
    domain = workflow.docgen_domain(tmp_path)
    assert workflow.extract([domain]) == [tmp_path / "docgen.pot"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # a different clock: only the dates would change
    assert workflow.extract([workflow.docgen_domain(tmp_path)]) == []


EVERY_CATALOGUE = sorted([*(ROOT / "locales").rglob("*.po"), *(ROOT / "locales").glob("*.pot"), *(ROOT / "tests").rglob("*.po"), *(ROOT / "tests").rglob("*.pot")])


@pytest.mark.parametrize("path", EVERY_CATALOGUE, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_gettext_tool_accepts_every_catalogue(path, tmp_path):
    assert refusals(path, tmp_path) == []


# Each appended entry is one that msgfmt --check refuses.
MSGFMT_REFUSES = {
    "defined twice": 'msgctxt "paragraph"\nmsgid "First paragraph."\nmsgstr "第二段。"\n',
    "line break lost at the end": 'msgctxt "paragraph"\nmsgid "Ends with a break\\n"\nmsgstr "以換行結束"\n',
    "line break added at the start": 'msgctxt "paragraph"\nmsgid "Starts plainly"\nmsgstr "\\n開頭"\n',
    "format directive lost": '#, python-format\nmsgctxt "paragraph"\nmsgid "%d members"\nmsgstr "成員"\n',
}


@pytest.mark.parametrize("entry", MSGFMT_REFUSES.values(), ids=MSGFMT_REFUSES.keys())
def test_docgen_refuses_what_msgfmt_refuses(entry, make_release, tmp_path):
    path = make_release()
    locales = tmp_path / "locales"
    assert CliRunner().invoke(main, ["i18n", "init", "-l", "zh-Hant-HK", str(path), "--locales", str(locales)]).exit_code == 0
    po = locales / "zh_Hant_HK" / "LC_MESSAGES" / "release.po"
    po.write_text(po.read_text("utf-8").replace('msgid "First paragraph."\nmsgstr ""', 'msgid "First paragraph."\nmsgstr "第一段。"') + "\n" + entry, "utf-8")
    assert msgfmt(po).returncode != 0
    for command in ("check", "compile"):
        result = CliRunner().invoke(main, ["i18n", command, str(path), "--locales", str(locales)])
        assert result.exit_code == 2 and "msgfmt" in result.output and "Traceback" not in result.output, result.output
    assert not po.with_suffix(".mo").exists()


# Text a release may hold: quotes, backslashes, percent signs, braces, hard line breaks, CJK.
awkward = st.text(st.sampled_from('ab 應科院"\\\\%{}()#|:\n\t30'), min_size=1, max_size=40).filter(lambda t: t.strip())


@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(awkward, awkward, st.booleans()), min_size=1, max_size=4, unique_by=lambda t: t[0]), st.data())
def test_whatever_the_text_every_catalogue_docgen_writes_is_accepted(tmp_path_factory, entries, data):
    tmp = tmp_path_factory.mktemp("po")
    catalog = catalogs.new_translation(catalogs.template("r", [], project="r", holder="h"), "zh_Hant_HK")
    for english, chinese, fuzzy in entries:
        # msgfmt wants a translation to begin and end with a line break where the English does.
        chinese = ("\n" if english.startswith("\n") else "") + chinese.strip("\n") + ("\n" if english.endswith("\n") else "")
        message = catalog.add(english, chinese, context="paragraph", auto_comments=["lead.1"], flags=["fuzzy"] if fuzzy else [])
        if fuzzy:
            message.previous_id = [data.draw(awkward)]
    path = tmp / "r.po"
    catalogs.save(path, catalog, formats=False)
    assert refusals(path, tmp, printf=False) == []
    back = catalogs.read(path)
    assert [(m.id, m.string, m.fuzzy, m.previous_id) for m in back if m.id] == [(m.id, m.string, m.fuzzy, m.previous_id) for m in catalog if m.id]


def test_the_gettext_tools_check_can_fail(tmp_path):
    po = tmp_path / "bad.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: zh_Hant_HK\\n"\n\n'
                  '#, python-format\nmsgid "%d members"\nmsgstr "成員"\n', "utf-8")
    found = refusals(po, tmp_path)
    assert [f.split(":")[0] for f in found] == ["msgfmt --check", "pybabel compile", "pofilter -t printf"]


VALID_PO = (ROOT / "tests/fixtures/project/locales/zh_Hant_HK/LC_MESSAGES/all-blocks.po").read_text("utf-8")
mutation = st.tuples(st.sampled_from(["delete", "insert", "duplicate", "truncate"]), st.integers(0, len(VALID_PO)), st.integers(1, 40),
                     st.text(st.sampled_from('"\\\nmsgstr#~|, 應\t{}%'), min_size=1, max_size=8))


def mutate(text: str, mutations) -> str:
    for kind, at, size, insert in mutations:
        at = at % (len(text) + 1)
        if kind == "delete":
            text = text[:at] + text[at + size:]
        elif kind == "insert":
            text = text[:at] + insert + text[at:]
        elif kind == "duplicate":
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            text = text[:end] + "\n" + text[start:end] + text[end:] if end != -1 else text
        else:
            text = text[:at]
    return text


@settings(max_examples=int(__import__('os').environ.get('PO_EXAMPLES', 60)), deadline=None)
@given(st.lists(mutation, min_size=1, max_size=3))
def test_a_malformed_catalogue_is_read_or_refused_never_misread(tmp_path_factory, mutations):
    """Whatever is broken in a catalogue: docgen reads it or names the line, never raises anything
    else, and refuses whatever msgfmt refuses (so a translator's tool and docgen agree)."""
    tmp = tmp_path_factory.mktemp("po")
    path = tmp / "all-blocks.po"
    path.write_text(mutate(VALID_PO, mutations), "utf-8")
    domain = workflow.Domain("all-blocks", tmp, catalogs.template("all-blocks", [], project="p", holder="h"))
    try:
        refused = [f for f in workflow.check_catalog(path, catalogs.read(path, locale="zh_Hant_HK"), domain, parse_locale("zh-Hant-HK"))
                   if not f.accepted]
    except DocgenError as err:
        assert err.file == str(path)
        return
    if msgfmt(path).returncode != 0 and not refused:
        raise AssertionError(f"msgfmt refuses what docgen reads: {msgfmt(path).stderr}")
