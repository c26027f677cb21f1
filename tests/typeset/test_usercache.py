"""docgen's cache folder (docgen/typeset/usercache.py): where it is, keys, and what happens when
it cannot be written."""
import marshal
import os
import time

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


def _age(path, days):
    """Set *path*'s last use *days* ago."""
    then = time.time() - days * usercache.DAY
    os.utime(path, (then, then))


def _pruned_a_day_ago():
    """The cache last pruned a day ago: the next write prunes it again."""
    _age(usercache.directory() / usercache.PRUNED_STAMP, 1.01)


def test_writing_an_entry_removes_those_not_used_for_a_month(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for name in ("/gone.ttf", "/recent.ttf"):
        usercache.write("fonts", name, [1], name)
    usercache.write("hyphenation", "/gone.dic", [1], "patterns")
    _age(usercache.entry("fonts", "/gone.ttf"), 31)
    _age(usercache.entry("hyphenation", "/gone.dic"), 31)  # every kind's folder
    _age(usercache.entry("fonts", "/recent.ttf"), 29)
    folder = usercache.entry("fonts", "/x").parent
    abandoned, at_work, other = folder / ".abandoned.tmp", folder / ".at-work.tmp", folder / "notes.txt"
    for path in (abandoned, at_work, other):
        path.write_bytes(b"x")
    _age(abandoned, 2)
    _age(other, 400)

    usercache.write("fonts", "/new.ttf", [1], "new")  # pruned less than a day ago (by the first write): nothing removed
    assert usercache.entry("fonts", "/gone.ttf").exists() and abandoned.exists()
    _pruned_a_day_ago()
    usercache.write("fonts", "/newer.ttf", [1], "newer")
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [usercache.entry("fonts", name).name for name in ("/recent.ttf", "/new.ttf", "/newer.ttf")] + [".at-work.tmp", "notes.txt"])
    assert not usercache.entry("hyphenation", "/gone.dic").exists()
    assert usercache.read("fonts", "/recent.ttf", [1]) == "/recent.ttf"


def test_reading_an_entry_marks_it_used_once_a_day(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    usercache.write("fonts", "/used.ttf", [1], "used")
    used = usercache.entry("fonts", "/used.ttf")
    _age(used, 0.5)
    marked = used.stat().st_mtime_ns
    assert usercache.read("fonts", "/used.ttf", [1]) == "used"
    assert used.stat().st_mtime_ns == marked  # marked less than a day ago: the cache is not written
    _age(used, 40)
    assert usercache.read("fonts", "/used.ttf", [2]) is None  # another version's key: not a use
    _pruned_a_day_ago()
    usercache.write("fonts", "/other.ttf", [1], "other")
    assert not used.exists()

    usercache.write("fonts", "/used.ttf", [1], "used")
    _age(used, 40)
    assert usercache.read("fonts", "/used.ttf", [1]) == "used"
    _pruned_a_day_ago()
    usercache.write("fonts", "/other.ttf", [2], "other")
    assert usercache.read("fonts", "/used.ttf", [1]) == "used"


def test_an_entry_that_cannot_be_removed_is_no_error(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    usercache.write("fonts", "/held.ttf", [1], "held")
    held = usercache.entry("fonts", "/held.ttf")
    _age(held, 40)
    _pruned_a_day_ago()

    def unlink(path, *args, **kwargs):  # as Windows refuses to remove a file another process has open
        raise PermissionError(13, "in use", str(path))

    monkeypatch.setattr(os, "unlink", unlink)
    usercache.write("fonts", "/new.ttf", [1], "new")
    assert held.exists() and usercache.read("fonts", "/new.ttf", [1]) == "new"
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _pruned_a_day_ago()
    usercache.write("fonts", "/newer.ttf", [1], "newer")  # removed by a later prune
    assert not held.exists()
