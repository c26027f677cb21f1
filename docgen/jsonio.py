"""The model as JSON and JSON Schema, derived from ``docgen.model`` by pydantic."""
from __future__ import annotations

import functools
import json
from pathlib import Path

from pydantic import TypeAdapter

from docgen.errors import DocgenError
from docgen.model import Release
from docgen.validation import validate


@functools.cache
def _adapter() -> TypeAdapter:
    return TypeAdapter(Release)


def dump_release(release: Release) -> str:
    """The release as indented JSON, keys in model order, ending in a newline."""
    return _adapter().dump_json(release, indent=2).decode("utf-8") + "\n"


def load_release(path: Path) -> Release:
    """Read a JSON dump back, refusing other schema versions."""
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DocgenError("not a readable JSON release: {reason}", file=path, reason=str(err)) from None
    return validate(_adapter(), data, file=path)


def json_schema(kind: type = Release) -> dict:
    """JSON Schema (draft 2020-12) of *kind*, the release model by default."""
    schema = TypeAdapter(kind).json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
