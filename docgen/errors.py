"""The one exception type for problems a user can cause and fix, and the words it says.

A message is written once, in English, as a ``str.format`` template with named
placeholders, and its parameters are given beside it::

    raise DocgenError("unknown wire {name!r}", field="wire", name=name)

The template is what docgen's catalogue translates: Babel extracts the first
argument of every ``DocgenError(...)`` and ``Message(...)`` call (see
``docgen.i18n.workflow.docgen_domain``), so a template must be a literal there,
never an f-string.  The parameters are data (file names, field names, values)
and fill the template in any language.  ``DocgenError.translate`` decides the
language; the command line sets it to the user's, everything else gets English.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

import click


def N_(message: str) -> str:
    """Mark *message* for extraction without translating it here (it is looked up later)."""
    return message


def _english(template: str) -> str:
    return template


class Message(str):
    """English words docgen says that remember their template and parameters, so that
    they can be said again in another language.

    It *is* the English text (a ``str``: compared, printed and joined as one), so a
    problem can be handed around as text and still become a translated error::

        Message("URL {url} missing from the translation", url=url)

    A parameter that is itself a ``Message`` is translated with it.  Without parameters
    the template is the text as it stands: its braces are not placeholders.
    """

    template: str
    params: dict

    def __new__(cls, template: str, /, **params) -> "Message":
        self = super().__new__(cls, template.format(**params) if params else template)
        self.template, self.params = str(template), params
        return self

    def translated(self, translate: Callable[[str], str]) -> str:
        """The words through *translate* (a gettext function); English when the
        translation cannot be filled in (a catalogue edited by hand)."""
        # gettext("") is the catalogue's header, not the empty string.
        said = translate(self.template) if self.template else self.template
        if not self.params:
            return said
        params = {k: v.translated(translate) if isinstance(v, Message) else v for k, v in self.params.items()}
        try:
            return said.format(**params)
        except (KeyError, IndexError, ValueError, AttributeError):
            return str(self)

    def __reduce__(self):
        # The default would rebuild it from the English text alone, as a template.
        return _message, (self.template, self.params)


def _message(template: str, params: dict) -> Message:
    return Message(template, **params)


def joined(separator: str, messages: Iterable[str]) -> Message:
    """*messages* one after another, each said in the user's language when it is a ``Message``
    (the separator stays as it is: the template is not in the catalogue)."""
    params = {f"part{n}": message for n, message in enumerate(messages)}
    return Message(separator.join("{" + name + "}" for name in params), **params)


class DocgenError(click.ClickException):
    """Bad input: a message that names the file, line and field where known.

    *message* is a template filled in by *params* (see the module's docstring); a
    ``Message`` given without params brings its own, so another error's words can be
    raised again elsewhere: ``DocgenError(err.message, field="--wire")``.  ``file``,
    ``line`` and ``field`` are the location, never a template's placeholders.

    Anything else raised inside docgen is a bug and keeps its traceback.
    """

    exit_code = 2
    translate: Callable[[str], str] = staticmethod(_english)
    """Says a template in the user's language: docgen's catalogue's gettext.  English
    unless the command line sets it; read through the class, not an instance."""

    def __init__(
        self,
        message: str,
        /,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
        **params,
    ) -> None:
        if isinstance(message, Message) and not params:
            message, params = message.template, message.params
        super().__init__(Message(message, **params))
        self.template, self.params = str(message), params
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field
        self.more: tuple[DocgenError, ...] = ()
        """Further problems found in the same input at the same time (every field of a
        front matter that is wrong), reported after this one."""

    def __reduce__(self):
        # Keyword-only arguments: the default pickling would lose the location and the
        # parameters on the way back from a worker process.
        return _restore, (type(self), self.template, self.params, self.file, self.line, self.field, self.more)

    def located(self, *, file=None, line=None, field=None) -> "DocgenError":
        """A copy with missing location parts filled in."""
        copy = type(self)(
            self.template,
            file=self.file or file,
            line=self.line or line,
            field=self.field or field,
            **self.params,
        )
        copy.more = tuple(error.located(file=file, line=line, field=field) for error in self.more)
        return copy

    def every(self) -> list["DocgenError"]:
        """This problem and the others found with it."""
        return [self, *self.more]

    def format_message(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line) if p is not None)
        parts = [p for p in (where, self.field) if p]
        return ": ".join(parts + [self.message.translated(DocgenError.translate)])

    __str__ = format_message

    def show(self, file=None) -> None:
        """As click shows it, with its frame in the user's language too."""
        for error in self.every():
            frame = Message("Error: {message}", message=error.format_message()).translated(DocgenError.translate)
            click.echo(frame, file=file, err=file is None, color=self.show_color)


def _restore(kind: type, template: str, params: dict, file, line, field, more=()) -> DocgenError:
    error = kind(template, file=file, line=line, field=field, **params)
    error.more = more
    return error
