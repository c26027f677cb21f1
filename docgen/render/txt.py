"""Plain-text wire copy, as the wire services take it.

Headline, highlights, the wire's dateline running into the first paragraph
(``HONG KONG, Feb. 28, 2024 /PRNewswire/ -- ``), paragraphs separated by blank
lines, section headings on their own lines, tables in aligned columns, the
hashtag line, ``About <org>`` with the boilerplate of each issuer, media
contacts, and the wire's closing lines (``SOURCE <organisation>``).  Paragraphs
stay on one line unless ``style.wire_width`` asks for hard wrapping, since
wire systems reflow text.  UTF-8, LF line ends, a final newline.
"""
from __future__ import annotations

from docgen.i18n import LocaleContext
from docgen.inline import as_text
from docgen.model import BulletList, Heading, Paragraph, Photo, Quote, Release, Table
from docgen.typeset.wrap import display_width, wrap

COLUMN_GAP = 2


def render(release: Release, ctx: LocaleContext, style, publication=None) -> bytes:
    width = style.wire_width
    _ = ctx.gettext
    out: list[str] = []

    def para(text: str, first: str = "", rest: str = "") -> str:
        """*text* with its hard breaks, wrapped if asked; *first* prefixes line one, *rest* the others."""
        lines = []
        for hard_line in text.split("\n"):
            lines += wrap(hard_line, max(width - len(first), 1)) if width else [hard_line]
        return "\n".join((rest if n else first) + line for n, line in enumerate(lines))

    if release.embargo:
        out.append(para(_("Embargoed until {moment}").format(moment=ctx.moment(release.embargo))))
    out.append(para(release.headline))
    if release.subheadline:
        out[-1] += "\n" + para(release.subheadline)
    if release.highlights:
        out.append("\n".join(para(as_text(item), first="- ", rest="  ") for item in release.highlights))
    out.append(para(ctx.dateline(release.dateline) + as_text(release.body[0].content)))
    for block in release.body[1:]:
        out.append(_block(block, ctx, para, width))
    hashtags = ctx.hashtag_line(release.hashtags)
    if hashtags:
        out.append(para(hashtags))

    for org in release.organisations:
        if org.about:
            out.append(para(_("About {organisation}").format(organisation=org.short_name)))
            out += [para(as_text(p.content)) for p in org.about]
    if release.contacts:
        label = ctx.ngettext("Media contact:", "Media contacts:", len(release.contacts))
        out.append(label)
        for contact in release.contacts:
            lines = [ctx.contact(contact.name, contact.role, contact.organisation)]
            if contact.phone:
                lines.append(_("Tel: {phone}").format(phone=contact.phone))
            if contact.email:
                lines.append(_("Email: {email}").format(email=contact.email))
            out.append("\n".join(para(line) for line in lines))
    source = ctx.source_line([org.name for org in release.organisations])
    if source:
        out.append(para(source))
    closing = ctx.closing_lines(release.dateline)
    if closing:
        out.append("\n".join(para(line) for line in closing))
    return ("\n\n".join(out) + "\n").encode("utf-8")


def _block(block, ctx: LocaleContext, para, width: int | None) -> str:
    _ = ctx.gettext
    if isinstance(block, (Paragraph, Heading)):
        return para(as_text(block.content))
    if isinstance(block, Quote):
        text = para(as_text(block.content))
        if block.speaker or block.role:
            text += "\n" + para(_("-- {attribution}").format(attribution=ctx.attribution(block.speaker, block.role)), rest="   ")
        return text
    if isinstance(block, BulletList):
        return "\n".join(para(as_text(item), first="- ", rest="  ") for item in block.items)
    if isinstance(block, Photo):
        line = _("Photo: {caption}").format(caption=block.caption)
        if block.credit:
            line += " " + _("({credit})").format(credit=block.credit)
        return para(line)
    if isinstance(block, Table):
        return table(block, para, width, label=_("{label}: {value}"))
    raise TypeError(f"unknown block {block!r}")


def table(block: Table, para, width: int | None, label: str = "{label}: {value}") -> str:
    """A table in columns aligned by display width, the header underlined with dashes.

    When the columns do not fit in *width*, each row is printed as ``Header: value``
    lines instead, so that no line is longer than the copy allows and no cell is cut.
    """
    header = [as_text(cell).replace("\n", " ") for cell in block.header]
    rows = [[as_text(cell).replace("\n", " ") for cell in row] for row in block.rows]
    sizes = [max(display_width(r[n]) for r in [header] + rows) for n in range(len(header))]
    out = [para(block.caption)] if block.caption else []
    if width is None or sum(sizes) + COLUMN_GAP * (len(sizes) - 1) <= width:
        def line(cells):
            # No padding after the last column: a cell's own characters are kept as written.
            last = len(cells) - 1
            padded = [_pad(cell, size, align, trailing=n < last) for n, (cell, size, align) in enumerate(zip(cells, sizes, block.align))]
            text = (" " * COLUMN_GAP).join(padded)
            return text.rstrip(" ") if not cells[last] else text
        out += [line(header), line(["-" * size for size in sizes])] + [line(row) for row in rows]
        return "\n".join(out)
    records = []
    for row in rows:
        records.append("\n".join(para(label.format(label=name, value=cell) if name else cell) for name, cell in zip(header, row) if cell))
    return "\n".join(out) + ("\n\n" if out else "") + "\n\n".join(records)


def _pad(text: str, size: int, align: str, *, trailing: bool = True) -> str:
    gap = size - display_width(text)
    if align == "right":
        return " " * gap + text
    lead = gap // 2 if align == "center" else 0
    return " " * lead + text + (" " * (gap - lead) if trailing else "")
