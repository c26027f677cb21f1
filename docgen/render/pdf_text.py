"""A paragraph flowable that docgen breaks into lines (``docgen.typeset.lines``) and draws.

A Chinese line that a break ended is justified by sharing its slack between its atoms,
never inside a Latin word or a number; English is ragged-right, or justified by its word
spaces.  A line is drawn in as few strings as its spacing allows.  While drawing, each part
of a line is marked as content of its structure element (``docgen.render.pdf_tags``): the
block's own, a ``Link``, or a ``Span`` in the other language.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable

from docgen.style import Typography
from docgen.typeset import clreq
from docgen.typeset.fonts import FontSet
from docgen.typeset.lines import DASH, SPACE, Line, Piece, Run, layout, widest_unit

__all__ = ["Run", "TextBlock", "TextStyle", "layout", "widest_unit"]


@dataclass(frozen=True)
class TextStyle:
    size: float
    leading: float
    """Line height in points."""
    colour: str
    link_colour: str
    align: str = "left"
    """left, center, right; justify (English: word spaces stretched); or start: ragged in both
    scripts, nothing hyphenated (headlines, headings).  Chinese lines are set flush on both
    sides when left-aligned."""
    indent: float = 0.0
    space_before: float = 0.0
    space_after: float = 0.0
    bullet: str | None = None


class TextBlock(Flowable):
    """A paragraph of runs, broken into lines by docgen; splits across pages by lines."""

    def __init__(self, runs: list[Run], style: TextStyle, fonts: FontSet, *, prefer_cjk: bool, where: str,
                 outline: tuple[str, str, int] | None = None, keep_with_next: bool = False, lines: list[Line] | None = None,
                 typography: Typography | None = None, english: str = "en-US", tag=None, label=None):
        super().__init__()
        self.tag, self.label = tag, label
        """The structure element its text belongs to, and its bullet's (``docgen.render.pdf_tags``)."""
        self.runs, self.style, self.fonts = runs, style, fonts
        self.prefer_cjk, self.where, self.outline = prefer_cjk, where, outline
        self.typography, self.english = typography or Typography(), english
        self.keepWithNext = keep_with_next
        self._lines = lines
        self._laid_for: float | None = None if lines is None else -1.0

    def _layout(self, width: float) -> list[Line]:
        if self._lines is None or (self._laid_for not in (width, -1.0)):
            inner = width - self.style.indent
            self._lines = layout(self.runs, inner, self.style.size, self.fonts, self.prefer_cjk, self.where,
                                 self.typography, self.english, justified=self.style.align in ("left", "justify"))
            self._laid_for = width
        return self._lines

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = len(self._layout(availWidth)) * self.style.leading
        return self.width, self.height

    def split(self, availWidth, availHeight):
        lines = self._layout(availWidth)
        fit = int(availHeight // self.style.leading)
        if fit >= len(lines):
            return [self]
        if fit < 2 or len(lines) - fit < 2:  # no orphan or widow lines
            fit = fit if fit >= 2 and len(lines) - fit >= 2 else (len(lines) - 2 if len(lines) >= 4 and len(lines) - 2 <= fit else 0)
        if fit <= 0:
            return []
        return self.split_at(fit)

    def split_at(self, count: int) -> list["TextBlock"]:
        """This block as two: its first *count* lines, and the rest."""
        lines = self._lines or []
        first = self._with(lines[:count], space_after=0.0)
        first.outline = self.outline
        return [first, self._with(lines[count:], space_before=0.0, bullet=None)]

    def _with(self, lines: list[Line], **style) -> "TextBlock":
        return TextBlock(self.runs, TextStyle(**{**self.style.__dict__, **style}), self.fonts, prefer_cjk=self.prefer_cjk,
                         where=self.where, lines=lines, typography=self.typography, english=self.english,
                         tag=self.tag, label=self.label if style.get("bullet", self.style.bullet) else None)

    def line_count(self, width: float) -> int:
        return len(self._layout(width))

    def getSpaceBefore(self):
        return self.style.space_before

    def getSpaceAfter(self):
        return self.style.space_after

    def draw(self):
        canvas, style = self.canv, self.style
        if self.outline:
            key, title, level = self.outline
            canvas.bookmarkPage(key)
            canvas.addOutlineEntry(title, key, level=level, closed=False)
        colour, link_colour = HexColor(style.colour), HexColor(style.link_colour)
        measure = self.width - style.indent
        marks = _Marks(getattr(canvas, "tagger", None), self)
        for number, line in enumerate(self._lines or []):
            # Baseline: the line box centred on the text's height (ascent ~ 0.88 em).
            baseline = self.height - number * style.leading - (style.leading - style.size) / 2 - style.size * 0.88
            slack = measure - line.width
            x = style.indent + {"center": slack / 2, "right": slack}.get(style.align, 0)
            stretch = self._stretch(line, slack)
            if number == 0 and style.bullet:
                marks.open(self.label)
                canvas.setFillColor(colour)
                canvas.setFont(line.pieces[0].font if line.pieces else self.fonts.face("latin"), style.size)
                canvas.drawString(style.indent - style.size * 1.1, baseline, style.bullet)
            for segment in _segments(line, x, stretch):
                marks.open(marks.element(segment))
                self._draw(segment, baseline, colour, link_colour)
                if segment.link and segment.text.strip():
                    marks.linked(self.canv)
                if segment.dots:  # a mark for the eye, not a character: an artifact, not nested in the text's
                    marks.close()
                    with _artifact(canvas):
                        self._dots(segment, baseline)
            marks.close()

    def _stretch(self, line: Line, slack: float) -> dict[int, float]:
        """Extra space before each atom (by index) that justifies *line*: between Chinese atoms and
        at Han–Latin boundaries in Chinese text; at word spaces in justified English; none inside a word."""
        if line.last or slack <= 0 or len(line.atoms) < 2:
            return {}
        if self.prefer_cjk and self.style.align in ("left", "justify"):
            gaps = list(range(1, len(line.atoms)))
        elif self.style.align == "justify":
            gaps = [i for i, a in enumerate(line.atoms) if a.kind == SPACE and 0 < i < len(line.atoms) - 1]
        else:
            return {}
        return {i: slack / len(gaps) for i in gaps} if gaps else {}

    def _draw(self, segment: "_Segment", baseline: float, colour, link_colour) -> None:
        canvas, size = self.canv, self.style.size
        canvas.setFillColor(link_colour if segment.link else colour)
        canvas.setFont(segment.font, size)
        if segment.dash:
            # One solid rule, as thick and as high as the font's dash; the dashes stay in the
            # text, drawn invisible, so that copying gives ——.
            _left, _right, bottom, top = self.fonts.blanks(segment.font, "—")
            canvas.rect(segment.x, baseline + bottom * size, segment.width, max(top - bottom, 0.04) * size, stroke=0, fill=1)
            # Each invisible dash stretched to its em, so that no gap between them reads as a space.
            # Render mode and scaling are graphics state that outlives the text object: only
            # saving and restoring the state keeps the text after the dash visible.
            canvas.saveState()
            text = canvas.beginText(segment.x, baseline)
            text.setTextRenderMode(3)
            text.setFont(segment.font, size)
            text.setHorizScale(100 * size / self.fonts.width("—", segment.font, size))
            text.textOut(segment.text)
            canvas.drawText(text)
            canvas.restoreState()
        else:
            canvas.drawString(segment.x, baseline, segment.text, charSpace=segment.space)
        if segment.link and segment.text.strip():
            canvas.linkURL(segment.link, (segment.x, baseline - size * 0.25, segment.x + segment.width, baseline + size * 0.9),
                           relative=1, thickness=0)

    def _dots(self, segment: "_Segment", baseline: float) -> None:
        """Emphasis dots (着重號) centred under each Han character of *segment*."""
        size, x = self.style.size, segment.x
        for char in segment.text:
            width = self.fonts.width(char, segment.font, size)
            if clreq.is_han(char):
                self.canv.circle(x + width / 2, baseline - size * 0.24, size * 0.07, stroke=0, fill=1)
            x += width + segment.space


@dataclass
class _Segment:
    """Text drawn with one ``drawString``: atoms of one font and format whose spacing is uniform."""

    x: float
    text: str
    font: str
    link: str | None
    dots: bool
    width: float
    space: float = 0.0
    """Added after each character (the justification of single-character atoms)."""
    single: bool = True
    """Every atom in it is one character (so ``space`` falls exactly between atoms)."""
    dash: bool = False


def _segments(line: Line, x: float, stretch: dict[int, float]) -> list[_Segment]:
    """*line*'s atoms from *x*, in as few strings as their spacing allows (each ``drawString``
    costs): pieces of one font and format join when nothing separates them, or when single
    characters are separated by one same amount (drawn as character spacing)."""
    out: list[_Segment] = []
    for index, atom in enumerate(line.atoms):
        gap = atom.lead if index == 0 else atom.before + stretch.get(index, 0.0)
        x += gap
        for number, piece in enumerate(atom.pieces):
            step = gap if number == 0 else 0.0
            single = len(atom.pieces) == 1 and len(piece.text) == 1
            last = out[-1] if out else None
            if last is not None and atom.kind != DASH and _joins(last, piece, step, single):
                if step:
                    last.space = step
                last.text += piece.text
                last.width = x + piece.width - last.x
                last.single = last.single and single
            else:
                out.append(_Segment(x, piece.text, piece.font, piece.link, piece.dots, piece.width, single=single, dash=atom.kind == DASH))
            x += piece.width
    return out


def _joins(segment: _Segment, piece: Piece, step: float, single: bool) -> bool:
    if segment.dash or (segment.font, segment.link, segment.dots) != (piece.font, piece.link, piece.dots):
        return False
    if step == 0.0:
        return segment.space == 0.0
    return single and segment.single and (segment.space == step or (segment.space == 0.0 and len(segment.text) == 1))


class _Marks:
    """Which structure element each part of a block's lines belongs to, opened and closed as
    marked content while the lines are drawn (nothing, in an untagged PDF)."""

    def __init__(self, tagger, block: TextBlock):
        self.tagger, self.block = tagger, block
        self.tag = block.tag
        self.artifact = self.tag is not None and self.tag.repeat and self.tag.drawn  # a header row drawn again
        self.current = None
        self._context = None
        self._span = None  # the element of the run of another language being drawn
        self._link = None

    def element(self, segment: _Segment):
        """The element *segment* belongs to: the block's, a Link in it, or a Span in the other language."""
        if self.tagger is None or self.tag is None or self.artifact:
            return None
        if not segment.text.strip() and self.current is not None and not segment.link:
            return self.current  # a space between two words of a run belongs to the run
        other = _other_language(segment.text, self.block.prefer_cjk, self.block.english)
        if segment.link:
            self._span = None  # a run of another language after the link is a new Span, read after it
            if self._link is None or self._link[0] != segment.link:
                self._link = (segment.link, self.tag.add("Link", lang=other))
            return self._link[1]
        self._link = None
        if other is None:
            self._span = None
            return self.tag
        if self._span is None or self._span.lang != other:
            self._span = self.tag.add("Span", lang=other)
        return self._span

    def open(self, element) -> None:
        if self.tagger is None:
            return
        if self.artifact or self.tag is None:
            if self._context is None:
                self._context = self.tagger.artifact(self.block.canv)
                self._context.__enter__()
            return
        if element is self.current and self._context is not None:
            return
        self.close()
        if element is not None:
            self._context = self.tagger.content(self.block.canv, element)
            self._context.__enter__()
            self.current = element

    def linked(self, canvas) -> None:
        if self.tagger is not None and self.current is not None and self.current.kind == "Link":
            self.tagger.link(canvas, self.current)

    def close(self) -> None:
        if self._context is not None:
            self._context.__exit__(None, None, None)
        self._context, self.current = None, None


def _other_language(text: str, chinese: bool, english: str) -> str | None:
    """The language of *text* when it is not the edition's: Latin words in Chinese text (the
    organisation's English), Han characters in English text."""
    if chinese:
        return english if _LATIN_LETTER.search(text) else None
    return "zh" if clreq.has_han(text) else None


_LATIN_LETTER = re.compile("[A-Za-z\u0130\u212a]")
"""A character whose lower case is a to z (İ and the Kelvin sign K among them), found in one search."""


@contextmanager
def _artifact(canvas):
    tagger = getattr(canvas, "tagger", None)
    if tagger is None:
        yield
        return
    with tagger.artifact(canvas):
        yield
