"""A paragraph flowable that docgen breaks into lines itself.

ReportLab's Paragraph splits Latin words inside Chinese text ("AST|RI"),
starts lines with closing punctuation even in its CJK mode, and interprets
markup (its ``<img>`` reads local files).  Here text is never markup: it is
cut into break units by ``docgen.typeset.wrap.break_units`` (the same kinsoku
rules as wire copy), each character is set in the font of its script, and
lines are filled by measured width.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from docgen.typeset.fonts import FontSet
from docgen.typeset.wrap import NO_LINE_END, NO_LINE_START, break_units


@dataclass(frozen=True)
class Run:
    """Text of one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None


@dataclass(frozen=True)
class TextStyle:
    size: float
    leading: float
    """Line height in points."""
    colour: str
    link_colour: str
    align: str = "left"
    indent: float = 0.0
    space_before: float = 0.0
    space_after: float = 0.0
    bullet: str | None = None


@dataclass(frozen=True)
class Piece:
    """A run of characters drawn with one font."""

    text: str
    font: str
    width: float
    link: str | None


@dataclass
class Line:
    pieces: list[Piece] = field(default_factory=list)
    last: bool = False
    """Ends its paragraph or a hard line break (never justified)."""
    forced: bool = False
    """Cut where it fills, against the line-breaking rules: no cut of its unit kept them."""

    @property
    def width(self) -> float:
        return sum(p.width for p in self.pieces)


def layout(runs: list[Run], width: float, size: float, fonts: FontSet, prefer_cjk: bool, where: str) -> list[Line]:
    """Break *runs* into lines no wider than *width* points."""
    lines: list[Line] = []
    text = "".join(r.text for r in runs)
    owner = [i for i, r in enumerate(runs) for _ in r.text]
    offset = 0
    for hard_line in text.split("\n"):
        line, pending = Line(), []
        for unit in break_units(hard_line):
            pieces = _pieces(unit, offset, runs, owner, size, fonts, prefer_cjk, where)
            offset += len(unit)
            if unit.isspace():
                pending = pieces if line.pieces else []
                continue
            needed = sum(p.width for p in pending + pieces)
            if line.pieces and line.width + needed > width:
                lines.append(line)
                line, pending = Line(), []
            for piece in pending + pieces:
                _append(line, piece)
            pending = []
            if line.width > width and _chars(line) > 1:
                # One unbreakable unit wider than the column (a long URL): cut it by characters.
                *full, line = _cut(line, width, size)
                lines += full
        line.last = True
        lines.append(line)
        offset += 1  # the "\n"
    return lines


def widest_unit(runs: list[Run], size: float, fonts: FontSet, prefer_cjk: bool, where: str) -> float:
    """The width of the widest unbreakable unit of *runs* (a word, a number): the least a column needs."""
    widest = 0.0
    for run in runs:
        for unit in break_units(run.text):
            if not unit.isspace():
                widest = max(widest, layout([Run(unit, bold=run.bold, italic=run.italic)], 1e9, size, fonts, prefer_cjk, where)[0].width)
    return widest


def _chars(line: Line) -> int:
    return sum(len(p.text) for p in line.pieces)


def _cut(line: Line, width: float, size: float) -> list[Line]:
    """Cut an over-wide line by characters into lines that fit, the last one the rest, in one
    pass (each character measured once: a 100,000-character token takes linear time).

    Kinsoku is kept where a cut can keep it; where none can (a dot leader, a run of closing
    marks) the frame wins and the line is cut where it fills."""
    chars = [(c, p.font, p.link, stringWidth(c, p.font, size)) for p in line.pieces for c in p.text]

    def forbidden(at: int) -> bool:  # kinsoku across any spaces at the cut
        after = next((chars[i][0] for i in range(at, len(chars)) if not chars[i][0].isspace()), "")
        before = next((chars[i][0] for i in range(at - 1, -1, -1) if not chars[i][0].isspace()), "")
        return after in NO_LINE_START and bool(after) or before in NO_LINE_END and bool(before)

    lines, start = [], 0
    while True:
        fit, used = start, 0.0
        while fit < len(chars) and (fit == start or used + chars[fit][3] <= width):
            used += chars[fit][3]
            fit += 1
        if fit >= len(chars):
            break
        cut = fit
        while cut > start + 1 and forbidden(cut):
            cut -= 1
        forced = forbidden(cut)
        end = fit if forced else cut
        lines.append(_line(chars[start:end]))
        lines[-1].forced = forced
        start = end
    lines.append(_line(chars[start:]))
    return lines


def _line(chars: list) -> Line:
    line = Line()
    for char, font, link, w in chars:
        _append(line, Piece(char, font, w, link))
    return line


def _append(line: Line, piece: Piece) -> None:
    last = line.pieces[-1] if line.pieces else None
    if last and (last.font, last.link) == (piece.font, piece.link):
        line.pieces[-1] = Piece(last.text + piece.text, last.font, last.width + piece.width, last.link)
    else:
        line.pieces.append(piece)


def _pieces(unit, offset, runs, owner, size, fonts, prefer_cjk, where) -> list[Piece]:
    """The unit's characters grouped by run and font, measured (the hot loop of PDF output)."""
    groups: list[list] = []  # [font, link, characters]
    for index, char in enumerate(unit):
        run = runs[owner[offset + index]]
        font = fonts.pick(char, bold=run.bold, italic=run.italic, prefer_cjk=prefer_cjk, where=where)
        if groups and groups[-1][0] == font and groups[-1][1] == run.link:
            groups[-1][2].append(char)
        else:
            groups.append([font, run.link, [char]])
    pieces = []
    for font, link, chars in groups:
        text = "".join(chars)
        pieces.append(Piece(text, font, stringWidth(text, font, size), link))
    return pieces


class TextBlock(Flowable):
    """A paragraph of runs, broken into lines by docgen; splits across pages by lines."""

    def __init__(self, runs: list[Run], style: TextStyle, fonts: FontSet, *, prefer_cjk: bool, where: str,
                 outline: tuple[str, str, int] | None = None, keep_with_next: bool = False, lines: list[Line] | None = None):
        super().__init__()
        self.runs, self.style, self.fonts = runs, style, fonts
        self.prefer_cjk, self.where, self.outline = prefer_cjk, where, outline
        self.keepWithNext = keep_with_next
        self._lines = lines
        self._laid_for: float | None = None if lines is None else -1.0

    def _layout(self, width: float) -> list[Line]:
        if self._lines is None or (self._laid_for not in (width, -1.0)):
            inner = width - self.style.indent
            self._lines = layout(self.runs, inner, self.style.size, self.fonts, self.prefer_cjk, self.where)
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
        first = TextBlock(self.runs, self.style, self.fonts, prefer_cjk=self.prefer_cjk, where=self.where,
                          outline=self.outline, lines=lines[:fit])
        rest_style = TextStyle(**{**self.style.__dict__, "space_before": 0.0, "bullet": None})
        first.style = TextStyle(**{**self.style.__dict__, "space_after": 0.0})
        rest = TextBlock(self.runs, rest_style, self.fonts, prefer_cjk=self.prefer_cjk, where=self.where, lines=lines[fit:])
        return [first, rest]

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
        for number, line in enumerate(self._lines or []):
            # Baseline: the line box centred on the text's height (ascent ~ 0.88 em).
            baseline = self.height - number * style.leading - (style.leading - style.size) / 2 - style.size * 0.88
            slack = self.width - style.indent - line.width
            x = style.indent + {"center": slack / 2, "right": slack}.get(style.align, 0)
            # Chinese is set flush on both sides: the slack is shared between the characters
            # of every line that a break ended (not a paragraph's last line).
            spacing = 0.0
            if self.prefer_cjk and style.align == "left" and not line.last:
                count = sum(len(p.text) for p in line.pieces)
                slack = self.width - style.indent - line.width
                spacing = slack / (count - 1) if count > 1 and 0 < slack < style.size * 2 else 0.0
            if number == 0 and style.bullet:
                canvas.setFillColor(colour)
                canvas.setFont(line.pieces[0].font if line.pieces else self.fonts.face("latin"), style.size)
                canvas.drawString(style.indent - style.size * 1.1, baseline, style.bullet)
            for piece in line.pieces:
                canvas.setFont(piece.font, style.size)
                canvas.setFillColor(link_colour if piece.link else colour)
                canvas.drawString(x, baseline, piece.text, charSpace=spacing)
                width = piece.width + spacing * len(piece.text)
                if piece.link and piece.text.strip():
                    rect = (x, baseline - style.size * 0.25, x + width, baseline + style.size * 0.9)
                    canvas.linkURL(piece.link, rect, relative=1, thickness=0)
                x += width
