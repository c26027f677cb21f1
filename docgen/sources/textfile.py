"""Reading a text file docgen is given (a release, profile, style, wire or locale file, or
standard input): UTF-8, with its size and characters checked, before any parser sees it."""
from __future__ import annotations

from pathlib import Path

from docgen.characters import check_characters
from docgen.errors import DocgenError

MAX_FILE_BYTES = 10 * 2**20
"""Larger source files are refused: a release, profile or style is far smaller."""


def read_text(path: Path) -> str:
    """The file as text: UTF-8, a byte-order mark and CRLF line ends accepted;
    control and invisible characters refused with their line."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise DocgenError("file is larger than the {limit} MB limit", file=path, limit=MAX_FILE_BYTES // 2**20)
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DocgenError("no such file", file=path) from None
    except OSError as err:
        raise DocgenError("cannot read: {reason}", file=path, reason=err.strerror) from None
    return decode(raw, path)


def decode(raw: bytes, path: Path) -> str:
    """*raw* as text, by the rules of ``read_text`` (standard input is read by them too)."""
    if len(raw) > MAX_FILE_BYTES:
        raise DocgenError("file is larger than the {limit} MB limit", file=path, limit=MAX_FILE_BYTES // 2**20)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise DocgenError("not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8", file=path, line=line, byte=raw[err.start]) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    check_characters(text, path)
    return text
