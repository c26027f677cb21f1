"""What each output was made from, so that an unchanged output is skipped, and which
source owns each slug, so that one release never overwrites another's outputs.

Kept in ``<out>/.docgen-manifest.json`` (version 3), compact, so that a build of a
large archive reads and checks it in a few milliseconds:

- ``files``: a table of file states, each stated once: ``[name, size, mtime_ns, sha256]``
  (the hash for files under 1 MB, so a touched but unchanged file does not force a
  rebuild; fonts and other large files go by size and mtime, hash ``null``), or
  ``[name]`` for a file recorded as absent (a catalogue not written yet: creating it
  makes its outputs stale).  Names are relative to the output folder, so the manifest
  means the same whatever folder docgen runs in.  A file has one state in the table
  unless outputs were made from different states of it (a build of some formats or
  some releases only): each output refers to the state it was made from.
- ``keys``: the settings fingerprints (one per format and settings), each stated once.
- ``sources``: per source file, by its real path relative to the output folder: its
  slug, language, state (an index into ``files``) and outputs, each
  ``[file, locale, format, key, [files it depends on], changes_at?]`` (file relative to
  the output folder; key and dependencies are indexes into ``keys`` and ``files``).

A build stats each file once, hashes a small file only when its size or mtime differ
from what is recorded, and writes the manifest only when something changed.  Builds
into one folder at once each save under a lock (``.docgen-manifest.lock``), merging
their records into what is on disk then, so none is lost.  A manifest that cannot be
read (corrupt, edited by hand, or written by an earlier docgen: version 2 and before
are not migrated) is treated as absent, with a warning: every output is rebuilt once.
"""
from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Callable, Iterable

from docgen.errors import Message
from docgen.files import write_atomic

try:
    import fcntl
except ImportError:  # not on Windows: builds at once there may lose each other's records
    fcntl = None

FILE = ".docgen-manifest.json"
LOCK = ".docgen-manifest.lock"
VERSION = 3
_HASH_LIMIT = 1 << 20
_UNKNOWN = object()
"""A file's hash not computed yet (a file too large to hash has None)."""

Edition = tuple[str, str]
"""(locale tag, format): what one rendering of a release makes, one file or a few."""


def fingerprint(*parts) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]


def _due(changes_at: float) -> bool:
    """Whether the moment an output renders differently has come (by ``docgen.clock``, so ``SOURCE_DATE_EPOCH``)."""
    from docgen import clock

    return clock.now().timestamp() >= changes_at


class Manifest:
    def __init__(self, out_dir: Path, data: dict | None = None, warning: Message | None = None,
                 seen: tuple | None = None):
        self.out_dir = Path(out_dir)
        self.path = self.out_dir / FILE
        self.warning = warning
        """Why the manifest on disk was ignored, if it was."""
        data = data or {}
        self._files: list[list] = data.get("files", [])
        """File states, as in the file (``[name, size, mtime_ns, hash]`` or ``[name]``); new ones appended."""
        self._keys: list[str] = data.get("keys", [])
        self.sources: dict[str, dict] = data.get("sources", {})
        """Source identity -> its record, as in the file."""
        self._seen = seen
        """(inode, size, mtime, ctime) of the manifest file as read: unchanged at saving, nobody else saved meanwhile."""
        self._cwd = os.getcwd()
        self._base = os.path.realpath(self.out_dir)
        """The output folder without symbolic links: names are relative to it, and ``..`` in them means what it says."""
        self._prefix = os.path.join(self._base, "")
        self._now: dict[str, list | None] = {}
        """File name -> [size, mtime_ns, hash or _UNKNOWN] now, None when absent: each file is stat'ed once per build."""
        self._checked: set[int] = set()
        """Indexes of the file states compared with the files this build."""
        self._gone: set[int] = set()
        """Those of them the file is no longer in (sets: an output's dependencies are checked in one C call)."""
        self._refresh: dict[tuple, list] = {}
        """Recorded state -> the same content with its new mtime (a touched file): saved, so it is not hashed again."""
        self._interned: dict[tuple, int] | None = None
        self._hashes: dict[tuple, str | None] | None = None
        self._key_index: dict[str, int] | None = None
        self._names: dict[str, str] = {}
        """A path as given -> its name relative to the output folder."""
        self._ids: dict[str, str] = {}
        self._real_dirs: dict[str, str] = {}
        self._rendered: set[tuple[str, str, str]] = set()
        """(source, locale, format) recorded by this build: earlier files of that edition and format are replaced."""
        self._touched: set[str] = set()
        """Sources this build recorded or forgot: on saving, theirs are this build's records."""
        self._by_slug: dict[str, set[str]] = {}
        """Slug, case folded -> the sources recorded with it."""
        for key, entry in self.sources.items():
            self._by_slug.setdefault(entry["slug"].casefold(), set()).add(key)

    @classmethod
    def load(cls, out_dir: Path) -> "Manifest":
        """The manifest in *out_dir*; an empty one, with a warning, if it cannot be used."""
        path = Path(out_dir) / FILE
        data, reason, seen = _read(path)
        warning = None
        if reason is not None:
            warning = Message("{file} cannot be used ({reason}); it is ignored and every output is rebuilt",
                              file=str(path), reason=reason)
        return cls(out_dir, data, warning, seen)

    # --- names and identities

    def identity(self, source: Path) -> str:
        """*source* as the manifest knows it: its real path relative to the output folder."""
        given = os.fspath(source)
        found = self._ids.get(given)
        if found is None:
            folder, name = os.path.split(self._absolute(given))
            real = os.path.join(self._real_dir(folder), name)
            if os.path.islink(real):
                real = os.path.realpath(real)
                folder, name = os.path.split(real)
            found = self._ids[given] = self._relative(folder, name)
        return found

    def _real_dir(self, folder: str) -> str:
        # Sources and their dependencies share a few folders: one realpath each.
        real = self._real_dirs.get(folder)
        if real is None:
            real = self._real_dirs[folder] = os.path.realpath(folder)
        return real

    def _relative(self, folder: str, name: str) -> str:
        """*folder*/*name* relative to the output folder (the folder's part computed once)."""
        key = "\0" + folder  # never a path given: shares _names with them
        prefix = self._names.get(key)
        if prefix is None:
            try:
                prefix = os.path.relpath(folder, self._base)
            except ValueError:  # another drive, on Windows
                prefix = folder
            prefix = self._names[key] = "" if prefix == os.curdir else prefix + os.sep
        return prefix + name

    def _name(self, path: str) -> str:
        """A dependency's name in the table: relative to the output folder (lexically: the
        folder is real, so ``..`` from it goes where the path's own ``..`` would)."""
        name = self._names.get(path)
        if name is None:
            name = self._names[path] = self._relative(*os.path.split(self._absolute(path)))
        return name

    def _absolute(self, path: str) -> str:
        # os.path.abspath asks the system for the current folder each time
        return os.path.normpath(os.path.join(self._cwd, path))

    def _path(self, name: str) -> str:
        """The file *name* names, ``..`` taken away in the name, not by the system: the output
        folder may not exist yet (it has no symbolic link to go back through: it is real)."""
        return os.path.normpath(os.path.join(self._base, name))

    def _target(self, target: str) -> str:
        return os.path.relpath(target, self.out_dir)

    # --- file states

    def _stat(self, name: str) -> list | None:
        """[size, mtime_ns, hash, None or _UNKNOWN] of the file *name* now (stat'ed once per build), None if absent."""
        if name in self._now:
            return self._now[name]
        try:
            stat = os.stat(self._path(name))
            now = [stat.st_size, stat.st_mtime_ns, _UNKNOWN]
        except OSError:
            now = None
        self._now[name] = now
        return now

    def _digest(self, name: str, now: list) -> str | None:
        """The SHA-256 of file *name* in state *now* (None for a large file, or one that changed since it was stat'ed)."""
        if now[2] is _UNKNOWN:
            now[2] = None
            if now[0] <= _HASH_LIMIT:
                try:
                    with open(self._path(name), "rb") as stream:
                        stat = os.fstat(stream.fileno())
                        data = stream.read()
                except OSError:
                    return None
                # Changed since the stat: the hash would not be of the state recorded with it.
                if (stat.st_size, stat.st_mtime_ns) == (now[0], now[1]):
                    now[2] = hashlib.sha256(data).hexdigest()
        return now[2]

    def _still(self, indexes: list[int]) -> bool:
        """Whether the files of the states *indexes* are all still in those states: same
        size and mtime, or (touched) the same size and content."""
        if not self._checked.issuperset(indexes):
            for index in indexes:
                if index not in self._checked:
                    self._checked.add(index)
                    if not self._compare(self._files[index]):
                        self._gone.add(index)
        return self._gone.isdisjoint(indexes)

    def _compare(self, state: list) -> bool:
        now = self._stat(state[0])
        if now is None or len(state) == 1:
            return now is None and len(state) == 1
        if now[0] != state[1]:
            return False
        if now[1] == state[2]:
            if now[2] is _UNKNOWN:
                now[2] = state[3]  # the hash recorded for this size and mtime: no need to read the file
            return True
        if state[3] is None or self._digest(state[0], now) != state[3]:
            return False
        self._refresh[tuple(state)] = [state[0], now[0], now[1], state[3]]
        return True

    def _state(self, path: str) -> int:
        """The index of file *path*'s state now in the table (added if new)."""
        name = self._name(path)
        now = self._stat(name)
        if now is None:
            state = (name,)
        else:
            if now[2] is _UNKNOWN:
                # Recorded with this size and mtime before (by an output not checked in this build)?
                now[2] = self._known().get((name, now[0], now[1]), _UNKNOWN)
            state = (name, now[0], now[1], self._digest(name, now))
        table = self._intern()
        if state not in table:
            table[state] = len(self._files)
            self._files.append(list(state))
        return table[state]

    def _intern(self) -> dict[tuple, int]:
        if self._interned is None:
            self._interned = {tuple(state): index for index, state in enumerate(self._files)}
        return self._interned

    def _known(self) -> dict[tuple, str | None]:
        """(name, size, mtime) -> hash, of the states recorded."""
        if self._hashes is None:
            self._hashes = {(s[0], s[1], s[2]): s[3] for s in self._files if len(s) == 4}
        return self._hashes

    def _key(self, key: str) -> int:
        if self._key_index is None:
            self._key_index = {k: i for i, k in enumerate(self._keys)}
        if key not in self._key_index:
            self._key_index[key] = len(self._keys)
            self._keys.append(key)
        return self._key_index[key]

    # --- what to rebuild

    def stale(self, source: Path, editions: Callable[[str], Iterable[Edition]], keys: dict[str, str]) -> set[Edition] | None:
        """The editions of *source* to render again; None: the whole release (never built, or its source changed).

        *editions* gives those asked for, from the release's language as recorded; *keys*
        each format's settings fingerprint."""
        entry = self.sources.get(self.identity(source))
        if entry is None or not self._still([entry["source"]]):
            return None
        asked = set(editions(entry["language"]))
        found, stale = set(), set()
        for output in entry["outputs"]:
            edition = (output[1], output[2])
            if edition in asked:
                found.add(edition)
                if edition not in stale and not self._current(output, keys[output[2]]):
                    stale.add(edition)
        return stale | (asked - found)

    def _current(self, output: list, key: str) -> bool:
        """Whether *output* is there and made with *key* from the files as they are, and its changes_at not come."""
        if self._keys[output[3]] != key or len(output) == 6 and _due(output[5]) or not self._still(output[4]):
            return False
        try:
            os.stat(self._prefix + output[0])  # outputs are named inside the output folder
        except OSError:
            return False
        return True

    def owner(self, slug: str, source: Path) -> str | None:
        """The other source whose outputs carry *slug* (in any case) in this folder, if any."""
        me = self.identity(source)
        for key in sorted(self._by_slug.get(slug.casefold(), ())):
            if key != me:
                return key
        return None

    # --- what was made

    def record(self, source: Path, slug: str, language: str, edition: Edition, target: str, key: str, depends: Sequence[str],
               changes_at: float | None = None) -> None:
        """*target*, a file of *edition*, was written from *source*; the slug is now *source*'s alone.
        From *changes_at* (POSIX time; an embargo's end) the same sources make a different
        *target*: it is then stale.  The files the edition made before are forgotten."""
        me = self.identity(source)
        entry = self.sources.get(me)
        if entry is None or entry["slug"] != slug:
            self._drop(me)
            entry = self.sources[me] = {"slug": slug, "language": language, "outputs": []}
            # The slug's former owner (taken over with --force, or this source named
            # another way) no longer owns those files.
            for other in self._by_slug.get(slug.casefold(), set()) - {me}:
                self._drop(other)
            self._by_slug.setdefault(slug.casefold(), set()).add(me)
        self._touched.add(me)
        if (me, *edition) not in self._rendered:
            self._rendered.add((me, *edition))
            entry["outputs"] = [o for o in entry["outputs"] if (o[1], o[2]) != edition]
        entry["source"] = self._state(os.fspath(source))
        entry["language"] = language
        output = [self._target(target), edition[0], edition[1], self._key(key), [self._state(dep) for dep in depends]]
        if changes_at is not None:
            output.append(changes_at)
        entry["outputs"] = [o for o in entry["outputs"] if o[0] != output[0]] + [output]

    def forget(self, source: Path, editions: set[Edition] | None = None) -> None:
        """Forget what *source*'s outputs were made from (only those of *editions*, when given)."""
        me = self.identity(source)
        if editions is None:
            self._drop(me)
            return
        entry = self.sources.get(me)
        if entry is not None:
            kept = [o for o in entry["outputs"] if (o[1], o[2]) not in editions]
            if len(kept) != len(entry["outputs"]):
                entry["outputs"] = kept
                self._touched.add(me)

    def _drop(self, key: str) -> None:
        entry = self.sources.pop(key, None)
        if entry is not None:
            self._touched.add(key)
            self._by_slug.get(entry["slug"].casefold(), set()).discard(key)

    def outputs(self, source: Path) -> Sequence[Path]:
        """The files recorded as made from *source*, as ``out_dir / name``."""
        entry = self.sources.get(self.identity(source))
        return _Paths(self.out_dir, sorted(output[0] for output in entry["outputs"]) if entry else [])

    def slug(self, source: Path) -> str:
        return self.sources[self.identity(source)]["slug"]

    # --- saving

    def save(self) -> None:
        """Write the manifest if this build changed it (a refused build leaves no output folder).

        Under the lock, what another build saved meanwhile is read again and kept, except
        for the sources this build recorded or forgot."""
        if not self._touched and not self._refresh:
            return
        with _locked(self.out_dir):
            if _seen(self.path) == self._seen:
                data = self._in_place() or self._merged(self)  # nobody saved since this build read it
            else:
                data, _reason, _ = _read(self.path)
                data = self._merged(Manifest(self.out_dir, data))
            write_atomic(self.path, _dumps(data))
            seen = _seen(self.path)
        self.__init__(self.out_dir, data, seen=seen)

    def _merged(self, theirs: "Manifest") -> dict:
        """The records of *theirs* (the manifest on disk) with this build's in place of theirs,
        every file state and key numbered afresh (those no output uses any more left out)."""
        table = _Table(self._refresh)
        sources = {key: table.entry(entry, theirs) for key, entry in theirs.sources.items() if key not in self._touched}
        sources.update({key: table.entry(self.sources[key], self) for key in self._touched if key in self.sources})
        return {"version": VERSION, "files": table.files, "keys": table.keys, "sources": dict(sorted(sources.items()))}

    def _in_place(self) -> dict | None:
        """This manifest as it is now, for saving, with its tables kept as they are (a rebuild
        of a few releases among thousands need not number every file again): the states of
        touched files refreshed, the few no output uses any more taken out.  None when many
        are unused, or refreshing made two states one: ``_merged`` numbers them afresh."""
        files, keys, sources = self._files, self._keys, self.sources
        if self._refresh:
            index = self._intern()
            for old, new in self._refresh.items():
                files[index[old]] = new
            if len(set(map(tuple, files))) != len(files):
                return None
        used_files, used_keys = set(), set()
        for entry in sources.values():
            used_files.add(entry["source"])
            for output in entry["outputs"]:
                used_keys.add(output[3])
                used_files.update(output[4])
        unused_files = set(range(len(files))) - used_files
        unused_keys = set(range(len(keys))) - used_keys
        if len(unused_files) + len(unused_keys) > 16:
            return None
        for gone in sorted(unused_files, reverse=True):
            last = len(files) - 1
            if gone != last:  # the last state takes its place: only what refers to the last changes
                files[gone] = files[last]
                for entry in sources.values():
                    if entry["source"] == last:
                        entry["source"] = gone
                    for output in entry["outputs"]:
                        if last in output[4]:
                            output[4] = [gone if i == last else i for i in output[4]]
            files.pop()
        for gone in sorted(unused_keys, reverse=True):
            last = len(keys) - 1
            if gone != last:
                keys[gone] = keys[last]
                for entry in sources.values():
                    for output in entry["outputs"]:
                        if output[3] == last:
                            output[3] = gone
            keys.pop()
        for key in self._touched & sources.keys():
            sources[key]["outputs"].sort()
        return {"version": VERSION, "files": files, "keys": keys, "sources": dict(sorted(sources.items()))}


class _Paths(Sequence):
    """Files named relative to a folder, made into Paths only when looked at: a build that
    skips thousands of releases reports their outputs, and is rarely asked to list them."""

    __slots__ = ("_folder", "_names", "_paths")

    def __init__(self, folder: Path, names: list[str]):
        self._folder, self._names, self._paths = folder, names, None

    def _made(self) -> tuple[Path, ...]:
        if self._paths is None:
            self._paths = tuple(self._folder / name for name in self._names)
        return self._paths

    def __len__(self) -> int:
        return len(self._names)

    def __getitem__(self, index):
        return self._made()[index]

    def __iter__(self):
        return iter(self._made())

    def __eq__(self, other) -> bool:
        return tuple(self) == tuple(other) if isinstance(other, Sequence) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._made())

    def __repr__(self) -> str:
        return repr(self._made())


class _Table:
    """The file states and keys of a manifest being saved: each stated once, in order of first use."""

    def __init__(self, refresh: dict[tuple, list]):
        self.files: list[list] = []
        self.keys: list[str] = []
        self._files: dict[tuple, int] = {}
        self._keys: dict[str, int] = {}
        self._refresh = refresh

    def entry(self, entry: dict, owner: Manifest) -> dict:
        """*entry*, whose indexes refer to *owner*'s tables, with indexes into this one."""
        remap: dict[int, int] = {}

        def file(index: int) -> int:
            if index not in remap:
                state = owner._files[index]
                state = self._refresh.get(tuple(state), state)
                remap[index] = self._files.setdefault(tuple(state), len(self._files))
                if remap[index] == len(self.files):
                    self.files.append(list(state))
            return remap[index]

        def key(index: int) -> int:
            value = owner._keys[index]
            if value not in self._keys:
                self._keys[value] = len(self.keys)
                self.keys.append(value)
            return self._keys[value]

        outputs = [[o[0], o[1], o[2], key(o[3]), [file(d) for d in o[4]], *o[5:]] for o in sorted(entry["outputs"])]
        return {"slug": entry["slug"], "language": entry["language"], "source": file(entry["source"]), "outputs": outputs}


def _dumps(data: dict) -> bytes:
    """The manifest as JSON, a line per file state and per source: compact, and still readable and diffable."""
    dump = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    lines = ['{"version":%d,' % data["version"], '"keys":' + dump(data["keys"]) + ",", '"files":[']
    lines.append(",\n".join(map(dump, data["files"])))
    lines.append('],\n"sources":{')
    lines.append(",\n".join(f"{dump(key)}:{dump(entry)}" for key, entry in data["sources"].items()))
    lines.append("}}\n")
    return "\n".join(lines).encode("utf-8")


def _seen(path: Path) -> tuple | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


@contextlib.contextmanager
def _locked(out_dir: Path):
    """Hold the output folder's manifest lock (an advisory ``flock``) for the block."""
    if fcntl is None:
        yield
        return
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        stream = open(out_dir / LOCK, "a+b")
    except OSError:
        # Cannot lock (a read-only folder): writing the manifest will say why.
        yield
        return
    with stream:
        fcntl.flock(stream.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(stream.fileno(), fcntl.LOCK_UN)


def _read(path: Path) -> tuple[dict, Message | str | None, tuple | None]:
    """The manifest's data, why it cannot be used (the data is then empty) or None, and what the file was (``_seen``)."""
    try:
        with open(path, "rb") as stream:
            stat = os.fstat(stream.fileno())
            raw = stream.read()
        text = raw.decode("utf-8")
    except FileNotFoundError:
        return {}, None, None
    except (OSError, UnicodeDecodeError) as err:
        return {}, getattr(err, "strerror", None) or str(err), None
    seen = stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns
    # Tens of thousands of lists at once: the cyclic garbage collector would go through all
    # of them (and everything else) several times while they are made, for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parsed(text, seen)
    finally:
        if collecting:
            gc.enable()


def _parsed(text: str, seen: tuple) -> tuple[dict, Message | str | None, tuple | None]:
    try:
        data = json.loads(text)
    except ValueError as err:
        return {}, str(err), seen
    if not isinstance(data, dict) or data.get("version") != VERSION:
        found = data.get("version") if isinstance(data, dict) else None
        if isinstance(found, int) and not isinstance(found, bool) and found < VERSION:
            return {}, Message("written by an earlier docgen, version {found} of the manifest, not {expected}",
                               found=found, expected=VERSION), seen
        return {}, Message("version {found}, not {expected}", found=json.dumps(found), expected=VERSION), seen
    where = _malformed(data)
    if where:
        return {}, Message("unexpected content at {where}", where=where), seen
    return data, None, seen


def _malformed(data: dict) -> str | None:
    """Where *data* is not what docgen writes (a hand edit), or None.

    Checked whole before anything is used (a build of thousands of releases reads tens of
    thousands of indexes): types with ``type()`` (true and false are ints to ``isinstance``,
    never an index docgen writes), and the indexes of all outputs at once."""
    files, keys, sources = data.get("files"), data.get("keys"), data.get("sources")
    if type(files) is not list:
        return "files"
    for n, state in enumerate(files):
        if not (type(state) is list and state and type(state[0]) is str
                and (len(state) == 1 or len(state) == 4 and type(state[1]) is int and type(state[2]) is int
                     and (state[3] is None or type(state[3]) is str))):
            return f"files[{n}]"
    if type(keys) is not list or not all(type(key) is str for key in keys):
        return "keys"
    if type(sources) is not dict:
        return "sources"
    used_files: list = []
    used_keys: list = []
    for source, entry in sources.items():
        if (type(entry) is not dict or type(entry.get("slug")) is not str or type(entry.get("language")) is not str
                or type(entry.get("outputs")) is not list):
            return f"sources.{source}"
        used_files.append(entry.get("source"))
        for n, output in enumerate(entry["outputs"]):
            if (type(output) is not list or not 5 <= len(output) <= 6 or type(output[0]) is not str or type(output[1]) is not str
                    or type(output[2]) is not str or type(output[4]) is not list
                    or len(output) == 6 and type(output[5]) not in (int, float)):
                return f"sources.{source}.outputs[{n}]"
            used_keys.append(output[3])
            used_files += output[4]
    if not _indexes(used_keys, len(keys)):
        return "sources: keys"
    if not _indexes(used_files, len(files)):
        return "sources: files"
    return None


def _indexes(values: list, count: int) -> bool:
    """Whether *values* are all indexes into a table of *count*."""
    return not values or set(map(type, values)) == {int} and min(values) >= 0 and max(values) < count
