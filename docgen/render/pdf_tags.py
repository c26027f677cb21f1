"""Tagged PDF (PDF/UA-1): the structure tree a screen reader follows.

docgen draws every line itself, so it knows what each line is.  While the PDF is drawn,
content is wrapped in marked content (``BDC``/``EMC`` through ReportLab's ``addLiteral``):
text and pictures with an MCID that belongs to a structure element, the letterhead,
footer, rules and table lines as artifacts.  The tree itself (``StructTreeRoot``,
``ParentTree``, link annotations' ``OBJR``), ``/MarkInfo``, ``/ViewerPreferences``,
``/Tabs /S`` and the XMP identification are written afterwards with pikepdf (qpdf),
which also keeps the file byte-reproducible (a deterministic ``/ID``).

Elements are made in reading order (the story's order), so the tree reads as the
release does, whatever page a block lands on.
"""
from __future__ import annotations

import io
from contextlib import contextmanager
from dataclasses import dataclass, field

ARTIFACT = "/Artifact BMC"
HEADER = "/Artifact <</Type /Pagination /Subtype /Header /Attached [/Top]>> BDC"
FOOTER = "/Artifact <</Type /Pagination /Subtype /Footer /Attached [/Bottom]>> BDC"
LAYOUT = "/Artifact <</Type /Layout>> BDC"
"""Marked content that opens an artifact: untyped, the running header and footer, and layout
(rules, table lines)."""


@dataclass(eq=False)
class Element:
    """A structure element: its kind (``P``, ``H1``, ``Figure``...) and what it holds, in order:
    child elements and marked content ``(page, mcid)`` of its own."""

    kind: str
    kids: list = field(default_factory=list)
    alt: str | None = None
    """Alternate text (figures)."""
    lang: str | None = None
    """Language of its content, when it differs from the document's."""
    scope: str | None = None
    """``Column`` or ``Row`` for a table header cell."""
    repeat: bool = False
    """A table header cell that ReportLab draws again on each page the table runs onto: drawn
    again, it is an artifact."""
    numbering: str | None = None
    """``ListNumbering`` of a list (``Disc`` for bullets)."""

    def add(self, kind: str, **attributes) -> "Element":
        child = Element(kind, **attributes)
        self.kids.append(child)
        return child

    @property
    def drawn(self) -> bool:
        return any(isinstance(kid, tuple) for kid in self.kids)


class Tagger:
    """Marks content while a PDF is drawn, and writes the structure tree afterwards."""

    def __init__(self, lang: str):
        self.lang = lang
        self.root = Element("Document")
        self._next: dict[int, int] = {}
        """Page number -> its next MCID."""
        self._links: dict[int, list[Element]] = {}
        """Page number -> the Link elements whose annotations it holds, in the order drawn."""

    @contextmanager
    def content(self, canvas, element: Element, tag: str | None = None):
        """Everything drawn inside belongs to *element*."""
        page = canvas.getPageNumber()
        mcid = self._next.get(page, 0)
        self._next[page] = mcid + 1
        element.kids.append((page, mcid))
        canvas.addLiteral(f"/{tag or element.kind} <</MCID {mcid}>> BDC")
        try:
            yield
        finally:
            canvas.addLiteral("EMC")

    @contextmanager
    def artifact(self, canvas, kind: str = ARTIFACT):
        """Everything drawn inside is decoration (letterhead, footer, rules): not read aloud.
        *kind* is the operator that opens it (``HEADER``, ``FOOTER``, ``LAYOUT``)."""
        canvas.addLiteral(kind)
        try:
            yield
        finally:
            canvas.addLiteral("EMC")

    def link(self, canvas, element: Element) -> None:
        """The link annotation just added to the page belongs to *element* (a ``Link``)."""
        self._links.setdefault(canvas.getPageNumber(), []).append(element)

    def finish(self, data: bytes, *, title: str, subject: str | None, author: str, keywords: str, creator: str, moment: str) -> bytes:
        """The drawn PDF *data* with its structure tree and PDF/UA identification."""
        import pikepdf

        pdf = pikepdf.open(io.BytesIO(data))
        root = pdf.Root
        tree = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
        pages = {n: page for n, page in enumerate(pdf.pages, 1)}
        marks: dict[int, dict[int, object]] = {n: {} for n in pages}
        annotations: list[tuple[object, object]] = []
        role_elements: dict[int, object] = {}

        def build(element: Element, parent) -> object:
            node = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name("/" + element.kind), P=parent))
            role_elements[id(element)] = node
            if element.alt is not None:
                node.Alt = pikepdf.String(element.alt)
            if element.lang is not None:
                node.Lang = pikepdf.String(element.lang)
            if element.scope is not None:
                node.A = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=pikepdf.Name("/" + element.scope))
            if element.numbering is not None:
                node.A = pikepdf.Dictionary(O=pikepdf.Name.List, ListNumbering=pikepdf.Name("/" + element.numbering))
            kids = pikepdf.Array()
            for kid in element.kids:
                if isinstance(kid, Element):
                    kids.append(build(kid, node))
                else:
                    page, mcid = kid
                    kids.append(pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=pages[page].obj, MCID=mcid))
                    marks[page][mcid] = node
            node.K = kids
            return node

        tree.K = build(self.root, tree)
        for page, elements in self._links.items():
            annots = [a for a in pages[page].obj.get("/Annots", []) if a.get("/Subtype") == pikepdf.Name.Link]
            for element, annot in zip(elements, annots):
                node = role_elements[id(element)]
                node.K.append(pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=annot, Pg=pages[page].obj))
                annotations.append((annot, node))
                if "/Contents" not in annot and "/A" in annot and "/URI" in annot.A:
                    # PDF/UA: a link's description, for readers that announce the annotation.
                    annot.Contents = pikepdf.String(str(annot.A.URI).removeprefix("mailto:"))
        numbers = pikepdf.Array()
        key = 0
        for page_number, page in pages.items():
            page.obj.StructParents = key
            page.obj.Tabs = pikepdf.Name.S
            found = marks[page_number]
            numbers.append(key)
            numbers.append(pdf.make_indirect(pikepdf.Array([found[m] for m in sorted(found)])))
            key += 1
        for annot, node in annotations:
            annot.StructParent = key
            numbers.append(key)
            numbers.append(node)
            key += 1
        tree.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=numbers))
        tree.ParentTreeNextKey = key
        root.StructTreeRoot = tree
        root.MarkInfo = pikepdf.Dictionary(Marked=True, Suspects=False)
        root.Lang = pikepdf.String(self.lang)
        root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            xmp["dc:title"] = title
            xmp["dc:language"] = [self.lang]
            xmp["dc:creator"] = [author]
            if subject:
                xmp["dc:description"] = subject
            if keywords:
                xmp["pdf:Keywords"] = keywords
            xmp["pdf:Producer"] = creator
            xmp["xmp:CreatorTool"] = creator
            xmp["xmp:CreateDate"] = xmp["xmp:ModifyDate"] = moment  # the release's, as the PDF's own dates
            xmp["pdfuaid:part"] = "1"
        out = io.BytesIO()
        # Streams are compressed by qpdf (ReportLab leaves them uncompressed: pdf.py); *data* is PDF 1.7 already.
        pdf.save(out, deterministic_id=True, stream_decode_level=pikepdf.StreamDecodeLevel.none)
        return out.getvalue()
