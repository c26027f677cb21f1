"""Real-world shapes: every fixture in tests/fixtures/imports (releases written in our own words,
modelled on public releases of each shipped wire, the Government and corporate newsrooms:
see its README) imports to exactly its reviewed golden dump, as wire copy and as Word files
made two ways (python-docx with Word's built-in styles, pandoc from Markdown)."""
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from docgen.errors import DocgenError
from docgen.importers import import_file
from docgen.jsonio import dump_release
from docgen.sources import read
from tests.conftest import FIXTURES

IMPORTS = FIXTURES / "imports"
GOLDEN = IMPORTS / "golden"
FILES = sorted(IMPORTS.glob("*.txt")) + sorted((IMPORTS / "docx").glob("*.docx"))
# What a user gives for releases that do not say it themselves: the organisation's profile
# (tests/fixtures/imports/organisations), or the city.
OPTIONS = {"15": {"org": "tanjong-grid"},
           "19": {"org": "hvo"}, "20": {"org": "hvo-zh"}, "24": {"org": "qingchuan"}}
REFUSED = {"25"}


def project(tmp_path: Path) -> Path:
    out = tmp_path / "source"
    shutil.copytree(IMPORTS / "organisations", out / "organisations")
    return out


def snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("path", [f for f in FILES if f.name[:2] not in REFUSED], ids=lambda p: p.name)
def test_fixture_imports_to_its_golden(path, tmp_path):
    out = project(tmp_path)
    result = import_file(path, out, **OPTIONS.get(path.name[:2], {}))
    release = read(result.source)
    dumped = json.loads(dump_release(release))
    golden = GOLDEN / (path.name + ".json")
    text = json.dumps({"release": dumped, "profiles": {p.name: p.read_text("utf-8") for p in result.profiles}}, indent=1, ensure_ascii=False)
    text = text.replace(str(out), "<out>") + "\n"
    if os.environ.get("DOCGEN_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, "utf-8")
    assert text == golden.read_text("utf-8")
    # Nothing invented: every issuer's name is in the file as the release wrote it (or in the
    # profile the user gave), never a placeholder.
    source_text = path.read_text("utf-8", "ignore") if path.suffix == ".txt" else _docx_text(path)
    given = OPTIONS.get(path.name[:2], {}).get("org")
    for organisation in release.organisations:
        assert organisation.id == given or _squash(organisation.name) in _squash(source_text), organisation.name
        assert organisation.name.lower() != "organisation"


def _docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    return "\n".join([p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells])


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\u00a0", " "))


@pytest.mark.parametrize("path", [f for f in FILES if f.name[:2] in REFUSED], ids=lambda p: p.name)
def test_a_release_naming_no_organisation_is_refused_and_nothing_is_written(path, tmp_path):
    out = project(tmp_path)
    before = snapshot(out)
    with pytest.raises(DocgenError, match=r"the release names no organisation \(no SOURCE line, no About section\): "
                                          r"give the profile to use with --org ID"):
        import_file(path, out)
    assert snapshot(out) == before and not [p for p in out.iterdir() if p.name.startswith(".docgen-import")]
