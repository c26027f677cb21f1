"""Print-ready PDF with ReportLab platypus.

A4 (or Letter) from the house style: letterhead with the organisation's name or
logo, headline, dateline in bold running into the first paragraph, headings
(also PDF bookmarks), quotes, lists, clickable links, photos at text width,
boilerplate, media contacts, end mark, and "Page x of y" in the footer.
Fonts are always embedded and subset; the catalogue's /Lang is the edition's
language; dates come from the release (or SOURCE_DATE_EPOCH), so the same
input gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from functools import partial
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Flowable, Frame, PageTemplate, Spacer, TableStyle
from reportlab.platypus import Table as RLTable

from docgen import __version__, images
from docgen.clock import release_time
from docgen.i18n import LocaleContext
from docgen.model import BulletList, Heading, Inlines, Paragraph, Photo, Quote, Release, Table
from docgen.render.pdf_flow import Photo as PhotoFlowable
from docgen.render.pdf_tags import FOOTER, HEADER, LAYOUT, Element, Tagger
from docgen.render.pdf_flow import Tail, kept
from docgen.render.pdf_text import Run, TextBlock, TextStyle, layout, widest_unit
from docgen.style import FOOTER_MM, LETTERHEAD_MM, Style
from docgen.typeset.fonts import LATIN, FontSet
from docgen.typeset.pdfdates import set_dates

LETTERHEAD_SPACE = LETTERHEAD_MM * mm


def render(release: Release, ctx: LocaleContext, style: Style, publication=None) -> bytes:
    return _Document(release, ctx, style).build()


def _runs(spans: Inlines, *, bold: bool = False, italic: bool = False) -> list[Run]:
    """Runs of *spans*; an emphasised span is italic, and marked (``dots``) for a Chinese edition."""
    return [Run(s.text, bold=bold or s.strong, italic=italic or s.emphasis, link=s.link, dots=s.emphasis) for s in spans]


def _edition(runs: list[Run], chinese: bool, emphasis: str) -> list[Run]:
    """*runs* as the edition sets them.  Chinese has no italic: nothing is slanted, and an
    emphasised span gets emphasis dots under its Han characters (着重號) or bold, as the house
    style says.  English slants emphasis and draws no dots."""
    if not chinese:
        return [replace(r, dots=False) for r in runs]
    if emphasis == "bold":
        return [replace(r, italic=False, bold=r.bold or r.dots, dots=False) for r in runs]
    return [replace(r, italic=False) for r in runs]


class _Document:
    def __init__(self, release: Release, ctx: LocaleContext, style: Style):
        self.release, self.ctx, self.style = release, ctx, style
        self.fonts = FontSet.of(style.fonts.for_locale(ctx.tag))
        self.cjk = not ctx.is_english
        self.factor = style.leading.cjk if self.cjk else style.leading.latin
        self._ = ctx.gettext
        self._outline_depth, self._bookmarks = -1, 0
        self.tags = Tagger(ctx.tag)
        """The structure tree, made in reading order as the story is (pdf_tags)."""
        self.website = Element("Link", lang=release.organisation.english if self.cjk else None)
        """The letterhead's link to the organisation's website: read first, as it is printed."""

    # --- text styles ---
    def text_style(self, size: float, *, colour: str | None = None, factor: float | None = None, **extra) -> TextStyle:
        colours = self.style.colours
        return TextStyle(size=size, leading=size * (factor or self.factor), colour=colour or colours.text,
                         link_colour=colours.accent, **extra)

    def block(self, runs: list[Run], style: TextStyle, where: str, *, tag: Element | str = "P", parent: Element | None = None,
              **extra) -> TextBlock:
        """A text block; its text is a *tag* element (``P`` unless told) of *parent* (the document)."""
        runs = _edition(runs, self.cjk, self.style.typography.chinese_emphasis)
        element = tag if isinstance(tag, Element) else (parent or self.tags.root).add(tag)
        return TextBlock(runs, style, self.fonts, prefer_cjk=self.cjk, where=where, typography=self.style.typography,
                         english=self.release.organisation.english, tag=element, **extra)

    def item(self, runs: list[Run], style: TextStyle, where: str, parent: Element) -> TextBlock:
        """A bulleted item of list *parent*: ``LI`` holding its bullet (``Lbl``) and its text (``LBody``)."""
        item = parent.add("LI")
        label = item.add("Lbl")
        return self.block(runs, style, where, tag="LBody", parent=item, label=label)

    def body(self, **extra) -> TextStyle:
        extra.setdefault("space_after", self.style.sizes.body * 0.6)
        if self.style.typography.justify_english and not self.cjk:
            extra.setdefault("align", "justify")
        return self.text_style(self.style.sizes.body, **extra)

    def heading(self, text_runs: list[Run], key: str, level: int = 0) -> TextBlock:
        sizes = self.style.sizes
        size = sizes.heading if level == 0 else sizes.body
        style = self.text_style(size, colour=self.style.colours.accent, factor=1.3, space_before=size * 0.9, space_after=size * 0.35, align="start")
        title = "".join(r.text for r in text_runs)
        # A PDF outline cannot skip a level (a subsection before any section), and its keys must be unique.
        outline_level = min(level, self._outline_depth + 1)
        self._outline_depth = outline_level
        self._bookmarks += 1
        block = self.block([Run(r.text, bold=True, italic=r.italic, link=r.link, dots=r.dots) for r in text_runs], style, key,
                           outline=(f"b{self._bookmarks}", title, outline_level), tag=f"H{outline_level + 2}")  # never skips a level
        block.heading = True  # pdf_flow.kept: never at the foot of a page without two lines of what follows
        return block

    # --- the story ---
    def story(self) -> list:
        release, sizes, colours, _ = self.release, self.style.sizes, self.style.colours, self._
        story = []
        if release.embargo:
            text = _("Embargoed until {moment}").format(moment=self.ctx.moment(release.embargo))
            story.append(self.block([Run(text, bold=True)], self.text_style(sizes.body, colour=colours.accent, space_after=sizes.body), "embargo"))
        story.append(self.block([Run(release.headline, bold=True)], self.text_style(sizes.headline, factor=1.25, space_after=sizes.headline * 0.35, align="start"), "headline",
                                tag="H1"))
        if release.subheadline:
            story.append(self.block([Run(release.subheadline, italic=True)],
                                    self.text_style(sizes.subheadline, colour=colours.muted, factor=1.3, space_after=sizes.subheadline * 0.5, align="start"),
                                    "subheadline"))
        if release.highlights:
            story.append(Spacer(1, sizes.body * 0.3))
            highlights = self.tags.root.add("L", numbering="Disc")
            story += [self.item(_runs(item, bold=True), self.body(indent=6 * mm, bullet="•", space_after=sizes.body * 0.25), f"highlights.{n}", highlights)
                      for n, item in enumerate(release.highlights, 1)]
        story.append(Spacer(1, sizes.body * 0.8))
        first, *rest = release.body
        dateline = self.ctx.dateline(release.dateline, typographic=True)
        story.append(self.block(([Run(dateline, bold=True)] if dateline else []) + _runs(first.content), self.body(), first.id))
        for block in rest:
            story += self.flowables(block)
        hashtags = self.ctx.hashtag_line(release.hashtags)
        if hashtags:
            story.append(self.block([Run(hashtags)], self.body(), "hashtags"))
        story += self.boilerplate() + self.contacts()
        end = len(story)
        source = self.ctx.source_line([org.name for org in release.organisations])
        if source:
            story.append(self.block([Run(source)], self.body(space_before=sizes.body * 0.4), "source"))
        for n, line in enumerate(self.ctx.closing_lines(release.dateline)):
            story.append(self.block([Run(line)], self.body(space_before=sizes.body * (1.2 if n == 0 else 0), space_after=0), f"closing.{n}"))
        if self.ctx.end_mark:
            story.append(self.block([Run(self.ctx.end_mark)], self.text_style(sizes.body, align="center", space_before=sizes.body * 1.2), "end mark"))
        if end < len(story) and isinstance(story[end - 1], TextBlock):
            story[end - 1:] = [Tail(story[end - 1], story[end:])]
        return kept(story)

    def flowables(self, block) -> list:
        sizes = self.style.sizes
        if isinstance(block, Paragraph):
            return [self.block(_runs(block.content), self.body(), block.id)]
        if isinstance(block, Heading):
            return [self.heading(_runs(block.content), block.id, level=block.level - 1)]
        if isinstance(block, Quote):
            indent = 10 * mm
            element = self.tags.root.add("BlockQuote")
            quote = self.block(_runs(block.content, italic=True), self.body(indent=indent, space_after=sizes.body * 0.3), block.id, parent=element)
            who = self.ctx.attribution(block.speaker, block.role)
            if not who:
                return [quote]
            attribution = self._("-- {attribution}").format(attribution=who).replace("-- ", "— ")
            return [quote, self.block([Run(attribution)], self.body(indent=indent, colour=self.style.colours.muted), f"{block.id}.attribution",
                                      parent=element)]
        if isinstance(block, BulletList):
            element = self.tags.root.add("L", numbering="Disc")
            items = [self.item(_runs(item), self.body(indent=6 * mm, bullet="•", space_after=sizes.body * 0.25), f"{block.id}.{n}", element)
                     for n, item in enumerate(block.items, 1)]
            return [Spacer(1, 0)] + items + [Spacer(1, sizes.body * 0.4)]
        if isinstance(block, Photo):
            return [self.photo(block)]
        if isinstance(block, Table):
            return self.table(block)
        raise TypeError(f"unknown block {block!r}")

    def photo(self, photo: Photo) -> Flowable:
        # The picture as docgen publishes it (upright, metadata removed), never the file as it is.
        picture = images.photo(Path(photo.src), keep_metadata=self.style.photos.keep_metadata, field=photo.id)
        caption = self.ctx.gettext("Photo: {caption}").format(caption=photo.caption)
        runs = [Run(caption)] + ([Run(" " + self._("({credit})").format(credit=photo.credit))] if photo.credit else [])
        small = self.text_style(self.style.sizes.small, colour=self.style.colours.muted, space_after=self.style.sizes.body * 0.6)
        # The picture and its caption side by side in a Div: a reader replaces a Figure's content
        # with its /Alt, and must still read the caption.
        group = self.tags.root.add("Div")
        figure = group.add("Figure", alt=photo.alt)
        return PhotoFlowable(picture.data, (picture.width, picture.height), self.block(runs, small, photo.id, tag="Caption", parent=group),
                             self.frame_width(), before=self.style.sizes.body * 0.3, gap=4, tag=figure)

    def table(self, table: Table) -> list:
        """A ruled table no wider than the frame; cells break lines like text; the header row
        repeats on every page the table runs onto."""
        sizes, colours = self.style.sizes, self.style.colours
        # pad: cell padding; slack: a column is a hair wider than its text, or rounding in
        # ReportLab's "width less padding" would break a cell's one line in two.
        size, pad, slack = sizes.small + 0.5, 4.0, 0.5
        header = [_runs(cell, bold=True) for cell in table.header]
        rows = [[_runs(cell) for cell in row] for row in table.rows]
        where = lambda r, c: f"{table.id}.{r}.{c}"
        natural, least = [], []
        for c in range(len(header)):
            column = [header[c]] + [row[c] for row in rows]
            natural.append(max(max((l.width for l in layout(runs, 1e9, size, self.fonts, self.cjk, where(0, c))), default=0) for runs in column) + 2 * pad + slack)
            least.append(max(widest_unit(runs, size, self.fonts, self.cjk, where(0, c)) for runs in column) + 2 * pad + slack)
        widths = _column_widths(natural, least, self.frame_width())
        element = self.tags.root.add("Table")
        caption = None
        if table.caption:
            caption = self.block([Run(table.caption, bold=True)], self.text_style(sizes.body, space_before=sizes.body * 0.4, space_after=sizes.body * 0.3),
                                 f"{table.id}.caption", tag="Caption", parent=element)

        def cell(runs, align, r, c, row):
            # A header cell is drawn again on each page the table runs onto: only its first drawing is read.
            kind = row.add("TH", scope="Column", repeat=True) if r == 0 else row.add("TD")
            return self.block(runs, self.text_style(size, factor=1.35, align=align), where(r, c), tag=kind)

        head = element.add("THead").add("TR")
        data = [[cell(runs, table.align[c], 0, c, head) for c, runs in enumerate(header)]]
        body = element.add("TBody")
        for r, row in enumerate(rows, 1):
            tr = body.add("TR")
            data.append([cell(runs, table.align[c], r, c, tr) for c, runs in enumerate(row)])
        # splitInRow: a row taller than a page (one long cell) continues on the next page.
        grid = RLTable(data, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT", spaceBefore=sizes.body * 0.3, spaceAfter=sizes.body * 0.9,
                       renderCB=_table_artifacts)
        grid.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, HexColor(colours.muted)),
            ("LINEBELOW", (0, 0), (-1, 0), 1.0, HexColor(colours.accent)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            # The cells are docgen's own text blocks; this only keeps ReportLab from setting its
            # default Helvetica (never embedded) on the canvas around them.
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.face(LATIN)),
            ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]))
        # Caption, header and a first row start on the same page (keeping the caption with the
        # whole table would move a long table to the next page instead of splitting it).
        room = CondPageBreak(sizes.body * 7)
        return [room, grid] if caption is None else [room, caption, grid]

    def boilerplate(self) -> list:
        out = []
        for org in self.release.organisations:
            if org.about:
                title = [Run(self._("About {organisation}").format(organisation=org.short_name))]
                out += [self.heading(title, "about")] + [self.block(_runs(p.content), self.body(), p.id) for p in org.about]
        return out

    def contacts(self) -> list:
        contacts = self.release.contacts
        if not contacts:
            return []
        sizes, _ = self.style.sizes, self._
        label = self.ctx.ngettext("Media contact:", "Media contacts:", len(contacts))
        heading = self.block([Run(label, bold=True)], self.body(space_before=sizes.body * 0.8, space_after=sizes.body * 0.2), "contacts", tag="H2")
        heading.heading = True  # never the last line of a page
        out = [heading]
        for n, contact in enumerate(contacts, 1):
            # One block per contact, a line each for name, telephone and e-mail: a contact is
            # never split between pages (a block keeps two lines on each side of a break).
            runs = [Run(self.ctx.contact(contact.name, contact.role, contact.organisation))]
            if contact.phone:
                runs += [Run("\n" + _("Tel: {phone}").format(phone=contact.phone))]
            if contact.email:
                label, _sep, _rest = _("Email: {email}").partition("{email}")
                runs += [Run("\n" + label), Run(contact.email, link=f"mailto:{contact.email}")]
            out.append(self.block(runs, self.body(space_after=sizes.body * 0.6), f"contacts.{n}"))
        return out

    # --- pages ---
    def page_size(self):
        return A4 if self.style.page.size == "A4" else LETTER

    def frame_width(self) -> float:
        page = self.style.page
        return self.page_size()[0] - (page.margin_left + page.margin_right) * mm

    def build(self) -> bytes:
        page = self.style.page
        width, height = self.page_size()
        release = self.release
        buffer = io.BytesIO()
        doc = BaseDocTemplate(
            buffer, pagesize=(width, height), leftMargin=page.margin_left * mm, rightMargin=page.margin_right * mm,
            topMargin=page.margin_top * mm, bottomMargin=page.margin_bottom * mm,
            title=release.headline, author=release.organisation.name, subject=release.subheadline or release.headline,
            keywords=", ".join(release.keywords), creator=f"docgen {__version__}", lang=self.ctx.tag, invariant=1,
            # Streams are left uncompressed here: qpdf (Tagger.finish) compresses every stream
            # without a filter, as zlib at its default level, which gives the bytes ReportLab's
            # compression gave; and it decoded and compressed again the pages ReportLab had
            # compressed (Flate, then ASCII85).  Compressing once saves a fifth of a Chinese PDF's time.
            pageCompression=0,
            # The canvas's initial font would otherwise be Helvetica: on every page, never embedded.
            initialFontName=self.fonts.face(LATIN),
        )
        frame_height = height - (page.margin_top + page.margin_bottom) * mm
        first = Frame(doc.leftMargin, doc.bottomMargin, self.frame_width(), frame_height - LETTERHEAD_SPACE, id="first",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        later = Frame(doc.leftMargin, doc.bottomMargin, self.frame_width(), frame_height, id="later",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        doc.addPageTemplates([
            PageTemplate(id="First", frames=[first], onPage=self.letterhead, autoNextPageTemplate="Later"),
            PageTemplate(id="Later", frames=[later]),
        ])
        doc.build(self.story(), canvasmaker=partial(_NumberedCanvas, document=self))
        if self.website.drawn:
            self.tags.root.kids.insert(0, self.website)
        return self.tags.finish(buffer.getvalue(), title=release.headline, subject=release.subheadline, author=release.organisation.name,
                                keywords=", ".join(release.keywords), creator=f"docgen {__version__}",
                                moment=self.timestamp().isoformat())

    def letterhead(self, canvas: Canvas, doc) -> None:
        page, colours, org = self.style.page, self.style.colours, self.release.organisation
        width, height = self.page_size()
        top = height - page.margin_top * mm
        left, right = page.margin_left * mm, width - page.margin_right * mm
        canvas.saveState()
        with self.tags.artifact(canvas, HEADER):
            self._letterhead(canvas, top, left)
        if org.website:
            shown = org.website.split("://", 1)[-1].rstrip("/")
            size = self.style.sizes.small
            x = right - self.text_width(shown, size)
            with self.tags.content(canvas, self.website):
                self.draw_text(canvas, shown, x, top - 11, size, colour=colours.muted)
            canvas.linkURL(org.website, (x, top - 13, right, top - 11 + size), relative=0, thickness=0)
            self.tags.link(canvas, self.website)
        with self.tags.artifact(canvas, HEADER):
            canvas.setStrokeColor(HexColor(colours.accent))
            canvas.setLineWidth(1.2)
            canvas.line(left, top - LETTERHEAD_SPACE + 5 * mm, right, top - LETTERHEAD_SPACE + 5 * mm)
        canvas.restoreState()

    def _letterhead(self, canvas: Canvas, top: float, left: float) -> None:
        """The logo, or the organisation's name."""
        colours, org = self.style.colours, self.release.organisation
        logo = self.style.letterhead.logo
        if logo:
            art = images.logo(Path(logo), keep_metadata=self.style.photos.keep_metadata, field="letterhead.logo")
            logo_height = self.style.letterhead.logo_height * mm
            if isinstance(art, images.Drawing):  # an SVG logo, drawn as vectors
                from reportlab.graphics import renderPDF

                canvas.saveState()
                canvas.translate(left, top - logo_height)
                canvas.scale(logo_height / art.height, logo_height / art.height)
                # Its text state would otherwise start in Helvetica, never embedded (a logo has no text).
                art.drawing.initialFontName = self.fonts.face(LATIN)
                renderPDF.draw(art.drawing, canvas, 0, 0)
                canvas.restoreState()
            else:
                canvas.drawImage(ImageReader(io.BytesIO(art.data)), left, top - logo_height,
                                 width=logo_height * art.width / art.height, height=logo_height, mask="auto")
        else:
            self.draw_text(canvas, org.name, left, top - 11, 12.5, bold=True, colour=colours.accent)

    def footer(self, canvas: Canvas, number: int, total: int) -> None:
        page, colours = self.style.page, self.style.colours
        width, _height = self.page_size()
        size = self.style.sizes.small
        y = page.margin_bottom * mm - FOOTER_MM * mm
        left, right = page.margin_left * mm, width - page.margin_right * mm
        canvas.saveState()
        with self.tags.artifact(canvas, FOOTER):  # running footer and page numbers are not read
            canvas.setStrokeColor(HexColor(colours.muted))
            canvas.setLineWidth(0.4)
            canvas.line(left, y + size * 1.6, right, y + size * 1.6)
            self.draw_text(canvas, self.release.organisation.name, left, y, size, colour=colours.muted)
            # Translators: the page number in the footer of the PDF.
            label = self._("Page {page} of {pages}").format(page=number, pages=total)
            self.draw_text(canvas, label, right - self.text_width(label, size), y, size, colour=colours.muted)
        canvas.restoreState()

    def draw_text(self, canvas: Canvas, text: str, x: float, y: float, size: float, *, bold: bool = False, colour: str) -> None:
        canvas.setFillColor(HexColor(colour))
        for line in layout([Run(text, bold=bold)], 10_000, size, self.fonts, self.cjk, "letterhead")[:1]:
            for piece in line.pieces:
                canvas.setFont(piece.font, size)
                canvas.drawString(x, y, piece.text)
                x += piece.width

    def text_width(self, text: str, size: float) -> float:
        return layout([Run(text)], 10_000, size, self.fonts, self.cjk, "footer")[0].width

    def timestamp(self) -> dt.datetime:
        return release_time(self.release)


def _column_widths(natural: list[float], least: list[float], frame: float) -> list[float]:
    """Column widths that fit *frame*: natural widths when they fit; otherwise every column gets
    its least width (its widest word) and the rest of the frame is shared by what each still wants."""
    if sum(natural) <= frame:
        return natural
    if sum(least) >= frame:  # even the words do not fit: scale down, and long words are cut
        return [w * frame / sum(least) for w in least]
    spare, wanted = frame - sum(least), [n - l for n, l in zip(natural, least)]
    return [l + spare * w / sum(wanted) for l, w in zip(least, wanted)]


class _NumberedCanvas(Canvas):
    """Draws "Page x of y" once the page count is known (pages are kept until save)."""

    def __init__(self, *args, document: _Document, **kwargs):
        # PDF 1.7 from the start (what the tagging pass writes): qpdf need not raise the version,
        # and so does not parse and rewrite the XMP metadata a second time (pdf_tags).
        super().__init__(*args, pdfVersion=(1, 7), **kwargs)
        self._document = document
        self.tagger = document.tags
        self._pages: list[dict] = []
        set_dates(self, document.timestamp())  # the release's dates, not the clock's
        self.showOutline()

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            self._document.footer(self, number, total)
            super().showPage()
        super().save()


def _table_artifacts(table, event: str, *args) -> None:
    """ReportLab's table drawing hook: its backgrounds and rules are artifacts (its cells, docgen's
    text blocks, tag themselves)."""
    tagger = getattr(table.canv, "tagger", None)
    if tagger is None:
        return
    if event in ("startBG", "startLines"):
        table.canv.addLiteral(LAYOUT)
    elif event in ("endBG", "endLines"):
        table.canv.addLiteral("EMC")
