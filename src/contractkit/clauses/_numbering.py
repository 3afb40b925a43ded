"""Clause numbers: the styles contracts print, what each is worth, and whether it is in sequence.

Real filings (issue 14) put a cross-reference at the start of a line ("Section 5.2 of the
Lease shall…", "Article 1251 et seq.") and run whole pages into one line, so a number is a
clause start only when it reads as one: not followed by a reference's words, and in sequence
with the numbers before it (``2.3`` after ``2.2`` or ``2``; ``(c)`` after ``(b)``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

__all__ = ["MAY_BE_NUMBER", "NUMBER", "REFERENCE_AFTER", "Sequence", "number_key", "roman_value"]

_UNITS = [
    "ONE",
    "TWO",
    "THREE",
    "FOUR",
    "FIVE",
    "SIX",
    "SEVEN",
    "EIGHT",
    "NINE",
    "TEN",
    "ELEVEN",
    "TWELVE",
    "THIRTEEN",
    "FOURTEEN",
    "FIFTEEN",
    "SIXTEEN",
    "SEVENTEEN",
    "EIGHTEEN",
    "NINETEEN",
]
_TENS = ["TWENTY", "THIRTY", "FORTY", "FIFTY", "SIXTY", "SEVENTY", "EIGHTY", "NINETY"]
#: ``EIGHTEEN``, ``Twenty-One``: numbers set in words, as some filings number their sections.
NUMBER_WORDS: dict[str, int] = {w: i + 1 for i, w in enumerate(_UNITS)}
NUMBER_WORDS.update({w: 20 + 10 * i for i, w in enumerate(_TENS)})
NUMBER_WORDS.update(
    {f"{t}-{u}": 20 + 10 * i + j + 1 for i, t in enumerate(_TENS) for j, u in enumerate(_UNITS[:9])}
)
_WORDS = r"(?:(?:{tens})(?:-(?:{units}))?|{units})".format(
    tens="|".join(_TENS), units="|".join(sorted(_UNITS, key=len, reverse=True))
)
_WORDS_ANY_CASE = rf"(?:{_WORDS}|{_WORDS.title()})"

NUMBER = re.compile(
    rf"^(?:(?P<article>(?:ARTICLE|Article)\s+(?:[IVXLC]+|\d+|{_WORDS_ANY_CASE}))\b\.?"
    rf"|(?P<section>(?:SECTION|Section|CLAUSE|Clause)\s+(?:\d{{1,3}}(?:\.\d{{1,3}})*"
    rf"|{_WORDS_ANY_CASE}\b))(?:\.?(?=\s|$)|\.(?=[A-Z][A-Za-z]))"
    r"|(?P<schedule>(?:SCHEDULE|Schedule|EXHIBIT|Exhibit|APPENDIX|Appendix|ANNEX|Annex"
    r"|ADDENDUM|Addendum|ATTACHMENT|Attachment)\s+(?:\d{1,2}|[A-Z]|[IVX]{1,4})\b(?!\.\d))\.?"
    r"|(?P<decimal>\d{1,3}(?:\.\d{1,3})+|\d{1,3}(?=\.\s)|\d{1,2}(?=\.[A-Z][A-Za-z])"
    r"|\d{1,3}\.[A-Z](?=\.\s))"  # "2.A. GRANT OF FRANCHISE": a lettered section
    r"(?:\.?(?=\s|$)|\.(?=[A-Z][A-Za-z]))"  # "1.Grant of Rights": a PDF lost the space
    r"|\((?P<paren>[a-z]{1,4}|[A-Z]{1,4}|\d{1,2})\)"
    r"|(?P<outline>[IVX]{1,6}|[A-Z])\.(?=\s+[A-Z\"“(]))"
)

#: A cheap test on a word before :data:`NUMBER` is tried on the text from it.
MAY_BE_NUMBER = re.compile(
    r"^(?:\d|\(|[IVX]+\.|[A-Z]\.|(?i:article|section|clause|schedule|exhibit|appendix|annex"
    r"|addendum|attachment)$)"
)

#: Words after a number that make it a reference in a sentence, not a clause's start.
REFERENCE_AFTER = re.compile(
    r"^[\s,]*(?:(?i:of|shall|will|may|hereof|hereto|herein|hereunder|et\s+seq|attached)\b"
    r"|(?:and|or|to|through|above|below|is|are|has|have|in\s+(?:the|this))\b|\)|,|-\d)"
)

#: The same after a bracketed item, whose text often opens in lower case ("(a) to charge").
ITEM_REFERENCE_AFTER = re.compile(
    r"^[\s,]*(?:(?i:hereof|hereto|herein|hereunder|et\s+seq|above|below)\b"
    r"|of\s+(?:this|the|such)\b|and\s+\(|or\s+\(|\)|,|-\d)"
)

_ROMAN_DIGITS = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_ROMAN = re.compile(r"^(?=[ivxlc]+$)(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")


def roman_value(token: str) -> int | None:
    """``iv`` → 4; ``None`` when ``token`` is not a well-formed roman numeral."""
    lower = token.lower()
    if not lower or not _ROMAN.match(lower):
        return None
    total = 0
    for i, char in enumerate(lower):
        value = _ROMAN_DIGITS[char]
        following = _ROMAN_DIGITS[lower[i + 1]] if i + 1 < len(lower) else 0
        total += -value if value < following else value
    return total


def _count(token: str) -> int | None:
    """What a number printed as a figure, a roman numeral or in words counts to."""
    token = token.strip(".")
    if token.isdigit():
        return int(token)
    if (words := NUMBER_WORDS.get(token.upper())) is not None:
        return words
    return roman_value(token)


def number_key(match: re.Match[str]) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """The sequences a matched number may belong to, each with its position in it.

    ``2.3`` and ``Section 2.3`` are ``("decimal", (2, 3))``; ``ARTICLE IV`` is
    ``("article", (4,))``; ``(i)`` is both the ninth letter and the first roman numeral, so
    it has two keys. A schedule has none: its numbering starts again inside it.
    """
    return _keys(match.group("article", "section", "decimal", "outline", "paren"))


@functools.lru_cache(maxsize=4096)
def _keys(groups: tuple[str | None, ...]) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """:func:`number_key` of a match's groups, kept: the same numbers come back page after page."""
    return tuple(_find_keys(*groups))


def _find_keys(
    article: str | None,
    section: str | None,
    decimal: str | None,
    outline: str | None,
    token: str | None,
) -> list[tuple[str, tuple[int, ...]]]:
    if value := article:
        count = _count(value.split()[-1])
        return [("article", (count,))] if count is not None else []
    if value := section:
        figure = value.split()[-1]
        if "." in figure:
            return [("decimal", tuple(int(p) for p in figure.split(".")))]
        count = _count(figure)
        return [("section", (count,))] if count is not None else []
    if value := decimal:
        parts = value.rstrip(".").split(".")
        return [("decimal", tuple(int(p) if p.isdigit() else ord(p) - 64 for p in parts))]
    if value := outline:  # "II." or "B.": a roman numeral or a letter
        keys: list[tuple[str, tuple[int, ...]]] = []
        if len(value) == 1:
            keys.append(("outline-alpha", (ord(value) - ord("A") + 1,)))
        if (roman := roman_value(value)) is not None:
            keys.append(("outline-roman", (roman,)))
        return keys
    if token is None:
        return []
    if token.isdigit():
        return [("paren-digit", (int(token),))]
    case = "lower" if token.islower() else "upper"
    keys = []
    if len(token) == 1:
        keys.append((f"paren-{case}", (ord(token.lower()) - ord("a") + 1,)))
    elif len(set(token)) == 1 and token.isalpha():  # (aa), (bb): letters after (z)
        keys.append((f"paren-{case}", (26 * (len(token) - 1) + ord(token[0].lower()) - 96,)))
    if (roman := roman_value(token)) is not None:
        keys.append((f"paren-{case}-roman", (roman,)))
    return keys


@dataclass
class Sequence:
    """The last number seen in each sequence, to tell a clause start from a stray number.

    Attributes:
        last: Per sequence (``decimal``, ``article``, ``paren-lower``…), the last number.
    """

    last: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def plausible(self, match: re.Match[str], *, slack: int = 2) -> bool:
        """Whether the number follows the last of its sequence (skipping up to ``slack``).

        A first number of its sequence is plausible when it is near the start (``1``,
        ``1.1``, ``(a)``); a decimal may also open a sub-level (``2.3`` → ``2.3.1``) or move
        up (``2.3`` → ``3`` or ``3.1``).
        """
        keys = number_key(match)
        if match.group("schedule"):
            return True
        return any(self._follows(family, key, slack) for family, key in keys)

    def _follows(self, family: str, key: tuple[int, ...], slack: int) -> bool:
        if family != "decimal":
            last = self.last.get(family)
            if last is None:
                return key[0] <= 1 + slack
            return 1 <= key[0] - last[0] <= slack + 1 or key[0] == 1
        heads = [self.last[f][0] for f in ("article", "section") if f in self.last]
        if key[0] in heads:
            return True  # 7.01 under ARTICLE 7
        decimals = [v for f, v in self.last.items() if f.startswith("decimal/")]
        if not decimals:
            return key[0] <= 1 + slack and all(k <= 1 + slack for k in key[1:])
        return any(_after(last, key, slack) for last in decimals)

    def note(self, match: re.Match[str]) -> None:
        """Record the number as the last of its sequences; a schedule starts them all again."""
        if match.group("schedule"):
            self.last.clear()
            return
        keys = number_key(match)
        for family, key in keys:
            # decimals are kept per depth: "2.2" follows "2.1" across a list "1. 2. 3." in it
            self.last[f"decimal/{len(key)}" if family == "decimal" else family] = key
        if any(not family.startswith("paren") for family, _ in keys):
            # a new section starts its lists again: its (a) is not after the last one's (f)
            for family in [f for f in self.last if f.startswith("paren")]:
                del self.last[family]


def _after(last: tuple[int, ...], key: tuple[int, ...], slack: int) -> bool:
    """``key`` comes after ``last``: one level down (``2.3.1``) or the next at some level."""
    if key[: len(last)] == last and len(key) > len(last):
        return all(k <= 1 + slack for k in key[len(last) :])
    for depth in range(min(len(last), len(key))):
        if key[depth] != last[depth]:
            # the first place they differ: one step on there (a few skipped), then 1s below
            step = key[depth] - last[depth]
            return 1 <= step <= slack + 1 and all(k <= 1 for k in key[depth + 1 :])
    return False
