"""A batch with faults in it: twelve releases, one bad photo, one release that meets a bug,
a broken font style and a corrupt manifest.  The good releases are built, the exit code
says what happened, and no output is ever partial (issue 14, Done-when)."""
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from tests.conftest import FIXTURES
from tests.test_faults import broken_outputs, outputs

RELEASES = [f"release-{n:02d}" for n in range(1, 13)]
BAD_PHOTO, BUGGY = "release-05", "release-09"


@pytest.fixture
def batch(tmp_path, monkeypatch):
    """Twelve copies of the every-block release, one with a text file for a photo, and an
    output folder whose manifest is corrupt."""
    project = tmp_path / "source"
    shutil.copytree(FIXTURES / "project" / "source", project)
    text = (project / "all-blocks.md").read_text("utf-8")
    for name in ("all-blocks.md", "zh-typesetting.md"):
        (project / name).unlink()
    for slug in RELEASES:
        (project / f"{slug}.md").write_text(text, "utf-8")
    (project / "images" / "not-a-photo.png").write_text("this is text, not a PNG\n", "utf-8")
    bad = project / f"{BAD_PHOTO}.md"
    bad.write_text(text.replace("images/lab.png", "images/not-a-photo.png"), "utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".docgen-manifest.json").write_text('{"version": 2, "sources": {"cut off', "utf-8")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the log of tracebacks, if any
    return project, out


def run(project, out, jobs, *extra):
    return CliRunner().invoke(main, ["build", str(project), "-o", str(out), "--jobs", jobs, *extra])


def built_releases(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if not p.name.startswith("."))


def assert_nothing_partial(out: Path, good: list[str]) -> None:
    """Each good release has its three outputs, whole; nothing else, and no temporary file."""
    assert built_releases(out) == good
    assert sorted(p.relative_to(out).as_posix() for p in outputs(out)) == sorted(
        f"{slug}/en/{slug}.en.{ext}" for slug in good for ext in ("docx", "pdf", "txt"))
    assert broken_outputs(out) == []
    assert [p.name for p in out.rglob(".docgen-*") if p.suffix in (".tmp", ".old")] == []


def assert_manifest_rebuilt(out: Path, good: list[str], result) -> None:
    manifest = out / ".docgen-manifest.json"
    assert f"Warning: {manifest} cannot be used (" in result.output  # the corrupt one, said once
    assert result.output.count(str(manifest)) == 1
    recorded = json.loads(manifest.read_text("utf-8"))["sources"]
    assert sorted(Path(source).stem for source in recorded) == good


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bad_photo_fails_its_release_and_the_eleven_others_are_built(batch, jobs):
    project, out = batch
    result = run(project, out, jobs)
    good = [slug for slug in RELEASES if slug != BAD_PHOTO]
    assert_nothing_partial(out, good)
    assert_manifest_rebuilt(out, good, result)
    assert "11 built, 0 skipped, 1 failed (33 files written)" in result.output
    [error] = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert error.startswith(f"Error: {project / BAD_PHOTO}.md")
    # A picture that is not one is bad input (exit 2) once docgen recognises it; until then
    # the imaging library's exception is a bug met by that release alone (exit 1).
    if "internal error in docgen" in error:
        assert result.exit_code == 1
    else:
        assert result.exit_code == 2 and "not-a-photo.png" in error


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bug_in_one_release_fails_it_alone_with_its_traceback_in_a_log(batch, monkeypatch, jobs):
    from docgen.render import docx

    real = docx.render

    def render(release, ctx, style, publication=None):
        if release.slug == BUGGY:
            raise RuntimeError("injected fault")
        return real(release, ctx, style, publication)

    monkeypatch.setattr(docx, "render", render)
    project, out = batch
    (project / f"{BAD_PHOTO}.md").write_text((project / f"{BUGGY}.md").read_text("utf-8"), "utf-8")  # no bad photo here
    result = run(project, out, jobs)
    assert result.exit_code == 1
    good = [slug for slug in RELEASES if slug != BUGGY]
    assert_nothing_partial(out, good)  # its txt and pdf were made, but are not written without the docx
    assert_manifest_rebuilt(out, good, result)
    [error] = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert error == f"Error: {project / BUGGY}.md: internal error in docgen: RuntimeError: injected fault"
    assert "Traceback" not in result.output
    [log] = Path(tempfile.tempdir).glob("docgen-*.log")
    assert f"1 release(s) met a bug in docgen; the others were built. The tracebacks are in {log}: please report them." in result.output
    trace = log.read_text("utf-8")
    assert f"== {project / BUGGY}.md\nTraceback (most recent call last):" in trace and "RuntimeError: injected fault" in trace
    assert "11 built, 0 skipped, 1 failed (33 files written)" in result.output

    # The same as data for CI; the release that met the bug is built again next time.
    report = json.loads(run(project, out, jobs, "--json").stdout)
    assert (report["built"], report["skipped"], report["failed"]) == (0, 11, 1)
    [failed] = [r for r in report["releases"] if r["status"] == "failed"]
    assert failed["source"] == f"{project / BUGGY}.md" and failed["internal_error"] is True
    assert failed["error"] == "internal error in docgen: RuntimeError: injected fault" and Path(report["log"]).is_file()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_broken_font_style_is_said_once_and_nothing_is_written(batch, tmp_path, jobs):
    """A style is the whole batch's (``--style``): its broken font fails every release alike,
    so it is one error, exit 2, before anything is written."""
    project, out = batch
    style = tmp_path / "house"
    style.mkdir()
    (style / "broken.ttf").write_text("this is text, not a font\n", "utf-8")
    (style / "style.yaml").write_text("fonts:\n  latin:\n    regular: broken.ttf\n    bold: docgen:NotoSans-Bold.ttf\n"
                                      "    italic: docgen:NotoSans-Italic.ttf\n    bold_italic: docgen:NotoSans-BoldItalic.ttf\n", "utf-8")
    corrupt = (out / ".docgen-manifest.json").read_bytes()
    result = run(project, out, jobs, "--style", str(style))
    assert result.exit_code == 2, result.output
    [error] = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert "broken.ttf" in error and "Traceback" not in result.output
    assert built_releases(out) == [] and outputs(out) == []
    assert (out / ".docgen-manifest.json").read_bytes() == corrupt
