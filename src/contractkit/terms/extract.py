"""Find the terms that decide how a client relationship can end, and normalise them.

Each finder reads the sentences of the clauses the classifier put in its categories (and,
where wording is distinctive enough, any sentence), takes the figure nearest the words that
give it meaning ("notice", "cure", "renew", "preceding"), and returns it with the sentence
as a quote and the figure's own offsets, so the page box and OCR confidence are the
figure's, not the clause's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from contractkit.clauses.model import Clause
from contractkit.clauses.taxonomy import ClauseType
from contractkit.terms.model import (
    AmountCap,
    FeesCap,
    Flag,
    Forum,
    Indemnity,
    Items,
    Jurisdiction,
    Party,
    PartyNotice,
    Perpetual,
    TermName,
    TermValue,
)
from contractkit.terms.normalize import (
    Duration,
    Found,
    Rate,
    find_durations,
    find_money,
    find_rates,
    parse_number,
)
from contractkit.terms.parties import party_of

__all__ = ["Finding", "find_terms"]

T = ClauseType
_SPLIT = re.compile(r"(?<=[.;])\s+(?=[\"“(A-Z0-9])|(?<=[.;:])\n\s*\n")


@dataclass(frozen=True, slots=True)
class Finding:
    """A term found in the text, before the extraction adds page and confidence."""

    name: TermName
    value: TermValue
    start: int
    end: int
    quote: str
    clause: str
    conflict: bool = False


@dataclass(frozen=True, slots=True)
class _Sentence:
    text: str
    start: int  # offset in Document.text
    clause: Clause

    def has(self, pattern: str) -> re.Match[str] | None:
        return re.search(pattern, self.text, re.IGNORECASE)

    def finding(
        self, name: TermName, value: TermValue, found: Found[object] | None = None
    ) -> Finding:
        start, end = (found.start, found.end) if found else (0, len(self.text))
        return Finding(
            name,
            value,
            self.start + start,
            self.start + end,
            _flat(self.text),
            self.clause.id,
            bool(found and found.conflict),
        )


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _sentences(clause: Clause) -> Iterator[_Sentence]:
    body = clause.text
    position = 0
    for part in _SPLIT.split(body):
        at = body.find(part, position)
        position = at + len(part)
        if part.strip():
            # one space per whitespace character: patterns match across line breaks and the
            # offsets still point into Document.text
            yield _Sentence(re.sub(r"\s", " ", part), clause.start + at, clause)


# -- helpers -------------------------------------------------------------------------------

_NOTICE_AFTER = re.compile(
    r"^[’'s]*\s*(?:\([^)]{0,20}\)\s*)?(?:prior |advance |written |prior written |advance written |"
    r"notice|calendar |clear )",
    re.I,
)


def _notice_durations(sentence: _Sentence) -> list[Found[Duration]]:
    """Durations the sentence gives as a notice: "30 days' written notice", "notice of 30 days"."""
    out = []
    for found in find_durations(sentence.text):
        after = sentence.text[found.end : found.end + 40]
        before = sentence.text[max(found.start - 45, 0) : found.start]
        if (
            (_NOTICE_AFTER.match(after) and "notice" in after.lower()[:30])
            or re.search(
                r"notice(?: in writing)?\s+of\s+(?:not less than|at least|no less than)?\s*$",
                before,
                re.I,
            )
            or re.search(
                r"notice\b[^.;]{0,20}(?:not less than|at least|no less than)\s*$", before, re.I
            )
        ):
            out.append(found)
    return out


# -- the finders ---------------------------------------------------------------------------

_CONVENIENCE = (
    r"for convenience|for any reason|for any or no reason|for no reason|without cause"
    r"|without (?:giving )?(?:any )?reason|at any time|at will|with or without cause"
)
#: Grounds that make a right to terminate one for cause, unless the words say "for convenience".
_FOR_CAUSE = r"breach|fails? to|cure|remed|non-payment|unpaid"
#: Other rights to terminate, never for convenience even "at any time" (a change of control).
_OTHER_GROUNDS = r"change (?:of|in) control|force majeure|insolven|bankrupt|renew|non-renewal"
_MAY_TERMINATE = re.compile(
    r"(?P<subject>(?:either|each|any)\s+part(?:y|ies)|the\s+part(?:y|ies)|(?:the\s+)?[A-Z][\w-"
    r"]*(?:\s+[A-Z][\w-]*)?)"
    r"\s+(?:shall\s+be\s+entitled\s+to|may|can|has\s+the\s+right\s+to|is\s+entitled\s+to|reser"
    r"ves\s+the\s+right\s+to)"
    r"(?:,?\s+[^,.;]{0,40},)?\s+(?:at\s+any\s+time\s+)?terminat",
    re.I,
)


def _termination_notice(sentences: list[_Sentence], parties: Sequence[Party]) -> Iterator[Finding]:
    seen: set[PartyNotice] = set()
    for s in sentences:
        if not s.has(r"terminat"):
            continue
        convenience = s.has(_CONVENIENCE) or T.TERMINATION_FOR_CONVENIENCE in s.clause.categories
        if not convenience:
            continue
        starts: list[re.Match[str] | None] = [*_MAY_TERMINATE.finditer(s.text)] or [None]
        for i, m in enumerate(starts):
            lo = m.start() if m else 0
            following = starts[i + 1] if i + 1 < len(starts) else None
            hi = following.start() if following else len(s.text)
            part = _Sentence(s.text[lo:hi], s.start + lo, s.clause)
            if part.has(_OTHER_GROUNDS) or (part.has(_FOR_CAUSE) and not part.has(_CONVENIENCE)):
                continue
            notices = _notice_durations(part)
            if not notices:
                continue
            who = party_of(m.group("subject"), parties) if m else party_of(part.text[:80], parties)
            found = notices[0]
            if who is None:
                continue
            value = PartyNotice(who, found.value.amount, found.value.unit)
            if value in seen:  # the same period said again; a different one is a conflict to show
                continue
            seen.add(value)
            yield part.finding("termination_notice", value, found)


def _renewal_notice(sentences: list[_Sentence]) -> Iterator[Finding]:
    renewal = (T.RENEWAL_TERM, T.NOTICE_TO_TERMINATE_RENEWAL, T.TERM)
    for s in sentences:
        if not any(c in s.clause.categories for c in renewal):
            continue
        if (
            s.has(r"renew|non-renewal|extend|extension")
            and s.has(r"notice")
            and not s.has(r"\bincrease|adjust")
        ):
            notices = _notice_durations(s)
            if not notices:
                notices = [
                    f
                    for f in find_durations(s.text)
                    if re.match(r"\s*(?:prior\s+to|before)\b", s.text[f.end : f.end + 12], re.I)
                ]
            if notices:
                yield s.finding("renewal_notice", notices[0].value, notices[0])
                return


_CURE = r"(?<!se)cure|remed|rectif|make good"
_OTHER_REMEDIES = r"(?i)(?:any |all )?other (?:rights? (?:or|and) )?remed(?:y|ies)"


def _cure_period(sentences: list[_Sentence]) -> Iterator[Finding]:
    # the cure period of a clause about cure periods first, then anywhere
    labelled = [s for s in sentences if T.CURE_PERIOD in s.clause.categories]
    for s in labelled + [s for s in sentences if s not in labelled]:
        if not re.search(_CURE, re.sub(_OTHER_REMEDIES, "", s.text), re.I):
            continue
        for found in find_durations(s.text):
            window = s.text[max(found.start - 150, 0) : found.end + 100]
            if re.search(_CURE, window, re.I):
                yield s.finding("cure_period", found.value, found)
                return


_RENEW_WORD = re.compile(r"renew|successive|additional|further|consecutive|extend", re.I)


def _term_and_renewal(sentences: list[_Sentence]) -> Iterator[Finding]:
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
                r"^[’'s]*\s*(?:\([^)]*\)\s*)?(?:prior|advance|written|notice|before|after|foll"
                r"owing|of (?:the|its)|from (?:the )?(?:date|receipt))",
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


_MULTIPLES = {"twice": 2, "double": 2, "triple": 3, "three times": 3, "two times": 2}


def _liability_cap(sentences: list[_Sentence]) -> Iterator[Finding]:
    for s in sentences:
        in_cap = T.CAP_ON_LIABILITY in s.clause.categories
        if (
            not in_cap
            or not s.has(r"exceed|limited to|capped|cap\b|greater of|lesser of|maximum")
            or s.has(r"^\W*nothing in|shall not apply|does not apply")
        ):
            continue
        money = [
            m
            for m in find_money(s.text)
            if not re.search(r"insurance|polic", s.text[max(m.start - 60, 0) : m.start], re.I)
        ]
        if money:
            m = money[0]
            yield s.finding("liability_cap", AmountCap(m.value.amount, m.value.currency), m)
            return
        fees = s.has(
            r"(?:fees|charges|amounts?|sums?|compensation|price)\b[^.;]{0,60}(?:paid|payable|r"
            r"eceived)|(?:paid|payable) (?:by|to)"
        )
        if not fees:
            continue
        multiple: int | float = 1
        figure: Found[object] | None = None
        for rate in find_rates(s.text[: fees.end() + 20]):
            multiple = rate.value.percent / 100
            figure = rate
        times = s.has(r"\b(twice|double|triple|(?:[a-z]+|\d+)(?:\s*\(\d+\))?\s*(?:times|x)\b)")
        if times and figure is None:
            word = re.sub(r"\s*\(\d+\)|\s*(?:times|x)$", "", times.group(1).lower()).strip()
            multiple = _MULTIPLES.get(times.group(1).lower(), parse_number(word) or 1)
        if isinstance(multiple, float) and multiple.is_integer():
            multiple = int(multiple)
        months = None
        span: Found[object] = Found(None, fees.start(), fees.end())
        for found in find_durations(s.text):
            if found.value.unit == "months":
                months = int(found.value.amount)
                span = Found(
                    None, min(fees.start(), found.start), max(fees.end(), found.end), found.conflict
                )
                break
        yield s.finding("liability_cap", FeesCap(multiple, months), span)
        return


_EXCLUSIONS = {
    "confidentiality": r"confidential",
    "data protection": r"data protection|personal data|data breach",
    "death or personal injury": r"death|personal injury|bodily injury",
    "fraud": r"fraud",
    "gross negligence": r"gross(?:ly)? negligen",
    "indemnification": r"indemni(?:f|t)",
    "intellectual property": r"intellectual property|infring",
    "payment obligations": (
        r"(?:payment|pay) (?:obligations|of (?:fees|amounts|charges))|fees (?:due|payable|"
        r"owed)|amounts? (?:due|owed|payable)|obligation to pay"
    ),
    "wilful misconduct": r"wil+ful (?:misconduct|default)|intentional misconduct",
}


_REFERENCE = re.compile(
    r"\b(?:sections?|clauses?|articles?|paragraphs?)\s+(?P<n>\d+(?:\.\d+)*|[IVXLC]+)\b", re.I
)


def _references(clauses: Sequence[Clause]) -> dict[str, str]:
    """Clause numbers ("11", "vii", "10.2") → what the clause is about (heading and labels)."""
    about = {}
    for clause in clauses:
        if clause.number:
            key = re.sub(r"^(?:article|section|clause)\s+", "", clause.number.lower()).strip("()")
            about[key] = " ".join([clause.heading or "", *clause.categories])
    return about


def _resolved(text: str, about: dict[str, str]) -> str:
    """``text`` with what each cross-reference points at added ("Section 11 (Indemnification)")."""
    return _REFERENCE.sub(lambda m: f"{m.group(0)} ({about.get(m['n'].lower(), '')})", text)


def _cap_exclusions(sentences: list[_Sentence], about: dict[str, str]) -> Iterator[Finding]:
    items: set[str] = set()
    first: _Sentence | None = None
    for s in sentences:
        in_scope = (
            T.UNCAPPED_LIABILITY in s.clause.categories or T.CAP_ON_LIABILITY in s.clause.categories
        )
        if not in_scope or not s.has(
            r"shall not apply|do not apply|does not apply|will not apply|not apply to|nothing in|"
            r"excluding|except (?:for|with respect to|as to|in respect of)|other than|save for|"
            r"unlimited|uncapped|shall not limit|does not limit"
        ):
            continue
        text = _resolved(s.text, about)
        found = {name for name, pattern in _EXCLUSIONS.items() if re.search(pattern, text, re.I)}
        if found:
            items |= found
            first = first or s
    if first is not None:
        yield first.finding("liability_cap_exclusions", Items(tuple(sorted(items))))


def _consequential(sentences: list[_Sentence]) -> Iterator[Finding]:
    for s in sentences:
        if T.CONSEQUENTIAL_DAMAGES in s.clause.categories and s.has(
            r"indirect|consequential|incidental|special|punitive|loss of profit|lost profit"
        ):
            yield s.finding("consequential_damages_excluded", Flag(True))
            return


_INDEMNITY_FOR = {
    "breach of contract": (
        r"breach of (?:this agreement|the agreement|its (?:obligations|representations|"
        r"warranties)|contract|any (?:of its )?(?:obligations|representation|warrant))"
    ),
    "client materials": (
        r"(?:client|customer|company|brand)(?:.s)? (?:materials|content|data|instructions)|"
        r"materials (?:provided|supplied|furnished) by"
    ),
    "data breach": (
        r"data breach|security breach|unauthori[sz]ed access|"
        r"breach of (?:its )?data protection"
    ),
    "ip infringement": r"infring|misappropriat",
    "negligence": r"(?<!gross )(?<!grossly )negligen",
    "personal injury or property damage": (
        r"bodily injury|personal injury|death|property damage|"
        r"damage to (?:real or )?(?:tangible )?(?:personal )?property"
    ),
    "violation of law": (
        r"violat\w* of (?:any )?(?:applicable )?laws?|"
        r"breach of (?:any )?(?:applicable )?laws?|"
        r"violat\w* (?:any )?(?:applicable )?laws?"
    ),
    "wilful misconduct": r"wil+ful misconduct|intentional misconduct",
}


def _indemnification(
    sentences: list[_Sentence], clauses: Sequence[Clause], parties: Sequence[Party]
) -> Iterator[Finding]:
    children: dict[str, list[Clause]] = {}
    for c in clauses:
        if c.parent:
            children.setdefault(c.parent, []).append(c)
    done: set[str] = set()
    for s in sentences:
        m = s.has(
            r"(?P<subject>(?:each|either)\s+part(?:y|ies)|(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w"
            r"-]*)?)\s+"
            r"(?:shall|will|agrees?\s+to|hereby\s+agrees?\s+to|undertakes?\s+to)\s+(?:at\s+its"
            r"\s+own\s+(?:cost|expense)\s*,?\s*)?"
            r"(?:(?:defend,?\s+)?(?:fully\s+)?indemnif"
            # "shall defend Customer against any third-party claim": an indemnity in all but name
            r"|defend\b(?=[^.]{0,80}\bagainst\b[^.]{0,30}\bclaims?\b))"
        )
        if not m or s.has(r"^\W*(?:nothing|excluding|except)"):
            continue
        who = party_of(m.group("subject"), parties)
        if who is None:
            continue
        scope = s.text + " " + " ".join(c.text for c in children.get(s.clause.id, []))
        covered = tuple(sorted(k for k, p in _INDEMNITY_FOR.items() if re.search(p, scope, re.I)))
        for role in ("provider", "client") if who == "either" else (who,):
            if role not in done:
                done.add(role)
                yield s.finding("indemnification", Indemnity(role, covered))


def _payment(sentences: list[_Sentence]) -> Iterator[Finding]:
    due = late = fee = suspend = None
    for s in sentences:
        categories = s.clause.categories
        paying = (
            T.PAYMENT_TERMS in categories or T.LATE_PAYMENT in categories or T.FEES in categories
        )
        if due is None and paying and not s.has(r"\blate\b|overdue|\bdisput"):
            net = s.has(r"\bnet[ -]?(\d{1,3})\b")
            if net:
                days = int(net.group(1))
                due = s.finding(
                    "payment_due", Duration(days, "days"), Found(None, net.start(), net.end())
                )
            else:
                for found in find_durations(s.text):
                    before = s.text[max(found.start - 25, 0) : found.start].lower()
                    after = s.text[found.end : found.end + 60].lower()
                    if (
                        re.search(r"within|no later than|not later than|net", before)
                        and (
                            re.search(r"invoice|receipt|date of|after|from|following", after)
                            # "shall pay each invoice within sixty (60) days."
                            or re.search(r"\bpay\b[^.]*\binvoices?\b", s.text[: found.start])
                        )
                        and found.value.unit != "months"
                    ):
                        due = s.finding("payment_due", found.value, found)
                        break
        if paying or T.LATE_PAYMENT in categories:
            if late is None and s.has(r"interest|late|overdue|unpaid|past due|outstanding"):
                for rate in find_rates(s.text):
                    if rate.value.per is not None or s.has(
                        r"per annum|a year|per year|per month|a month"
                    ):
                        value = rate.value
                        if value.per is None:
                            monthly = s.has(r"per month|a month|monthly")
                            value = Rate(value.percent, "month" if monthly else "year")
                        late = s.finding("late_payment", value, rate)
                        break
            if fee is None and s.has(
                r"late (?:payment )?(?:fee|charge)|administration (?:fee|charge)|per (?:overdu"
                r"e|late|unpaid) invoice|fixed (?:sum|fee)"
            ):
                money = next(find_money(s.text), None)
                if money is not None:
                    fee = s.finding("late_payment", money.value, money)
            if suspend is None and s.has(
                r"suspend\w*[^.;]{0,150}(?:payment|unpaid|overdue|paid|outstanding|invoice)|(?"
                r":unpaid|overdue|outstanding|non-payment|not paid)[^.;]{0,100}suspend"
            ):
                suspend = s.finding("suspension_for_nonpayment", Flag(True))
    yield from (f for f in (due, late, fee, suspend) if f is not None)


_NAME = r"[A-Z][\w'-]*(?:\.[\w'-]+)*"
_PLACE = rf"{_NAME}(?:\s+(?:{_NAME}|of|and|upon))*(?:,\s+{_NAME}(?:\s+{_NAME})*)?"
_LAW = re.compile(
    r"(?i:governed\s+by|construed\s+(?:and\s+enforced\s+)?in\s+accordance\s+with|subject\s+to)"
    rf"[^.;]{{0,60}}?\b(?i:laws?\s+of)\s+(?P<j>(?i:the\s+)?{_PLACE})"
    rf"|\b(?i:laws?\s+of)\s+(?P<j2>(?i:the\s+)?{_PLACE})[^.;]{{0,40}}(?i:shall|will)\s+(?i:govern|apply)"
)
_PREFIX = re.compile(
    r"^(?:the\s+)?(?:(?:state|commonwealth|province|republic|kingdom|country)\s+of\s+)?(?:the\s+)?",
    re.I,
)


_PLACEHOLDER = re.compile(
    r"(?i)governing\s+law|jurisdiction|cover\s+page|order\s+form|schedule|applicable\s+law"
)


def _clean_place(place: str) -> str:
    """A place or jurisdiction without "the State of" and trailing words; "" for a placeholder."""
    place = re.sub(r"\s+(?:and|of|upon)$", "", _PREFIX.sub("", place.strip()))
    place = re.split(
        r",?\s+(?:without|excluding|and\s+(?:the|each|any|shall|will|you)|applicable|as\s+appl"
        r"ied|that\s|which\s)",
        place,
    )[0]
    if _PLACEHOLDER.fullmatch(place.strip(" ,.")):
        return ""  # a form's blank: "the laws of the Governing Law (see the Cover Page)"
    return place.strip(" ,.")


_ARBITRATION_PLACE = re.compile(
    r"(?:seat(?:ed)?|venue|place|location)\s+(?:of\s+(?:the\s+)?arbitration\s+)?(?:shall|will)?"
    rf"\s*(?:be\s+)?(?:in\s+)?(?P<p>{_PLACE})"
    rf"|(?:held|take\s+place|conducted|seated|arbitration)\s+in\s+(?P<p2>{_PLACE})"
)
#: Courts are named down to the county or city: "the courts located in King County".
_COURTS = re.compile(
    r"courts?\s+(?:of|located\s+in|sitting\s+in|situated\s+in|in|for)\s+"
    rf"(?P<p>(?:the\s+)?{_NAME}(?:\s+(?:{_NAME}|of|and|upon))*)"
)


def _law_and_forum(sentences: list[_Sentence]) -> Iterator[Finding]:
    law = forum = None
    for s in sentences:
        if law is None and (m := _LAW.search(s.text)):
            group = "j" if m.group("j") else "j2"
            jurisdiction = _clean_place(m.group(group))
            if jurisdiction:
                law = s.finding(
                    "governing_law",
                    Jurisdiction(jurisdiction),
                    Found(None, m.start(group), m.end(group)),
                )
        if T.DISPUTE_RESOLUTION not in s.clause.categories:
            continue
        if forum is None or (forum.value.place is None and forum.clause == s.clause.id):  # type: ignore[union-attr]
            if s.has(r"arbitrat") and (
                forum is not None or s.has(r"binding|final|shall be (?:resolved|settled|referred)")
            ):
                where = _ARBITRATION_PLACE.search(s.text)
                place = _clean_place(where.group("p") or where.group("p2")) if where else None
                if forum is None or place:
                    forum = s.finding("dispute_forum", Forum("arbitration", place or None))
            elif forum is None and (where := _COURTS.search(s.text)):
                forum = s.finding(
                    "dispute_forum", Forum("courts", _clean_place(where["p"]) or None)
                )
    yield from (f for f in (law, forum) if f is not None)


def _non_solicitation(sentences: list[_Sentence]) -> Iterator[Finding]:
    for s in sentences:
        categories = s.clause.categories
        if T.NO_SOLICIT_EMPLOYEES not in categories and T.NO_SOLICIT_CUSTOMERS not in categories:
            continue
        for found in find_durations(s.text):
            around = s.text[max(found.start - 60, 0) : found.end + 80].lower()
            if re.search(
                r"after|following|thereafter|termination|expiry|expiration|ends?\b", around
            ):
                yield s.finding("non_solicitation_period", found.value, found)
                return


def _confidentiality_survival(
    sentences: list[_Sentence], clauses: Sequence[Clause]
) -> Iterator[Finding]:
    by_id = {c.id: c for c in clauses}
    for s in sentences:
        parent = by_id.get(s.clause.parent or "")
        context = [s.clause, parent] if parent else [s.clause]
        confidential = s.has(r"confidential") or any(
            T.CONFIDENTIALITY in c.categories or "confidential" in (c.heading or "").lower()
            for c in context
        )
        if not confidential:
            continue
        if not s.has(r"surviv|(?:continue|remain)[^.;]{0,120}(?:after|following|beyond)"):
            continue
        if s.has(r"indefinitely|perpetu|in perpetuity|without limit of time"):
            yield s.finding("confidentiality_survival", Perpetual())
            return
        for found in find_durations(s.text):
            yield s.finding("confidentiality_survival", found.value, found)
            return


def find_terms(clauses: Sequence[Clause], parties: Sequence[Party]) -> list[Finding]:
    """Every key term stated in the classified ``clauses``, in a fixed order of names."""
    sentences = [s for c in clauses if c.kind == "clause" for s in _sentences(c)]
    return [
        *_termination_notice(sentences, parties),
        *_renewal_notice(sentences),
        *_cure_period(sentences),
        *_term_and_renewal(sentences),
        *_liability_cap(sentences),
        *_cap_exclusions(sentences, _references(clauses)),
        *_consequential(sentences),
        *_indemnification(sentences, clauses, parties),
        *_payment(sentences),
        *_law_and_forum(sentences),
        *_non_solicitation(sentences),
        *_confidentiality_survival(sentences, clauses),
    ]
