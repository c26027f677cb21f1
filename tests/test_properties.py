"""Property: whatever a valid release holds, its wire copy holds every block's text."""
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.i18n import context_for
from docgen.model import BulletList, Contact, Dateline, Heading, Organisation, Paragraph, Photo, Quote, Release, Span
from docgen.render import Style
from docgen.inline import as_text
from docgen.render.txt import render
from tests.checks import wire_problems

# Any printable text in any script (surrogates and control characters are the
# reader's business: they never reach the model).
text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40).filter(str.strip)
spans = st.lists(st.builds(Span, text=text, emphasis=st.booleans(), strong=st.booleans(),
                           link=st.none() | st.just("https://example.org/x")), min_size=1, max_size=4).map(tuple)
ids = st.just("b")
blocks = st.one_of(
    st.builds(Paragraph, id=ids, content=spans),
    st.builds(Heading, id=ids, content=spans, level=st.sampled_from([1, 2])),
    st.builds(Quote, id=ids, content=spans, speaker=st.none() | text, role=st.none() | text),
    st.builds(BulletList, id=ids, items=st.lists(spans, min_size=1, max_size=3).map(tuple)),
    st.builds(Photo, id=ids, src=st.just("/x.png"), caption=text, alt=text, credit=st.none() | text),
)
releases = st.builds(
    Release,
    slug=st.just("r"), language=st.just("en"), headline=text, subheadline=st.none() | text,
    dateline=st.builds(Dateline, city=text, date=st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)), wire=st.none() | text),
    body=st.tuples(st.builds(Paragraph, id=ids, content=spans)).flatmap(lambda first: st.lists(blocks, max_size=6).map(lambda rest: first + tuple(rest))),
    organisation=st.builds(Organisation, id=st.just("o"), name=text, short_name=text, website=st.none(),
                           about=st.lists(st.builds(Paragraph, id=ids, content=spans), max_size=2).map(tuple)),
    contacts=st.lists(st.builds(Contact, name=text, role=st.none() | text, phone=st.none() | text, email=st.none() | text), max_size=2).map(tuple),
    embargo=st.none() | st.datetimes(timezones=st.just(dt.timezone(dt.timedelta(hours=8)))),
    keywords=st.just(()),
)


def block_texts(release: Release) -> list[str]:
    texts = [release.headline, release.organisation.name] + ([release.subheadline] if release.subheadline else [])
    for block in release.body + release.organisation.about:
        if isinstance(block, BulletList):
            texts += [as_text(item) for item in block.items]
        elif isinstance(block, Photo):
            texts += [block.caption] + ([block.credit] if block.credit else [])
        else:
            texts.append(as_text(block.content))
            if isinstance(block, Quote):
                texts += [t for t in (block.speaker, block.role) if t]
    texts += [c.name for c in release.contacts] + [t for c in release.contacts for t in (c.role, c.phone, c.email) if t]
    return texts


@settings(max_examples=200, deadline=None)
@given(releases, st.none() | st.integers(20, 100))
def test_wire_copy_contains_every_block_text(release, width):
    raw = render(release, context_for("en"), Style(wire_width=width))
    assert wire_problems(raw) == []
    out = raw.decode("utf-8")
    if width:  # wrapping may turn any space into a line break, or drop it at a break
        squeeze = lambda s: "".join(s.split())
        out = squeeze(out)
        assert all(squeeze(t) in out for t in block_texts(release))
    else:
        missing = [t for t in block_texts(release) if t not in out]
        assert missing == []
