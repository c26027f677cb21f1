"""Checking data against the model's types, with errors a person can act on.

pydantic does the checking; each problem becomes a ``DocgenError`` naming
the file, the line (when the data remembers its lines, as YAML read by
``docgen.sources.yamldata`` does) and the field, with a suggestion for a
misspelt field name.  JSON dumps and YAML sources are checked alike.
"""
from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.errors import DocgenError, Message

if TYPE_CHECKING:  # pydantic is loaded when something is validated: a build with nothing to do needs none
    from pydantic import TypeAdapter
    from pydantic_core import PydanticCustomError


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


MAX_ERRORS = 20
"""At most this many problems of one file are reported at once (the rest after fixing those)."""


def validate(adapter: TypeAdapter, data: Any, *, file: Path, prefix: str = ""):
    """Check *data* against *adapter*'s type; every problem (up to ``MAX_ERRORS``) becomes
    a DocgenError, the first raised with the others as its ``more``, in the file's order."""
    from pydantic import ValidationError

    try:
        return adapter.validate_python(data)
    except ValidationError as err:
        found = [_located(e, data, adapter, file, prefix) for e in err.errors()]
        # A misspelt name also makes the right one "missing": say only the misspelling.
        hinted = {(e.line, e.params.get("hint")) for e in found if e.template.startswith("unknown field")}
        found = [e for e in found if not (e.template == "this field is required" and
                                          any(hint == e.field.rsplit(".", 1)[-1] for _line, hint in hinted))]
        found = list({e.format_message(): e for e in found}.values())  # one message once
        found.sort(key=lambda e: (e.line or 0))
        first, *more = found[:MAX_ERRORS]
        first.more = tuple(more)
        raise first from None


def invalid(kind: str, message: Message) -> PydanticCustomError:
    """A validator's refusal in docgen's own words: pydantic carries the *message* to
    ``validate``, whose error can then say it in the user's language."""
    from pydantic_core import PydanticCustomError

    return PydanticCustomError(kind, message, {_MESSAGE: message})


_MESSAGE = "docgen_message"
_UNKNOWN = ("unexpected_keyword_argument", "extra_forbidden")
# pydantic's wording names Python types; people write YAML.  Any other pydantic error
# keeps pydantic's English.
_TYPE_WORDS = {
    "string_type": Message("should be text"),
    "tuple_type": Message("should be a list"),
    "list_type": Message("should be a list"),
    "bool_type": Message("should be true or false"),
    "dataclass_type": Message("should be a set of 'field: value' lines"),
    "dict_type": Message("should be a set of 'field: value' lines"),
    "too_short": Message("should list at least one"),
}


def _located(error: dict, data: Any, adapter: TypeAdapter, file: Path, prefix: str) -> DocgenError:
    loc = tuple(error["loc"])
    field = ".".join(str(p) for p in (prefix, *loc) if p != "")
    kind = error["type"]
    where = {"file": file, "line": line_of(data, loc), "field": field}
    if kind in _UNKNOWN:
        name = str(loc[-1])
        known = _field_names(adapter.json_schema(), loc[:-1])
        hint = difflib.get_close_matches(name, known, n=1)
        if hint:
            return DocgenError("unknown field {name!r}; did you mean {hint!r}?", **where, name=name, hint=hint[0])
        return DocgenError("unknown field {name!r} (known fields: {known})", **where, name=name, known=", ".join(known))
    if kind in ("missing", "missing_keyword_argument"):
        # At the line of the fields that lack it.
        return DocgenError("this field is required", file=file, line=line_of(data, loc[:-1]), field=field)
    problem = (error.get("ctx") or {}).get(_MESSAGE) or _TYPE_WORDS.get(kind) or error["msg"]
    if "input" in error and not isinstance(error["input"], (dict, list)):
        # Translators: {problem} is one of docgen's sentences on a field's value, such as
        # "should be text"; {value} is the value as written.
        return DocgenError("{problem} (got {value!r})", **where, problem=problem, value=error["input"])
    return DocgenError(problem, **where)


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
