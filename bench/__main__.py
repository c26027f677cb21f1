"""docgen's benchmark: one table of paired ratios, cold against cold and warm against warm.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python -m bench            # the full run (about 10 minutes on 2 cores); writes docs/benchmarks.md
    .venv/bin/python -m bench --quick    # a few rounds, 100 releases: for development; prints only

Needs pandoc and LibreOffice (soffice) on PATH.  A benchmark, not a test: make the run that
is kept on a quiet machine, and compare runs of one machine only.
"""
from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a file: bench/__main__.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import archive_speed, cold, machine, seed, warm  # noqa: E402
from bench.table import Setting, document  # noqa: E402

NOTES = seed.ROOT / "bench" / "notes.md"


@dataclass(frozen=True)
class Rounds:
    cold: int
    """Paired rounds of rows 1 and 2."""
    warm: int
    """Paired rounds of rows 3a and 3b."""
    docx: int
    """Paired rounds of row 4."""
    releases: int
    """Releases in the archive of row 5."""
    archive: int
    """Full builds of the archive (row 5a)."""
    rebuilds: int
    """Rounds of rows 5b and 5c."""


FULL = Rounds(cold=15, warm=40, docx=20, releases=1000, archive=2, rebuilds=10)
QUICK = Rounds(cold=3, warm=5, docx=3, releases=100, archive=1, rebuilds=3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few rounds and 100 releases, for development")
    parser.add_argument("--releases", type=int, help="releases in the archive (default 1000; 100 with --quick)")
    parser.add_argument("--only", default="1,2,3,4,5", help="rows to run, comma-separated (default all: 1,2,3,4,5)")
    parser.add_argument("--output", type=Path,
                        help="write the Markdown here (default: docs/benchmarks.md for a full run of every row; "
                             "nothing for --quick or --only)")
    args = parser.parse_args(argv)
    rounds = QUICK if args.quick else FULL
    releases = args.releases or rounds.releases
    only = set(args.only.split(","))
    output = args.output
    if output is None and not args.quick and only == {"1", "2", "3", "4", "5"}:
        output = seed.ROOT / "docs" / "benchmarks.md"

    # A user's docgen runs from compiled bytecode (pip compiles it at install); so do these runs,
    # whatever this shell says (PYTHONDONTWRITEBYTECODE would make every cold run compile docgen again).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(str(seed.ROOT / "docgen"), quiet=1)
    load_before = os.getloadavg()
    rows = []
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as temporary:
        work = Path(temporary)
        if "1" in only:
            rows.append(cold.six_outputs(rounds.cold, work))
        if "2" in only:
            rows.append(cold.two_pdfs(rounds.cold, work))
        if "3" in only:
            rows += [warm.pdf(tag, rounds.warm) for tag in seed.LOCALES]
        if "4" in only:
            rows.append(warm.docx(rounds.docx, work))
        if "5" in only:
            rows += archive_speed.measure(releases, rounds.archive, rounds.rebuilds, work)
    load_after = os.getloadavg()

    command = " ".join([".venv/bin/python -m bench", *(sys.argv[1:] if argv is None else argv)])
    setting = Setting(command=command, date=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                      machine=machine.machine(), versions=machine.versions(),
                      load_before=load_before, load_after=load_after, quick=args.quick)
    text = document(rows, setting, NOTES.read_text("utf-8") if NOTES.exists() else "")
    print(text)
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, "utf-8")
        print(f"written: {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
