"""The archive: `docgen build` of many releases as cold commands, on its own (row 5):
throughput at --jobs 2, a rebuild with nothing changed, and one with one catalogue entry changed."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from bench import seed
from bench.archive import make_archive
from bench.cold import expect, run
from bench.table import ALONE, Row, Samples, Target
from bench.timing import load, repeated

FORMATS = ("pdf", "docx", "txt")


class Archive:
    """A synthetic archive of *releases* copies of the seed and the command that builds it."""

    def __init__(self, folder: Path, releases: int):
        self.folder, self.releases = make_archive(folder, releases), releases
        self.out = folder / "dist"
        self.outputs = releases * len(seed.LOCALES) * len(FORMATS)

    def build(self, *options: str) -> None:
        run([str(seed.DOCGEN), "build", "source", "-l", ",".join(seed.LOCALES), "-f", ",".join(FORMATS),
             "--locales", "locales", "-o", str(self.out), "--quiet", *options], self.folder)

    def newest(self) -> int:
        """The latest modification time (ns) of any output (files docgen keeps for itself excluded)."""
        return max(entry.stat().st_mtime_ns for entry in self.out.rglob("*") if entry.is_file() and not entry.name.startswith("."))

    def written_since(self, moment: int) -> int:
        """How many outputs were written after *moment*."""
        return sum(1 for entry in self.out.rglob("*")
                   if entry.is_file() and not entry.name.startswith(".") and entry.stat().st_mtime_ns > moment)


def measure(releases: int, rounds: int, rebuild_rounds: int, work: Path) -> list[Row]:
    """Rows 5a-5c on an archive of *releases* releases."""
    archive = Archive(work / "archive", releases)
    size = f"{releases:,} releases × en + zh-Hant-HK × PDF, DOCX, txt = {archive.outputs:,} outputs"

    def full_build(_n: int) -> None:
        archive.build("--jobs", "2")

    def clear() -> None:
        shutil.rmtree(archive.out, ignore_errors=True)

    before = load()
    seconds = []
    for _ in range(rounds):
        clear()  # every round starts from an empty output folder, outside the clock
        seconds += repeated(full_build, 1)
        expect(archive.out, {fmt: releases * len(seed.LOCALES) for fmt in FORMATS})
    throughput = Row("5a", f"archive throughput, `--jobs 2` ({size})", ALONE, "outputs/s",
                     Samples(tuple(archive.outputs / s for s in seconds)), Target("docgen", ">=", 150), load=(before, load()),
                     method="`docgen build source -l en,zh-Hant-HK -f pdf,docx,txt --jobs 2` of the whole archive into an "
                            "empty output folder, as a new process; outputs ÷ the command's wall time.")

    def rebuild(_n: int) -> None:
        archive.build()

    def timed_rebuild(check) -> list[float]:
        """One timed rebuild; what it wrote is checked outside the clock (listing 6,000 outputs
        takes longer than the rebuild itself)."""
        newest = archive.newest()
        seconds = repeated(rebuild, 1)
        check(archive.written_since(newest))
        return seconds

    def nothing_written(count: int) -> None:
        if count:
            raise SystemExit("a build with nothing changed wrote outputs")

    before = load()
    seconds = [s for _ in range(rebuild_rounds) for s in timed_rebuild(nothing_written)]
    unchanged = Row("5b", f"rebuild with nothing changed ({releases:,} releases)", ALONE, "s",
                    Samples(tuple(seconds)), Target("docgen", "<", 0.4), load=(before, load()),
                    method="the same command again (default `--jobs`), nothing changed since the last build: "
                           "it must check every source and skip every output. A round fails if it writes an output "
                           "(the outputs are listed before and after the clock, not under it).")

    catalogue = archive.folder / "locales" / "zh_Hant_HK" / "LC_MESSAGES" / "release-0000.po"
    original = catalogue.read_text("utf-8")
    headline = re.compile(r'(msgctxt "headline"\nmsgid "[^"]*"\nmsgstr ")([^"]*)(")')
    if not headline.search(original):
        raise SystemExit(f"{catalogue}: no headline entry to change")

    def something_written(count: int) -> None:
        if not count:
            raise SystemExit("a build after a catalogue entry changed wrote nothing")

    def change_entry(n: int) -> None:
        catalogue.write_text(headline.sub(lambda m: f"{m[1]}{m[2]}（{n}）{m[3]}", original, count=1), "utf-8")

    before = load()
    seconds = []
    for n in range(1, rebuild_rounds + 1):
        change_entry(n)  # outside the clock: the translator's edit
        seconds += timed_rebuild(something_written)
    entry = Row("5c", f"rebuild after one catalogue entry changed ({releases:,} releases)", ALONE, "s",
                Samples(tuple(seconds)), Target("docgen", "<", 0.6), load=(before, load()),
                method="the headline's translation in one release's catalogue changed (a new text each round), then "
                       "the same command: it must rebuild that release's Chinese outputs and skip the rest. "
                       "A round fails if it writes nothing (checked outside the clock).")
    return [throughput, unchanged, entry]
