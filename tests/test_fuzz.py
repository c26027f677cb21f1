"""Fuzzing: arbitrary valid releases build in every format with every block's
text in the output, and arbitrary source files parse or fail with a located
DocgenError, never anything else.

CI runs the default profile (200 examples a test).  The long run:

    HYPOTHESIS_PROFILE=fuzz .venv/bin/pytest tests/test_fuzz.py    (10,000 examples a test)
"""
import io
import tempfile
from pathlib import Path

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen.errors import DocgenError
from docgen.i18n import context_for
from docgen.render import docx as docx_writer
from docgen.render import pdf as pdf_writer
from docgen.sources.markdown import read_release
from docgen.style import Style
from tests import pdfcheck
from tests.checks import squash
from tests.strategies import WIRES, block_texts, releases

# Both scripts and the punctuation between them; the PDF must have a glyph for each
# (characters outside the fonts are refused by name: tests/corpus/38-emoji.case).
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'\"()&%$€£@#/-–—’“”…<>[]*_"
CJK = "香港應用科技研究院財政司司長預算案創新科技金融綠色發展國際中心，。、；：？！「」『』（）《》"


@pytest.mark.parametrize("locale", ["en", "zh-Hant-HK"])
@given(data=st.data())
def test_any_release_builds_as_pdf_with_every_text(locale, data, tmp_path_factory):
    release = data.draw(releases(LATIN + CJK))
    wire = data.draw(st.sampled_from(WIRES[locale]))
    path = tmp_path_factory.mktemp("pdf") / "r.pdf"
    path.write_bytes(pdf_writer.render(release, context_for(locale, wire), Style()))
    # As verify-outputs compares: pdftotext drops a hyphen that ends a line, taking it for hyphenation.
    extracted = squash(pdfcheck.text_above_footer(path))
    tagged = squash(pdfcheck.struct_text(path))
    for text in block_texts(release, wire_copy=False):
        assert squash(text) in extracted, text
        assert squash(text) in tagged, text  # in the structure tree, as a screen reader gets it
    assert pdfcheck.loose_operators(path) == []  # nothing painted outside marked content


@pytest.mark.parametrize("locale", ["en", "zh-Hant-HK"])
@given(release=releases(LATIN + CJK + "ßøéüñçΩЖ"), data=st.data())
def test_any_release_builds_as_docx_with_every_text(locale, release, data):
    wire = data.draw(st.sampled_from(WIRES[locale]))
    document = docx.Document(io.BytesIO(docx_writer.render(release, context_for(locale, wire), Style())))
    cells = [p.text for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    body = "\n".join([p.text for p in document.paragraphs] + cells)
    for text in block_texts(release, wire_copy=False):
        assert text in body, text


# --- the source parser: any file in, a Release or a located DocgenError out ---

FRONT = "---\nheadline: {h}\norganisation: example\ndateline:\n  date: 2024-09-05\n---\n\n"
fragments = st.sampled_from(["---", "\n", "headline: x", "organisation: example", "dateline:", "  date: 2024-02-30", "- a",
                             "> q", "## h", "![c](x.png)", "[l](u)", "*e*", "**s**", "&amp;", "<b>", "`c`", "1. n", ":", "{", "[",
                             "&", "\t", "\r\n", "é", "應", "\u200b", "\x00", "\ufeff", "\ud800", "*alias", "&anchor", "!!python/object"])


@given(st.one_of(
    st.lists(fragments, max_size=30).map("".join),
    st.text(max_size=300).map(lambda body: FRONT.format(h="A") + body),
    st.text(max_size=80).map(lambda h: FRONT.format(h=h) + "Text.\n"),
    st.binary(max_size=300),
))
def test_any_source_parses_or_fails_with_a_located_error(content):
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        (project / "organisations").mkdir()
        (project / "organisations" / "example.yaml").write_text("name: Example\nshort_name: EX\nabout: About us.\n", "utf-8")
        path = project / "release.md"
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
        try:
            release = read_release(path)
        except DocgenError as err:
            assert err.file and err.message and "\n" not in err.message
        else:
            assert release.headline.strip() and release.body
