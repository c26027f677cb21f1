"""The shapes real releases take, built end to end in wire copy, PDF and DOCX, in English and
Chinese: highlights and a results table that splits across pages, a co-issued release with an
agency contact and two dateline cities, a release without boilerplate dated from a US city.
Fixtures: tests/fixtures/shapes (our own words, modelled on the wires' public releases)."""
import re
import shutil
import subprocess

import docx
import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.i18n import parse_locale
from docgen.i18n.translate import translate
from docgen.inline import as_text
from docgen.model import Table
from docgen.sources import read
from tests import pdfcheck
from tests.checks import ZH_DATELINES, EN_DATELINES, line_break_problems, missing_paragraphs, wire_problems
from tests.conftest import FIXTURES
from tests.strategies import block_texts

SHAPES = FIXTURES / "shapes"
SLUGS = ["2025-03-12-results", "2025-04-02-joint-lab", "2025-05-20-grant"]
LOCALES = ["en", "zh-Hant-HK"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("shapes")
    result = CliRunner().invoke(main, ["build", str(SHAPES / "source"), "--locales", str(SHAPES / "locales"), "-l", "en,zh-Hant-HK",
                                       "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    return out


def outputs(built, slug, locale):
    folder = built / slug / locale
    pdf = folder / f"{slug}.{locale}.pdf"
    text = {"txt": (folder / f"{slug}.{locale}.txt").read_text("utf-8"), "pdf": pdfcheck.text(pdf),
            "docx": subprocess.run(["pandoc", "-f", "docx", "-t", "plain", "--wrap=none", str(folder / f"{slug}.{locale}.docx")],
                                   capture_output=True, text=True, check=True).stdout}
    return text, pdf, docx.Document(str(folder / f"{slug}.{locale}.docx"))


def edition(slug, locale):
    release = read(SHAPES / "source" / f"{slug}.md")
    return release if locale == "en" else translate(release, parse_locale(locale), SHAPES / "locales").release


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("slug", SLUGS)
def test_every_text_is_in_every_format(built, slug, locale):
    release = edition(slug, locale)
    text, pdf, _ = outputs(built, slug, locale)
    assert wire_problems(text["txt"].encode("utf-8")) == []
    assert missing_paragraphs(text["txt"], block_texts(release)) == []
    # Print shows links by their text; in the PDF a table's cells are read one by one.
    for fmt in ("pdf", "docx"):
        assert missing_paragraphs(text[fmt], block_texts(release, wire_copy=False)) == [], fmt
    assert line_break_problems(text["pdf"].splitlines()) == []
    assert pdfcheck.qpdf_check(pdf).returncode == 0
    assert all(f["embedded"] and f["unicode"] for f in pdfcheck.fonts(pdf))
    pattern = (EN_DATELINES if locale == "en" else ZH_DATELINES)["PRNewswire"]
    assert re.search(pattern, text["txt"], re.M)


@pytest.mark.parametrize("locale, header", [("en", "Measure"), ("zh-Hant-HK", "指標")])
def test_results_table_splits_across_pages_with_its_header_on_each(built, locale, header):
    release = edition("2025-03-12-results", locale)
    _, pdf, document = outputs(built, "2025-03-12-results", locale)
    pages = pdfcheck.text(pdf).split("\f")
    table = next(b for b in release.body if isinstance(b, Table))
    assert len(table.header) == 6 and len(table.rows) == 5
    holding = [n for n, page in enumerate(pages) if header in page]
    assert len(holding) == 2  # the table runs onto the next page, its header repeated there
    # A row is on a page when its label and its first figure share a line of the page's layout.
    layout = [pdfcheck.run("pdftotext", "-layout", "-f", str(n + 1), "-l", str(n + 1), str(pdf), "-").stdout for n in holding]
    on = lambda row, page: re.search(re.escape(as_text(row[0])) + r"\s.*\s" + re.escape(as_text(row[2])) + r"\s", page) is not None
    first = [row for row in table.rows if on(row, layout[0])]
    assert 0 < len(first) < len(table.rows)
    assert all(on(row, layout[1]) for row in table.rows if row not in first)
    [grid] = document.tables
    assert len(grid.rows) == 6 and len(grid.columns) == 6 and grid.style.name == "Table Grid"
    assert [c.paragraphs[0].style.name for c in grid.rows[1].cells][2:5] == ["Table Text Right"] * 3  # figures to the right


def test_results_wire_copy_aligns_the_table_and_opens_with_the_highlights(built):
    text, _, document = outputs(built, "2025-03-12-results", "en")
    assert text["txt"].split("\n\n")[1:3] == [
        "- Revenue rose 38% to HK$412.6 million\n- Robots delivered reached 1,250, up from 870\n- Port automation orders doubled to 64 contracts",
        text["txt"].split("\n\n")[2]]
    assert text["txt"].split("\n\n")[2].startswith("HONG KONG, March 12, 2025 /PRNewswire/ -- Harbour Robotics")
    table = next(block for block in text["txt"].split("\n\n") if block.startswith("Results for the years"))
    lines = table.split("\n")
    assert lines[1].split() == ["Measure", "Unit", "2024", "2023", "Change", "Note"]
    assert set(lines[2]) == {"-", " "}
    ends = {line.index("412.6") + 5 for line in lines if "412.6" in line} | {line.index("1,250") + 5 for line in lines if "1,250" in line}
    assert len(ends) == 1  # numbers right-aligned in their column
    assert "Hashtag" not in text["txt"] and "#HarbourRobotics #ServiceRobots" in text["txt"]
    assert [p.style.name for p in document.paragraphs[2:5]] == ["Highlight"] * 3


@pytest.mark.parametrize("locale, dateline, source, about", [
    ("en", "HONG KONG and SHENZHEN, April 2, 2025 /PRNewswire/ -- ",
     "SOURCE Harbour Robotics Laboratory Limited; Kowloon Bioscience Holdings Limited", ["About Harbour Robotics", "About Kowloon Bioscience"]),
    ("zh-Hant-HK", "香港及深圳2025年4月2日 /美通社/ -- ", "消息來源：海港機械人實驗室有限公司；九龍生物科技控股有限公司", ["關於海港機械人", "關於九龍生物科技"]),
])
def test_co_issued_release(built, locale, dateline, source, about):
    text, pdf, document = outputs(built, "2025-04-02-joint-lab", locale)
    blocks = text["txt"].rstrip("\n").split("\n\n")
    assert blocks[1].startswith(dateline)
    assert blocks.index(about[0]) < blocks.index(about[1]) < blocks.index(source.replace("\n", ""))
    assert blocks[-1] == source
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == about
    squeezed = re.sub(r"\s+", "", text["pdf"])
    assert all(re.sub(r"\s+", "", t) in squeezed for t in [source, *about])
    agency = "Jane Lo, Account Director, Peak Communications" if locale == "en" else "Jane Lo（峰峻傳訊客戶總監）"
    assert agency in text["txt"] and agency in [p.text for p in document.paragraphs]


@pytest.mark.parametrize("locale, dateline", [("en", "BOSTON, Mass., May 20, 2025 /PRNewswire/ -- "),
                                              ("zh-Hant-HK", "美國麻省波士頓2025年5月20日 /美通社/ -- ")])
def test_a_release_without_boilerplate_invents_none(built, locale, dateline):
    text, _, document = outputs(built, "2025-05-20-grant", locale)
    assert text["txt"].split("\n\n")[1].startswith(dateline)
    for fmt, body in text.items():
        assert "About" not in body and "關於" not in body, fmt
        assert "organisation" not in body.lower(), fmt
    assert not [p for p in document.paragraphs if p.style.name == "Heading 1"]


def test_a_city_without_a_chinese_name_fails_the_chinese_build_until_its_catalogue_has_one(tmp_path):
    shutil.copytree(SHAPES, tmp_path / "shapes")
    source = tmp_path / "shapes" / "source" / "2025-05-20-grant.md"
    source.write_text(source.read_text("utf-8").replace("city: Boston, Mass.", "city: Sai Kung"), "utf-8")
    profile = tmp_path / "shapes" / "source" / "organisations" / "quiet-fund.yaml"
    profile.write_text(profile.read_text("utf-8").replace("dateline_city: Hong Kong", "dateline_city: Sai Kung"), "utf-8")
    args = ["build", str(source), "--locales", str(tmp_path / "shapes" / "locales"), "-l", "en,zh-Hant-HK", "-o", str(tmp_path / "out")]
    refused = CliRunner().invoke(main, args)
    po = tmp_path / "shapes" / "locales" / "zh_Hant_HK" / "LC_MESSAGES" / "organisation-quiet-fund.po"
    assert refused.exit_code == 2
    assert f"the dateline city 'Sai Kung' has no zh-Hant-HK name: translate msgctxt \"dateline.city\" msgid \"Sai Kung\" in {po}" in refused.output
    assert not (tmp_path / "out" / "2025-05-20-grant" / "zh-Hant-HK").exists()
    po.write_text(po.read_text("utf-8") + '\nmsgctxt "dateline.city"\nmsgid "Sai Kung"\nmsgstr "西貢"\n', "utf-8")
    built = CliRunner().invoke(main, args)
    assert built.exit_code == 0, built.output
    text = (tmp_path / "out" / "2025-05-20-grant" / "zh-Hant-HK" / "2025-05-20-grant.zh-Hant-HK.txt").read_text("utf-8")
    assert text.split("\n\n")[1].startswith("西貢2025年5月20日 /美通社/ -- ")
