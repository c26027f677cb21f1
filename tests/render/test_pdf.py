"""The PDF, read back with real clients: qpdf, poppler, pypdf + fontTools."""
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from docgen.errors import DocgenError
from docgen.i18n import context_for, parse_locale
from docgen.i18n.translate import translate
from docgen.model import Paragraph, Span, Table
from docgen.render.pdf import render
from docgen.render.pdf_text import Run, layout
from docgen.sources import read
from docgen.style import Style
from docgen.typeset.fonts import FontSet
from docgen.typeset.wrap import NO_LINE_END, NO_LINE_START, break_units
from tests import pdfcheck
from tests.checks import line_break_problems, missing_paragraphs, seed_paragraphs, squash
from tests.conftest import ALL_BLOCKS, FIXTURES, ROOT, SEED_SOURCE

ZH_TYPESETTING = FIXTURES / "project" / "source" / "zh-typesetting.md"
SEED_EN = seed_paragraphs((FIXTURES / "seed-release.txt").read_text("utf-8"))
SEED_ZH = [p.strip() for p in (FIXTURES / "seed-paragraphs.zh-Hant-HK.txt").read_text("utf-8").split("\n\n")]


def pdf_of(release, locale: str, tmp_path: Path, name: str = "out.pdf", style: Style = Style()) -> Path:
    path = tmp_path / name
    path.write_bytes(render(release, context_for(locale, "PRNewswire"), style))
    return path


def seed(locale: str):
    release = read(SEED_SOURCE)
    if locale == "en":
        return release
    return translate(release, parse_locale(locale), ROOT / "locales").release


@pytest.fixture(scope="module", params=["en", "zh-Hant-HK"])
def seed_pdf(request, tmp_path_factory):
    return request.param, pdf_of(seed(request.param), request.param, tmp_path_factory.mktemp(request.param))


def test_seed_pdf_is_sound_for_qpdf(seed_pdf):
    _, path = seed_pdf
    check = pdfcheck.qpdf_check(path)
    assert check.returncode == 0, check.stdout + check.stderr


def test_every_font_is_embedded_subset_and_mapped_to_unicode(seed_pdf):
    locale, path = seed_pdf
    fonts = pdfcheck.fonts(path)
    assert fonts and all(f["embedded"] and f["subset"] and f["unicode"] for f in fonts), fonts
    names = {f["name"].split("+", 1)[1] for f in fonts}
    assert {"NotoSans-Regular", "NotoSans-Bold"} <= names
    if locale != "en":
        assert {"NotoSansCJKhk-Regular", "NotoSansCJKhk-Bold"} <= names  # headline and headings bold in Chinese too


def test_no_character_is_drawn_without_a_glyph(seed_pdf):
    _, path = seed_pdf
    assert pdfcheck.missing_glyphs(path) == {}


def test_every_paragraph_is_extractable_in_order(seed_pdf):
    locale, path = seed_pdf
    text = "\n".join(pdfcheck.body_lines(path))
    expected = SEED_EN if locale == "en" else SEED_ZH
    assert missing_paragraphs(text, expected) == []
    if locale == "en":
        assert "HONG KONG, Feb. 28, 2024 /PRNewswire/ — The Hong Kong Applied Science" in text
    else:
        # clreq's quarter em between Han and Latin reads as a space to pdftotext: compare without spaces.
        assert squash("香港2024年2月28日 /美通社/ — 香港應用科技研究院（應科院）") in squash(text)
        assert "－完－" in text and "第1頁，共2頁" in pdfcheck.text(path)


def test_lines_respect_kinsoku_and_keep_words_whole(seed_pdf):
    locale, path = seed_pdf
    lines = pdfcheck.body_lines(path)
    assert line_break_problems(lines) == []
    words = {w for p in (SEED_EN if locale == "en" else SEED_ZH) for w in __import__("re").findall(r"[A-Za-z]+", p)}
    for a, b in zip(lines, lines[1:]):
        tail, head = __import__("re").search(r"[A-Za-z]+$", a.rstrip()), __import__("re").match(r"[A-Za-z]+", b.lstrip())
        if tail and head:
            assert tail.group() + head.group() not in words or tail.group() in words, (a, b)


def test_metadata_and_language(seed_pdf):
    locale, path = seed_pdf
    info = pdfcheck.info(path)
    release = seed(locale)
    assert info["Title"] == release.headline
    assert info["Author"] == release.organisation.name
    assert info["Keywords"] == ", ".join(release.keywords)
    assert info["CreationDate"].startswith("Wed Feb 28 00:00:00 2024")
    assert pdfcheck.catalog_lang(path) == locale


def test_seed_pdfs_are_small(seed_pdf):
    _, path = seed_pdf
    assert path.stat().st_size < 150_000


def test_headings_are_bookmarks_and_links_are_clickable(seed_pdf):
    locale, path = seed_pdf
    reader = PdfReader(str(path))
    titles = [item.title for item in reader.outline]
    expected = ["Realise I&T commercialisation", "Focus on Fintech and Green Tech", "About ASTRI"] if locale == "en" else ["實現創科成果商品化", "聚焦金融科技及綠色科技", "關於應科院"]
    assert titles == expected
    uris = [a.get_object()["/A"]["/URI"] for page in reader.pages for a in page.get("/Annots", []) if "/A" in a.get_object()]
    assert uris.count("https://www.astri.org") == 2  # the letterhead's, and the boilerplate's


def test_same_input_same_bytes_and_source_date_epoch_is_honoured(tmp_path, monkeypatch):
    release = seed("zh-Hant-HK")
    first, second = render(release, context_for("zh-Hant-HK", "PRNewswire"), Style()), render(release, context_for("zh-Hant-HK", "PRNewswire"), Style())
    assert first == second
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    path = tmp_path / "epoch.pdf"
    path.write_bytes(render(release, context_for("zh-Hant-HK", "PRNewswire"), Style()))
    assert pdfcheck.info(path)["CreationDate"].startswith("Tue Nov 14 22:13:20 2023")


def test_markup_in_text_is_printed_as_text(tmp_path):
    hostile = '<img src="/etc/passwd"/> <font color="red">x</font> & ]]> <b>bold?</b> &amp;'
    release = replace(read(SEED_SOURCE), body=(Paragraph(id="lead.1", content=(Span(text=hostile),)),))
    text = pdfcheck.text(pdf_of(release, "en", tmp_path))
    assert hostile in text.replace("\n", " ")


def test_a_character_in_no_font_is_reported_by_name(tmp_path):
    release = replace(read(SEED_SOURCE), body=(Paragraph(id="lead.1", content=(Span(text="Launch 🚀 today"),)),))
    with pytest.raises(DocgenError, match=r"U\+1F680 ROCKET \('🚀'\) is in none of the style's fonts") as caught:
        render(release, context_for("en", "PRNewswire"), Style())
    assert caught.value.field == "lead.1"


def test_every_block_kind_is_in_the_pdf(tmp_path):
    path = pdf_of(read(ALL_BLOCKS), "en", tmp_path)
    text = " ".join(pdfcheck.text(path).split())
    for expected in ["Embargoed until Sept. 5, 2024, 9:30 a.m. (UTC+08:00)", "Twenty researchers join from three universities",
                     "• carbon accounting for banks", "“Finance must follow the science.”",
                     "— Dr Wong Ka Yan, Director, Green Finance Laboratory",
                     "Photo: Researchers at the opening of the laboratory (ERI / Jane Lo)", "About ERI",
                     "Media contacts:", "Chan Tai Man, Communications Manager", "Tel: +852 1234 5678",
                     "Email: media@example.org", "SOURCE Example Research Institute Limited", "###", "Page 1 of 2"]:
        assert expected in text, expected
    reader = PdfReader(str(path))
    assert any("/XObject" in page["/Resources"] for page in reader.pages)  # the photo
    uris = {a.get_object()["/A"]["/URI"] for page in reader.pages for a in page.get("/Annots", []) if "/A" in a.get_object()}
    assert {"https://data.example.org/green", "mailto:media@example.org", "https://www.example.org/news"} <= uris
    assert pdfcheck.missing_glyphs(path) == {}


# --- Chinese typesetting ---

def test_hard_chinese_cases(tmp_path):
    release = read(ZH_TYPESETTING)
    path = pdf_of(release, "zh-Hant-HK", tmp_path)
    lines = pdfcheck.body_lines(path)
    assert line_break_problems(lines) == []
    text = "".join(pdfcheck.text(path).split())
    for whole in ["1,234,567.89", "HK$3,500,000", "2024-02-28", "HK$12,000,000"]:
        assert any(whole in line for line in lines), whole  # a number is on one line: never split
    # A Latin word may break at a hyphenation point (the line ends with a hyphen docgen added), an
    # address where the Chicago Manual allows (no hyphen added): never anywhere else.
    joined = "".join(line[:-1] if line.endswith("-") and line[-2:-1].isalpha() else line for line in lines)
    for word in ["Internationalization", "Microelectronics", "media@example.org", "https://www.example.org/very/long/path/to/a/report-2024.pdf"]:
        assert word in joined.replace(" ", ""), word
    for block in release.body:
        for item in (block.items if hasattr(block, "items") else [block.content]):
            assert "".join("".join(s.text for s in item).split()) in text
    assert pdfcheck.missing_glyphs(path) == {}


@pytest.mark.parametrize("mark", sorted(NO_LINE_START | NO_LINE_END))
def test_every_punctuation_mark_at_a_line_edge(mark, tmp_path):
    """Paragraphs of growing length put the mark at every position of a line, the edges included."""
    body = tuple(Paragraph(id=f"p{n}", content=(Span(text="應" * n + mark + "科院" * 25),)) for n in range(38, 50))
    release = replace(read(ZH_TYPESETTING), body=body)
    path = pdf_of(release, "zh-Hant-HK", tmp_path)
    lines = pdfcheck.body_lines(path)
    assert line_break_problems(lines) == []
    assert sum(line.count(mark) for line in lines) >= len(body)


FONTS = FontSet.of(Style().fonts)
mixed = st.lists(st.one_of(
    st.sampled_from(list("應科院香港創新科技研究財政預算案")),
    st.sampled_from(["ASTRI", "FinTech", "C-V2X", "1,400", "2024", "https://www.astri.org/a", " "]),
    st.sampled_from(sorted(NO_LINE_START | NO_LINE_END)),
), min_size=1, max_size=120).map("".join)


@settings(max_examples=200, deadline=None)
@given(mixed, st.integers(40, 400), st.booleans())
@example(text="應應應應應ASTRI應ASTRI應·", width=42, cjk=True)  # the last line's lone character lost a word
def test_layout_never_breaks_a_rule(text, width, cjk):
    lines = layout([Run(text)], width, 10.5, FONTS, cjk, "property")
    drawn = ["".join(p.text for p in line.pieces) for line in lines]
    # Every character, in order; a hyphen may end a line where a Latin word in Chinese text breaks.
    assert "".join("".join(drawn).split()).replace("-", "") == "".join(text.split()).replace("-", "")
    url = "https://www.astri.org/a"  # an address breaks after a slash only: never a hyphen added
    assert "".join("".join(drawn).split()).count(url) == "".join(text.split()).count(url)
    # The rules hold unless a unit had no cut that kept them: then the frame wins (a forced cut).
    assert not any(line.lstrip()[:1] in NO_LINE_START for n, line in enumerate(drawn[1:], 1) if line.strip() and not lines[n - 1].forced)
    assert not any(line.rstrip()[-1:] in NO_LINE_END for n, line in enumerate(drawn[:-1]) if line.strip() and not lines[n].forced)
    assert all(line.width <= width + 0.01 for line in lines if len("".join(p.text for p in line.pieces)) > 1)
    for line, text_line in zip(lines, drawn):
        assert line.width <= width + 0.01 or len(break_units(text_line.strip())) == 1 or len(text_line.strip()) == 1


def test_a_table_cell_that_fits_its_column_stays_on_one_line(tmp_path):
    """A column is as wide as its widest cell: rounding must not break that cell in two
    (found by the fuzz test: a header "11" printed as "1" over "1")."""
    from docgen.model import Table

    release = read(ALL_BLOCKS)
    cell = lambda text: (Span(text=text),)
    table = Table(id="t", header=(cell("11"), cell("0")), rows=((cell("0"), cell("0")),), align=("right", "left"))
    path = pdf_of(replace(release, body=(release.body[0], table)), "en", tmp_path)
    assert "11" in pdfcheck.text(path).split()


HOSTILE_TOKENS = {
    "a 100,000-character token": "x" * 100_000,
    "a dot leader": "Contents" + "." * 3000 + "5",
    "closing marks only": "。" * 2000,
    "opening marks only": "（" * 1000,
    "a long URL in Chinese text": "請瀏覽https://www.example.org/" + "a/" * 400 + "了解詳情。",
}


@pytest.mark.parametrize("text", HOSTILE_TOKENS.values(), ids=HOSTILE_TOKENS.keys())
def test_no_line_is_ever_set_beyond_the_frame(text, tmp_path):
    release = replace(read(SEED_SOURCE), body=(Paragraph(id="lead.1", content=(Span(text=text),)),))
    path = pdf_of(release, "en", tmp_path)
    style = Style()
    page_width = float(pdfcheck.info(path)["Page size"].split("x")[0])
    right_edge = page_width - style.page.margin_right * 72 / 25.4
    left_edge = style.page.margin_left * 72 / 25.4
    words = pdfcheck.word_boxes(path)
    assert words and all(left_edge - 0.5 <= left and right <= right_edge + 0.5 for _, left, right in words), \
        max(words, key=lambda w: w[2])
    assert "".join(w for w, _, _ in words).count(text[:20]) >= 1  # the text is there, not dropped


def test_a_table_row_taller_than_a_page_continues_on_the_next(tmp_path):
    words = " ".join(f"w{n}" for n in range(5000))
    table = Table(id="lead.2", header=((Span(text="Item"),), (Span(text="Note"),)),
                  rows=(((Span(text="A"),), (Span(text=words),)),), align=("left", "left"))
    release = replace(read(SEED_SOURCE), body=(Paragraph(id="lead.1", content=(Span(text="Text."),)), table))
    path = pdf_of(release, "en", tmp_path)
    assert int(pdfcheck.info(path)["Pages"]) > 2
    found = set(pdfcheck.text(path).split())
    assert all(f"w{n}" in found for n in range(5000))
