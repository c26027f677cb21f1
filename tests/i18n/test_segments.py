"""Segments carry inline formatting as Markdown that reads back to the same spans."""
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.i18n.segments import organisation_segments, release_segments
from docgen.inline import parse_inline, to_markup
from docgen.model import Span
from docgen.sources import read
from tests.conftest import ALL_BLOCKS, SEED_SOURCE


def test_seed_segments_are_the_blocks_in_reading_order_known_by_kind_and_english():
    release = read(SEED_SOURCE)
    found = release_segments(release)
    body = [s for s in found if s.context in ("heading", "paragraph", "quote")]
    assert [s.places for s in body] == [(b.id,) for b in release.body]
    assert [s.context for s in body][:3] == ["paragraph", "paragraph", "heading"]
    assert [s.context for s in found][:2] == ["headline", "dateline.city"]
    assert [s.text for s in found if s.context == "keyword"] == list(release.keywords)
    shared = organisation_segments(release.organisation)
    assert [s.context for s in shared] == ["organisation.name", "organisation.short_name", "dateline.city", "about", "about"]
    assert [s.places for s in shared][-2:] == [("about.1",), ("about.2",)]
    assert shared[-1].text.endswith("please visit [www.astri.org](https://www.astri.org)")


def test_every_part_of_every_block_is_a_segment():
    release = read(ALL_BLOCKS)
    by_place = {(s.context, place): s.text for s in release_segments(release) for place in s.places}
    assert by_place["paragraph", "lead.1"] == "ERI today opened its **Green Finance Laboratory** in *Science Park*, with a soft line break in the source."
    assert by_place["list.item", "what-the-laboratory-does.2.2"] == "[open data](https://data.example.org/green) on green bonds"
    assert by_place["quote.speaker", "what-the-laboratory-does.3"] == "Dr Wong Ka Yan"
    assert by_place["photo.credit", "what-the-laboratory-does.4"] == "ERI / Jane Lo"
    assert by_place["subheadline", "subheadline"] == "Twenty researchers join from three universities"
    assert {s.text for s in release_segments(release) if s.context == "contact.role"} == {"Communications Manager", "Senior Consultant"}
    assert {s.text for s in release_segments(release) if s.context == "contact.name"} == {c.name for c in release.contacts}
    assert by_place["highlight", "highlights.2"] == "HK$30 million over five years"
    assert by_place["dateline.city", "dateline"] == "Hong Kong"
    table = next(b for b in release.body if b.kind == "table")
    assert by_place["table.caption", table.id] == "Funding by source"
    assert (by_place["table.header", f"{table.id}.h.3"], by_place["table.cell", f"{table.id}.2.1"], by_place["table.cell", f"{table.id}.2.3"]) == (
        "HK$ million", "Member banks", "12.0")
    assert by_place["contact.organisation", "contacts"] == "Harbourside PR"


def test_the_same_english_of_the_same_kind_is_one_segment_listing_every_place(make_release):
    release = read(make_release(body="Thank you.\n\n## Thank you.\n\nThank you.\n"))
    thanks = [s for s in release_segments(release) if s.text == "Thank you."]
    assert [(s.context, s.places) for s in thanks] == [("paragraph", ("lead.1", "thank-you.1")), ("heading", ("thank-you",))]


def test_markdown_characters_in_text_stay_literal():
    spans = (Span(text="2 * 3 = [six] <b> _x_ `c` &amp; R&D"),)
    assert parse_inline(to_markup(spans)) == spans


words = st.text(st.sampled_from("abcXYZ019 應科院，。「」*_[]<>&#;\\`!()"), min_size=1, max_size=12)
letters = st.text(st.sampled_from("abcXYZ019應科院"), min_size=1, max_size=12)


def spans_of(parts, text_of=lambda t: t):
    """Spans from (text, emphasis, strong, link) tuples, neighbours of one format merged as the reader merges them."""
    spans = []
    for text, em, strong, link in parts:
        span = Span(text=text, emphasis=em, strong=strong, link="https://x.org/a" if link else None)
        if spans and (spans[-1].emphasis, spans[-1].strong, spans[-1].link) == (em, strong, span.link):
            spans[-1] = Span(text=spans[-1].text + text, emphasis=em, strong=strong, link=span.link)
        else:
            spans.append(span)
    return tuple(spans)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(words, st.booleans(), st.booleans(), st.booleans()), min_size=1, max_size=5))
def test_text_always_reads_back_whatever_the_characters_and_formatting(parts):
    spans = spans_of(parts)
    back = parse_inline(to_markup(spans))
    assert "".join(s.text for s in back) == "".join(s.text for s in spans)
    assert {s.link for s in back} <= {s.link for s in spans}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(letters, st.booleans(), st.booleans(), st.booleans()), min_size=1, max_size=4))
def test_formatting_reads_back_exactly_between_words(parts):
    # Separate the parts with spaces so every emphasis marker touches a word on one side only.
    spans = spans_of([(f" {text} ", *flags) for text, *flags in parts])
    back = parse_inline(to_markup(spans))
    plain = lambda seq: [(s.text.strip(), s.emphasis, s.strong, s.link) for s in seq if s.text.strip()]
    assert plain(back) == plain(spans)
