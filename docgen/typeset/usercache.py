"""docgen's cache in the user's cache folder: what a build can make again from docgen's own
files and the style's fonts, kept so that the next process need not (a font's metrics,
``fontcache``; hyphenation patterns, ``hyphenation``).

Each entry is one file, ``$XDG_CACHE_HOME/docgen/<kind>/<hash of its name>.marshal``
(``~/.cache/docgen/...`` without ``XDG_CACHE_HOME``), holding the key it was made for and its
value, in Python's ``marshal`` format.  An entry whose key differs (another version of the
file it was made from, of docgen, of the library, of Python) is made again and replaces it.
Entries are written whole (a temporary file renamed into place).  A cache that cannot be read
or written is not an error: the value is made again, as without a cache.  Nothing here goes
to the network.

A file edited in place replaces its entry, but one that is moved, renamed or deleted (a
style's font replaced by another file, a project or virtual environment removed) would leave
its entry behind for ever: the entry's name is a hash, so nothing says which file it was made
from.  So, as ccache does, use is what keeps an entry: reading one marks it used (its
modification time, refreshed at most once a day), and writing an entry removes every entry of
docgen's cache not used for ``UNUSED_FOR`` (ccache's ``--evict-older-than``, run by a write
rather than by hand), and the temporary files of writers that were stopped.  It looks at most
once every ``PRUNED_EVERY``, by the time of a stamp file (as LLVM's cache pruning does), so
that a ``docgen check`` remembering a thousand releases lists the folders once.  What cannot
be removed is left for the next time.
"""
from __future__ import annotations

import marshal
import os
import sys
import tempfile
import time
from hashlib import sha256
from pathlib import Path

from docgen import __version__

VERSION = [__version__, marshal.version, list(sys.version_info[:2])]
"""Part of every key: docgen's version and the format of ``marshal`` (Python's version)."""

DAY = 24 * 60 * 60
UNUSED_FOR = 30 * DAY
"""Seconds an entry may go unread before the next write removes it: a font used once a month
keeps its entry; one used less often is parsed again (a tenth of a second for a CJK face)."""
USE_MARKED_EVERY = DAY
"""An entry read is marked used only when its mark is older than this, so that a build that
changes nothing writes nothing to the cache."""
ABANDONED_AFTER = DAY
"""A temporary file this old belongs to no writer still at work (writing one takes milliseconds)."""
PRUNED_EVERY = DAY
"""Writes look for what to remove at most this often."""
PRUNED_STAMP = ".pruned"
"""The file in docgen's cache folder whose modification time says when it was last pruned."""


def directory() -> Path:
    """``$XDG_CACHE_HOME/docgen``, else ``~/.cache/docgen`` (a relative ``XDG_CACHE_HOME`` is
    ignored, as the XDG specification asks)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "docgen"


def entry(kind: str, name: str) -> Path:
    """The file of the entry *name* (a path, usually) of *kind*: one per name, so that a new
    version of what it was made from replaces the old entry."""
    return directory() / kind / (sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:32] + ".marshal")


def read(kind: str, name: str, key: list):
    """The value stored for *name* under *key*, or None (no entry, another key, or not readable).
    An entry read is marked used (see ``UNUSED_FOR``)."""
    path = entry(kind, name)
    try:
        with open(path, "rb") as file:
            marked = os.fstat(file.fileno()).st_mtime
            stored_key, value = marshal.loads(file.read())
    except (OSError, EOFError, ValueError, TypeError):  # none yet, unreadable, or not an entry
        return None
    if stored_key != [*VERSION, *key]:
        return None  # made for another version: not a use of it
    if time.time() - marked > USE_MARKED_EVERY:
        try:
            os.utime(path)
        except OSError:  # a read-only cache: read, never pruned by this user
            pass
    return value


def write(kind: str, name: str, key: list, value) -> None:
    """Store *value* (of types ``marshal`` writes) for *name* under *key*; silently nothing when
    the cache folder cannot be written."""
    path = entry(kind, name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(marshal.dumps([[*VERSION, *key], value]))
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except (OSError, ValueError):  # a read-only or full disk; a value marshal cannot write
        pass
    _prune_when_due()


def _prune_when_due() -> None:
    """``prune``, unless another write did less than ``PRUNED_EVERY`` ago."""
    stamp = directory() / PRUNED_STAMP
    try:
        if time.time() - stamp.stat().st_mtime < PRUNED_EVERY:
            return
    except OSError:  # never pruned yet
        pass
    try:
        stamp.touch()  # first: another process writing meanwhile need not prune too
    except OSError:  # a cache that cannot be written cannot be pruned either
        return
    prune()


def prune() -> None:
    """Remove the entries of every kind not used for ``UNUSED_FOR`` seconds, and temporary files
    abandoned by writers; a file that cannot be removed is left as it is."""
    now = time.time()
    try:
        with os.scandir(directory()) as found:
            folders = [folder.path for folder in found if folder.is_dir(follow_symlinks=False)]
        for folder in folders:
            with os.scandir(folder) as files:
                stale = [file.path for file in files if _stale(file, now)]
            for path in stale:
                try:
                    os.unlink(path)
                except OSError:  # removed by another process, or held open (Windows): never a build's problem
                    pass
    except OSError:  # no cache yet, or a folder not readable: nothing more is removed this time
        pass


def _stale(file: os.DirEntry, now: float) -> bool:
    """Whether *file*, in a kind's folder, is an entry not used for ``UNUSED_FOR`` or a temporary
    file abandoned by its writer (anything else there is not docgen's, and stays)."""
    if file.name.endswith(".marshal"):
        kept = UNUSED_FOR
    elif file.name.startswith(".") and file.name.endswith(".tmp"):
        kept = ABANDONED_AFTER
    else:
        return False
    try:
        return file.is_file(follow_symlinks=False) and now - file.stat(follow_symlinks=False).st_mtime > kept
    except OSError:  # gone already
        return False
