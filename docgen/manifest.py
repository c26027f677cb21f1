"""What each output was made from, so that an unchanged output is skipped.

Kept in ``<out>/.docgen-manifest.json``: per source file, its slug and
language, and per output the settings fingerprint and the files it depends on
(size, mtime and, for files under 1 MB, a SHA-256, so a touched but unchanged
file does not force a rebuild; fonts and other large files go by size and
mtime).  A file recorded as absent (a catalogue not written yet) counts as a
dependency too: creating it makes the output stale.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Sequence

from docgen.files import write_atomic

FILE = ".docgen-manifest.json"
VERSION = 1
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
        with open(path, "rb") as stream:
            digest = hashlib.sha256(stream.read()).hexdigest()
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


class Manifest:
    def __init__(self, out_dir: Path, data: dict):
        self.path = out_dir / FILE
        self.sources: dict = data.get("sources", {})
        self._states: dict[str, list | None] = {}
        self._changed = False

    @classmethod
    def load(cls, out_dir: Path) -> "Manifest":
        try:
            data = json.loads((out_dir / FILE).read_text("utf-8"))
        except (OSError, ValueError):
            data = {}
        return cls(out_dir, data if data.get("version") == VERSION else {})

    def stale(self, source: Path, formats: Sequence[str], locales: Sequence[str], keys: dict[str, str], out_dir: Path) -> set[str] | None:
        """The outputs of *source* to rebuild; None: the whole release (never built, or its source changed)."""
        from docgen import i18n
        from docgen.build import output_path

        entry = self.sources.get(str(source))
        if entry is None or not _unchanged(str(source), entry["source"]):
            return None
        outputs = entry["outputs"]
        stale = set()
        for tag in locales or (entry["language"],):
            locale = i18n.parse_locale(tag).tag
            for fmt in formats:
                target = str(output_path(out_dir, entry["slug"], locale, fmt))
                record = outputs.get(target)
                if (record is None or record["key"] != keys[fmt] or not os.path.exists(target)
                        or not all(_unchanged(dep, state) for dep, state in record["depends"].items())):
                    stale.add(target)
        return stale

    def record(self, source: Path, slug: str, language: str, target: str, key: str, depends: Sequence[str]) -> None:
        self._changed = True
        entry = self.sources.get(str(source))
        if entry is None or entry["slug"] != slug:
            entry = self.sources[str(source)] = {"slug": slug, "language": language, "outputs": {}}
        entry["source"] = self._state(str(source))
        entry["language"] = language
        entry["outputs"][target] = {"key": key, "depends": {dep: self._state(dep) for dep in depends}}

    def _state(self, path: str) -> list | None:
        if path not in self._states:  # once per build: many outputs share fonts and catalogues
            self._states[path] = _state(path)
        return self._states[path]

    def forget(self, source: Path, outputs: set[str] | None = None) -> None:
        """Forget what *source*'s outputs were made from (only *outputs*, when given)."""
        if outputs is None:
            if self.sources.pop(str(source), None) is not None:
                self._changed = True
            return
        entry = self.sources.get(str(source))
        for output in outputs & set(entry["outputs"]) if entry else ():
            del entry["outputs"][output]
            self._changed = True

    def outputs(self, source: Path) -> list[str]:
        entry = self.sources.get(str(source))
        return sorted(entry["outputs"]) if entry else []

    def slug(self, source: Path) -> str:
        return self.sources[str(source)]["slug"]

    def save(self) -> None:
        """Write the manifest if this build changed it (a refused build leaves no output folder)."""
        if not self._changed:
            return
        data = {"version": VERSION, "sources": self.sources}
        write_atomic(self.path, json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False).encode("utf-8"))
