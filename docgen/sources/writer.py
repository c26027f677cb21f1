"""The model written back as a release source (Markdown with YAML front
matter), the form ``docgen import`` produces and people then edit."""
from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from docgen.inline import to_markup
from docgen.model import BulletList, Contact, Heading, Inlines, Paragraph, Photo, Quote, Release, Table

# A paragraph starting with these would be read as a heading, list, quote or rule.
_BLOCK_START = re.compile(r"^(#|>|[-+*](\s|$)|=|\d+[.)](\s|$)|~~~|```)")


def _contact(contact: Contact) -> dict:
    fields = ("name", "role", "organisation", "phone", "email")
    return {k: getattr(contact, k) for k in fields if getattr(contact, k)}


def _one_or_list(values: tuple[str, ...]):
    return values[0] if len(values) == 1 else list(values)


def front_matter(release: Release, *, city_default: str | None, wire_default: str | None, contacts_default: tuple) -> dict:
    """The fields of *release* a person must write: defaults of the organisation profile are left out."""
    dateline = {"date": release.dateline.date.isoformat()}
    if _one_or_list(release.dateline.cities) != city_default:
        dateline["city"] = _one_or_list(release.dateline.cities)
    if release.dateline.time:
        dateline["time"] = release.dateline.time.strftime("%H:%M")
    if release.dateline.wire != wire_default:
        dateline["wire"] = release.dateline.wire or "none"
    fields = {"headline": release.headline}
    if release.subheadline:
        fields["subheadline"] = release.subheadline
    fields |= {"organisation": _one_or_list(tuple(org.id for org in release.organisations)), "dateline": dateline, "slug": release.slug}
    if release.language != "en":
        fields["language"] = release.language
    if release.embargo:
        fields["embargo"] = release.embargo.isoformat()
    if release.keywords:
        fields["keywords"] = list(release.keywords)
    if release.hashtags:
        fields["hashtags"] = list(release.hashtags)
    if release.contacts != contacts_default:
        fields["contacts"] = [_contact(c) for c in release.contacts]
    return fields


def paragraph(spans: Inlines) -> str:
    text = to_markup(spans)
    return "\\" + text if _BLOCK_START.match(text) else text


def body(release: Release, folder: Path) -> str:
    """The body blocks as Markdown; photo paths relative to *folder* (where the source goes)."""
    out = ["\n".join("- " + paragraph(item) for item in release.highlights)] if release.highlights else []
    for block in release.body:
        if isinstance(block, Paragraph):
            out.append(paragraph(block.content))
        elif isinstance(block, Heading):
            out.append(("## " if block.level == 1 else "### ") + to_markup(block.content))
        elif isinstance(block, BulletList):
            out.append("\n".join("- " + paragraph(item) for item in block.items))
        elif isinstance(block, Quote):
            text = "> " + paragraph(block.content)
            who = ", ".join(p for p in (block.speaker, block.role) if p)
            out.append(text + (f"\n>\n> — {who}" if who else ""))
        elif isinstance(block, Photo):
            src = os.path.relpath(block.src, folder)
            attributes = [f'alt="{block.alt}"'] if block.alt != block.caption else []
            attributes += [f'credit="{block.credit}"'] if block.credit else []
            out.append(f"![{to_markup((_span(block.caption),))}]({src})" + ("{" + " ".join(attributes) + "}" if attributes else ""))
        elif isinstance(block, Table):
            out.append(table(block))
    return "\n\n".join(out) + "\n"


def table(block: Table) -> str:
    """A pipe table (with pandoc's ``Table:`` caption line before it)."""
    cell = lambda spans: to_markup(spans).replace("|", "\\|").replace("\n", " ")
    rule = {"left": "---", "right": "--:", "center": ":-:"}
    lines = [f"Table: {block.caption}", ""] if block.caption else []
    lines.append("| " + " | ".join(cell(c) for c in block.header) + " |")
    lines.append("|" + "|".join(rule[a] for a in block.align) + "|")
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in block.rows]
    return "\n".join(lines)


def _span(text: str):
    from docgen.model import Span

    return Span(text=text)


def source(release: Release, folder: Path, **defaults) -> str:
    """The complete source file for *release*."""
    header = yaml.safe_dump(front_matter(release, **defaults), allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{header}---\n\n{body(release, folder)}"


def profile(release: Release) -> str:
    """An organisation profile made from what a release says of its organisation."""
    org = release.organisation
    fields = {"name": org.name, "short_name": org.short_name}
    if org.website:
        fields["website"] = org.website
    if org.newsroom:
        fields["newsroom"] = org.newsroom
    fields |= {"dateline_city": _one_or_list(release.dateline.cities)}
    if release.dateline.wire:
        fields["wire"] = release.dateline.wire
    if org.about:  # without one, the organisation's releases have no About section
        fields["about"] = "\n\n".join(paragraph(p.content) for p in org.about)
    if release.contacts:
        fields["contacts"] = [_contact(c) for c in release.contacts]
    return yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
