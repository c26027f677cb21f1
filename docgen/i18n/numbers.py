"""Numbers by value, however English or Chinese writes them: 1,400 = 一千四百,
HK$18.5 million = 港幣1,850萬元, 2.3 billion = 23億, 30% = 百分之三十.

The translation check asks whether each value of the English is among the
values of the translation; the rules are below.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

# Numbers are compared by value (exact Decimals), in whatever way either language writes them:
#
# * Arabic digits, full-width or not (NFKC), with or without thousands commas: 1,400 = 1400 = １４００.
#   Commas count only in groups of three (12,345); "2023,2024" is two numbers.
# * English multipliers after the digits: thousand, million, billion, trillion (any case, after a
#   space or hyphen), mn, bn, tn (optionally after a space) and, only straight after a currency sign
#   or code (US$5m, HK$2k, RMB 3b), the bare k, m, b -- elsewhere "5m" is five metres.
# * Chinese numerals 零〇一二兩三四五六七八九 十百千 萬億兆 (Traditional and Simplified), freely
#   mixed with Arabic digits: 一千二百萬, 一百零五, 1.2萬, 3,400萬, 5億3,000萬, 二〇二四.  兆 is
#   10^12 (Hong Kong and Taiwan usage), 點 the decimal point (十二點五).  萬, 億, 兆 multiply
#   everything before them unless a larger one came first (一萬億 = 10^12, 5億3,000萬 = 530,000,000).
# * Percentages are their number: 30% = 30 = 百分之三十 = 百分之30.
#
# Chinese numerals also occur inside ordinary words (一些, 統一, 一帶一路, 十分, 百貨, 萬一, 九龍).
# A translation's extra values are harmless -- the check asks only whether each English value is
# among them -- but a stray 一 must not stand in for a missing English 1.  So a Chinese numeral
# standing alone (one character, no digits next to it) is a number only after 第 or 百分之, or
# before a measure word or unit (個, 項, 名, 年, 月, 日, 倍, 元 ...; see _MEASURES); a run never
# starts with 萬/億/兆 (萬一 is not ten thousand and one).  Longer runs (十二, 一萬, 千萬) always
# count: 千萬 ("by all means") reads as 10,000,000, which can only hide a missing ten million.
# A numeral ending a run straight after a unit is a tenth of that unit: 一百五 = 150, 一萬二 = 12,000.
# Not handled: English number words (one, ten), ranges (3-5 million), 兆 as 10^6 (mainland science).
_CN_DIGITS = {c: d for d, cs in enumerate(["零〇", "一", "二兩两", "三", "四", "五", "六", "七", "八", "九"]) for c in cs}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"萬": 10**4, "万": 10**4, "億": 10**8, "亿": 10**8, "兆": 10**12}
_CN = "".join(_CN_DIGITS) + "".join(_CN_SMALL) + "".join(_CN_BIG)
_ARABIC = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_CN_DIGIT = f"[{''.join(_CN_DIGITS)}]"
_RUN = (rf"(?:{_ARABIC}|(?![{''.join(_CN_BIG)}])[{_CN}])"  # a run does not start with 萬, 億 or 兆
        rf"(?:{_ARABIC}|[{_CN}]|(?<=\d)\s(?=[{''.join(_CN_BIG)}]))*"  # 1,850 萬
        rf"(?:[點点](?:\d|{_CN_DIGIT})+[{''.join(_CN_BIG)}]*)?")  # 十二點五, 十二點五億
_MULTIPLIERS = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
                "k": 10**3, "m": 10**6, "mn": 10**6, "b": 10**9, "bn": 10**9, "tn": 10**12}
_VALUE = re.compile(
    rf"(?P<percent_of>百分之)?(?P<run>{_RUN})"
    r"(?P<multiplier>(?i:[ -]?(?:thousand|million|billion|trillion)|\s?(?:mn|bn|tn)|[kmb])(?![A-Za-z]))?"
    r"(?P<percent>\s?%)?")
_RUN_PART = re.compile(rf"{_ARABIC}|[點点](?:\d|{_CN_DIGIT})+|\S")
_ARABIC_THEN_NUMERAL = re.compile(rf"(?<=\d)(?=[十{''.join(_CN_DIGITS)}])")
_CURRENCY_BEFORE = re.compile(r"(?:[$£€¥]|\b(?:RMB|CNY|HKD|USD|EUR|GBP|JPY))\s?$", re.I)
# What may follow a lone Chinese numeral for it to count: measure words, units and currencies.
_MEASURES = set("個个項项名位間间家次倍種种類类款份件隻只條条張张座所層层期屆届歲岁年月日天週周星時时"
                "點点元圓港美人部架輛辆艘棟栋幢區区組组批套場场宗成大")


def _chinese_value(run: str) -> Decimal:
    """The value of a run of digits and Chinese numerals: 1,850萬, 一百零五, 十二點五, 5億3,000萬."""
    total, section, current, largest = Decimal(0), Decimal(0), None, 0
    unit = None  # the unit the numeral in hand follows directly (一百五: 百), for the short form
    for part in _RUN_PART.findall(run):
        if part[0].isdigit():  # never right after other digits (_ARABIC_THEN_NUMERAL splits those runs)
            current, unit = Decimal(part.replace(",", "")), None
        elif part in _CN_DIGITS:
            digit = _CN_DIGITS[part]
            if current is None and digit == 0:
                unit = None
                continue  # 零 marks a gap: 一百零五
            if current is not None:
                unit = None
            current = Decimal(digit) if current is None else current * 10 + digit  # 二〇二四
        elif part[0] in "點点":
            fraction = "".join(str(_CN_DIGITS.get(c, c)) for c in part[1:])
            current, section, unit = section + (current or 0) + Decimal(f"0.{fraction}"), Decimal(0), None
        elif part in _CN_SMALL:
            section += (1 if current is None else current) * _CN_SMALL[part]  # 十二 = 一十二
            current, unit = None, _CN_SMALL[part]
        elif part in _CN_BIG:
            big, value = _CN_BIG[part], section + (current or 0)
            if big > largest:
                total, largest = (total + value) * big, big  # 一萬億: 萬 then 億 multiplies it all
            else:
                total += value * big  # 5億3,000萬
            section, current, unit = Decimal(0), None, big
        # whitespace (1,850 萬) is skipped
    if current is not None and unit:
        current *= Decimal(unit) / 10  # the short form: 一百五 = 150, 一萬二 = 12,000, 二十五 = 25
    return total + section + (current or 0)


def values(text: str) -> dict[Decimal, str]:
    """The numbers of *text* by value, each with how it is written (commas dropped): ``18.5 million``."""
    folded = unicodedata.normalize("NFKC", text.replace("，", "、"))  # a Chinese comma separates numbers
    values: dict[Decimal, str] = {}
    for match in _VALUE.finditer(folded):
        multiplier = match["multiplier"] or ""
        if multiplier.lower() in {"k", "m", "b"} and not _CURRENCY_BEFORE.search(folded[:match.start()]):
            multiplier = ""  # 5m is five metres; US$5m five million
        # Digits are multiplied by 百, 千, 萬, 億, 兆 but never by 十 or a numeral: 2024十大 is 2024 and 十大.
        *alone, last = _ARABIC_THEN_NUMERAL.split(match["run"])
        for run in alone:
            values.setdefault(_chinese_value(run), run.replace(",", ""))
        after = folded[match.end("run"):match.end("run") + 1]
        before = folded[:match.start("run")] if not alone else ""
        if len(last) == 1 and last in _CN and not (
                match["percent_of"] or multiplier or before.endswith("第") or (after and after in _MEASURES)):
            continue  # a lone numeral in a word: 一些, 統一, 一帶一路, 十分
        value = _chinese_value(last) * (_MULTIPLIERS[multiplier.strip(" -").lower()] if multiplier else 1)
        values.setdefault(value, last.replace(",", "") + multiplier + ("%" if match["percent"] and not multiplier else ""))
    return values
