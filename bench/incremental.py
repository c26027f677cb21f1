#!/usr/bin/env python3
"""Archive builds as a user runs them: `docgen build` commands on a synthetic archive.

    .venv/bin/python bench/incremental.py [--releases 1000] [--rounds 7] [--baseline OTHER/.venv/bin/docgen]

Three measures, each a function another script can call (they return medians, min and
max of their rounds, in seconds or outputs per second, with the machine's load):

- ``measure_archive(releases, jobs)``: a full build (``--force``) of *releases* copies of
  the seed release, each in English and Traditional Chinese, txt + pdf + docx;
- ``measure_no_change(releases)``: the same command again with nothing changed: every
  source is checked and every output skipped (a round fails if anything is written);
- ``measure_one_entry_changed(releases)``: one translation in one release's catalogue
  changed (a new text each round, outside the clock), then the command: exactly that
  release's three Chinese outputs are written (a round fails otherwise).

Each round is a new process, as a person at a terminal runs it, timed on the wall clock;
``cpu`` is the user + system time of the process and its workers.  Python writes its bytecode
cache as it does for a user (``PYTHONDONTWRITEBYTECODE`` is dropped for docgen's process: with
it, every module of docgen is compiled again on every run, some 80 ms).  With ``--baseline``
the same measures run for another docgen (another checkout's venv) in its own copy of the
archive, the two alternating round by round (A B, B A, ...) so that the machine's load
falls on both alike.  A shared machine is noisy: compare runs of one session only.
"""
from __future__ import annotations

import argparse
import atexit
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
DOCGEN = Path(sys.executable).with_name("docgen")
LOCALES = ("en", "zh-Hant-HK")
FORMATS = ("txt", "pdf", "docx")
sys.path.insert(0, str(ROOT))

from bench.archive import make_archive  # noqa: E402 - after the path is set

_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


class Archive:
    """A synthetic archive of *releases* copies of the seed, built by one docgen command."""

    def __init__(self, folder: Path, releases: int, docgen: Path = DOCGEN):
        self.folder, self.releases, self.docgen = make_archive(folder, releases), releases, Path(docgen)
        self.out = folder / "dist"
        self.outputs = releases * len(LOCALES) * len(FORMATS)
        catalogues = folder / "locales" / "zh_Hant_HK" / "LC_MESSAGES"
        self.catalogue = catalogues / "release-0000.po"
        self._original = self.catalogue.read_text("utf-8")
        self._built = False

    def build(self, *options: str) -> tuple[float, float]:
        """Wall and CPU seconds (the command and its worker processes) of one `docgen build`."""
        command = [str(self.docgen), "build", "source", "-l", ",".join(LOCALES), "-f", ",".join(FORMATS), "--locales", "locales",
                   "-o", str(self.out), "--quiet", *options]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, cwd=self.folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=_ENV)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise SystemExit(f"docgen build failed ({done.returncode}): {' '.join(command)}\n{done.stderr}")
        self._built = True
        return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    def ensure_built(self) -> None:
        if not self._built:
            self.build("--jobs", str(min(2, os.cpu_count() or 1)))

    def outputs_now(self) -> dict[str, int]:
        """Every output's modification time (ns), by its path in the output folder."""
        return {str(p.relative_to(self.out)): p.stat().st_mtime_ns for p in self.out.rglob("*.*")
                if p.is_file() and not p.name.startswith(".")}

    def change_entry(self, number: int) -> None:
        """A new translation of the headline in release-0000's catalogue, as a translator would save it."""
        headline = re.compile(r'(msgctxt "headline"\nmsgid "[^"]*"\nmsgstr ")([^"]*)(")')
        changed, count = headline.subn(lambda m: f"{m[1]}{m[2]}（{number}）{m[3]}", self._original, count=1)
        if count != 1:
            raise SystemExit(f"{self.catalogue}: no headline entry to change")
        self.catalogue.write_text(changed, "utf-8")


def summary(samples: list[float], cpu: list[float], unit: str, loads: tuple[float, float], **extra) -> dict:
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples), "unit": unit, "rounds": len(samples),
            "samples": samples, "cpu_median": statistics.median(cpu) if cpu else None, "load": loads, **extra}


# --- one round of each measure, on an archive

def _archive_round(archive: Archive, jobs: int) -> tuple[float, float]:
    shutil.rmtree(archive.out, ignore_errors=True)  # from an empty output folder, outside the clock
    wall, cpu = archive.build("--jobs", str(jobs))
    written = archive.outputs_now()
    if len(written) != archive.outputs:
        raise SystemExit(f"expected {archive.outputs} outputs, found {len(written)}")
    archive._built = True
    return archive.outputs / wall, cpu


def _no_change_round(archive: Archive, _number: int) -> tuple[float, float]:
    archive.ensure_built()
    before = archive.outputs_now()
    wall, cpu = archive.build()
    if archive.outputs_now() != before:
        raise SystemExit("a build with nothing changed wrote outputs")
    return wall, cpu


def _one_entry_round(archive: Archive, number: int) -> tuple[float, float]:
    archive.ensure_built()
    archive.change_entry(number)
    before = archive.outputs_now()
    wall, cpu = archive.build()
    after = archive.outputs_now()
    written = sorted(name for name, mtime in after.items() if before.get(name) != mtime)
    # That release's Chinese edition, in each format, and nothing else (whatever the files' names).
    if sorted(Path(name).parent.as_posix() for name in written) != ["release-0000/zh-Hant-HK"] * len(FORMATS) \
            or sorted(Path(name).suffix for name in written) != sorted(f".{fmt}" for fmt in FORMATS):
        raise SystemExit(f"one catalogue entry changed: expected release-0000's Chinese outputs written, found {written[:10]} ({len(written)})")
    return wall, cpu


# --- the measures another script calls

_ARCHIVES: dict[tuple[int, str], Archive] = {}


def archive_for(releases: int, docgen: Path = DOCGEN) -> Archive:
    """An archive of *releases* releases for *docgen*, made once per process (in a temporary folder removed at exit)."""
    key = (releases, str(docgen))
    if key not in _ARCHIVES:
        folder = Path(tempfile.mkdtemp(prefix=f"docgen-archive-{releases}-"))
        atexit.register(shutil.rmtree, folder, True)
        _ARCHIVES[key] = Archive(folder, releases, docgen)
    return _ARCHIVES[key]


def _rounds(round_: Callable[[Archive, int], tuple[float, float]], archives: list[Archive], rounds: int) -> list[tuple[list, list]]:
    """*rounds* rounds of each archive's measure, alternating which goes first."""
    results = [([], []) for _ in archives]
    for number in range(1, rounds + 1):
        order = list(enumerate(archives))
        for index, archive in order if number % 2 else reversed(order):
            value, cpu = round_(archive, number)
            results[index][0].append(value)
            results[index][1].append(cpu)
    return results


def measure_archive(releases: int = 200, jobs: int = 2, *, rounds: int = 3, docgen: Path = DOCGEN) -> dict:
    """Throughput (outputs/s, wall clock) of a full `docgen build --jobs JOBS` of the archive into an empty folder."""
    archive = archive_for(releases, docgen)
    before = os.getloadavg()[0]
    [(values, cpu)] = _rounds(lambda a, _n: _archive_round(a, jobs), [archive], rounds)
    return summary(values, cpu, "outputs/s", (before, os.getloadavg()[0]), outputs=archive.outputs, jobs=jobs)


def measure_no_change(releases: int = 1000, *, rounds: int = 7, docgen: Path = DOCGEN) -> dict:
    """Seconds of `docgen build` of an archive built before, nothing changed since."""
    archive = archive_for(releases, docgen)
    archive.ensure_built()
    before = os.getloadavg()[0]
    [(values, cpu)] = _rounds(_no_change_round, [archive], rounds)
    return summary(values, cpu, "s", (before, os.getloadavg()[0]))


def measure_one_entry_changed(releases: int = 1000, *, rounds: int = 7, docgen: Path = DOCGEN) -> dict:
    """Seconds of `docgen build` of an archive after one entry of one release's catalogue changed."""
    archive = archive_for(releases, docgen)
    archive.ensure_built()
    before = os.getloadavg()[0]
    [(values, cpu)] = _rounds(_one_entry_round, [archive], rounds)
    return summary(values, cpu, "s", (before, os.getloadavg()[0]))


def compare(baseline: Path, releases: int, archive_releases: int, rounds: int, jobs: int) -> list[tuple[str, dict, dict]]:
    """Each measure for this docgen and *baseline*, their rounds interleaved."""
    ours, theirs = archive_for(releases), archive_for(releases, baseline)
    rows = []
    for name, round_ in (("no change", _no_change_round), ("one catalogue entry changed", _one_entry_round)):
        for archive in (ours, theirs):
            archive.ensure_built()
        before = os.getloadavg()[0]
        (a, a_cpu), (b, b_cpu) = _rounds(round_, [ours, theirs], rounds)
        loads = (before, os.getloadavg()[0])
        rows.append((f"{name}, {releases} releases", summary(a, a_cpu, "s", loads), summary(b, b_cpu, "s", loads)))
    small, small_base = archive_for(archive_releases), archive_for(archive_releases, baseline)
    before = os.getloadavg()[0]
    (a, a_cpu), (b, b_cpu) = _rounds(lambda archive, _n: _archive_round(archive, jobs), [small, small_base], max(1, rounds // 2))
    loads = (before, os.getloadavg()[0])
    rows.append((f"archive --jobs {jobs}, {archive_releases} releases", summary(a, a_cpu, "outputs/s", loads, jobs=jobs),
                 summary(b, b_cpu, "outputs/s", loads, jobs=jobs)))
    return rows


def _show(result: dict) -> str:
    digits = 3 if result["unit"] == "s" else 1
    cpu = f", cpu {result['cpu_median']:.3f} s" if result["cpu_median"] is not None else ""
    return f"{result['median']:.{digits}f} {result['unit']} (min {result['min']:.{digits}f}, max {result['max']:.{digits}f}{cpu})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=1000, help="releases in the archive for the rebuilds")
    parser.add_argument("--archive-releases", type=int, default=200, help="releases in the archive for throughput")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--baseline", type=Path, help="another docgen executable, measured in alternation")
    args = parser.parse_args()
    if args.baseline:
        print(f"this docgen: {DOCGEN}\nbaseline:    {args.baseline}")
        for name, ours, theirs in compare(args.baseline, args.releases, args.archive_releases, args.rounds, args.jobs):
            ratio = theirs["median"] / ours["median"] if ours["unit"] == "s" else ours["median"] / theirs["median"]
            print(f"{name}: {_show(ours)} against {_show(theirs)}: {ratio:.2f}x; load {ours['load'][0]:.1f} -> {ours['load'][1]:.1f}")
        return 0
    for name, result in (("no change", measure_no_change(args.releases, rounds=args.rounds)),
                         ("one catalogue entry changed", measure_one_entry_changed(args.releases, rounds=args.rounds)),
                         (f"archive --jobs {args.jobs}", measure_archive(args.archive_releases, args.jobs, rounds=max(1, args.rounds // 2)))):
        print(f"{name}: {_show(result)}; load {result['load'][0]:.1f} -> {result['load'][1]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
