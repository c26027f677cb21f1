"""Word's limits on what a DOCX holds: 255 characters in a core property."""
from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from xml.etree import ElementTree as ET

import docx
import pytest

from docgen.i18n import context_for
from docgen.render.docx import CORE_LIMIT, _core, render
from docgen.sources import read
from docgen.style import Style
from tests import pdfcheck
from tests.conftest import SEED_SOURCE

DC = "{http://purl.org/dc/elements/1.1/}"
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"

HEADLINE = ("Hong Kong science park opens its green finance laboratory with twenty researchers from three universities "
            "and a fund of thirty million dollars over five years to study carbon accounting for banks, open data on green "
            "bonds and training for regulators across the region, with partners in Shenzhen and London, Paris and Tokyo")
KEYWORDS = tuple(f"keyword number {n}" for n in range(1, 41))


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.fixture(scope="module")
def long_docx() -> bytes:
    release = read(SEED_SOURCE)
    release = replace(release, headline=HEADLINE[:300], keywords=KEYWORDS)
    assert len(release.headline) == 300
    return render(release, context_for("en", "PRNewswire"), Style())


def core(data: bytes) -> ET.Element:
    return ET.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml"))


def test_a_300_character_headline_and_40_keywords_make_core_properties_word_accepts(long_docx):
    props = core(long_docx)
    title, subject, keywords = props.find(f"{DC}title").text, props.find(f"{DC}subject").text, props.find(f"{CP}keywords").text
    for value in (title, subject, keywords):
        assert len(value) <= CORE_LIMIT and value.endswith("…")
    assert title.startswith("Hong Kong science park") and HEADLINE.startswith(title[:-1])
    assert title[-2] != " " and HEADLINE[len(title) - 1] == " "  # cut after a whole word
    assert keywords.startswith("keyword number 1, keyword number 2, ")
    assert all(k in KEYWORDS for k in keywords[:-1].split(", "))  # whole keywords only


def test_python_docx_reads_it_and_the_headline_is_whole_in_the_text(long_docx):
    document = docx.Document(io.BytesIO(long_docx))
    assert document.core_properties.title.endswith("…")
    assert document.paragraphs[0].text == HEADLINE[:300]


def test_libreoffice_opens_it(long_docx, tmp_path):
    pdf = pdfcheck.libreoffice_pdf(long_docx, tmp_path, "long")
    assert "Hong Kong science park opens" in " ".join(pdfcheck.text(pdf).split())
    assert pdfcheck.info(pdf)["Title"].endswith("…")


@pytest.mark.parametrize("text, separator, expected", [
    ("short", " ", "short"),
    ("x" * 255, " ", "x" * 255),
    ("x" * 256, " ", "x" * 254 + "…"),
    ("word " * 60, " ", ("word " * 50).rstrip() + "…"),
    ("港" * 300, " ", "港" * 254 + "…"),
    ("a, " * 100, ", ", "a, " * 83 + "a…"),
])
def test_a_core_property_is_cut_to_255_characters(text, separator, expected):
    assert _core(text, separator) == expected
    assert utf16(_core(text, separator)) <= CORE_LIMIT


def test_characters_beyond_the_basic_plane_count_two_as_word_counts_them():
    cut = _core("🚀" * 200)
    assert utf16(cut) <= CORE_LIMIT and cut == "🚀" * 127 + "…"
