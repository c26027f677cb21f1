"""The seed release as every tool in the benchmark gets it: docgen's editions, the same
documents in Typst (bench/typst/), Markdown for pandoc, and text changed round by round."""
from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "2024-02-28-astri-budget.md"
LOCALES = ("en", "zh-Hant-HK")
FONTS = ROOT / "docgen" / "fonts"
"""docgen's shipped fonts; Typst is given these and no system font."""
TYPST = ROOT / "bench" / "typst"
"""Our own typesetting of the seed in Typst (made from docgen's JSON of it for the tagged-PDF
comparison of issue 19): letterhead, footer, headings and text as docgen's PDF has them."""
DOCGEN = Path(sys.executable).with_name("docgen")

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def editions() -> dict:
    """Locale tag -> the seed release in that locale, translated by its catalogue."""
    from docgen.i18n import parse_locale
    from docgen.i18n.translate import translate
    from docgen.sources import read

    release = read(SEED)
    folder = ROOT / "locales"
    return {tag: translate(release, parse_locale(tag, folder), folder).release for tag in LOCALES}


def _append(spans: tuple, text: str) -> tuple:
    *head, last = spans
    return (*head, dataclasses.replace(last, text=last.text + text))


def changed(release, number: int):
    """*release* with `` <number>`` at the end of its headline, of every block of its body and
    of every About paragraph: text no earlier round laid out, as a new release would be."""
    mark = f" {number}"
    body = tuple(dataclasses.replace(block, content=_append(block.content, mark)) for block in release.body)
    organisation = release.organisation
    about = tuple(dataclasses.replace(p, content=_append(p.content, mark)) for p in organisation.about)
    organisations = (dataclasses.replace(organisation, about=about), *release.organisations[1:])
    return dataclasses.replace(release, headline=release.headline + mark, body=body, organisations=organisations)


def changed_count(release) -> int:
    """How many pieces of text `changed` changes."""
    return 1 + len(release.body) + len(release.organisation.about)


def typst_path(tag: str) -> Path:
    return TYPST / f"astri-{tag}.typ"


def changed_typst(source: str, number: int) -> tuple[str, int]:
    """*source* (a bench/typst document) with `` <number>`` at the end of the same pieces of text
    `changed` changes in docgen's release, and how many it changed.  They are the lines from the
    headline (``= ``) up to the SOURCE line, except blank ones and the About heading, which
    docgen writes itself."""
    lines = source.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("= "))
    end = next(i for i, line in enumerate(lines) if line.startswith(("SOURCE ", "消息來源")))
    count = 0
    for i in range(start, end):
        line = lines[i]
        if line.strip() and not line.startswith(("== About", "== 關於")):
            lines[i] = f"{line} {number}"
            count += 1
    return "\n".join(lines), count


def markdown(release) -> str:
    """The release's text (headline, body, About) as Markdown, for pandoc."""
    from docgen.model import Heading

    def inline(spans) -> str:
        out = []
        for span in spans:
            text = span.text
            if span.emphasis:
                text = f"*{text}*"
            if span.strong:
                text = f"**{text}**"
            if span.link:
                text = f"[{text}]({span.link})"
            out.append(text)
        return "".join(out)

    lines = [f"# {release.headline}", ""]
    for block in release.body:
        lines += [("## " if isinstance(block, Heading) else "") + inline(block.content), ""]
    lines += [f"## {release.organisation.short_name}", ""]
    for paragraph in release.organisation.about:
        lines += [inline(paragraph.content), ""]
    return "\n".join(lines)
