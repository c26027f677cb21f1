"""A release cut into translation segments, one per block (as Sphinx's gettext
builder and po4a cut documents), keyed by the block's stable id.

Inline formatting travels inside the segment as Markdown (``*em*``,
``**strong**``, ``[text](url)``), the syntax the release was written in, so a
translator can move a link or an emphasis to where the grammar puts it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

from docgen.model import BulletList, Inlines, Organisation, Photo, Quote, Release, Span

# Characters that would start inline markup (a final ! before a following link
# would make an image); a backslash keeps them literal.
_SPECIAL = re.compile(r"([\\`*_\[\]<])|(&(?=#?\w+;))|(!(?=\[|$))")
ORGANISATION_NAME = "organisation.name"
ORGANISATION_SHORT_NAME = "organisation.short_name"
CONTACT_ROLE = "contact.role"


@dataclass(frozen=True)
class Segment:
    """One message to translate."""

    context: str
    """``msgctxt``: the block id (plus ``.speaker``, ``.caption``, ... for its parts)."""
    text: str
    """``msgid``: the English, inline formatting as Markdown."""
    inline: bool = True
    """Whether the text is Markdown inline markup (otherwise plain text)."""


def escape(text: str) -> str:
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), text)


def to_markup(spans: Inlines) -> str:
    """Spans as Markdown inline text that ``parse_inline`` reads back to the same characters.

    CommonMark ignores an emphasis marker between a letter and punctuation
    (``0**，**``); where that would leave stray asterisks in the text, the
    segment is given without emphasis: formatting may be lost, text never.
    """
    from docgen.sources.markdown import parse_inline

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


def release_segments(release: Release) -> list[Segment]:
    """The release's own text, in reading order (the organisation's is separate)."""
    found = [Segment("headline", release.headline, inline=False)]
    if release.subheadline:
        found.append(Segment("subheadline", release.subheadline, inline=False))
    for block in release.body:
        if isinstance(block, BulletList):
            found += [Segment(f"{block.id}.{n}", to_markup(item)) for n, item in enumerate(block.items, 1)]
        elif isinstance(block, Photo):
            found += [Segment(f"{block.id}.caption", block.caption, inline=False), Segment(f"{block.id}.alt", block.alt, inline=False)]
            if block.credit:
                found.append(Segment(f"{block.id}.credit", block.credit, inline=False))
        else:
            found.append(Segment(block.id, to_markup(block.content)))
            if isinstance(block, Quote):
                found += [Segment(f"{block.id}.{part}", getattr(block, part), inline=False) for part in ("speaker", "role") if getattr(block, part)]
    found += [Segment(CONTACT_ROLE, c.role, inline=False) for c in release.contacts if c.role]
    return _unique(found)


def organisation_segments(organisation: Organisation, contacts=()) -> list[Segment]:
    """What every release of the organisation repeats: names, boilerplate, contact roles."""
    found = [
        Segment(ORGANISATION_NAME, organisation.name, inline=False),
        Segment(ORGANISATION_SHORT_NAME, organisation.short_name, inline=False),
    ]
    found += [Segment(p.id, to_markup(p.content)) for p in organisation.about]
    found += [Segment(CONTACT_ROLE, c.role, inline=False) for c in contacts if c.role]
    return _unique(found)


def _unique(segments: list[Segment]) -> list[Segment]:
    """One segment per (context, text): equal contact roles are translated once."""
    return list({(s.context, s.text): s for s in segments}.values())
