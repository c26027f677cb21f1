"""Wire conventions as data: every shipped wire prints the every-block fixture as that wire
does, in wire copy (golden files), PDF and DOCX, and the importer reads its datelines back."""
import datetime as dt
import io
import os
import re
from dataclasses import replace

import docx
import pytest

from docgen import wires
from docgen.errors import DocgenError
from docgen.i18n import context_for, parse_locale
from docgen.i18n.translate import translate
from docgen.importers.draft import Draft
from docgen.importers.wire import _dateline
from docgen.render import docx as docx_writer
from docgen.render import pdf as pdf_writer
from docgen.render import txt as txt_writer
from docgen.sources import read
from docgen.style import Style
from tests import pdfcheck
from tests.checks import EN_DATELINES, ZH_DATELINES, wire_problems
from tests.conftest import ALL_BLOCKS, FIXTURES, GOLDEN
from tests.strategies import WIRES

LOCALES = FIXTURES / "project" / "locales"
CASES = [(wire, "en") for wire in WIRES["en"]] + [(wire, "zh-Hant-HK") for wire in WIRES["zh-Hant-HK"]]
HANS_WIRES = ["PRNewswire", "BusinessWire", "ACNNewswire", "none", "hksarg"]
"""The wires with a Simplified Chinese service (a zh-Hans section); the others refuse a zh-Hans-CN edition."""
NO_HANS_WIRES = ["GlobeNewswire", "MediaOutReach", "ACCESSWIRE"]
SEED = "2024-02-28-astri-budget"
# The seed release (Hong Kong, 28 February 2024, ASTRI) built in zh-Hans-CN: its dateline, run into the lead,
# and its last line, as each wire prints them.
HANS_SEED = {
    "PRNewswire": ("香港2024年2月28日 /美通社/ -- ", "消息来源：香港应用科技研究院"),
    "BusinessWire": ("香港--(美国商业资讯)--", None),
    "ACNNewswire": ("香港, 2024年2月28日 - (亚太商讯) - ", "来源：香港应用科技研究院"),
    "none": ("香港2024年2月28日 -- ", None),
    "hksarg": ("", "2024年2月28日（星期三）"),  # no dateline; "完" and the day close it (the seed gives no time)
}

ZH_HANS_DATELINES = {
    "PRNewswire": r"[^\s\d]+\d{4}年\d{1,2}月\d{1,2}日 /美通社/ -- ",
    "BusinessWire": r"[^\s\d]+--\(美国商业资讯\)--",
    "ACNNewswire": r"[^\s\d]+, \d{4}年\d{1,2}月\d{1,2}日 - \(亚太商讯\) - ",
    "none": r"[^\s\d]+\d{4}年\d{1,2}月\d{1,2}日 -- ",
}


def edition(wire: str, locale: str):
    release = replace(read(ALL_BLOCKS), dateline=replace(read(ALL_BLOCKS).dateline, wire=None if wire == "none" else wire))
    if locale != "en":
        release = translate(release, parse_locale(locale), LOCALES).release
    return release, context_for(locale, wire)


def assert_golden(name: str, data: bytes) -> None:
    """tests/golden/wires/<name>; DOCGEN_UPDATE_GOLDEN=1 rewrites it (review the diff!)."""
    path = GOLDEN / "wires" / name
    if os.environ.get("DOCGEN_UPDATE_GOLDEN"):
        path.write_bytes(data)
    assert data.decode("utf-8") == path.read_text("utf-8")


def test_every_shipped_wire_loads_and_cites_its_sources():
    shipped = {w.name for w in wires.shipped_wires()}
    assert shipped == {"PRNewswire", "BusinessWire", "GlobeNewswire", "MediaOutReach", "ACNNewswire", "ACCESSWIRE", "none", "hksarg"}
    for wire in wires.shipped_wires():
        comments = [line for line in wire.file.read_text("utf-8").splitlines() if line.startswith("#")]
        assert comments, wire.file
        if wire.name != "none":
            assert any("http" in line for line in comments), f"{wire.file} cites no release"


@pytest.mark.parametrize("wire, locale", CASES)
def test_wire_copy_of_every_block_matches_reviewed_golden(wire, locale):
    release, ctx = edition(wire, locale)
    data = txt_writer.render(release, ctx, Style())
    assert wire_problems(data) == []
    assert_golden(f"all-blocks.{wire}.{locale}.txt", data)
    text = data.decode("utf-8")
    if wire != "hksarg":
        lead = text.split("\n\n")[3]  # after the embargo, the headlines and the highlights
        pattern = (EN_DATELINES if locale == "en" else ZH_DATELINES)[wire]
        assert re.match(pattern, lead), lead


@pytest.mark.parametrize("wire, locale", CASES)
def test_pdf_and_docx_print_the_wires_dateline(wire, locale, tmp_path):
    release, ctx = edition(wire, locale)
    dateline = ctx.dateline(release.dateline, typographic=True)
    first = release.body[0].content[0].text
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(pdf_writer.render(release, ctx, Style()))
    squeeze = lambda text: re.sub(r"\s+", "", text)
    document = docx.Document(io.BytesIO(docx_writer.render(release, ctx, Style())))
    lead = next(p for p in document.paragraphs if first[:8] in p.text)
    if wire == "hksarg":  # no dateline: the closing lines say when
        assert dateline == "" and lead.text.startswith(first)
        closing = ctx.closing_lines(release.dateline)
        assert closing and all(squeeze(line) in squeeze(pdfcheck.text(pdf)) for line in closing)
        assert [p.text for p in document.paragraphs if p.style.name == "Closing"] == closing
        return
    assert squeeze(dateline + first) in squeeze(pdfcheck.text(pdf))
    assert lead.text.startswith(dateline + first)
    assert lead.runs[0].style.name == "Dateline" and lead.runs[0].text == dateline


@pytest.mark.parametrize("locale, expected", [
    ("en", ["Ends/Thursday, September 5, 2024", "Issued at HKT 09:30"]),
    ("zh-Hant-HK", ["完", "2024年9月5日（星期四）", "香港時間9時30分"]),
    ("zh-Hans-CN", ["完", "2024年9月5日（星期四）", "香港时间9时30分"]),
])
def test_government_style_closes_with_the_day_and_time_of_issue(locale, expected):
    dateline = read(ALL_BLOCKS).dateline  # the closing lines say only when: nothing in them is translated
    ctx = context_for(locale, "hksarg")
    assert ctx.closing_lines(dateline) == expected
    without_time = replace(dateline, time=None)
    assert ctx.closing_lines(without_time) == expected[:-1]  # never a time nobody gave


def test_datelines_as_real_releases_write_them():
    day = dt.date(2024, 2, 28)
    line = lambda wire, *cities, tag="en": context_for(tag, wire).dateline(replace(read(ALL_BLOCKS).dateline, cities=cities, date=day))
    assert line("PRNewswire", "Hong Kong") == "HONG KONG, Feb. 28, 2024 /PRNewswire/ -- "
    assert line("PRNewswire", "香港", tag="zh-Hant-HK") == "香港2024年2月28日 /美通社/ -- "
    assert line("BusinessWire", "Hong Kong") == "HONG KONG--(BUSINESS WIRE)--"
    assert line("BusinessWire", "香港", tag="zh-Hant-HK") == "香港--(美國商業資訊)--"
    assert line("GlobeNewswire", "Hong Kong") == "HONG KONG, Feb. 28, 2024 (GLOBE NEWSWIRE) -- "
    assert line("MediaOutReach", "Hong Kong SAR") == "HONG KONG SAR - Media OutReach Newswire - 28 February 2024 - "
    assert line("ACNNewswire", "Hong Kong") == "HONG KONG, Feb 28, 2024 - (ACN Newswire) - "
    assert line("ACNNewswire", "香港", tag="zh-Hant-HK") == "香港, 2024年2月28日 - (亞太商訊) - "
    assert line("PRNewswire", "香港", tag="zh-Hans-CN") == "香港2024年2月28日 /美通社/ -- "
    assert line("BusinessWire", "多伦多", tag="zh-Hans-CN") == "多伦多--(美国商业资讯)--"
    assert line("ACNNewswire", "香港", tag="zh-Hans-CN") == "香港, 2024年2月28日 - (亚太商讯) - "
    assert line("none", "香港", "深圳", tag="zh-Hans-CN") == "香港及深圳2024年2月28日 -- "
    assert line("ACCESSWIRE", "Hong Kong") == "HONG KONG / ACCESSWIRE / February 28, 2024 / "
    assert line("none", "Hong Kong") == "HONG KONG, Feb. 28, 2024 -- "
    assert line("PRNewswire", "Hong Kong", "Paris") == "HONG KONG and PARIS, Feb. 28, 2024 /PRNewswire/ -- "
    assert line("BusinessWire", "Auburn Hills, Mich.") == "AUBURN HILLS, Mich.--(BUSINESS WIRE)--"
    assert line("PRNewswire", "Brooklyn, N.Y.") == "BROOKLYN, N.Y., Feb. 28, 2024 /PRNewswire/ -- "
    assert line("PRNewswire", "HONG KONG / PARIS") == "HONG KONG / PARIS, Feb. 28, 2024 /PRNewswire/ -- "


@pytest.mark.parametrize("wire, locale", [c for c in CASES if c[0] not in ("hksarg", "BusinessWire")])
def test_the_importer_reads_each_wires_dateline_back(wire, locale):
    release, ctx = edition(wire, locale)
    lead = ctx.dateline(release.dateline) + "The lead paragraph."
    draft = Draft(source="x")
    assert _dateline(lead, draft)
    assert (draft.date, draft.lead_text) == (release.dateline.date, "The lead paragraph.")
    assert draft.cities[0].lower() == ctx.dateline_city(release.dateline.cities[0]).lower()


@pytest.mark.parametrize("wire", [w for w in HANS_WIRES if w != "hksarg"])
def test_the_importer_reads_each_wires_simplified_dateline_back(wire):
    day = dt.date(2024, 2, 28)
    dateline = replace(read(ALL_BLOCKS).dateline, cities=("香港", "深圳"), date=day)
    draft = Draft(source="x")
    assert _dateline(context_for("zh-Hans-CN", wire).dateline(dateline) + "正文。", draft)
    dated = "{date}" in wires.find(wire).conventions("zh-Hans-CN").dateline  # Business Wire's carries no date
    assert (draft.cities, draft.date, draft.wire, draft.chinese, draft.lead_text) == (
        ("香港", "深圳"), day if dated else None, None if wire == "none" else wire, True, "正文。")


def test_the_importer_still_reads_the_older_chinese_form_with_dian():
    draft = Draft(source="x")
    assert _dateline("香港2024年2月28日電 /美通社/ -- 正文。", draft)
    assert (draft.cities, draft.date, draft.wire, draft.lead_text) == (("香港",), dt.date(2024, 2, 28), "PRNewswire", "正文。")


def test_the_wires_with_a_simplified_service_are_those_with_a_zh_hans_section():
    shipped = {w.name: w for w in wires.shipped_wires()}
    assert sorted(HANS_WIRES + NO_HANS_WIRES) == sorted(shipped) == sorted(HANS_SEED.keys() | set(NO_HANS_WIRES))
    assert [n for n in shipped if "zh-Hans" in shipped[n].languages] == [n for n in shipped if n in HANS_WIRES]


def build_seed(seed_project, out, *args):
    from click.testing import CliRunner

    from docgen.cli import main

    return CliRunner().invoke(main, ["build", str(seed_project / "source" / f"{SEED}.md"), "-l", "zh-Hans-CN", "-f", "txt",
                                     "--locales", str(seed_project / "locales"), "-o", str(out), *args])


@pytest.mark.parametrize("wire", HANS_WIRES)
def test_the_seed_in_simplified_chinese_carries_each_wires_dateline(wire, seed_project, tmp_path):
    from docgen.i18n.convert import traditional_only

    result = build_seed(seed_project, tmp_path / "out", "--wire", wire)
    assert result.exit_code == 0, result.output
    data = (tmp_path / "out" / SEED / "zh-Hans-CN" / f"{SEED}.zh-Hans-CN.txt").read_bytes()
    assert wire_problems(data) == []
    text = data.decode("utf-8")
    dateline, last = HANS_SEED[wire]
    lead = text.split("\n\n")[1]  # after the headline
    assert lead.startswith(dateline + "香港应用科技研究院（应科院）"), lead[:60]
    if wire != "hksarg":
        assert re.match(ZH_HANS_DATELINES[wire], lead), lead[:60]
    assert text.rstrip("\n").endswith(last) if last else "来源：" not in text
    assert ("完\n2024年2月28日（星期三）" in text) == (wire == "hksarg")
    assert traditional_only(text) == {}  # the wire's name in Simplified too (美国商业资讯, 亚太商讯)


@pytest.mark.parametrize("wire", NO_HANS_WIRES)
def test_a_wire_without_a_simplified_service_refuses_the_simplified_edition(wire, seed_project, tmp_path):
    with pytest.raises(DocgenError, match=rf"wire '{wire}' has no conventions for zh-Hans-CN \(it has: en\); add a 'zh-Hans' section") as caught:
        wires.find(wire).conventions("zh-Hans-CN")
    assert caught.value.file.endswith(f"{wire.lower()}.yaml")
    result = build_seed(seed_project, tmp_path / "out", "--wire", wire)
    assert result.exit_code != 0
    assert f"{wire.lower()}.yaml" in result.output
    assert f"wire '{wire}' has no conventions for zh-Hans-CN (it has: en); add a 'zh-Hans' section under 'languages'" in result.output
    assert not list((tmp_path / "out").rglob("*.txt"))  # never printed with another wire's dateline


# --- finding wires, and mistakes in them ---

def test_names_and_aliases_find_the_same_wire():
    assert {wires.find(n).name for n in ("PRNewswire", "PR Newswire", "prnewswire", "美通社")} == {"PRNewswire"}
    assert {wires.find(n).name for n in ("Business Wire", "美國商業資訊", "美国商业资讯")} == {"BusinessWire"}
    assert {wires.find(n).name for n in ("ACN Newswire", "亞太商訊", "亚太商讯")} == {"ACNNewswire"}
    assert wires.find(None).name == "none" == wires.find("none").name


def test_an_unknown_wire_is_a_located_error_listing_the_known_ones(make_release):
    path = make_release(front_matter="headline: H\norganisation: example\ndateline:\n  date: 2024-09-05\n  wire: Reuters Wire\n")
    with pytest.raises(DocgenError) as caught:
        read(path)
    error = caught.value
    assert (error.file, error.line, error.field) == (str(path), 6, "dateline.wire")
    assert "unknown wire 'Reuters Wire' (known: ACCESSWIRE, ACNNewswire, BusinessWire, GlobeNewswire, hksarg, MediaOutReach, none, PRNewswire" in error.message


def test_a_projects_own_wire_is_found_and_overrides_a_shipped_one(make_release, project):
    (project / "wires").mkdir()
    (project / "wires" / "prnewswire.yaml").write_text(
        'name: PRNewswire\nlanguages:\n  en:\n    wire: PRN Asia\n    dateline: "{city} ({wire}), {date} -- "\n    date: "d MMMM y"\n', "utf-8")
    path = make_release()
    release = read(path)
    wire = wires.find(release.dateline.wire, start=path)
    assert wire.file == project / "wires" / "prnewswire.yaml"
    assert context_for("en").with_wire(wire.conventions("en")).dateline(release.dateline) == "Hong Kong (PRN Asia), 5 September 2024 -- "


def test_a_wire_without_the_editions_language_names_its_file():
    with pytest.raises(DocgenError, match=r"wire 'GlobeNewswire' has no conventions for zh-Hant-HK \(it has: en\); add a 'zh-Hant' section") as caught:
        wires.find("GlobeNewswire").conventions("zh-Hant-HK")
    assert caught.value.file.endswith("globenewswire.yaml")


@pytest.mark.parametrize("text, line, field, message", [
    ('name: X\nlanguages:\n  en:\n    dateline: "{town}, {date} -- "\n', 4, "languages.en.dateline", "unknown placeholder {town}"),
    ('name: X\nlanguages:\n  en:\n    datline: "{city} -- "\n', 4, "languages.en.datline", "unknown field 'datline'; did you mean 'dateline'?"),
    ('name: X\nlanguages:\n  en:\n    source: "SOURCE {organisations"\n', 4, "languages.en.source", "not a template"),
])
def test_mistakes_in_a_wire_file_name_their_line(tmp_path, text, line, field, message):
    path = tmp_path / "x.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(DocgenError) as caught:
        wires.read_wire(path)
    assert (caught.value.line, caught.value.field) == (line, field) and message in caught.value.message


# --- the command line ---

def test_build_wire_overrides_release_and_profile(project, tmp_path):
    from click.testing import CliRunner

    from docgen.cli import main

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(project / "all-blocks.md"), "-f", "txt", "--wire", "Business Wire", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = (out / "all-blocks" / "en" / "all-blocks.en.txt").read_text("utf-8")
    assert "\n\nHONG KONG--(BUSINESS WIRE)--ERI today opened" in text and "SOURCE" not in text
    unknown = CliRunner().invoke(main, ["build", str(project / "all-blocks.md"), "--wire", "Reuters", "-o", str(out)])
    assert unknown.exit_code == 2
    assert "Error: --wire: unknown wire 'Reuters' (known: ACCESSWIRE, ACNNewswire, BusinessWire," in unknown.output


def test_editing_a_projects_wire_rebuilds_its_releases(project, tmp_path):
    from click.testing import CliRunner

    from docgen.cli import main

    (project / "wires").mkdir()
    own = project / "wires" / "prnewswire.yaml"
    own.write_text((wires.SHIPPED / "prnewswire.yaml").read_text("utf-8"), "utf-8")
    args = ["build", str(project / "all-blocks.md"), "-f", "txt", "-o", str(tmp_path / "out")]
    assert "1 built" in CliRunner().invoke(main, args).output
    assert "0 built, 1 skipped" in CliRunner().invoke(main, args).output
    own.write_text(own.read_text("utf-8").replace('source: "SOURCE {organisations}"', 'source: "SOURCE: {organisations}"'), "utf-8")
    assert "1 built" in CliRunner().invoke(main, args).output
    assert (tmp_path / "out" / "all-blocks" / "en" / "all-blocks.en.txt").read_text("utf-8").endswith("\n\nSOURCE: Example Research Institute Limited\n")
