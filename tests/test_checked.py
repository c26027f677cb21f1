"""``docgen check`` remembers the releases it found sound (docgen.checked) and reads only what changed."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from tests.conftest import FIXTURES

_WATCHED = ("pydantic", "pydantic_core", "yaml", "markdown_it", "reportlab", "docx", "PIL")


@pytest.fixture
def shapes(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the shapes project (co-issued releases, photos) and a cache of its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    shutil.copytree(FIXTURES / "shapes", tmp_path / "shapes")
    return tmp_path / "shapes"


def _check(folder: Path) -> tuple[int, str, list[str]]:
    """``docgen check source/`` in a fresh process: exit code, output, and which of the libraries
    that read and validate (and render) it loaded."""
    code = ("import sys; from docgen.cli import main\n"
            "try: main(['check', 'source/'])\n"
            "except SystemExit as exit: code = exit.code\n"
            "print('LOADED', code, ' '.join(m for m in " + repr(_WATCHED) + " if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=folder, env=os.environ)
    *said, loaded = done.stdout.splitlines()
    _, code, *modules = loaded.split()
    return int(code), "\n".join(said) + "\n" + done.stderr, modules


def test_a_second_check_of_unchanged_releases_reads_none_of_them(shapes):
    code, out, loaded = _check(shapes)
    assert code == 0 and "ok source/2025-04-02-joint-lab.md" in out
    assert {"pydantic", "yaml", "markdown_it"} <= set(loaded)  # read and validated: the check below can fail
    assert not {"reportlab", "docx", "PIL"} & set(loaded)
    code, again, loaded = _check(shapes)
    assert code == 0 and loaded == []
    assert again == out


def test_an_edit_to_the_source_is_read_even_within_one_tick_of_the_clock(shapes):
    source = shapes / "source" / "2025-04-02-joint-lab.md"
    assert _check(shapes)[0] == 0
    stat = source.stat()
    text = source.read_text("utf-8")
    source.write_text(text.replace("headline: Harbour", "headlines: Harbour", 1), "utf-8")
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same time; one byte longer
    code, out, loaded = _check(shapes)
    assert code == 2 and "2025-04-02-joint-lab.md:2: headlines: unknown field 'headlines'; did you mean 'headline'?" in out
    source.write_text(text.replace("headline: Harbour", "headline: Harbowr", 1), "utf-8")
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same time: only the hash tells
    assert _check(shapes)[2] != []


@pytest.mark.parametrize("change, message", [
    # The co-issuer's profile, not the lead's: both are what the release was read from.
    (lambda p: (p / "source" / "organisations" / "kowloon-bio.yaml").write_text("name: Kowloon Bioscience\n", "utf-8"),
     "kowloon-bio.yaml:1: short_name: this field is required"),
    (lambda p: (p / "source" / "organisations" / "kowloon-bio.yaml").unlink(), "unknown organisation 'kowloon-bio'"),
])
def test_a_change_to_a_profile_is_read(shapes, change, message):
    assert _check(shapes)[0] == 0
    change(shapes)
    code, out, _ = _check(shapes)
    assert code == 2 and message in out


def test_a_photo_removed_is_an_error_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    shutil.copytree(FIXTURES / "project" / "source", tmp_path / "project" / "source")
    folder = tmp_path / "project"
    for other in (folder / "source").glob("*.md"):
        if other.name != "all-blocks.md":
            other.unlink()
    assert _check(folder)[0] == 0
    (folder / "source" / "images" / "lab.png").unlink()
    code, out, _ = _check(folder)
    assert code == 2 and "all-blocks.md:40:" in out and "images/lab.png" in out


def test_a_release_with_an_error_is_never_remembered(shapes, tmp_path):
    bad = shapes / "source" / "2025-04-02-joint-lab.md"
    bad.write_text(bad.read_text("utf-8").replace("headline:", "headlin:", 1), "utf-8")
    for _ in range(2):
        code, out, loaded = _check(shapes)
        assert code == 2 and "unknown field 'headlin'" in out and "pydantic" in loaded


def test_a_cache_that_cannot_be_written_changes_nothing_but_the_time(shapes, tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", "utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    for _ in range(2):
        code, out, loaded = _check(shapes)
        assert code == 0 and "pydantic" in loaded


def test_check_through_the_cli_runner_says_ok_for_a_remembered_release(shapes, monkeypatch):
    monkeypatch.chdir(shapes)
    runner = CliRunner()
    first = runner.invoke(main, ["check", "source/"])
    second = runner.invoke(main, ["check", "source/"])
    assert first.exit_code == second.exit_code == 0
    assert first.output == second.output and "ok source/2025-04-02-joint-lab.md" in second.output


def test_what_was_remembered_is_forgotten_when_docgens_code_changes(shapes, monkeypatch):
    """A new rule in a reader must reach releases checked before it: the version alone does not
    change while a checkout is edited."""
    from docgen import checked

    release = shapes / "source" / "2025-04-02-joint-lab.md"
    monkeypatch.chdir(shapes)
    assert CliRunner().invoke(main, ["check", "source/"]).exit_code == 0
    assert checked.sound(release, allow_outside=False)
    checked._code.cache_clear()
    monkeypatch.setattr(checked, "_code", lambda: "another docgen")
    assert not checked.sound(release, allow_outside=False)
