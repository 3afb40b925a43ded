"""Clause numbers: the next free number in a section, and renumbering on request.

Contracts number their sections ``7``, ``Section 7``, ``ARTICLE VII`` or ``ARTICLE 7`` and
their sub-clauses ``7.1`` or ``7.01``; items are ``(a)``. By default a new clause takes a
number no clause has (``18.7`` after ``18.6``, ``18.6A`` or ``21A`` between two), so every
existing number and cross-reference stays as it is (issue 16). When renumbering is asked
for, later sections move up by one, their sub-clauses follow, and references in the text
("see Section 9.2", "Sections 8.1 and 8.2", "Article IV") are rewritten to match.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from contractkit.clauses._numbering import NUMBER_WORDS

__all__ = [
    "free_sibling",
    "next_sibling",
    "references",
    "renumber",
    "renumber_references",
    "suffixed",
    "top_value",
]

_TOP = re.compile(r"^(?P<pre>(?:[A-Za-z]+\s+)?)(?P<n>\d+|[IVXLCDM]+)$")
#: ``ARTICLE TWO``, ``Section Twenty-One``: sections numbered in words.
_WORDED = re.compile(r"^(?P<pre>[A-Za-z]+\s+)(?P<n>[A-Za-z]+(?:-[A-Za-z]+)?)$")
_SUB = re.compile(r"^(?P<n>\d+)(?P<rest>(?:\.\d+)+)$")
_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
_ONE_REF = r"(?:\d+|[IVXLC]+)(?:\.\d+)*(?:\([a-z0-9]+\))*"
_REFERENCE = re.compile(
    rf"\b(?P<word>Sections?|Clauses?|Articles?|Paragraphs?|§§?)\s+"
    rf"(?P<refs>{_ONE_REF}(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|to|through)\s+|\s*[-–]\s*)"
    rf"{_ONE_REF})*)",
    re.IGNORECASE,
)
_REF_NUMBER = re.compile(rf"{_ONE_REF}")


def roman_value(text: str) -> int | None:
    """The value of an upper-case Roman numeral, or ``None``."""
    values = dict((letter, value) for value, letter in _ROMAN if len(letter) == 1)
    if not text or any(ch not in values for ch in text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = values[ch]
        total += -value if i + 1 < len(text) and values[text[i + 1]] > value else value
    return total if to_roman(total) == text else None


def to_roman(number: int) -> str:
    """``number`` as an upper-case Roman numeral."""
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def top_value(number: str | None) -> int | None:
    """The section a number belongs to: 7 for ``7``, ``7.2``, ``Section 7``, ``ARTICLE VII``."""
    if not number:
        return None
    if match := _SUB.match(number):
        return int(match.group("n"))
    if match := _TOP.match(number):
        n = match.group("n")
        return int(n) if n.isdigit() else roman_value(n)
    if match := _WORDED.match(number):
        return NUMBER_WORDS.get(match.group("n").upper())
    return None


def with_top(number: str, value: int) -> str:
    """``number`` moved to section ``value``, in the same style (``ARTICLE VIII``, ``8.01``)."""
    if match := _SUB.match(number):
        return f"{value}{match.group('rest')}"
    if match := _TOP.match(number):
        n = match.group("n")
        return match.group("pre") + (str(value) if n.isdigit() else to_roman(value))
    words = {v: w for w, v in NUMBER_WORDS.items()}
    if (match := _WORDED.match(number)) and value in words:
        word = words[value]
        n = match.group("n")
        return match.group("pre") + (word if n.isupper() else word.title())
    return number


def renumber(number: str | None, moves: Mapping[int, int]) -> str | None:
    """The new number of a clause when sections move (``moves``: old value → new value)."""
    value = top_value(number)
    if number is None or value is None or moves.get(value, value) == value:
        return number
    return with_top(number, moves[value])


def next_sibling(number: str) -> str:
    """The number after ``number`` at the same depth: ``6.5`` → ``6.6``, ``1.05`` → ``1.06``."""
    if match := re.match(r"^(.*?)(\d+)$", number):
        head, last = match.groups()
        return f"{head}{int(last) + 1:0{len(last)}d}"
    if match := re.match(r"^\(([a-z])\)$", number):
        return f"({chr(ord(match.group(1)) + 1)})"
    return number


def suffixed(number: str) -> str:
    """A number between ``number`` and the next: ``21`` → ``21A``, ``21A`` → ``21B``.

    Roman numerals take a hyphen (``ARTICLE IV-A``) and items a figure (``(c-1)``), so the
    letter cannot be read as part of the number.
    """
    if match := re.match(r"^(.*\d)([A-Z])$|^(.*-)([A-Z])$", number):
        head, letter = (match.group(1), match.group(2)) if match.group(1) else match.group(3, 4)
        return f"{head}{chr(ord(letter) + 1)}"
    if match := re.match(r"^\((.+?)(?:-(\d+))?\)$", number):
        return f"({match.group(1)}-{int(match.group(2) or 0) + 1})"
    if re.search(r"\d$", number):
        return f"{number}A"
    return f"{number}-A"


def free_sibling(after: str, used: Collection[str], *, last: bool = True) -> str:
    """The number of a clause inserted after ``after`` that no clause in ``used`` has.

    The next sibling (``18.6`` → ``18.7``) when ``after`` is the last of its siblings and
    that number is free, else a suffixed one (``18.6A``).
    """
    following = next_sibling(after)
    if last and following != after and following not in used:
        return following
    number = suffixed(after)
    while number in used:
        number = suffixed(number)
    return number


def references(text: str) -> list[str]:
    """The cross-references in ``text`` as written (``Section 9.2``, ``Articles IV and V``)."""
    return [" ".join(m.group(0).split()) for m in _REFERENCE.finditer(text)]


def renumber_references(text: str, moves: Mapping[int, int]) -> str:
    """``text`` with every cross-reference to a moved section rewritten."""
    if not moves:
        return text

    def one(ref: re.Match[str], roman: bool) -> str:
        number = ref.group(0)
        head = re.match(r"^[^(]+", number)
        base = head.group(0) if head else number
        value = top_value(base)
        if value is None or (base.isalpha() and not roman) or moves.get(value, value) == value:
            return number
        return with_top(base, moves[value]) + number[len(base) :]

    def group(match: re.Match[str]) -> str:
        roman = match.group("word").lower().startswith("article")
        refs = _REF_NUMBER.sub(lambda ref: one(ref, roman), match.group("refs"))
        return match.group(0)[: match.start("refs") - match.start(0)] + refs

    return _REFERENCE.sub(group, text)
