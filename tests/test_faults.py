"""Faults mid-build and reproducibility: no output is ever truncated, and the
same sources give the same bytes wherever and whenever they are built."""
import errno
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from docgen.cli import main
from tests import pdfcheck
from tests.conftest import FIXTURES, ROOT

DOCGEN = [sys.executable, "-m", "docgen"]


def make_archive(folder: Path, copies: int) -> Path:
    """The seed with its catalogues, *copies* times, plus every-block and Chinese-source fixtures."""
    shutil.copytree(ROOT / "source", folder / "source")
    shutil.copytree(ROOT / "locales", folder / "locales")
    shutil.copytree(FIXTURES / "project" / "source" / "images", folder / "source" / "images")
    shutil.copy(FIXTURES / "project" / "source" / "organisations" / "example.yaml", folder / "source" / "organisations")
    for name in ("all-blocks.md", "zh-typesetting.md"):
        shutil.copy(FIXTURES / "project" / "source" / name, folder / "source" / name)
    messages = folder / "locales" / "zh_Hant_HK" / "LC_MESSAGES"
    for n in range(copies):
        shutil.copy(folder / "source" / "2024-02-28-astri-budget.md", folder / "source" / f"copy-{n:03d}.md")
        shutil.copy(messages / "2024-02-28-astri-budget.po", messages / f"copy-{n:03d}.po")
    return folder


def build_command(archive: Path, out: Path, *extra: str) -> list[str]:
    return [*DOCGEN, "build", "source", "-l", "en,zh-Hant-HK", "--allow-partial", "--locales", "locales", "-o", str(out), "--quiet", *extra]


def broken_outputs(out: Path) -> list[str]:
    """Outputs that are not whole and valid (a truncated file would be one)."""
    broken = []
    for path in sorted(p for p in out.rglob("*.*") if not p.name.startswith(".")):
        try:
            if path.suffix == ".txt":
                text = path.read_bytes().decode("utf-8")
                ok = text.endswith("\n") and "\nSOURCE " in text or "消息來源" in text
            elif path.suffix == ".pdf":
                ok = pdfcheck.qpdf_check(path).returncode == 0
            elif path.suffix == ".docx":
                with zipfile.ZipFile(path) as package:
                    ok = package.testzip() is None
                docx.Document(str(path))
            else:
                ok = True
        except Exception:  # noqa: BLE001 - any failure to read it means it is broken
            ok = False
        if not ok:
            broken.append(str(path))
    return broken


def outputs(out: Path) -> list[Path]:
    return [p for p in out.rglob("*.*") if not p.name.startswith(".")] if out.exists() else []


@pytest.mark.parametrize("after", [1, 30, 60])
def test_sigkill_mid_build_leaves_outputs_whole_or_absent(tmp_path, after):
    """Kill the build (and its workers) once *after* of its 90 outputs exist: mid-build on any machine."""
    archive = make_archive(tmp_path, copies=12)
    out = tmp_path / "out"
    process = subprocess.Popen(build_command(archive, out, "--jobs", "2"), cwd=archive, start_new_session=True)
    deadline = time.monotonic() + 60
    while len(outputs(out)) < after and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    written = outputs(out)
    assert len(written) < 90, "the build finished before it could be killed"
    assert broken_outputs(out) == []
    # The next build completes the archive: 15 releases x 2 locales x 3 formats, all valid.
    subprocess.run(build_command(archive, out, "--jobs", "2"), cwd=archive, check=True)
    assert broken_outputs(out) == []
    assert len([p for p in out.rglob("*.*") if not p.name.startswith(".")]) == 15 * 6
    print(f"killed with {len(written)} of 90 outputs written; none broken")


def test_two_builds_of_one_folder_at_once_do_not_corrupt_each_other(tmp_path):
    archive = make_archive(tmp_path, copies=6)
    out = tmp_path / "out"
    runs = [subprocess.Popen(build_command(archive, out, "--jobs", "1", "--force"), cwd=archive) for _ in range(2)]
    assert [r.wait() for r in runs] == [0, 0]
    assert broken_outputs(out) == []
    json.loads((out / ".docgen-manifest.json").read_text("utf-8"))


def test_a_full_disk_is_a_clear_error_and_leaves_nothing_behind(tmp_path, monkeypatch):
    real_fdopen = os.fdopen

    class Full(io.RawIOBase):
        def __init__(self, handle):
            self.stream = real_fdopen(handle, "wb")

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def close(self):
            self.stream.close()

    monkeypatch.setattr(os, "fdopen", lambda handle, mode: Full(handle))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(ROOT / "source"), "-f", "txt", "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 2
    assert f"Error: {out}/2024-02-28-astri-budget/en/2024-02-28-astri-budget.en.txt: cannot write output: No space left on device" in result.output
    assert [p.name for p in out.rglob("*") if p.is_file()] == []


def test_an_unwritable_output_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should be")
    result = CliRunner().invoke(main, ["build", str(ROOT / "source"), "-f", "txt", "-o", str(blocker / "dist"), "--jobs", "1"])
    assert result.exit_code == 2
    assert "cannot write output: Not a directory" in result.output and "Traceback" not in result.output


def test_same_sources_give_the_same_bytes_in_other_folders_at_other_times_and_any_jobs(tmp_path):
    first, second = make_archive(tmp_path / "a", copies=1), make_archive(tmp_path / "b", copies=1)
    subprocess.run(build_command(first, first / "out", "--jobs", "1"), cwd=first, check=True)
    time.sleep(1.1)  # a different second on the clock
    subprocess.run(build_command(second, second / "out", "--jobs", "2"), cwd=second, check=True)
    outputs = sorted(p.relative_to(first / "out") for p in (first / "out").rglob("*.*") if not p.name.startswith("."))
    assert {p.suffix for p in outputs} == {".txt", ".pdf", ".docx"} and {p.parent.name for p in outputs} == {"en", "zh-Hant-HK"}
    assert len(outputs) == 24
    different = [str(p) for p in outputs if (first / "out" / p).read_bytes() != (second / "out" / p).read_bytes()]
    assert different == []


def test_source_date_epoch_sets_every_date(tmp_path):
    archive = make_archive(tmp_path, copies=0)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    subprocess.run(build_command(archive, archive / "out", "--jobs", "1"), cwd=archive, check=True, env=env)
    pdf = next((archive / "out").rglob("2024-02-28-astri-budget.en.pdf"))
    assert pdfcheck.info(pdf)["CreationDate"].startswith("Tue Nov 14 22:13:20 2023")
    document = next((archive / "out").rglob("2024-02-28-astri-budget.en.docx"))
    assert {i.date_time for i in zipfile.ZipFile(document).infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_a_disk_that_fills_mid_batch_reports_each_failed_release_and_the_summary(tmp_path, monkeypatch):
    archive = make_archive(tmp_path, copies=2)
    real_fsync, synced = os.fsync, []

    def fsync(fd):
        synced.append(fd)
        if len(synced) > 2:  # the first release's two outputs fit; nothing more does
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(archive / "source"), "-f", "txt,json", "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 2, result.output
    failures = [line for line in result.output.splitlines() if line.endswith("cannot write output: No space left on device")]
    assert len(failures) == 5  # four releases and the manifest
    assert f"Error: {out}/.docgen-manifest.json: cannot write output: No space left on device" in failures
    assert "1 built, 0 skipped, 4 failed (2 files written)" in result.output
    assert [p.name for p in out.rglob(".docgen-*.tmp")] == []
    assert len(outputs(out)) == 2


def test_two_builds_of_different_releases_into_one_folder_keep_every_manifest_record(tmp_path):
    archive = make_archive(tmp_path, copies=6)
    out = tmp_path / "out"
    halves = [[f"source/copy-{n:03d}.md" for n in range(0, 6, 2)], [f"source/copy-{n:03d}.md" for n in range(1, 6, 2)]]
    runs = [subprocess.Popen([*DOCGEN, "build", *half, "-f", "txt", "-o", str(out), "--jobs", "1", "--quiet"], cwd=archive) for half in halves]
    assert [r.wait() for r in runs] == [0, 0]
    recorded = json.loads((out / ".docgen-manifest.json").read_text("utf-8"))["sources"]
    assert sorted(recorded) == sorted(f"../{source}" for source in halves[0] + halves[1])  # relative to the output folder
    again = subprocess.run([*DOCGEN, "build", "source", "-f", "txt", "-o", str(out), "--json"], cwd=archive, capture_output=True, text=True)
    assert json.loads(again.stdout)["skipped"] == 6  # the three others (the seed and the fixtures) are built now


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_mid_build_exits_130_and_leaves_no_partial_files(tmp_path, jobs):
    """Ctrl-C as a terminal sends it: to the build and its workers at once, mid-build."""
    archive = make_archive(tmp_path, copies=12)
    out = tmp_path / "out"
    process = subprocess.Popen(build_command(archive, out, "--jobs", jobs), cwd=archive, start_new_session=True,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(outputs(out)) < 6 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.killpg(process.pid, signal.SIGINT)
    try:
        _, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:  # a build that hangs fails this test, and is not left running into the next
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    assert process.returncode == 130, stderr
    assert "Interrupted" in stderr and "Traceback" not in stderr
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # no worker outlives the build
    assert [p.name for p in out.rglob(".docgen-*") if p.name != ".docgen-manifest.json" and p.name != ".docgen-manifest.lock"] == []
    assert broken_outputs(out) == []
    # Each release is there whole (both editions, three formats) or not at all.
    per_release = {}
    for path in outputs(out):
        per_release[path.parent.parent.name] = per_release.get(path.parent.parent.name, 0) + 1
    assert set(per_release.values()) <= {6} and len(per_release) < 15
    # The next build goes on from there: what was written is skipped.
    again = subprocess.run(build_command(archive, out, "--jobs", jobs, "--json"), cwd=archive, capture_output=True, text=True)
    report = json.loads(again.stdout)
    assert (report["skipped"], report["built"]) == (len(per_release), 15 - len(per_release))
    assert broken_outputs(out) == [] and len(outputs(out)) == 90
