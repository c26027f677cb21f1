"""pyphen's hyphenation dictionaries, their patterns kept in docgen's cache.

pyphen parses a ``hyph_*.dic`` file into a dictionary of patterns in each process: about 100 ms
for English, paid by the first Chinese PDF of a build with an English word to break.  The
parsed patterns are stored in docgen's cache (``usercache``) and given back to pyphen, which
hyphenates with them exactly as with its own parse (a pattern table is only data).
"""
from __future__ import annotations

import functools
import os
from pathlib import Path

KIND = "hyphenation"
"""The entries' folder in docgen's cache."""


@functools.cache
def dictionary(language: str, left: int, right: int):
    """pyphen's hyphenator for *language* (``en_US``, ``en_GB``: pyphen's names)."""
    import pyphen

    path = Path(pyphen.LANGUAGES[language])
    if path not in pyphen.hdcache:
        pyphen.hdcache[path] = _patterns(pyphen, path)  # Pyphen takes its parse from this table of pyphen's
    return pyphen.Pyphen(filename=path, left=left, right=right)


def _patterns(pyphen, path):
    """pyphen's ``HyphDict`` of the file at *path*, from the cache or parsed (and cached, when its
    patterns are plain numbers: nonstandard hyphenation is kept by pyphen as objects)."""
    from docgen.typeset import usercache

    stat = os.stat(path)
    name, key = os.path.abspath(path), [pyphen.__version__, stat.st_size, stat.st_mtime_ns]
    stored = usercache.read(KIND, name, key)
    if stored is None:
        parsed = pyphen.HyphDict(path)
        if all(type(start) is int and all(type(v) is int for v in values) for start, values in parsed.patterns.values()):
            usercache.write(KIND, name, key, [parsed.patterns, parsed.maxlen])
        return parsed
    patterns, maxlen = stored
    hyphenator = pyphen.HyphDict.__new__(pyphen.HyphDict)
    hyphenator.patterns, hyphenator.cache, hyphenator.maxlen = patterns, {}, maxlen  # what HyphDict.__init__ sets
    return hyphenator
