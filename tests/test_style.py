"""House styles: the default, a user's copy, and located errors."""
import shutil
from dataclasses import replace

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.errors import DocgenError
from docgen.style import Style, load_style
from tests import pdfcheck
from tests.conftest import ROOT, SEED_SOURCE


def test_the_default_style_file_says_what_the_code_defaults_say():
    assert load_style() == Style()
    assert load_style(ROOT / "templates" / "default") == Style()


def test_a_copied_style_with_its_own_fonts_and_colours(tmp_path):
    house = tmp_path / "myhouse"
    shutil.copytree(ROOT / "templates" / "default", house)
    shutil.copyfile(ROOT / "docgen" / "fonts" / "NotoSans-Italic.ttf", house / "Body.ttf")
    text = (house / "style.yaml").read_text("utf-8")
    text = text.replace("regular: docgen:NotoSans-Regular.ttf", "regular: Body.ttf").replace('accent: "#0B4F8A"', 'accent: "#AA0000"')
    (house / "style.yaml").write_text(text, "utf-8")
    style = load_style(house)
    assert style.fonts.latin.regular == str(house / "Body.ttf") and style.colours.accent == "#AA0000"
    result = CliRunner().invoke(main, ["build", str(SEED_SOURCE), "-f", "pdf", "--style", str(house), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    [pdf] = (tmp_path / "out").rglob("*.pdf")
    names = {f["name"].split("+", 1)[1] for f in pdfcheck.fonts(pdf)}
    assert "NotoSans-Italic" in names and "NotoSans-Regular" not in names  # Body.ttf is an italic face


@pytest.mark.parametrize("yaml, line, field, message", [
    ('colours:\n  accent: red\n', 2, "colours.accent", "#RRGGBB"),
    ("fonts:\n  latin:\n    regular: nowhere.ttf\n    bold: docgen:NotoSans-Bold.ttf\n", 3, "fonts.latin.regular", "no such file: nowhere.ttf"),
    ("page:\n  size: A3\n", 2, "page.size", "'A4' or 'Letter'"),
    ("sizes:\n  bdy: 10\n", 2, "sizes.bdy", "did you mean 'body'?"),
])
def test_style_errors_are_located(tmp_path, yaml, line, field, message):
    (tmp_path / "style.yaml").write_text(yaml, "utf-8")
    with pytest.raises(DocgenError) as caught:
        load_style(tmp_path)
    err = caught.value
    assert message in err.message and (err.line, err.field) == (line, field)


def test_a_font_reportlab_cannot_embed_is_a_clear_error(tmp_path):
    from docgen.render.pdf import render
    from docgen.i18n import context_for
    from docgen.sources import read

    bad = tmp_path / "Fake.ttf"
    bad.write_bytes(b"OTTO" + b"\0" * 64)
    (tmp_path / "style.yaml").write_text(f"fonts:\n  latin:\n    regular: Fake.ttf\n    bold: Fake.ttf\n", "utf-8")
    with pytest.raises(DocgenError, match="cannot use font .*Fake.ttf.*TrueType"):
        render(read(SEED_SOURCE), context_for("en", "PRNewswire"), load_style(tmp_path))


def test_a_logo_replaces_the_printed_name_in_the_letterhead(tmp_path):
    from pypdf import PdfReader

    house = tmp_path / "house"
    house.mkdir()
    shutil.copyfile(ROOT / "tests/fixtures/project/source/images/lab.png", house / "logo.png")
    (house / "style.yaml").write_text("letterhead:\n  logo: logo.png\n  logo_height: 12\n", "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(SEED_SOURCE), "-f", "pdf", "--style", str(house), "-o", str(out)])
    assert result.exit_code == 0, result.output
    [pdf] = out.rglob("*.pdf")
    first_page = PdfReader(str(pdf)).pages[0]
    assert len(first_page["/Resources"]["/XObject"]) == 1
    first_line = pdfcheck.text(pdf).lstrip().splitlines()[0]
    assert "Hong Kong Applied Science" not in first_line and "www.astri.org" in first_line


def test_a_restyled_reference_document_styles_the_docx(tmp_path):
    import io

    import docx
    from docx.shared import Pt

    house = tmp_path / "house"
    shutil.copytree(ROOT / "templates" / "default", house)
    reference = docx.Document(str(house / "reference.docx"))
    reference.styles["Normal"].font.size = Pt(13)  # what a user does in Word: Modify Style
    reference.save(str(house / "reference.docx"))
    (house / "style.yaml").write_text("reference_docx: reference.docx\n", "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(SEED_SOURCE), "-f", "docx", "--style", str(house), "-o", str(out)])
    assert result.exit_code == 0, result.output
    [built] = out.rglob("*.docx")
    document = docx.Document(io.BytesIO(built.read_bytes()))
    assert document.styles["Normal"].font.size == Pt(13)
    assert document.paragraphs[1].style.name == "Normal"
