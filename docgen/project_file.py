"""What ``docgen.yaml`` may say: the schema pydantic checks a project file against (``docgen.project``)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import BeforeValidator, Field

from docgen.schemaconfig import strict

# A list, or one value written alone (the CLI splits "en, zh-Hant-HK" as it does on the command line).
Names = Annotated[tuple[str, ...], BeforeValidator(lambda value: [value] if isinstance(value, str) else value)]

_STRICT = strict()


@dataclass(frozen=True, kw_only=True)
class ProjectFile:
    """What ``docgen.yaml`` may say (every field optional)."""

    __pydantic_config__ = _STRICT
    sources: Names = ("source",)
    """Release files or folders that ``docgen build`` and ``check`` take when given none."""
    formats: Names | None = None
    """Output formats (``txt``, ``pdf``, ``docx``, ``html``, ...); docgen's default without it."""
    locales: Names | None = None
    """Editions to build (``en``, ``zh-Hant-HK``...); each release's own language without it."""
    out: str = "dist"
    """Output folder."""
    style: str | None = None
    """House style folder (or its style.yaml)."""
    wire: str | None = None
    """Wire service for every release, overriding releases and profiles."""
    translations: str = "locales"
    """Folder of the translation catalogues."""
    jobs: Annotated[int, Field(ge=1, strict=True)] | None = None
    """Worker processes."""
    allow_partial: Annotated[bool, Field(strict=True)] = False
    """Publish a translation that lacks segments, with the source text for them."""
    require_review: Annotated[bool, Field(strict=True)] = False
    """Refuse an edition whose translations were converted from another locale and not reviewed."""
