"""Plain-text wire copy, as PR Newswire and other wires take it.

Headline, dateline running into the first paragraph (``HONG KONG, Feb. 28,
2024 /PRNewswire/ -- ``), paragraphs separated by blank lines, section
headings on their own lines, ``About <org>`` with the boilerplate, media
contacts, and the closing ``SOURCE <organisation>`` line.  Paragraphs stay on
one line unless ``style.wire_width`` asks for hard wrapping, since wire
systems reflow text.  UTF-8, LF line ends, a final newline.
"""
from __future__ import annotations


from docgen.i18n import LocaleContext
from docgen.inline import as_text
from docgen.model import BulletList, Heading, Paragraph, Photo, Quote, Release
from docgen.typeset.wrap import wrap


def render(release: Release, ctx: LocaleContext, style) -> bytes:
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
    out.append(para(ctx.dateline(release.dateline) + as_text(release.body[0].content)))
    for block in release.body[1:]:
        out.append(_block(block, ctx, para))

    org = release.organisation
    if org.about:
        out.append(para(_("About {organisation}").format(organisation=org.short_name)))
        out += [para(as_text(p.content)) for p in org.about]
    if release.contacts:
        label = ctx.ngettext("Media contact:", "Media contacts:", len(release.contacts))
        out.append(label)
        for contact in release.contacts:
            lines = [_("{name}, {role}").format(name=contact.name, role=contact.role) if contact.role else contact.name]
            if contact.phone:
                lines.append(_("Tel: {phone}").format(phone=contact.phone))
            if contact.email:
                lines.append(_("Email: {email}").format(email=contact.email))
            out.append("\n".join(para(line) for line in lines))
    out.append(para(_("SOURCE {organisation}").format(organisation=org.name)))
    return ("\n\n".join(out) + "\n").encode("utf-8")


def _block(block, ctx: LocaleContext, para) -> str:
    _ = ctx.gettext
    if isinstance(block, (Paragraph, Heading)):
        return para(as_text(block.content))
    if isinstance(block, Quote):
        text = para(as_text(block.content))
        if block.speaker or block.role:
            who = _("{name}, {role}").format(name=block.speaker, role=block.role) if block.speaker and block.role else block.speaker or block.role
            text += "\n" + para(_("-- {attribution}").format(attribution=who), rest="   ")
        return text
    if isinstance(block, BulletList):
        return "\n".join(para(as_text(item), first="- ", rest="  ") for item in block.items)
    if isinstance(block, Photo):
        line = _("Photo: {caption}").format(caption=block.caption)
        if block.credit:
            line += " " + _("({credit})").format(credit=block.credit)
        return para(line)
    raise TypeError(f"unknown block {block!r}")
