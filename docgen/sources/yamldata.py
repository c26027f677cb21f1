"""YAML that remembers where each value was written, and located schema errors.

PyYAML does the parsing; this module only keeps the line of every mapping key
and sequence item so that a schema error can name the line a person must fix.
"""
from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from docgen.errors import DocgenError

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class LineMap(dict):
    """A YAML mapping that knows the line of each key (1-based)."""

    line: int = 0
    lines: dict


class LineList(list):
    """A YAML sequence that knows the line of each item (1-based)."""

    line: int = 0
    lines: list


class _Loader(yaml.SafeLoader):
    """SafeLoader that records lines, refuses aliases and duplicate keys, and
    leaves dates as strings for the schema to check (PyYAML would raise a bare
    ValueError for 2024-02-30)."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem="YAML aliases (*name) are not allowed in docgen files",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode):
    result = LineMap()
    result.line, result.lines = loader.first_line + node.start_mark.line, {}
    yield result
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise yaml.MarkedYAMLError(problem=f"field names must be text, not {key!r}", problem_mark=key_node.start_mark)
        if key in result:
            raise yaml.MarkedYAMLError(problem=f"field {key!r} is given twice", problem_mark=key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = loader.first_line + key_node.start_mark.line


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode):
    result = LineList()
    result.line, result.lines = loader.first_line + node.start_mark.line, []
    yield result
    for item in node.value:
        result.append(loader.construct_object(item, deep=True))
        result.lines.append(loader.first_line + item.start_mark.line)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def load(text: str, *, file: Path, first_line: int = 1) -> Any:
    """Parse YAML *text* that starts on line *first_line* of *file*."""
    loader = _Loader(text)
    loader.first_line = first_line
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + first_line if mark else None
        problem = " ".join(p for p in (err.context, err.problem) if p)
        raise DocgenError(f"invalid YAML: {problem}", file=file, line=line) from None
    except yaml.YAMLError as err:
        raise DocgenError(f"invalid YAML: {err}", file=file) from None
    finally:
        loader.dispose()


def line_of(data: Any, loc: tuple) -> int | None:
    """The line of the value at path *loc*, or of its nearest written parent."""
    line = getattr(data, "line", None)
    for key in loc:
        lines = getattr(data, "lines", None)
        if isinstance(data, LineMap) and key in data:
            line, data = lines[key], data[key]
        elif isinstance(data, LineList) and isinstance(key, int) and key < len(data):
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
        node = resolve(node.get("items", {}) if isinstance(key, int) else node.get("properties", {}).get(key, {}))
    return sorted(node.get("properties", {}))
