"""Renderers: ``render(release, ctx, style) -> bytes``, one module per format.

``RENDERERS`` is the one table of formats.  Modules are imported only when a
format is used, so that ``docgen check`` never loads ReportLab or python-docx.
"""
from __future__ import annotations

import importlib
from typing import Callable

from docgen.errors import DocgenError
from docgen.i18n import LocaleContext
from docgen.model import Release
from docgen.style import Style


Renderer = Callable[[Release, LocaleContext, Style], bytes]

# format name -> (module, file extension)
RENDERERS: dict[str, tuple[str, str]] = {
    "txt": ("docgen.render.txt", "txt"),
    "json": ("docgen.render.json", "json"),
    "pdf": ("docgen.render.pdf", "pdf"),
    "docx": ("docgen.render.docx", "docx"),
    "html": ("docgen.render.html", "html"),
    "ninjs": ("docgen.render.ninjs", "ninjs.json"),  # IPTC ninjs 2.1; not <slug>.json, which is the json dump
}
DEFAULT_FORMATS = ("txt", "pdf", "docx")


def renderer(name: str) -> Renderer:
    """The render function for format *name*."""
    if name not in RENDERERS:
        raise DocgenError("unknown format {name!r} (formats: {formats})", field="--format", name=name, formats=", ".join(RENDERERS))
    return importlib.import_module(RENDERERS[name][0]).render


def extension(name: str) -> str:
    """File extension of format *name*."""
    return RENDERERS[name][1]
