import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.typeset.wrap import NO_LINE_END, NO_LINE_START, break_units, display_width, wrap


def test_display_width_counts_wide_characters_twice():
    assert display_width("ASTRI") == 5
    assert display_width("應科院") == 6
    assert display_width("e\u0301") == 1


def test_latin_text_breaks_only_at_spaces():
    lines = wrap("The quick brown fox jumps over the lazy dog", 10)
    assert lines == ["The quick", "brown fox", "jumps over", "the lazy", "dog"]


def test_a_word_longer_than_the_line_is_kept_whole():
    assert wrap("visit https://www.example.org/a/very/long/path now", 12) == ["visit", "https://www.example.org/a/very/long/path", "now"]


def test_cjk_breaks_between_characters_within_the_width():
    text = "香港應用科技研究院歡迎財政司司長在最新預算案中提出的措施"
    lines = wrap(text, 10)
    assert "".join(lines) == text
    assert all(display_width(line) <= 10 for line in lines)
    assert len(lines) == 6


@pytest.mark.parametrize("width", range(4, 30))
def test_kinsoku_no_closing_mark_starts_and_no_opening_mark_ends_a_line(width):
    text = "應科院表示：「我們會繼續推動創新科技發展。」此外，應科院（ASTRI）亦會培育人才，擴大本地人才庫。"
    lines = wrap(text, width)
    assert "".join(lines) == text
    assert not any(line[0] in NO_LINE_START for line in lines[1:])
    assert not any(line[-1] in NO_LINE_END for line in lines)


def test_mixed_script_keeps_latin_words_whole():
    lines = wrap("應科院與 Smart Mobility Technology Alliance 合作", 12)
    assert "Mobility" in " ".join(lines).split()
    assert all(display_width(line) <= 12 for line in lines)


def test_empty_text_is_one_empty_line():
    assert wrap("", 10) == [""]


# Han, kana, Latin words, digits, spaces and the punctuation the rules are about.
mixed = st.lists(st.one_of(
    st.sampled_from(list("應科院香港創新科技研究財政預算案のアイウ")),
    st.sampled_from(["ASTRI", "GBA", "C-V2X", "1,400", "2024", "https://www.astri.org", " ", " "]),
    st.sampled_from(sorted(NO_LINE_START | NO_LINE_END)),
), max_size=80).map("".join)


@settings(max_examples=500, deadline=None)
@given(mixed, st.integers(4, 80))
def test_cjk_wrapping_never_breaks_a_rule(text, width):
    lines = wrap(text, width)
    # No character is lost or added, apart from spaces at the breaks.
    assert "".join("".join(lines).split()) == "".join(text.split())
    # Kinsoku: nothing closing starts a line, nothing opening ends one.
    assert not any(line[:1] in NO_LINE_START for line in lines[1:])
    assert not any(line[-1:] in NO_LINE_END for line in lines[:-1])  # the last line ends where the text does
    for line in lines:
        # Within the width, unless the line is one piece that may not be broken.
        assert display_width(line) <= width or len(break_units(line.strip())) == 1
    # A Latin word or number is never split: every run of them in the text survives whole on some line.
    for word in re.findall(r"[A-Za-z0-9,.:/\-]+", text):
        assert any(word in line for line in lines), word
