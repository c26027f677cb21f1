"""Catalogues as GNU gettext reads them: msgfmt --check, headers, statistics."""
import re
import subprocess

import pytest
from babel.messages.catalog import Catalog

from docgen.i18n import catalogs, workflow
from docgen.i18n.locales import SUPPORTED
from tests.conftest import ROOT

CATALOGUES = sorted((ROOT / "locales").rglob("*.po"))


def msgfmt(path):
    return subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)], capture_output=True, text=True)


def test_the_repository_has_docgen_and_seed_catalogues():
    names = {p.relative_to(ROOT / "locales").as_posix() for p in CATALOGUES}
    assert names == {
        "en/LC_MESSAGES/docgen.po", "zh_Hant_HK/LC_MESSAGES/docgen.po",
        "zh_Hant_HK/LC_MESSAGES/2024-02-28-astri-budget.po", "zh_Hant_HK/LC_MESSAGES/organisation-astri.po",
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
    for info in SUPPORTED.values():
        translated = catalogs.read(domain.po(info), locale=info.babel)
        for key in extracted:
            message = translated.get(key[0], context=key[1])
            assert message is not None and catalogs.state(message) == "translated", (info.tag, key)


def test_extract_does_not_rewrite_an_unchanged_template(tmp_path, monkeypatch):
    domain = workflow.docgen_domain(tmp_path)
    assert workflow.extract([domain]) == [tmp_path / "docgen.pot"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # a different clock: only the dates would change
    assert workflow.extract([workflow.docgen_domain(tmp_path)]) == []
