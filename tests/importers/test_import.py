"""Import: the seed's wire copy and DOCX give back the hand-made seed; any
generated release survives render -> import with its blocks; nothing is lost."""
import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from docgen.cli import main
from docgen.i18n import context_for
from docgen.importers import import_file
from docgen.importers.draft import ABOUT, CONTACTS
from docgen.model import BulletList, Contact, Dateline, Heading, Organisation, Paragraph, Quote, Release, Span, plain_text
from docgen.render import docx as docx_writer
from docgen.render import txt as txt_writer
from docgen.inline import as_text
from docgen.model import Table
from docgen.sources import read
from docgen.sources.markdown import read_organisation
from docgen.style import Style
from tests.conftest import ALL_BLOCKS, FIXTURES, ROOT, SEED_SOURCE
from tests.strategies import WIRES


def shape(release: Release) -> list:
    """What an import must give back: each block's kind and text."""
    out = [("highlights", [as_text(i) for i in release.highlights]), ("hashtags", list(release.hashtags))]
    for block in release.body:
        if isinstance(block, Table):
            out.append(("table", block.caption, [[as_text(c) for c in row] for row in (block.header, *block.rows)], block.align))
        elif isinstance(block, BulletList):
            out.append(("list", [as_text(i) for i in block.items]))
        elif isinstance(block, Quote):
            out.append(("quote", as_text(block.content), block.speaker, block.role))
        elif isinstance(block, Heading):
            out.append(("heading", as_text(block.content)))
        else:
            out.append((type(block).__name__.lower(), as_text(getattr(block, "content", ())) or getattr(block, "caption", "")))
    return out


@pytest.fixture
def project(tmp_path):
    shutil.copytree(ROOT / "source" / "organisations", tmp_path / "source" / "organisations")
    shutil.copy(FIXTURES / "project" / "source" / "organisations" / "example.yaml", tmp_path / "source" / "organisations")
    return tmp_path / "source"


def equivalent(imported: Release, original: Release) -> None:
    assert imported.headline == original.headline and imported.subheadline == original.subheadline
    assert imported.dateline == original.dateline
    assert imported.body == original.body  # the same blocks, ids, spans and links
    assert imported.organisation == original.organisation
    assert imported.contacts == original.contacts


def test_the_seed_text_imports_to_the_hand_made_source(project):
    result = import_file(FIXTURES / "seed-release.txt", project, org="astri")
    equivalent(read(result.source), read(SEED_SOURCE))
    assert "heading: 'Realise I&T commercialisation'" in result.guesses
    assert result.warnings == ()


@pytest.mark.parametrize("locale", ["en", "zh-Hant-HK"])
def test_the_seed_wire_copy_and_docx_import_back(project, tmp_path, locale):
    from docgen.i18n import parse_locale
    from docgen.i18n.translate import translate

    release = read(SEED_SOURCE)
    if locale != "en":
        release = translate(release, parse_locale(locale), ROOT / "locales").release
    for name, data in (("seed.txt", txt_writer.render(release, context_for(locale, "PRNewswire"), Style())),
                       ("seed.docx", docx_writer.render(release, context_for(locale, "PRNewswire"), Style()))):
        (tmp_path / name).write_bytes(data)
        out = project / name.replace(".", "-")
        out.mkdir()
        imported = read(import_file(tmp_path / name, out, org="astri").source)
        assert shape(imported) == shape(release), name
        if locale == "en":
            equivalent(imported, read(SEED_SOURCE))
        else:
            assert imported.language == "zh-Hant-HK" and imported.dateline == release.dateline


def test_every_block_kind_comes_back_from_docx(project, tmp_path):
    release = read(ALL_BLOCKS)
    (tmp_path / "all.docx").write_bytes(docx_writer.render(release, context_for("en", "PRNewswire"), Style()))
    imported = read(import_file(tmp_path / "all.docx", project, org="example").source)
    assert shape(imported) == shape(release)
    assert [b for b in imported.body if isinstance(b, Paragraph)][0].content == release.body[0].content  # bold, italic
    photo = next(b for b in imported.body if type(b).__name__ == "Photo")
    assert (photo.caption, photo.alt, photo.credit) == ("Researchers at the opening of the laboratory", "Six researchers in lab coats cut a ribbon", "ERI / Jane Lo")
    assert Path(photo.src).read_bytes()[:4] == b"\x89PNG"
    assert Path(photo.src).name == f"{imported.slug}-1.png"  # named after the release: another import never overwrites it
    assert imported.contacts == release.contacts  # the agency contact too
    assert imported.embargo == release.embargo


@pytest.mark.parametrize("locale", ["en", "zh-Hant-HK"])
def test_an_embargo_line_comes_back_as_the_embargo(project, tmp_path, locale):
    release = read(ALL_BLOCKS)
    (tmp_path / "all.txt").write_bytes(txt_writer.render(release, context_for(locale, "PRNewswire"), Style()))
    result = import_file(tmp_path / "all.txt", project, org="example")
    imported = read(result.source)
    assert imported.embargo == release.embargo == dt.datetime(2024, 9, 5, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert result.warnings == ()


def test_every_block_kind_comes_back_from_wire_copy(project, tmp_path):
    release = read(ALL_BLOCKS)
    (tmp_path / "all.txt").write_bytes(txt_writer.render(release, context_for("en", "PRNewswire"), Style()))
    result = import_file(tmp_path / "all.txt", project, org="example")
    imported = read(result.source)
    expected = [s for s in shape(release) if s[0] != "photo"]  # wire copy carries a photo's caption, not the picture
    assert [s for s in shape(imported) if s[0] != "paragraph" or not s[1].startswith("Photo:")] == expected
    assert imported.contacts == release.contacts
    assert "highlights: 2 bullets above the dateline" in result.recognised


def test_without_a_profile_one_is_made_from_the_boilerplate(tmp_path):
    out = tmp_path / "source"
    result = import_file(FIXTURES / "seed-release.txt", out)
    assert result.profile == out / "organisations" / "astri.yaml"
    release = read(result.source)
    assert release.organisation.short_name == "ASTRI"
    assert [plain_text(p.content) for p in release.organisation.about][0].startswith("Hong Kong Applied Science and Technology Research Institute (ASTRI) was founded")


def test_unrecognised_text_is_kept_and_reported(project, tmp_path):
    wire = tmp_path / "odd.txt"
    wire.write_text("A headline\n\nAn unexpected line\nthat runs on\n\nHONG KONG, March 3, 2025 /PRNewswire/ -- The text.\n\n"
                    "SOURCE Somebody\n\nA line after the source.\n", "utf-8")
    result = import_file(wire, project, org="astri")
    texts = [plain_text(b.content) for b in read(result.source).body]
    assert texts == ["An unexpected line that runs on", "The text.", "A line after the source."]
    assert any("before the dateline" in w for w in result.warnings) and any("after the SOURCE" in w for w in result.warnings)


def test_a_file_without_a_date_asks_for_one_and_then_imports(project, tmp_path):
    wire = tmp_path / "nodate.txt"
    wire.write_text("Just a headline\n\nAnd a paragraph.\n", "utf-8")
    before = sorted(project.rglob("*"))
    result = CliRunner().invoke(main, ["import", str(wire), "--org", "astri", "--out", str(project)])
    assert result.exit_code == 2
    assert f"Error: {wire}: no date found (no dateline, date line or closing lines): give it with --date YYYY-MM-DD" in result.output
    assert sorted(project.rglob("*")) == before  # a refused import writes nothing
    given = CliRunner().invoke(main, ["import", str(wire), "--org", "astri", "--out", str(project), "--date", "2024-05-06"])
    assert given.exit_code == 0, given.output
    release = read(project / "2024-05-06-just-a-headline.md")
    assert release.dateline.cities == ("Hong Kong",)  # the profile's city, reported as a guess
    assert "dateline city from the profile: Hong Kong" in given.output


# Sentences that open with a contacts label's words are text, not the contacts section: wires
# print the label on a line of its own, or followed by a colon.
CONTACT_LIKE_SENTENCES = (
    "Contact tracing apps were used by more than four million residents during the first year of the pandemic.",
    "For more information about the screening programme, residents may visit any of the district health centres.",
    "Investor Relations will host a conference call for analysts at 9:00 a.m. on the day of the results.",
)


def _contact_sentences_release() -> Release:
    organisation = Organisation(id="example", name="Example Research Institute Limited", short_name="ERI",
                                about=(Paragraph(id="about.1", content=(Span(text="Example Research Institute (ERI) turns applied research into products."),)),))
    body = [Paragraph(id="lead.1", content=(Span(text="ERI today published its review of the digital tools used in the city's public health response."),))]
    body += [Paragraph(id=f"p{n}", content=(Span(text=text),)) for n, text in enumerate(CONTACT_LIKE_SENTENCES, 2)]
    return Release(slug="r", language="en", headline="ERI reviews the city's digital health tools",
                   dateline=Dateline(cities=("Hong Kong",), date=dt.date(2025, 3, 4), wire="GlobeNewswire"),
                   body=tuple(body), organisations=(organisation,),
                   contacts=(Contact(name="Chan Tai Man", role="Communications Manager", phone="+852 1234 5678", email="media@example.org"),))


@pytest.mark.parametrize("kind", ["txt", "docx"])
def test_a_paragraph_opening_with_a_contacts_label_stays_a_paragraph(project, tmp_path, kind):
    release = _contact_sentences_release()
    ctx = context_for("en", "GlobeNewswire")
    data = txt_writer.render(release, ctx, Style()) if kind == "txt" else docx_writer.render(release, ctx, Style())
    (tmp_path / f"r.{kind}").write_bytes(data)
    imported = read(import_file(tmp_path / f"r.{kind}", project, org="example").source)
    assert [plain_text(b.content) for b in imported.body] == [plain_text(b.content) for b in release.body]
    assert imported.contacts == release.contacts


def test_a_contacts_label_followed_by_a_colon_still_opens_the_contacts(project, tmp_path):
    wire = tmp_path / "label.txt"
    wire.write_text("ERI opens a laboratory\n\nHONG KONG, March 3, 2025 /PRNewswire/ -- ERI opened a laboratory today.\n\n"
                    "Contact: Chan Tai Man, Communications Manager, media@example.org\n\nSOURCE Example Research Institute Limited\n", "utf-8")
    imported = read(import_file(wire, project, org="example").source)
    assert [plain_text(b.content) for b in imported.body] == ["ERI opened a laboratory today."]
    assert imported.contacts == (Contact(name="Chan Tai Man", role="Communications Manager", email="media@example.org"),)


def _cells(*texts: str) -> tuple:
    return tuple((Span(text=t),) for t in texts)


def test_a_table_with_a_name_column_is_the_release_s_not_its_contacts(project, tmp_path):
    winners = Table(id="t", caption=None, header=_cells("Name", "Institution"),
                    rows=(_cells("Dr Wong Ka Yan", "Hong Kong Polytechnic University"),
                          _cells("Prof. Lee Siu Ming", "City University of Hong Kong")),
                    align=("left", "left"))
    release = _contact_sentences_release()
    release = replace(release, headline="ERI names this year's young researcher award winners",
                      dateline=replace(release.dateline, wire="ACNNewswire"),
                      body=(Paragraph(id="lead.1", content=(Span(text="ERI today named the two winners of its young researcher award."),)), winners))
    (tmp_path / "winners.docx").write_bytes(docx_writer.render(release, context_for("en", "ACNNewswire"), Style()))
    imported = read(import_file(tmp_path / "winners.docx", project, org="example").source)
    assert shape(imported) == shape(release)
    assert imported.contacts == release.contacts


def _word_release(path: Path, table_rows: list[list[str]], *, at_the_end: bool) -> None:
    """A release as a person sets it in Word (python-docx's default template), with a table in
    its text or, as contacts often are, after the boilerplate."""
    import docx

    document = docx.Document()
    document.add_paragraph("ERI opens a laboratory for green finance", style="Title")
    document.add_paragraph("HONG KONG, March 3, 2025 /PRNewswire/ -- ERI opened its Green Finance Laboratory in Science Park today.")
    if at_the_end:
        document.add_paragraph("About ERI", style="Heading 1")
        document.add_paragraph("Example Research Institute (ERI) turns applied research into products.")
    table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
    for row, texts in zip(table.rows, table_rows):
        for cell, text in zip(row.cells, texts):
            cell.text = text
    if not at_the_end:
        document.add_paragraph("About ERI", style="Heading 1")
        document.add_paragraph("Example Research Institute (ERI) turns applied research into products.")
    document.save(str(path))


def test_a_word_table_of_offices_and_their_phone_numbers_is_the_release_s(project, tmp_path):
    offices = [["Office", "Address", "Telephone"],
               ["Sha Tin", "2 Science Park West Avenue", "2123 4567"],
               ["Kwun Tong", "88 How Ming Street", "2345 6789"]]
    _word_release(tmp_path / "offices.docx", offices, at_the_end=False)
    imported = read(import_file(tmp_path / "offices.docx", project, org="example").source)
    table = imported.body[-1]
    assert isinstance(table, Table) and [[as_text(c) for c in row] for row in (table.header, *table.rows)] == offices
    profile, _ = read_organisation(project / "organisations" / "example.yaml")
    assert imported.contacts == profile.contacts  # the file gives none: the profile's


@pytest.mark.parametrize("header", [["Name", "Title", "Telephone", "Email"], None], ids=["with a header", "without a header"])
def test_a_word_table_of_people_to_reach_is_read_as_the_contacts(project, tmp_path, header):
    people = [["Chan Tai Man", "Communications Manager", "+852 1234 5678", "media@example.org"],
              ["Jane Lo", "Account Director", "+852 2345 6789", "jane@peak.example"]]
    _word_release(tmp_path / "lab.docx", ([header] if header else []) + people, at_the_end=True)
    imported = read(import_file(tmp_path / "lab.docx", project, org="example").source)
    assert [plain_text(b.content) for b in imported.body] == ["ERI opened its Green Finance Laboratory in Science Park today."]
    assert imported.contacts == (Contact(name="Chan Tai Man", role="Communications Manager", phone="+852 1234 5678", email="media@example.org"),
                                 Contact(name="Jane Lo", role="Account Director", phone="+852 2345 6789", email="jane@peak.example"))


def test_a_word_table_of_contacts_side_by_side_gives_a_contact_a_cell(project, tmp_path):
    """Agencies' contacts set side by side, a person's details on lines of their own in one cell."""
    boxes = [["Chan Tai Man\nCommunications Manager\nTel: +852 1234 5678\nEmail: media@example.org",
              "Jane Lo\nAccount Director, Peak Communications\nEmail: jane@peak.example"]]
    _word_release(tmp_path / "boxes.docx", boxes, at_the_end=True)
    imported = read(import_file(tmp_path / "boxes.docx", project, org="example").source)
    assert imported.contacts == (Contact(name="Chan Tai Man", role="Communications Manager", phone="+852 1234 5678", email="media@example.org"),
                                 Contact(name="Jane Lo", role="Account Director", organisation="Peak Communications", email="jane@peak.example"))


# --- generated releases survive render -> import ---

words = st.text(st.sampled_from(list("abcdefghijklmnopqrstuvwxyz")), min_size=2, max_size=9)
sentence = st.lists(words, min_size=3, max_size=14).map(lambda w: " ".join(w).capitalize() + ".")
# A heading reading "Contact" or "About x" is the contacts label or an About section in any
# release's copy: no importer can tell them apart, so generated headings avoid them.
title = st.lists(words, min_size=1, max_size=5).map(lambda w: " ".join(w).capitalize()).filter(
    lambda t: not (CONTACTS.match(t) or ABOUT.match(t)))
blocks = st.one_of(
    sentence.map(lambda s: Paragraph(id="x", content=(Span(text=s),))),
    title.map(lambda s: Heading(id="x", content=(Span(text=s),))),
    st.lists(sentence, min_size=1, max_size=3).map(lambda items: BulletList(id="x", items=tuple((Span(text=i),) for i in items))),
    st.tuples(sentence, title, title).map(lambda q: Quote(id="x", content=(Span(text=q[0]),), speaker=q[1], role=q[2])),
)


PARTNER = "name: Partner Lab Limited\nshort_name: Partner Lab\nabout: Partner Lab builds sensors for ports.\n"
cells = st.lists(words, min_size=1, max_size=2).map(lambda w: (Span(text=" ".join(w)),))
tables = st.integers(2, 3).flatmap(lambda n: st.builds(
    Table, id=st.just("x"), header=st.lists(cells, min_size=n, max_size=n).map(tuple),
    rows=st.lists(st.lists(cells, min_size=n, max_size=n).map(tuple), min_size=1, max_size=3).map(tuple),
    align=st.just(("left",) * n)))


def _generated(body, *, wire="PRNewswire", highlights=(), partner=False, table=None):
    organisation = Organisation(id="example", name="Example Research Institute Limited", short_name="ERI",
                                about=(Paragraph(id="about.1", content=(Span(text="Example Research Institute (ERI) turns applied research into products."),)),))
    organisations = (organisation,)
    if partner:
        organisations += (Organisation(id="partner", name="Partner Lab Limited", short_name="Partner Lab",
                                       about=(Paragraph(id="about.1", content=(Span(text="Partner Lab builds sensors for ports."),)),)),)
    return Release(slug="g", language="en", headline="A generated release", highlights=tuple((Span(text=h),) for h in highlights),
                   dateline=Dateline(cities=("Hong Kong",), date=dt.date(2025, 1, 2), time=dt.time(18, 0) if wire == "hksarg" else None,
                                     wire=None if wire == "none" else wire),
                   body=(Paragraph(id="lead.1", content=(Span(text="The lead paragraph."),)),) + tuple(body) + ((table,) if table else ()),
                   organisations=organisations,
                   contacts=(Contact(name="Chan Tai Man", role="Communications Manager", phone="+852 1234 5678", email="media@example.org"),
                             Contact(name="Jane Lo", role="Account Director", organisation="Peak Communications", email="jane@peak.example")))


@pytest.mark.parametrize("wire", WIRES["en"])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(body=st.lists(blocks, max_size=5), kind=st.sampled_from(["txt", "txt-wrapped", "docx"]), highlights=st.lists(sentence, max_size=3),
       partner=st.booleans(), table=st.none() | tables)
def test_generated_releases_survive_render_and_import(tmp_path_factory, wire, body, kind, highlights, partner, table):
    """Per shipped wire: a release rendered to its wire copy (unwrapped and at 60 columns) or to
    DOCX imports back to the same blocks, dateline, contacts and organisations."""
    # Two lists in a row are one list in Markdown (and in Word): no source can hold them.
    assume(not any(isinstance(a, BulletList) and isinstance(b, BulletList) for a, b in zip(body, body[1:])))
    release = _generated(body, wire=wire, highlights=highlights, partner=partner, table=table)
    folder = tmp_path_factory.mktemp("import")
    (folder / "source" / "organisations").mkdir(parents=True)
    shutil.copy(FIXTURES / "project" / "source" / "organisations" / "example.yaml", folder / "source" / "organisations" / "example.yaml")
    (folder / "source" / "organisations" / "partner.yaml").write_text(PARTNER, "utf-8")
    ctx = context_for("en", wire)
    if kind == "docx":
        data, name = docx_writer.render(release, ctx, Style()), "g.docx"
    else:
        data, name = txt_writer.render(release, ctx, Style(wire_width=60 if kind == "txt-wrapped" else None)), "g.txt"
    (folder / name).write_bytes(data)
    # Business Wire prints no date: the user gives it, as with any release that has none.
    date = release.dateline.date if wire == "BusinessWire" else None
    imported = read(import_file(folder / name, folder / "source", org="example", date=date).source)
    assert shape(imported) == shape(release)
    assert imported.contacts == release.contacts
    assert [o.id for o in imported.organisations] == [o.id for o in release.organisations]
    assert (imported.dateline.cities, imported.dateline.date, imported.dateline.wire) == \
        (release.dateline.cities, release.dateline.date, release.dateline.wire)
    if wire == "hksarg":
        assert imported.dateline.time == release.dateline.time


def test_an_embargo_line_as_docgen_prints_it_in_either_chinese_script_is_read_back():
    import datetime as dt

    from docgen.importers.draft import parse_embargo

    hong_kong = dt.timezone(dt.timedelta(hours=8))
    for line in ("2024年2月28日上午9時30分（香港時間）", "2024年2月28日上午9时30分（香港时间）"):
        assert parse_embargo(line) == dt.datetime(2024, 2, 28, 9, 30, tzinfo=hong_kong), line
