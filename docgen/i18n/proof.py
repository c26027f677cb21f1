"""The bilingual proof for sign-off: a release's English beside its translation,
one table row per segment, as a DOCX a reviewer edits in Word and a PDF to read.

``docgen build --format review`` writes ``<slug>.<locale>.review.docx`` and ``.review.pdf``
for each target locale.  The proof is not a renderer: renderers are given a
translated model, while the proof shows the catalogues themselves: each
segment's state (translated, fuzzy, untranslated), where its words came from
(the translation memory, a conversion from another locale, docgen's own name of
a city), the translator's override, and what the checks of ``docgen i18n check``
(``workflow.check_catalog``) find wrong.  Gaps are what a reviewer is shown, so
an incomplete translation still gets its proof.

Text is shown as the catalogue holds it, inline Markdown and all (``**bold**``,
``[text](address)``), so what comes back is what a translator would type.
Each row carries a key, as hidden text in its first cell (Word and LibreOffice
keep hidden text on save; LibreOffice drops the tags of content controls)::

    docgen-review|1|<locale>|<domain>|<msgctxt>|<hash of the English>|<hash of the translation shown>

``import_review`` reads the table back (``docgen i18n import review.docx``): a row
whose translation differs from the one the proof showed is a reviewer's edit, and
goes into the catalogue as a fuzzy entry for the translator to confirm, through
``docgen.i18n.incoming.apply``, with the translator comment
``# docgen-review: edited by the reviewer in <file> on <date>``.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from docgen import __version__
from docgen.clock import now
from docgen.errors import DocgenError, Message, joined
from docgen.i18n import catalogs, checks, incoming, review, workflow
from docgen.i18n import segments as kinds
from docgen.i18n.context import context_for, strings
from docgen.i18n.locales import LocaleInfo, parse_locale
from docgen.model import Release
from docgen.style import Style

TRANSLATED, FUZZY, UNTRANSLATED = "translated", "fuzzy", "untranslated"
MEMORY, CONVERTED, ACCEPTED, OWN_WORDS = "translation memory", "converted", "accepted", "docgen's own name"

REVIEWED = "docgen-review"
"""The translator comment on an entry a reviewer edited in a proof (and the rows' key prefix)."""
_KEY_VERSION = "1"
_KEY = re.compile(r"docgen-review\|1\|([^|\s]+)\|([^|\s]+)\|([^|\s]*)\|([0-9a-f]{16})\|([0-9a-f]{16})")

# Cell shading, the same in both files: a check problem, fuzzy, untranslated.
SHADES = {"problem": "FDE2E1", FUZZY: "FFF4CE", UNTRANSLATED: "EDEDED"}
COLUMNS = (0.22, 0.39, 0.39)
"""Shares of the text width: segment, English, translation."""
LEADING = 1.4
"""Line height of the English and translation cells, in both files, times the text size: one pitch for
both scripts, under the 1.5 at which text extractors (poppler) take a line for a block of its own
and read a cell's first line apart from the rest of its paragraph."""
TEXT_STYLE = "Review Text"
"""The cells' paragraph style in the DOCX: the reference document's Table Text at that line height."""


def digest(text: str) -> str:
    """The short hash a row's key holds for *text* (64 bits: unique enough within a catalogue)."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Row:
    """One segment of the proof."""

    domain: str
    """The catalogue the segment belongs to (its template's domain)."""
    context: str
    """``msgctxt``: the segment's kind."""
    english: str
    """``msgid``: the English, inline formatting as Markdown."""
    places: tuple[str, ...]
    """Where it stands in the release (``lead.1``)."""
    translation: str = ""
    """What the catalogues say now ('' when nothing): a fuzzy translation is shown too."""
    state: str = UNTRANSLATED
    """``translated``, ``fuzzy`` or ``untranslated`` (as msgfmt judges the entry)."""
    marks: tuple[tuple[str, str], ...] = ()
    """(mark, detail): ``translation memory`` (its comment), ``converted``, ``accepted`` (the reason),
    ``docgen's own name`` (a city docgen translates)."""
    catalogue: Path | None = None
    """The catalogue file the translation was found in (along the locale's fallback chain)."""
    line: int | None = None
    problems: tuple[review.Finding, ...] = ()
    """What the checks refuse."""
    doubts: tuple[review.Finding, ...] = ()
    """What the checks doubt and the translator accepted."""

    @property
    def place(self) -> str:
        return ", ".join(self.places) or self.context

    def has(self, mark: str) -> bool:
        return any(name == mark for name, _ in self.marks)

    def key(self, locale: str) -> str:
        return "|".join((REVIEWED, _KEY_VERSION, locale, self.domain, self.context, digest(self.english), digest(self.translation)))


@dataclass(frozen=True)
class Proof:
    """What a proof shows: the release, the locale, the date and the rows in reading order."""

    release: Release
    info: LocaleInfo
    when: dt.datetime
    rows: tuple[Row, ...]

    def count(self, state: str) -> int:
        return sum(1 for row in self.rows if row.state == state)

    def marked(self, mark: str) -> int:
        return sum(1 for row in self.rows if row.has(mark))

    @property
    def with_problems(self) -> int:
        return sum(1 for row in self.rows if row.problems)


def collect(release: Release, info: LocaleInfo, folder: Path, when: dt.datetime | None = None) -> Proof:
    """Every segment of *release* (its own, then its organisations') with its state in locale
    *info*, looked up along the locale's fallback chain as ``translate`` does, and the findings of
    ``docgen i18n check`` on the catalogues the translations come from."""
    domains = {d.name: d for d in workflow.release_domains([release], folder)}
    owner = {(m.context, m.id): d.name for d in domains.values() for m in d.template if m.id}
    ordered: dict[tuple[str, str], kinds.Segment] = {}
    for segment in kinds.release_segments(release) + [s for org in release.organisations
                                                      for s in kinds.organisation_segments(org, org.contacts)]:
        key = (segment.context, segment.text)
        seen = ordered.get(key)
        ordered[key] = replace(seen, places=seen.places + tuple(p for p in segment.places if p not in seen.places)) if seen else segment
    lookup = _Lookup(info, folder, catalogs.domains(release))
    own_words = strings(info)
    rows = []
    for (context, english), segment in ordered.items():
        domain = owner.get((context, english), catalogs.release_domain(release))
        row = lookup.row(domain, context, english, segment.places)
        if row.state != TRANSLATED and context == kinds.CITY:
            # A dateline city docgen names itself (translate.city does the same).
            said = own_words.gettext(english)
            if said != english:
                row = replace(row, translation=said, state=TRANSLATED, marks=((OWN_WORDS, ""),), catalogue=None, line=None)
        rows.append(row)
    findings = lookup.findings(domains)
    rows = [_judged(row, findings) for row in rows]
    return Proof(release, info, when or now(), tuple(rows))


def _judged(row: Row, findings: dict) -> Row:
    if row.catalogue is None or row.state != TRANSLATED:
        return row
    found = findings.get((str(row.catalogue), row.context, row.english), [])
    return replace(row, problems=tuple(f for f in found if not f.accepted), doubts=tuple(f for f in found if f.accepted))


class _Lookup:
    """The catalogues of a locale's fallback chain, each read once."""

    def __init__(self, info: LocaleInfo, folder: Path, domains: list[str]):
        self.info, self.folder, self.domains = info, folder, domains
        self.read: dict[Path, object] = {}
        self.used: dict[Path, str] = {}  # catalogue -> domain, for the checks

    def catalogue(self, path: Path):
        if path not in self.read:
            self.read[path] = catalogs.read(path, locale=self.info.babel) if path.is_file() else None
        return self.read[path]

    def message(self, domain: str, context: str, english: str):
        """(path, message) of the first translated entry along the chain, its own domain first;
        else the nearest entry at all (fuzzy or untranslated); else (None, None)."""
        paths = [catalogs.po_path(self.folder, name, d) for d in [domain] + [d for d in self.domains if d != domain]
                 for name in self.info.fallbacks]
        nearest = (None, None)
        for path in paths:
            catalog = self.catalogue(path)
            message = catalog.get(english, context=context) if catalog is not None else None
            if message is None:
                continue
            if catalogs.state(message) == TRANSLATED:
                return path, message
            if nearest[1] is None or (catalogs.state(nearest[1]) == UNTRANSLATED and catalogs.state(message) == FUZZY):
                nearest = (path, message)
        return nearest

    def row(self, domain: str, context: str, english: str, places: tuple[str, ...]) -> Row:
        path, message = self.message(domain, context, english)
        row = Row(domain, context, english, places)
        if message is None:
            return row
        text = message.string if isinstance(message.string, str) else "".join(message.string[:1])
        marks = []
        remembered = catalogs.memory_match(message)
        if remembered is not None:
            marks.append((MEMORY, remembered))
        if catalogs.is_converted(message):
            marks.append((CONVERTED, ""))
        reason = review.accepted(message)
        if reason is not None:
            marks.append((ACCEPTED, reason))
        state = catalogs.state(message)
        if state == TRANSLATED:
            self.used[path] = path.stem
        return replace(row, translation=text, state=state, marks=tuple(marks), catalogue=path, line=message.lineno)

    def findings(self, domains: dict) -> dict[tuple[str, str, str], list[review.Finding]]:
        """``docgen i18n check``'s findings on each catalogue a translation was taken from."""
        found: dict[tuple[str, str, str], list[review.Finding]] = {}
        for path, name in self.used.items():
            domain = domains.get(name) or workflow.Domain(name, self.folder, catalogs.template(name, [], project=name, holder=""))
            for finding in workflow.check_catalog(path, self.catalogue(path), domain, self.info):
                found.setdefault((str(path), finding.entry.kind, finding.entry.english), []).append(finding)
        return found


# --- words -------------------------------------------------------------------------------

class _Words:
    """The proof's own words, in the target locale's language (docgen's catalogue), as the
    renderers say "Page 1 of 2"."""

    def __init__(self, proof: Proof):
        ctx = context_for(proof.info)
        self.gettext = _ = ctx.gettext
        self.proof = proof
        release, info = proof.release, proof.info
        self.title = release.headline
        name = info.locale.display_name or info.tag
        self.heading = _("Bilingual review proof: {language} ({locale})").format(language=name, locale=info.tag)
        self.made = _("Release {slug}, proof made on {date}").format(slug=release.slug, date=proof.when.date().isoformat())
        self.counts = _("{count} segments: {translated} translated, {fuzzy} fuzzy, {untranslated} untranslated; "
                        "{memory} from the translation memory, {converted} converted and not reviewed, "
                        "{accepted} accepted by the translator; {problems} with a check problem").format(
            count=len(proof.rows), translated=proof.count(TRANSLATED), fuzzy=proof.count(FUZZY),
            untranslated=proof.count(UNTRANSLATED), memory=proof.marked(MEMORY), converted=proof.marked(CONVERTED),
            accepted=proof.marked(ACCEPTED), problems=proof.with_problems)
        self.note = _("Edit the translations in the right-hand column only, then return this file: the translator takes "
                      "your changes in with 'docgen i18n import' and confirms each one. Text is shown as the catalogue "
                      "holds it: **bold**, *italic* and [link text](address) are Markdown; keep the marks around the "
                      "words they belong to.")
        self.segment = _("Segment")
        self.english = _("English")
        self.translation = _("Translation ({locale})").format(locale=info.tag)
        self.header = _("Review proof: {slug} ({locale})").format(slug=release.slug, locale=info.tag)

    def state(self, row: Row) -> list[str]:
        """The row's state and marks, a line each."""
        _ = self.gettext
        lines = [{TRANSLATED: _("translated"), FUZZY: _("fuzzy: to be confirmed"), UNTRANSLATED: _("untranslated")}[row.state]]
        for mark, detail in row.marks:
            if mark == MEMORY:
                lines.append(_("translation memory: {match}").format(match=detail))
            elif mark == CONVERTED:
                lines.append(_("converted from another locale, not reviewed"))
            elif mark == ACCEPTED:
                lines.append(_("accepted by the translator: {reason}").format(reason=detail) if detail else _("accepted by the translator"))
            elif mark == OWN_WORDS:
                lines.append(_("docgen's own name for the city"))
        return lines

    def problems(self, row: Row) -> list[str]:
        _ = self.gettext
        return [_("Check: {problem}").format(problem=_said(f.problem, _)) for f in row.problems]

    def doubts(self, row: Row) -> list[str]:
        _ = self.gettext
        return [_("Accepted: {problem}").format(problem=_said(f.problem, _)) for f in row.doubts]


def _said(words, gettext) -> str:
    return words.translated(gettext) if isinstance(words, Message) else str(words)


def _shade(row: Row) -> str | None:
    if row.problems:
        return SHADES["problem"]
    return SHADES.get(row.state)


# --- the files ---------------------------------------------------------------------------

def render(release: Release, info: LocaleInfo, folder: Path, style: Style, when: dt.datetime | None = None) -> tuple[bytes, bytes]:
    """The proof of *release* in locale *info*, from the catalogues under *folder*: (DOCX, PDF)."""
    proof = collect(release, info, folder, when)
    words = _Words(proof)
    return _docx(proof, words, style), _pdf(proof, words, style)


def _docx(proof: Proof, words: _Words, style: Style) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from docgen import reference, wordml

    release, info = proof.release, proof.info
    doc = Document(reference.prepared(style.reference_docx))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section = doc.sections[0]
    if section.page_width < section.page_height:  # landscape: two columns of prose side by side
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    width = section.page_width - section.left_margin - section.right_margin
    _docx_text_style(doc)
    style_ids = {s.name: s.style_id for s in doc.styles}
    english = release.organisation.english
    chinese = info.locale.language == "zh"

    def paragraph(container, style_name: str | None, text: str = "", where: str = ""):
        p = container.add_paragraph()
        if style_name:
            p._p.get_or_add_pPr().style = style_ids[style_name]
        if text:
            p.add_run(wordml.xml_text(text, where))
        return p

    paragraph(doc, "Heading 1", words.title, "headline")
    for line in (words.heading, words.made, words.counts, words.note):
        paragraph(doc, "Normal", line, "proof")

    table = doc.add_table(rows=1 + len(proof.rows), cols=3)
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    widths = [int(width * share) for share in COLUMNS]
    for column, grid in zip(widths, table._tbl.tblGrid.findall(qn("w:gridCol"))):
        grid.set(qn("w:w"), str(int(column / 635)))  # EMU to twentieths of a point
    rows = table.rows
    header = rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, label, column in zip(header.cells, (words.segment, words.english, words.translation), widths):
        cell.width = column
        p = cell.paragraphs[0]
        p._p.get_or_add_pPr().style = style_ids["Table Heading"]
        p.add_run(label)

    for row, data in zip(rows[1:], proof.rows):
        # A segment is read whole, its English beside its translation: a row is not split across
        # pages (Word and LibreOffice still split one taller than a page).
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        cells = row.cells
        for cell, column in zip(cells, widths):
            cell.width = column
        where = data.place
        # The segment: where it stands (with the row's key, hidden), its kind, state and findings.
        first = cells[0].paragraphs[0]
        first._p.get_or_add_pPr().style = style_ids["Caption"]
        place = first.add_run(wordml.xml_text(data.place, where))
        place._r.get_or_add_rPr().style = style_ids["Strong"]
        key = first.add_run(" " + data.key(info.tag))
        key._r.get_or_add_rPr().append(OxmlElement("w:vanish"))
        for line in [data.context] + words.state(data):
            paragraph(cells[0], "Caption", line, where)
        for line in words.problems(data):
            p = paragraph(cells[0], "Caption")
            run = p.add_run(wordml.xml_text(line, where))
            run._r.get_or_add_rPr().style = style_ids["Strong"]
        for line in words.doubts(data):
            paragraph(cells[0], "Caption", line, where)
        # The English, as the catalogue's msgid.
        source = cells[1].paragraphs[0]
        source._p.get_or_add_pPr().style = style_ids[TEXT_STYLE]
        source.add_run(wordml.xml_text(data.english, where))
        # The translation: Chinese runs tagged as the locale's Chinese, Latin words as English.
        target = cells[2].paragraphs[0]
        target._p.get_or_add_pPr().style = style_ids[TEXT_STYLE]
        for piece in (wordml.latin_pieces(data.translation) if chinese else [data.translation] if data.translation else []):
            run = target.add_run(wordml.xml_text(piece, where))
            if chinese and wordml.LATIN_WORDS.fullmatch(piece):
                continue  # the document's default language: the organisation's English
            wordml.tag_language(run, info.word_lang, info.word_lang if chinese else None)
        shade = _shade(data)
        if shade:
            fill = OxmlElement("w:shd")
            fill.set(qn("w:val"), "clear")
            fill.set(qn("w:color"), "auto")
            fill.set(qn("w:fill"), shade)
            cells[2]._tc.get_or_add_tcPr().append(fill)

    _docx_page(doc, section, words, style_ids)
    _docx_language(doc, english, info, chinese)
    if chinese:
        name = style.fonts.word_font(info.tag)
        if name:
            wordml.east_asian_font(doc, name)
    props = doc.core_properties
    when = proof.when.replace(tzinfo=None)
    props.title = _cut(f"{words.header}: {release.headline}")
    props.subject = _cut(words.heading)
    props.author = props.last_modified_by = _cut(release.organisation.name)
    props.keywords = props.comments = props.category = props.content_status = ""
    props.language = info.word_lang
    props.identifier = f"{release.slug}.review.{info.tag}"
    props.created = props.modified = when
    props.revision = 1
    return wordml.package(doc, proof.when)


def _docx_text_style(doc) -> None:
    """The cells' style: Table Text (as the house's reference document has it) at the proof's line height."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    base = doc.styles["Table Text"]
    size = next((s.font.size for s in (base, doc.styles["Normal"]) if s.font.size), Pt(10))
    text = doc.styles.add_style(TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    text.base_style = base
    text.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    text.paragraph_format.line_spacing = Pt(round(size.pt * LEADING * 2) / 2)


def _docx_page(doc, section, words: _Words, style_ids: dict) -> None:
    """The header names the proof; the footer numbers the pages (Word's fields)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = section.header.paragraphs[0] if section.header.paragraphs else section.header.add_paragraph()
    header._p.get_or_add_pPr().style = style_ids["Header"]
    header.add_run(words.header)
    footer = section.footer.paragraphs[0] if section.footer.paragraphs else section.footer.add_paragraph()
    footer._p.get_or_add_pPr().style = style_ids["Footer"]
    for part in re.split(r"(\{page\}|\{pages\})", words.gettext("Page {page} of {pages}")):
        if part in ("{page}", "{pages}"):
            field_ = OxmlElement("w:fldSimple")
            field_.set(qn("w:instr"), " PAGE " if part == "{page}" else " NUMPAGES ")
            footer._p.append(field_)
            field_.append(footer.add_run("1")._r)
        elif part:
            footer.add_run(part)


def _docx_language(doc, english: str, info: LocaleInfo, chinese: bool) -> None:
    """The document defaults: Latin text in the organisation's English, East Asian text in the
    locale's Chinese (run by run, the translation column says its own language)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    east_asia = info.word_lang if chinese else "zh-HK"
    lang.set(qn("w:val"), english)
    lang.set(qn("w:eastAsia"), east_asia)
    lang.set(qn("w:bidi"), "ar-SA")
    theme = doc.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), english)
        theme.set(qn("w:eastAsia"), east_asia)


def _cut(text: str, limit: int = 250) -> str:
    """A core property Word can hold (at most 255 characters)."""
    return text if len(text.encode("utf-16-le")) // 2 <= limit else text[: limit // 2].rstrip() + "…"


def _pdf(proof: Proof, words: _Words, style: Style) -> bytes:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import A4, LETTER, landscape
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Spacer, Table, TableStyle

    from docgen.render.pdf_text import Run, TextBlock, TextStyle, layout
    from docgen.typeset.fonts import LATIN, FontSet

    release, info = proof.release, proof.info
    fonts = FontSet.of(style.fonts.for_locale(info.tag))
    sizes, colours, page = style.sizes, style.colours, style.page
    cjk = info.locale.language in ("zh", "ja", "ko")
    width, height = landscape(A4 if page.size == "A4" else LETTER)
    frame_width = width - (page.margin_left + page.margin_right) * mm

    def text_style(size: float, *, colour: str | None = None, chinese: bool = False, factor: float | None = None, **extra) -> TextStyle:
        factor = factor or (style.leading.cjk if chinese else style.leading.latin)
        return TextStyle(size=size, leading=size * factor, colour=colour or colours.text, link_colour=colours.accent, **extra)

    def block(text: str, text_style: TextStyle, where: str, *, bold: bool = False, chinese: bool = False) -> TextBlock:
        return TextBlock([Run(text, bold=bold)], text_style, fonts, prefer_cjk=chinese, where=where)

    story = [block(words.title, text_style(sizes.heading + 2, space_after=4), "headline", bold=True)]
    story += [block(line, text_style(sizes.body, chinese=cjk, space_after=2), "proof") for line in (words.heading, words.made, words.counts)]
    story += [block(words.note, text_style(sizes.small, colour=colours.muted, chinese=cjk, space_after=6), "proof"), Spacer(1, 4)]

    small, cell = sizes.small, sizes.small + 1
    widths = [frame_width * share for share in COLUMNS]
    full_height = height - (page.margin_top + page.margin_bottom) * mm
    ruled = [
        ("GRID", (0, 0), (-1, -1), 0.4, HexColor(colours.muted)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), fonts.face(LATIN)),  # never ReportLab's Helvetica, which is not embedded
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]

    def header() -> Table:
        labels = [block(label, text_style(cell, chinese=cjk), "proof", bold=True) for label in (words.segment, words.english, words.translation)]
        table = Table([labels], colWidths=widths, hAlign="LEFT")
        table.setStyle(TableStyle(ruled + [("LINEBELOW", (0, 0), (-1, 0), 1.0, HexColor(colours.accent))]))
        return table

    # One table a segment: ReportLab lays a long table out again on every page it breaks, which
    # grows with the square of the rows; rows of their own cost the same on every page.  A row is
    # kept on one page, as in the DOCX; only a row taller than a page is split.
    story.append(header())
    head_height = header().wrap(frame_width, full_height)[1]
    for row in proof.rows:
        where = row.place
        segment = [block(row.place, text_style(small), where, bold=True)]
        segment += [block(line, text_style(small, colour=colours.muted, chinese=cjk), where) for line in [row.context] + words.state(row)]
        segment += [block(line, text_style(small, chinese=cjk), where, bold=True) for line in words.problems(row)]
        segment += [block(line, text_style(small, colour=colours.muted, chinese=cjk), where) for line in words.doubts(row)]
        cells = [segment, block(row.english, text_style(cell, factor=LEADING), where),
                 block(row.translation, text_style(cell, factor=LEADING), where, chinese=cjk)]
        shade = _shade(row)
        table = Table([cells], colWidths=widths, hAlign="LEFT")
        table.setStyle(TableStyle(ruled + ([("BACKGROUND", (2, 0), (2, 0), HexColor("#" + shade))] if shade else [])))
        if table.wrap(frame_width, full_height)[1] > full_height - head_height:
            table = Table([cells], colWidths=widths, hAlign="LEFT", splitInRow=1)
            table.setStyle(TableStyle(ruled + ([("BACKGROUND", (2, 0), (2, 0), HexColor("#" + shade))] if shade else [])))
        story.append(table)

    def footer(canvas, doc) -> None:
        label = f"{words.header} · {canvas.getPageNumber()}"
        canvas.saveState()
        canvas.setFillColor(HexColor(colours.muted))
        x, y = page.margin_left * mm, page.margin_bottom * mm / 2
        for line in layout([Run(label)], 10_000, small, fonts, cjk, "footer")[:1]:
            for piece in line.pieces:
                canvas.setFont(piece.font, small)
                canvas.drawString(x, y, piece.text)
                x += piece.width
        canvas.restoreState()

    def later(canvas, doc) -> None:
        """The column heads at the top of every page after the first (where the story sets them)."""
        heads = header()
        heads.wrapOn(canvas, frame_width, full_height)
        heads.drawOn(canvas, page.margin_left * mm, height - page.margin_top * mm - head_height)
        footer(canvas, doc)

    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=(width, height), leftMargin=page.margin_left * mm, rightMargin=page.margin_right * mm,
                          topMargin=page.margin_top * mm, bottomMargin=page.margin_bottom * mm,
                          title=f"{words.header}: {release.headline}", author=release.organisation.name, subject=words.heading,
                          creator=f"docgen {__version__}", lang=info.tag, invariant=1, pageCompression=1,
                          initialFontName=fonts.face(LATIN))
    first = Frame(doc.leftMargin, doc.bottomMargin, frame_width, full_height, id="first",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    rest = Frame(doc.leftMargin, doc.bottomMargin, frame_width, full_height - head_height, id="later",
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="First", frames=[first], onPage=footer, autoNextPageTemplate="Later"),
                          PageTemplate(id="Later", frames=[rest], onPage=later)])
    when = proof.when

    class _Dated(Canvas):
        """Creation and modification dates: the proof's (SOURCE_DATE_EPOCH or the build's), as the PDF renderer does."""

        def __init__(self, *args, **kwargs):
            from docgen.typeset.pdfdates import set_dates

            super().__init__(*args, **kwargs)
            set_dates(self, when)

    doc.build(story, canvasmaker=_Dated)
    return buffer.getvalue()


# --- reading a proof back ----------------------------------------------------------------

@dataclass(frozen=True)
class Returned:
    """One row of a proof as it came back."""

    number: int
    """The row's number in the table (1 is the first segment)."""
    locale: str
    domain: str
    context: str
    english_digest: str
    shown_digest: str
    place: str
    english: str
    """The English column's text."""
    translation: str
    """The translation column's text."""

    @property
    def edited(self) -> bool:
        return digest(self.translation) != self.shown_digest


def read_review(path: Path) -> list[Returned]:
    """The keyed rows of a proof's tables (rows without a key, the header's, are skipped)."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise DocgenError("cannot read this Word document: {reason}", file=path, reason=str(err) or type(err).__name__) from None
    found = []
    for table in doc.tables:
        for row in table.rows:
            cells = row.cells
            if len(cells) < 3:
                continue
            key = _KEY.search(_text(cells[0]._tc, hidden=True))
            if key is None:
                continue
            locale, domain, context, english_digest, shown_digest = key.groups()
            place = _text(cells[0].paragraphs[0]._p, hidden=False).strip()
            found.append(Returned(len(found) + 1, locale, domain, context, english_digest, shown_digest, place,
                                  _text(cells[1]._tc).strip(), _text(cells[2]._tc).strip()))
    return found


def _text(element, hidden: bool = True) -> str:
    """The text of a cell (or paragraph) as Word shows it with changes accepted: paragraphs joined
    by line breaks, tracked insertions in, deletions out, content controls looked into."""
    from docx.oxml.ns import qn

    skip = {qn("w:del"), qn("w:moveFrom")}
    paragraphs = [element] if element.tag == qn("w:p") else list(element.iter(qn("w:p")))
    said = []
    for paragraph in paragraphs:
        out = []
        for node in paragraph.iter(qn("w:t"), qn("w:br"), qn("w:cr"), qn("w:tab")):
            ancestors = {a.tag for a in node.iterancestors()}
            if ancestors & skip:
                continue
            if not hidden:
                run = next((a for a in node.iterancestors() if a.tag == qn("w:r")), None)
                if run is not None and run.find(f"{qn('w:rPr')}/{qn('w:vanish')}") is not None:
                    continue
            out.append(node.text or "" if node.tag == qn("w:t") else "\t" if node.tag == qn("w:tab") else "\n")
        said.append("".join(out))
    return "\n".join(said)


def import_review(path: Path, locales_dir: Path, *, write: bool = True) -> incoming.Applied:
    """Take a reviewer's edits in a proof (*path*) into the catalogues under *locales_dir* as fuzzy
    entries, each with the comment ``# docgen-review: edited by the reviewer in <file> on <date>``.

    A row is an edit when its translation differs from the one the proof showed.  A proof is
    refused whole, naming each row, when an edited row's English has changed since the proof was
    made, when the translator changed the same translation in the meantime, when an edit breaks
    a link, placeholder or markup, or when any row's English column was edited (the English is
    the release's source, never taken from a proof).  Nothing is written with *write* False (a
    dry run)."""
    path, folder = Path(path), Path(locales_dir)
    rows = read_review(path)
    if not rows:
        raise DocgenError("no review table in this document: a proof is made with 'docgen build --format review'", file=path)
    templates: dict[str, dict[tuple[str, str], str]] = {}
    problems: list[Message] = []
    updates: list[incoming.Incoming] = []
    lookups: dict[str, _Lookup] = {}
    for row in rows:
        said = {"row": row.number, "place": row.place or row.context, "english": _short(row.english)}
        msgid = _template(templates, folder, row.domain).get((row.context, row.english_digest))
        if msgid is not None and " ".join(row.english.split()) != " ".join(msgid.split()):
            # Translators: {row} is a row number of the proof's table, {place} where the segment stands (lead.1).
            problems.append(Message("row {row} ({place}, \"{english}\"): the English column was edited: change the release's "
                                    "source instead, and make a new proof", **said))
            continue
        if not row.edited:
            continue
        if msgid is None:
            problems.append(Message("row {row} ({place}, \"{english}\"): the English has changed since the proof was made: "
                                    "make a new proof ('docgen build --format review')", **said))
            continue
        if row.locale not in lookups:
            try:
                info = parse_locale(row.locale, folder)
            except DocgenError as err:
                problems.append(Message("row {row} ({place}): {problem}", row=row.number, place=said["place"], problem=err.message))
                continue
            lookups[row.locale] = _Lookup(info, folder, [])
        lookup = lookups[row.locale]
        info = lookup.info
        current = lookup.message(row.domain, row.context, msgid)[1]
        now_said = (current.string if isinstance(current.string, str) else "") if current is not None else ""
        if now_said.strip() == row.translation:
            continue  # the catalogue already says what the reviewer wrote
        if digest(now_said) != row.shown_digest:
            problems.append(Message("row {row} ({place}, \"{english}\"): the translation has changed in the catalogue since "
                                    "the proof was made, and the reviewer changed it too: make a new proof, or copy the "
                                    "reviewer's words in by hand", **said))
            continue
        # A fuzzy entry waits for the translator and is not checked before: a link or placeholder the
        # reviewer broke could never be printed, so it is refused now, while the reviewer is at hand.
        broken = checks.check_structure(msgid, row.translation)
        if broken:
            problems += [Message("row {row} ({place}): {problem}", row=row.number, place=said["place"], problem=p) for p in broken]
            continue
        updates.append(incoming.Incoming(row.domain, info.tag, row.context or None, msgid, row.translation, "fuzzy",
                                         origin=f"{path.name}: row {row.number} ({said['place']})"))
    if problems:
        # Translators: {rows} are lines naming a row of the proof and what is wrong with it.
        raise DocgenError("nothing of the proof was taken in ({count} problem(s)):\n  {rows}", file=path, count=len(problems),
                          rows=joined("\n  ", problems))
    applied = incoming.apply(updates, folder, write=write)
    if write and applied.written:
        _mark_reviewed(applied.written, updates, path, folder)
    return applied


def _short(text: str) -> str:
    return text if len(text) <= 50 else text[:49] + "…"


def _template(cache: dict, folder: Path, domain: str) -> dict[tuple[str, str], str]:
    """(msgctxt, digest of the English) -> English, of *domain*'s template (empty when there is none)."""
    if domain not in cache:
        path = catalogs.template_path(folder, domain)
        template = catalogs.read(path) if path.is_file() else []
        cache[domain] = {(m.context or "", digest(m.id)): m.id for m in template if m.id and isinstance(m.id, str)}
    return cache[domain]


def _mark_reviewed(written: tuple[Path, ...], updates: list[incoming.Incoming], path: Path, folder: Path) -> None:
    """The reviewer's comment on each entry the proof changed (replacing an earlier proof's)."""
    comment = f"{REVIEWED}: edited by the reviewer in {path.name} on {now().date().isoformat()}"
    for po in written:
        info = parse_locale(po.parent.parent.name, folder)
        catalog = catalogs.read(po, locale=info.babel)
        for update in updates:
            if catalogs.po_path(folder, info.babel, update.domain) != po:
                continue
            message = catalog.get(update.msgid, context=update.context)
            if message is None or message.string != update.translation:
                continue
            message.user_comments = [c for c in message.user_comments if c.split(":", 1)[0].strip() != REVIEWED] + [comment]
        catalogs.save(po, catalog, locations=False, formats=False)
