"""A paragraph flowable that docgen breaks into lines and justifies itself.

ReportLab's Paragraph splits Latin words inside Chinese text ("AST|RI"),
starts lines with closing punctuation even in its CJK mode, and interprets
markup (its ``<img>`` reads local files).  Here text is never markup: it is
cut into break units by ``docgen.typeset.wrap.break_units`` (the same kinsoku
rules as wire copy), each character is set in the font of its script, and
lines are filled by measured width.

A line is a row of *atoms*: one full-width character, one Latin word or number,
one space, or a two-em dash.  Between atoms goes the glue clreq asks for
(``docgen.typeset.clreq``): a quarter em between Han and Latin, less between
adjacent punctuation marks.  A Chinese line that a break ended is justified by
sharing its slack between its atoms: never inside a Latin word or a number.
"""
from __future__ import annotations

import functools
from contextlib import contextmanager
from dataclasses import dataclass, field

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from docgen.style import Typography
from docgen.typeset import clreq
from docgen.typeset.fonts import FontSet
from docgen.typeset.wrap import NO_LINE_END, NO_LINE_START, break_units

HAN, PUNCT, LATIN, SPACE, DASH = "han", "punct", "latin", "space", "dash"
TWO_EM_DASH = "——"
_DOUBLED = {"—": DASH, "…": PUNCT}
"""A full-width mark that is doubled (——, ……) is one atom: nothing stretches or breaks inside it."""


@dataclass(frozen=True)
class Run:
    """Text of one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None
    dots: bool = False
    """Emphasis dots under its Han characters (Chinese emphasis, 着重號)."""


@dataclass(frozen=True)
class TextStyle:
    size: float
    leading: float
    """Line height in points."""
    colour: str
    link_colour: str
    align: str = "left"
    """left, center, right; or justify (English: word spaces stretched).  Chinese lines are
    always set flush on both sides when left-aligned."""
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
    dots: bool = False


class Atom:
    """What justification never stretches inside."""

    __slots__ = ("pieces", "kind", "before", "lead", "width")

    def __init__(self, pieces: list[Piece], kind: str, before: float = 0.0, lead: float = 0.0):
        self.pieces, self.kind = pieces, kind
        self.before = before
        """Glue before it when it does not start a line (points; negative: compressed)."""
        self.lead = lead
        """Shift when it starts a line (an opening bracket's blank half dropped)."""
        self.width = sum(p.width for p in pieces)

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)

    def __repr__(self) -> str:
        return f"Atom({self.text!r}, {self.kind})"


@dataclass
class Line:
    atoms: list[Atom] = field(default_factory=list)
    last: bool = False
    """Ends its paragraph or a hard line break (never justified)."""
    forced: bool = False
    """Cut where it fills, against the line-breaking rules: no cut of its unit kept them."""
    units: list[int] = field(default_factory=list)
    """How many atoms each break unit put on the line (to move the last unit down)."""
    width: float = 0.0
    """Natural width in points (glue included, no justification), kept as atoms are put."""

    def measure(self) -> "Line":
        """Set ``width`` from the atoms (after they were changed other than by ``_put``)."""
        self.width = _extent(Line(), self.atoms)
        return self

    @property
    def pieces(self) -> list[Piece]:
        return [p for a in self.atoms for p in a.pieces]

    @property
    def text(self) -> str:
        return "".join(a.text for a in self.atoms)


@dataclass(frozen=True)
class Setter:
    """What line breaking needs to know beyond the text: fonts, size, script and house rules."""

    size: float
    fonts: FontSet
    prefer_cjk: bool
    where: str
    typography: Typography = Typography()
    english: str = "en-US"
    """The organisation's English: the hyphenation dictionary for Latin words in Chinese text."""


def layout(runs: list[Run], width: float, size: float, fonts: FontSet, prefer_cjk: bool, where: str,
           typography: Typography | None = None, english: str = "en-US") -> list[Line]:
    """Break *runs* into lines no wider than *width* points."""
    setter = Setter(size, fonts, prefer_cjk, where, typography or Typography(), english)
    lines: list[Line] = []
    text = "".join(r.text for r in runs)
    owner = [i for i, r in enumerate(runs) for _ in r.text]
    offset = 0
    for hard_line in text.split("\n"):
        lines += _fill(_units(hard_line, offset, runs, owner, setter), width, setter)
        offset += len(hard_line) + 1  # the "\n"
    return lines


def widest_unit(runs: list[Run], size: float, fonts: FontSet, prefer_cjk: bool, where: str,
                typography: Typography | None = None) -> float:
    """The width of the widest unbreakable unit of *runs* (a word, a number): the least a column needs."""
    setter = Setter(size, fonts, prefer_cjk, where, typography or Typography())
    text = "".join(r.text for r in runs)
    owner = [i for i, r in enumerate(runs) for _ in r.text]
    widest, offset = 0.0, 0
    for hard_line in text.split("\n"):
        for unit in _units(hard_line, offset, runs, owner, setter):
            if any(a.kind != SPACE for a in unit):
                widest = max(widest, unit[0].lead + sum(a.width for a in unit) + sum(a.before for a in unit[1:]))
        offset += len(hard_line) + 1
    return widest


# --- break units and their atoms ---
def _units(text: str, offset: int, runs, owner, setter: Setter) -> list[list[Atom]]:
    """The break units of one hard line as atoms, glue set between every two of them."""
    units, start = [], 0
    phones = clreq.phone_spans(text)
    for unit in break_units(text):
        end = start + len(unit)
        atoms = _atoms(unit, offset + start, runs, owner, setter)
        if phones and units and any(a < start < b for a, b in phones):
            units[-1] += atoms  # a telephone number is one unit, spaces and all
        else:
            units.append(atoms)
        start = end
    atoms = [a for unit in units for a in unit]
    for previous, atom in zip(atoms, atoms[1:]):
        atom.before = _glue(previous, atom, setter)
    typography = setter.typography
    for atom in atoms:
        if atom.kind == PUNCT and typography.line_start_bracket == "half" and clreq.is_opening(atom.text[0]):
            left = setter.fonts.blanks(atom.pieces[0].font, atom.text[0])[0]
            atom.lead = -min(clreq.COMPRESSION_LIMIT, left) * setter.size
    return units


def _atoms(unit: str, offset: int, runs, owner, setter: Setter) -> list[Atom]:
    """The characters of *unit*, measured, grouped into atoms (the hot loop of PDF output: a
    font is picked per character, but a Latin word is measured once)."""
    pick, cjk, where, size = setter.fonts.pick, setter.prefer_cjk, setter.where, setter.size
    groups: list[list] = []  # [kind, font, run, characters]
    for index, char in enumerate(unit):
        run = runs[owner[offset + index]]
        font = pick(char, bold=run.bold, italic=run.italic, prefer_cjk=cjk, where=where)
        kind = _kind(char, cjk)
        if groups:
            last = groups[-1]
            if (last[0] == kind and last[1] == font and last[2].link == run.link and last[2].dots == run.dots
                    and (kind == LATIN or kind == SPACE or (char in _DOUBLED and last[3][-1] == char))):
                last[3].append(char)
                continue
        groups.append([kind, font, run, [char]])
    atoms: list[Atom] = []
    for kind, font, run, chars in groups:
        text = "".join(chars)
        if kind == PUNCT and len(text) > 1 and text[0] == "—":
            kind, width = DASH, len(text) * size  # one solid rule, an em a dash (—— is two em)
        else:
            width = stringWidth(text, font, size)
        piece = Piece(text, font, width, run.link, run.dots)
        last = atoms[-1] if atoms else None
        if last is not None and kind == last.kind and (kind == LATIN or kind == SPACE):
            last.pieces.append(piece)  # one word in two fonts or formats
            last.width += width
        else:
            atoms.append(Atom([piece], kind))
    return atoms


@functools.lru_cache(maxsize=None)
def _kind(char: str, prefer_cjk: bool) -> str:
    if char.isspace():
        return SPACE
    if not FontSet.is_wide(char, prefer_cjk):
        return LATIN
    return PUNCT if clreq.is_punctuation(char) else HAN


def _glue(previous: Atom, atom: Atom, setter: Setter) -> float:
    """Points between two atoms (clreq): Han–Latin space, or adjacent marks compressed."""
    typography = setter.typography
    kinds = (previous.kind, atom.kind)
    if kinds == (HAN, LATIN) or kinds == (LATIN, HAN):
        if typography.han_latin_space and clreq.han_latin_space(previous.pieces[-1].text[-1], atom.pieces[0].text[0]):
            return typography.han_latin_space * setter.size
        return 0.0
    if kinds == (PUNCT, PUNCT) and typography.compress_punctuation:
        before, after = previous.pieces[-1].text[-1], atom.pieces[0].text[0]
        right = setter.fonts.blanks(previous.pieces[-1].font, before)[1]
        left = setter.fonts.blanks(atom.pieces[0].font, after)[0]
        return -clreq.compression(right, left) * setter.size
    return 0.0


def _append(atom: Atom, piece: Piece) -> None:
    atom.width += piece.width
    last = atom.pieces[-1]
    if (last.font, last.link, last.dots) == (piece.font, piece.link, piece.dots):
        atom.pieces[-1] = Piece(last.text + piece.text, last.font, last.width + piece.width, last.link, last.dots)
    else:
        atom.pieces.append(piece)


# --- filling lines ---
def _fill(units: list[list[Atom]], width: float, setter: Setter) -> list[Line]:
    lines: list[Line] = []
    line, pending = Line(), []
    queue = list(units)
    while queue:
        unit = queue.pop(0)
        if all(a.kind == SPACE for a in unit):
            pending = unit if line.atoms else []
            continue
        added = _extent(line, pending + unit)
        if line.atoms and line.width + added > width:
            head, tail = _hyphenate(unit, width - line.width - _extent(line, pending), setter) if setter.prefer_cjk else (None, None)
            if head is not None:
                _put(line, pending + head)
                queue.insert(0, tail)
            lines.append(line)
            line, pending = Line(), []
            if head is not None:
                continue
        if not line.atoms and setter.prefer_cjk and _extent(line, unit) > width:
            head, tail = _hyphenate(unit, width, setter)
            if head is not None:  # a word longer than the line, broken where it may
                _put(line, head)
                lines.append(line)
                line = Line()
                queue.insert(0, tail)
                continue
        _put(line, pending + unit)
        pending = []
        if line.width > width and sum(len(a.text) for a in line.atoms) > 1:
            # One unbreakable unit wider than the column (a long URL): cut it by characters.
            *full, line = _cut(line, width, setter)
            lines += full
    line.last = True
    lines.append(line)
    if setter.prefer_cjk and len(lines) >= 2:
        _no_lone_character(lines, width)
    return lines


def _extent(line: Line, atoms: list[Atom]) -> float:
    """The width *atoms* add to *line*."""
    if not atoms:
        return 0.0
    first = atoms[0].before if line.atoms else atoms[0].lead
    return first + sum(a.width for a in atoms) + sum(a.before for a in atoms[1:])


def _put(line: Line, atoms: list[Atom]) -> None:
    line.width += _extent(line, atoms)
    line.atoms += atoms
    line.units.append(len(atoms))


def _hyphenate(unit: list[Atom], room: float, setter: Setter) -> tuple[list[Atom] | None, list[Atom] | None]:
    """The unit's Latin word cut at its last break point whose first part (and hyphen) fits *room*:
    (head, tail), or (None, None)."""
    word = unit[0]
    if word.kind != LATIN or len(word.pieces) != 1 or room <= 0:
        return None, None
    piece = word.pieces[0]
    hyphen = stringWidth(clreq.HYPHEN, piece.font, setter.size)
    for at, needs_hyphen in reversed(clreq.break_points(piece.text, setter.english)):
        head_text = piece.text[:at] + (clreq.HYPHEN if needs_hyphen else "")
        head_width = stringWidth(piece.text[:at], piece.font, setter.size) + (hyphen if needs_hyphen else 0.0)
        if word.before + head_width <= room:
            head = Atom([Piece(head_text, piece.font, head_width, piece.link, piece.dots)], LATIN, before=word.before, lead=word.lead)
            rest = piece.text[at:]
            tail = Atom([Piece(rest, piece.font, stringWidth(rest, piece.font, setter.size), piece.link, piece.dots)], LATIN)
            return [head], [tail] + unit[1:]
    return None, None


def _no_lone_character(lines: list[Line], width: float) -> None:
    """A Chinese paragraph does not end on one character and its punctuation (``來。``): the
    line before gives its last unit to the last line while it can."""
    last, before = lines[-1], lines[-2]
    while _lone(last) and len(before.units) > 1:
        count = before.units.pop()
        moved, before.atoms = before.atoms[-count:], before.atoms[:-count]
        while before.atoms and before.atoms[-1].kind == SPACE:
            before.atoms.pop()
            before.units[-1] -= 1
        if moved[0].kind == SPACE:
            moved = moved[1:]
        before.measure()
        candidate = Line(moved + last.atoms, last=True, units=[len(moved)] + last.units).measure()
        if candidate.width > width:
            return
        last.atoms, last.units, last.width = candidate.atoms, candidate.units, candidate.width


def _lone(line: Line) -> bool:
    marks = sum(1 for a in line.atoms if a.kind in (PUNCT, SPACE))
    return 0 < len(line.atoms) - marks <= 1 and line.atoms[0].kind == HAN


def _cut(line: Line, width: float, setter: Setter) -> list[Line]:
    """Cut an over-wide line by characters into lines that fit, the last one the rest, in one
    pass (each character measured once: a 100,000-character token takes linear time).

    Kinsoku is kept where a cut can keep it; where none can (a dot leader, a run of closing
    marks) the frame wins and the line is cut where it fills."""
    size = setter.size
    chars = [(c, p.font, p.link, stringWidth(c, p.font, size), p.dots) for p in line.pieces for c in p.text]

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
        lines.append(_line(chars[start:end], setter))
        lines[-1].forced = forced
        start = end
    lines.append(_line(chars[start:], setter))
    return lines


def _line(chars: list, setter: Setter) -> Line:
    """A line of cut characters: one atom per full-width character, Latin runs together."""
    line = Line()
    for char, font, link, w, dots in chars:
        kind = _kind(char, setter.prefer_cjk)
        last = line.atoms[-1] if line.atoms else None
        if last is not None and kind == last.kind and kind in (LATIN, SPACE):
            _append(last, Piece(char, font, w, link, dots))
        else:
            line.atoms.append(Atom([Piece(char, font, w, link, dots)], kind))
    line.units = [len(line.atoms)]
    return line.measure()


# --- the flowable ---
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
                                 self.typography, self.english)
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
            text = canvas.beginText(segment.x, baseline)
            text.setTextRenderMode(3)
            text.setFont(segment.font, size)
            text.setHorizScale(100 * size / stringWidth("—", segment.font, size))
            text.textOut(segment.text)
            canvas.drawText(text)
        else:
            canvas.drawString(segment.x, baseline, segment.text, charSpace=segment.space)
        if segment.link and segment.text.strip():
            canvas.linkURL(segment.link, (segment.x, baseline - size * 0.25, segment.x + segment.width, baseline + size * 0.9),
                           relative=1, thickness=0)

    def _dots(self, segment: "_Segment", baseline: float) -> None:
        """Emphasis dots (着重號) centred under each Han character of *segment*."""
        size, x = self.style.size, segment.x
        for char in segment.text:
            width = stringWidth(char, segment.font, size)
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
        return english if any("a" <= c.lower() <= "z" for c in text) else None
    return "zh" if any(clreq.is_han(c) for c in text) else None


@contextmanager
def _artifact(canvas):
    tagger = getattr(canvas, "tagger", None)
    if tagger is None:
        yield
        return
    with tagger.artifact(canvas):
        yield
