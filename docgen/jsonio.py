"""The model as JSON and JSON Schema, derived from ``docgen.model`` by pydantic."""
from __future__ import annotations

import functools
import json
from pathlib import Path

from pydantic import TypeAdapter

from docgen.characters import check_characters
from docgen.errors import DocgenError
from docgen.model import Paragraph, Photo, Release
from docgen.sources.yamldata import MAX_DEPTH
from docgen.validation import validate


@functools.cache
def _adapter() -> TypeAdapter:
    return TypeAdapter(Release)


def dump_release(release: Release) -> str:
    """The release as indented JSON, keys in model order, ending in a newline."""
    return _adapter().dump_json(release, indent=2).decode("utf-8") + "\n"


def load_release(path: Path, *, allow_outside: bool = False) -> Release:
    """Read a JSON dump back, refusing other schema versions, with the rules of a Markdown
    source: a body that opens with a paragraph, no deeper nesting, no invisible or control
    characters, and photos inside the project (the nearest folder above holding
    ``organisations/``, else the dump's own folder) unless *allow_outside*."""
    path = Path(path)
    try:
        data = json.loads(path.read_text("utf-8"))
    except RecursionError:
        raise DocgenError("values are nested more than {limit} deep", file=path, limit=MAX_DEPTH) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DocgenError("not a readable JSON release: {reason}", file=path, reason=str(err)) from None
    _check(data, path, "", 0)
    release = validate(_adapter(), data, file=path)
    if not release.body or not isinstance(release.body[0], Paragraph):
        # The model's rule, which the Markdown reader enforces too: every renderer runs the
        # dateline into the first block's text. A list, table or photo has none (they crashed
        # the renderers), and a heading or quote would be printed as a paragraph, its speaker lost.
        raise DocgenError("the body must open with a paragraph (the dateline runs into it); summary bullets go in \"highlights\"",
                          file=path, field="body.0.kind" if release.body else "body")
    if not allow_outside:
        root = next((folder for folder in path.resolve().parents if (folder / "organisations").is_dir()), path.resolve().parent)
        for block in release.body:
            if isinstance(block, Photo) and not Path(block.src).resolve().is_relative_to(root):
                field = "body." + block.id + ".src"
                raise DocgenError("photo file is outside the project: {src} (copy it into the project, or pass --allow-outside)",
                                  file=path, field=field, src=block.src)
    return release


def _check(data, path: Path, field: str, depth: int) -> None:
    """Depth and characters, before the schema sees the data."""
    if depth > MAX_DEPTH:
        raise DocgenError("values are nested more than {limit} deep", file=path, field=field or None, limit=MAX_DEPTH)
    if isinstance(data, str):
        check_characters(data, path, None, field=field or None)
    elif isinstance(data, dict):
        for key, value in data.items():
            _check(value, path, f"{field}.{key}" if field else str(key), depth + 1)
    elif isinstance(data, list):
        for n, value in enumerate(data):
            _check(value, path, f"{field}.{n}" if field else str(n), depth + 1)


def json_schema(kind: type = Release) -> dict:
    """JSON Schema (draft 2020-12) of *kind*, the release model by default, its fields described."""
    from docgen.schemaconfig import describe_fields

    describe_fields()
    schema = TypeAdapter(kind).json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
