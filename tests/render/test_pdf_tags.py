"""The tagged PDF (docgen.render.pdf_tags): the structure tree read back with pikepdf and with
poppler (pdfinfo -struct-text), and every painting operator checked to be tagged or an artifact."""
from __future__ import annotations

import io
import re
import subprocess

import pikepdf
import pytest

from docgen.i18n import context_for, parse_locale
from docgen.i18n.translate import translate
from docgen.render.pdf import render
from docgen.sources import read
from docgen.style import Style
from tests.conftest import ALL_BLOCKS, ROOT, SEED_SOURCE

EMBARGO_OVER = "1725499900"


@pytest.fixture(scope="module")
def every_block(tmp_path_factory):
    """The every-block fixture's English PDF (embargo over: no banner)."""
    import os

    os.environ["SOURCE_DATE_EPOCH"] = EMBARGO_OVER
    try:
        data = render(read(ALL_BLOCKS), context_for("en", "PRNewswire"), Style())
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    path = tmp_path_factory.mktemp("tags") / "every-block.pdf"
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def seed_chinese(tmp_path_factory):
    release = translate(read(SEED_SOURCE), parse_locale("zh-Hant-HK"), ROOT / "locales").release
    path = tmp_path_factory.mktemp("tags") / "seed-zh.pdf"
    path.write_bytes(render(release, context_for("zh-Hant-HK", "PRNewswire"), Style()))
    return path


def kind(node) -> str:
    return str(node.S)[1:]


def children(node) -> list:
    kids = node.get("/K")
    if kids is None:
        return []
    kids = kids if isinstance(kids, pikepdf.Array) else [kids]
    return [k for k in kids if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == pikepdf.Name.StructElem]


def tree(path):
    pdf = pikepdf.open(path)
    return pdf, pdf.Root.StructTreeRoot.K


def test_reading_order_is_the_release_order(every_block):
    _pdf, document = tree(every_block)
    assert kind(document) == "Document"
    assert [kind(k) for k in children(document)] == [
        "Link",  # the letterhead's website, first as it is printed
        "P", "H1", "P", "L", "P",  # embargo line, headline, subheadline, highlights, the dateline's paragraph
        "H2", "P", "L", "BlockQuote", "Div", "Table", "H3", "P", "P",  # the body, hashtags last
        "H2", "P",  # About ERI
        "H2", "P", "P",  # media contacts, one paragraph each
        "P", "P",  # SOURCE line, end mark
    ]


def test_lists_tables_figures_and_links_have_their_structure(every_block):
    _pdf, document = tree(every_block)
    top = children(document)[2:]  # after the website and the embargo line
    highlights = top[2]
    assert [[kind(k) for k in children(li)] for li in children(highlights)] == [["Lbl", "LBody"], ["Lbl", "LBody"]]
    quote = top[7]
    assert [kind(k) for k in children(quote)] == ["P", "P"]
    figure, caption = children(top[8])
    assert kind(figure) == "Figure" and str(figure.Alt) == "Six researchers in lab coats cut a ribbon" and kind(caption) == "Caption"
    table = top[9]
    assert [kind(k) for k in children(table)] == ["Caption", "THead", "TBody"]
    (head_row,) = children(children(table)[1])
    assert [kind(c) for c in children(head_row)] == ["TH"] * 3
    assert all(c.A.Scope == pikepdf.Name.Column for c in children(head_row))
    rows = children(children(table)[2])
    assert [[kind(c) for c in children(r)] for r in rows] == [["TD"] * 3] * 2
    body = children(children(top[6])[1])[1]  # the body list's second item: "open data" is a link
    (link,) = [k for k in children(body) if kind(k) == "Link"]
    objr = [k for k in link.K if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == pikepdf.Name.OBJR]
    assert len(objr) == 1 and objr[0].Obj.Subtype == pikepdf.Name.Link and objr[0].Obj.A.URI == "https://data.example.org/green"
    assert str(objr[0].Obj.Contents) == "https://data.example.org/green"  # PDF/UA: every link annotation described
    assert highlights.A.ListNumbering == pikepdf.Name.Disc


def test_latin_runs_in_chinese_are_spans_in_english(seed_chinese):
    result = subprocess.run(["pdfinfo", "-struct-text", str(seed_chinese)], capture_output=True, text=True, check=True).stdout
    lines = [line.strip() for line in result.splitlines()]
    spans = [lines[n + 1] for n, line in enumerate(lines) if line.startswith("Span")]
    assert '"Microelectronics Technology Consortium"' in spans and '"Smart Mobility Technology (C-V2X) Alliance"' in spans
    _pdf, document = tree(seed_chinese)
    langs = set()
    stack = [document]
    while stack:
        node = stack.pop()
        if kind(node) == "Span":
            langs.add(str(node.Lang))
        stack += children(node)
    assert langs == {"en-GB"}


def test_every_painting_operator_is_tagged_or_an_artifact(every_block, seed_chinese):
    from tests import pdfcheck

    for path in (every_block, seed_chinese):
        assert pdfcheck.loose_operators(path) == [], path.name


def test_the_document_declares_itself_pdf_ua(every_block):
    pdf = pikepdf.open(every_block)
    assert pdf.Root.MarkInfo.Marked is True and pdf.Root.MarkInfo.Suspects is False
    assert pdf.pdf_version == "1.7"
    assert str(pdf.Root.Lang) == "en"
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    assert all(page.obj.Tabs == pikepdf.Name.S for page in pdf.pages)
    meta = pdf.open_metadata()
    assert meta["dc:title"] == "ERI opens a laboratory for green finance"
    assert meta["pdfuaid:part"] == "1"
    info = subprocess.run(["pdfinfo", str(every_block)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)


def test_tagged_output_is_byte_reproducible():
    release = read(SEED_SOURCE)
    ctx = context_for("en", "PRNewswire")
    assert render(release, ctx, Style()) == render(release, ctx, Style())


def test_a_table_header_drawn_again_on_the_next_page_is_an_artifact(tmp_path):
    """A table that runs over a page repeats its header row there: read once, not twice."""
    from dataclasses import replace

    from docgen.model import Span, Table

    release = read(ALL_BLOCKS)
    cell = lambda text: (Span(text=text),)
    table = Table(id="t", header=(cell("Year"), cell("Amount")), rows=tuple((cell(str(2000 + n)), cell(f"{n}.0")) for n in range(90)),
                  align=("left", "right"))
    data = render(replace(release, body=(release.body[0], table), embargo=None), context_for("en", "PRNewswire"), Style())
    pdf = pikepdf.open(io.BytesIO(data))
    assert len(pdf.pages) >= 2
    _root = pdf.Root.StructTreeRoot.K
    headers = []
    stack = [_root]
    while stack:
        node = stack.pop()
        if kind(node) == "TH":
            headers.append(node)
        stack += children(node)
    assert len(headers) == 2
    for header in headers:  # each header cell's content is on the first page only
        refs = [k for k in header.K if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == pikepdf.Name.MCR]
        assert {r.Pg.objgen for r in refs} == {pdf.pages[0].obj.objgen}


def test_heading_levels_never_skip(tmp_path):
    """A subsection before any section is a level-2 heading (H2 after the H1), not an H3."""
    from dataclasses import replace

    from docgen.model import Heading, Span

    release = read(ALL_BLOCKS)
    sub = Heading(id="sub", level=2, content=(Span(text="A subsection first"),))
    data = render(replace(release, body=(release.body[0], sub, release.body[1]), embargo=None), context_for("en", "PRNewswire"), Style())
    pdf = pikepdf.open(io.BytesIO(data))
    kinds = [kind(k) for k in children(pdf.Root.StructTreeRoot.K)]
    headings = [k for k in kinds if k.startswith("H")]
    assert headings[:2] == ["H1", "H2"]


def test_artifacts_say_what_they_are(every_block):
    pdf = pikepdf.open(every_block)
    kinds = set()
    for page in pdf.pages:
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "BDC" and operands[0] == pikepdf.Name.Artifact:
                kinds.add((str(operands[1].Type), str(operands[1].get("/Subtype", ""))))
    assert kinds == {("/Pagination", "/Header"), ("/Pagination", "/Footer"), ("/Layout", "")}
