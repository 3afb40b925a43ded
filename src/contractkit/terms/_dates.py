"""The contract's time line: its date, when it takes effect, how long it runs, when it ends.

The date of the agreement and its effective date are read from the contract's opening words
(the cover block and the preamble, before the recitals), where contracts state them: "made
as of May 8, 2014", "entered into this 14th day of December, 1997", "effective as of
1 June 2020 (the "Effective Date")". The term, its renewals and its end come from the clauses
labelled Term or Renewal Term. An end the contract does not date is worked out from the
effective date and the initial term, as a lawyer reading it would; without a start date it
is given relative to it ("60 months after the Effective Date").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from contractkit.clauses.model import Clause
from contractkit.terms._calendar import add_duration, find_dates
from contractkit.terms._sentences import Finding, Sentence, T, notice_durations, sentences_of
from contractkit.terms.model import Dated, Flag, Perpetual, Relative
from contractkit.terms.normalize import Duration, Found, find_durations

__all__ = ["OPENING_CHARS", "dates", "opening_sentences", "renewal_notice", "term_and_renewal"]

#: How far into the text a contract's opening words (cover block, preamble) may reach.
OPENING_CHARS = 4000
_RECITALS = re.compile(
    r"\bW\s?H\s?E\s?R\s?E\s?A\s?S\b|\bRECITALS\b|\bNOW,?\s+THEREFORE\b|\bBACKGROUND\b"
    r"|W\s?I\s?T\s?N\s?E\s?S\s?S\s?E\s?T\s?H"
)
#: Words that make a date the contract's own: "dated as of", "made on", "entered into this".
_AGREED = re.compile(
    r"(?i)(?:\bdated|\bmade|entered\s+into|\bexecuted|\bsigned|\bconcluded|\beffective|\bas\s+of"
    r"|\bdate[d:]?\s*:|\bon|\bthis|commencement\s+date)\b[^.;()]{0,40}$"
)
#: A date where the parties sign: "Date: May 4, 2020", "executed this 14th day of ...".
_SIGNED_ON = re.compile(
    r"(?i)(?:\bdate[d]?\s*:|\b(?:executed|signed|done)\b[^.;()]{0,60}?\b(?:on|this|as\s+of)"
    r"(?:\s+th(?:is|e))?)\s*$"
)
_EFFECTIVE_BEFORE = re.compile(
    r"(?i)\beffective(?:\s+date)?(?:\s+(?:as\s+of|on|from|is|this|beginning))?(?:\s+the)?[\s:]*$"
)
_EFFECTIVE_AFTER = re.compile(
    r"(?i)^[\s,]*\(\s*(?:the\s+|hereinafter\s+(?:referred\s+to\s+as\s+)?(?:the\s+)?|such\s+date"
    r"\s+(?:being\s+)?|herein\s+called\s+the\s+)?[\"“]?effective\s+date\b"
)
#: '"Effective Date" means ...', 'The Effective Date of this Agreement ("the Effective Date") is'.
_EFFECTIVE_MEANS = re.compile(
    r"(?i)(?:[\"“]effective\s+date[\"”]\)?|^\W*the\s+effective\s+date\s+of\s+this\s+\w+"
    r"(?:\s*\([^)]{0,60}\))?)\s*(?:shall\s+)?(?:means?|is|shall\s+be)\s+(?P<rest>.{0,80})"
)
#: An effective date that is an event, not the contract's date.
_EFFECTIVE_EVENT = re.compile(
    r"(?i)[\"“]effective\s+(?:date|time)[\"”]\)?\s*(?:shall\s+)?(?:means?|is|shall\s+(?:be|have))\b"
    r"|\beffective\s+(?:up)?on\s+(?:the\s+)?(?:closing|consummation|completion|approval|satisfaction)"
)
_FIRST_ABOVE = re.compile(
    r"(?i)^(?:the\s+)?date\s+(?:first\s+)?(?:written|set\s+forth|stated)\s+above"
)
_COMMENCE = re.compile(
    r"(?i)\b(?:commenc\w*|begin\w*|start\w*|effective)\s+(?:(?:on|as\s+of|from)\s+)?(?:the\s+)?$"
)
_ENDS = re.compile(
    r"(?i)\b(?:until|through|to\s+and\s+including|expir\w*\s+(?:on|at)|end(?:s|ing)?(?:\s+on)?"
    r"|(?:will|shall)\s+end(?:\s+on)?|conclud\w*\s+on|terminat\w*\s+on"
    r"|expiration\s+date\s+(?:of|is|shall\s+be))"
    r"(?:\s+the\s+(?:later|earlier)\s+of(?:\s+\(\w{1,3}\))?)?"
    r"(?:\s+(?:the\s+)?(?:close\s+of\s+business|midnight|11:59\s*p\.?m\.?)\s+(?:on|of))?"
    r"\s+(?:the\s+)?$"
)
_ORDINALS = {
    w: i
    for i, w in enumerate(
        ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"),
        start=1,
    )
}
#: "on the third anniversary of the Effective Date", "the five (5) year anniversary of ...".
_ANNIVERSARY = re.compile(
    r"(?i)\b(?:end|expire|terminate)\w*\s+(?:on|upon|at)\s+the\s+(?:(?P<n>"
    + "|".join(_ORDINALS)
    + r")|(?:\w+\s+)?\(?(?P<d>\d{1,2})(?:st|nd|rd|th)?\)?(?:[\s-]+years?)?)\s+anniversary"
    r"\s+of\s+the\s+(?:effective|commencement)\s+date"
)
_NO_END = re.compile(
    r"(?i)perpetu|in\s+perpetuity|indefinite|(?:continue|remain)\w*\s+(?:in\s+(?:full\s+)?(?:force|eff"
    r"ect)(?:\s+and\s+effect)?\s+)?(?:unless\s+and\s+)?until\s+(?:it\s+is\s+)?terminated"
)


#: The preamble's own words: "This Agreement ... is made / entered into / dated ...".
_PREAMBLE = re.compile(
    r"(?i)\bthis\b[^.;]{0,120}?\b(?:agreement|contract)\b[^.;]{0,200}?\b(?:is\s+|are\s+)?(?:made"
    r"|entered\s+into|executed|dated|effective)\b"
)
#: How far a table of contents may push the preamble down.
PREAMBLE_CHARS = 20000


def opening_sentences(clauses: Sequence[Clause], text_start: int = 0) -> list[Sentence]:
    """The sentences of the contract's opening words.

    They run to the recitals ("WHEREAS", "NOW, THEREFORE"), within :data:`OPENING_CHARS`.
    A preamble that a table of contents pushes further down (within
    :data:`PREAMBLE_CHARS`) is read too, after the cover's words.
    """
    out = _opening_from(clauses, text_start)
    end = text_start + OPENING_CHARS
    candidates = (
        (s, m)
        for c in clauses
        if c.end > text_start and c.start < text_start + PREAMBLE_CHARS
        for s in sentences_of(c)
        if (m := _PREAMBLE.search(s.text))
    )
    found = next(candidates, None)
    if found is None or found[0].start + found[1].start() + 1000 <= end:
        return out  # the preamble is in the opening words (or there is none)
    have = {s.start for s in out}
    later = _opening_from(clauses, found[0].start, found[0].start + found[1].start())
    return out + [s for s in later if s.start not in have]


def _opening_from(
    clauses: Sequence[Clause], text_start: int, words_start: int | None = None
) -> list[Sentence]:
    """The sentences from ``text_start`` to the recitals.

    They end :data:`OPENING_CHARS` after the preamble's first words (``words_start``, which
    may lie inside the first sentence; else ``text_start``).
    """
    out: list[Sentence] = []
    end = (text_start if words_start is None else words_start) + OPENING_CHARS
    for clause in clauses:
        if clause.start >= end:
            break
        if clause.end <= text_start:
            continue
        for s in sentences_of(clause):
            if s.start >= end:
                break
            if s.start < text_start:
                continue
            recitals = _RECITALS.search(s.text)
            if recitals and (recitals.start() > 0 or out):
                out.append(Sentence(s.text[: recitals.start()], s.start, s.clause))
                return [s for s in out if s.text.strip()]
            out.append(s)
    return out


def _cued(s: Sentence, cue: re.Pattern[str]) -> Iterator[Found[dt.date]]:
    for found in find_dates(s.text):
        if cue.search(s.text[max(found.start - 60, 0) : found.start]):
            yield found


def _effective(opening: list[Sentence], agreed: Finding | None) -> Finding | None:
    for s in opening:
        for found in find_dates(s.text):
            before = s.text[max(found.start - 60, 0) : found.start]
            if _EFFECTIVE_BEFORE.search(before) or _EFFECTIVE_AFTER.search(s.text[found.end :]):
                return s.finding("effective_date", Dated(found.value), found)
        if means := _EFFECTIVE_MEANS.search(s.text):
            rest = means["rest"]
            dated = next(find_dates(rest), None)
            at = means.start("rest")
            if dated is not None and dated.start < 10:
                span = Found(None, at + dated.start, at + dated.end)
                return s.finding("effective_date", Dated(dated.value), span)
            if _FIRST_ABOVE.match(rest) and agreed is not None:
                return s.finding("effective_date", agreed.value, Found(None, at, at + len(rest)))
    return None


def _signed_on(signing: list[Sentence]) -> Finding | None:
    """The day the last party signed, from the signature blocks ("Date: May 4, 2020")."""
    dated = [(f.value, s, f) for s in signing for f in _cued(s, _SIGNED_ON)]
    if not dated:
        return None
    day, s, f = max(dated, key=lambda d: d[0])
    return s.finding("agreement_date", Dated(day), f)


def dates(
    opening: list[Sentence],
    sentences: list[Sentence],
    initial: Finding | None,
    signing: list[Sentence] | None = None,
) -> Iterator[Finding]:
    """The date of the agreement, its effective date and its end.

    Args:
        opening: The opening sentences (:func:`opening_sentences`).
        sentences: The sentences of the classified clauses.
        initial: The initial term found, to work out an end the contract does not date.
        signing: The sentences of the signature blocks: a contract whose opening words give
            no date is dated by the day its last party signed.
    """
    agreed = next(
        (
            s.finding("agreement_date", Dated(f.value), f)
            for s in opening
            for f in _cued(s, _AGREED)
        ),
        None,
    ) or _signed_on(signing or [])
    effective = _effective(opening, agreed)
    in_term = [s for s in sentences if T.TERM in s.clause.categories]
    if effective is None:
        effective = next(
            (
                s.finding("effective_date", Dated(f.value), f)
                for s in in_term
                for f in _cued(s, _COMMENCE)
            ),
            None,
        )
    # a contract dates itself once: without a separate effective date it takes effect on
    # its date, and a preamble that gives only "effective as of" dates the contract by it
    # (as CUAD's lawyers read them). Not when the effective date is an event defined
    # elsewhere ("the date on which the Closing occurs").
    if (
        effective is None
        and agreed is not None
        and not any(_EFFECTIVE_EVENT.search(s.text) for s in opening + in_term)
    ):
        effective = replace(agreed, name="effective_date")
    if (
        agreed is None
        and effective is not None
        and any(s.clause.id == effective.clause for s in opening)
    ):
        agreed = replace(effective, name="agreement_date")
    yield from (f for f in (agreed, effective) if f is not None)
    in_renewal = [s for s in sentences if T.RENEWAL_TERM in s.clause.categories]
    ends = (
        s.finding("expiration_date", Dated(f.value), f)
        for s in in_term + [s for s in in_renewal if s not in in_term]
        for f in _cued(s, _ENDS)
    )
    if (end := next(ends, None)) is not None:
        yield end
        return
    start_day = (effective or agreed).value.date if (effective or agreed) else None  # type: ignore[union-attr]
    for s in in_term:
        if start_day is not None and (m := _ANNIVERSARY.search(s.text)):
            years = _ORDINALS.get(m["n"].lower()) if m["n"] else None
            if years is None and m["d"]:
                years = int(m["d"])
            if years:
                day = add_duration(start_day, Duration(12 * years, "months"))
                yield s.finding("expiration_date", Dated(day), Found(None, m.start(), m.end()))
                return
    if initial is not None and initial.value.unit != "business_days":  # type: ignore[union-attr]
        start = effective or agreed
        period = initial.value
        s = next(s for s in sentences if s.start <= initial.start < s.start + max(len(s.text), 1))
        span = Found(None, initial.start - s.start, initial.end - s.start)
        if start is not None:
            day = add_duration(start.value.date, period)  # type: ignore[union-attr, arg-type]
            yield s.finding("expiration_date", Dated(day), span)
        else:
            yield s.finding("expiration_date", Relative(period, "the Effective Date"), span)  # type: ignore[arg-type]
        return
    for s in in_term:
        # a notice period does not end the contract: "until terminated upon 90 days' notice"
        if (m := _NO_END.search(s.text)) and not any(
            not re.match(
                r"[’'s]*\s*(?:\(\w+\)\s*)?(?:prior|advance|written|notice)", s.text[f.end :]
            )
            for f in find_durations(s.text)
        ):
            yield s.finding("expiration_date", Perpetual(), Found(None, m.start(), m.end()))
            return


def renewal_notice(sentences: list[Sentence]) -> Iterator[Finding]:
    """The notice that stops an automatic renewal, from a Term or Renewal clause."""
    renewal = (T.RENEWAL_TERM, T.NOTICE_TO_TERMINATE_RENEWAL, T.TERM)
    for s in sentences:
        if not any(c in s.clause.categories for c in renewal):
            continue
        if (
            s.has(r"renew|non-renewal|extend|extension")
            and s.has(r"notice")
            and not s.has(r"\bincrease|adjust")
        ):
            notices = notice_durations(s)
            if not notices:
                notices = [
                    f
                    for f in find_durations(s.text)
                    if re.match(r"\s*(?:prior\s+to|before)\b", s.text[f.end : f.end + 12], re.I)
                ]
            if notices:
                yield s.finding("renewal_notice", notices[0].value, notices[0])
                return


#: Words that start the renewal part of a sentence. "Extend" alone does not: "shall extend
#: for a period of five (5) years" states the initial term.
_RENEW_WORD = re.compile(
    r"renew|successive|additional|further|consecutive|extensions?\b|extended\s+for", re.I
)


def term_and_renewal(sentences: list[Sentence]) -> Iterator[Finding]:
    """The initial term, the renewal term and whether renewal is automatic."""
    initial = renewal = auto = None
    for s in sentences:
        categories = s.clause.categories
        in_term = T.TERM in categories or T.RENEWAL_TERM in categories
        term_words = s.has(
            r"initial (?:term|period)|(?:shall |will )?(?:commence|continue|remain in (?:full "
            r")?(?:force|effect))"
            r"|term of this agreement|(?:term|period) of\b|renew"
        )
        if not (in_term or term_words) or s.has(
            r"terminat\w+ (?:for convenience|on|upon|by giving)"
        ):
            continue
        renew_at = _RENEW_WORD.search(s.text)
        for found in find_durations(s.text):
            after = s.text[found.end : found.end + 40]
            if re.match(
                r"^[’'s]*\s*(?:\([^)]*\)\s*)?(?!(?:after|following|from)\s+the\s+(?:effective\s+date"
                r"|date\s+(?:hereof|of\s+this)|commencement))(?:prior|advance|written|notice|before|aft"
                r"er|following|of (?:the|its)|from (?:the )?(?:date|receipt))",
                after,
                re.I,
            ):
                continue
            if re.search(
                r"(?:within|notice of|at least|not less than|no less than)\s*$",
                s.text[: found.start],
                re.I,
            ):
                continue
            if renew_at is None or found.start < renew_at.start():
                if initial is None and (in_term or s.has(r"initial (?:term|period)")):
                    initial = s.finding("initial_term", found.value, found)
            elif renewal is None:
                renewal = s.finding("renewal_term", found.value, found)
        if auto is None and in_term and s.has(r"renew|extend|extension"):
            if s.has(
                r"(?:shall|will|may) not (?:be )?(?:automatically )?(?:renew|extend)|no automatic"
                r"|(?:may|can) (?:only )?be (?:renewed|extended)|renew\w* only (?:by|upon|with|if)"
                r"|(?:renew|extend)\w*[^.;]{0,60}(?:by|upon|with) (?:the )?mutual"
            ):
                auto = s.finding("auto_renewal", Flag(False))
            elif s.has(
                r"automatic\w*[^.;]{0,20}(?:renew|extend)|(?:renew|extend)\w* automatic"
                r"|(?:shall|will) (?:thereafter )?(?:be )?(?:renew|extend)|tacit"
                r"|(?:shall|will) (?:thereafter )?continue[^.;]{0,60}(?:successive|further|add"
                r"itional)"
            ):
                auto = s.finding("auto_renewal", Flag(True))
    yield from (f for f in (initial, renewal, auto) if f is not None)
