"""What the W3C Requirements for Chinese Text Layout (clreq) ask of a line, as small pure rules.

- Han characters beside Latin letters or digits get a quarter em between them (clreq 3.2.2),
  unless the text already puts a space there.
- Adjacent full-width punctuation marks give up their blank halves (clreq 3.1.6.2): two marks
  take 1.5 em instead of 2.  The blanks are read from the glyphs themselves, so marks whose ink
  would touch (``。」`` in a font with a centred full stop) are compressed only until they nearly do.
- An opening bracket that starts a line may drop its blank half.
- Latin words inside Chinese text may break at their hyphenation points (pyphen, with the
  organisation's English) and after ``/``, ``-`` and ``→`` between letters; a telephone number
  never breaks.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from docgen.typeset.wrap import NO_LINE_START

HYPHEN = "-"

COMPRESSION_LIMIT = 0.5
"""At most this much (em) is taken from two adjacent marks: 2 em become 1.5 em."""
INK_GAP = 0.04
"""Compression stops when the marks' ink would come closer than this (em)."""

_OPENING = {"Ps", "Pi"}
_PUNCTUATION = {"Ps", "Pe", "Pi", "Pf", "Po", "Pd"}

# Telephone numbers: international (+852 3406 2800), with an area code in brackets, or Hong Kong's
# eight digits written as two fours.  Their spaces never break a line.
_PHONE = re.compile(r"\+\d[\d ()\-]*\d|\(\d+\)[\d ()\-]*\d|(?<!\d)\d{4} \d{4}(?!\d)")
_WORD = re.compile(r"[A-Za-z]{5,}")
_COMPOUND = re.compile(r"(?<=[A-Za-z][/\-→])(?=[A-Za-z0-9])")
_ADDRESS = re.compile(r"://|@|www\.|\.(?:com|org|net|gov|edu|hk|cn|io)\b", re.IGNORECASE)
"""A web or e-mail address: it breaks as the Chicago Manual of Style says (``address_points``),
never with a hyphen added (that would change the address)."""
_BEFORE_IN_ADDRESS = set("/.@-_?#%~&=")


def is_han(char: str) -> bool:
    """A Han character (CJK unified or compatibility ideograph, any plane), or 〇."""
    # Unified (basic, extension A, extensions B onwards) and compatibility ideographs, the most
    # frequent first: this is called for every pair of atoms.
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x3FFFF or 0xF900 <= code <= 0xFAFF or code == 0x3007


_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U0003ffff\uf900-\ufaff\u3007]")


def has_han(text: str) -> bool:
    """Whether *text* has a character ``is_han`` calls Han (one search, not a call per character)."""
    return _HAN.search(text) is not None


def is_latin_alnum(char: str) -> bool:
    """A letter or digit of an alphabetic script (not Han, not kana, not full-width)."""
    return char.isalnum() and not is_han(char) and unicodedata.east_asian_width(char) not in ("W", "F")


def is_punctuation(char: str) -> bool:
    return unicodedata.category(char) in _PUNCTUATION


def is_opening(char: str) -> bool:
    return unicodedata.category(char) in _OPENING


def han_latin_space(before: str, after: str) -> bool:
    """Whether clreq's Han–Latin space goes between the characters *before* and *after*."""
    return (is_han(before) and is_latin_alnum(after)) or (is_latin_alnum(before) and is_han(after))


def compression(right_blank: float, left_blank: float) -> float:
    """How much (em) two adjacent full-width marks give up, from the blank to the right of the
    first's ink and to the left of the second's."""
    return max(0.0, min(COMPRESSION_LIMIT, right_blank + left_blank - INK_GAP))


def phone_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every telephone number in *text*."""
    return [m.span() for m in _PHONE.finditer(text)]


@functools.cache
def _dictionary(language: str):
    import pyphen

    from docgen.typeset import hyphenation

    return hyphenation.dictionary(pyphen.language_fallback(language.replace("-", "_")) or "en_US", 2, 3)


def is_address(word: str) -> bool:
    """Whether *word* looks like a web or e-mail address."""
    return _ADDRESS.search(word) is not None


def break_points(word: str, language: str, *, address: bool | None = None) -> list[tuple[int, bool]]:
    """Where the Latin unit *word* may break, as (offset, needs a hyphen), in order: the
    hyphenation points of its words (pyphen, *language* ``en-GB``/``en-US``) and the points after
    ``/``, ``-`` and ``→`` between letters; an address (*address*, or as ``is_address`` finds; the
    rest of an address broken before no longer looks like one) where ``address_points`` says.
    A number, a telephone number or a word of fewer than five letters has none."""
    if _PHONE.fullmatch(word.strip()):
        return []
    if address or (address is None and is_address(word)):
        return [(at, False) for at in address_points(word)]
    points = {m.start(): False for m in _COMPOUND.finditer(word)}
    dictionary = _dictionary(language)
    for match in _WORD.finditer(word):
        for position in dictionary.positions(match.group()):
            points.setdefault(match.start() + position, True)
    return sorted(points.items())


def address_points(address: str) -> list[int]:
    """Where a web or e-mail address may break (Chicago Manual of Style 7.47): after ``//``, and
    before a single slash, ``@``, a hyphen, an underscore and ``# ~ & =``; never within ``://``,
    never before a mark no line may start with (``.``, ``?``, ``%``: kinsoku wins over Chicago),
    and never leaving fewer than two characters on a side."""
    points = []
    for at in range(2, len(address) - 1):
        char, before = address[at], address[at - 1]
        if address[at - 2:at] == "//" and char != "/":
            points.append(at)
        elif char in _BEFORE_IN_ADDRESS and char not in NO_LINE_START and before not in "/:" and address[at:at + 2] != "//":
            points.append(at)
    return points
