"""The DOCX, read back with python-docx and its XML, and by pandoc and LibreOffice."""
import datetime as dt
import io
import re
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree as ET

import docx
from docx.oxml.ns import qn
import pytest

from docgen.errors import DocgenError
from docgen.i18n import context_for, parse_locale
from docgen.i18n.translate import translate
from docgen.model import Paragraph, Span
from docgen.render.docx import render
from docgen.sources import read
from docgen.style import Style
from tests import pdfcheck
from tests.checks import missing_paragraphs, seed_paragraphs
from tests.conftest import ALL_BLOCKS, FIXTURES, ROOT, SEED_SOURCE

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
SEED_EN = seed_paragraphs((FIXTURES / "seed-release.txt").read_text("utf-8"))
SEED_ZH = [p.strip() for p in (FIXTURES / "seed-paragraphs.zh-Hant-HK.txt").read_text("utf-8").split("\n\n")]


def seed(locale):
    release = read(SEED_SOURCE)
    return release if locale == "en" else translate(release, parse_locale(locale), ROOT / "locales").release


def build(release, locale="en") -> bytes:
    return render(release, context_for(locale, "PRNewswire"), Style())


def part(data: bytes, name: str) -> ET.Element:
    return ET.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


@pytest.fixture(scope="module", params=["en", "zh-Hant-HK"])
def seed_docx(request):
    return request.param, build(seed(request.param), request.param)


def test_paragraphs_use_named_styles_in_reading_order(seed_docx):
    locale, data = seed_docx
    document = docx.Document(io.BytesIO(data))
    styles = [p.style.name for p in document.paragraphs]
    assert styles == ["Headline", "Normal", "Normal", "Heading 1", "Normal", "Normal", "Heading 1", "Normal", "Normal",
                      "Heading 1", "Normal", "Normal", "Source Line", "End Mark"]
    assert document.styles["Headline"].base_style.name == "Title"
    lead = document.paragraphs[1]
    assert lead.runs[0].style.name == "Dateline"
    assert lead.runs[0].text == ("HONG KONG, Feb. 28, 2024 /PRNewswire/ — " if locale == "en" else "香港2024年2月28日 /美通社/ — ")


def test_no_direct_formatting_on_runs(seed_docx):
    _, data = seed_docx
    body = part(data, "word/document.xml")
    allowed = {W + "rStyle", W + "lang"}
    direct = {child.tag for rpr in body.iter(W + "rPr") for child in rpr} - allowed
    assert direct == set()
    assert not list(body.iter(W + "pPr")) or {c.tag for p in body.iter(W + "pPr") for c in p} <= {W + "pStyle"}


def test_language_and_east_asian_font(seed_docx):
    locale, data = seed_docx
    styles = part(data, "word/styles.xml")
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(W + "eastAsia") == "zh-HK"
    assert lang.get(W + "val") == ("en-GB" if locale == "en" else "zh-HK")  # ASTRI writes British English
    fonts = {f.get(W + "eastAsia") for f in styles.iter(W + "rFonts") if f.get(W + "eastAsia")}
    assert fonts == {"Microsoft JhengHei"}
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.language == ("en-GB" if locale == "en" else "zh-HK")
    if locale != "en":
        tagged = {r.text for p in document.paragraphs for r in p.runs if r._r.find(f"{W}rPr/{W}lang") is not None}
        assert {"Microelectronics Technology Consortium", "Smart Mobility Technology (C-V2X) Alliance", "ConTech", "PropTech"} <= tagged
        assert all(r._r.find(f"{W}rPr/{W}lang").get(W + "val") == "en-GB" for p in document.paragraphs for r in p.runs
                   if r._r.find(f"{W}rPr/{W}lang") is not None)


def test_hyperlink_is_real(seed_docx):
    _, data = seed_docx
    body = part(data, "word/document.xml")
    rels = {r.get("Id"): r for r in part(data, "word/_rels/document.xml.rels")}
    links = list(body.iter(W + "hyperlink"))
    assert len(links) == 1
    rel = rels[links[0].get(R + "id")]
    assert (rel.get("Target"), rel.get("TargetMode")) == ("https://www.astri.org", "External")
    assert "".join(t.text for t in links[0].iter(W + "t")) == "www.astri.org"
    assert links[0].find(f"{W}r/{W}rPr/{W}rStyle").get(W + "val") == "Hyperlink"


def test_header_and_page_number_fields(seed_docx):
    locale, data = seed_docx
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    footer = part(data, next(n for n in names if n.startswith("word/footer")))
    fields = [f.get(W + "instr").strip() for f in footer.iter(W + "fldSimple")]
    assert fields == ["PAGE", "NUMPAGES"]
    text = "".join(t.text for t in footer.iter(W + "t"))
    assert text == ("Page 1 of 1" if locale == "en" else "第1頁，共1頁")  # placeholders until Word updates the fields
    header = part(data, next(n for n in names if n.startswith("word/header")))
    assert "".join(t.text for t in header.iter(W + "t")) == seed(locale).organisation.name


def test_core_properties_come_from_the_release(seed_docx):
    locale, data = seed_docx
    props = docx.Document(io.BytesIO(data)).core_properties
    release = seed(locale)
    assert (props.title, props.author, props.last_modified_by) == (release.headline, release.organisation.name, release.organisation.name)
    assert props.keywords == ", ".join(release.keywords) and props.identifier == release.slug
    assert props.created == props.modified == dt.datetime(2024, 2, 28, tzinfo=dt.timezone.utc)
    assert props.revision == 1
    assert b"python-docx" not in data and b"2013-12-23" not in zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml")


def test_same_input_same_bytes_with_fixed_zip_times(monkeypatch):
    release = seed("zh-Hant-HK")
    first, second = build(release, "zh-Hant-HK"), build(release, "zh-Hant-HK")
    assert first == second
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {(2024, 2, 28, 0, 0, 0)}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    epoch = build(release, "zh-Hant-HK")
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(epoch)).infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_documents_made_one_after_another_from_the_parsed_reference_are_those_of_a_fresh_parse(monkeypatch):
    """The reference document is parsed once per process and copied for each document: what
    one document adds (a Chinese edition's styles) never reaches the next."""
    from docgen.render import docx as renderer

    english, chinese = seed("en"), seed("zh-Hant-HK")
    made = [build(english), build(chinese, "zh-Hant-HK"), build(english), build(chinese, "zh-Hant-HK")]
    assert made[0] == made[2] and made[1] == made[3] and made[0] != made[1]
    monkeypatch.setattr(renderer, "_TEMPLATES", {})
    assert build(english) == made[0]
    monkeypatch.setattr(renderer, "_TEMPLATES", {})
    assert build(chinese, "zh-Hant-HK") == made[1]


def test_every_block_kind(tmp_path):
    data = build(read(ALL_BLOCKS))
    document = docx.Document(io.BytesIO(data))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    names = [s for s, _ in styles]
    for expected in ["Embargo", "Headline", "Subheadline", "Heading 1", "Heading 2", "List Bullet", "Quote", "Quote Attribution", "Caption", "Media Contact"]:
        assert expected in names, expected
    assert ("Quote Attribution", "— Dr Wong Ka Yan, Director, Green Finance Laboratory") in styles
    assert ("Caption", "Photo: Researchers at the opening of the laboratory (ERI / Jane Lo)") in styles
    assert [(p.style.name, p.text) for p in document.paragraphs[3:5]] == [("Highlight", "Twenty researchers from three universities"),
                                                                         ("Highlight", "HK$30 million over five years")]
    lead = document.paragraphs[5]
    assert [(r.text, r.style.name) for r in lead.runs if r.style.name in ("Strong", "Emphasis")] == [("Green Finance Laboratory", "Strong"), ("Science Park", "Emphasis")]
    [table] = document.tables
    assert table.style.name == "Table Grid"
    assert [[c.text for c in row.cells] for row in table.rows] == [["Source", "Share", "HK$ million"], ["Government grant", "60%", "18.0"],
                                                                   ["Member banks", "40%", "12.0"]]
    assert [c.paragraphs[0].style.name for c in table.rows[1].cells] == ["Table Text", "Table Text Right", "Table Text Right"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on each page
    assert ("Caption", "Funding by source") in styles and ("Hashtags", "#GreenFinance #ERI") in styles
    assert ("Media Contact", "Lee Siu Ming, Senior Consultant, Harbourside PR") in styles
    body = part(data, "word/document.xml")
    [doc_pr] = body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    assert doc_pr.get("descr") == "Six researchers in lab coats cut a ribbon"
    section = document.sections[0]
    assert document.inline_shapes[0].width == section.page_width - section.left_margin - section.right_margin
    rels = part(data, "word/_rels/document.xml.rels")
    targets = {r.get("Target") for r in rels if r.get("TargetMode") == "External"}
    assert targets == {"https://data.example.org/green", "https://www.example.org/news", "https://www.example.org/", "https://www.example.org", "mailto:media@example.org", "mailto:press@example.org"}


def test_text_xml_cannot_hold_is_a_clear_error():
    release = replace(read(SEED_SOURCE), body=(Paragraph(id="lead.1", content=(Span(text="bell \x07 here"),)),))
    with pytest.raises(DocgenError, match=r"U\+0007 .* cannot be stored in a Word document") as caught:
        build(release)
    assert caught.value.field == "lead.1"


# --- real clients ---

def test_pandoc_reads_every_paragraph(seed_docx, tmp_path):
    locale, data = seed_docx
    path = tmp_path / "seed.docx"
    path.write_bytes(data)
    out = subprocess.run(["pandoc", "-f", "docx", "-t", "plain", "--wrap=none", str(path)], capture_output=True, text=True, check=True)
    assert missing_paragraphs(out.stdout, SEED_EN if locale == "en" else SEED_ZH) == []
    assert out.stderr == ""


def test_libreoffice_opens_it_without_repair_and_keeps_every_paragraph(seed_docx, tmp_path):
    locale, data = seed_docx
    pdf = pdfcheck.libreoffice_pdf(data, tmp_path, "seed")
    assert missing_paragraphs("\n".join(pdfcheck.body_lines(pdf)), SEED_EN if locale == "en" else SEED_ZH) == []
    # The fields were computed: the last page's footer says it is page N of N. How many pages
    # there are, and how LibreOffice spaces and punctuates the footer, depends on the fonts this
    # machine has (a machine whose only CJK font is Droid Sans Fallback sets "第 2 頁 , 共 2 頁"),
    # so only the numbers are compared, with the page count of the PDF itself.
    pages = int(pdfcheck.info(pdf)["Pages"])
    last = "".join(pdfcheck.text(pdf).rstrip("\f").split("\f")[-1].split())
    footer = r"Page(\d+)of(\d+)" if locale == "en" else r"第(\d+)頁\W{0,2}共(\d+)頁"
    assert [tuple(map(int, m)) for m in re.findall(footer, last)][-1:] == [(pages, pages)], last[-80:]


@pytest.mark.parametrize("locale", ["en", "zh-Hant-HK"])
def test_document_part_matches_reviewed_golden(locale):
    """The body part as indented XML, compared as text (not zip bytes): a diff shows what changed.
    DOCGEN_UPDATE_GOLDEN=1 rewrites it; review the diff."""
    import os
    from xml.dom import minidom

    data = build(seed(locale), locale)
    xml = minidom.parseString(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")).toprettyxml(indent=" ")
    golden = Path(__file__).resolve().parent.parent / "golden" / f"seed.{locale}.document.xml"
    if os.environ.get("DOCGEN_UPDATE_GOLDEN"):
        golden.write_text(xml, "utf-8")
    assert xml == golden.read_text("utf-8")


def test_the_renderer_takes_every_language_tag_from_the_locale(seed_docx):
    """No locale is known to the renderer: a Traditional Chinese edition for Taiwan is tagged zh-TW
    throughout, East Asian language included (it was always zh-HK)."""
    from dataclasses import replace as with_

    from docgen.i18n.locales import LocaleInfo

    taiwan = LocaleInfo(tag="zh-Hant-TW", babel="zh_Hant_TW", fallbacks=("zh_Hant_TW", "zh_Hant"), word_lang="zh-TW")
    ctx = with_(context_for("zh-Hant-HK", "PRNewswire"), info=taiwan)
    data = render(seed("zh-Hant-HK"), ctx, Style())
    lang = part(data, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert (lang.get(W + "val"), lang.get(W + "eastAsia")) == ("zh-TW", "zh-TW")
    assert docx.Document(io.BytesIO(data)).core_properties.language == "zh-TW"
