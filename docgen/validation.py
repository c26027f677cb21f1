"""Checking data against the model's types, with errors a person can act on.

pydantic does the checking; the first problem becomes a ``DocgenError`` naming
the file, the line (when the data remembers its lines, as YAML read by
``docgen.sources.yamldata`` does) and the field, with a suggestion for a
misspelt field name.  JSON dumps and YAML sources are checked alike.
"""
from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from docgen.errors import DocgenError


def line_of(data: Any, loc: tuple) -> int | None:
    """The line of the value at path *loc*, or of its nearest written parent."""
    line = getattr(data, "line", None)
    for key in loc:
        lines = getattr(data, "lines", None)
        if lines is None:
            break
        if isinstance(data, dict) and key in data:
            line, data = lines[key], data[key]
        elif isinstance(data, list) and isinstance(key, int) and key < len(data):
            line, data = lines[key], data[key]
        else:
            break
    return line


def validate(adapter: TypeAdapter, data: Any, *, file: Path, prefix: str = ""):
    """Check *data* against *adapter*'s type; the first problem becomes a DocgenError."""
    try:
        return adapter.validate_python(data)
    except ValidationError as err:
        # An unknown field first: a misspelt name also makes the right one "missing".
        errors = sorted(err.errors(), key=lambda e: e["type"] not in _UNKNOWN)
        raise _located(errors[0], data, adapter, file, prefix) from None


_UNKNOWN = ("unexpected_keyword_argument", "extra_forbidden")
# pydantic's wording names Python types; people write YAML.
_TYPE_WORDS = {
    "string_type": "should be text",
    "tuple_type": "should be a list",
    "list_type": "should be a list",
    "bool_type": "should be true or false",
    "dataclass_type": "should be a set of 'field: value' lines",
    "dict_type": "should be a set of 'field: value' lines",
    "too_short": "should list at least one",
}


def _located(error: dict, data: Any, adapter: TypeAdapter, file: Path, prefix: str) -> DocgenError:
    loc = tuple(error["loc"])
    field = ".".join(str(p) for p in (prefix, *loc) if p != "")
    kind = error["type"]
    if kind in _UNKNOWN:
        name = str(loc[-1])
        known = _field_names(adapter.json_schema(), loc[:-1])
        hint = difflib.get_close_matches(name, known, n=1)
        message = f"unknown field {name!r}" + (f"; did you mean {hint[0]!r}?" if hint else f" (known fields: {', '.join(known)})")
    elif kind in ("missing", "missing_keyword_argument"):
        message = "this field is required"
        return DocgenError(message, file=file, line=line_of(data, loc[:-1]), field=field)
    else:
        message = _TYPE_WORDS.get(kind, error["msg"])
        if "input" in error and not isinstance(error["input"], (dict, list)):
            message += f" (got {error['input']!r})"
    return DocgenError(message, file=file, line=line_of(data, loc), field=field)


def _field_names(schema: dict, loc: tuple) -> list[str]:
    """Property names of the object at *loc* in a JSON Schema (for suggestions)."""
    defs = schema.get("$defs", {})

    def resolve(node):
        while True:
            if "$ref" in node:
                node = defs[node["$ref"].split("/")[-1]]
            elif "anyOf" in node:
                node = next((n for n in node["anyOf"] if n.get("type") != "null"), node["anyOf"][0])
            else:
                return node

    node = resolve(schema)
    for key in loc:
        if isinstance(key, int):
            node = resolve(node.get("items", {}))
        elif key in node.get("properties", {}):
            node = resolve(node["properties"][key])
        else:  # a mapping of any keys (wire languages): its values' schema
            extra = node.get("additionalProperties")
            node = resolve(extra if isinstance(extra, dict) else {})
    return sorted(node.get("properties", {}))
