"""The one exception type for problems a user can cause and fix."""
from __future__ import annotations

from pathlib import Path

import click


class DocgenError(click.ClickException):
    """Bad input: a message that names the file, line and field where known.

    Anything else raised inside docgen is a bug and keeps its traceback.
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field

    def __reduce__(self):
        # Keyword-only arguments: the default pickling would lose the location on the
        # way back from a worker process.
        return _restore, (self.message, self.file, self.line, self.field)

    def located(self, *, file=None, line=None, field=None) -> "DocgenError":
        """A copy with missing location parts filled in."""
        return DocgenError(
            self.message,
            file=self.file or file,
            line=self.line or line,
            field=self.field or field,
        )

    def format_message(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line) if p is not None)
        parts = [p for p in (where, self.field) if p]
        return ": ".join(parts + [self.message])

    __str__ = format_message


def _restore(message, file, line, field) -> DocgenError:
    return DocgenError(message, file=file, line=line, field=field)
