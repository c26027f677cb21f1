"""docgen's cache folder (docgen/typeset/usercache.py): where it is, keys, and what happens when
it cannot be written."""
import marshal

from docgen.typeset import usercache


def test_the_cache_folder_follows_xdg_cache_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert usercache.directory() == tmp_path / "docgen"
    assert usercache.entry("fonts", "/a/b.ttf").parent == tmp_path / "docgen" / "fonts"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # the XDG specification: ignored
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert usercache.directory() == tmp_path / "home" / ".cache" / "docgen"


def test_an_entry_is_read_back_only_under_its_key(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert usercache.read("k", "/x", [1]) is None
    usercache.write("k", "/x", [1, 2], {"a": b"\0\1", "b": [1.5, None]})
    assert usercache.read("k", "/x", [1, 2]) == {"a": b"\0\1", "b": [1.5, None]}
    assert usercache.read("k", "/x", [1, 3]) is None and usercache.read("k", "/y", [1, 2]) is None
    usercache.write("k", "/x", [1, 3], "new")  # another version replaces the entry
    assert [p.name for p in (tmp_path / "docgen" / "k").iterdir()] == [usercache.entry("k", "/x").name]
    assert usercache.read("k", "/x", [1, 2]) is None and usercache.read("k", "/x", [1, 3]) == "new"
    key, _value = marshal.loads(usercache.entry("k", "/x").read_bytes())
    assert key[:len(usercache.VERSION)] == usercache.VERSION  # docgen's and Python's versions are part of every key


def test_an_unwritable_or_damaged_cache_is_no_error(monkeypatch, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    usercache.write("k", "/x", [1], "value")
    assert usercache.read("k", "/x", [1]) is None and blocked.read_text() == "a file where the cache folder would go"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    usercache.write("k", "/x", [1], "value")
    usercache.entry("k", "/x").write_bytes(b"\xff not marshal")
    assert usercache.read("k", "/x", [1]) is None
    usercache.write("k", "/x", [1], {1, 2})  # a set: marshal writes it, and it comes back
    assert usercache.read("k", "/x", [1]) == {1, 2}
    usercache.write("k", "/x", [1], object())  # not a value marshal writes: nothing stored, no error
    assert usercache.read("k", "/x", [1]) == {1, 2}
    assert not [p for p in usercache.entry("k", "/x").parent.iterdir() if p.suffix == ".tmp"]
