"""Outputs land whole or not at all, and one bad release never stops a batch."""
import os
from pathlib import Path

import pytest

from docgen import build, files
from docgen.errors import DocgenError
from tests.conftest import SEED_SOURCE, VALID_FRONT_MATTER


def test_find_sources_walks_folders_and_globs(project):
    (project / "second.md").write_text(f"---\n{VALID_FRONT_MATTER}---\n\nText.\n", "utf-8")
    assert [p.name for p in build.find_sources([str(project)])] == ["all-blocks.md", "second.md", "zh-typesetting.md"]
    assert [p.name for p in build.find_sources([str(project / "s*.md")])] == ["second.md"]
    with pytest.raises(DocgenError, match="no file matches"):
        build.find_sources([str(project / "nothing-*.md")])


def test_output_layout_is_slug_locale_slug_ext(tmp_path):
    [outcome] = build.build([SEED_SOURCE], build.Settings(formats=["txt", "json"], out_dir=tmp_path))
    assert outcome.error is None
    slug = "2024-02-28-astri-budget"
    assert sorted(p.relative_to(tmp_path).as_posix() for p in outcome.written) == [f"{slug}/en/{slug}.json", f"{slug}/en/{slug}.txt"]
    assert sorted(p.name for p in (tmp_path / slug / "en").iterdir()) == [f"{slug}.json", f"{slug}.txt"]


def test_a_bad_release_is_reported_and_the_others_are_built(make_release, tmp_path):
    good = make_release(name="good.md")
    bad = make_release(VALID_FRONT_MATTER.replace("2024-09-05", "2024-13-01"), name="bad.md")
    out = tmp_path / "out"
    outcomes = build.build([bad, good], build.Settings(formats=["txt", "json"], out_dir=out))
    assert outcomes[0].error is not None and outcomes[0].error.file == str(bad) and outcomes[0].error.line == 5
    assert outcomes[1].error is None
    assert not (out / "bad").exists()
    assert (out / "good" / "en" / "good.txt").read_text("utf-8").startswith("A valid headline\n")
    assert [p.name for p in out.rglob("*") if p.name.endswith(".tmp")] == []


def test_duplicate_slug_in_a_batch_is_an_error_for_the_second(make_release, tmp_path):
    first = make_release(VALID_FRONT_MATTER + "slug: same\n", name="a.md")
    second = make_release(VALID_FRONT_MATTER + "slug: same\n", name="b.md")
    outcomes = build.build([first, second], build.Settings(formats=["txt"], out_dir=tmp_path))
    assert outcomes[0].error is None
    assert "already used by" in outcomes[1].error.message and outcomes[1].error.field == "slug"


def test_write_atomic_replaces_whole_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "a" / "b.txt"
    files.write_atomic(target, b"old")
    files.write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert os.listdir(target.parent) == ["b.txt"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def test_unwritable_output_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DocgenError, match="cannot write output") as caught:
        files.write_atomic(blocker / "sub" / "out.txt", b"data")
    assert caught.value.file == str(blocker / "sub" / "out.txt")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
