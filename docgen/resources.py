"""Files that ship with docgen: inside the installed package, or at the top of
the repository in an editable install (where locales/ and templates/ live)."""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def shipped(name: str) -> Path:
    """``docgen/<name>`` when installed, ``<repository>/<name>`` when editable."""
    packaged = PACKAGE / name
    return packaged if packaged.exists() else PACKAGE.parent / name


FONTS = PACKAGE / "fonts"
DEFAULT_STYLE = "templates/default/style.yaml"
DEFAULT_REFERENCE = "templates/default/reference.docx"
"""The DOCX house style's reference document, docgen's own."""
