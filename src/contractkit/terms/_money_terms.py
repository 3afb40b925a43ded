"""Money terms: the liability cap and what it does not cover, payment and late payment.

A cap may be an amount, a multiple of the fees paid over some months, or a defined term
("the General Cap Amount") whose amount the contract gives elsewhere, often on a cover page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from contractkit.clauses.model import Clause
from contractkit.terms._sentences import Finding, Sentence, T
from contractkit.terms.model import AmountCap, DefinedCap, FeesCap, Flag, Items
from contractkit.terms.normalize import (
    Duration,
    Found,
    base_rate,
    find_durations,
    find_money,
    find_rates,
    parse_number,
)

__all__ = ["cap_exclusions", "definitions_in", "liability_cap", "payment", "references"]

#: "shall not exceed the General Cap Amount": a cap named by a defined term.
_DEFINED_CAP = re.compile(
    r"(?:exceed|limited\s+to|capped\s+at|greater\s+of|lesser\s+of)[^.;]{0,40}?\bthe\s+"
    r"(?P<term>(?:[A-Z][\w-]*\s+){0,3}(?:Cap|Limit|Amount)(?:\s+Amount)?)\b"
)
#: Where a form keeps what it defines: "as set out in the Cover Page".
_ELSEWHERE = re.compile(r"(?i)\b(cover\s+page|order\s+form|schedule|statement\s+of\s+work)\b")
_DEFINITION = re.compile(
    r"[\"“](?P<term>[A-Z][\w -]{1,40})[\"”]\s*(?:means|shall\s+mean|is|has\s+the\s+meaning)"
    r"\s+(?P<text>[^\n]{1,400})"
)


def definitions_in(clauses: Sequence[Clause]) -> dict[str, str]:
    """Each term the contract defines ("X" means ...) → its definition, first one kept."""
    found: dict[str, str] = {}
    for clause in clauses:
        for m in _DEFINITION.finditer(clause.text):
            found.setdefault(m["term"].strip().lower(), m["text"])
    return found


def _defined_cap(term: str, definitions: dict[str, str]) -> DefinedCap:
    definition = definitions.get(term.lower(), "")
    money = next(find_money(definition), None)
    if money is not None:
        return DefinedCap(term, money.value.amount, money.value.currency, None)
    elsewhere = _ELSEWHERE.search(definition)
    where = " ".join(w.capitalize() for w in elsewhere[1].split()) if elsewhere else None
    return DefinedCap(term, None, None, where)


_MULTIPLES = {"twice": 2, "double": 2, "triple": 3, "three times": 3, "two times": 2}


def liability_cap(
    sentences: list[Sentence], definitions: dict[str, str] | None = None
) -> Iterator[Finding]:
    """The cap on liability: an amount, a multiple of the fees, or a defined amount.

    ``definitions`` (defined term → its definition, from :func:`definitions_in`) follows a
    cap stated as a defined term ("the General Cap Amount") to its amount; a cap defined on
    a cover page or order form the text does not carry is reported as defined there, which
    is not the same as no cap.
    """
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
        if (defined := _DEFINED_CAP.search(s.text)) and definitions is not None:
            yield s.finding(
                "liability_cap",
                _defined_cap(defined["term"], definitions),
                Found(None, defined.start("term"), defined.end("term")),
            )
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


def references(clauses: Sequence[Clause]) -> dict[str, str]:
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


def cap_exclusions(sentences: list[Sentence], about: dict[str, str]) -> Iterator[Finding]:
    items: set[str] = set()
    first: Sentence | None = None
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


def payment(sentences: list[Sentence]) -> Iterator[Finding]:
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
                            value = replace(value, per="month" if monthly else "year")
                        margin = base_rate(s.text, replace(rate, value=value))
                        if margin is not None:  # "prime + 5% per annum"
                            late = s.finding("late_payment", margin.value, margin)
                        else:
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
