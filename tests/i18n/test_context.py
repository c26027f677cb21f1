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
    assert ZH.moment(when) == "2024年9月5日下午9時05分（香港時間）"
    assert ZH.moment(when.replace(hour=9, minute=0)) == "2024年9月5日上午9時（香港時間）"
    # Not Hong Kong's offset: the offset itself, never a guessed zone.
    assert ZH.moment(when.replace(tzinfo=dt.timezone(dt.timedelta(hours=9)))) == "2024年9月5日下午9時05分（UTC+09:00）"


def test_each_language_orders_names_and_titles_its_own_way():
    assert EN.attribution("Dr Denis Yip", "Chief Executive Officer, ASTRI") == "Dr Denis Yip, Chief Executive Officer, ASTRI"
    assert ZH.attribution("葉成輝博士", "應科院行政總裁") == "應科院行政總裁葉成輝博士"
    assert EN.contact("Chan Tai Man", "Communications Manager") == "Chan Tai Man, Communications Manager"
    assert ZH.contact("陳大文", "傳訊經理") == "陳大文（傳訊經理）"
    assert ZH.contact("李小明", "高級顧問", "海濱公關") == "李小明（海濱公關高級顧問）"
    assert ZH.attribution("葉成輝博士") == ZH.contact("葉成輝博士") == "葉成輝博士"


def test_language_tags_for_pdf_and_word():
    assert (EN.tag, EN.word_lang) == ("en", "en-US")
    assert (ZH.tag, ZH.word_lang) == ("zh-Hant-HK", "zh-HK")


@pytest.mark.parametrize("msgid, zh", [
    ("About {organisation}", "關於{organisation}"),
    ("Embargoed until {moment}", "禁止於{moment}前發布"),
])
def test_words_come_from_the_catalogue(msgid, zh):
    assert EN.gettext(msgid) == msgid
    assert ZH.gettext(msgid) == zh
    assert ZH.ngettext("Media contact:", "Media contacts:", 2) == "傳媒查詢："


def test_a_compiled_catalogue_is_kept_in_the_cache_by_its_content(tmp_path, monkeypatch):
    """A catalogue is parsed once; an edit is seen even when it keeps the file's size and time."""
    import gettext
    import io
    import os

    from docgen.i18n import context

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    po = tmp_path / "docgen.po"
    entry = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Page"\nmsgstr "{}"\n'
    po.write_text(entry.format("頁一"), "utf-8")

    def compiled() -> str:
        context._compiled.cache_clear()  # as a new process would
        return gettext.GNUTranslations(io.BytesIO(context._compiled(po, po.stat().st_mtime_ns))).gettext("Page")

    assert compiled() == "頁一"
    monkeypatch.setattr(context, "read_po", lambda *a, **k: pytest.fail("parsed again"))
    assert compiled() == "頁一"  # from the cache
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    stat = po.stat()
    po.write_text(entry.format("頁二"), "utf-8")
    os.utime(po, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert compiled() == "頁二"
