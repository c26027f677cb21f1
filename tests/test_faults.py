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
    assert f"Error: {out}/2024-02-28-astri-budget/en/2024-02-28-astri-budget.txt: cannot write output: No space left on device" in result.output
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
    pdf = next((archive / "out").rglob("2024-02-28-astri-budget.pdf"))
    assert pdfcheck.info(pdf)["CreationDate"].startswith("Tue Nov 14 22:13:20 2023")
    document = next((archive / "out").rglob("2024-02-28-astri-budget.docx"))
    assert {i.date_time for i in zipfile.ZipFile(document).infolist()} == {(2023, 11, 14, 22, 13, 20)}
