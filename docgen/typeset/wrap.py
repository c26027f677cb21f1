"""Line wrapping by display width, for Latin and CJK text alike.

``textwrap`` counts characters and only breaks at spaces; wire copy in Chinese
needs a column count in which wide characters take two, breaks between any two
ideographs, and the kinsoku rules: no closing punctuation at the start of a
line, no opening punctuation at its end (W3C clreq, JIS X 4051).
"""
from __future__ import annotations

import re
import unicodedata

NO_LINE_START = set("。，、；：？！）」』》〉】〕｝］’”…‥·・ー々ゝゞヽヾ％‰℃!),.:;?]}")
NO_LINE_END = set("（「『《〈【〔｛［‘“([{")

# A token is a run of spaces, one wide character, or a run of anything else
# (a word, a number, a URL); wrapping happens only between tokens.
_TOKEN = re.compile(r"\s+|[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]|[^\s\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]+")


def display_width(text: str) -> int:
    """Columns *text* takes in a monospaced terminal (East Asian wide = 2)."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text
    )


def break_units(text: str) -> list[str]:
    """Tokens glued so that no break falls where kinsoku forbids one."""
    units: list[str] = []
    glue_next = False
    for token in _TOKEN.findall(text):
        space = token.isspace()
        if units and glue_next:
            units[-1] += token  # nothing breaks after an opening mark
        elif units and not space and token[0] in NO_LINE_START:
            if units[-1].isspace() and len(units) > 1:
                gap = units.pop()  # nor before a closing mark, even across a space
                units[-1] += gap
            units[-1] += token
        else:
            units.append(token)
        if not space:
            glue_next = token[-1] in NO_LINE_END
    return units


def wrap(text: str, width: int) -> list[str]:
    """Break *text* into lines of at most *width* columns.

    Spaces at a break are dropped.  A single word wider than *width* (a long
    URL) is kept whole on its own line rather than broken.
    """
    lines: list[str] = []
    line, used = "", 0
    for unit in break_units(text):
        if unit.isspace():
            if line:
                line, used = line + unit, used + display_width(unit)
            continue
        size = display_width(unit)
        if line and used + size > width:
            lines.append(line.rstrip())
            line, used = "", 0
        line, used = line + unit, used + size
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines
