"""House styles: ``templates/<name>/style.yaml``, what the PDF (and later DOCX)
renderers take from it.  Every field has the default style's value, so a style
file may set only what it changes; paths are resolved when the style is loaded."""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, TypeAdapter
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from docgen import validation
from docgen.errors import DocgenError, Message
from docgen.resources import DEFAULT_REFERENCE, DEFAULT_STYLE, FONTS, shipped
from docgen.schemaconfig import strict

_STRICT = strict()
SHIPPED = "docgen:"


def _colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        raise validation.invalid("colour", Message("a colour is written #RRGGBB, e.g. #0B4F8A"))
    return value


Colour = Annotated[str, AfterValidator(_colour)]
Length = Annotated[float, Field(ge=0)]

MAX_SIZE, MAX_SMALL = 36, 16
"""Points.  ``small`` also sets the letterhead's web address and the footer, in their fixed room."""
LEADING = (1, 2.5)
LETTERHEAD_MM, FOOTER_MM = 16, 10
"""The letterhead's room above the text of the first page; the footer's baseline under the text."""
MIN_TEXT_MM = (80, 120)
"""The least text width, and the least text height under the letterhead: a photo is up to 110 mm tall."""
PAGE_MM = {"A4": (210, 297), "Letter": (215.9, 279.4)}


def _margin(value: float) -> float:
    if not (math.isfinite(value) and value >= 0):
        raise validation.invalid("margin", Message("a margin is a number of millimetres, 0 or more"))
    return value


def _size(value: float) -> float:
    if not (math.isfinite(value) and 0 < value <= MAX_SIZE):
        raise validation.invalid("size", Message("a size is more than 0 and at most {most} points", most=MAX_SIZE))
    return value


def _small(value: float) -> float:
    if not (math.isfinite(value) and 0 < value <= MAX_SMALL):
        raise validation.invalid("size", Message("the small size is more than 0 and at most {most} points: it also sets "
                                                 "the letterhead's web address and the footer", most=MAX_SMALL))
    return value


def _leading(value: float) -> float:
    if not (math.isfinite(value) and LEADING[0] <= value <= LEADING[1]):
        raise validation.invalid("leading", Message("a line height is from {least} to {most} times the font size",
                                                    least=LEADING[0], most=LEADING[1]))
    return value


Margin = Annotated[float, AfterValidator(_margin)]
Size = Annotated[float, AfterValidator(_size)]
SmallSize = Annotated[float, AfterValidator(_small)]
LineHeight = Annotated[float, AfterValidator(_leading)]


@dataclass(frozen=True, kw_only=True)
class Page:
    __pydantic_config__ = _STRICT
    size: Literal["A4", "Letter"] = "A4"
    margin_top: Margin = 20
    """Millimetres."""
    margin_bottom: Margin = 20
    margin_left: Margin = 22
    margin_right: Margin = 22


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


WordFont = Annotated[str, Field(min_length=1, max_length=31, pattern=r"^[^\x00-\x1f\x7f]+$")]
"""A font name as Word knows it (at most 31 characters)."""


@dataclass(frozen=True, kw_only=True)
class LocaleFonts:
    """The fonts of the editions in one locale, where they differ from the style's."""

    __pydantic_config__ = _STRICT
    cjk: FontFiles | None = None
    """The Chinese face (Simplified Chinese drawn the Mainland way); the style's ``cjk`` face
    still sets a character this one lacks."""
    word: WordFont | None = None
    """The East Asian font the DOCX names (Word's own font, not embedded); without one the
    reference document's styles and theme decide."""


def _not_a_field():
    raise PydanticCustomError("extra_forbidden", "Extra inputs are not permitted")


@dataclass(frozen=True, kw_only=True)
class Fonts:
    __pydantic_config__ = _STRICT
    latin: FontFiles = FontFiles(regular="docgen:NotoSans-Regular.ttf", bold="docgen:NotoSans-Bold.ttf",
                                 italic="docgen:NotoSans-Italic.ttf", bold_italic="docgen:NotoSans-BoldItalic.ttf")
    cjk: FontFiles = FontFiles(regular="docgen:NotoSansCJKhk-Regular.ttf", bold="docgen:NotoSansCJKhk-Bold.ttf")
    """The Chinese face of every locale ``locales`` does not give one."""
    locales: dict[str, LocaleFonts] = field(default_factory=lambda: {
        "zh-Hans": LocaleFonts(cjk=FontFiles(regular="docgen:NotoSansCJKsc-Regular.ttf", bold="docgen:NotoSansCJKsc-Bold.ttf"),
                               word="Microsoft YaHei")}, hash=False)
    """Fonts by locale tag (``zh-Hans-CN``, ``zh-Hans``, ``zh``): for each field, the most specific
    tag of an edition that sets it wins."""
    fallback: SkipJsonSchema[Annotated[FontFiles | None, BeforeValidator(lambda value: _not_a_field())]] = None
    """The face behind ``cjk`` for a character it lacks: the style's general one, in the fonts of
    one locale (``for_locale``).  Not a style.yaml field."""

    def for_locale(self, tag: str) -> "Fonts":
        """The fonts of an edition in *tag*: the Latin faces, and its locale's CJK face, with the
        style's ``cjk`` face behind it (or that face alone for a locale without its own)."""
        cjk = self._setting(tag, "cjk")
        if cjk is None or cjk == self.cjk:
            return Fonts(latin=self.latin, cjk=self.cjk, locales={})
        return Fonts(latin=self.latin, cjk=cjk, locales={}, fallback=self.cjk)

    def word_font(self, tag: str) -> str | None:
        """The East Asian font the DOCX of an edition in *tag* names, if its style gives one."""
        return self._setting(tag, "word")

    def _setting(self, tag: str, name: str):
        """*name* from the most specific of *tag*'s locales that sets it: ``zh-Hans-CN``, ``zh-Hans``, ``zh``."""
        parts = tag.split("-")
        for n in range(len(parts), 0, -1):
            entry = self.locales.get("-".join(parts[:n]))
            if entry is not None and getattr(entry, name) is not None:
                return getattr(entry, name)
        return None


@dataclass(frozen=True, kw_only=True)
class Sizes:
    __pydantic_config__ = _STRICT
    body: Size = 10.5
    headline: Size = 19
    subheadline: Size = 12.5
    heading: Size = 12
    small: SmallSize = 8.5


@dataclass(frozen=True, kw_only=True)
class Leading:
    __pydantic_config__ = _STRICT
    latin: LineHeight = 1.45
    cjk: LineHeight = 1.75


@dataclass(frozen=True, kw_only=True)
class Letterhead:
    __pydantic_config__ = _STRICT
    logo: str | None = None
    """A picture (PNG, JPEG, GIF, WebP, TIFF, HEIC) or an SVG drawing, relative to the style file;
    without one the organisation's name is printed."""
    logo_height: Length = 14


@dataclass(frozen=True, kw_only=True)
class Photos:
    __pydantic_config__ = _STRICT
    keep_metadata: Annotated[bool, Field(strict=True)] = False
    """Publish pictures' EXIF and XMP metadata as they came (camera, time taken, GPS location);
    by default it is removed from the PDF and DOCX."""


@dataclass(frozen=True, kw_only=True)
class Typography:
    """How Chinese and English text is set (the W3C Requirements for Chinese Text Layout, clreq)."""

    __pydantic_config__ = _STRICT
    han_latin_space: Annotated[float, Field(ge=0, le=0.5)] = 0.25
    """Space between a Han character and a Latin letter or digit beside it, in em (clreq 3.2.2);
    0 sets them tight.  The PDF adds it; the DOCX leaves it to Word's own autospace."""
    compress_punctuation: Annotated[bool, Field(strict=True)] = True
    """Adjacent full-width punctuation marks give up their blank halves (clreq 3.1.6.2): ``。」`` takes 1.5 em, not 2."""
    line_start_bracket: Literal["full", "half"] = "full"
    """An opening bracket that starts a line keeps its blank half (``full``) or drops it (``half``)."""
    chinese_emphasis: Literal["dots", "bold"] = "dots"
    """Emphasis in Chinese text: emphasis dots under the characters (着重號) or bold; Chinese has no italic."""
    justify_english: Annotated[bool, Field(strict=True)] = False
    """Justify English paragraphs by stretching their word spaces; by default they are ragged-right."""


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
    photos: Photos = Photos()
    typography: Typography = Typography()
    reference_docx: str | None = None
    """The DOCX house style: a .docx whose styles every DOCX release uses; docgen's own by default."""
    html_templates: SkipJsonSchema[Annotated[str | None, BeforeValidator(lambda value: _not_a_field())]] = None
    """The house's HTML templates: the ``html/`` folder beside its style.yaml when there is one
    (``docgen.render.html``).  Not a style.yaml field: found, not written."""
    wire_width: int | None = None
    """Hard-wrap wire copy at this many columns (``--width``); none leaves paragraphs on one line."""
    warnings: SkipJsonSchema[Annotated[tuple[str, ...], BeforeValidator(lambda value: _not_a_field())]] = field(
        default=(), repr=False, compare=False)
    """What loading the style changed (macros removed from the reference document, styles it lacked
    taken from docgen's): ``Message``s ``FILE:LINE: FIELD: words``, for the build to report.  Not a
    style.yaml field: it is refused there as unknown, and left out of the outputs' fingerprint."""


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
    from docgen.sources.textfile import read_text

    path = Path(location) if location else default_style_path()
    if path.is_dir():
        path = path / "style.yaml"
    data = yamldata.load(read_text(path), file=path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DocgenError("a style file is a set of 'field: value' lines", file=path, line=1)
    style: Style = validation.validate(_adapter(), data, file=path)
    _check_page(style, path, data)
    _check_locales(style, path, data)
    style = _checked_files(_resolved(style, path, data, allow_outside), path, data)
    html = (path.parent / "html").resolve()
    own = html == shipped("templates/default/html").resolve()  # docgen's own templates: the default
    return replace(style, html_templates=str(html)) if html.is_dir() and not own else style


def _check_page(style: Style, path: Path, data) -> None:
    """Margins that leave room for the text, the letterhead and the footer (ReportLab would
    otherwise fail mid-document, or print the footer off the page)."""
    page = style.page
    width, height = PAGE_MM[page.size]

    def where(field_name: str) -> dict:
        loc = ("page", field_name) if field_name in data.get("page", {}) else ("page",)
        return {"file": path, "line": validation.line_of(data, loc), "field": ".".join(loc)}

    least_width, least_height = MIN_TEXT_MM
    # Rounded: in floats, 279.4 - 143.4 - 16 is 119.99999999999997, which is not less than 120.
    text_width = round(width - page.margin_left - page.margin_right, 6)
    if text_width < least_width:
        wider = "margin_left" if page.margin_left >= page.margin_right else "margin_right"
        raise DocgenError("the left and right margins leave {width:g} mm of the {size} page for the text; it needs at least {least} mm",
                          **where(wider), width=round(text_width, 1), size=page.size, least=least_width)
    # The footer's baseline is FOOTER_MM under the text; its descenders need 2 mm more.
    if page.margin_bottom < FOOTER_MM + 2:
        raise DocgenError("the bottom margin holds the footer: it must be at least {least} mm", **where("margin_bottom"), least=FOOTER_MM + 2)
    text_height = round(height - page.margin_top - page.margin_bottom - LETTERHEAD_MM, 6)
    if text_height < least_height:
        taller = "margin_top" if page.margin_top >= page.margin_bottom else "margin_bottom"
        raise DocgenError("the top and bottom margins leave {height:g} mm of the {size} page for the text under the letterhead; "
                          "it needs at least {least} mm", **where(taller), height=round(text_height, 1), size=page.size, least=least_height)


def _check_locales(style: Style, path: Path, data) -> None:
    """Locale tags written as docgen names editions, so that one can match: ``zh-Hans``, not ``zh-CN``."""
    from babel import Locale, UnknownLocaleError

    for tag in style.fonts.locales:
        try:
            written = re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z]{4})?(-[A-Za-z]{2}|-[0-9]{3})?", tag) is not None
            known = str(Locale.parse(tag.replace("-", "_"))).replace("_", "-") if written else None
        except (ValueError, TypeError, UnknownLocaleError):
            known = None
        if known != tag:
            loc = ("fonts", "locales", tag)
            raise DocgenError("{tag!r} is not a locale tag as docgen writes them: language, Script and REGION as CLDR knows them, e.g. {example}",
                              file=path, line=validation.line_of(data, loc), field=".".join(loc), tag=tag,
                              example=known or "zh-Hans-CN, zh-Hans or zh")


def _faces(fonts: Fonts):
    """Every set of font files a style names: (where it is written, its script, the files)."""
    yield ("fonts", "latin"), "latin", fonts.latin
    yield ("fonts", "cjk"), "cjk", fonts.cjk
    for tag, entry in fonts.locales.items():
        if entry.cjk is not None:
            yield ("fonts", "locales", tag, "cjk"), "cjk", entry.cjk


def _checked_files(style: Style, path: Path, data) -> Style:
    """The fonts and reference document read and checked now, so that no renderer meets a bad
    one; what the reference document needed changed becomes the style's warnings."""
    from docgen import reference
    from docgen.typeset import fontcheck

    def where(*loc: str) -> dict:
        return {"file": path, "line": validation.line_of(data, loc), "field": ".".join(loc)}

    for loc, script, files in _faces(style.fonts):
        for kind in ("regular", "bold", "italic", "bold_italic"):
            value = getattr(files, kind)
            if value:
                written = _written(data, (*loc, kind), value)
                try:
                    fontcheck.check(font_file(value), script, name=written)
                except DocgenError as err:
                    raise err.located(**where(*loc, kind)) from None
    if style.reference_docx is None:
        return style
    try:
        prepared = reference.check(Path(style.reference_docx), name=_written(data, ("reference_docx",), style.reference_docx))
    except DocgenError as err:
        raise err.located(**where("reference_docx")) from None
    return replace(style, warnings=style.warnings + reference.located(prepared.warnings, **where("reference_docx")))


def _written(data, loc: tuple, value: str) -> str:
    """A file as the style file wrote it (resolved paths are long), else as it is."""
    for key in loc:
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, str) else value


def font_file(value: str) -> Path:
    """Where a style's font is: ``docgen:NAME`` is a font shipped with docgen."""
    return FONTS / value.removeprefix(SHIPPED) if value.startswith(SHIPPED) else Path(value)


def _resolved(style: Style, path: Path, data, allow_outside: bool) -> Style:
    """Paths checked and made absolute, so that renderers need not know where the style was."""
    from docgen.sources.markdown import inside
    from docgen.typeset import fontcheck

    def resolve(value: str | None, loc: tuple) -> str | None:
        if value is None:
            return None
        # docgen:NAME names a font docgen ships, and nothing else: not a path (docgen:../../x) nor a logo.
        shipped_font = value.startswith(SHIPPED) and loc[0] == "fonts"
        target = FONTS / value.removeprefix(SHIPPED) if shipped_font else (path.parent / value).resolve()
        where = {"file": path, "line": validation.line_of(data, loc), "field": ".".join(loc)}
        if shipped_font and value.removeprefix(SHIPPED) not in fontcheck.shipped_names():
            raise DocgenError("{path} is not a font shipped with docgen (those are: {names})", **where, path=value,
                              names=", ".join(SHIPPED + n for n in fontcheck.shipped_names()))
        if not shipped_font and not allow_outside and not inside(target, path.parent):
            raise DocgenError("{path} is outside the style's folder (copy it there, or pass --allow-outside)", **where, path=value)
        if not target.is_file():
            raise DocgenError("no such file: {path}", **where, path=value)
        return value if shipped_font else str(target)

    def fonts(files: FontFiles, *loc: str) -> FontFiles:
        return FontFiles(**{k: resolve(getattr(files, k), (*loc, k)) for k in ("regular", "bold", "italic", "bold_italic")})

    locales = {tag: replace(entry, cjk=fonts(entry.cjk, "fonts", "locales", tag, "cjk") if entry.cjk else None)
               for tag, entry in style.fonts.locales.items()}
    return replace(
        style,
        fonts=Fonts(latin=fonts(style.fonts.latin, "fonts", "latin"), cjk=fonts(style.fonts.cjk, "fonts", "cjk"), locales=locales),
        letterhead=replace(style.letterhead, logo=_logo(resolve(style.letterhead.logo, ("letterhead", "logo")), style, path, data)),
        reference_docx=resolve(style.reference_docx, ("reference_docx",)),
    )


def _logo(resolved: str | None, style: Style, path: Path, data) -> str | None:
    """The logo, opened and verified now (the PDF renderer embeds the same cached picture)."""
    if resolved and not resolved.startswith(SHIPPED):
        from docgen import images

        images.logo(Path(resolved), keep_metadata=style.photos.keep_metadata, shown=style.letterhead.logo,
                    file=path, line=validation.line_of(data, ("letterhead", "logo")), field="letterhead.logo")
    return resolved


def style_dependencies(style: Style, fmt: str) -> list[Path]:
    """Files an output of format *fmt* depends on through the style: fonts, logo, reference document."""
    if fmt == "pdf":
        files = [getattr(f, k) for _, _, f in _faces(style.fonts) for k in ("regular", "bold", "italic", "bold_italic")]
        found = [font_file(f) for f in files if f]
        return found + ([Path(style.letterhead.logo)] if style.letterhead.logo else [])
    if fmt == "docx":
        return [Path(style.reference_docx) if style.reference_docx else shipped(DEFAULT_REFERENCE)]
    if fmt == "html":
        from docgen.render.html import template_files

        return template_files(style.html_templates)
    return []
