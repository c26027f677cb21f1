"""Editable DOCX with python-docx, styled by a reference document.

As with pandoc's --reference-doc, every paragraph and run takes a named style
from the house style's ``reference.docx`` (Headline and Subheadline, based on
Title and Subtitle; Heading 1/2, Normal, Quote, List Bullet, Caption, and the
Dateline, Strong, Emphasis and Hyperlink character styles), so a newsroom
restyles releases in Word.  Links
are real ``w:hyperlink`` elements; the language is declared for both scripts
and on Latin runs inside Chinese; dates come from the release, and zip entries
carry fixed timestamps, so the same input gives the same bytes.

A Chinese edition follows Chinese practice (issue 18): its styles have no italic,
Emphasis sets emphasis dots (or bold, ``typography.chinese_emphasis``), body text
is justified; runs of Chinese text holding punctuation of ambiguous width say
``w:hint="eastAsia"`` so Word sets …… —— “ ” in the Chinese font.
"""
from __future__ import annotations

import copy
import datetime as dt
import io
import re
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from docgen import images, reference, wordml
from docgen.clock import release_time
from docgen.i18n import LocaleContext
from docgen.model import BulletList, Heading, Inlines, Paragraph, Photo, Quote, Release, Table
from docgen.style import Style


def render(release: Release, ctx: LocaleContext, style: Style, publication=None) -> bytes:
    return _Writer(release, ctx, style).write()


class _Template:
    """A reference document parsed, and its styles' ids by name: python-docx's style setters
    scan every style of the document on each assignment (to find the default), 4-5 ms a document."""

    def __init__(self, data: bytes):
        self.doc = Document(io.BytesIO(data))
        self.style_ids = {style.name: style.style_id for style in self.doc.styles}
        self.default_paragraph = self.doc.styles.default(WD_STYLE_TYPE.PARAGRAPH).style_id


_TEMPLATES: dict[bytes, _Template] = {}


def _template(data: bytes) -> _Template:
    """The reference document *data*, parsed once per process (a batch makes every DOCX from
    one); each document is made in a copy of it, which takes a third of the time of parsing."""
    if data not in _TEMPLATES:
        if len(_TEMPLATES) >= 4:  # a long preview session through several house styles
            _TEMPLATES.clear()
        _TEMPLATES[data] = _Template(data)
    return _TEMPLATES[data]


class _Writer:
    def __init__(self, release: Release, ctx: LocaleContext, style: Style):
        self.release, self.ctx, self._, self.style = release, ctx, ctx.gettext, style
        # The reference document as docgen.reference made it safe (no macros, no outside links, every style).
        template = _template(reference.prepared(style.reference_docx).getvalue())
        self.doc = copy.deepcopy(template.doc)
        self.english = release.organisation.english
        self.chinese = not ctx.is_english
        self.style_ids = dict(template.style_ids)
        self.default_paragraph = template.default_paragraph

    # --- text ---
    def text(self, text: str, where: str) -> str:
        return wordml.xml_text(text, where)

    def run(self, paragraph, text: str, where: str, *, style: str | None = None):
        """Runs for *text*.  In a Chinese edition they are cut only where the script changes: a
        Latin phrase is one run tagged English, and Chinese text holding punctuation of ambiguous
        width (…… —— “ ” ·) says ``w:hint="eastAsia"`` so that it is set in the Chinese font."""
        pieces = wordml.script_runs(text) if self.chinese else [(text, "")] if text else []
        runs = []
        for piece, script in pieces:
            run = paragraph.add_run(self.text(piece, where))
            if style:
                run._r.get_or_add_rPr().style = self.style_ids[style]
            if script == "east-asian":
                wordml.hint_east_asian(run)
            elif script == "latin":
                wordml.tag_language(run, self.english)  # last in w:rPr, after w:rStyle
            runs.append(run)
        return runs

    def inlines(self, paragraph, spans: Inlines, where: str) -> None:
        for span in spans:
            name = {(True, True): "Strong Emphasis", (True, False): "Strong", (False, True): "Emphasis"}.get((span.strong, span.emphasis))
            if span.link:
                name = "Hyperlink"
            runs = self.run(paragraph, span.text, where, style=name)
            if span.link:
                self.hyperlink(paragraph, span.link, runs)

    def hyperlink(self, paragraph, url: str, runs) -> None:
        """Wrap *runs* in a ``w:hyperlink`` to *url* (python-docx has no API for it)."""
        relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), relation)
        link.set(qn("w:history"), "1")
        runs[0]._r.addprevious(link)
        for run in runs:
            link.append(run._r)

    def new_paragraph(self, style: str, container=None):
        paragraph = (container or self.doc).add_paragraph()
        if self.style_ids[style] != self.default_paragraph:
            paragraph._p.get_or_add_pPr().style = self.style_ids[style]
        return paragraph

    def paragraph(self, style: str, spans: Inlines | None = None, where: str = "", text: str | None = None):
        paragraph = self.new_paragraph(style)
        if text is not None:
            self.run(paragraph, text, where)
        if spans is not None:
            self.inlines(paragraph, spans, where)
        return paragraph

    # --- the document ---
    def write(self) -> bytes:
        release, _ = self.release, self._
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        if release.embargo:
            self.paragraph("Embargo", text=_("Embargoed until {moment}").format(moment=self.ctx.moment(release.embargo)), where="embargo")
        self.paragraph("Headline", text=release.headline, where="headline")
        if release.subheadline:
            self.paragraph("Subheadline", text=release.subheadline, where="subheadline")
        for n, item in enumerate(release.highlights, 1):
            self.paragraph("Highlight", item, f"highlights.{n}")
        first, *rest = release.body
        lead = self.new_paragraph("Normal")
        dateline = self.ctx.dateline(release.dateline, typographic=True)
        if dateline:
            self.run(lead, dateline, "dateline", style="Dateline")
        self.inlines(lead, first.content, first.id)
        for block in rest:
            self.block(block)
        hashtags = self.ctx.hashtag_line(release.hashtags)
        if hashtags:
            self.paragraph("Hashtags", text=hashtags, where="hashtags")
        for org in release.organisations:
            if org.about:
                self.paragraph("Heading 1", text=_("About {organisation}").format(organisation=org.short_name), where="about")
                for p in org.about:
                    self.paragraph("Normal", p.content, p.id)
        self.contacts()
        source = self.ctx.source_line([org.name for org in release.organisations])
        if source:
            self.paragraph("Source Line", text=source, where="source")
        for n, line in enumerate(self.ctx.closing_lines(release.dateline)):
            self.paragraph("Closing", text=line, where=f"closing.{n}")
        if self.ctx.end_mark:
            self.paragraph("End Mark", text=self.ctx.end_mark, where="end mark")
        self.header_and_footer()
        if self.chinese:
            self.chinese_styles()
        self.language()
        self.east_asian_font()
        self.properties()
        return wordml.package(self.doc, self.timestamp())

    def block(self, block) -> None:
        if isinstance(block, Paragraph):
            self.paragraph("Normal", block.content, block.id)
        elif isinstance(block, Heading):
            self.paragraph(f"Heading {block.level}", block.content, block.id)
        elif isinstance(block, Quote):
            self.paragraph("Quote", block.content, block.id)
            who = self.ctx.attribution(block.speaker, block.role)
            if who:
                text = self._("-- {attribution}").format(attribution=who).replace("-- ", "— ")
                self.paragraph("Quote Attribution", text=text, where=f"{block.id}.attribution")
        elif isinstance(block, BulletList):
            for n, item in enumerate(block.items, 1):
                self.paragraph("List Bullet", item, f"{block.id}.{n}")
        elif isinstance(block, Photo):
            self.photo(block)
        elif isinstance(block, Table):
            self.table(block)
        else:
            raise TypeError(f"unknown block {block!r}")

    def photo(self, photo: Photo) -> None:
        section = self.doc.sections[0]
        width = section.page_width - section.left_margin - section.right_margin
        paragraph = self.new_paragraph("Normal")
        # The picture as docgen publishes it (upright, metadata removed), never the file as it is.
        published = images.photo(Path(photo.src), keep_metadata=self.style.photos.keep_metadata, field=photo.id)
        picture = paragraph.add_run().add_picture(io.BytesIO(published.data), width=width)
        if picture.height > Mm(110):
            picture.width, picture.height = int(picture.width * Mm(110) / picture.height), Mm(110)
        properties = paragraph._p.xpath(".//wp:docPr")[0]
        properties.set("descr", self.text(photo.alt, f"{photo.id}.alt"))  # read out by screen readers
        properties.set("name", f"Photo {photo.id}")
        caption = self._("Photo: {caption}").format(caption=photo.caption)
        if photo.credit:
            caption += " " + self._("({credit})").format(credit=photo.credit)
        self.paragraph("Caption", text=caption, where=photo.id)

    def table(self, table: Table) -> None:
        """A real Word table in the reference document's "Table Grid" style; the header row
        repeats on each page (w:tblHeader), cells are paragraphs styled by alignment."""
        if table.caption:
            self.paragraph("Caption", text=table.caption, where=f"{table.id}.caption")
        grid = self.doc.add_table(rows=1 + len(table.rows), cols=len(table.header))
        grid.style = self.doc.styles["Table Grid"]
        for r, cells in enumerate((table.header, *table.rows)):
            row = grid.rows[r]
            if r == 0:
                header = OxmlElement("w:tblHeader")
                row._tr.get_or_add_trPr().append(header)
            for c, spans in enumerate(cells):
                kind = "Table Heading" if r == 0 else "Table Text"
                style = {"right": f"{kind} Right", "center": f"{kind} Center"}.get(table.align[c], kind)
                paragraph = row.cells[c].paragraphs[0]
                paragraph._p.get_or_add_pPr().style = self.style_ids[style]
                self.inlines(paragraph, spans, f"{table.id}.{r}.{c + 1}")

    def contacts(self) -> None:
        contacts, _ = self.release.contacts, self._
        if not contacts:
            return
        label = self.ctx.ngettext("Media contact:", "Media contacts:", len(contacts))
        self.run(self.new_paragraph("Media Contact"), label, "contacts", style="Strong")
        for n, contact in enumerate(contacts, 1):
            where = f"contacts.{n}"
            self.paragraph("Media Contact", text=self.ctx.contact(contact.name, contact.role, contact.organisation), where=where)
            if contact.phone:
                self.paragraph("Media Contact", text=_("Tel: {phone}").format(phone=contact.phone), where=where)
            if contact.email:
                paragraph = self.new_paragraph("Media Contact")
                before, _sep, after = _("Email: {email}").partition("{email}")
                self.run(paragraph, before, where)
                self.hyperlink(paragraph, f"mailto:{contact.email}", self.run(paragraph, contact.email, where, style="Hyperlink"))
                if after:
                    self.run(paragraph, after, where)

    def header_and_footer(self) -> None:
        section = self.doc.sections[0]
        header = section.header.paragraphs[0] if section.header.paragraphs else section.header.add_paragraph()
        header._p.get_or_add_pPr().style = self.style_ids["Header"]
        self.run(header, self.release.organisation.name, "header")
        footer = section.footer.paragraphs[0] if section.footer.paragraphs else section.footer.add_paragraph()
        footer._p.get_or_add_pPr().style = self.style_ids["Footer"]
        label = self._("Page {page} of {pages}")
        for part in re.split(r"(\{page\}|\{pages\})", label):
            if part in ("{page}", "{pages}"):
                field = OxmlElement("w:fldSimple")
                field.set(qn("w:instr"), " PAGE " if part == "{page}" else " NUMPAGES ")
                footer._p.append(field)
                placeholder = footer.add_run("1")
                field.append(placeholder._r)
            elif part:
                self.run(footer, part, "footer")

    def chinese_styles(self) -> None:
        """The house's styles as a Chinese edition needs them (clreq): Chinese has no italic, so no
        style is italic, and the Emphasis styles set emphasis dots (着重號, ``w:em``) or bold
        instead (``typography.chinese_emphasis``); body text is justified (``w:jc both``)."""
        for rpr in self.doc.styles.element.iter(qn("w:rPr")):  # the document defaults' and every style's
            for italic in [*rpr.findall(qn("w:i")), *rpr.findall(qn("w:iCs"))]:
                rpr.remove(italic)
        dots = self.style.typography.chinese_emphasis == "dots"
        for name in ("Emphasis", "Strong Emphasis"):
            rpr = self.doc.styles[name].element.get_or_add_rPr()
            if dots:
                _set(rpr, "w:em", "dot")
            else:
                _set(rpr, "w:b")
                _set(rpr, "w:bCs")
        self.justify()

    def justify(self) -> None:
        """Chinese body text justified, in the styles (the paragraphs keep naming a style and
        nothing else): Normal, whose alignment the others inherit, says ``both``, and each of
        docgen's other paragraph styles that took its alignment from Normal says the ``left`` it
        had, except the body's own (Quote, List Bullet, Highlight).  An alignment the reference
        document gives Normal itself is the house's choice, and is left alone."""
        styles = self.doc.styles
        normal = styles.default(WD_STYLE_TYPE.PARAGRAPH)
        if _alignment(normal.element) is not None or _default_alignment(styles.element) is not None:
            return
        for name in reference.NEEDED["paragraph"]:
            style = styles[name]
            chain = _chain(style)
            if name in BODY_STYLES or normal not in chain or any(_alignment(s.element) is not None for s in chain):
                continue
            _set(style.element.get_or_add_pPr(), "w:jc", "left")
        _set(normal.element.get_or_add_pPr(), "w:jc", "both")

    def language(self) -> None:
        """Both scripts' languages in the document defaults; Word picks glyphs and line breaking by them."""
        styles = self.doc.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        # East Asian text is the edition's own Chinese; in an English edition, Hong Kong's.
        east_asia = self.ctx.word_lang if self.chinese else "zh-HK"
        lang.set(qn("w:val"), self.ctx.word_lang if self.chinese else self.english)
        lang.set(qn("w:eastAsia"), east_asia)
        lang.set(qn("w:bidi"), "ar-SA")
        # Word's own template says ja-JP here for East Asian text; set it where the reference
        # document has the element (adding one could break the settings part's schema order).
        theme = self.doc.settings.element.find(qn("w:themeFontLang"))
        if theme is not None:
            theme.set(qn("w:val"), self.english)
            theme.set(qn("w:eastAsia"), east_asia)

    def east_asian_font(self) -> None:
        """The East Asian font the style gives the edition's locale (Microsoft YaHei for Simplified
        Chinese), by name: in the document defaults and in every style that names one (a style's
        font wins over the defaults'), without the theme reference that would win over the name."""
        name = self.style.fonts.word_font(self.ctx.tag)
        if name is not None:
            wordml.east_asian_font(self.doc, name)

    def properties(self) -> None:
        release, props = self.release, self.doc.core_properties
        when = self.timestamp().replace(tzinfo=None)
        props.title = _core(release.headline)
        props.subject = _core(release.subheadline or release.headline)
        props.author = props.last_modified_by = _core(release.organisation.name)
        props.keywords = _core(", ".join(release.keywords), separator=", ")
        props.language = self.ctx.word_lang if self.chinese else self.english
        props.identifier = release.slug
        props.created = props.modified = when
        props.revision = 1
        props.comments = ""
        props.category = ""
        props.content_status = ""

    def timestamp(self) -> dt.datetime:
        return release_time(self.release)


BODY_STYLES = ("Normal", "Quote", "List Bullet", "Highlight")
"""The paragraph styles of a release's body text: justified in a Chinese edition."""


def _set(parent, tag: str, val: str | None = None) -> None:
    """*parent*'s child *tag* (``w:em``, ``w:b``, ``w:jc``), added in its place in the schema's order, with ``w:val`` *val*."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        successors = _SUCCESSORS.get(tag, ())
        parent.insert_element_before(child, *successors)
    if val is not None:
        child.set(qn("w:val"), val)
    else:
        child.attrib.pop(qn("w:val"), None)


_RPR_ORDER = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
              "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden",
              "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
              "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
              "w:specVanish", "w:oMath", "w:rPrChange")
_PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
              "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
              "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
              "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
              "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
              "w:sectPr", "w:pPrChange")
_SUCCESSORS = {tag: order[order.index(tag) + 1:] for order in (_RPR_ORDER, _PPR_ORDER) for tag in ("w:b", "w:bCs", "w:em", "w:jc")
               if tag in order}


def _alignment(style_element):
    return style_element.find(f"{qn('w:pPr')}/{qn('w:jc')}")


def _default_alignment(styles):
    return styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:jc')}")


def _chain(style) -> list:
    """*style* and the styles it is based on, nearest first."""
    chain = []
    while style is not None and style not in chain:
        chain.append(style)
        style = style.base_style
    return chain


CORE_LIMIT = 255
"""Word's limit on a core property (title, subject, keywords), in UTF-16 units; python-docx raises beyond it."""


def _core(text: str, separator: str = " ") -> str:
    """*text* as a core property: a longer one is cut after its last whole word (or keyword)
    that fits and ends with an ellipsis; the text itself is in the document, whole."""
    if _units(text) <= CORE_LIMIT:
        return text
    end, used = 0, 0
    for end, char in enumerate(text):
        used += _units(char)
        if used > CORE_LIMIT - 1:  # room for the ellipsis
            break
    cut = text[:end]
    at = cut.rfind(separator)
    if at > len(cut) // 2:  # a word boundary not too far back; else (Chinese) cut where it fits
        cut = cut[:at]
    return cut.rstrip(" ,;:、，") + "…"


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
