"""Property: whatever a valid release holds, its wire copy holds every block's text."""
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.i18n import context_for
from docgen.style import Style
from docgen.render.txt import render
from tests.checks import wire_problems
from tests.strategies import WIRES, block_texts, releases

# Any printable text in any script (surrogates and control characters are the
# reader's business: they never reach the model).
ANY = "".join(chr(c) for c in range(0x20, 0x3000) if unicodedata.category(chr(c)) not in ("Cs", "Cc", "Zl", "Zp", "Mn", "Me"))


@settings(max_examples=200, deadline=None)
@given(releases(ANY + "香港應用科技研究院，。「」"), st.sampled_from(WIRES["en"]), st.none() | st.integers(20, 100))
def test_wire_copy_contains_every_block_text(release, wire, width):
    ctx = context_for("en", wire)
    raw = render(release, ctx, Style(wire_width=width))
    texts = block_texts(release) + ([org.name for org in release.organisations] if ctx.wire.source else [])
    assert wire_problems(raw) == []
    out = raw.decode("utf-8")
    if width:  # wrapping may turn any space into a line break, or drop it at a break
        squeeze = lambda s: "".join(s.split())
        out = squeeze(out)
        assert all(squeeze(t) in out for t in texts)
    else:
        missing = [t for t in texts if t not in out]
        assert missing == []
