"""Hypothesis strategies for whole releases, every block kind and release shape included
(tables, highlights, co-issuers, agency contacts, hashtags), and the texts each must show."""
from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from docgen.inline import as_text as _as_text
from docgen.model import BulletList, Contact, Dateline, Heading, Organisation, Paragraph, Photo, Quote, Release, Span, Table, plain_text
from tests.conftest import FIXTURES

PHOTO = str(FIXTURES / "project" / "source" / "images" / "lab.png")
# Wires with conventions in each language (docgen's own files).
WIRES = {"en": ["PRNewswire", "BusinessWire", "GlobeNewswire", "MediaOutReach", "ACNNewswire", "ACCESSWIRE", "none", "hksarg"],
         "zh-Hant-HK": ["PRNewswire", "BusinessWire", "ACNNewswire", "none", "hksarg"]}


def texts(alphabet: str, max_size: int = 60) -> st.SearchStrategy[str]:
    return st.text(st.sampled_from(list(alphabet)), min_size=1, max_size=max_size).filter(lambda s: s.strip())


def tables(alphabet: str, ids) -> st.SearchStrategy[Table]:
    """Small tables whose cells fit on one line of a page, so extracted text keeps each cell whole."""
    def build(columns: int):
        cell = st.builds(lambda t: (Span(text=t),), texts(alphabet, 9))
        row = st.lists(cell, min_size=columns, max_size=columns).map(tuple)
        return st.builds(Table, id=ids, caption=st.none() | texts(alphabet), header=row, rows=st.lists(row, min_size=1, max_size=4).map(tuple),
                         align=st.lists(st.sampled_from(["left", "right", "center"]), min_size=columns, max_size=columns).map(tuple))
    return st.integers(1, 4).flatmap(build)


def releases(alphabet: str, *, photo: str = PHOTO, max_blocks: int = 5) -> st.SearchStrategy[Release]:
    text = texts(alphabet)
    spans = st.lists(st.builds(Span, text=text, emphasis=st.booleans(), strong=st.booleans(),
                               link=st.none() | st.just("https://example.org/a")), min_size=1, max_size=3).map(tuple)
    ids = st.sampled_from(["b", "c"])
    blocks = st.one_of(
        st.builds(Paragraph, id=ids, content=spans),
        st.builds(Heading, id=ids, content=spans, level=st.sampled_from([1, 2])),
        st.builds(Quote, id=ids, content=spans, speaker=st.none() | text, role=st.none() | text),
        st.builds(BulletList, id=ids, items=st.lists(spans, min_size=1, max_size=3).map(tuple)),
        st.builds(Photo, id=ids, src=st.just(photo), caption=text, alt=text, credit=st.none() | text),
        tables(alphabet, ids),
    )
    organisation = st.builds(Organisation, id=st.sampled_from(["o", "p"]), name=text, short_name=text,
                             about=st.lists(st.builds(Paragraph, id=st.just("a"), content=spans), max_size=2).map(tuple))
    return st.builds(
        Release, slug=st.just("r"), language=st.just("en"), headline=text, subheadline=st.none() | text,
        highlights=st.lists(spans, max_size=3).map(tuple),
        dateline=st.builds(Dateline, cities=st.lists(text, min_size=1, max_size=2).map(tuple), date=st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)),
                           time=st.none() | st.times()),
        body=st.tuples(st.builds(Paragraph, id=st.just("p0"), content=spans)).flatmap(
            lambda first: st.lists(blocks, max_size=max_blocks).map(lambda rest: first + tuple(rest))),
        organisations=st.lists(organisation, min_size=1, max_size=2).map(tuple),
        contacts=st.lists(st.builds(Contact, name=text, role=st.none() | text, organisation=st.none() | text,
                                    phone=st.none() | text, email=st.none() | text), max_size=2).map(tuple),
        embargo=st.none() | st.datetimes(timezones=st.just(dt.timezone(dt.timedelta(hours=8)))),
        hashtags=st.lists(st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,12}", fullmatch=True), max_size=3).map(tuple),
    )


def block_texts(release: Release, *, wire_copy: bool = True) -> list[str]:
    """The text of every block; in *wire_copy*, links with their address, and also the speakers,
    credits and contact details, which wire copy prints as they are."""
    as_text = _as_text if wire_copy else plain_text
    everything = wire_copy
    texts = [release.headline] + ([release.subheadline] if release.subheadline else [])
    texts += [as_text(item) for item in release.highlights]
    for block in release.body + tuple(p for org in release.organisations for p in org.about):
        if isinstance(block, BulletList):
            texts += [as_text(item) for item in block.items]
        elif isinstance(block, Photo):
            texts += [block.caption] + ([block.credit] if block.credit and everything else [])
        elif isinstance(block, Table):
            texts += ([block.caption] if block.caption else []) + [as_text(c) for row in (block.header, *block.rows) for c in row]
        else:
            texts.append(as_text(block.content))
            if isinstance(block, Quote) and everything:
                texts += [t for t in (block.speaker, block.role) if t]
    texts += ["#" + tag for tag in release.hashtags]
    texts += [c.name for c in release.contacts]
    if everything:
        texts += [t for c in release.contacts for t in (c.role, c.organisation, c.phone, c.email) if t]
    return texts
