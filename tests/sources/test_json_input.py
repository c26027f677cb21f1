"""A JSON dump read as a release obeys the rules of a Markdown source (issue 14, item 4)."""
import json
import re

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.errors import DocgenError
from docgen.sources import read


@pytest.fixture
def dump(make_release):
    path = make_release(body="First paragraph.\n\n![A photo](images/lab.png)\n")
    result = CliRunner().invoke(main, ["dump", str(path)])
    assert result.exit_code == 0, result.output
    return path.parent, json.loads(result.stdout)


def write(folder, data, name="release.json"):
    path = folder / name
    path.write_text(json.dumps(data), "utf-8")
    return path


def test_a_dump_reads_back(dump):
    folder, data = dump
    assert read(write(folder, data)).headline == data["headline"]


def test_an_outside_photo_needs_allow_outside(dump):
    folder, data = dump
    photo = next(b for b in data["body"] if b["kind"] == "photo")
    photo["src"] = "/etc/hostname"
    path = write(folder, data)
    with pytest.raises(DocgenError, match="photo file is outside the project: /etc/hostname") as caught:
        read(path)
    assert caught.value.field == f"body.{photo['id']}.src"
    assert read(path, allow_outside=True).body[-1].src == "/etc/hostname"


@pytest.mark.parametrize("text, message", [
    ("A \u202e headline", "U+202E RIGHT-TO-LEFT OVERRIDE is not allowed"),
    ("A\u200bheadline", "U+200B ZERO WIDTH SPACE is not allowed"),
    ("A\x00headline", "control character U+0000 is not allowed"),
])
def test_characters_obey_the_source_rules(dump, text, message):
    folder, data = dump
    data["headline"] = text
    with pytest.raises(DocgenError, match=re.escape(message)) as caught:
        read(write(folder, data))
    assert caught.value.field == "headline"


def test_deep_nesting_is_a_located_error(dump):
    folder, _ = dump
    path = folder / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    with pytest.raises(DocgenError, match="nested more than 20 deep"):
        read(path)
    nested = "x"
    for _ in range(25):
        nested = [nested]
    path.write_text(json.dumps({"headline": nested}), "utf-8")
    with pytest.raises(DocgenError, match="nested more than 20 deep"):
        read(path)
