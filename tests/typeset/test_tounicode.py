"""Characters beyond the BMP copy out of the PDF as themselves (ReportLab wrote 𨋢 as ⠮)."""
import subprocess
from dataclasses import replace

from docgen.i18n import context_for
from docgen.model import Paragraph, Span
from docgen.render.pdf import render
from docgen.sources import read
from docgen.style import Style
from docgen.typeset.tounicode import to_unicode_cmap
from tests.conftest import SEED_SOURCE

TEXT = "乘𨋢到七樓，再經𡃁仔帶路；𠝹開包裝。"  # U+282E2, U+210C1, U+20779: HKSCS characters beyond the BMP


def test_pdftotext_gives_back_characters_beyond_the_bmp(tmp_path):
    seed = read(SEED_SOURCE)
    release = replace(seed, body=(Paragraph(id="p1", content=(Span(text=TEXT),)),))
    pdf = tmp_path / "out.pdf"
    pdf.write_bytes(render(release, context_for("zh-Hant-HK", "PRNewswire"), Style()))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert TEXT in "".join(text.split())
    assert "⠮" not in text


def test_entries_are_utf16_and_sections_hold_at_most_100():
    cmap = to_unicode_cmap("F0", [0x41, 0x282E2] + list(range(0x4E00, 0x4E00 + 198)))
    assert "<00> <0041>" in cmap and "<01> <D860DEE2>" in cmap
    assert [line for line in cmap.splitlines() if line.endswith("beginbfchar")] == ["100 beginbfchar", "100 beginbfchar"]
    assert "<00> <C7>" in cmap  # the codespace covers the 200 codes
