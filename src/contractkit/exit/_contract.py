"""What the exit tools read from a contract: parties, notice period, duties after.

How the notice is delivered is read in :mod:`contractkit.exit._delivery`.

Everything here quotes the contract. When it is silent or says two things, the caller gets
nothing or an error, never a default that looks like the contract's word (issue 6).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from contractkit.clauses.model import Clause
from contractkit.clauses.taxonomy import ClauseType
from contractkit.errors import NoticePeriodError
from contractkit.exit._parties import Sides, name_of, role_terms, sides
from contractkit.exit.dates import effective_date
from contractkit.extraction import Extraction
from contractkit.terms.model import PartyNotice, Term
from contractkit.terms.normalize import Duration, find_durations
from contractkit.types import Source

__all__ = [
    "HolidayRegion",
    "Obligation",
    "Sides",
    "citation_word",
    "cite",
    "contract_date",
    "contract_title",
    "find_obligations",
    "holiday_region",
    "join_and",
    "load",
    "name_of",
    "notice_period",
    "notice_words",
    "preamble_of",
    "role_terms",
    "sides",
    "termination_clauses",
    "us_dates",
    "write_date",
]

_SPLIT = re.compile(r"(?<=[.;])\s+(?=[\"“(A-Z0-9])")


def flat(text: str) -> str:
    """``text`` on one line, runs of whitespace as one space."""
    return re.sub(r"\s+", " ", text).strip()


def sentences(text: str) -> list[str]:
    """The sentences of a clause, each on one line."""
    return [s for s in (flat(p) for p in _SPLIT.split(text)) if s]


def load(contract: Extraction | Source) -> Extraction:
    """An extraction of ``contract`` (a source is read and extracted first)."""
    if isinstance(contract, Extraction):
        return contract
    from contractkit.extraction import extract

    return extract(contract)


# -- parties -----------------------------------------------------------------------------------


# -- names and dates ---------------------------------------------------------------------------

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = re.compile(
    rf"\b(?P<uk>\d{{1,2}}(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?(?:{_MONTHS}),?\s+\d{{4}})"
    rf"|\b(?P<us>(?:{_MONTHS})\s+\d{{1,2}},\s+\d{{4}})"
)


def preamble_of(extraction: Extraction) -> str:
    return next((c.text for c in extraction.clauses if c.kind == "preamble"), "")


def contract_title(extraction: Extraction) -> str:
    """The contract's title as printed on its first line (capitalised if in capitals)."""
    first = next((line.strip(" #*") for line in preamble_of(extraction).splitlines() if line), "")
    if not first or len(first) > 90 or first.endswith((".", ",")) or " between " in first:
        return "Agreement"
    return first.title() if first.isupper() else first


def contract_date(extraction: Extraction) -> str | None:
    """The date the contract was made, as its preamble writes it, if it does."""
    match = _DATE.search(flat(preamble_of(extraction)))
    return flat(match.group()) if match else None


def us_dates(extraction: Extraction) -> bool:
    """Whether the contract writes dates the US way ("April 2, 2025")."""
    match = _DATE.search(flat(preamble_of(extraction)))
    return bool(match and match.group("us"))


def write_date(day: dt.date, us: bool) -> str:
    """``day`` as a letter writes it: "2 April 2025", or "April 2, 2025" when ``us``."""
    return f"{day:%B} {day.day}, {day.year}" if us else f"{day.day} {day:%B %Y}"


def citation_word(extraction: Extraction) -> str:
    """How the contract refers to its own parts: ``clause`` or ``Section``."""
    text = " ".join(c.text for c in extraction.clauses)
    sections = len(re.findall(r"\bSections?\s+\d", text))
    clauses = len(re.findall(r"\b[Cc]lauses?\s+\d", text))
    return "Section" if sections > clauses else "clause"


def cite(names: Sequence[str], word: str) -> str:
    """``clause 10.2`` / ``clauses 10.2 and 14.2`` (names that already say "Section" kept)."""
    unique = list(dict.fromkeys(names))
    bare = [n for n in unique if n[:1].isdigit() or n.startswith("(")]
    own = [n for n in unique if n not in bare]
    parts = []
    if bare:
        label = word if len(bare) == 1 else ("Sections" if word == "Section" else "clauses")
        parts.append(f"{label} {join_and(bare)}")
    parts += own
    return join_and(parts)


def notice_words(period: Duration) -> str:
    """``30 days' notice``, ``1 month's notice``."""
    words = str(period)
    return words + ("' notice" if words.endswith("s") else "'s notice")


def join_and(items: Sequence[str]) -> str:
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# -- the notice period -------------------------------------------------------------------------


def notice_period(
    extraction: Extraction, who: Sides, explicit: Duration | None
) -> tuple[Duration, tuple[str, ...], tuple[str, ...]]:
    """The notice period ``who.sender`` must give, the clauses it comes from, and warnings.

    Raises:
        NoticePeriodError: ``explicit`` is ``None`` and the contract gives no period for the
            sender, gives several that differ, or gives one whose figure needs a human check.
    """
    from contractkit.render.markdown import clause_names

    names = clause_names(extraction)
    found: list[tuple[Term, Duration]] = []
    for term in extraction.terms:
        value = term.value
        if (
            term.name == "termination_notice"
            and isinstance(value, PartyNotice)
            and value.party in (who.role, "either")
        ):
            found.append((term, Duration(value.amount, value.unit)))
    listed = tuple(f"{d} ({cite([names[t.clause]], citation_word(extraction))})" for t, d in found)
    clauses = tuple(dict.fromkeys(names[t.clause] for t, _ in found))
    hint = (
        "choose the period yourself: --notice-days 30, --notice '20 business days' "
        "or --notice '1 month'"
    )
    if explicit is not None:
        warnings = []
        if found and any(d != explicit for _, d in found):
            warnings.append(
                f"the contract gives {', '.join(listed)}; this notice uses {explicit} as asked"
            )
        return explicit, clauses, tuple(warnings)
    term_word = who.sender_term
    if not found:
        raise NoticePeriodError(
            f"the contract gives no notice period for the {term_word} to terminate for convenience",
            party=term_word,
            hint=hint,
        )
    periods = set(d for _, d in found)
    if len(periods) > 1:
        raise NoticePeriodError(
            f"the contract gives different notice periods for the {term_word}: {'; '.join(listed)}",
            party=term_word,
            found=listed,
            hint=hint,
        )
    if any(t.needs_review for t, _ in found):
        reason = next(t.review_reason for t, _ in found if t.needs_review)
        raise NoticePeriodError(
            f"the notice period {listed[0]} needs a human check: {reason}",
            party=term_word,
            found=listed,
            hint=hint,
        )
    return found[0][1], clauses, ()


def termination_clauses(extraction: Extraction, who: Sides) -> tuple[str, ...]:
    """Clauses where the sender (or either party) may terminate for convenience."""
    from contractkit.render.markdown import clause_names

    names = clause_names(extraction)
    words = [re.escape(w) for w in (who.sender.defined_as, who.sender.name) if w]
    subject = "|".join([r"(?:either|each|any)\s+(?:of\s+the\s+)?part(?:y|ies)", *words])
    pattern = re.compile(
        rf"\b(?:{subject})\s+(?:may|shall\s+be\s+entitled\s+to|is\s+entitled\s+to|can)\s+"
        r"(?:\w+\s+){0,4}?terminate",
        re.I,
    )
    return tuple(
        names[c.id]
        for c in extraction.clauses
        if ClauseType.TERMINATION_FOR_CONVENIENCE in c.categories and pattern.search(flat(c.text))
    )


@dataclass(frozen=True, slots=True)
class HolidayRegion:
    """Whose public holidays business days skip, and why.

    Attributes:
        country: ISO 3166 code, ``None`` for weekends only.
        subdivision: State, province or nation code, if any.
        source: ``given`` (by the caller), ``governing law`` (read from the contract) or
            ``none``.
    """

    country: str | None
    subdivision: str | None
    source: Literal["given", "governing law", "none"]

    def __str__(self) -> str:
        if self.country is None:
            return "weekends only"
        code = f"{self.country}-{self.subdivision}" if self.subdivision else self.country
        return code if self.source == "given" else f"{code}, from the governing law"


_NATIONS = {
    "england and wales": ("GB", "ENG"),
    "england": ("GB", "ENG"),
    "wales": ("GB", "WLS"),
    "scotland": ("GB", "SCT"),
    "northern ireland": ("GB", "NIR"),
    "ireland": ("IE", None),
    "republic of ireland": ("IE", None),
}


def holiday_region(
    extraction: Extraction, country: str | None, subdivision: str | None
) -> HolidayRegion:
    """``country`` if given, else the governing law's country and state, else none."""
    from contractkit.terms.model import Jurisdiction

    if country:
        return HolidayRegion(country.upper(), subdivision.upper() if subdivision else None, "given")
    law = extraction.term("governing_law")
    if law is None or not isinstance(law.value, Jurisdiction):
        return HolidayRegion(None, None, "none")
    place = law.value.jurisdiction.strip().lower()
    if place in _NATIONS:
        return HolidayRegion(*_NATIONS[place], source="governing law")
    import holidays

    for code in ("US", "CA", "AU"):
        aliases = holidays.country_holidays(code).get_subdivision_aliases()
        for sub, names in aliases.items():
            if place in (n.lower() for n in names):
                return HolidayRegion(code, sub, "governing law")
    return HolidayRegion(None, None, "none")


# -- what outlasts the contract ----------------------------------------------------------------

ObligationKind = Literal[
    "payment", "handover", "return", "transition", "survival", "confidentiality", "other"
]

_KINDS: tuple[tuple[ObligationKind, str], ...] = (
    ("survival", r"surviv|continue\s+(?:in\s+(?:full\s+)?force|to\s+apply)"),
    ("transition", r"transition|migrat|assist(?:ance)?\b|co-?operat"),
    ("return", r"\breturn|destroy|delet|eras"),
    ("handover", r"hand\s*over|deliver|transfer|provide\s+(?:to|copies)"),
    ("payment", r"\bpa(?:y|id|yment)|invoice|fees?\b|charges?\b"),
    ("confidentiality", r"confidential"),
)
_AFTER = re.compile(
    r"(?:within|no\s+later\s+than|not\s+later\s+than|for\s+(?:a\s+period\s+of\s+)?|"
    r"during)\s*$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Obligation:
    """A duty that applies on or after termination, quoted from the contract.

    Attributes:
        clause: The clause, named as the contract cites it.
        kind: ``payment``, ``handover``, ``return``, ``transition``, ``survival``,
            ``confidentiality`` or ``other``.
        text: The sentence that states it.
        period: A period it must be done within (or lasts for) after termination, if stated.
        due: ``period`` counted from the termination date, when that date is known.
    """

    clause: str
    kind: ObligationKind
    text: str
    period: Duration | None = None
    due: dt.date | None = None


def find_obligations(
    extraction: Extraction,
    effective: dt.date | None,
    *,
    country: str | None = "GB",
    subdivision: str | None = None,
) -> tuple[Obligation, ...]:
    """Post-termination duties: payment, handover, return of materials, transition, survival."""
    from contractkit.render.markdown import clause_names

    names = clause_names(extraction)
    found: list[Obligation] = []
    for clause in _post_termination(extraction):
        for sentence in sentences(clause.body):
            kind: ObligationKind = next(
                (k for k, p in _KINDS if re.search(p, sentence, re.I)), "other"
            )
            if kind == "other" and not re.search(r"terminat|expir", sentence, re.I):
                continue
            period = next(
                (f.value for f in find_durations(sentence) if _AFTER.search(sentence[: f.start])),
                None,
            )
            due = None
            if period is not None and effective is not None and float(period.amount).is_integer():
                due = effective_date(effective, period, country=country, subdivision=subdivision)
            found.append(Obligation(names[clause.id], kind, sentence, period, due))
    return tuple(found)


def _post_termination(extraction: Extraction) -> Iterator[Clause]:
    """Clauses labelled post-termination, and others that speak of what survives the end."""
    for clause in extraction.clauses:
        if clause.kind in ("preamble", "signature", "definitions"):
            continue
        if ClauseType.POST_TERMINATION in clause.categories or re.search(
            r"surviv|after\s+(?:the\s+|its\s+)?(?:termination|expiry)|transition\s+assistance",
            clause.text,
            re.I,
        ):
            yield clause
