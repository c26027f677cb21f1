"""Wire copy: reviewed golden files, the dateline rules, and wire conventions."""
import datetime as dt
import os
from dataclasses import replace

import pytest

from docgen.i18n import context_for, parse_locale
from docgen.model import Contact, Dateline, Paragraph, Span
from docgen.style import Style
from docgen.inline import as_text
from docgen.render.txt import render
from docgen.sources import read
from docgen.typeset.wrap import display_width
from tests.checks import EN_DATELINE, ZH_DATELINE, line_break_problems, missing_paragraphs, seed_paragraphs, wire_problems
from tests.conftest import ALL_BLOCKS, FIXTURES, GOLDEN, ROOT, SEED_SOURCE

EN = context_for("en", "PRNewswire")


def wire(release, width=None) -> bytes:
    return render(release, EN, Style(wire_width=width))


def assert_golden(name: str, data: bytes) -> None:
    """Compare with tests/golden/<name>; DOCGEN_UPDATE_GOLDEN=1 rewrites it (review the diff!)."""
    path = GOLDEN / name
    if os.environ.get("DOCGEN_UPDATE_GOLDEN"):
        path.write_bytes(data)
    assert data.decode("utf-8") == path.read_text("utf-8")


@pytest.mark.parametrize("width", [None, 72])
def test_seed_wire_copy_matches_reviewed_golden(width):
    assert_golden(f"seed.en{'.w' + str(width) if width else ''}.txt", wire(read(SEED_SOURCE), width))


@pytest.mark.parametrize("width", [None, 60])
def test_every_block_kind_matches_reviewed_golden(width):
    assert_golden(f"all-blocks.en{'.w' + str(width) if width else ''}.txt", wire(read(ALL_BLOCKS), width))


def test_seed_wire_copy_holds_every_seed_paragraph_in_order():
    text = wire(read(SEED_SOURCE)).decode("utf-8")
    paragraphs = seed_paragraphs((FIXTURES / "seed-release.txt").read_text("utf-8"))
    assert missing_paragraphs(text, paragraphs) == []
    positions = [text.index(p) for p in paragraphs[2:]]
    assert positions == sorted(positions)
    assert wire_problems(text.encode("utf-8")) == []


def test_seed_wire_copy_follows_pr_newswire_layout():
    text = wire(read(SEED_SOURCE)).decode("utf-8")
    blocks = text.split("\n\n")
    assert blocks[0] == "Facilitating industrial transformation and economic growth through I&T"
    assert blocks[1].startswith("HONG KONG, Feb. 28, 2024 /PRNewswire/ -- The Hong Kong Applied Science")
    assert EN_DATELINE.search(text)
    assert "About ASTRI" in blocks and blocks.index("About ASTRI") == len(blocks) - 4
    assert blocks[-1] == "SOURCE Hong Kong Applied Science and Technology Research Institute\n"
    assert "\n\n\n" not in text and "\r" not in text


MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]


@pytest.mark.parametrize("month", range(1, 13))
def test_dateline_uses_ap_month_style(month):
    release = replace(read(SEED_SOURCE), dateline=Dateline(cities=("Hong Kong",), date=dt.date(2025, month, 9), wire="PRNewswire"))
    first = wire(release).decode("utf-8").split("\n\n")[1]
    assert first.startswith(f"HONG KONG, {MONTHS[month - 1]} 9, 2025 /PRNewswire/ -- The Hong Kong")
    assert EN_DATELINE.search(first)


def test_dateline_without_wire_service():
    release = replace(read(SEED_SOURCE), dateline=Dateline(cities=("Shenzhen",), date=dt.date(2024, 3, 1)))
    assert render(release, context_for("en", "none"), Style()).decode("utf-8").split("\n\n")[1].startswith("SHENZHEN, March 1, 2024 -- The Hong Kong")


def test_wrapped_lines_fit_and_unwrapped_paragraphs_stay_on_one_line():
    release = read(SEED_SOURCE)
    wrapped = wire(release, 72).decode("utf-8")
    assert max(display_width(line) for line in wrapped.splitlines()) <= 72
    unwrapped = wire(release).decode("utf-8")
    assert all("\n" not in block for block in unwrapped.rstrip("\n").split("\n\n"))
    rejoined = [block.replace("\n", " ") for block in wrapped.rstrip("\n").split("\n\n")]
    assert rejoined == unwrapped.rstrip("\n").split("\n\n")


def test_contacts_embargo_quote_list_and_photo_conventions():
    text = wire(read(ALL_BLOCKS)).decode("utf-8")
    assert text.startswith("Embargoed until Sept. 5, 2024, 9:30 a.m. (UTC+08:00)\n\n")
    assert "\n- carbon accounting for banks\n- open data (https://data.example.org/green) on green bonds\n" in text
    assert "“Finance must follow the science.”\n-- Dr Wong Ka Yan, Director, Green Finance Laboratory" in text
    assert "Photo: Researchers at the opening of the laboratory (ERI / Jane Lo)" in text
    contacts = text.split("Media contacts:\n\n", 1)[1]
    assert contacts.startswith("Chan Tai Man, Communications Manager\nTel: +852 1234 5678\nEmail: media@example.org\n\n"
                               "Lee Siu Ming, Senior Consultant, Harbourside PR\nEmail: press@example.org\n\nSOURCE ")
    assert "\n\n- Twenty researchers from three universities\n- HK$30 million over five years\n\nHONG KONG, Sept. 5, 2024 /PRNewswire/ -- ERI" in text
    assert "\n\nFunding by source\nSource            Share  HK$ million\n----------------  -----  -----------\nGovernment grant    60%         18.0\n" in text


def test_single_contact_label_is_singular():
    release = replace(read(SEED_SOURCE), contacts=(Contact(name="A B", email="a@b.org"),))
    assert "\n\nMedia contact:\n\nA B\nEmail: a@b.org\n\nSOURCE " in wire(release).decode("utf-8")


@pytest.mark.parametrize("spans, expected", [
    ((Span(text="www.astri.org", link="https://www.astri.org"),), "www.astri.org"),
    ((Span(text="https://x.org/", link="https://x.org/"),), "https://x.org/"),
    ((Span(text="a@b.org", link="mailto:a@b.org"),), "a@b.org"),
    ((Span(text="see "), Span(text="the report", link="https://x.org/r"), Span(text=".")), "see the report (https://x.org/r)."),
])
def test_links_show_their_address_once(spans, expected):
    assert as_text(spans) == expected


def test_hard_line_break_is_kept_when_wrapping():
    release = replace(read(SEED_SOURCE), body=(Paragraph(id="lead.1", content=(Span(text="Line one\nline two"),)),))
    text = wire(release, 100).decode("utf-8")
    assert "-- Line one\nline two\n" in text


# --- the Traditional Chinese edition ---

def zh_wire(width=None) -> bytes:
    from docgen.i18n.translate import translate

    edition = translate(read(SEED_SOURCE), parse_locale("zh-Hant-HK"), ROOT / "locales")
    return render(edition.release, context_for("zh-Hant-HK", "PRNewswire"), Style(wire_width=width))


@pytest.mark.parametrize("width", [None, 70])
def test_chinese_seed_wire_copy_matches_reviewed_golden(width):
    assert_golden(f"seed.zh-Hant-HK{'.w' + str(width) if width else ''}.txt", zh_wire(width))


@pytest.mark.parametrize("width", [None, 70])
def test_chinese_wire_copy_follows_pr_newswire_asia(width):
    raw = zh_wire(width)
    assert wire_problems(raw) == []
    text = raw.decode("utf-8")
    assert ZH_DATELINE.search(text)
    assert "\n\n香港2024年2月28日 /美通社/ -- 香港應用科技研究院（應科院）歡迎" in text
    assert "\n\n關於應科院\n\n" in text
    assert text.endswith("\n\n消息來源：香港應用科技研究院\n")
    expected = (FIXTURES / "seed-paragraphs.zh-Hant-HK.txt").read_text("utf-8").split("\n\n")
    assert missing_paragraphs(text, [p.strip() for p in expected]) == []
    lines = text.splitlines()
    assert line_break_problems(lines) == []
    if width:
        assert max(display_width(line) for line in lines) <= width


ENGLISH_LABELS = ["About", "SOURCE", "Media contact", "Tel:", "Email:", "Photo:", "Embargoed", "PRNewswire", "HONG KONG", "Sept."]


def test_a_chinese_render_carries_no_english_label():
    """Every word the renderer adds comes from the catalogue: with the content
    left in English (an empty catalogue, --allow-partial), no label is English."""
    from docgen.i18n.translate import translate

    edition = translate(read(ALL_BLOCKS), parse_locale("zh-Hant-HK"), FIXTURES, allow_partial=True)
    text = render(edition.release, context_for("zh-Hant-HK", "PRNewswire"), Style()).decode("utf-8")
    content = wire(read(ALL_BLOCKS)).decode("utf-8")
    for label in ENGLISH_LABELS:
        assert label in content
        assert label not in text, label
    for zh in ["禁止於2024年9月5日上午9時30分（香港時間）前發布", "香港2024年9月5日 /美通社/ -- ", "關於ERI", "傳媒查詢：",
               "電話：+852 1234 5678", "電郵：media@example.org", "圖片：", "（ERI / Jane Lo）", "Dr Wong Ka Yan"]:
        assert zh in text, zh
