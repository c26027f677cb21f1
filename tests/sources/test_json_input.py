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


LEADS = {
    "bullet list": {"kind": "bullet_list", "id": "lead.1", "items": [[{"text": "First point"}], [{"text": "Second point"}]]},
    "heading": {"kind": "heading", "id": "opening", "content": [{"text": "A heading"}]},
    "quote": {"kind": "quote", "id": "lead.1", "content": [{"text": "Words"}], "speaker": "A Speaker"},
    "table": {"kind": "table", "id": "lead.1", "header": [[{"text": "Year"}]], "rows": [[[{"text": "2024"}]]], "align": ["right"]},
}


@pytest.mark.parametrize("lead", LEADS.values(), ids=list(LEADS))
def test_a_body_must_open_with_a_paragraph_as_in_a_source(dump, lead):
    folder, data = dump
    data["body"].insert(0, lead)
    with pytest.raises(DocgenError, match="the body must open with a paragraph") as caught:
        read(write(folder, data))
    assert caught.value.field == "body.0.kind"


def test_a_body_may_not_open_with_a_photo_or_be_empty(dump):
    folder, data = dump
    data["body"].reverse()  # the photo first
    with pytest.raises(DocgenError, match="the body must open with a paragraph") as caught:
        read(write(folder, data))
    assert caught.value.field == "body.0.kind"
    data["body"] = []
    with pytest.raises(DocgenError, match="the body must open with a paragraph") as caught:
        read(write(folder, data))
    assert caught.value.field == "body"


def test_a_dump_opening_with_a_list_is_refused_by_every_format_and_edition(dump, tmp_path):
    folder, data = dump
    data["body"][0] = LEADS["bullet list"]
    path = write(folder, data)
    out = tmp_path / "dist"
    result = CliRunner().invoke(main, ["build", str(path), "-f", "txt,pdf,docx,html,ninjs,json", "-l", "en,zh-Hant-HK", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert f"Error: {path}: body.0.kind: the body must open with a paragraph" in result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert not out.exists() or not any(out.rglob("*.*"))
