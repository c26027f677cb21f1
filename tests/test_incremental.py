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
from tests.conftest import ROOT


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


@pytest.mark.parametrize("command", [["--help"], ["check", "source/"], ["build", "--help"]])
def test_help_and_check_do_not_import_reportlab_or_python_docx(command):
    code = ("import sys; from docgen.cli import main\n"
            "try: main(" + repr(command) + ")\n"
            "except SystemExit: pass\n"
            "print('LOADED', sorted(m for m in ('reportlab', 'docx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout
    assert "LOADED []" in out, out
