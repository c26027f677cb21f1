"""YAML that remembers where each value was written.

PyYAML does the parsing; this module only keeps the line of every mapping key
and sequence item (``line`` and ``lines``) so that a schema error
(``docgen.validation``) can name the line a person must fix.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

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
