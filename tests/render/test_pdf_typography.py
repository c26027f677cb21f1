"""Chinese typesetting to clreq, measured: in the PDF (glyph positions read back with pdfminer.six)
and across a sweep of measures (the lines as drawn, recorded from the flowable)."""
from __future__ import annotations

import subprocess
from dataclasses import replace

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTRect
from reportlab.pdfbase.pdfmetrics import stringWidth

from docgen.i18n import context_for, parse_locale
from docgen.i18n.translate import translate
from docgen.model import Paragraph, Span
from docgen.render.pdf import render
from docgen.render.pdf_text import Run, TextBlock, TextStyle
from docgen.sources import read
from docgen.style import Style
from docgen.typeset import clreq
from docgen.typeset.fonts import FontSet
from docgen.typeset.wrap import NO_LINE_END, NO_LINE_START
from tests.checks import squash
from tests.conftest import ROOT, SEED_SOURCE

SIZE = 10.5
EM = SIZE
FONTS = FontSet.of(Style().fonts.for_locale("zh-Hant-HK"))

# A hard Traditional Chinese release, in our own words: long English names and compounds, numbers,
# a telephone number, an address, adjacent marks, a two-em dash, an ellipsis, HKSCS characters
# beyond the BMP (𨋢 lift, 𡃁 youngster), emphasis.
HARD = [
    "本院今日宣布與Microelectronics Technology Consortium及Smart Mobility Technology (C-V2X) Alliance合作，"
    "於2030年前投資HK$150,000,000，在將軍澳設立新實驗室；查詢請致電+852 3406 2800或電郵media@example.org。",
    "院長表示：「《創新科技》的成果，應由市民共享。」她補充：「我們會繼續努力——直至目標達成……」"
    "參觀者可乘𨋢直達七樓，由一名𡃁仔帶路。",
    "計劃涵蓋人工智能、區塊鏈、網絡安全、數碼孿生、環保科技及微電子等領域；參與機構包括"
    "Internationalization Working Group、Hong Kong Science and Technology Parks Corporation及多間大學。",
    "詳情請瀏覽https://www.example.org/research/programmes/2025/green-finance-laboratory/report.pdf，"
    "或致電(852) 2345 6789查詢。第一期撥款為港幣1,850萬元，佔總額的62.5%。",
]


def seed_chinese() -> list[str]:
    release = translate(read(SEED_SOURCE), parse_locale("zh-Hant-HK"), ROOT / "locales").release
    return ["".join(s.text for s in block.content) for block in release.body if isinstance(block, Paragraph)]


class Recorder:
    """Stands in for ReportLab's canvas under a TextBlock: records what is drawn where."""

    tagger = None  # no structure tree here

    def __init__(self):
        self.strings: list[tuple[float, float, str, str, float, int]] = []  # x, y, text, font, charSpace, mode
        self.rects: list[tuple[float, float, float, float]] = []
        self.circles: list[tuple[float, float, float]] = []
        self._font = None

    def setFont(self, font, size):
        self._font = font

    def drawString(self, x, y, text, mode=None, charSpace=0, **_):
        self.strings.append((x, y, text, self._font, charSpace, mode or 0))

    def rect(self, x, y, width, height, **_):
        self.rects.append((x, y, width, height))

    def circle(self, x, y, radius, **_):
        self.circles.append((x, y, radius))

    def beginText(self, x, y):  # the two-em dash's invisible text
        recorder = self

        class Text:
            def __getattr__(self, name):
                return lambda *args: None

            def setFont(self, font, size):
                recorder._font = font

            def textOut(self, text):
                self.text = text
        text = Text()
        text.x, text.y = x, y
        return text

    def drawText(self, text):
        self.strings.append((text.x, text.y, text.text, self._font, 0, 3))

    def __getattr__(self, name):  # colours, links, dots, outlines: not measured here
        return lambda *args, **kwargs: None


def drawn_lines(text: str, measure: float) -> tuple[TextBlock, list[list[tuple]]]:
    block = TextBlock([Run(text)], TextStyle(size=SIZE, leading=SIZE * 1.75, colour="#000000", link_colour="#000000"),
                      FONTS, prefer_cjk=True, where="sweep")
    block.wrap(measure, 1e6)
    block.canv = Recorder()
    block.draw()
    rows: dict[float, list] = {}
    for entry in block.canv.strings:
        rows.setdefault(round(entry[1], 3), []).append(entry)
    return block, [rows[y] for y in sorted(rows, reverse=True)]


def right_edge(row: list[tuple]) -> float:
    x, _y, text, font, space, _mode = row[-1]
    return x + stringWidth(text, font, SIZE) + space * (len(text) - 1)  # no spacing after the last character


MEASURES = [150 + 11.3 * n for n in range(32)]  # 150 pt to 500 pt: 32 measures, none a whole number of em


@pytest.mark.parametrize("measure", MEASURES)
def test_width_sweep(measure):
    """Every non-final Chinese line reaches the measure; nothing is spaced inside a Latin word or a
    number; no line passes the measure; kinsoku holds; no paragraph ends on one lone character."""
    unjustifiable = 0
    for text in HARD + seed_chinese():
        block, rows = drawn_lines(text, measure)
        lines = block._lines
        assert len(rows) == len(lines)
        for line, row in zip(lines, rows):
            edge = right_edge(row)
            assert edge <= measure + 0.01, (measure, line.text)
            if not line.last:
                if len(line.atoms) < 2:
                    unjustifiable += 1  # one unit wider than the line: nothing to share the slack
                else:
                    assert measure - edge <= 0.5 * EM, (measure, line.text, measure - edge)
            for _x, _y, piece, _font, space, mode in row:
                if any(clreq.is_latin_alnum(c) for c in piece) and mode != 3:
                    assert space == 0, (measure, piece)  # never letter-spaced
        texts = [line.text for line in lines]
        for n, line in enumerate(texts):
            if n and not lines[n - 1].forced:
                assert line.lstrip()[:1] not in NO_LINE_START, (measure, line)
            if n < len(texts) - 1 and not lines[n].forced:
                assert line.rstrip()[-1:] not in NO_LINE_END, (measure, line)
        if len(lines) > 1:  # never one character and its punctuation alone (來。)
            words = [a for a in lines[-1].atoms if a.kind not in ("punct", "space")]
            assert len(words) != 1 or words[0].kind != "han" or len(words) == len(lines[-1].atoms), (measure, texts[-1])
        assert "".join(texts).replace(" ", "").replace("-", "") == text.replace(" ", "").replace("-", "")  # nothing lost
    # A line of one unit (a stretch of a long address at the narrowest measures) has nothing to
    # share its slack between: counted, and held to a few.
    assert unjustifiable <= 4, unjustifiable


def test_a_telephone_number_never_breaks():
    for measure in MEASURES:
        _block, rows = drawn_lines(HARD[0], measure)
        lines = ["".join(entry[2] for entry in row) for row in rows]
        assert any("+852 3406 2800" in line for line in lines), measure


# --- read back from the PDF ---
@pytest.fixture(scope="module")
def hard_pdf(tmp_path_factory):
    seed = read(SEED_SOURCE)
    emphasis = Paragraph(id="p-em", content=(Span(text="請"), Span(text="務必", emphasis=True), Span(text="準時出席。")))
    body = tuple(Paragraph(id=f"p{n}", content=(Span(text=text),)) for n, text in enumerate(HARD)) + (emphasis,)
    release = replace(seed, body=body)
    path = tmp_path_factory.mktemp("hard") / "hard.pdf"
    path.write_bytes(render(release, context_for("zh-Hant-HK", "PRNewswire"), Style()))
    return path


def characters(path) -> list[list[LTChar]]:
    """Per page, every character pdfminer finds, in the order drawn."""
    pages = []
    for page in extract_pages(str(path)):
        found: list[LTChar] = []

        def walk(item):
            if isinstance(item, LTChar):
                found.append(item)
            elif hasattr(item, "__iter__"):
                for child in item:
                    walk(child)
        walk(page)
        pages.append(found)
    return pages


def run_of(chars: list[LTChar], text: str) -> list[LTChar]:
    joined = "".join(c.get_text() for c in chars)
    at = joined.index(text)
    return chars[at:at + len(text)]


def test_han_and_latin_are_a_quarter_em_apart(hard_pdf):
    chars = [c for page in characters(hard_pdf) for c in page]
    yu, two = run_of(chars, "於2030年")[:2]
    gap = (two.x0 - yu.x0) - EM  # what 於's full em leaves before 2
    assert gap == pytest.approx(0.25 * EM, abs=0.2 * EM)  # a quarter em, give or take the line's justification
    zero, nian = run_of(chars, "0年")
    assert nian.x0 - zero.x1 >= 0.2 * EM


def test_adjacent_marks_are_compressed(hard_pdf):
    chars = [c for page in characters(hard_pdf) for c in page]
    colon, corner, book, chuang, xin = run_of(chars, "：「《創新")
    stretch = (xin.x0 - chuang.x0) - EM  # what justification adds between two atoms of this line
    # Three marks took 3 em; each of the two adjacencies gives up half an em (clreq 3.1.6.2).
    assert corner.x0 - colon.x0 - stretch == pytest.approx(0.5 * EM, abs=0.05 * EM)
    assert chuang.x0 - colon.x0 - 3 * stretch == pytest.approx(2.0 * EM, abs=0.08 * EM)
    stop, close = run_of(chars, "。」")[:2]
    # 。」: the full stop's ink is centred, so they give up only the blank their ink leaves.
    assert 0.5 * EM < close.x0 - stop.x0 < 0.85 * EM


def test_the_two_em_dash_is_one_solid_rule_and_copies_as_two_dashes(hard_pdf):
    rules = []
    for page in extract_pages(str(hard_pdf)):
        stack = list(page)
        while stack:
            item = stack.pop()
            if isinstance(item, LTRect) and item.height < 2 and abs(item.width - 2 * EM) < 0.01:
                rules.append(item)
            elif hasattr(item, "__iter__"):
                stack.extend(item)
    assert len(rules) == 1 and rules[0].width == pytest.approx(2 * EM, abs=0.01)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(hard_pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "努力——直至" in "".join(text.split())
    assert "——" in text  # the two dashes touch: no gap between them reads as a space


def test_every_character_copies_out_and_emphasis_is_upright(hard_pdf):
    text = squash(subprocess.run(["pdftotext", "-enc", "UTF-8", str(hard_pdf), "-"], capture_output=True, text=True, check=True).stdout)
    for paragraph in HARD:  # compared without spaces and hyphens (a line may end in one docgen added)
        assert squash(paragraph) in text
    assert "𨋢" in text and "𡃁" in text
    fonts = subprocess.run(["pdffonts", str(hard_pdf)], capture_output=True, text=True, check=True).stdout
    assert "Italic" not in fonts  # Chinese has no italic: the emphasis is dots, in the upright face


def test_the_end_mark_shares_a_page_with_the_last_paragraph(tmp_path):
    seed = translate(read(SEED_SOURCE), parse_locale("zh-Hant-HK"), ROOT / "locales").release
    ctx = context_for("zh-Hant-HK", "PRNewswire")
    # Lengthen the release a paragraph at a time: wherever the page break falls, the end mark
    # is never alone, and it shares its page with lines of the last paragraph.
    extra = Paragraph(id="extra", content=(Span(text="應科院將繼續推動創新科技的發展，為香港帶來新的機遇。" * 3),))
    for count in range(0, 6):
        release = replace(seed, body=seed.body + (extra,) * count)
        path = tmp_path / f"r{count}.pdf"
        path.write_bytes(render(release, ctx, Style()))
        pages = ["".join(c.get_text() for c in page) for page in characters(path)]
        last = pages[-1]
        assert "－完－" in last
        assert "消息來源" in last
        body = last.split("消息來源")[0].replace("香港應用科技研究院", "").strip()
        assert len(body) >= 20, (count, last[:80])  # lines of text above the SOURCE line on the same page


@pytest.mark.parametrize("setting", ["full", "half"])
def test_an_opening_bracket_that_starts_a_line_may_drop_its_blank_half(setting):
    from docgen.style import Typography

    typography = Typography(line_start_bracket=setting)
    block = TextBlock([Run("「創新」科技")], TextStyle(size=SIZE, leading=SIZE * 1.75, colour="#000000", link_colour="#000000"),
                      FONTS, prefer_cjk=True, where="bracket", typography=typography)
    block.wrap(300, 1e6)
    block.canv = Recorder()
    block.draw()
    x = block.canv.strings[0][0]
    left_blank = FONTS.blanks(FONTS.face("cjk"), "「")[0]
    assert x == (0.0 if setting == "full" else pytest.approx(-min(0.5, left_blank) * EM))


def test_emphasis_dots_sit_under_each_emphasised_han_character():
    runs = [Run("請"), Run("務必OK", dots=True), Run("準時。")]
    block = TextBlock(runs, TextStyle(size=SIZE, leading=SIZE * 1.75, colour="#000000", link_colour="#000000"),
                      FONTS, prefer_cjk=True, where="dots")
    block.wrap(300, 1e6)
    block.canv = Recorder()
    block.draw()
    x, baseline, text, _font, space, _mode = next(entry for entry in block.canv.strings if "務" in entry[2])
    start = x + text.index("務") * (EM + space)
    # One dot centred under each Han character of the emphasis, below the baseline; none under OK.
    assert [(round(cx, 2), cy < baseline) for cx, cy, _r in block.canv.circles] == [
        (round(start + EM / 2, 2), True), (round(start + EM + space + EM / 2, 2), True)]


@pytest.mark.parametrize("emphasis", ["dots", "bold"])
def test_a_chinese_edition_never_slants(emphasis):
    from docgen.render.pdf import _edition

    runs = [Run("主題", italic=True), Run("務必", italic=True, dots=True)]  # a style's italic, then an emphasised span
    chinese = _edition(runs, True, emphasis)
    assert not any(r.italic for r in chinese)
    assert [(r.bold, r.dots) for r in chinese] == ([(False, False), (False, True)] if emphasis == "dots" else [(False, False), (True, False)])
    assert [r.italic for r in _edition(runs, False, emphasis)] == [True, True] and not any(r.dots for r in _edition(runs, False, emphasis))


def test_the_hard_fixture_copies_out_whole_from_every_format(tmp_path):
    """tests/fixtures/clreq: every paragraph comes back from the PDF (pdftotext), the DOCX (pandoc)
    and the wire copy, 𨋢 included; no line breaks a rule; every character has its glyph."""
    from docgen.model import BulletList, Quote
    from tests import pdfcheck
    from tests.checks import line_break_problems, missing_paragraphs
    from tests.conftest import FIXTURES, docgen_in

    project = FIXTURES / "clreq"
    result = docgen_in(project, "build", "source/hard.md", "-f", "pdf,docx,txt", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    release = read(project / "source" / "hard.md")
    expected = []
    for block in release.body:
        if isinstance(block, (Paragraph, Quote)):
            expected.append("".join(s.text for s in block.content))
        elif isinstance(block, BulletList):
            expected += ["".join(s.text for s in item) for item in block.items]
    folder = tmp_path / "hard" / "zh-Hant-HK"
    pdf_text = pdfcheck.text(folder / "hard.zh-Hant-HK.pdf")
    docx_text = subprocess.run(["pandoc", "-f", "docx", "-t", "plain", "--wrap=none", str(folder / "hard.zh-Hant-HK.docx")],
                               capture_output=True, text=True, check=True).stdout
    for name, text in (("pdf", pdf_text), ("docx", docx_text), ("txt", (folder / "hard.zh-Hant-HK.txt").read_text("utf-8"))):
        assert missing_paragraphs(text, expected) == [], name
        assert "𨋢" in text and "𡃁" in text, name
    assert line_break_problems(pdfcheck.body_lines(folder / "hard.zh-Hant-HK.pdf")) == []
    assert pdfcheck.missing_glyphs(folder / "hard.zh-Hant-HK.pdf") == {}


@pytest.mark.parametrize("justify", [False, True])
def test_english_is_ragged_unless_the_style_justifies_it_by_word_spaces(justify):
    from docgen.render.pdf import _Document
    from docgen.style import Typography

    style = replace(Style(), typography=Typography(justify_english=justify))
    document = _Document(read(SEED_SOURCE), context_for("en", "PRNewswire"), style)
    text = " ".join(["The laboratory publishes its measurements every quarter for banks and regulators."] * 6)
    block = document.block([Run(text)], document.body(), "p")
    block.wrap(300, 1e6)
    block.canv = Recorder()
    block.draw()
    rows: dict[float, list] = {}
    for entry in block.canv.strings:
        rows.setdefault(round(entry[1], 3), []).append(entry)
    lines = [rows[y] for y in sorted(rows, reverse=True)]
    edges = [right_edge(row) for row in lines[:-1]]
    if justify:
        assert all(edge == pytest.approx(300, abs=0.01) for edge in edges)
    else:
        assert sum(edge < 295 for edge in edges) >= len(edges) // 2  # ragged: most lines stop short
    for row in lines:  # the letters of a word are never spaced
        assert all(space == 0 for _x, _y, text, _font, space, _mode in row if text.strip())


def test_only_the_two_em_dash_is_invisible_text(hard_pdf):
    """The dash's copy text is drawn invisible (render mode 3) and scaled: nothing after it may be
    (the state outlives the text object: it once hid the rest of the paragraph)."""
    import pikepdf

    pdf = pikepdf.open(hard_pdf)
    shown = []
    for page in pdf.pages:
        stack, mode, scale = [], 0, 100
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name == "q":
                stack.append((mode, scale))
            elif name == "Q":
                mode, scale = stack.pop()
            elif name == "Tr":
                mode = int(operands[0])
            elif name == "Tz":
                scale = float(operands[0])
            elif name in ("Tj", "TJ", "'", '"'):
                shown.append((mode, round(scale)))
    invisible = [entry for entry in shown if entry[0] == 3]
    assert len(invisible) == 1  # the one —— of the hard text
    assert all(entry == (0, 100) for entry in shown if entry[0] != 3)


def test_an_apostrophe_between_latin_letters_stays_latin_in_chinese_text():
    from docgen.render.pdf_text import layout

    (line,) = layout([Run("香港Hong Kong’s經濟")], 400, SIZE, FONTS, True, "apostrophe")
    latin = [a for a in line.atoms if a.kind == "latin"]
    assert [a.text for a in latin] == ["Hong", "Kong’s"]
    assert {p.font for a in latin for p in a.pieces} == {FONTS.face("latin")}


def test_an_address_broken_once_never_takes_a_hyphen_after(tmp_path):
    url = "https://www.example.org/research/programmes/2025/green-finance-laboratory/report.pdf"
    for measure in MEASURES:
        block, rows = drawn_lines(f"詳情請瀏覽{url}，謝謝。", measure)
        drawn = "".join(line.text for line in block._lines)
        assert url in drawn.replace(" ", ""), measure  # no hyphen added anywhere in it


def test_headlines_are_ragged_and_never_hyphenated():
    from docgen.render.pdf_text import layout

    text = "海港研究院與Microelectronics Technology Consortium合作，於2030年前投資港幣1.5億元"
    for width in (200, 260, 330):
        lines = layout([Run(text)], width, 19, FONTS, True, "headline", justified=False)
        assert not any(line.text.rstrip().endswith("-") for line in lines), width
