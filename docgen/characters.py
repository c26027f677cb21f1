"""The characters docgen refuses in text, wherever the text comes from: a source file, a
YAML escape (``"\\u202E"``), an HTML entity in Markdown (``&#x200B;``), a translation, a
JSON dump.  One rule for every door, so nothing invisible reaches an output.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

from docgen.errors import DocgenError, Message

# Characters nobody types on purpose: they are pasted from web pages and e-mail, and
# are invisible in an editor.  Bidi overrides reorder text invisibly ("Trojan Source").
_INVISIBLE = {0x200B: "", 0x200C: "", 0x200D: "", 0x2060: "", 0xFEFF: "", 0x200E: "", 0x200F: "",
              **{c: "" for c in range(0x202A, 0x202F)}, **{c: "" for c in range(0x2066, 0x206A)}}


def check_characters(text: str, path: Path | str | None, first_line: int | None = 1, *, field: str | None = None) -> None:
    """Refuse control characters (but tab and line feed) and invisible formatting characters."""
    for index, char in enumerate(text):
        code = ord(char)
        if (code < 32 and char not in "\t\n") or 0x7F <= code <= 0x9F:
            message = Message("control character U+{code:04X} is not allowed (delete it)", code=code)
        elif 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
            message = Message("U+{code:04X} {name} is not allowed: it reorders text invisibly (delete it)", code=code, name=unicodedata.name(char))
        elif code == 0xFFFD:
            message = Message("U+FFFD REPLACEMENT CHARACTER is not allowed: the text was damaged on its way (a wrong encoding, or &#0;); retype it")
        elif code in _INVISIBLE:
            message = Message("U+{code:04X} {name} is not allowed: an invisible character, usually pasted by accident (delete it)",
                              code=code, name=unicodedata.name(char))
        else:
            continue
        raise DocgenError(message, file=path, line=first_line + text.count("\n", 0, index) if first_line else None, field=field)
