"""What renderers ask of a locale: words, dates, lists, language tags."""
import datetime as dt

import pytest

from docgen.i18n import context_for

EN, ZH = context_for("en"), context_for("zh-Hant-HK")


def test_dates_follow_each_locale():
    day = dt.date(2024, 2, 28)
    assert EN.date(day) == "Feb. 28, 2024"
    assert ZH.date(day) == "2024年2月28日"


def test_dateline_cities_are_cased_by_the_wire_up_to_a_comma():
    prn, own = context_for("en", "PRNewswire"), context_for("en", "none")
    assert prn.dateline_city("Brooklyn, N.Y.") == "BROOKLYN, N.Y."
    assert prn.dateline_city("Auburn Hills, Mich.") == "AUBURN HILLS, Mich."
    assert prn.dateline_city("Hong Kong SAR") == "HONG KONG SAR"
    assert context_for("zh-Hant-HK", "PRNewswire").dateline_city("香港") == "香港"
    assert context_for("en", "GlobeNewswire").dateline_city("Hong Kong") == "HONG KONG" == own.dateline_city("Hong Kong")


def test_city_names_docgen_ships():
    assert ZH.gettext("Hong Kong") == "香港" and ZH.gettext("Shenzhen") == "深圳"


def test_lists_are_joined_by_cldr_rules():
    assert EN.join(["A", "B", "C"]) == "A, B, and C"
    assert ZH.join(["A", "B", "C"]) == "A、B及C"


def test_embargo_moment():
    when = dt.datetime(2024, 9, 5, 21, 5, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert EN.moment(when) == "Sept. 5, 2024, 9:05 p.m. (UTC+08:00)"
    assert ZH.moment(when) == "2024年9月5日下午9:05（UTC+08:00）"


def test_language_tags_for_pdf_and_word():
    assert (EN.tag, EN.word_lang) == ("en", "en-US")
    assert (ZH.tag, ZH.word_lang) == ("zh-Hant-HK", "zh-HK")


@pytest.mark.parametrize("msgid, zh", [
    ("About {organisation}", "關於{organisation}"),
    ("{name}, {role}, {organisation}", "{name}，{organisation}{role}"),
])
def test_words_come_from_the_catalogue(msgid, zh):
    assert EN.gettext(msgid) == msgid
    assert ZH.gettext(msgid) == zh
    assert ZH.ngettext("Media contact:", "Media contacts:", 2) == "傳媒聯絡："
