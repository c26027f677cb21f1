"""A house style as a build is given it: found and fingerprinted from its file without being
read, and read and checked (``docgen.style.load_style``: pydantic, its fonts, its reference
document) the first time an output is made with it.  A build whose outputs are all current
never loads the style.

The fingerprint is the style file itself (its place and bytes, and whether an ``html/``
folder stands beside it); the fonts, logo, reference document and templates it names are
each output's recorded dependencies, so a change to them is seen by the manifest."""
from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.manifest import fingerprint
from docgen.resources import DEFAULT_STYLE, shipped

if TYPE_CHECKING:
    from docgen.style import Style


@dataclass(frozen=True)
class HouseStyle:
    """The style a build uses: docgen's default, a style file, or one already loaded."""

    location: Path | None = None
    """A ``style.yaml`` or the folder holding one; None: docgen's default style."""
    allow_outside: bool = False
    """Let the style name files outside its folder."""
    wire_width: int | None = None
    """``--width``: hard-wrap wire copy at this many columns; None leaves paragraphs on one line."""
    given: Style | None = field(default=None, compare=False, repr=False)
    """A style loaded already (the preview server's, a test's): used as it is."""

    @classmethod
    def of(cls, style: Style) -> HouseStyle:
        return cls(wire_width=style.wire_width, given=style)

    @property
    def file(self) -> Path:
        """The ``style.yaml`` this style is read from."""
        path = Path(self.location) if self.location else shipped(DEFAULT_STYLE)
        return path / "style.yaml" if path.is_dir() else path

    def load(self) -> Style:
        """The style read and checked, the first time it is asked for (a DocgenError names what
        is wrong in it).  Kept, and sent to worker processes with the build's settings."""
        return self._loaded

    @functools.cached_property
    def _loaded(self) -> Style:
        if self.given is not None:
            return self.given
        from docgen.style import load_style

        return replace(load_style(self.location, allow_outside=self.allow_outside), wire_width=self.wire_width)

    @property
    def warnings(self) -> tuple:
        """What loading the style changed (``Style.warnings``); none when it was not loaded."""
        return self.__dict__["_loaded"].warnings if "_loaded" in self.__dict__ else ()

    def fingerprint(self) -> str:
        """What outputs made with this style depend on, short of the files it names."""
        if self.given is not None:
            return fingerprint(replace(self.given, wire_width=None))
        path = self.file
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            digest = None  # unreadable: loading it says why, if anything is to be made
        return fingerprint(str(path.resolve()), digest, (path.parent / "html").is_dir())
