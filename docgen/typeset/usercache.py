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
"""
from __future__ import annotations

import marshal
import os
import sys
import tempfile
from hashlib import sha256
from pathlib import Path

from docgen import __version__

VERSION = [__version__, marshal.version, list(sys.version_info[:2])]
"""Part of every key: docgen's version and the format of ``marshal`` (Python's version)."""


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
    """The value stored for *name* under *key*, or None (no entry, another key, or not readable)."""
    try:
        stored_key, value = marshal.loads(entry(kind, name).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):  # none yet, unreadable, or not an entry
        return None
    return value if stored_key == [*VERSION, *key] else None


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
