"""Hyphenation patterns from docgen's cache (docgen/typeset/hyphenation.py) break words where
pyphen's own parse of the dictionary does."""
import re

import pyphen
import pytest

from docgen.typeset import hyphenation, usercache
from tests.conftest import FIXTURES, ROOT

WORDS = sorted(set(re.findall(r"[A-Za-z]{5,}", (ROOT / "README.md").read_text("utf-8") + (FIXTURES / "seed-release.txt").read_text("utf-8"))))


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """An empty cache, and pyphen and docgen as in a new process."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(pyphen, "hdcache", {})
    hyphenation.dictionary.cache_clear()
    yield tmp_path / "docgen" / hyphenation.KIND
    hyphenation.dictionary.cache_clear()


@pytest.mark.parametrize("language", ["en_US", "en_GB"])
def test_cached_patterns_hyphenate_as_pyphens_own(fresh, monkeypatch, language):
    assert len(WORDS) > 300
    own = pyphen.Pyphen(filename=pyphen.LANGUAGES[language], left=2, right=3, cache=False)
    expected = {word: own.positions(word) for word in WORDS}
    monkeypatch.setattr(pyphen, "hdcache", {})  # (pyphen keeps even the parse it was told not to)
    made = hyphenation.dictionary(language, 2, 3)  # parsed, and stored
    assert len(list(fresh.iterdir())) == 1
    monkeypatch.setattr(pyphen, "hdcache", {})
    hyphenation.dictionary.cache_clear()
    cached = hyphenation.dictionary(language, 2, 3)  # from the entry: not parsed
    assert cached.hd is not made.hd and cached.hd.patterns == own.hd.patterns
    for word in WORDS:
        assert cached.positions(word) == made.positions(word) == expected[word], word


def test_a_changed_dictionary_is_parsed_again(fresh, monkeypatch, tmp_path):
    path = tmp_path / "hyph_xx_XX.dic"
    path.write_text("UTF-8\n1b\n", "utf-8")
    monkeypatch.setitem(pyphen.LANGUAGES, "xx_XX", path)
    assert hyphenation.dictionary("xx_XX", 1, 1).positions("abab") == [1, 3]
    path.write_text("UTF-8\nb1a\n", "utf-8")  # another size: another key
    monkeypatch.setattr(pyphen, "hdcache", {})
    hyphenation.dictionary.cache_clear()
    assert hyphenation.dictionary("xx_XX", 1, 1).positions("abab") == [2]
    assert usercache.read(hyphenation.KIND, str(path), [pyphen.__version__, path.stat().st_size, path.stat().st_mtime_ns]) is not None
