"""Archive builds: parallel equals serial, and only what changed is rebuilt."""
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from tests.conftest import FIXTURES, ROOT, VALID_FRONT_MATTER


@pytest.fixture
def archive(tmp_path):
    """The seed (with its catalogues) and three more ASTRI releases: 4 releases x 2 locales x 3 formats."""
    shutil.copytree(ROOT / "source", tmp_path / "source")
    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    seed = tmp_path / "source" / "2024-02-28-astri-budget.md"
    for n in range(1, 4):
        shutil.copyfile(seed, tmp_path / "source" / f"2024-03-0{n}-copy.md")
        for kind in ("po", "pot"):
            folder = tmp_path / "locales" / ("zh_Hant_HK/LC_MESSAGES" if kind == "po" else "")
            shutil.copyfile(folder / f"2024-02-28-astri-budget.{kind}", folder / f"2024-03-0{n}-copy.{kind}")
    return tmp_path


def build(archive, *args, out="dist"):
    result = CliRunner().invoke(main, ["build", str(archive / "source"), "-l", "en,zh-Hant-HK", "--locales", str(archive / "locales"),
                                       "-o", str(archive / out), "--json", *args], catch_exceptions=False)
    assert result.exit_code in (0, 2), result.output
    return json.loads(result.output)


def statuses(report):
    return {Path(r["source"]).name: (r["status"], len(r["written"])) for r in report["releases"]}


def test_parallel_build_writes_the_same_bytes_as_a_serial_one(archive):
    serial, parallel = build(archive, "--jobs", "1", out="serial"), build(archive, "--jobs", "2", out="parallel")
    assert serial["built"] == parallel["built"] == 4
    files = sorted(p.relative_to(archive / "serial") for p in (archive / "serial").rglob("*.*") if not p.name.startswith("."))
    assert len(files) == 24
    for name in files:
        assert (archive / "serial" / name).read_bytes() == (archive / "parallel" / name).read_bytes(), name


def test_a_second_build_skips_everything_and_force_rebuilds(archive):
    build(archive, "--jobs", "2")
    again = build(archive)
    assert (again["built"], again["skipped"], again["failed"]) == (0, 4, 0)
    assert all(len(r["skipped"]) == 6 for r in again["releases"])
    forced = build(archive, "--force")
    assert forced["built"] == 4


def test_only_what_depends_on_a_change_is_rebuilt(archive):
    build(archive)
    # A touched but unchanged source is not a change.
    source = archive / "source" / "2024-03-01-copy.md"
    os.utime(source, (time.time() + 5, time.time() + 5))
    assert build(archive)["built"] == 0
    # A release's own catalogue: only its Chinese outputs.
    po = archive / "locales" / "zh_Hant_HK" / "LC_MESSAGES" / "2024-03-02-copy.po"
    po.write_text(po.read_text("utf-8").replace("以創科推動產業轉型及經濟增長", "以創科推動產業轉型"), "utf-8")
    report = statuses(build(archive))
    assert report["2024-03-02-copy.md"] == ("built", 3) and report["2024-03-01-copy.md"] == ("skipped", 0)
    # The source itself: all six of that release.
    source.write_text(source.read_text("utf-8").replace("ASTRI is at the forefront", "ASTRI stands at the forefront"), "utf-8")
    po1 = archive / "locales" / "zh_Hant_HK" / "LC_MESSAGES" / "2024-03-01-copy.po"
    assert statuses(build(archive, "--allow-partial"))["2024-03-01-copy.md"] == ("built", 6)
    # The organisation profile is shared: every release.
    profile = archive / "source" / "organisations" / "astri.yaml"
    profile.write_text(profile.read_text("utf-8").replace("contacts: []", "contacts:\n  - name: Chan Tai Man\n    email: media@astri.org"), "utf-8")
    assert build(archive, "--allow-partial")["built"] == 4
    assert po1.exists()


def test_a_deleted_output_is_rebuilt(archive):
    build(archive)
    next((archive / "dist").rglob("*.pdf")).unlink()
    report = build(archive)
    assert report["built"] == 1 and sum(len(r["written"]) for r in report["releases"]) == 1


def test_quiet_prints_only_errors_and_the_summary_counts_skips(archive):
    runner = CliRunner()
    args = ["build", str(archive / "source"), "--locales", str(archive / "locales"), "-o", str(archive / "dist")]
    assert runner.invoke(main, args + ["--quiet"]).output == ""
    result = runner.invoke(main, args)
    assert result.output.strip().startswith("0 built, 4 skipped, 0 failed (0 files written) in ")


def _loaded_by(command: list[str], cwd: Path) -> str:
    code = ("import sys; from docgen.cli import main\n"
            "try: main(" + repr(command) + ")\n"
            "except SystemExit: pass\n"
            "print('LOADED', sorted(m for m in ('reportlab', 'docx', 'PIL') if m in sys.modules))")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd).stdout


@pytest.mark.parametrize("command", [["--help"], ["check", "source/"], ["build", "--help"]])
def test_help_and_check_do_not_import_reportlab_python_docx_or_pillow(command):
    out = _loaded_by(command, ROOT)
    assert "LOADED []" in out, out


def test_a_build_with_nothing_to_do_imports_no_renderer(tmp_path):
    """A no-change build checks the manifest and stops: the renderers' libraries stay unloaded."""
    command = ["build", str(ROOT / "source" / "2024-02-28-astri-budget.md"), "-l", "en,zh-Hant-HK", "-o", str(tmp_path / "dist"),
               "--locales", str(ROOT / "locales")]
    first = _loaded_by(command, tmp_path)
    assert "'reportlab'" in first and "'docx'" in first  # the first build renders: the check below can fail
    assert "LOADED []" in _loaded_by(command, tmp_path)


# --- outputs have one owner ---

def _two_claimants(tmp_path):
    """Two different releases that both say ``slug: shared``, and an ordinary third."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "project" / "source", project)
    front = VALID_FRONT_MATTER + "slug: shared\n"
    (project / "a.md").write_text(f"---\n{front}---\n\nWritten by A.\n", "utf-8")
    (project / "b.md").write_text(f"---\n{front.replace('A valid headline', 'Another headline')}---\n\nWritten by B.\n", "utf-8")
    return project


def _txt(out):
    return (out / "shared" / "en" / "shared.en.txt").read_text("utf-8")


def test_a_slug_belongs_to_the_source_that_wrote_it_until_force(tmp_path):
    project, out = _two_claimants(tmp_path), tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(project / "a.md"), "-f", "txt", "-o", str(out)]).exit_code == 0
    refused = runner.invoke(main, ["build", str(project / "b.md"), "-f", "txt", "-o", str(out)])
    assert refused.exit_code == 2
    assert (f"Error: {project / 'b.md'}: slug: the outputs named 'shared' in {out} were built from ../project/a.md; "
            "build with --force to replace them with this release's") in refused.output
    assert "Written by A." in _txt(out)
    forced = runner.invoke(main, ["build", str(project / "b.md"), "-f", "txt", "-o", str(out), "--force"])
    assert forced.exit_code == 0 and "Written by B." in _txt(out)
    # Now B owns it: A is refused in turn, and B's next build is an ordinary skip.
    assert runner.invoke(main, ["build", str(project / "a.md"), "-f", "txt", "-o", str(out)]).exit_code == 2
    assert "Written by B." in _txt(out)
    again = runner.invoke(main, ["build", str(project / "b.md"), "-f", "txt", "-o", str(out)])
    assert again.exit_code == 0 and "0 built, 1 skipped" in again.output


def test_one_source_named_two_ways_is_one_owner(tmp_path, monkeypatch):
    project, out = _two_claimants(tmp_path), tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(project / "a.md"), "-f", "txt", "-o", str(out)]).exit_code == 0
    (project / "a.md").write_text((project / "a.md").read_text("utf-8").replace("Written by A.", "A, edited."), "utf-8")
    monkeypatch.chdir(project)  # relative names now, from another folder
    result = runner.invoke(main, ["build", "a.md", "-f", "txt", "-o", "../out"])
    assert result.exit_code == 0, result.output
    assert "A, edited." in _txt(out)
    data = json.loads((out / ".docgen-manifest.json").read_text("utf-8"))
    assert [entry["id"] for entry in data["sources"].values()] == ["../project/a.md"]


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe garbage", b"[]", b'{"version": 1, "sources": {}}',
                                     b'{"version": 2, "sources": {"x.md": {"slug": 3}}}',
                                     b'{"version": 2, "sources": {"x.md": {"id": "x", "slug": "x", "language": "en", "source": [1, 2, null], '
                                     b'"outputs": {"o": {"key": "k", "depends": {"d": "hand-edited"}}}}}}'])
def test_a_corrupt_or_hand_edited_manifest_is_ignored_with_a_warning(archive, content):
    first = build(archive)
    manifest = archive / "dist" / ".docgen-manifest.json"
    manifest.write_bytes(content)
    report = build(archive)
    assert (report["built"], report["failed"]) == (4, 0)
    [warning] = report["warnings"]
    assert warning.startswith(f"{manifest} cannot be used (") and warning.endswith("); it is ignored and every output is rebuilt")
    # Written again whole: the next build skips everything, silently.
    again = build(archive)
    assert (again["skipped"], again["warnings"]) == (4, []) and first["built"] == 4


def test_builds_saving_one_after_another_keep_each_others_records(tmp_path):
    from docgen.manifest import Manifest

    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(name, "utf-8")
    out = tmp_path / "out"
    first, second = Manifest.load(out), Manifest.load(out)  # both read before either saves
    first.record(tmp_path / "a.md", "a", "en", str(out / "a/en/a.en.txt"), "key", [])
    second.record(tmp_path / "b.md", "b", "en", str(out / "b/en/b.en.txt"), "key", [])
    first.save()
    second.save()
    assert sorted(Manifest.load(out).sources) == [str(tmp_path / "a.md"), str(tmp_path / "b.md")]
    # What a build forgot stays forgotten; what it never touched is kept.
    third = Manifest.load(out)
    third.forget(tmp_path / "a.md")
    third.save()
    assert sorted(Manifest.load(out).sources) == [str(tmp_path / "b.md")]


def test_jobs_beyond_the_cores_are_capped_with_a_note(archive, monkeypatch):
    from docgen import build as builder

    asked = []
    real = builder.build
    monkeypatch.setattr(builder, "build", lambda paths, settings, progress=None: asked.append(settings.jobs) or real(paths, settings, progress))
    monkeypatch.setattr(builder, "default_jobs", lambda: 2)
    result = CliRunner().invoke(main, ["build", str(archive / "source"), "-f", "txt", "-o", str(archive / "dist"), "--jobs", "1000"])
    assert result.exit_code == 0
    assert "Note: --jobs 1000 is more than the 2 cores here; using 2" in result.output
    assert asked == [2]
