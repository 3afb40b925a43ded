"""What the exit tools read from a contract: parties, notice period, delivery, duties after.

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
from contractkit.errors import InvalidOptionError, NoticePeriodError
from contractkit.exit.dates import effective_date
from contractkit.extraction import Extraction
from contractkit.terms.model import Party, PartyNotice, Term
from contractkit.terms.normalize import Duration, find_durations
from contractkit.types import Source

__all__ = [
    "Delivery",
    "HolidayRegion",
    "Obligation",
    "Sides",
    "address_of",
    "citation_word",
    "cite",
    "contract_date",
    "contract_title",
    "find_delivery",
    "find_obligations",
    "holiday_region",
    "load",
    "notice_period",
    "notice_words",
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


@dataclass(frozen=True, slots=True)
class Sides:
    """The terminating party and the other one, as the contract names them."""

    sender: Party
    recipient: Party
    role: Literal["provider", "client"]

    @property
    def sender_term(self) -> str:
        """How the contract calls the sender after defining it (``"Designer"``)."""
        return self.sender.defined_as or self.sender.name

    @property
    def recipient_term(self) -> str:
        """How the contract calls the recipient (``"Client"``)."""
        return self.recipient.defined_as or self.recipient.name


def sides(extraction: Extraction, party: str) -> Sides:
    """Who terminates: ``provider``, ``client``, or a party's defined term or name.

    Raises:
        InvalidOptionError: No such party, or the contract does not name two parties.
    """
    parties = extraction.parties
    wanted = party.strip().lower()
    if wanted in ("provider", "client"):
        match = [p for p in parties if p.role == wanted]
    else:
        match = [p for p in parties if wanted in {p.name.lower(), (p.defined_as or "").lower()}]
    names = ", ".join(f"{p.defined_as or p.name} ({p.role or 'role unknown'})" for p in parties)
    if len(parties) != 2 or len(match) != 1:
        raise InvalidOptionError(
            f"cannot tell which party is the {party!r}: the contract names "
            + (names or "no parties"),
            hint="name the terminating party with --party (its defined term, e.g. --party "
            "Designer)",
        )
    sender = match[0]
    recipient = next(p for p in parties if p is not sender)
    role: Literal["provider", "client"] = sender.role or (
        "client" if recipient.role == "provider" else "provider"
    )
    return Sides(sender, recipient, role)


# -- names and dates ---------------------------------------------------------------------------

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = re.compile(
    rf"\b(?P<uk>\d{{1,2}}(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?(?:{_MONTHS}),?\s+\d{{4}})"
    rf"|\b(?P<us>(?:{_MONTHS})\s+\d{{1,2}},\s+\d{{4}})"
)


def _preamble(extraction: Extraction) -> str:
    return next((c.text for c in extraction.clauses if c.kind == "preamble"), "")


def contract_title(extraction: Extraction) -> str:
    """The contract's title as printed on its first line (capitalised if in capitals)."""
    first = next((line.strip(" #*") for line in _preamble(extraction).splitlines() if line), "")
    if not first or len(first) > 90 or first.endswith((".", ",")) or " between " in first:
        return "Agreement"
    return first.title() if first.isupper() else first


def contract_date(extraction: Extraction) -> str | None:
    """The date the contract was made, as its preamble writes it, if it does."""
    match = _DATE.search(flat(_preamble(extraction)))
    return flat(match.group()) if match else None


def us_dates(extraction: Extraction) -> bool:
    """Whether the contract writes dates the US way ("April 2, 2025")."""
    match = _DATE.search(flat(_preamble(extraction)))
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
        parts.append(f"{label} {_join(bare)}")
    parts += own
    return _join(parts)


def notice_words(period: Duration) -> str:
    """``30 days' notice``, ``1 month's notice``."""
    words = str(period)
    return words + ("' notice" if words.endswith("s") else "'s notice")


def _join(items: Sequence[str]) -> str:
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


# -- delivery ----------------------------------------------------------------------------------

_POST = (
    r"(?:(?:pre-?paid|registered|recorded|first[- ]class|certified|express|airmail|special)\s+)+"
    r"(?:post|mail|delivery)\b|\bby\s+(?:post|mail)\b"
)
_METHODS: tuple[tuple[str, str], ...] = (
    ("hand", r"\bby\s+hand\b|\bpersonally\b|\bpersonal\s+delivery\b"),
    ("courier", r"\bcourier\b"),
    ("post", _POST),
    ("email", r"\be-?mail\b"),
)
_EXCLUDED = re.compile(
    r"\bnot\s+(?:be\s+)?(?:valid|effective|permitted|allowed|accepted)\b|"
    r"\b(?:may|shall|must)\s+not\s+be\s+(?:given|sent|served|delivered)\b",
    re.I,
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_ATTENTION = re.compile(r"\b(?:for|to)\s+the\s+attention\s+of\s+(?:its\s+|the\s+)?(?P<who>[^,.;]+)")
_ADDRESS = re.compile(
    r"(?:registered\s+office\s+is\s+at|offices?\s+at|principal\s+(?:office|place\s+of\s+"
    r"business)\s+(?:is\s+)?at|address\s+at|address\s+is|residing\s+at|,\s+of)\s+"
    r"(?P<address>[^()\"“]+?)\s*[(;]"
)
_OTHER_ADDRESS = re.compile(r"designat|specified|notif(?:y|ies)|most recent", re.I)
_RECEIPT = re.compile(r"deemed|effective\s+(?:up)?on|effective\s+when", re.I)


@dataclass(frozen=True, slots=True)
class Delivery:
    """How the notices clause says a notice reaches the other party.

    Attributes:
        clause: The notices clause, named as the contract cites it; ``None`` if none found.
        allowed: Methods the clause allows, in its order: ``hand``, ``courier``, ``post``,
            ``email``.
        methods: The methods this notice uses (a subset of ``allowed``, or what was asked).
        labels: How the clause words each method (``"pre-paid registered post"``).
        address: The recipient's postal address from the contract's opening words.
        emails: E-mail addresses for the recipient found in the contract.
        attention: Whom the notice must be marked for (``"General Counsel"``).
        conditions: Sentences of the clause about termination notices or receipt, quoted.
        warnings: What a person must check before sending.
    """

    clause: str | None
    allowed: tuple[str, ...]
    methods: tuple[str, ...]
    labels: tuple[tuple[str, str], ...]
    address: str | None
    emails: tuple[str, ...]
    attention: str | None
    conditions: tuple[str, ...]
    warnings: tuple[str, ...] = ()

    def label(self, method: str) -> str:
        """How the clause words ``method`` (``by pre-paid registered post``)."""
        words = dict(self.labels).get(method, method)
        return words if words.startswith("by ") else f"by {words}"

    def describe(self) -> str:
        """One phrase: "by email to a@b.example and by courier to 1 High Street, London"."""
        parts = []
        for method in self.methods:
            if method == "email":
                where = " or ".join(self.emails) or "the address designated for notices"
            else:
                where = self.address or "the address stated in the Agreement"
            parts.append(f"{self.label(method)} to {where}")
        return _join(parts) if parts else "as the Agreement provides"


def address_of(preamble: str, party: Party, others: Sequence[Party]) -> str | None:
    text = flat(preamble)
    at = text.find(party.name)
    if at == -1:
        return None
    ends = [text.find(o.name, at + 1) for o in others]
    end = min([e for e in ends if e > at] or [len(text)])
    match = _ADDRESS.search(text, at, end)
    return flat(match.group("address")).rstrip(",") if match else None


def find_delivery(extraction: Extraction, who: Sides, via: Sequence[str] = ()) -> Delivery:
    """Read the notices clause: allowed methods, the recipient's addresses, conditions.

    Raises:
        InvalidOptionError: ``via`` asks for a method the notices clause does not allow.
    """
    from contractkit.render.markdown import clause_names

    names = clause_names(extraction)
    notices = [c for c in extraction.clauses if ClauseType.NOTICES in c.categories]
    clause = notices[0] if notices else None
    text = flat(clause.text) if clause else ""
    warnings: list[str] = []
    labels: dict[str, str] = {}
    excluded: set[str] = set()
    for sentence in sentences(text):
        for method, pattern in _METHODS:
            match = re.search(pattern, sentence, re.I)
            if not match:
                continue
            if _EXCLUDED.search(sentence):
                excluded.add(method)
            else:
                labels.setdefault(method, flat(match.group()).lower().removeprefix("by "))
    labels = {m: w for m, w in labels.items() if m not in excluded}
    allowed = tuple(m for m, _ in _METHODS if m in labels)
    allowed = tuple(sorted(allowed, key=lambda m: text.lower().find(labels[m])))
    conditions = tuple(
        s for s in sentences(text) if re.search(r"terminat", s, re.I) or _RECEIPT.search(s)
    )
    others = [p for p in extraction.parties if p is not who.recipient]
    address = address_of(_preamble(extraction), who.recipient, others)
    emails = _recipient_emails(extraction, clause, who)
    attention = _attention(text, who)
    if via:
        unknown = [m for m in via if m not in dict(_METHODS)]
        if unknown:
            raise InvalidOptionError(
                f"unknown delivery method {unknown[0]!r}",
                hint="choose from: " + ", ".join(m for m, _ in _METHODS),
            )
        refused = [m for m in via if allowed and m not in allowed]
        if refused:
            where = (
                cite([names[clause.id]], citation_word(extraction)) if clause else "the contract"
            )
            raise InvalidOptionError(
                f"{where} does not allow notices {refused[0]!r}; it allows " + ", ".join(allowed),
            )
        methods = tuple(dict.fromkeys(via))
    else:
        methods = _choose(allowed, conditions)
    if clause is None:
        warnings.append("no notices clause found: check how the Agreement requires notices")
    elif not allowed:
        warnings.append("the notices clause names no delivery method: check it")
    if address is None and any(m != "email" for m in methods):
        warnings.append(f"no postal address for the {who.recipient_term} found: add it by hand")
    if "email" in methods and not emails:
        warnings.append(f"no e-mail address for the {who.recipient_term} found: add it by hand")
    if clause is not None and _OTHER_ADDRESS.search(text):
        warnings.append(
            f"check whether the {who.recipient_term} has designated another address for notices"
        )
    return Delivery(
        names[clause.id] if clause else None,
        allowed,
        methods,
        tuple((m, labels[m]) for m in allowed),
        address,
        emails,
        attention,
        conditions,
        tuple(warnings),
    )


def _choose(allowed: Sequence[str], conditions: Sequence[str]) -> tuple[str, ...]:
    """A traceable physical method plus e-mail when allowed, and any the clause requires."""
    physical = [m for m in ("courier", "post", "hand") if m in allowed]
    chosen = physical[:1] + (["email"] if "email" in allowed else [])
    for sentence in conditions:
        if re.search(r"terminat", sentence, re.I) and re.search(r"\balso\b|\bcopy\b", sentence):
            chosen += [m for m, p in _METHODS if m in allowed and re.search(p, sentence, re.I)]
    return tuple(m for m in allowed if m in chosen)


def _recipient_emails(extraction: Extraction, clause: Clause | None, who: Sides) -> tuple[str, ...]:
    found: list[str] = []
    if clause is not None:
        for sentence in sentences(clause.text):
            addresses = _EMAIL.findall(sentence)
            mentions_sender = who.sender_term in sentence
            mentions_recipient = who.recipient_term in sentence
            if addresses and (mentions_recipient or not mentions_sender):
                found += addresses
    if not found:
        preamble = flat(_preamble(extraction))
        start = preamble.find(who.recipient.name)
        if start != -1:
            others = [preamble.find(p.name, start + 1) for p in extraction.parties]
            end = min([e for e in others if e > start] or [len(preamble)])
            found = _EMAIL.findall(preamble[start:end])
    # "by email to legal@redwood.example and studio@harbour.example": the sender's own
    # address, told apart by its domain, is not where the notice goes
    mine = [a for a in found if _domain_of(a, who.sender) and not _domain_of(a, who.recipient)]
    return tuple(dict.fromkeys(a for a in found if a not in mine))


_LEGAL_WORDS = frozenset(["ltd", "inc", "llc", "llp", "plc", "limited", "the", "and", "company"])


def _domain_of(address: str, party: Party) -> bool:
    """The address's domain carries a word of the party's name (``harbour`` of Harbour Studio)."""
    domain = address.rsplit("@", 1)[-1].lower()
    words = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", party.name)} - _LEGAL_WORDS
    return any(w in domain for w in words)


def _attention(text: str, who: Sides) -> str | None:
    for sentence in sentences(text):
        match = _ATTENTION.search(sentence)
        if match and (who.recipient_term in sentence or who.sender_term not in sentence):
            return flat(match.group("who"))
    return None


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
