#!/usr/bin/env python3
"""PDF benchmark: font loading, build time per PDF (warm, in one process) and a
cold `docgen build` command, for the seed release in English and Chinese; and what the
structure tree of the tagged PDF (PDF/UA) costs: each edition built tagged and with the
tagging switched off, alternately in the same process (paired rounds, medians).

    .venv/bin/python bench/pdf.py [--runs 20]

Not a test: timings on a shared machine vary; run it on a quiet one and
compare runs of the same machine only.
"""
from __future__ import annotations

import argparse
import contextlib
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "2024-02-28-astri-budget.md"


def fresh_process(code: str) -> float:
    """Seconds a snippet takes in a new interpreter (what it prints)."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(out.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))

    font_code = ("import time; t=time.perf_counter(); from docgen.style import Style; from docgen.typeset.fonts import FontSet;"
                 "FontSet.of(Style().fonts); print(time.perf_counter()-t)")
    fonts = statistics.median(fresh_process(font_code) for _ in range(5))

    from docgen.i18n import context_for, parse_locale
    from docgen.i18n.translate import translate
    from docgen.render.pdf import render
    from docgen.sources import read
    from docgen.style import Style

    release = read(SEED)
    editions = {"en": release, "zh-Hant-HK": translate(release, parse_locale("zh-Hant-HK"), ROOT / "locales").release}
    rows = []
    for tag, edition in editions.items():
        ctx, style = context_for(tag), Style()
        data = render(edition, ctx, style)  # warm-up: fonts registered once per process
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            render(edition, ctx, style)
            times.append(time.perf_counter() - start)
        rows.append((tag, statistics.median(times), min(times), len(data)))

    tagging = []
    for tag, edition in editions.items():
        ctx, style = context_for(tag), Style()
        tagged, untagged = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            render(edition, ctx, style)
            tagged.append(time.perf_counter() - start)
            with _untagged():
                start = time.perf_counter()
                render(edition, ctx, style)
                untagged.append(time.perf_counter() - start)
        tagging.append((tag, statistics.median(untagged), statistics.median(tagged)))

    cold = []
    with tempfile.TemporaryDirectory() as out:
        docgen = Path(sys.executable).with_name("docgen")
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run([str(docgen), "build", str(SEED), "-f", "pdf", "-l", "en,zh-Hant-HK", "-o", out],
                           check=True, capture_output=True, cwd=ROOT)
            cold.append(time.perf_counter() - start)

    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"font loading (Latin 4 faces + CJK 2 faces, fresh process, median of 5): {fonts * 1000:.0f} ms")
    print("| edition | warm build, median | fastest | size |")
    print("|---|---|---|---|")
    for tag, median, fastest, size in rows:
        print(f"| {tag} | {median * 1000:.0f} ms | {fastest * 1000:.0f} ms | {size / 1024:.0f} KiB |")
    print(f"cold `docgen build -f pdf -l en,zh-Hant-HK` (2 PDFs, new process, median of 5): {statistics.median(cold) * 1000:.0f} ms")
    print("| edition | untagged, median | tagged (PDF/UA), median | added |")
    print("|---|---|---|---|")
    for tag, untagged, tagged in tagging:
        print(f"| {tag} | {untagged * 1000:.1f} ms | {tagged * 1000:.1f} ms | {(tagged / untagged - 1) * 100:+.0f} % |")
    return 0


@contextlib.contextmanager
def _untagged():
    """docgen's PDF as it would be without its structure tree: no marked content, no pikepdf pass."""
    from docgen.render import pdf_tags

    saved = pdf_tags.Tagger.content, pdf_tags.Tagger.artifact, pdf_tags.Tagger.finish, pdf_tags.Tagger.link
    pdf_tags.Tagger.content = lambda self, canvas, element, tag=None: contextlib.nullcontext()
    pdf_tags.Tagger.artifact = lambda self, canvas: contextlib.nullcontext()
    pdf_tags.Tagger.link = lambda self, canvas, element: None
    pdf_tags.Tagger.finish = lambda self, data, **_: data
    try:
        yield
    finally:
        pdf_tags.Tagger.content, pdf_tags.Tagger.artifact, pdf_tags.Tagger.finish, pdf_tags.Tagger.link = saved


if __name__ == "__main__":
    sys.exit(main())
