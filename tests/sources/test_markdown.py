"""The Markdown reader: the seed in canonical form, every block kind, and one
test per kind of bad input, asserting the message, the line and the field."""
import datetime as dt
from pathlib import Path

import pytest

from docgen.errors import DocgenError
from docgen.model import BulletList, Heading, Paragraph, Photo, Quote, Span, plain_text
from docgen.sources import read
from tests.checks import seed_paragraphs
from tests.conftest import ALL_BLOCKS, FIXTURES, SEED_SOURCE, VALID_FRONT_MATTER

SEED_TEXT = (FIXTURES / "seed-release.txt").read_text("utf-8")


def test_seed_release_keeps_every_paragraph_verbatim():
    release = read(SEED_SOURCE)
    original = seed_paragraphs(SEED_TEXT)
    headline, dateline_para, *rest = original
    about_at = rest.index("About ASTRI")
    body_expected, about_expected = rest[:about_at], rest[about_at + 1 :]

    assert release.headline == headline
    assert dateline_para == "HONG KONG, Feb. 28, 2024 /PRNewswire/ — " + plain_text(release.body[0].content)
    assert [plain_text(b.content) for b in release.body[1:]] == body_expected[:]
    assert [plain_text(p.content) for p in release.organisation.about] == about_expected


def test_seed_release_structure():
    release = read(SEED_SOURCE)
    assert release.slug == "2024-02-28-astri-budget"
    assert release.language == "en"
    assert (release.dateline.cities, release.dateline.date, release.dateline.wire) == (("Hong Kong",), dt.date(2024, 2, 28), "PRNewswire")
    headings = [plain_text(b.content) for b in release.body if isinstance(b, Heading)]
    assert headings == ["Realise I&T commercialisation", "Focus on Fintech and Green Tech"]
    assert sum(isinstance(b, Paragraph) for b in release.body) == 6
    org = release.organisation
    assert (org.id, org.short_name, org.website) == ("astri", "ASTRI", "https://www.astri.org")
    assert org.name == "Hong Kong Applied Science and Technology Research Institute"
    assert org.about[-1].content[-1] == Span(text="www.astri.org", link="https://www.astri.org")
    assert release.embargo is None and release.contacts == ()


def test_block_ids_are_stable_per_section():
    release = read(SEED_SOURCE)
    ids = [b.id for b in release.body]
    assert ids == ["lead.1", "lead.2", "realise-i-t-commercialisation", "realise-i-t-commercialisation.1",
                   "realise-i-t-commercialisation.2", "focus-on-fintech-and-green-tech",
                   "focus-on-fintech-and-green-tech.1", "focus-on-fintech-and-green-tech.2"]
    assert [p.id for p in release.organisation.about] == ["about.1", "about.2"]


def test_every_block_kind_is_read():
    release = read(ALL_BLOCKS)
    kinds = [type(b).__name__ for b in release.body]
    assert kinds == ["Paragraph", "Heading", "Paragraph", "BulletList", "Quote", "Photo", "Table", "Heading", "Paragraph"]
    assert [plain_text(item) for item in release.highlights] == ["Twenty researchers from three universities", "HK$30 million over five years"]
    table = release.body[6]
    assert (table.caption, table.align, len(table.rows)) == ("Funding by source", ("left", "right", "right"), 2)
    assert release.hashtags == ("GreenFinance", "ERI") and release.dateline.time == dt.time(9, 30)
    assert release.contacts[1].organisation == "Harbourside PR"
    lead = release.body[0]
    assert Span(text="Green Finance Laboratory", strong=True) in lead.content
    assert Span(text="Science Park", emphasis=True) in lead.content
    assert plain_text(lead.content).endswith("in Science Park, with a soft line break in the source.")
    items = release.body[3]
    assert isinstance(items, BulletList) and len(items.items) == 3
    assert Span(text="open data", link="https://data.example.org/green") in items.items[1]
    quote = release.body[4]
    assert isinstance(quote, Quote)
    assert (plain_text(quote.content), quote.speaker, quote.role) == (
        "“Finance must follow the science.”", "Dr Wong Ka Yan", "Director, Green Finance Laboratory")
    photo = release.body[5]
    assert isinstance(photo, Photo)
    assert photo.caption == "Researchers at the opening of the laboratory"
    assert photo.alt == "Six researchers in lab coats cut a ribbon"
    assert photo.credit == "ERI / Jane Lo"
    assert Path(photo.src).is_file() and Path(photo.src).is_absolute()
    assert [h.level for h in release.body if isinstance(h, Heading)] == [1, 2]
    assert release.subheadline == "Twenty researchers join from three universities"
    assert [c.name for c in release.contacts] == ["Chan Tai Man", "Lee Siu Ming"]
    assert release.keywords == ("green finance", "laboratory")


def test_profile_supplies_defaults_and_contacts(make_release):
    release = read(make_release())
    assert release.dateline.cities == ("Hong Kong",) and release.dateline.wire == "PRNewswire"
    assert [c.email for c in release.contacts] == ["media@example.org"]
    assert release.slug == "release"


def test_crlf_and_byte_order_mark_are_accepted(make_release):
    text = f"---\n{VALID_FRONT_MATTER}---\n\nFirst paragraph.\n"
    path = make_release(raw=b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    release = read(path)
    assert release.headline == "A valid headline"
    assert plain_text(release.body[0].content) == "First paragraph."


def test_markup_in_text_stays_literal(make_release):
    body = 'Tags <img src="/etc/passwd"/> and <font color="red">x</font> & ]]> stay.\n'
    release = read(make_release(body=body))
    assert plain_text(release.body[0].content) == body.strip()


# --- bad input: one case per kind; (front matter, body, message part, line, field) ---
BAD = {
    "yaml syntax": ("headline: [unclosed\norganisation: example\n", "Text.\n", "invalid YAML", 3, None),
    "unknown field": (VALID_FRONT_MATTER + "colour: blue\n", "Text.\n", "unknown field 'colour'", 6, "colour"),
    "misspelt field": (VALID_FRONT_MATTER.replace("headline", "hedline"), "Text.\n", "did you mean 'headline'?", 2, "hedline"),
    "misspelt nested field": (VALID_FRONT_MATTER + "  cty: Kowloon\n", "Text.\n", "did you mean 'city'?", 6, "dateline.cty"),
    "wrong type": (VALID_FRONT_MATTER + "keywords: 42\n", "Text.\n", "should be a list (got 42)", 6, "keywords"),
    "wrong type in list": (VALID_FRONT_MATTER + "contacts:\n  - name: A\n  - name: [B]\n", "Text.\n", "should be text", 8, "contacts.1.name"),
    "impossible date": (VALID_FRONT_MATTER.replace("2024-09-05", "2024-02-30"), "Text.\n", "not a valid date", 5, "dateline.date"),
    "embargo without time zone": (VALID_FRONT_MATTER + "embargo: 2024-09-05T09:00\n", "Text.\n", "needs a time zone", 6, "embargo"),
    "empty headline": (VALID_FRONT_MATTER.replace("A valid headline", '"  "'), "Text.\n", "must not be empty", 2, "headline"),
    "missing headline": (VALID_FRONT_MATTER.replace("headline: A valid headline\n", ""), "Text.\n", "required", 2, "headline"),
    "unknown organisation": (VALID_FRONT_MATTER.replace("example", "exmaple"), "Text.\n", "unknown organisation 'exmaple' (known: example)", 3, "organisation"),
    "duplicate field": (VALID_FRONT_MATTER + "headline: Again\n", "Text.\n", "given twice", 6, None),
    "yaml alias": ("base: &b x\n" + VALID_FRONT_MATTER + "subheadline: *b\n", "Text.\n", "aliases", 7, None),
    "python object tag": (VALID_FRONT_MATTER + "subheadline: !!python/object/apply:os.system [ls]\n", "Text.\n", "invalid YAML", 6, None),
    "bad slug": (VALID_FRONT_MATTER + "slug: Not A Slug\n", "Text.\n", "lower-case letters", 6, "slug"),
    "unsupported markdown": (VALID_FRONT_MATTER, "Text.\n\n```\ncode\n```\n", "a code block is not supported", 10, "body"),
    "numbered list": (VALID_FRONT_MATTER, "Text.\n\n1. one\n2. two\n", "numbered list", 10, "body"),
    "body opens with a heading": (VALID_FRONT_MATTER, "## Heading\n\nText.\n", "must open with a paragraph", 8, "body"),
    "missing photo": (VALID_FRONT_MATTER, "Text.\n\n![Caption](nowhere.jpg)\n", "photo file not found: nowhere.jpg", 10, "photo"),
    "photo inside text": (VALID_FRONT_MATTER, "Text ![x](images/lab.png) more.\n", "stand alone", 8, "photo"),
    "quote with two paragraphs": (VALID_FRONT_MATTER, "Text.\n\n> one\n>\n> two\n>\n> three\n", "a quote holds one paragraph", 10, "quote"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_input_is_located(case, make_release):
    front, body, message, line, field = BAD[case]
    path = make_release(front, body)
    with pytest.raises(DocgenError) as caught:
        read(path)
    err = caught.value
    assert message in err.message
    assert (err.file, err.line, err.field) == (str(path), line, field)


def test_missing_front_matter(make_release):
    path = make_release(raw=b"Just text.\n")
    with pytest.raises(DocgenError, match="starts with YAML front matter") as caught:
        read(path)
    assert caught.value.line == 1


def test_unclosed_front_matter(make_release):
    path = make_release(raw=b"---\nheadline: x\n\nText.\n")
    with pytest.raises(DocgenError, match="not closed"):
        read(path)


def test_non_utf8_file_names_the_line(make_release):
    path = make_release(raw=f"---\n{VALID_FRONT_MATTER}---\n\nCaf\xe9\n".encode("latin-1"))
    with pytest.raises(DocgenError, match=r"not UTF-8 text \(byte 0xe9\)") as caught:
        read(path)
    assert caught.value.line == 8


def test_broken_organisation_profile_is_located(project, make_release):
    (project / "organisations" / "example.yaml").write_text("name: X\nshort_name: X\nabout: Text.\nwebsit: x\n", "utf-8")
    with pytest.raises(DocgenError) as caught:
        read(make_release())
    err = caught.value
    assert err.file.endswith("organisations/example.yaml") and err.line == 4 and "did you mean 'website'?" in err.message


@pytest.mark.parametrize("address", ["www.example.org/news", "ftp://example.org/news", "https://", "https://example.org/a b"])
def test_a_newsroom_must_be_a_web_address(project, make_release, address):
    (project / "organisations" / "example.yaml").write_text(f"name: X\nshort_name: X\nnewsroom: {address}\n", "utf-8")
    with pytest.raises(DocgenError) as caught:
        read(make_release())
    err = caught.value
    assert err.file.endswith("organisations/example.yaml") and err.line == 3 and err.field == "newsroom"
    assert "https://" in err.message


def test_the_newsroom_reaches_the_model(project, make_release):
    (project / "organisations" / "example.yaml").write_text("name: X\nshort_name: X\ndateline_city: Hong Kong\nnewsroom: https://example.org/news\n", "utf-8")
    assert read(make_release()).organisation.newsroom == "https://example.org/news"


@pytest.mark.parametrize(("line", "suggestion"), [
    ("headline: ASTRI: a new lab", 'headline: "ASTRI: a new lab"'),
    ('headline: Budget 2024: what "smart" means', 'headline: "Budget 2024: what \\"smart\\" means"'),
])
def test_a_colon_in_an_unquoted_value_says_to_quote_it(make_release, line, suggestion):
    front = VALID_FRONT_MATTER.replace("headline: A valid headline", line)
    with pytest.raises(DocgenError) as caught:
        read(make_release(front))
    assert caught.value.line == 2
    assert caught.value.message.endswith(f"needs quotes, e.g. {suggestion}")


def test_the_quoted_value_it_suggests_reads(make_release):
    front = VALID_FRONT_MATTER.replace("headline: A valid headline", 'headline: "ASTRI: a new lab"')
    assert read(make_release(front)).headline == "ASTRI: a new lab"
