"""How the PDF's blocks go onto pages so that nothing is stranded.

- A heading starts a page only with at least two lines of what follows it (``RoomFor``,
  a conditional frame break: ReportLab's ``keepWithNext`` would move a whole long
  paragraph with it and leave half a page blank).
- The release's end (SOURCE line, the wire's closing lines, the end mark) stays with the
  last two lines of the text before it (``Tail``): never an end mark alone on a page.
- A photo and its caption are one flowable (``Photo``): never apart.  A photo that does
  not fit the rest of the page is scaled down, to ``Photo.SMALLEST`` of its size, before
  it is moved to the next page.
Paragraphs keep at least two lines at the foot and at the head of a page
(``TextBlock.split``).
"""
from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Image, Spacer

from docgen.render.pdf_text import TextBlock

LINES_KEPT = 2


def _lines_needed(block: TextBlock, width: float) -> int:
    """Lines of *block* that must share a page with what comes before (or after) it: all of a
    short paragraph (it cannot split with two lines each side), else two."""
    count = block.line_count(width)
    return count if count < 2 * LINES_KEPT else LINES_KEPT


class RoomFor(CondPageBreak):
    """A frame break before *heading* unless the heading and the start of *following* fit."""

    def __init__(self, heading: TextBlock, following: Flowable | None):
        super().__init__(0)
        self.heading, self.following = heading, following

    def wrap(self, availWidth, availHeight):
        if _at_top(self):
            return 0, 0  # at the top of a page: moving on would not help
        self.height = self._needed(availWidth)
        return super().wrap(availWidth, availHeight)

    def _needed(self, width: float) -> float:
        # The frame puts the heading's space before it (RoomFor itself is not at the top).
        height = self.heading.getSpaceBefore() + self.heading.wrap(width, 1e9)[1] + self.heading.getSpaceAfter()
        following = self.following
        if isinstance(following, TextBlock):
            following.wrap(width, 1e9)
            height += following.getSpaceBefore() + _lines_needed(following, width) * following.style.leading
        elif following is not None:
            height += following.getSpaceBefore() + following.wrap(width, 1e9)[1]
        return height


class Tail(Flowable):
    """The last text block and the release's end (SOURCE line, closing lines, end mark):
    the end is never on a page without at least two lines of the text before it."""

    def __init__(self, block: TextBlock, end: list[Flowable]):
        super().__init__()
        self.block, self.end = block, end

    def _items(self) -> list[Flowable]:
        return [self.block, *self.end]

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = self._stack_height(self._items(), availWidth)
        return self.width, self.height

    @staticmethod
    def _stack_height(items: list[Flowable], width: float) -> float:
        height = 0.0
        for n, item in enumerate(items):
            if n:
                height += max(items[n - 1].getSpaceAfter(), item.getSpaceBefore())
            height += item.wrap(width, 1e9)[1]
        return height

    def getSpaceBefore(self):
        return self.block.getSpaceBefore()

    def getSpaceAfter(self):
        return self.end[-1].getSpaceAfter() if self.end else self.block.getSpaceAfter()

    def split(self, availWidth, availHeight):
        lines = self.block.line_count(availWidth)
        # Lines of the block that fit here, leaving LINES_KEPT to go over with the end.
        here = min(int(availHeight // self.block.style.leading), lines - LINES_KEPT)
        if here < LINES_KEPT:
            # At the top of a page the end cannot go further: let the block and the end break as
            # they can (a page too small for them, in a house style of huge type).
            return [self.block, *self.end] if _at_top(self) else []
        first, rest = self.block.split_at(here)
        return [first, Tail(rest, self.end)]

    def draw(self):
        y = self.height
        items = self._items()
        for n, item in enumerate(items):
            if n:
                y -= max(items[n - 1].getSpaceAfter(), item.getSpaceBefore())
            _w, h = item.wrap(self.width, 1e9)
            item.drawOn(self.canv, 0, y - h)
            y -= h


class Photo(Flowable):
    """A photo and its caption, never apart; scaled down (to SMALLEST of its size) to fit the
    rest of a page before it is moved to the next."""

    SMALLEST = 0.6
    """A photo may shrink to this fraction of its width and height to stay on the page."""
    LIMIT = 110 * mm
    """The tallest a photo is set."""

    def __init__(self, data: bytes, pixels: tuple[int, int], caption: TextBlock, width: float, *, before: float, gap: float,
                 scale: float = 1.0, tag=None):
        super().__init__()
        self.tag = tag
        """Its ``Figure`` element (``docgen.render.pdf_tags``), which holds the caption's too."""
        self.data, self.pixels, self.caption, self.scale = data, pixels, caption, scale
        self.before, self.gap = before, gap
        """Space before the photo, and between it and its caption."""
        self.natural = self._natural(width)

    def _natural(self, width: float) -> tuple[float, float]:
        pixel_width, pixel_height = self.pixels
        height = width * pixel_height / pixel_width
        if height > self.LIMIT:
            width, height = width * self.LIMIT / height, self.LIMIT
        return width, height

    def _size(self) -> tuple[float, float]:
        return self.natural[0] * self.scale, self.natural[1] * self.scale

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        caption = self.caption.wrap(availWidth, 1e9)[1]
        self.height = self._size()[1] + self.gap + caption
        return self.width, self.height

    def getSpaceBefore(self):
        return self.before

    def getSpaceAfter(self):
        return self.caption.getSpaceAfter()

    def split(self, availWidth, availHeight):
        caption = self.caption.wrap(availWidth, 1e9)[1]
        room = availHeight - self.gap - caption
        scale = room / self.natural[1]
        if scale >= self.SMALLEST or (_at_top(self) and scale > 0):  # a fresh page is all there is
            return [Photo(self.data, self.pixels, self.caption, self.natural[0], before=self.before, gap=self.gap, scale=min(scale, 1.0),
                          tag=self.tag)]
        return []

    def draw(self):
        width, height = self._size()
        image = Image(io.BytesIO(self.data), width=width, height=height)
        tagger = getattr(self.canv, "tagger", None)
        if tagger is None or self.tag is None:
            image.drawOn(self.canv, 0, self.height - height)
        else:
            with tagger.content(self.canv, self.tag):
                image.drawOn(self.canv, 0, self.height - height)
        self.caption.drawOn(self.canv, 0, 0)


def _at_top(flowable: Flowable) -> bool:
    """Whether *flowable* is being placed at the top of its frame (moving on would not help)."""
    frame = flowable._doctemplateAttr("frame")
    return frame is not None and bool(getattr(frame, "_atTop", False))


def kept(story: list[Flowable]) -> list[Flowable]:
    """*story* with a ``RoomFor`` before each heading (a ``TextBlock`` with ``heading`` set)."""
    out: list[Flowable] = []
    for n, flowable in enumerate(story):
        if getattr(flowable, "heading", False):
            following = next((f for f in story[n + 1:] if not isinstance(f, Spacer)), None)
            out.append(RoomFor(flowable, following))
        out.append(flowable)
    return out
