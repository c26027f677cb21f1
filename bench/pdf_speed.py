#!/usr/bin/env python3
"""docgen's PDFs against Typst's, cold against cold and warm against warm (issue 20).

    .venv/bin/python bench/pdf_speed.py [--cold-rounds 11] [--warm-rounds 25]

Cold: a fresh process each, in interleaved rounds (docgen, Typst, docgen, Typst ...):
``docgen build source/2024-02-28-astri-budget.md -l en,zh-Hant-HK -f pdf --out NEW`` against
``python -c "import typst; typst.compile(en); typst.compile(zh)"`` of the same two documents.
A new output folder each round, so docgen never skips an unchanged output. Before the rounds
each side runs once untimed: the files are then in the OS cache, and docgen's font cache
(``~/.cache/docgen``) is made, as it is after a user's first build.

Warm: in one process, the PDF of one edition rendered again and again, docgen's ``render()``
and Typst's ``Compiler.compile()`` alternating, with the text changed before every call (a
letter, or a Chinese character, of the prose gets a new character after it: the words are
new to any cache, Typst's memoised layout included). Changing the text is not timed.

The Typst documents (``bench/typst/``) were written from docgen's own JSON of the seed release
for the tagged-PDF comparison of issue 19: the same words, laid out as docgen lays them out,
the same fonts (``docgen/fonts`` only), compiled as PDF/UA-1 since docgen's PDF is tagged too.

Timings on a shared machine vary: each figure is the median of interleaved rounds, with the
fastest and slowest, and the load average when the run started. Not a test; no thresholds.
``measure_cold_pdfs`` and ``measure_warm_pdf`` are what other benchmarks import.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "2024-02-28-astri-budget.md"
TYPST = ROOT / "bench" / "typst"
TYPST_SOURCES = {"en": TYPST / "astri-en.typ", "zh-Hant-HK": TYPST / "astri-zh-Hant-HK.typ"}
FONTS = ROOT / "docgen" / "fonts"
CHANGED = {"en": "d", "zh-Hant-HK": "的"}
"""The character after which the text changes: never in the Typst documents' markup."""
_INSERTED = {"en": "abcdefghijklmnopqrstuvwxyz",
             "zh-Hant-HK": "一七三上下不中之也了人今以使來供便們個做其再出分列力動區千卻又及口古另各合同名"}


def summary(times: list[float]) -> dict:
    """Median, fastest and slowest, in milliseconds."""
    return {"median_ms": statistics.median(times) * 1000, "min_ms": min(times) * 1000, "max_ms": max(times) * 1000, "runs": len(times)}


def _typst_compile_code(out: str) -> str:
    docs = [(str(path), f"{out}/{tag}.pdf") for tag, path in TYPST_SOURCES.items()]
    return ("import typst\n"
            f"for source, target in {docs!r}:\n"
            f"    typst.compile(source, output=target, root={str(TYPST)!r}, font_paths=[{str(FONTS)!r}],"
            " ignore_system_fonts=True, pdf_standards=['ua-1'])\n")


def measure_cold_pdfs(rounds: int) -> dict:
    """Seconds for the seed's English and Traditional Chinese PDFs, each side in a fresh process,
    interleaved; ``{"docgen": summary, "typst": summary, "ratio": docgen median / Typst median}``."""
    docgen = Path(sys.executable).with_name("docgen")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1709107200"}

    def run_docgen(out: str) -> float:
        start = time.perf_counter()
        subprocess.run([str(docgen), "build", str(SEED), "-l", "en,zh-Hant-HK", "-f", "pdf", "--out", out, "--quiet"],
                       check=True, capture_output=True, cwd=ROOT, env=env)
        return time.perf_counter() - start

    def run_typst(out: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", _typst_compile_code(out)], check=True, capture_output=True, cwd=ROOT, env=env)
        return time.perf_counter() - start

    ours, theirs = [], []
    with tempfile.TemporaryDirectory() as scratch:
        run_docgen(f"{scratch}/warm-up")
        run_typst(scratch)
        for n in range(rounds):
            ours.append(run_docgen(f"{scratch}/{n}"))  # a new folder: nothing is up to date
            theirs.append(run_typst(scratch))
    return _compared(ours, theirs)


def _compared(ours: list[float], theirs: list[float]) -> dict:
    docgen, typst = summary(ours), summary(theirs)
    return {"docgen": docgen, "typst": typst, "ratio": docgen["median_ms"] / typst["median_ms"]}


def edition(locale: str):
    """The seed's edition in *locale*, with its context and the default style, as ``docgen build`` makes them."""
    from docgen import i18n
    from docgen.build import with_wire
    from docgen.i18n.translate import translate
    from docgen.sources import read
    from docgen.style import Style

    release, wire = with_wire(read(SEED), None, SEED)
    info = i18n.parse_locale(locale, ROOT / "locales")
    translated = translate(release, info, ROOT / "locales").release
    ctx = i18n.context_for(info).with_wire(wire.conventions(info.tag))
    return translated, ctx, Style()


def changed_text(text: str, locale: str, n: int) -> str:
    """*text* with something new after each of its change characters: in call *n*, a pair of
    characters no earlier call inserted (for as many calls as a benchmark makes)."""
    letters = _INSERTED[locale]
    extra = letters[n % len(letters)] + letters[n // len(letters) % len(letters)]
    return text.replace(CHANGED[locale], CHANGED[locale] + extra)


def changed_release(release, locale: str, n: int):
    """*release* with its prose changed by ``changed_text``: headline, body and About."""
    from docgen.model import BulletList, Heading, Paragraph, Quote

    def spans(content):
        return tuple(replace(s, text=changed_text(s.text, locale, n)) for s in content)

    def block(b):
        if isinstance(b, (Paragraph, Heading, Quote)):
            return replace(b, content=spans(b.content))
        if isinstance(b, BulletList):
            return replace(b, items=tuple(spans(item) for item in b.items))
        return b

    organisations = tuple(replace(o, about=tuple(block(p) for p in o.about)) for o in release.organisations)
    return replace(release, headline=changed_text(release.headline, locale, n), body=tuple(block(b) for b in release.body),
                   organisations=organisations)


def changed_typst(source: str, locale: str, n: int) -> str:
    """The Typst document with its prose changed as ``changed_release`` changes docgen's: its
    settings (before the headline, ``= ``) are left alone."""
    head, sep, body = source.partition("\n= ")
    return head + sep + changed_text(body, locale, n)


def measure_warm_pdf(locale: str, rounds: int) -> dict:
    """Seconds for one PDF of the seed in *locale* (``en`` or ``zh-Hant-HK``) in a warm process,
    docgen and Typst alternating, the text changed before every call."""
    import typst

    from docgen.render.pdf import render

    release, ctx, style = edition(locale)
    source = TYPST_SOURCES[locale].read_text("utf-8")
    ours, theirs = [], []
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch) / "document.typ"
        work.write_text(source, "utf-8")
        compiler = typst.Compiler(str(work), root=scratch, font_paths=[str(FONTS)], ignore_system_fonts=True)
        render(release, ctx, style)  # warm-up: fonts loaded, code paths run once
        compiler.compile(pdf_standards=["ua-1"])
        for n in range(rounds):
            text = changed_release(release, locale, n)
            start = time.perf_counter()
            render(text, ctx, style)
            ours.append(time.perf_counter() - start)
            work.write_text(changed_typst(source, locale, n), "utf-8")
            start = time.perf_counter()
            compiler.compile(pdf_standards=["ua-1"])
            theirs.append(time.perf_counter() - start)
    return _compared(ours, theirs)


def _row(name: str, result: dict) -> str:
    d, t = result["docgen"], result["typst"]
    return (f"| {name} | {d['median_ms']:.1f} ms ({d['min_ms']:.1f}–{d['max_ms']:.1f}) "
            f"| {t['median_ms']:.1f} ms ({t['min_ms']:.1f}–{t['max_ms']:.1f}) | {result['ratio']:.2f}× |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold-rounds", type=int, default=11)
    parser.add_argument("--warm-rounds", type=int, default=25)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import typst

    load = os.getloadavg()
    rows = [("cold: en + zh-Hant-HK, new process each", measure_cold_pdfs(args.cold_rounds))]
    for locale in ("en", "zh-Hant-HK"):
        rows.append((f"warm: {locale}, text changed each call", measure_warm_pdf(locale, args.warm_rounds)))
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, typst (PyPI) {typst.__version__}; "
          f"load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"cold: {args.cold_rounds} interleaved rounds; warm: {args.warm_rounds} alternating calls; median (fastest–slowest)\n")
    print("| what | docgen | Typst | docgen / Typst |")
    print("|---|---|---|---|")
    for name, result in rows:
        print(_row(name, result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
