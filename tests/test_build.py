"""Outputs land whole or not at all, and one bad release never stops a batch."""
import dataclasses
import json
import os
from pathlib import Path

import pytest

from docgen import build, files
from docgen.errors import DocgenError
from docgen.model import SLUG_MAX_LENGTH
from tests.conftest import SEED_SOURCE, VALID_FRONT_MATTER


def test_find_sources_walks_folders_and_globs(project):
    (project / "second.md").write_text(f"---\n{VALID_FRONT_MATTER}---\n\nText.\n", "utf-8")
    assert [p.name for p in build.find_sources([str(project)])] == ["all-blocks.md", "second.md", "zh-typesetting.md"]
    assert [p.name for p in build.find_sources([str(project / "s*.md")])] == ["second.md"]
    with pytest.raises(DocgenError, match="no file matches"):
        build.find_sources([str(project / "nothing-*.md")])


def test_files_of_every_edition_carry_its_tag_so_they_can_travel_together(tmp_path):
    [outcome] = build.build([SEED_SOURCE], build.Settings(formats=["txt", "pdf", "docx"], locales=["en", "zh-Hant-HK"], out_dir=tmp_path))
    assert outcome.error is None
    names = [p.name for p in outcome.written]
    assert len(names) == 6 and len(set(names)) == 6  # one e-mail can carry all six
    assert {name.split(".")[1] for name in names} == {"en", "zh-Hant-HK"}


def test_output_layout_is_slug_locale_slug_ext(tmp_path):
    [outcome] = build.build([SEED_SOURCE], build.Settings(formats=["txt", "json"], out_dir=tmp_path))
    assert outcome.error is None
    slug = "2024-02-28-astri-budget"
    assert sorted(p.relative_to(tmp_path).as_posix() for p in outcome.written) == [f"{slug}/en/{slug}.en.json", f"{slug}/en/{slug}.en.txt"]
    assert sorted(p.name for p in (tmp_path / slug / "en").iterdir()) == [f"{slug}.en.json", f"{slug}.en.txt"]


def test_a_bad_release_is_reported_and_the_others_are_built(make_release, tmp_path):
    good = make_release(name="good.md")
    bad = make_release(VALID_FRONT_MATTER.replace("2024-09-05", "2024-13-01"), name="bad.md")
    out = tmp_path / "out"
    outcomes = build.build([bad, good], build.Settings(formats=["txt", "json"], out_dir=out))
    assert outcomes[0].error is not None and outcomes[0].error.file == str(bad) and outcomes[0].error.line == 5
    assert outcomes[1].error is None
    assert not (out / "bad").exists()
    assert (out / "good" / "en" / "good.en.txt").read_text("utf-8").startswith("A valid headline\n")
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


# --- a release is written whole or not at all ---

def _old_set(folder: Path) -> dict[Path, bytes]:
    targets = {folder / "a" / "one.txt": b"old one", folder / "a" / "two.pdf": b"old two"}
    for target, data in targets.items():
        files.write_atomic(target, data)
    return targets


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".docgen-*"))


@pytest.mark.parametrize("fault", ["ENOSPC while writing the second", "ENAMETOOLONG renaming the second"])
def test_write_all_puts_every_file_in_place_or_none(tmp_path, monkeypatch, fault):
    targets = _old_set(tmp_path)
    new = {target: b"new " + target.name.encode() for target in targets}
    new[tmp_path / "b" / "c" / "three.docx"] = b"new three"
    import errno

    if fault.startswith("ENOSPC"):
        real = os.fsync
        calls = []

        def fsync(fd):
            calls.append(fd)
            if len(calls) == 2:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            real(fd)

        monkeypatch.setattr(os, "fsync", fsync)
        reason = "No space left on device"
    else:
        real = os.replace

        def replace(source, target):
            if str(target).endswith("two.pdf"):
                raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG))
            real(source, target)

        monkeypatch.setattr(os, "replace", replace)
        reason = "File name too long"
    with pytest.raises(DocgenError, match=f"cannot write output: {reason}") as caught:
        files.write_all(new)
    assert caught.value.file == str(tmp_path / "a" / "two.pdf")
    assert {t: t.read_bytes() for t in targets} == _old_set_data(tmp_path)
    assert _leftovers(tmp_path) == []
    assert not (tmp_path / "b").exists()  # folders made for the set are gone with it


def _old_set_data(folder: Path) -> dict[Path, bytes]:
    return {folder / "a" / "one.txt": b"old one", folder / "a" / "two.pdf": b"old two"}


def test_write_all_temporary_names_are_short_whatever_the_target(tmp_path, monkeypatch):
    seen = []
    real = os.replace
    monkeypatch.setattr(os, "replace", lambda source, target: (seen.append(Path(source).name), real(source, target)))
    files.write_all({tmp_path / ("x" * 250): b"data"})
    assert len(seen) == 1 and seen[0].startswith(".docgen-") and len(seen[0]) < 30


# --- a bug in one release fails that release only ---

def _crash_for(monkeypatch, slug: str, how: str = "raise"):
    """Make the txt renderer fail for the release *slug*: raise, or kill its process."""
    from docgen.render import txt

    real = txt.render

    def render(release, ctx, style, publication=None):
        if release.slug == slug:
            if how == "exit":
                os._exit(3)
            raise RuntimeError(f"injected fault in {slug}")
        return real(release, ctx, style, publication)

    monkeypatch.setattr(txt, "render", render)


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_exception_in_one_release_fails_it_alone(make_release, tmp_path, monkeypatch, jobs):
    paths = [make_release(name=f"r{n}.md") for n in range(5)]
    _crash_for(monkeypatch, "r2")
    out = tmp_path / "out"
    outcomes = build.build(paths, build.Settings(formats=["txt", "json"], out_dir=out, jobs=jobs))
    assert [o.internal is not None for o in outcomes] == [False, False, True, False, False]
    crash = outcomes[2].internal
    assert crash.summary == "RuntimeError: injected fault in r2"
    assert "Traceback (most recent call last)" in crash.traceback and "_crash_for" not in crash.summary
    assert not (out / "r2").exists()
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["r0", "r1", "r3", "r4"]
    manifest = json.loads((out / ".docgen-manifest.json").read_text("utf-8"))
    assert sorted(Path(s).name for s in manifest["sources"]) == ["r0.md", "r1.md", "r3.md", "r4.md"]


def test_a_worker_that_dies_costs_only_its_release(make_release, tmp_path, monkeypatch):
    paths = [make_release(name=f"r{n}.md") for n in range(7)]
    _crash_for(monkeypatch, "r3", how="exit")
    out = tmp_path / "out"
    outcomes = build.build(paths, build.Settings(formats=["txt"], out_dir=out, jobs=2))
    assert [o.source.name for o in outcomes if not o.ok] == ["r3.md"]
    assert "worker process building it died" in outcomes[3].internal.summary
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["r0", "r1", "r2", "r4", "r5", "r6"]


# --- slugs: length, safety, case, ownership ---

def test_a_slug_is_at_most_the_limit(make_release, tmp_path):
    longest = "a" * SLUG_MAX_LENGTH
    fits = make_release(VALID_FRONT_MATTER + f"slug: {longest}\n", name="fits.md")
    too_long = make_release(VALID_FRONT_MATTER + f"slug: {longest}b\n", name="long.md")
    by_name = make_release(name="b" * (SLUG_MAX_LENGTH + 1) + ".md")  # the default slug is the file name
    out = tmp_path / "out"
    outcomes = build.build([fits, too_long, by_name], build.Settings(formats=["docx", "txt"], out_dir=out))
    assert outcomes[0].ok and {p.name for p in outcomes[0].written} == {f"{longest}.en.docx", f"{longest}.en.txt"}
    limit = f"a slug is at most {SLUG_MAX_LENGTH} characters long (this one has {SLUG_MAX_LENGTH + 1})"
    for outcome in outcomes[1:]:
        assert outcome.error.field == "slug" and limit in outcome.error.message
    assert outcomes[1].error.line == 6  # the front matter's own slug: found by the reader, with its line
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [longest]


def _dump(project: Path, name: str, slug: str) -> Path:
    from docgen import sources
    from docgen.jsonio import dump_release

    release = sources.read(project / "all-blocks.md")
    path = project / name
    path.write_text(dump_release(dataclasses.replace(release, slug=slug)), "utf-8")
    return path


@pytest.mark.parametrize("jobs", [1, 2])
def test_slugs_that_differ_only_in_case_are_refused_in_batch_order(project, tmp_path, jobs):
    paths = [_dump(project, "upper.json", "Budget"), _dump(project, "other.json", "other"), _dump(project, "lower.json", "budget")]
    out = tmp_path / "out"
    outcomes = build.build(paths, build.Settings(formats=["txt"], out_dir=out, jobs=jobs))
    assert [o.ok for o in outcomes] == [True, True, False]
    assert outcomes[2].error.message == f"slug 'budget' differs only in case from 'Budget' of {paths[0]}, and would share its folder on macOS and Windows"
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["Budget", "other"]


def test_a_slug_that_would_name_another_folder_is_refused(project, tmp_path):
    paths = [_dump(project, f"{n}.json", slug) for n, slug in enumerate(["../escape", "a/b", ".hidden", ""])]
    outcomes = build.build(paths, build.Settings(formats=["txt"], out_dir=tmp_path / "out"))
    assert all(o.error is not None and o.error.field == "slug" for o in outcomes)
    assert not (tmp_path / "out").exists() and not (tmp_path / "escape").exists()
