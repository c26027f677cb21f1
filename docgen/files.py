"""Writing files so that a reader never sees half of one, and a release's outputs
land together or not at all."""
from __future__ import annotations

import contextlib
import os
import secrets
import signal
import tempfile
import threading
from pathlib import Path
from typing import Mapping

from docgen.errors import DocgenError

TEMPORARY_PREFIX = ".docgen-"
"""Temporary and backup files are ``.docgen-<random>.tmp`` / ``.old`` beside their target:
short whatever the target's name, so a long slug cannot push them over the file-name limit."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()


def write_atomic(target: Path, data: bytes) -> None:
    """Write *data* to *target* so that readers see the old file or the new one, never a part."""
    write_all({Path(target): data})


def write_all(files: Mapping[Path, bytes]) -> None:
    """Write every file of *files* or none of them.

    Each is written in full to a temporary file beside its target (and synced), then all
    are renamed into place.  A failure while writing (a full disk, a name too long) removes
    the temporary files; a failure while renaming puts back the files that were there
    (kept as hard links until the end).  Either way the targets are as they were, and
    folders made for them are removed.  Ctrl-C waits until the set is written or undone.
    """
    with interrupts_deferred():
        made: list[Path] = []
        staged: dict[Path, str] = {}
        current = None
        try:
            for current, data in files.items():
                made += _make_folders(current.parent)
                staged[current] = _stage(current.parent, data)
            current = None
            _commit(staged)
        except OSError as err:
            for temporary in staged.values():
                _remove(temporary)
            for folder in reversed(made):
                with contextlib.suppress(OSError):
                    folder.rmdir()
            where = current or getattr(err, "target", None) or next(iter(files))
            raise DocgenError("cannot write output: {reason}", file=where, reason=err.strerror or str(err)) from None
        except BaseException:
            for temporary in staged.values():
                _remove(temporary)
            raise


def _make_folders(folder: Path) -> list[Path]:
    """Make *folder* and its missing parents; the ones made, outermost first."""
    missing = []
    while not folder.is_dir() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    missing.reverse()
    for each in missing:
        try:
            each.mkdir()
        except FileExistsError:
            if not each.is_dir():
                raise NotADirectoryError(20, os.strerror(20), str(each)) from None
    return missing


def _stage(folder: Path, data: bytes) -> str:
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=TEMPORARY_PREFIX, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _FILE_MODE)
    except BaseException:
        _remove(temporary)
        raise
    return temporary


def _commit(staged: dict[Path, str]) -> None:
    """Rename every staged file over its target; on a failure, undo the renames done."""
    backups: dict[Path, str | None] = {}
    try:
        for target, temporary in staged.items():
            backups[target] = _backup(target)
            try:
                os.replace(temporary, target)
            except OSError as err:
                err.target = target
                raise
            staged[target] = ""  # renamed: nothing left to remove
    except BaseException:
        for target, backup in backups.items():
            if staged[target]:
                # Not renamed: its target is untouched.
                if backup:
                    _remove(backup)
                continue
            with contextlib.suppress(OSError):
                if backup:
                    os.replace(backup, target)
                else:
                    os.unlink(target)
        raise
    for backup in backups.values():
        if backup:
            _remove(backup)


def _backup(target: Path) -> str | None:
    """A second name (a hard link) for *target*'s current file, to put back on failure."""
    if not os.path.isfile(target):
        return None
    for _attempt in range(100):
        backup = os.path.join(target.parent, f"{TEMPORARY_PREFIX}{secrets.token_hex(6)}.old")
        try:
            os.link(target, backup)
            return backup
        except FileExistsError:
            continue
    raise FileExistsError(17, os.strerror(17), str(target))


def _remove(path: str) -> None:
    if path:
        with contextlib.suppress(OSError):
            os.unlink(path)


@contextlib.contextmanager
def interrupts_deferred():
    """Hold back Ctrl-C (SIGINT) until the block is done, so files are never left half
    replaced; a second Ctrl-C interrupts at once.  Only the main thread can do this."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)
    if not callable(previous):  # SIG_IGN, or a handler not set from Python: leave it alone
        yield
        return
    received = []

    def hold(signum, frame):
        if received:
            previous(signum, frame)
        received.append(frame)

    signal.signal(signal.SIGINT, hold)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:
            previous(signal.SIGINT, received[0])
