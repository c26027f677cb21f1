"""Fuzzing: arbitrary valid releases build in every format with every block's
text in the output, and arbitrary source files parse or fail with a located
DocgenError, never anything else.

CI runs the default profile (200 examples a test).  The long run:

    HYPOTHESIS_PROFILE=fuzz .venv/bin/pytest tests/test_fuzz.py    (10,000 examples a test)
"""
import datetime as dt
import io
import tempfile
from pathlib import Path

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen.errors import DocgenError
from docgen.i18n import context_for
from docgen.model import BulletList, Contact, Dateline, Heading, Organisation, Paragraph, Photo, Quote, Release, Span
from docgen.render import docx as docx_writer
from docgen.render import pdf as pdf_writer
from docgen.sources.markdown import read_release
from docgen.style import Style
from tests import pdfcheck
from tests.checks import squash
from tests.conftest import FIXTURES

PHOTO = str(FIXTURES / "project" / "source" / "images" / "lab.png")
# Both scripts and the punctuation between them; the PDF must have a glyph for each
# (characters outside the fonts are refused by name: tests/corpus/38-emoji.case).
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'\"()&%$€£@#/-–—’“”…<>[]*_"
CJK = "香港應用科技研究院財政司司長預算案創新科技金融綠色發展國際中心，。、；：？！「」『』（）《》"


def texts(alphabet: str) -> st.SearchStrategy[str]:
    return st.text(st.sampled_from(list(alphabet)), min_size=1, max_size=60).filter(lambda s: s.strip())


def releases(alphabet: str) -> st.SearchStrategy[Release]:
    text = texts(alphabet)
    spans = st.lists(st.builds(Span, text=text, emphasis=st.booleans(), strong=st.booleans(),
                               link=st.none() | st.just("https://example.org/a")), min_size=1, max_size=3).map(tuple)
    blocks = st.one_of(
        st.builds(Paragraph, id=st.just("p"), content=spans),
        st.builds(Heading, id=st.just("h"), content=spans, level=st.sampled_from([1, 2])),
        st.builds(Quote, id=st.just("q"), content=spans, speaker=st.none() | text, role=st.none() | text),
        st.builds(BulletList, id=st.just("l"), items=st.lists(spans, min_size=1, max_size=3).map(tuple)),
        st.builds(Photo, id=st.just("ph"), src=st.just(PHOTO), caption=text, alt=text, credit=st.none() | text),
    )
    return st.builds(
        Release, slug=st.just("r"), language=st.just("en"), headline=text, subheadline=st.none() | text,
        dateline=st.builds(Dateline, city=text, date=st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)), wire=st.none() | text),
        body=st.tuples(st.builds(Paragraph, id=st.just("p0"), content=spans)).flatmap(
            lambda first: st.lists(blocks, max_size=5).map(lambda rest: first + tuple(rest))),
        organisation=st.builds(Organisation, id=st.just("o"), name=text, short_name=text,
                               about=st.lists(st.builds(Paragraph, id=st.just("a"), content=spans), max_size=2).map(tuple)),
        contacts=st.lists(st.builds(Contact, name=text, role=st.none() | text, phone=st.none() | text, email=st.none() | text), max_size=2).map(tuple),
        embargo=st.none() | st.datetimes(timezones=st.just(dt.timezone(dt.timedelta(hours=8)))),
    )


def block_texts(release: Release) -> list[str]:
    found = [release.headline] + ([release.subheadline] if release.subheadline else [])
    for block in release.body + release.organisation.about:
        if isinstance(block, BulletList):
            found += ["".join(s.text for s in item) for item in block.items]
        elif isinstance(block, Photo):
            found.append(block.caption)
        else:
            found.append("".join(s.text for s in block.content))
    return found + [c.name for c in release.contacts]


@pytest.mark.parametrize("locale", ["en", "zh-Hant-HK"])
@given(data=st.data())
def test_any_release_builds_as_pdf_with_every_text(locale, data, tmp_path_factory):
    release = data.draw(releases(LATIN + CJK))
    path = tmp_path_factory.mktemp("pdf") / "r.pdf"
    path.write_bytes(pdf_writer.render(release, context_for(locale), Style()))
    # As verify-outputs compares: pdftotext drops a hyphen that ends a line, taking it for hyphenation.
    extracted = squash(pdfcheck.text_above_footer(path))
    for text in block_texts(release):
        assert squash(text) in extracted, text


@pytest.mark.parametrize("locale", ["en", "zh-Hant-HK"])
@given(release=releases(LATIN + CJK + "ßøéüñçΩЖ"))
def test_any_release_builds_as_docx_with_every_text(locale, release):
    document = docx.Document(io.BytesIO(docx_writer.render(release, context_for(locale), Style())))
    paragraphs = [p.text for p in document.paragraphs]
    body = "\n".join(paragraphs)
    for text in block_texts(release):
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
