"""Literal gates for the rules' regular expressions: skip a search that cannot match.

The rule classifier runs every pattern of every category over every sentence: about 785,000
searches for a 100-page contract, most of them failing after scanning the whole sentence
(issue 19). Nearly every pattern needs some literal text to match (``terminat``, ``notice``,
``days``…), so :func:`required_literals` reads the parsed pattern and returns strings of
which at least one must occur in any text it matches. A substring test on the lower-cased
text is far cheaper than the search, and skipping the search when none occurs changes no
result: the gate is only ever a necessary condition, never a sufficient one.

The gate is conservative by construction: a construct it does not understand (a character
class, a back reference, a negative look-ahead, an optional part) contributes nothing, and a
pattern it cannot read at all gets no gate and is always searched. Only ASCII literals are
used, and :func:`gate_safe` refuses the two non-ASCII letters (dotless ``ı`` and long ``ſ``)
that match an ASCII letter under ``re.IGNORECASE`` without being equal to it in lower case.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["gate_safe", "required_literals"]

#: Lower-case letters that ``re.IGNORECASE`` matches to an ASCII letter ("ı" ~ "i", "ſ" ~ "s").
_FOLDS_TO_ASCII = ("\u0131", "\u017f")
#: A literal shorter than this selects too little to be worth testing.
_MIN_LENGTH = 3

_Need = frozenset[str] | None  # strings at least one of which occurs in any match


def gate_safe(text: str) -> bool:
    """Whether substring tests on ``text`` (lower case) can stand in for case-folded matches."""
    return text.isascii() or not any(c in text for c in _FOLDS_TO_ASCII)


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case strings one of which occurs in every text ``pattern`` finds a match in.

    ``None`` when no such set is known (then the pattern must always be searched).
    """
    try:
        from re import _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern.pattern, pattern.flags)
        need = _sequence(list(parsed))
    except Exception:  # an unknown parser shape: no gate, search as before
        return None
    return tuple(sorted(need)) if need else None


def _sequence(items: list[tuple[Any, Any]]) -> _Need:
    """The most selective requirement among the items of a sequence (each one is necessary)."""
    from re import _constants as c  # type: ignore[attr-defined]

    needs: list[frozenset[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if len(run) >= _MIN_LENGTH:
            needs.append(frozenset({"".join(run)}))
        run.clear()

    for op, av in items:
        if op is c.LITERAL and chr(av).isascii():
            run.append(chr(av).lower())
            continue
        close_run()
        need = _item(op, av)
        if need:
            needs.append(need)
    close_run()
    if not needs:
        return None
    return max(needs, key=lambda need: (min(len(s) for s in need), -len(need)))


def _item(op: Any, av: Any) -> _Need:
    from re import _constants as c  # type: ignore[attr-defined]

    if op is c.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is c.ASSERT:  # a positive look-ahead or look-behind: its text is in the sentence
        return _sequence(list(av[1]))
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        low, _, body = av
        return _sequence(list(body)) if low >= 1 else None
    if op is c.BRANCH:
        union: set[str] = set()
        for alternative in av[1]:
            need = _sequence(list(alternative))
            if not need:
                return None
            union |= need
        return frozenset(union)
    return None
