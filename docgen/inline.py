"""The inline Markdown codec: the one place that reads and writes inline text.

Readers parse a release's inline Markdown (``*em*``, ``**strong**``,
``[text](url)``) into spans here; translation segments carry spans back as the
same Markdown (``to_markup``), and the source writer and wire copy turn spans
into text.  markdown-it-py (CommonMark, raw HTML off) does the parsing, so
markup typed in a release stays literal text.
"""
from __future__ import annotations

import functools
import re
from itertools import groupby
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin

from docgen.characters import check_characters
from docgen.errors import DocgenError
from docgen.model import Inlines, Span

# Characters that would start inline markup (a final ! before a following link
# would make an image); a backslash keeps them literal.
_SPECIAL = re.compile(r"([\\`*_\[\]<])|(&(?=#?\w+;))|(!(?=\[|$))")


@functools.cache
def markdown() -> MarkdownIt:
    """The parser for release bodies: CommonMark, no raw HTML, pipe tables, ``{attr="..."}``."""
    return MarkdownIt("commonmark", {"html": False}).enable("table").use(attrs_plugin)


def parse_inline(markup: str) -> tuple[Span, ...]:
    """Markdown inline text (a translated segment) as spans."""
    tokens = markdown().parseInline(markup)
    return spans(tokens[0], None, None) if tokens else ()


def spans(inline: Token, path: Path | None, line: int | None) -> tuple[Span, ...]:
    """Flatten markdown-it's inline tokens into spans of uniform formatting."""
    spans: list[Span] = []
    emphasis = strong = 0
    links: list[str] = []
    for child in inline.children or []:
        kind = child.type
        if kind in ("text", "code_inline"):
            text = child.content
        elif kind == "softbreak":
            text = " "
        elif kind == "hardbreak":
            text = "\n"
        elif kind in ("em_open", "em_close"):
            emphasis += 1 if kind == "em_open" else -1
            continue
        elif kind in ("strong_open", "strong_close"):
            strong += 1 if kind == "strong_open" else -1
            continue
        elif kind == "link_open":
            links.append(_checked_link(str(child.attrs["href"]), path, line))
            continue
        elif kind == "link_close":
            links.pop()
            continue
        elif kind == "image":
            raise DocgenError("a photo must stand alone in its own paragraph", file=path, line=line, field="photo")
        else:
            text = child.content
        # An entity (&#x202E;) reaches the text decoded: the same rules as typed characters.
        check_characters(text, path, line)
        span = Span(text=text, emphasis=emphasis > 0, strong=strong > 0, link=links[-1] if links else None)
        if spans and _same_format(spans[-1], span):
            spans[-1] = Span(text=spans[-1].text + text, emphasis=span.emphasis, strong=span.strong, link=span.link)
        elif text:
            spans.append(span)
    return tuple(spans)


LINK_SCHEMES = ("http", "https", "mailto")
"""What a link in a release may point to: a web page or an e-mail address."""


def _checked_link(href: str, path: Path | None, line: int | None) -> str:
    scheme, colon, _ = href.partition(":")
    if not colon or scheme.lower() not in LINK_SCHEMES:
        raise DocgenError("link {href!r}: only http, https and mailto links are allowed in a release", file=path, line=line, field="link", href=href)
    check_characters(href, path, line, field="link")
    return href


def _same_format(a: Span, b: Span) -> bool:
    return (a.emphasis, a.strong, a.link) == (b.emphasis, b.strong, b.link)


def escape(text: str) -> str:
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), text)


def to_markup(spans: Inlines) -> str:
    """Spans as Markdown inline text that ``parse_inline`` reads back to the same characters.

    CommonMark ignores an emphasis marker between a letter and punctuation
    (``0**，**``); where that would leave stray asterisks in the text, the
    segment is given without emphasis: formatting may be lost, text never.
    """
    marked = _markup(spans, emphasis=True)
    if "".join(s.text for s in parse_inline(marked)) == "".join(s.text for s in spans):
        return marked
    return _markup(spans, emphasis=False)


def _markup(spans: Inlines, *, emphasis: bool) -> str:
    out = []
    for link, group in groupby(spans, key=lambda span: span.link):
        text = "".join(_formatted(span) if emphasis else escape(span.text) for span in group)
        out.append(f"[{text}]({link})" if link else text)
    return "".join(out)


def _formatted(span: Span) -> str:
    mark = ("**" if span.strong else "") + ("*" if span.emphasis else "")
    if not mark or not span.text.strip():
        return escape(span.text)
    # Emphasis markers must touch the text, so spaces go outside them.
    core = span.text.strip()
    lead, trail = span.text[: len(span.text) - len(span.text.lstrip())], span.text[len(span.text.rstrip()) :]
    return f"{lead}{mark}{escape(core)}{mark[::-1]}{trail}"


def as_text(spans: Inlines) -> str:
    """Spans as plain text; a link shows its address after the text unless the text is the address."""
    parts = []
    for link, group in groupby(spans, key=lambda span: span.link):
        text = "".join(span.text for span in group)
        address = link.removeprefix("mailto:").rstrip("/") if link else ""
        shown = text.rstrip("/")
        parts.append(text if not link or shown in (address, address.split("://", 1)[-1]) else f"{text} ({link})")
    return "".join(parts)
