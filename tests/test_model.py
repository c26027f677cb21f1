import ast
import dataclasses
import datetime as dt
import json

import pytest

from docgen import jsonio
from docgen.errors import DocgenError
from docgen.model import Dateline, Paragraph, Span, plain_text
from docgen.sources import read
from tests.conftest import ALL_BLOCKS, SEED_SOURCE


def test_model_objects_are_immutable():
    span = Span(text="x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.text = "y"


def test_plain_text_joins_spans_without_formatting():
    spans = (Span(text="Visit "), Span(text="our site", link="https://x.org", strong=True), Span(text="."))
    assert plain_text(spans) == "Visit our site."


def test_model_imports_only_the_standard_library():
    tree = ast.parse((SEED_SOURCE.parent.parent / "docgen" / "model.py").read_text("utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert imported <= {"__future__", "datetime", "dataclasses", "typing"}


@pytest.mark.parametrize("path", [SEED_SOURCE, ALL_BLOCKS], ids=["seed", "all-blocks"])
def test_json_dump_loads_back_to_the_same_release(path, tmp_path):
    release = read(path)
    dumped = tmp_path / "release.json"
    dumped.write_text(jsonio.dump_release(release), "utf-8")
    assert read(dumped, allow_outside=True) == release  # its photos stay in the fixture project
    data = json.loads(dumped.read_text("utf-8"))
    assert data["schema_version"] == 2
    assert data["dateline"] == {"cities": list(release.dateline.cities), "date": release.dateline.date.isoformat(), "time": release.dateline.time and release.dateline.time.isoformat(), "wire": release.dateline.wire}


def test_json_dump_of_another_schema_version_is_refused(tmp_path):
    data = json.loads(jsonio.dump_release(read(SEED_SOURCE)))
    data["schema_version"] = 1
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(DocgenError) as caught:
        read(path)
    assert caught.value.field == "schema_version"


def test_embargo_round_trips_with_its_offset(tmp_path):
    release = read(ALL_BLOCKS)
    assert release.embargo == dt.datetime(2024, 9, 5, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    path = tmp_path / "r.json"
    path.write_text(jsonio.dump_release(release), "utf-8")
    assert read(path, allow_outside=True).embargo.utcoffset() == dt.timedelta(hours=8)


def test_schema_describes_every_block_kind_and_documents_fields():
    schema = jsonio.json_schema()
    kinds = {d["properties"]["kind"]["const"] for d in schema["$defs"].values() if "kind" in d.get("properties", {})}
    assert kinds == {"paragraph", "heading", "quote", "bullet_list", "photo", "table"}
    assert schema["properties"]["headline"]["description"] == "The headline."
    assert schema["$defs"]["Dateline"]["additionalProperties"] is False
    assert set(schema["required"]) >= {"slug", "language", "headline", "dateline", "body", "organisations"}


def test_dateline_keeps_a_real_date():
    line = Dateline(cities=("Hong Kong",), date=dt.date(2024, 2, 28), wire="PRNewswire")
    assert line.date.isoformat() == "2024-02-28"
    assert Paragraph(id="lead.1", content=(Span(text="a"),)).kind == "paragraph"
