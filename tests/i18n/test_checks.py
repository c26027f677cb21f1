"""Translation checks: what the English says must survive translation."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

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


# Numbers are compared by value, however Chinese writes them.
@pytest.mark.parametrize("english, translation", [
    # 萬 and 億 with the currency before or after, in words or signs
    ("HK$18.5 million", "港幣1,850萬元"),
    ("HK$18.5 million", "1,850萬港元"),
    ("HK$18.5 million", "港幣1850萬元"),
    ("HK$18.5 million", "港幣1,850 萬元"),
    ("HK$18.5 million", "港幣18.5百萬元"),
    ("HK$18.5 million", "HK$18.5 million"),  # left in English
    ("2.3 billion", "23億"),
    ("US$1.2 billion", "12億美元"),
    ("US$120 million", "1.2億美元"),
    ("RMB 500 million", "人民幣5億元"),
    ("RMB500 million", "人民币5亿元"),  # Simplified
    ("HK$530 million", "港幣5億3,000萬元"),
    ("HK$3.2bn", "港幣32億元"),
    ("HK$3.2 bn", "港幣32億元"),
    ("HK$3.2BN", "港幣32億元"),
    ("US$5m", "500萬美元"),
    ("US$5M", "五百萬美元"),
    ("$250k", "25萬元"),
    ("HK$40mn", "港幣4,000萬元"),
    ("US$1.5tn", "1.5兆美元"),
    ("1.5 trillion", "1.5兆"),
    ("1 trillion", "一萬億"),
    ("3 thousand", "三千"),
    ("an 18.5-million budget", "1,850萬預算"),
    # 萬, 千, 百萬 in digits and in Chinese numerals
    ("10,000 visitors", "一萬名訪客"),
    ("10,000 visitors", "1萬名訪客"),
    ("10,000 visitors", "10,000名訪客"),
    ("12,000 visitors", "1.2萬名訪客"),
    ("12,000 visitors", "一萬二千名訪客"),
    ("12,000 visitors", "一萬二名訪客"),  # the short form
    ("150", "一百五"),
    ("3,500", "三千五"),
    ("25,000", "兩萬五"),
    ("150 million", "一億五"),
    ("2,000 jobs", "二千個職位"),
    ("2,000 jobs", "兩千個職位"),
    ("2,000 jobs", "两千个职位"),
    ("2,000 jobs", "2千個職位"),
    ("3 million", "三百萬"),
    ("3 million", "300萬"),
    ("3 million", "3百萬"),
    ("34 million", "3,400萬"),
    ("12 million", "一千二百萬"),
    ("12", "十二"),
    ("20", "二十"),
    ("105", "一百零五"),
    ("110", "一百一十"),
    ("1,050", "一千零五十"),
    ("100,005", "十萬零五"),
    # full-width digits and signs
    ("founded in 2000", "於２０００年成立"),
    ("２０００", "2000"),
    ("30%", "３０％"),
    # percentages
    ("30%", "30%"),
    ("30 %", "30%"),
    ("30%", "百分之三十"),
    ("30%", "百分之30"),
    ("12.5%", "百分之十二點五"),
    ("12.5%", "百分之十二点五"),
    ("12.5%", "百分之12.5"),
    ("3%", "百分之三"),
    # 點 as the decimal point
    ("1.25 billion", "十二點五億"),
    # years, dates, ordinals, counts
    ("in 2024", "於2024年"),
    ("in 2024", "於二〇二四年"),
    ("in 2024", "於二零二四年"),
    ("Feb. 28", "2月28日"),
    ("Feb. 28, 2024", "二〇二四年二月二十八日"),
    ("in 2023, 2024", "於2023，2024年"),  # the Chinese comma does not join numbers
    ("3 projects", "三個項目"),
    ("the 3rd edition", "第三屆"),
    ("Top 10", "十大"),
    ("Top 10 of 2024", "2024十大"),  # 2024 is not multiplied by 十
    ("at 3 pm", "下午三點"),
    ("a 5m mast", "5米高的桅杆"),  # m without a currency is metres, not million
    ("one billion", "十億"),  # English number words are not checked
])
def test_numbers_written_the_chinese_way_pass(english, translation):
    assert check_message(english, translation) == []


@pytest.mark.parametrize("english, translation, problem", [
    ("HK$18.5 million", "港幣1,580萬元", "number 18.5 million missing"),
    ("HK$18.5 million", "港幣18.5萬元", "number 18.5 million missing"),
    ("HK$18.5 million", "港幣1,850元", "number 18.5 million missing"),
    ("10,000", "一千", "number 10000 missing"),
    ("10,000", "十萬", "number 10000 missing"),
    ("30%", "百分之三", "number 30% missing"),
    ("30%", "百分之三百", "number 30% missing"),
    ("12.5%", "百分之十二", "number 12.5% missing"),
    ("2.3 billion", "2.3萬", "number 2.3 billion missing"),
    ("2.3 billion", "2.3", "number 2.3 billion missing"),
    ("US$1.2 billion", "1.2億美元", "number 1.2 billion missing"),
    ("HK$3.2bn", "港幣3.2億元", "number 3.2bn missing"),
    ("US$5m", "5美元", "number 5m missing"),
    ("1.5 trillion", "1.5億", "number 1.5 trillion missing"),
    ("3 million", "三十萬", "number 3 million missing"),
    ("105", "一百五", "number 105 missing"),  # 一百五 is 150
    ("10,002", "一萬二", "number 10002 missing"),  # 一萬二 is 12,000
    ("in 2024", "於2023年", "number 2024 missing"),
    ("Feb. 28", "2月27日", "number 28 missing"),
    ("2,000 jobs", "兩萬個職位", "number 2000 missing"),
])
def test_wrong_numbers_are_named(english, translation, problem):
    assert any(problem in p for p in check_message(english, translation))


@pytest.mark.parametrize("english, translation", [
    ("1 initiative", "一帶一路倡議"),
    ("1 platform", "統一平台"),
    ("1 platform", "一些平台"),
    ("1 case", "萬一"),
    ("10 points", "十分重要"),
    ("100 stores", "百貨公司"),
    ("9 branches", "九龍分行"),
    ("1,000 years", "千禧年"),
    ("2 sides", "兩岸"),
])
def test_numerals_inside_words_are_not_numbers(english, translation):
    """A lone 一, 十, 百 ... inside an ordinary word does not stand in for a missing number."""
    assert any("missing from the translation" in p for p in check_message(english, translation))


def test_all_missing_numbers_are_named_once_in_order():
    assert check_message("HK$18.5 million, 30% and 1,400 and 1400", "港幣元") == [
        "number 30%, 1400, 18.5 million missing from the translation"]


_NUMERALS = "零一二三四五六七八九"


def _chinese_numerals(n: int, two: str = "二") -> str:
    """*n* (1 <= n < 10**16) in Chinese numerals, written here independently of docgen's reader."""
    digits = _NUMERALS.replace("二", two)
    groups = [(n // 10**(4 * i)) % 10**4 for i in range(3, -1, -1)]
    out, gap = "", False
    for group, big in zip(groups, "兆億萬 "):
        if group == 0:
            gap = bool(out)
            continue
        if out and (gap or group < 1000):
            out += "零"
        part, zero = "", False
        for digit, unit in zip(f"{group:04d}", ["千", "百", "十", ""]):
            if digit == "0":
                zero = bool(part)
                continue
            part += ("零" if zero else "") + digits[int(digit)] + unit
            zero = False
        out += part + big.strip()
        gap = False
    return out[1:] if out.startswith("一十") else out  # 十二, 十萬 rather than 一十二, 一十萬


def _grouped_digits(n: int, commas: bool) -> str:
    """*n* as digits in groups of 兆, 億 and 萬: 5億3,000萬."""
    out = ""
    for i, big in zip(range(3, -1, -1), ["兆", "億", "萬", ""]):
        group = (n // 10**(4 * i)) % 10**4
        if group:
            out += (f"{group:,}" if commas else str(group)) + big
    return out


def test_the_test_renderings():
    assert [_chinese_numerals(n) for n in (10, 12, 105, 1050, 10005, 100000, 100050000, 123456789)] == [
        "十", "十二", "一百零五", "一千零五十", "一萬零五", "十萬", "一億零五萬", "一億二千三百四十五萬六千七百八十九"]
    assert _grouped_digits(530_000_000, True) == "5億3,000萬"


@given(st.integers(1, 10**16 - 1), st.sampled_from(["二", "兩"]))
def test_any_number_in_chinese_numerals_passes(n, two):
    assert check_message(f"{n:,} items", f"共{_chinese_numerals(n, two)}項") == []


@given(st.integers(1, 10**16 - 1), st.booleans())
def test_any_number_in_wan_and_yi_groups_passes(n, commas):
    assert check_message(f"{n:,} items", f"共{_grouped_digits(n, commas)}項") == []


@given(st.integers(1, 10**16 - 1), st.integers(1, 10**16 - 1))
def test_any_other_number_fails(n, other):
    problems = check_message(f"{n:,} items", f"共{_chinese_numerals(other)}項，即{_grouped_digits(other, True)}項")
    assert (problems == []) == (n == other)
    assert n == other or problems == [f"number {n} missing from the translation"]


@given(st.integers(1, 10**6))
def test_millions_with_a_decimal_pass_as_wan(tenths):
    """HK$18.5 million = 港幣1,850萬元, for any number of tenths of a million."""
    millions = f"{tenths // 10}.{tenths % 10}" if tenths % 10 else f"{tenths // 10}"
    assert check_message(f"HK${millions} million", f"港幣{tenths * 10:,}萬元") == []


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
