"""Pages that strand nothing (docgen.render.pdf_flow), read back with pdfminer.six: the release is
lengthened a paragraph at a time so that every page break falls somewhere new."""
from __future__ import annotations

from dataclasses import replace

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTFigure, LTTextLine

from docgen.i18n import context_for
from docgen.model import Heading, Paragraph, Photo, Span
from docgen.render.pdf import render
from docgen.render.pdf_flow import Photo as PhotoFlowable
from docgen.sources import read
from docgen.style import Style
from tests.conftest import ALL_BLOCKS

FILLER = ("The laboratory will publish its measurements every quarter, so that banks, regulators and "
          "researchers can compare the carbon accounts of the projects they finance. ") * 3


def paragraph(n: int) -> Paragraph:
    return Paragraph(id=f"f{n}", content=(Span(text=f"{n}. {FILLER}"),))


def layout(path) -> list[dict]:
    """Per page: its text lines (top to bottom) and the boxes of its pictures."""
    pages = []
    for page in extract_pages(str(path)):
        lines, figures = [], []
        stack = list(page)
        while stack:
            item = stack.pop()
            if isinstance(item, LTTextLine):
                lines.append((item.y1, item.get_text().strip()))
            elif isinstance(item, LTFigure):
                figures.append(item)
            elif hasattr(item, "__iter__"):
                stack.extend(item)
        ordered = sorted(lines, reverse=True)
        pages.append({"lines": [text for _y, text in ordered], "heights": [y for y, _text in ordered], "figures": figures})
    return pages


def build(release, tmp_path, name: str):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(render(release, context_for("en", "PRNewswire"), Style()))
    return layout(path)


@pytest.fixture(scope="module")
def blocks():
    return read(ALL_BLOCKS)


def test_a_photo_keeps_its_caption_and_shrinks_before_it_moves(blocks, tmp_path):
    photo = next(b for b in blocks.body if isinstance(b, Photo))
    natural = None
    scaled = moved = 0
    for count in range(0, 14):
        release = replace(blocks, body=(blocks.body[0], *(paragraph(n) for n in range(count)), photo), embargo=None)
        pages = build(release, tmp_path, f"p{count}")
        where = [n for n, page in enumerate(pages) if page["figures"]]
        assert len(where) == 1
        page = pages[where[0]]
        figure = page["figures"][0]
        caption = [n for n, p in enumerate(pages) if any(line.startswith("Photo: Researchers") for line in p["lines"])]
        assert caption == where, count  # never apart
        if natural is None:
            natural = figure.height
        assert figure.height >= PhotoFlowable.SMALLEST * natural - 0.5, count
        body_above = [t for y, t in zip(page["heights"], page["lines"]) if y > figure.y1 and t[:1].isdigit()]
        if figure.height < natural - 0.5:
            scaled += 1
            assert body_above, count  # shrunk to stay under the text it follows, not moved
        elif not body_above and where[0] > 0:
            moved += 1
    assert scaled >= 1 and moved >= 1  # the page break fell both where shrinking helped and where it could not


def test_a_heading_goes_over_with_two_lines_of_what_follows(blocks, tmp_path):
    for count in range(0, 12):
        heading = Heading(id="h", level=1, content=(Span(text="What comes next"),))
        after = Paragraph(id="after", content=(Span(text="AFTER " + FILLER),))
        release = replace(blocks, body=(blocks.body[0], *(paragraph(n) for n in range(count)), heading, after), embargo=None)
        pages = build(release, tmp_path, f"h{count}")
        page = next(p for p in pages if "What comes next" in p["lines"])
        following = page["lines"][page["lines"].index("What comes next") + 1:]
        assert following and following[0].startswith("AFTER"), count
        assert len([line for line in following if not line.startswith(("Hong Kong", "Page "))]) >= 2, count


def test_the_end_is_never_alone_on_a_page(blocks, tmp_path):
    for count in range(0, 12):
        release = replace(blocks, body=(blocks.body[0], *(paragraph(n) for n in range(count))), embargo=None)
        pages = build(release, tmp_path, f"e{count}")
        last = pages[-1]["lines"]
        end = last.index("###")
        source = next(n for n, line in enumerate(last) if line.startswith("SOURCE"))
        assert source > 1 and end > source, (count, last[:4])  # text lines above the SOURCE line on its page
