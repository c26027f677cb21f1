"""What each output was made from, so that an unchanged output is skipped, and which
source owns each slug, so that one release never overwrites another's outputs.

Kept in ``<out>/.docgen-manifest.json``: per source file, its identity (its real
path relative to the output folder, the same whatever folder docgen runs in), slug
and language, and per output the settings fingerprint and the files it depends on
(size, mtime and, for files under 1 MB, a SHA-256, so a touched but unchanged file
does not force a rebuild; fonts and other large files go by size and mtime).  A file
recorded as absent (a catalogue not written yet) counts as a dependency too: creating
it makes the output stale.

Builds into one folder at once each save under a lock (``.docgen-manifest.lock``),
merging their records into what is on disk then, so none is lost.  A manifest that
cannot be read (corrupt, edited by hand, from another version) is treated as absent,
with a warning: every output is rebuilt.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Sequence

from docgen.errors import Message
from docgen.files import write_atomic

try:
    import fcntl
except ImportError:  # not on Windows: builds at once there may lose each other's records
    fcntl = None

FILE = ".docgen-manifest.json"
LOCK = ".docgen-manifest.lock"
VERSION = 2
_HASH_LIMIT = 1 << 20


def fingerprint(*parts) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]


def _state(path: str) -> list | None:
    """[size, mtime_ns, sha256 or None] of a file; None when it does not exist."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    digest = None
    if stat.st_size <= _HASH_LIMIT:
        try:
            with open(path, "rb") as stream:
                digest = hashlib.sha256(stream.read()).hexdigest()
        except OSError:
            return None
    return [stat.st_size, stat.st_mtime_ns, digest]


def _unchanged(path: str, recorded: list | None) -> bool:
    try:
        stat = os.stat(path)
    except OSError:
        return recorded is None
    if recorded is None or stat.st_size != recorded[0]:
        return False
    if stat.st_mtime_ns == recorded[1]:
        return True
    current = _state(path)  # touched: same content?
    return current is not None and recorded[2] is not None and current[2] == recorded[2]


def _due(changes_at: float | None) -> bool:
    """Whether the moment an output renders differently has come (by ``docgen.clock``, so ``SOURCE_DATE_EPOCH``)."""
    from docgen import clock

    return changes_at is not None and clock.now().timestamp() >= changes_at


class Manifest:
    def __init__(self, out_dir: Path, data: dict, warning: Message | None = None):
        self.out_dir = Path(out_dir)
        self.path = self.out_dir / FILE
        self.sources: dict = data.get("sources", {})
        self.warning = warning
        """Why the manifest on disk was ignored, if it was."""
        self._states: dict[str, list | None] = {}
        self._touched: set[str] = set()
        """Sources this build recorded or forgot: on saving, theirs are this build's records."""
        self._by_slug: dict[str, set[str]] = {}
        """Slug, case folded -> the sources recorded with it."""
        for key, entry in self.sources.items():
            self._by_slug.setdefault(entry["slug"].casefold(), set()).add(key)

    @classmethod
    def load(cls, out_dir: Path) -> "Manifest":
        """The manifest in *out_dir*; an empty one, with a warning, if it cannot be used."""
        data, reason = _read(Path(out_dir) / FILE)
        warning = None
        if reason is not None:
            warning = Message("{file} cannot be used ({reason}); it is ignored and every output is rebuilt",
                              file=str(Path(out_dir) / FILE), reason=reason)
        return cls(out_dir, data, warning)

    def identity(self, source: Path) -> str:
        """*source* as the manifest knows it: its real path relative to the output folder."""
        real = os.path.realpath(source)
        try:
            return os.path.relpath(real, os.path.realpath(self.out_dir))
        except ValueError:  # another drive, on Windows
            return real

    def stale(self, source: Path, formats: Sequence[str], locales: Sequence[str], keys: dict[str, str], out_dir: Path,
              locales_dir: Path | None = None) -> set[str] | None:
        """The outputs of *source* to rebuild; None: the whole release (never built, or its source changed)."""
        from docgen import i18n
        from docgen.build import REVIEW, output_paths

        entry = self.sources.get(str(source))
        if entry is None or entry["id"] != self.identity(source) or not _unchanged(str(source), entry["source"]):
            return None
        outputs = entry["outputs"]
        stale = set()
        language = i18n.parse_locale(entry["language"], locales_dir).tag if REVIEW in formats else None
        for tag in locales or (entry["language"],):
            locale = i18n.parse_locale(tag, locales_dir).tag
            for fmt in formats:
                for target in map(str, output_paths(out_dir, entry["slug"], locale, fmt, language)):
                    record = outputs.get(target)
                    if (record is None or record["key"] != keys[fmt] or not os.path.exists(target)
                            or _due(record.get("changes_at"))
                            or not all(_unchanged(dep, state) for dep, state in record["depends"].items())):
                        stale.add(target)
        return stale

    def owner(self, slug: str, source: Path) -> str | None:
        """The other source whose outputs carry *slug* (in any case) in this folder, if any."""
        me = self.identity(source)
        for key in sorted(self._by_slug.get(slug.casefold(), ())):
            if self.sources[key]["id"] != me:
                return self.sources[key]["id"]
        return None

    def record(self, source: Path, slug: str, language: str, target: str, key: str, depends: Sequence[str],
               changes_at: float | None = None) -> None:
        """*target* was written from *source*; the slug is now *source*'s alone.  From *changes_at*
        (POSIX time; an embargo's end) the same sources make a different *target*: it is then stale."""
        entry = self.sources.get(str(source))
        if entry is None or entry["slug"] != slug:
            self._drop(str(source))
            entry = self.sources[str(source)] = {"slug": slug, "language": language, "outputs": {}}
            # The slug's former owner (taken over with --force, or this source named
            # another way) no longer owns those files.
            for other in self._by_slug.get(slug.casefold(), set()) - {str(source)}:
                self._drop(other)
            self._by_slug.setdefault(slug.casefold(), set()).add(str(source))
        self._touched.add(str(source))
        entry["id"] = self.identity(source)
        entry["source"] = self._state(str(source))
        entry["language"] = language
        entry["outputs"][target] = {"key": key, "depends": {dep: self._state(dep) for dep in depends}}
        if changes_at is not None:
            entry["outputs"][target]["changes_at"] = changes_at

    def _state(self, path: str) -> list | None:
        if path not in self._states:  # once per build: many outputs share fonts and catalogues
            self._states[path] = _state(path)
        return self._states[path]

    def forget(self, source: Path, outputs: set[str] | None = None) -> None:
        """Forget what *source*'s outputs were made from (only *outputs*, when given)."""
        if outputs is None:
            self._drop(str(source))
            return
        entry = self.sources.get(str(source))
        for output in outputs & set(entry["outputs"]) if entry else ():
            del entry["outputs"][output]
            self._touched.add(str(source))

    def _drop(self, key: str) -> None:
        entry = self.sources.pop(key, None)
        if entry is not None:
            self._touched.add(key)
            self._by_slug.get(entry["slug"].casefold(), set()).discard(key)

    def outputs(self, source: Path) -> list[str]:
        entry = self.sources.get(str(source))
        return sorted(entry["outputs"]) if entry else []

    def slug(self, source: Path) -> str:
        return self.sources[str(source)]["slug"]

    def save(self) -> None:
        """Write the manifest if this build changed it (a refused build leaves no output folder).

        Under the lock, what another build saved meanwhile is read again and kept, except
        for the sources this build recorded or forgot."""
        if not self._touched:
            return
        with _locked(self.out_dir):
            on_disk, _reason = _read(self.path)
            sources = {key: entry for key, entry in on_disk.get("sources", {}).items() if key not in self._touched}
            sources.update({key: self.sources[key] for key in self._touched if key in self.sources})
            data = {"version": VERSION, "sources": sources}
            write_atomic(self.path, json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        self.__init__(self.out_dir, data)


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


def _read(path: Path) -> tuple[dict, Message | str | None]:
    """The manifest's data and, when it cannot be used, why (the data is then empty)."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return {}, None
    except (OSError, UnicodeDecodeError) as err:
        return {}, getattr(err, "strerror", None) or str(err)
    try:
        data = json.loads(text)
    except ValueError as err:
        return {}, str(err)
    if not isinstance(data, dict) or data.get("version") != VERSION:
        found = data.get("version") if isinstance(data, dict) else None
        return {}, Message("version {found}, not {expected}", found=json.dumps(found), expected=VERSION)
    where = _malformed(data)
    if where:
        return {}, Message("unexpected content at {where}", where=where)
    return data, None


def _malformed(data: dict) -> str | None:
    """Where *data* is not what docgen writes (a hand edit), or None."""

    def state(value) -> bool:
        return value is None or (isinstance(value, list) and len(value) == 3 and all(isinstance(v, int) and not isinstance(v, bool) for v in value[:2])
                                 and (value[2] is None or isinstance(value[2], str)))

    sources = data.get("sources")
    if not isinstance(sources, dict):
        return "sources"
    for source, entry in sources.items():
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("id", "slug", "language")):
            return f"sources.{source}"
        if not state(entry.get("source")) or not isinstance(entry.get("outputs"), dict):
            return f"sources.{source}"
        for target, record in entry["outputs"].items():
            if (not isinstance(record, dict) or not isinstance(record.get("key"), str) or not isinstance(record.get("depends"), dict)
                    or not all(state(s) for s in record["depends"].values())
                    or not isinstance(record.get("changes_at", 0.0), (int, float)) or isinstance(record.get("changes_at"), bool)):
                return f"sources.{source}.outputs.{target}"
    return None
