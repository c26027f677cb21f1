"""Photos and logos (docgen/images.py): what comes out of the PDF and DOCX, read back.

The pictures are taken out of the outputs again (pypdf for the PDF, the zip's
``word/media`` for the DOCX) and opened with Pillow: upright, 8 bits a channel, and
without EXIF unless the house style keeps it.
"""
from __future__ import annotations

import io
import random
import shutil
import zipfile
from itertools import count
from pathlib import Path

import pytest
from hypothesis import given, strategies as st
from PIL import Image
from pypdf import PdfReader

from docgen import images
from docgen.build import Settings, render_release
from docgen.errors import DocgenError
from docgen.housestyle import HouseStyle
from docgen.style import load_style
from tests import pdfcheck
from tests.conftest import FIXTURES

SOURCE = FIXTURES / "project" / "source"
PHONE = SOURCE / "images" / "phone.jpg"
GPS = 0x8825
RELEASE = """---
headline: A release with a photo
organisation: example
dateline:
  date: 2024-09-05
---

Text.

![A caption]({src})
"""


def build(project: Path, src: str, style_dir: Path | None = None) -> dict[str, bytes]:
    """The PDF and DOCX of a release showing the picture *src*, in memory, as `docgen build` makes them."""
    path = project / "release.md"
    path.write_text(RELEASE.format(src=src), "utf-8")
    style = load_style(style_dir) if style_dir else load_style()
    rendered = render_release(path, Settings(formats=("pdf", "docx"), out_dir=project / "dist", house=HouseStyle.of(style)))
    assert rendered.error is None and not rendered.failed, rendered.error or rendered.failed
    return {Path(target).suffix: data for target, data in rendered.outputs.items()}


def pictures_in_pdf(data: bytes) -> list[tuple[Image.Image, bytes]]:
    """Each picture of the PDF: as pypdf decodes it, and its stream's bytes (a JPEG file for a
    JPEG, which ReportLab embeds as it is; pixels otherwise)."""
    return [(found.image, found.indirect_reference.get_object().get_data())
            for page in PdfReader(io.BytesIO(data)).pages for found in page.images]


def pictures_in_docx(data: bytes) -> list[tuple[Image.Image, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        media = [package.read(name) for name in sorted(package.namelist()) if name.startswith("word/media/")]
    return [(Image.open(io.BytesIO(blob)), blob) for blob in media]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(SOURCE / "organisations", tmp_path / "organisations")
    return tmp_path


def is_red(pixel) -> bool:
    r, g, b = pixel[:3]
    return r > 180 and g < 80 and b < 80


def is_blue(pixel) -> bool:
    r, g, b = pixel[:3]
    return b > 180 and r < 80 and g < 80


# --- the phone photo (issue 14: "comes out upright with no GPS data in PDF and DOCX") ---

def test_the_phone_photo_is_stored_on_its_side_with_its_position():
    with Image.open(PHONE) as stored:
        exif = stored.getexif()
        assert stored.size == (160, 120) and exif[0x0112] == 6
        assert exif.get_ifd(GPS)[1] == "N"


def test_a_phone_photo_comes_out_upright_without_gps_or_any_exif_in_pdf_and_docx(project):
    shutil.copy(PHONE, project / "phone.jpg")
    outputs = build(project, "phone.jpg")
    for fmt, found in ((".pdf", pictures_in_pdf(outputs[".pdf"])), (".docx", pictures_in_docx(outputs[".docx"]))):
        [(picture, blob)] = found
        assert picture.size == (120, 160), fmt  # turned: taller than wide, as the phone showed it
        assert is_red(picture.convert("RGB").getpixel((5, 5))), fmt  # the red block is top left
        assert is_blue(picture.convert("RGB").getpixel((114, 154))), fmt
        stream = Image.open(io.BytesIO(blob)) if blob[:3] == b"\xff\xd8\xff" else picture
        assert not stream.getexif().get_ifd(GPS), fmt
        assert not dict(stream.getexif()), fmt  # no EXIF at all: no camera, no time, no position
        assert b"Exif" not in blob and b"ExamplePhone" not in blob, fmt
    assert b"ExamplePhone" not in outputs[".pdf"] and b"ExamplePhone" not in outputs[".docx"]


def test_a_house_style_may_keep_the_metadata(project):
    shutil.copy(PHONE, project / "phone.jpg")
    (project / "style").mkdir()
    (project / "style" / "style.yaml").write_text("photos:\n  keep_metadata: true\n", "utf-8")
    outputs = build(project, "phone.jpg", project / "style")
    for found in (pictures_in_pdf(outputs[".pdf"]), pictures_in_docx(outputs[".docx"])):
        [(picture, blob)] = found
        kept = Image.open(io.BytesIO(blob)).getexif()
        assert picture.size == (120, 160) and is_red(picture.convert("RGB").getpixel((5, 5)))
        assert kept.get_ifd(GPS)[1] == "N" and kept[0x010F] == "ExamplePhone"
        assert 0x0112 not in kept  # turned already: an orientation left in would turn it again


# --- every accepted format ---

@pytest.mark.parametrize("name, size, published", [
    ("lab.png", (64, 40), "PNG"), ("cmyk.jpg", (90, 60), "JPEG"), ("grey16.png", (64, 48), "PNG"),
    ("transparent.gif", (60, 40), "PNG"), ("alpha.webp", (60, 40), "PNG"), ("scan.tiff", (60, 80), "PNG"),
    ("photo.heic", (64, 48), "JPEG"),
])
def test_each_format_is_published_as_png_or_jpeg_in_8_bits(name, size, published):
    picture = images.photo(SOURCE / "images" / name)
    with Image.open(io.BytesIO(picture.data)) as image:
        assert (image.format, image.size, picture.format) == (published, size, published)
        assert image.mode in ("L", "RGB", "RGBA")


def test_the_fixtures_are_what_they_claim():
    """The pictures the corpus copies really are in the modes their names say."""
    modes = {"cmyk.jpg": "CMYK", "grey16.png": "I;16", "transparent.gif": "P", "alpha.webp": "RGBA"}
    for name, mode in modes.items():
        with Image.open(SOURCE / "images" / name) as image:
            assert image.mode == mode, name


def test_a_heic_photo_written_by_pillow_heif_builds(project):
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    Image.new("RGB", (40, 30), (200, 20, 20)).save(project / "p.heic")
    outputs = build(project, "p.heic")
    assert [p.size for p, _ in pictures_in_pdf(outputs[".pdf"])] == [(40, 30)]
    assert [p.size for p, _ in pictures_in_docx(outputs[".docx"])] == [(40, 30)]


def test_an_animated_gif_shows_its_first_frame(tmp_path):
    frames = [Image.new("RGB", (20, 10), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    frames[0].save(tmp_path / "a.gif", save_all=True, append_images=frames[1:], duration=100)
    with Image.open(io.BytesIO(images.photo(tmp_path / "a.gif").data)) as image:
        assert is_red(image.convert("RGB").getpixel((3, 3)))


def test_a_cmyk_photo_keeps_its_colour(tmp_path):
    Image.new("CMYK", (8, 8), (0, 255, 255, 0)).save(tmp_path / "c.jpg")  # red, in print's inks
    with Image.open(io.BytesIO(images.photo(tmp_path / "c.jpg").data)) as image:
        assert image.mode == "RGB" and is_red(image.getpixel((4, 4)))


def test_a_16_bit_picture_keeps_its_tones(tmp_path):
    Image.new("I;16", (4, 4), 32768).save(tmp_path / "g.png")  # mid grey in 16 bits
    with Image.open(io.BytesIO(images.photo(tmp_path / "g.png").data)) as image:
        assert image.mode == "L" and 120 <= image.getpixel((1, 1)) <= 135


# --- refusals ---

def refusal(path: Path, **kwargs) -> str:
    with pytest.raises(DocgenError) as caught:
        images.logo(path, shown=path.name, file="style.yaml", line=4, field="letterhead.logo", **kwargs)
    error = caught.value
    assert (error.file, error.line, error.field) == ("style.yaml", 4, "letterhead.logo")
    return str(error.message)


def test_a_truncated_jpeg_is_damaged(tmp_path):
    data = PHONE.read_bytes()
    (tmp_path / "cut.jpg").write_bytes(data[: len(data) // 2])
    assert refusal(tmp_path / "cut.jpg") == "'cut.jpg' is damaged or cut short; save it again from the original"


def test_a_png_whose_checksum_is_wrong_is_damaged(tmp_path):
    data = bytearray((SOURCE / "images" / "lab.png").read_bytes())
    at = data.index(b"IDAT") + 8
    data[at] ^= 0xFF  # one byte of the pixels changed: the chunk's CRC no longer matches
    (tmp_path / "bad.png").write_bytes(bytes(data))
    assert refusal(tmp_path / "bad.png") == "'bad.png' is damaged or cut short; save it again from the original"


def test_a_missing_logo_is_named(tmp_path):
    assert refusal(tmp_path / "gone.png") == "no such file: gone.png"


@pytest.mark.parametrize("body, message", [
    ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" height="5"/>',
     "'logo.svg' is not well-formed SVG: line 1: "),
    ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">\n'
     '<image xlink:href="data:image/png;base64,iVBORw0KGgo=" width="5" height="5"/></svg>',
     "'logo.svg', line 2: an SVG logo may not hold a picture (<image>); use a PNG logo instead"),
    ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">\n'
     '<use xlink:href="/etc/passwd#x"/></svg>',
     "'logo.svg', line 2: an SVG logo may not refer to another file ('/etc/passwd#x')"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/></svg>',
     "'logo.svg' is an SVG drawing without a size: give its <svg> a width and height, or a viewBox"),
])
def test_svg_logos_that_cannot_be_drawn_faithfully_are_refused(tmp_path, body, message):
    (tmp_path / "logo.svg").write_text(body, "utf-8")
    assert refusal(tmp_path / "logo.svg").startswith(message)


def test_an_svg_logo_is_drawn_as_vectors_in_the_pdf(project):
    style = project / "style"
    style.mkdir()
    shutil.copy(SOURCE / "images" / "logo.svg", style / "logo.svg")
    (style / "style.yaml").write_text("letterhead:\n  logo: logo.svg\n", "utf-8")
    shutil.copy(SOURCE / "images" / "lab.png", project / "lab.png")
    pdf = build(project, "lab.png", style)[".pdf"]
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(page.images) == 1  # the photo; the logo is paths, not a picture
    assert b".043137 .309804 .541176 rg" in page.get_contents().get_data()  # the logo's #0B4F8A fill
    (project / "out.pdf").write_bytes(pdf)
    assert all(font["embedded"] for font in pdfcheck.fonts(project / "out.pdf"))  # no Helvetica from the drawing


def test_check_reads_the_photo_too(project):
    from click.testing import CliRunner

    from docgen.cli import main

    (project / "photo.png").write_bytes(b"not a picture")
    (project / "release.md").write_text(RELEASE.format(src="photo.png"), "utf-8")
    result = CliRunner().invoke(main, ["check", str(project / "release.md")])
    assert result.exit_code == 2
    assert f"{project / 'release.md'}:10: photo: 'photo.png' is not a picture" in result.output


# --- any small picture, in any mode Pillow writes, through PDF and DOCX ---

MODES = ("1", "L", "LA", "P", "RGB", "RGBA", "CMYK", "I;16", "I", "F")
FORMATS = ("PNG", "JPEG", "GIF", "WEBP", "TIFF")


def _writable(mode: str, fmt: str) -> bool:
    try:
        Image.new(mode, (2, 2)).save(io.BytesIO(), fmt)
    except (OSError, ValueError, KeyError):
        return False
    return True


PAIRS = [(mode, fmt) for mode in MODES for fmt in FORMATS if _writable(mode, fmt)]
_names = count()


@st.composite
def small_pictures(draw):
    """(file bytes, suffix, the size it shows at): random pixels in a mode the format can hold,
    sometimes turned by an EXIF orientation, sometimes with a transparent palette entry."""
    mode, fmt = draw(st.sampled_from(PAIRS))
    width, height = draw(st.integers(1, 64)), draw(st.integers(1, 64))
    rng = random.Random(draw(st.integers(0, 2**32)))
    size = len(Image.new(mode, (width, height)).tobytes())
    flat = draw(st.booleans())
    pixels = bytes([rng.randrange(256)]) * size if flat else rng.randbytes(size)
    image = Image.frombytes(mode, (width, height), pixels)
    options = {}
    orientation = draw(st.integers(1, 8)) if fmt in ("JPEG", "PNG", "WEBP", "TIFF") else 1
    if orientation != 1:
        exif = Image.Exif()
        exif[0x0112] = orientation
        options["exif"] = exif.tobytes()
    if mode == "P" and fmt in ("PNG", "GIF") and draw(st.booleans()):
        options["transparency"] = rng.randrange(256)
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    shown = (height, width) if orientation >= 5 else (width, height)
    return buffer.getvalue(), fmt.lower(), shown


def test_every_mode_and_format_is_tried():
    assert {mode for mode, _ in PAIRS} == set(MODES)
    assert {fmt for _, fmt in PAIRS} == set(FORMATS)


@given(picture=small_pictures())
def test_any_small_picture_builds_and_reads_back_at_its_size(picture, tmp_path_factory):
    data, suffix, shown = picture
    project = tmp_path_factory.getbasetemp() / "pictures"
    if not (project / "organisations").is_dir():
        shutil.copytree(SOURCE / "organisations", project / "organisations")
    name = f"p{next(_names)}.{suffix}"
    (project / name).write_bytes(data)
    outputs = build(project, name)
    for found in (pictures_in_pdf(outputs[".pdf"]), pictures_in_docx(outputs[".docx"])):
        [(image, blob)] = found
        assert image.size == shown
        assert image.mode in ("1", "L", "RGB", "RGBA", "P", "LA")
    [(image, blob)] = pictures_in_docx(outputs[".docx"])
    assert image.format in ("PNG", "JPEG") and image.mode in ("L", "RGB", "RGBA")
    assert not dict(image.getexif())
