"""Renderers: ``render(release, ctx, style, publication) -> bytes | Output``, one module per format.

``RENDERERS`` is the one table of formats.  Modules are imported only when a
format is used, so that ``docgen check`` never loads ReportLab or python-docx.
A renderer returns the file's bytes, or an ``Output`` when the file has others
beside it (the newsroom page's pictures) or must be made again at a known moment.
"""
from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Mapping

from docgen.errors import DocgenError
from docgen.model import Release

if TYPE_CHECKING:
    from docgen.i18n import LocaleContext
    from docgen.style import Style



@dataclass(frozen=True)
class Publication:
    """Where an edition goes out and beside which others: what a web page needs to link its
    sibling editions.  Not part of the release: the same release may be built in any locales."""

    editions: tuple[str, ...] = ()
    """Locale tags of the release's editions published together, this one included, in build order;
    empty when unknown (an edition rendered on its own)."""


@dataclass(frozen=True)
class Output:
    """A rendered file with more to it than its bytes."""

    data: bytes
    """The file itself."""
    beside: Mapping[str, bytes] = field(default_factory=dict)
    """File name -> bytes of files written in the same folder (pictures the page shows)."""
    changes_at: dt.datetime | None = None
    """A moment at which the same sources render differently (an embargo's end), after which
    a build makes the file again even though nothing it was made from changed."""


Renderer = Callable[[Release, "LocaleContext", "Style", "Publication"], "bytes | Output"]

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
LINKED = frozenset({"html"})
"""Formats whose files link the release's other editions (``Publication.editions``)."""


def renderer(name: str) -> Renderer:
    """The render function for format *name*."""
    if name not in RENDERERS:
        raise DocgenError("unknown format {name!r} (formats: {formats})", field="--format", name=name, formats=", ".join(RENDERERS))
    return importlib.import_module(RENDERERS[name][0]).render


def extension(name: str) -> str:
    """File extension of format *name*."""
    return RENDERERS[name][1]


def file_name(slug: str, tag: str, name: str) -> str:
    """``<slug>.<tag>.<ext>``: an edition's file carries its locale tag, so files of several
    editions can travel together (attached to one e-mail) without two sharing a name."""
    return f"{slug}.{tag}.{extension(name)}"
