"""Photos and logos: opened, verified and normalised once, before any renderer sees them.

``photo`` and ``logo`` read a picture with Pillow and hand back what is published: PNG
or JPEG bytes, upright (EXIF orientation applied), 8 bits a channel in L, RGB or RGBA,
and without EXIF or XMP metadata (a phone photo carries where it was taken) unless the
house style keeps it.  The reader calls them to check a release (``docgen check``), and
the PDF and DOCX renderers embed their bytes, never the file: the answer is cached per
file, so one build decodes each picture once and check and build cannot disagree.

Only PNG, JPEG, GIF, WebP, TIFF and HEIC/HEIF (pillow-heif) are opened: Pillow's other
readers are never tried on a user's file (its EPS reader would start Ghostscript).  A
picture over ``MAX_PIXELS`` is refused before it is decoded.  A logo may also be an SVG
drawing, which the PDF draws as vectors (svglib).
"""
from __future__ import annotations

import functools
import io
import logging
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import N_, DocgenError

MAX_PIXELS = 50_000_000
"""Larger pictures are refused unread: 50 megapixels is more than any press photo needs,
and a small file can claim a picture that would take gigabytes to decode."""
FORMATS = ("PNG", "JPEG", "GIF", "WEBP", "TIFF", "HEIF")
"""Pillow's names of the formats docgen opens (its JPEG reader also opens MPO, a phone's JPEG
with a second picture inside)."""
READABLE = "PNG, JPEG, GIF, WebP, TIFF, HEIC"
MAX_SVG_BYTES = 10 * 2**20
"""Larger SVG files are refused: a logo is far smaller."""
_LOSSY = {"JPEG", "MPO", "WEBP", "HEIF"}  # photos from these stay JPEG; the rest become PNG
_JPEG_QUALITY = 90
_CACHED = 16  # pictures kept decoded: a release's photos and the logo, not a whole archive's


@dataclass(frozen=True)
class Picture:
    """A picture as it is published."""

    data: bytes
    """PNG or JPEG bytes: upright, 8 bits a channel, metadata removed unless kept."""
    format: str
    """``PNG`` or ``JPEG``."""
    width: int
    """Pixels across, upright."""
    height: int
    """Pixels down, upright."""


@dataclass(frozen=True, eq=False)
class Drawing:
    """An SVG logo read by svglib: a ReportLab drawing, drawn as vectors in the PDF."""

    drawing: object
    """A ``reportlab.graphics.shapes.Drawing``."""
    width: float
    """Points across."""
    height: float
    """Points down."""


class _Refused(Exception):
    """A picture docgen will not publish: the message's template and parameters, without the
    location, which the caller knows (a release's line, or a style file's)."""

    def __init__(self, template: str, **params):
        super().__init__(template)
        self.template, self.params = template, params


def photo(path: Path, *, keep_metadata: bool = False, shown: str | None = None,
          file: Path | str | None = None, line: int | None = None, field: str | None = None) -> Picture:
    """The photo at *path*, checked and normalised; a located ``DocgenError`` if docgen cannot
    publish it.  *shown* is the path as the user wrote it, for messages."""
    return _checked(path, keep_metadata, False, shown, file, line, field)


def logo(path: Path, *, keep_metadata: bool = False, shown: str | None = None,
         file: Path | str | None = None, line: int | None = None, field: str | None = None) -> Picture | Drawing:
    """The logo at *path*: a picture as ``photo`` reads it, or an SVG drawing."""
    return _checked(path, keep_metadata, True, shown, file, line, field)


def _checked(path, keep_metadata, svg_allowed, shown, file, line, field):
    name = shown or str(path)
    where = {"file": file, "line": line, "field": field}
    try:
        stat = Path(path).stat()
    except FileNotFoundError:
        raise DocgenError("no such file: {path}", **where, path=name) from None
    except OSError as err:
        raise DocgenError("cannot read {path!r}: {reason!r}", **where, path=name, reason=err.strerror) from None
    if Path(path).is_dir():
        raise DocgenError("{path!r} is a folder, not a picture", **where, path=name)
    if stat.st_size == 0:
        raise DocgenError("{path!r} is an empty file, not a picture", **where, path=name)
    try:
        return _read(str(path), (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns), keep_metadata, svg_allowed)
    except _Refused as refused:
        raise DocgenError(refused.template, **where, path=name, **refused.params) from None
    except OSError as err:
        raise DocgenError("cannot read {path!r}: {reason!r}", **where, path=name, reason=err.strerror) from None


@functools.lru_cache(maxsize=_CACHED)
def _read(path: str, version: tuple, keep_metadata: bool, svg_allowed: bool) -> Picture | Drawing:
    """The picture at *path*; *version* (its inode, size and times) is part of the cache's key,
    so that a changed or replaced file is read again."""
    with open(path, "rb") as file:
        if _is_svg(file.read(4096)):
            if not svg_allowed:
                raise _Refused(N_("{path!r} is an SVG drawing: a photo must be a picture ({formats}); SVG is taken for logos only"),
                               formats=READABLE)
            if version[1] > MAX_SVG_BYTES:
                raise _Refused(N_("{path!r} is larger than the {limit} MB limit"), limit=MAX_SVG_BYTES // 2**20)
            file.seek(0)
            return _svg(file.read())
        file.seek(0)
        return _picture(file, keep_metadata)


def _picture(file, keep_metadata: bool) -> Picture:
    from PIL import Image, ImageOps, UnidentifiedImageError

    _register_heif()
    try:
        with warnings.catch_warnings():
            # Pillow warns of its own, higher, limit; docgen's is checked below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(file, formats=FORMATS)
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise _Refused(N_("{path!r} is {width} × {height} pixels, over the limit of {limit} megapixels (scale it down)"),
                           width=width, height=height, limit=MAX_PIXELS // 1_000_000)
        kind = image.format
        image.verify()  # checksums (PNG), before anything is decoded
        file.seek(0)
        image = Image.open(file, formats=("JPEG" if kind == "MPO" else kind,))
        image.load()  # a truncated file fails here
        upright = ImageOps.exif_transpose(image)
        return _encoded(upright, kind, image.mode, keep_metadata)
    except _Refused:
        raise
    except Image.DecompressionBombError:
        raise _Refused(N_("{path!r} is over the limit of {limit} megapixels (scale it down)"), limit=MAX_PIXELS // 1_000_000) from None
    except UnidentifiedImageError:
        raise _unreadable(file) from None
    except (OSError, SyntaxError, ValueError, TypeError, IndexError, KeyError, EOFError, ZeroDivisionError, MemoryError):
        # What Pillow's readers raise on a damaged file: a bad file, not a bug in docgen.  Their
        # words (English, and different from one Pillow to the next) are not repeated.
        raise _Refused(N_("{path!r} is damaged or cut short; save it again from the original")) from None


def _unreadable(file) -> _Refused:
    """Why a file is not a picture docgen reads: cut short, another format, or not a picture."""
    from PIL import Image

    file.seek(0)
    head = file.read(16)
    if head.startswith(_SIGNATURES) or head[8:12] == b"WEBP" or head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return _Refused(N_("{path!r} is damaged or cut short; save it again from the original"))
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            other = Image.open(file).format  # only the header is read: nothing is decoded
    except Exception:  # whichever reader fails, and however, it means the same: not a picture
        other = None
    if other:
        return _Refused(N_("{path!r} is a picture in {kind} format, which docgen does not publish: convert it to one of {formats}"),
                        kind=other, formats=READABLE)
    return _Refused(N_("{path!r} is not a picture ({formats})"), formats=READABLE)


# How the formats docgen reads begin (WebP: "WEBP" at byte 8; HEIF: "ftyp" and a brand at byte 4).
_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")


def _encoded(image, kind: str, source_mode: str, keep_metadata: bool) -> Picture:
    """*image* as 8-bit L, RGB or RGBA, saved as JPEG (a photo from a lossy format) or PNG."""
    info, exif = image.info, image.getexif()
    image = _eight_bit(image)
    if image.mode == "RGBA" and image.getextrema()[3][0] == 255:
        image = image.convert("RGB")  # an alpha channel that hides nothing
    jpeg = image.mode in ("L", "RGB") and kind in _LOSSY
    options = {}
    if _family(source_mode) == _family(image.mode) and info.get("icc_profile"):
        options["icc_profile"] = info["icc_profile"]  # colour, not personal: kept while it fits
    if keep_metadata:
        if exif:
            options["exif"] = exif.tobytes()
        if jpeg and info.get("xmp"):
            options["xmp"] = info["xmp"]
    buffer = io.BytesIO()
    if jpeg:
        image.save(buffer, "JPEG", quality=_JPEG_QUALITY, **options)
    else:
        image.save(buffer, "PNG", **options)
    return Picture(data=buffer.getvalue(), format="JPEG" if jpeg else "PNG", width=image.width, height=image.height)


def _eight_bit(image):
    """L, RGB or RGBA: what PDF and DOCX readers all take."""
    from PIL import ImageCms

    mode = image.mode
    if mode in ("L", "RGB", "RGBA"):
        return image
    if mode.startswith("I;16"):
        return image.convert("I").point(lambda v: v / 257).convert("L")
    if mode in ("I", "F"):
        low, high = image.getextrema()
        if not (low == low and high == high) or abs(low) == float("inf") or abs(high) == float("inf"):
            low, high = 0, 255  # NaN or infinite samples: clipped
        if low < 0 or high > 255:  # a range of its own: stretched onto 0-255
            scale = 255 / (high - low) if high > low else 0
            image = image.point(lambda v: (v - low) * scale)
        return image.convert("L")
    if mode == "1":
        return image.convert("L")
    if mode == "CMYK" and image.info.get("icc_profile"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(image.info["icc_profile"]))
            return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the plain conversion below
    alpha = image.has_transparency_data
    try:
        return image.convert("RGBA" if alpha else "RGB")
    except ValueError:
        raise _Refused(N_("{path!r} has colours in {mode} mode, which docgen cannot convert (save it as RGB)"), mode=mode) from None


def _family(mode: str) -> str:
    """Which colour space a mode's colour profile is for."""
    if mode in ("1", "L", "LA", "La", "I", "F") or mode.startswith("I;16"):
        return "grey"
    if mode in ("RGB", "RGBA", "RGBa", "RGBX", "P", "PA"):
        return "rgb"
    return mode


@functools.cache
def _register_heif() -> None:
    """HEIC/HEIF (phone photos) through pillow-heif, when it is installed."""
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        return
    register_heif_opener()


def _is_svg(head: bytes) -> bool:
    """XML (it starts with "<") with an <svg> element near its start."""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") and re.search(rb"<svg[\s>]", head) is not None


def _svg(data: bytes) -> Drawing:
    """An SVG logo as a ReportLab drawing: well-formed XML, no pictures or other files
    referred to, no text (its fonts would not be embedded)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        raise _Refused(N_("{path!r} is not well-formed SVG: line {svg_line}: {reason!r}"), svg_line=err.lineno, reason=err.msg) from None
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if name == "image":
            raise _Refused(N_("{path!r}, line {svg_line}: an SVG logo may not hold a picture (<image>); use a PNG logo instead"),
                           svg_line=element.sourceline)
        if name in ("text", "tspan", "textPath"):
            raise _Refused(N_("{path!r}, line {svg_line}: an SVG logo may not hold text (<text>); convert the text to outlines"),
                           svg_line=element.sourceline)
        for attribute, value in element.attrib.items():
            if etree.QName(attribute).localname == "href" and not value.strip().startswith("#"):
                raise _Refused(N_("{path!r}, line {svg_line}: an SVG logo may not refer to another file ({href!r})"),
                               svg_line=element.sourceline, href=value[:80])
    from svglib.svglib import svg2rlg

    _quiet_svglib()
    drawing = svg2rlg(io.BytesIO(data))
    if drawing is None or not drawing.width or not drawing.height or drawing.width <= 0 or drawing.height <= 0:
        raise _Refused(N_("{path!r} is an SVG drawing without a size: give its <svg> a width and height, or a viewBox"))
    return Drawing(drawing=drawing, width=float(drawing.width), height=float(drawing.height))


@functools.cache
def _quiet_svglib() -> None:
    """svglib logs what it skips (an unknown attribute); docgen's refusals above are what users see."""
    logger = logging.getLogger("svglib")
    logger.addHandler(logging.NullHandler())
    logger.propagate = False
