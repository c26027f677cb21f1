"""Lines of text broken and measured by docgen, for the PDF (``docgen.render.pdf_text`` draws them).

ReportLab's Paragraph splits Latin words inside Chinese text ("AST|RI"), starts lines with
closing punctuation even in its CJK mode, and interprets markup.  Here text is never markup:
it is cut into break units by ``docgen.typeset.wrap.break_units`` (the same kinsoku rules as
wire copy), each character is set in the font of its script, and lines are filled by
measured width.

A line is a row of *atoms*: one full-width character, one Latin word or number, one space,
or a two-em dash.  Between atoms goes the glue clreq asks for (``docgen.typeset.clreq``): a
quarter em between Han and Latin, less between adjacent punctuation marks.  Latin words in
Chinese text break at their hyphenation points; a Chinese paragraph never ends on one lone
character.
"""
from __future__ import annotations

import functools
import unicodedata
from collections import deque
from dataclasses import dataclass, field
from typing import NamedTuple

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


class Piece(NamedTuple):
    """A run of characters drawn with one font (a tuple: one is made for every word)."""

    text: str
    font: str
    width: float
    link: str | None
    dots: bool = False


class Atom:
    """What justification never stretches inside."""

    __slots__ = ("pieces", "kind", "before", "lead", "width", "address")

    def __init__(self, pieces: list[Piece], kind: str, before: float = 0.0, lead: float = 0.0):
        self.pieces, self.kind = pieces, kind
        self.before = before
        """Glue before it when it does not start a line (points; negative: compressed)."""
        self.lead = lead
        """Shift when it starts a line (an opening bracket's blank half dropped)."""
        self.width = pieces[0].width if len(pieces) == 1 else sum(p.width for p in pieces)
        self.address = False
        """The rest of a web or e-mail address broken before: it breaks as an address still."""

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
    justified: bool = True
    """Whether the lines are justified: only then do Latin words in Chinese text hyphenate
    (a ragged headline moves a word down whole)."""

    @property
    def hyphenate(self) -> bool:
        return self.prefer_cjk and self.justified


def layout(runs: list[Run], width: float, size: float, fonts: FontSet, prefer_cjk: bool, where: str,
           typography: Typography | None = None, english: str = "en-US", justified: bool = True) -> list[Line]:
    """Break *runs* into lines no wider than *width* points."""
    setter = Setter(size, fonts, prefer_cjk, where, typography or Typography(), english, justified)
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
    tables = [_table(setter.fonts, run.bold, run.italic, setter.prefer_cjk) for run in runs]
    for unit in break_units(text):
        end = start + len(unit)
        atoms = _atoms(unit, offset + start, runs, owner, setter, tables)
        if phones and units and any(a < start < b for a, b in phones):
            units[-1] += atoms  # a telephone number is one unit, spaces and all
        else:
            units.append(atoms)
        start = end
    typography = setter.typography
    half = typography.line_start_bracket == "half"
    previous = None
    for unit in units:
        for atom in unit:
            kind = atom.kind
            if previous is not None:
                # Glue only between Han and Latin, and between two marks (_glue); none elsewhere.
                pair = previous.kind
                if (kind == LATIN and pair == HAN) or (kind == HAN and pair == LATIN) or (kind == PUNCT and pair == PUNCT):
                    atom.before = _glue(previous, atom, setter)
            if kind == PUNCT and half and clreq.is_opening(atom.pieces[0].text[0]):
                left = setter.fonts.blanks(atom.pieces[0].font, atom.pieces[0].text[0])[0]
                atom.lead = -min(clreq.COMPRESSION_LIMIT, left) * setter.size
            previous = atom
    return units


def _atoms(unit: str, offset: int, runs, owner, setter: Setter, tables: list[dict]) -> list[Atom]:
    """The characters of *unit*, measured, grouped into atoms (the hot loop of PDF output: each
    character's font, kind and width are looked up in the font set's table, made once per character;
    *tables* are the tables of the runs)."""
    cjk, size = setter.prefer_cjk, setter.size
    number = owner[offset]
    run, table = runs[number], tables[number]
    if len(unit) == 1:  # a Chinese character, a mark, a space: one atom of one piece
        font, kind, units = table.get(unit) or _setting(setter.fonts, table, unit, run, cjk, setter.where)
        return [Atom([Piece(unit, font, 0.001 * size * units, run.link, run.dots)], kind)]  # the width as below
    single_run = number == owner[offset + len(unit) - 1]  # runs are contiguous: one run, or several
    groups: list[list] = []  # [kind, font, run, characters, their widths]
    last = None
    for index, char in enumerate(unit):
        if not single_run:
            number = owner[offset + index]
            run, table = runs[number], tables[number]
        if cjk and not (char < "\x80" or char.isalnum()) and _inside_latin(unit, index):
            entry = _setting(setter.fonts, _table(setter.fonts, run.bold, run.italic, False), char, run, False, setter.where)
        else:
            entry = table.get(char) or _setting(setter.fonts, table, char, run, cjk, setter.where)
        font, kind, units = entry
        if (last is not None and last[0] == kind and last[1] == font and last[2].link == run.link and last[2].dots == run.dots
                and (kind == LATIN or kind == SPACE or (char in _DOUBLED and last[3][-1] == char))):
            last[3].append(char)
            last[4].append(units)
            continue
        last = [kind, font, run, [char], [units]]
        groups.append(last)
    atoms: list[Atom] = []
    for kind, font, run, chars, widths in groups:
        text = "".join(chars)
        if kind == PUNCT and len(text) > 1 and text[0] == "—":
            kind, width = DASH, len(text) * size  # one solid rule, an em a dash (—— is two em)
        else:
            width = 0.001 * size * sum(widths)  # as ReportLab's stringWidth computes it
        piece = Piece(text, font, width, run.link, run.dots)
        previous = atoms[-1] if atoms else None
        if previous is not None and kind == previous.kind and (kind == LATIN or kind == SPACE):
            previous.pieces.append(piece)  # one word in two fonts or formats
            previous.width += width
        else:
            atoms.append(Atom([piece], kind))
    return atoms


def _table(fonts: FontSet, bold: bool, italic: bool, prefer_cjk: bool) -> dict:
    """The font set's table of characters for one formatting: character -> (font, kind, width in
    thousandths of an em)."""
    key = (bold, italic, prefer_cjk)
    table = fonts.settings.get(key)
    if table is None:
        table = fonts.settings[key] = {}
    return table


def _setting(fonts: FontSet, table: dict, char: str, run: Run, prefer_cjk: bool, where: str) -> tuple:
    """*char*'s entry in *table*, made (a DocgenError names a character no font has)."""
    font = fonts.pick(char, bold=run.bold, italic=run.italic, prefer_cjk=prefer_cjk, where=where)
    entry = table[char] = (font, _kind(char, prefer_cjk), fonts.units(font, char))
    return entry


def _inside_latin(unit: str, index: int) -> bool:
    """Whether the character at *index* is a mark of ambiguous width between two Latin letters or
    digits (the apostrophe of ``Kong’s``): set narrow, in the Latin font, even in Chinese text."""
    char = unit[index]
    if char.isascii() or char.isalnum() or not 0 < index < len(unit) - 1:
        return False
    before, after = unit[index - 1], unit[index + 1]
    return (before.isascii() and before.isalnum() and after.isascii() and after.isalnum()
            and unicodedata.east_asian_width(char) == "A")


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
    queue = deque(units)
    while queue:
        unit = queue.popleft()
        if unit[0].kind == SPACE and (len(unit) == 1 or all(a.kind == SPACE for a in unit)):
            pending = unit if line.atoms else []
            continue
        atoms = pending + unit if pending else unit
        added = _extent(line, atoms)
        if line.atoms and line.width + added > width:
            head, tail = _hyphenate(unit, width - line.width - _extent(line, pending), setter) if setter.hyphenate else (None, None)
            if head is not None:
                _put(line, pending + head)
                queue.appendleft(tail)
            lines.append(line)
            line, pending = Line(), []
            if head is not None:
                continue
            atoms, added = unit, _extent(line, unit)
        if not line.atoms and setter.hyphenate and added > width:
            head, tail = _hyphenate(unit, width, setter)
            if head is not None:  # a word longer than the line, broken where it may
                _put(line, head)
                lines.append(line)
                line = Line()
                queue.appendleft(tail)
                continue
        _put(line, atoms, added)
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
    if len(atoms) == 1:
        return first + atoms[0].width  # what the sums below come to for one atom
    return first + sum([a.width for a in atoms]) + sum([a.before for a in atoms[1:]])


def _put(line: Line, atoms: list[Atom], extent: float | None = None) -> None:
    """Put *atoms* at the end of *line*; *extent* is ``_extent(line, atoms)`` when known."""
    line.width += _extent(line, atoms) if extent is None else extent
    line.atoms += atoms
    line.units.append(len(atoms))


def _hyphenate(unit: list[Atom], room: float, setter: Setter) -> tuple[list[Atom] | None, list[Atom] | None]:
    """The unit's Latin word cut at its last break point whose first part (and hyphen) fits *room*:
    (head, tail), or (None, None)."""
    word = unit[0]
    if word.kind != LATIN or len(word.pieces) != 1 or room <= 0:
        return None, None
    piece = word.pieces[0]
    width = setter.fonts.width
    hyphen = width(clreq.HYPHEN, piece.font, setter.size)
    address = word.address or clreq.is_address(piece.text)
    for at, needs_hyphen in reversed(clreq.break_points(piece.text, setter.english, address=address)):
        head_text = piece.text[:at] + (clreq.HYPHEN if needs_hyphen else "")
        head_width = width(piece.text[:at], piece.font, setter.size) + (hyphen if needs_hyphen else 0.0)
        if word.before + head_width <= room:
            head = Atom([Piece(head_text, piece.font, head_width, piece.link, piece.dots)], LATIN, before=word.before, lead=word.lead)
            rest = piece.text[at:]
            tail = Atom([Piece(rest, piece.font, width(rest, piece.font, setter.size), piece.link, piece.dots)], LATIN)
            tail.address = address
            return [head], [tail] + unit[1:]
    return None, None


def _no_lone_character(lines: list[Line], width: float) -> None:
    """A Chinese paragraph does not end on one character and its punctuation (``來。``): the
    line before gives its last unit to the last line while it can."""
    last, before = lines[-1], lines[-2]
    while _lone(last) and len(before.units) > 1:
        count = before.units[-1]
        moved, atoms, units = before.atoms[-count:], before.atoms[:-count], before.units[:-1]
        while atoms and atoms[-1].kind == SPACE:
            atoms = atoms[:-1]
            units[-1] -= 1
        if moved[0].kind == SPACE:
            moved = moved[1:]
        candidate = Line(moved + last.atoms, last=True, units=[len(moved)] + last.units).measure()
        if candidate.width > width:
            return  # the unit stays where it was (it was lost here once: found by the layout property test)
        before.atoms, before.units = atoms, units
        before.measure()
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
    chars = [(c, p.font, p.link, setter.fonts.width(c, p.font, size), p.dots) for p in line.pieces for c in p.text]

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
