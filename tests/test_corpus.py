"""The bad-input corpus: tests/corpus/*.case, one file per case.

A case file holds its description, the exact error it must produce, and the
files of a small project::

    # what the case is about
    expect: {dir}/release.md:5: dateline.date: not a valid date ...   (or: ok)
    expect-check: ok                      (optional: what `check` says, when it differs)
    expect-pdf: ...                       (optional: per format, when it differs)
    args: --style {dir}/style             (optional: more build arguments)
    contains: <img src="/etc/passwd"/>    (optional, repeatable: text every output must hold)
    written: en                           (optional: the editions still built beside the failing one)
    === release.md [latin-1|utf-8-sig|crlf]
    ...file text; {U+XXXX} is that character, {repeat N}text{/repeat} repeats text...
    === link images/away.png -> /etc/hostname
    === copy images/photo.png <- images/lab.png    (a file from tests/fixtures/project/source)
    === bytes images/bomb.png                      (a file's bytes, in base64 on the lines below)
    === make style/Broken.ttf <- truncated-font    (a broken font or reference document: tests/badfiles.py)

Without an ``organisations/`` file the fixture project's example profile is used.
Every case runs through ``docgen check`` and ``docgen build`` of each format,
in English and Traditional Chinese: an error must be one line naming the file
(and line and field where there is one), exit code 2, no traceback, and no
output of the failing edition; the other edition is written only when the fault
is in its catalogue alone (``written:``).
"""
from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from docgen.cli import main
from tests import badfiles, pdfcheck
from tests.conftest import FIXTURES

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(CORPUS.glob("*.case"))
FORMATS = ("txt", "pdf", "docx")


def parse(case: Path) -> tuple[dict, list[tuple[str, str, str]]]:
    head, _, rest = case.read_text("utf-8").partition("\n=== ")
    meta: dict = {"contains": []}
    for line in head.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        key, _, value = line.partition(": ")
        if key == "contains":
            meta["contains"].append(value)
        else:
            meta[key] = value
    files = []
    for chunk in ("=== " + rest).split("\n=== ")[0:]:
        chunk = chunk.removeprefix("=== ")
        header, _, body = chunk.partition("\n")
        name, _, option = header.partition(" [")
        files.append((name.strip(), option.rstrip("]"), body))
    return meta, files


def expand(text: str) -> str:
    text = re.sub(r"\{repeat (\d+)\}(.*?)\{/repeat\}", lambda m: m.group(2) * int(m.group(1)), text, flags=re.S)
    return re.sub(r"\{U\+([0-9A-Fa-f]{4,6})\}", lambda m: chr(int(m.group(1), 16)), text)


def materialise(case: Path, root: Path) -> dict:
    meta, files = parse(case)
    project = root / "project"
    (project / "organisations").mkdir(parents=True)
    for name, option, body in files:
        target = project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if name.startswith("copy "):
            dest, _, fixture = name.removeprefix("copy ").partition(" <- ")
            (project / dest).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(FIXTURES / "project" / "source" / fixture, project / dest)
            continue
        if name.startswith("bytes "):
            dest = project / name.removeprefix("bytes ")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(base64.b64decode("".join(body.split()), validate=True))
            continue
        if name.startswith("make "):
            dest, _, kind = name.removeprefix("make ").partition(" <- ")
            badfiles.make(kind, project / dest)
            continue
        if name.startswith("link "):
            link, _, to = name.removeprefix("link ").partition(" -> ")
            (project / link).parent.mkdir(parents=True, exist_ok=True)
            (project / link).symlink_to(to)
            continue
        text = expand(body)
        if option == "crlf":
            data = text.replace("\n", "\r\n").encode("utf-8")
        elif option in ("latin-1", "utf-8-sig"):
            data = text.encode(option)
        else:
            data = text.encode("utf-8", "surrogatepass")
        target.write_bytes(data)
    if not any((project / "organisations").iterdir()):
        shutil.copy(FIXTURES / "project" / "source" / "organisations" / "example.yaml", project / "organisations")
    return meta


def expected(meta: dict, key: str, project: Path) -> str:
    value = meta.get(key, meta["expect"])
    return value.replace("{dir}", str(project))


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("Error: ")]


def test_the_corpus_has_at_least_40_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case(case: Path, tmp_path: Path):
    meta = materialise(case, tmp_path)
    project = tmp_path / "project"
    release = str(project / "release.md")
    extra = [a.replace("{dir}", str(project)) for a in meta.get("args", "").split()]
    check_args = [a for a in extra if a == "--allow-outside"]

    checked = run("check", release, *check_args)
    want = expected(meta, "expect-check", project)
    if want == "ok":
        assert checked.exit_code == 0, checked.output
    else:
        assert checked.exit_code == 2
        assert error_lines(checked.output) == [f"Error: {want}"]

    for fmt in FORMATS:
        out = tmp_path / f"out-{fmt}"
        built = run("build", release, "-f", fmt, "-l", "en,zh-Hant-HK", "--allow-partial", "--jobs", "1",
                    "--locales", str(project / "locales"), "-o", str(out), *extra)
        want = expected(meta, f"expect-{fmt}", project)
        written = sorted(p for p in out.rglob("*.*") if not p.name.startswith(".")) if out.exists() else []
        if want == "ok":
            assert built.exit_code == 0, built.output
            assert len(written) == 2
            for text in meta["contains"]:
                for path in written:
                    assert expand(text) in _text(path), (path.name, text)
        else:
            assert built.exit_code == 2
            assert error_lines(built.output) == [f"Error: {want}"], built.output
            editions = meta.get("written", "").split()
            assert sorted({p.parent.name for p in written}) == editions, "a refused edition must write nothing"
            assert len(written) == len(editions)


def _text(path: Path) -> str:
    if path.suffix == ".pdf":
        return " ".join(pdfcheck.text(path).split())
    if path.suffix == ".docx":
        return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    return path.read_text("utf-8")
