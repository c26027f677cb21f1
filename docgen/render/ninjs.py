"""The release as IPTC ninjs 2.1 (News in JSON), the news-exchange format of wires and newsrooms.

One document per edition, valid against IPTC's published schema
(``http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json``, vendored for the tests in
``tests/fixtures/ninjs/``).  The fields used:

- ``uri``: ``urn:docgen:<slug>:<locale>``, stable for an edition across builds;
  ``standard`` names ninjs 2.1 and its schema;
- ``type`` ``text``, ``representationtype`` ``full``, ``pubstatus`` ``usable``, ``language``;
- ``headlines``: the headline (``main``) and subheadline (``sub``);
- ``bodies``: one ``main`` body as HTML (``text/html``): highlights, the dateline running
  into the first paragraph, the blocks, hashtags, the About sections, media contacts and
  the wire's closing lines, all text escaped;
- ``firstcreated`` and ``versioncreated``: the dateline's date (and time) in the embargo's
  offset; a release without an embargo has no known offset, so its date at 00:00 UTC;
- ``embargoed``: the embargo instant, with its offset;
- ``located`` (the dateline cities), ``infosources`` (each issuer as ``originator``),
  ``subjects`` (the keywords: ninjs 2.x has no ``keywords`` field);
- ``associations``: one ``picture`` per photo, its caption and alt text as ``descriptions``
  and its credit as ``by``.  The image file itself is not carried (no ``renditions``).
"""
from __future__ import annotations

import datetime as dt
import json
from html import escape
from itertools import groupby
from urllib.parse import quote

from docgen.i18n import LocaleContext
from docgen.model import BulletList, Heading, Inlines, Paragraph, Photo, Quote, Release, Table

VERSION = "2.1"
SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"


def render(release: Release, ctx: LocaleContext, style, publication=None) -> bytes:
    uri = edition_uri(release.slug, ctx.tag)
    created = _created(release).isoformat()
    doc: dict = {
        "uri": uri,
        "standard": {"name": "ninjs", "version": VERSION, "schema": SCHEMA},
        "type": "text",
        "representationtype": "full",
        "pubstatus": "usable",
        "language": ctx.tag,
        "firstcreated": created,
        "versioncreated": created,
    }
    if release.embargo:
        doc["embargoed"] = release.embargo.isoformat()
    doc["slugline"] = release.slug
    doc["headlines"] = [{"role": "main", "value": release.headline}]
    if release.subheadline:
        doc["headlines"].append({"role": "sub", "value": release.subheadline})
    doc["bodies"] = [{"role": "main", "contenttype": "text/html", "value": body_html(release, ctx)}]
    if release.dateline.cities:
        doc["located"] = ", ".join(release.dateline.cities)
    doc["infosources"] = [_infosource(org) for org in release.organisations]
    if release.keywords:
        doc["subjects"] = [{"name": keyword} for keyword in release.keywords]
    photos = [block for block in release.body if isinstance(block, Photo)]
    if photos:
        doc["associations"] = [_picture(photo, uri, ctx.tag) for photo in photos]
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def edition_uri(slug: str, tag: str) -> str:
    """``urn:docgen:<slug>:<locale>``; a slug is file-name safe, but is percent-encoded all the same."""
    return f"urn:docgen:{quote(slug, safe='-._~')}:{quote(tag, safe='-')}"


def _created(release: Release) -> dt.datetime:
    line = release.dateline
    zone = release.embargo.tzinfo if release.embargo else dt.timezone.utc
    time = line.time if line.time and release.embargo else dt.time(0, 0)
    return dt.datetime.combine(line.date, time, tzinfo=zone)


def _infosource(org) -> dict:
    source = {"name": org.name, "role": "originator"}
    if org.website:
        source["uri"] = org.website
    return source


def _picture(photo: Photo, uri: str, tag: str) -> dict:
    picture = {"name": photo.id, "uri": f"{uri}:photo:{quote(photo.id, safe='-._~')}", "type": "picture", "language": tag,
               "descriptions": [{"role": "caption", "contenttype": "text/plain", "value": photo.caption},
                                {"role": "alt", "contenttype": "text/plain", "value": photo.alt}]}
    if photo.credit:
        picture["by"] = photo.credit
    return picture


def inline_html(spans: Inlines) -> str:
    """Spans as escaped HTML: ``strong``, ``em``, links as ``a href``, hard breaks as ``br``."""
    out = []
    for link, group in groupby(spans, key=lambda span: span.link):
        text = ""
        for span in group:
            piece = escape(span.text, quote=False).replace("\n", "<br>")
            if span.emphasis:
                piece = f"<em>{piece}</em>"
            if span.strong:
                piece = f"<strong>{piece}</strong>"
            text += piece
        out.append(f'<a href="{escape(link)}">{text}</a>' if link else text)
    return "".join(out)


def body_html(release: Release, ctx: LocaleContext) -> str:
    """The release's text as an HTML fragment, one element a line."""
    _ = ctx.gettext
    out: list[str] = []
    if release.highlights:
        out.append("<ul>" + "".join(f"<li>{inline_html(item)}</li>" for item in release.highlights) + "</ul>")
    first, *rest = release.body
    out.append(f"<p>{escape(ctx.dateline(release.dateline), quote=False)}{inline_html(first.content)}</p>")
    out += [_block(block, ctx) for block in rest]
    hashtags = ctx.hashtag_line(release.hashtags)
    if hashtags:
        out.append(f"<p>{escape(hashtags, quote=False)}</p>")
    for org in release.organisations:
        if org.about:
            out.append(f"<h2>{escape(_('About {organisation}').format(organisation=org.short_name), quote=False)}</h2>")
            out += [f"<p>{inline_html(p.content)}</p>" for p in org.about]
    if release.contacts:
        out.append(f"<p>{escape(ctx.ngettext('Media contact:', 'Media contacts:', len(release.contacts)), quote=False)}</p>")
        for contact in release.contacts:
            lines = [escape(ctx.contact(contact.name, contact.role, contact.organisation), quote=False)]
            if contact.phone:
                lines.append(escape(_("Tel: {phone}").format(phone=contact.phone), quote=False))
            if contact.email:
                link = f'<a href="mailto:{escape(contact.email)}">{escape(contact.email, quote=False)}</a>'
                # The label's words are translated; the address inside them becomes a link.
                lines.append(escape(_("Email: {email}"), quote=False).replace("{email}", link))
            out.append("<p>" + "<br>".join(lines) + "</p>")
    source = ctx.source_line([org.name for org in release.organisations])
    if source:
        out.append(f"<p>{escape(source, quote=False)}</p>")
    closing = ctx.closing_lines(release.dateline)
    if closing:
        out.append("<p>" + "<br>".join(escape(line, quote=False) for line in closing) + "</p>")
    return "\n".join(out)


def _block(block, ctx: LocaleContext) -> str:
    _ = ctx.gettext
    if isinstance(block, Paragraph):
        return f"<p>{inline_html(block.content)}</p>"
    if isinstance(block, Heading):
        # The headline is the document's h1; body sections start at h2.
        level = block.level + 1
        return f"<h{level}>{inline_html(block.content)}</h{level}>"
    if isinstance(block, Quote):
        text = f"<blockquote><p>{inline_html(block.content)}</p>"
        if block.speaker or block.role:
            text += f"<footer>{escape(ctx.attribution(block.speaker, block.role), quote=False)}</footer>"
        return text + "</blockquote>"
    if isinstance(block, BulletList):
        return "<ul>" + "".join(f"<li>{inline_html(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, Photo):
        caption = escape(block.caption, quote=False)
        if block.credit:
            caption += " " + escape(_("({credit})").format(credit=block.credit), quote=False)
        return f"<figure><figcaption>{caption}</figcaption></figure>"
    if isinstance(block, Table):
        return _table(block)
    raise TypeError(f"unknown block {block!r}")


def _table(block: Table) -> str:
    def cell(tag: str, content: Inlines, align: str, scope: str = "") -> str:
        attrs = scope + (f' style="text-align: {align}"' if align != "left" else "")
        return f"<{tag}{attrs}>{inline_html(content)}</{tag}>"

    out = ["<table>"]
    if block.caption:
        out.append(f"<caption>{escape(block.caption, quote=False)}</caption>")
    out.append("<thead><tr>" + "".join(cell("th", c, a, ' scope="col"') for c, a in zip(block.header, block.align)) + "</tr></thead>")
    out.append("<tbody>")
    out += ["<tr>" + "".join(cell("td", c, a) for c, a in zip(row, block.align)) + "</tr>" for row in block.rows]
    out.append("</tbody></table>")
    return "".join(out)
