"""YAML that remembers where each value was written.

PyYAML does the parsing; this module only keeps the line of every mapping key
and sequence item (``line`` and ``lines``) so that a schema error
(``docgen.validation``) can name the line a person must fix.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from docgen.characters import check_characters
from docgen.errors import DocgenError, Message, N_


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

    depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem=Message("YAML aliases (*name) are not allowed in docgen files"),
                problem_mark=event.start_mark,
            )
        if self.depth >= MAX_DEPTH:
            raise yaml.MarkedYAMLError(problem=Message("values are nested more than {limit} deep", limit=MAX_DEPTH),
                                       problem_mark=self.peek_event().start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


MAX_DEPTH = 20
"""How deep YAML (and a JSON dump) may nest: a release needs four levels."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode):
    result = LineMap()
    result.line, result.lines = loader.first_line + node.start_mark.line, {}
    yield result
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise yaml.MarkedYAMLError(problem=Message("field names must be text, not {key!r}", key=key), problem_mark=key_node.start_mark)
        if key in result:
            raise yaml.MarkedYAMLError(problem=Message("field {key!r} is given twice", key=key), problem_mark=key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = loader.first_line + key_node.start_mark.line


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode):
    result = LineList()
    result.line, result.lines = loader.first_line + node.start_mark.line, []
    yield result
    for item in node.value:
        result.append(loader.construct_object(item, deep=True))
        result.lines.append(loader.first_line + item.start_mark.line)


def _construct_int(loader: _Loader, node: yaml.ScalarNode):
    try:
        return yaml.SafeLoader.construct_yaml_int(loader, node)
    except ValueError:  # beyond Python's limit on the digits of an integer
        raise yaml.MarkedYAMLError(problem=Message("this number is too long"), problem_mark=node.start_mark) from None


def _refuse_tag(loader: _Loader, node: yaml.Node):
    # The implicit resolver for dates is gone, so a timestamp here was asked for by a tag.
    raise yaml.MarkedYAMLError(problem=Message("YAML tags such as {tag} are not allowed in docgen files", tag=node.tag.replace("tag:yaml.org,2002:", "!!")),
                               problem_mark=node.start_mark)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
for _tag in ("timestamp", "binary", "set", "omap", "pairs"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)


def load(text: str, *, file: Path, first_line: int = 1) -> Any:
    """Parse YAML *text* that starts on line *first_line* of *file*."""
    loader = _Loader(text)
    loader.first_line = first_line
    try:
        data = loader.get_single_data()
        _check_strings(data, file)
        return data
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + first_line if mark else None
        quoted = _quoted_suggestion(text, mark.line) if mark and err.problem == "mapping values are not allowed here" else None
        if quoted:
            # The commonest YAML mistake in a release: a headline with a colon in it.
            raise DocgenError("invalid YAML: a value with \": \" in it needs quotes, e.g. {suggestion}", file=file, line=line,
                              suggestion=quoted) from None
        if err.context and err.problem:
            raise DocgenError("invalid YAML: {context} {problem}", file=file, line=line,
                              context=_words(err.context), problem=_words(err.problem)) from None
        raise DocgenError("invalid YAML: {problem}", file=file, line=line, problem=_words(err.problem or err.context or "")) from None
    except yaml.YAMLError as err:
        raise DocgenError("invalid YAML: {problem}", file=file, problem=str(err)) from None
    finally:
        loader.dispose()


_UNQUOTED_COLON = re.compile(r"(\s*(?:-\s+)?[\w-]+:\s+)([^'\"\s|>{\[&*!#][^#]*?:\s.*?)\s*")


def _quoted_suggestion(text: str, index: int) -> str | None:
    """Line *index* of *text* written as it was meant, when it is ``key: value`` whose value has
    an unquoted ``": "`` in it (``headline: ASTRI: a new lab``); else None."""
    lines = text.splitlines()
    match = _UNQUOTED_COLON.fullmatch(lines[index]) if index < len(lines) else None
    if match is None:
        return None
    value = match.group(2).replace("\\", "\\\\").replace('"', '\\"')
    return f'{match.group(1).strip()} "{value}"'


def _check_strings(data: Any, file: Path, line: int | None = None, field: str | None = None) -> None:
    """Text written as a YAML escape (``"\\u202E"``) obeys the rules of typed text."""
    if isinstance(data, str):
        check_characters(data, file, line, field=field)
    elif isinstance(data, LineMap):
        for key, value in data.items():
            _check_strings(value, file, data.lines.get(key), f"{field}.{key}" if field else key)
    elif isinstance(data, LineList):
        for n, value in enumerate(data):
            _check_strings(value, file, data.lines[n], f"{field}.{n}" if field else str(n))


# PyYAML's words for the mistakes people make most, so that they too can be said in the
# user's language; any other stays in PyYAML's English.  Found by the exact text.
_PYYAML_WORDS = {
    N_("mapping values are not allowed here"),
    N_("mapping keys are not allowed here"),
    N_("sequence entries are not allowed here"),
    N_("could not find expected ':'"),
    N_("found unexpected end of stream"),
    N_("found unexpected document separator"),
    N_("invalid indentation or unclosed '[' or '{'"),
    N_("expected a single document in the stream"),
    N_("but found another document"),
    N_("while scanning a simple key"),
    N_("while scanning a quoted scalar"),
    N_("while scanning a double-quoted scalar"),
    N_("while scanning a block scalar"),
    N_("while scanning for the next token"),
    N_("while parsing a block mapping"),
    N_("while parsing a block collection"),
    N_("while parsing a flow mapping"),
    N_("while parsing a flow sequence"),
    N_("while parsing a node"),
}
_PYYAML_PATTERNS = (
    # Translators: {expected} and {found} are YAML's own names for what it read, such as
    # <block end>, '<block mapping start>', ',' or ']'.
    (re.compile(r"expected (?P<expected>.+), but found (?P<found>.+)"), N_("expected {expected}, but found {found}")),
    # Translators: as "expected {expected}, but found {found}".
    (re.compile(r"expected (?P<expected>.+), but got (?P<found>.+)"), N_("expected {expected}, but got {found}")),
    # Translators: {char} is the character, quoted: '\t' is a tab.
    (re.compile(r"found character (?P<char>.+) that cannot start any token"), N_("found character {char} that cannot start any token")),
    (re.compile(r"found unknown escape character (?P<char>.+)"), N_("found unknown escape character {char}")),
    (re.compile(r"found undefined alias (?P<name>.+)"), N_("found undefined alias {name}")),
    # Translators: {tag} is a YAML tag such as '!python/object' (docgen files use none).
    (re.compile(r"could not determine a constructor for the tag (?P<tag>.+)"), N_("could not determine a constructor for the tag {tag}")),
)


def _words(text: str) -> str:
    """PyYAML's *text* as a ``Message`` when docgen's catalogue may know it (docgen's own
    problems are one already); else as it stands."""
    if isinstance(text, Message):
        return text
    if text in _PYYAML_WORDS:
        return Message(text)
    for pattern, template in _PYYAML_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return Message(template, **match.groupdict())
    return text
