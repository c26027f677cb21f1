"""House styles: ``templates/<name>/style.yaml``, what the PDF (and later DOCX)
renderers take from it.  Every field has the default style's value, so a style
file may set only what it changes; paths are resolved when the style is loaded."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, TypeAdapter

from docgen import validation
from docgen.errors import DocgenError, Message
from docgen.resources import DEFAULT_REFERENCE, DEFAULT_STYLE, FONTS, shipped

_STRICT = {"extra": "forbid", "use_attribute_docstrings": True}
SHIPPED = "docgen:"


def _colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        raise validation.invalid("colour", Message("a colour is written #RRGGBB, e.g. #0B4F8A"))
    return value


Colour = Annotated[str, AfterValidator(_colour)]
Length = Annotated[float, Field(ge=0)]


@dataclass(frozen=True, kw_only=True)
class Page:
    __pydantic_config__ = _STRICT
    size: Literal["A4", "Letter"] = "A4"
    margin_top: Length = 20
    """Millimetres."""
    margin_bottom: Length = 20
    margin_left: Length = 22
    margin_right: Length = 22


@dataclass(frozen=True, kw_only=True)
class Colours:
    __pydantic_config__ = _STRICT
    accent: Colour = "#0B4F8A"
    """Letterhead, headings and rules."""
    text: Colour = "#1A1A1A"
    muted: Colour = "#5F6368"
    """Subheadline, captions, footer."""


@dataclass(frozen=True, kw_only=True)
class FontFiles:
    __pydantic_config__ = _STRICT
    regular: str
    """A .ttf file: relative to the style file, or ``docgen:NAME`` for a shipped font."""
    bold: str
    italic: str | None = None
    bold_italic: str | None = None


@dataclass(frozen=True, kw_only=True)
class Fonts:
    __pydantic_config__ = _STRICT
    latin: FontFiles = FontFiles(regular="docgen:NotoSans-Regular.ttf", bold="docgen:NotoSans-Bold.ttf",
                                 italic="docgen:NotoSans-Italic.ttf", bold_italic="docgen:NotoSans-BoldItalic.ttf")
    cjk: FontFiles = FontFiles(regular="docgen:NotoSansCJKhk-Regular.ttf", bold="docgen:NotoSansCJKhk-Bold.ttf")


@dataclass(frozen=True, kw_only=True)
class Sizes:
    __pydantic_config__ = _STRICT
    body: Length = 10.5
    headline: Length = 19
    subheadline: Length = 12.5
    heading: Length = 12
    small: Length = 8.5


@dataclass(frozen=True, kw_only=True)
class Leading:
    __pydantic_config__ = _STRICT
    latin: Length = 1.45
    cjk: Length = 1.75


@dataclass(frozen=True, kw_only=True)
class Letterhead:
    __pydantic_config__ = _STRICT
    logo: str | None = None
    """An image relative to the style file; without one the organisation's name is printed."""
    logo_height: Length = 14


@dataclass(frozen=True, kw_only=True)
class Style:
    """How outputs look, beyond what the release says."""

    __pydantic_config__ = _STRICT
    page: Page = Page()
    colours: Colours = Colours()
    fonts: Fonts = Fonts()
    sizes: Sizes = Sizes()
    leading: Leading = Leading()
    letterhead: Letterhead = Letterhead()
    reference_docx: str | None = None
    """The DOCX house style: a .docx whose styles every DOCX release uses; docgen's own by default."""
    wire_width: int | None = None
    """Hard-wrap wire copy at this many columns (``--width``); none leaves paragraphs on one line."""


@functools.cache
def _adapter() -> TypeAdapter:
    return TypeAdapter(Style)


def default_style_path() -> Path:
    return shipped(DEFAULT_STYLE)


def load_style(location: Path | None = None, *, allow_outside: bool = False) -> Style:
    """The style in *location* (a style.yaml or its folder); docgen's default without one.

    The files a style names must be in its folder (or be docgen's own fonts) unless *allow_outside*.
    """
    from docgen.sources import yamldata
    from docgen.sources.markdown import read_text

    path = Path(location) if location else default_style_path()
    if path.is_dir():
        path = path / "style.yaml"
    data = yamldata.load(read_text(path), file=path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DocgenError("a style file is a set of 'field: value' lines", file=path, line=1)
    style: Style = validation.validate(_adapter(), data, file=path)
    return _resolved(style, path, data, allow_outside)


def font_file(value: str) -> Path:
    """Where a style's font is: ``docgen:NAME`` is a font shipped with docgen."""
    return FONTS / value.removeprefix(SHIPPED) if value.startswith(SHIPPED) else Path(value)


def _resolved(style: Style, path: Path, data, allow_outside: bool) -> Style:
    """Paths checked and made absolute, so that renderers need not know where the style was."""
    from docgen.sources.markdown import inside

    def resolve(value: str | None, loc: tuple) -> str | None:
        if value is None:
            return None
        shipped_font = value.startswith(SHIPPED)
        target = FONTS / value.removeprefix(SHIPPED) if shipped_font else (path.parent / value).resolve()
        where = {"file": path, "line": validation.line_of(data, loc), "field": ".".join(loc)}
        if not shipped_font and not allow_outside and not inside(target, path.parent):
            raise DocgenError("{path} is outside the style's folder (copy it there, or pass --allow-outside)", **where, path=value)
        if not target.is_file():
            raise DocgenError("no such file: {path}", **where, path=value)
        return value if shipped_font else str(target)

    def fonts(files: FontFiles, script: str) -> FontFiles:
        return FontFiles(**{k: resolve(getattr(files, k), ("fonts", script, k)) for k in ("regular", "bold", "italic", "bold_italic")})

    return replace(
        style,
        fonts=Fonts(latin=fonts(style.fonts.latin, "latin"), cjk=fonts(style.fonts.cjk, "cjk")),
        letterhead=replace(style.letterhead, logo=resolve(style.letterhead.logo, ("letterhead", "logo"))),
        reference_docx=resolve(style.reference_docx, ("reference_docx",)),
    )


def style_dependencies(style: Style, fmt: str) -> list[Path]:
    """Files an output of format *fmt* depends on through the style: fonts, logo, reference document."""
    if fmt == "pdf":
        files = [getattr(f, k) for f in (style.fonts.latin, style.fonts.cjk) for k in ("regular", "bold", "italic", "bold_italic")]
        found = [font_file(f) for f in files if f]
        return found + ([Path(style.letterhead.logo)] if style.letterhead.logo else [])
    if fmt == "docx":
        return [Path(style.reference_docx) if style.reference_docx else shipped(DEFAULT_REFERENCE)]
    return []
