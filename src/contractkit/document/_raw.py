"""What readers produce: light, mutable pages of lines and words, before cleanup.

Readers yield one ``RawPage`` at a time (closing their PDF page objects as they go); cleanup
orders, filters and joins them into the frozen model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from contractkit.document.model import BBox, PageSource


@dataclass(slots=True)
class RawWord:
    """A word as read, text not yet normalised."""

    text: str
    bbox: BBox | None
    confidence: float | None = None
    bold: bool = False
    italic: bool = False


@dataclass(slots=True)
class RawLine:
    """A line, or a segment of one split at a wide gap.

    ``block`` groups the lines of a paragraph for sources without geometry.
    """

    words: list[RawWord]
    bbox: BBox | None
    font_size: float | None = None
    block: int = 0

    @property
    def text(self) -> str:
        """The words joined by spaces."""
        return " ".join(w.text for w in self.words)


@dataclass(slots=True)
class RawPage:
    """One page as read. ``geometry`` is False for sources whose layout is their order."""

    index: int
    width: float | None
    height: float | None
    source: PageSource
    lines: list[RawLine] = field(default_factory=list)
    geometry: bool = True
    rotation: int = 0
    skew: float = 0.0
    mean_confidence: float | None = None


def styled_words(chars: list[tuple[str, bool, bool]]) -> list[RawWord]:
    """Split (character, bold, italic) runs at white space into words without geometry.

    Punctuation often sits outside a styled run ("**Term**."), so a word is bold or italic
    when all its letters and digits are.
    """
    words: list[RawWord] = []
    word: list[tuple[str, bool, bool]] = []
    for item in [*chars, (" ", False, False)]:
        if not item[0].isspace():
            word.append(item)
            continue
        if word:
            styled = [(b, i) for c, b, i in word if c.isalnum()] or [(b, i) for _, b, i in word]
            text = "".join(c for c, _, _ in word)
            words.append(
                RawWord(text, None, None, all(b for b, _ in styled), all(i for _, i in styled))
            )
            word = []
    return words


def union(boxes: list[BBox]) -> BBox:
    """The box around ``boxes`` (not empty)."""
    return BBox(
        min(b.x0 for b in boxes),
        min(b.top for b in boxes),
        max(b.x1 for b in boxes),
        max(b.bottom for b in boxes),
    )
