"""Translation checks: what the English says must survive translation."""
import pytest

from docgen.i18n.checks import Term, check_glossary, check_message


@pytest.mark.parametrize("english, translation", [
    ("transferred more than 1,400 technologies", "轉移超過1400項技術"),
    ("founded in 2000", "於２０００年成立"),  # full-width digits are the same number
    ("visit www.astri.org.", "請瀏覽www.astri.org"),
    ("visit [the site](https://www.astri.org/)", "請瀏覽[網站](https://www.astri.org/)"),
    ("write to media@astri.org", "電郵media@astri.org"),
    ("call +852 3406 2800", "致電+852 3406 2800"),
    ("About {organisation}", "關於{organisation}"),
    ("Smart Mobility Technology (C-V2X) Alliance", "Smart Mobility Technology (C-V2X) Alliance"),
])
def test_faithful_translations_pass(english, translation):
    assert check_message(english, translation) == []


@pytest.mark.parametrize("english, translation, problem", [
    ("more than 1,400 technologies", "超過1,040項技術", "number 1400 missing"),
    ("visit www.astri.org", "請瀏覽應科院網站", "URL www.astri.org missing"),
    ("write to media@astri.org", "電郵我們", "e-mail address media@astri.org missing"),
    ("call +852 3406 2800", "致電應科院", "phone number +852 3406 2800 missing"),
    ("About {organisation}", "關於{org}", "placeholder {organisation} missing"),
    ("About {organisation}", "關於{organisation}{name}", "placeholder {name} is not in the English"),
])
def test_lost_facts_are_named(english, translation, problem):
    assert any(problem in p for p in check_message(english, translation))


TERMS = [Term(source="ASTRI", first="香港應用科技研究院（應科院）", then="應科院")]


def test_glossary_first_mention_then_short_form():
    pairs = [("No mention here.", "沒有提及。"),
             ("The Hong Kong Applied Science and Technology Research Institute (ASTRI) welcomes", "香港應用科技研究院（應科院）歡迎"),
             ("ASTRI is at the forefront", "應科院走在最前線")]
    assert check_glossary(pairs, TERMS) == []


def test_glossary_problems_name_the_segment():
    pairs = [("ASTRI welcomes", "應科院歡迎"), ("ASTRI is at the forefront", "ASTRI走在最前線")]
    assert check_glossary(pairs, TERMS) == [
        (0, "glossary: first mention of ASTRI should read 香港應用科技研究院（應科院）"),
        (1, "glossary: ASTRI should read 應科院"),
    ]


def test_glossary_matches_whole_words_only():
    assert check_glossary([("ASTRIX is another name", "另一個名字")], TERMS) == []
