"""The model itself as JSON, for debugging, fixtures and other systems."""
from __future__ import annotations

from docgen.i18n import LocaleContext
from docgen.jsonio import dump_release
from docgen.model import Release


def render(release: Release, ctx: LocaleContext, style, publication=None) -> bytes:
    return dump_release(release).encode("utf-8")
