"""What happens at the end, fitted to the kind of contract, each step citing what it rests on.

A services contract ends with a final invoice and the handover of deliverables; a SaaS or
software licence with a data export window, the end of use and the return or destruction of
software and confidential information; a lease with the surrender of the premises, the keys,
a final inspection and the deposit (issue 17). The kind comes from ``extract``
(:attr:`~contractkit.Extraction.kind`) unless the caller gives one.

Each step is a statement. It cites a clause only when a sentence of that clause says what
the step states: every pattern of the step matches the sentence. A step with no such
sentence is written as a proposal without a citation, or left out when it would only be true
if the contract said so (a refund of prepaid fees, a certificate of destruction).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from contractkit.clauses.taxonomy import ClauseType
from contractkit.exit import _contract as read
from contractkit.exit.dates import effective_date
from contractkit.extraction import Extraction, clause_names
from contractkit.terms.normalize import Duration, find_durations

__all__ = ["Step", "exit_steps", "kind_of", "place_of", "sides_by_kind"]

Side = Literal["provider", "client", "sender", "recipient", "both"]
#: The kinds a letter is fitted to; the others get the steps common to every contract.
Fitted = Literal["services", "saas", "licence", "lease", "other"]

_END = r"terminat|expir|end\s+of\s+(?:the|this)\s+(?:term|agreement|lease|tenancy)|cancel"


@dataclass(frozen=True, slots=True)
class Step:
    """One thing that happens at the end, and the clauses that provide for it.

    Attributes:
        key: What it is (``final_invoice``, ``surrender``, ``data_export``…).
        text: The statement as the letter writes it, its citation included.
        owner: Who does it, by the contract's defined term (``Tenant``), or both parties.
        clauses: The clauses cited, named as the contract cites them.
        quotes: Each sentence that says it, with its clause: ``(clause, sentence)``.
        period: A period after termination the contract sets for it, if any.
        due: ``period`` counted from the termination date.
    """

    key: str
    text: str
    owner: str
    clauses: tuple[str, ...] = ()
    quotes: tuple[tuple[str, str], ...] = ()
    period: Duration | None = None
    due: dt.date | None = None


@dataclass(frozen=True, slots=True)
class _Spec:
    key: str
    kinds: frozenset[str]
    owner: Side
    supported: str  # {p}, {c}, {s}, {r}: provider, client, sender, recipient; {cite}, {within}
    unsupported: str | None  # None: leave the step out when no clause says it
    patterns: tuple[str, ...]  # a sentence supports the step when all of them match
    #: The unsupported text is written only when the contract speaks of this at all (a
    #: final invoice needs a contract with fees; deliverables one that has them).
    premise: str | None = None


_ALL = frozenset({"services", "saas", "licence", "lease", "other"})
_SAAS = frozenset({"saas", "licence"})
_SPECS: tuple[_Spec, ...] = (
    _Spec(
        "perform",
        _ALL - {"lease"},
        "sender",
        "",
        "Until the Termination Date the {s} will continue to perform its obligations under "
        "the Agreement.",
        (),
    ),
    _Spec(
        "final_invoice",
        frozenset({"services"}),
        "provider",
        "The {p} will issue a final invoice for the work performed and expenses incurred up to "
        "the Termination Date, payable as the Agreement provides{cite}.",
        "The {p} will issue a final invoice for the work performed and expenses incurred up to "
        "the Termination Date.",
        (r"\bpa(?:y|id|yment)\b|invoice", r"work|services|perform|expenses|fees", _END),
        premise="\\binvoices?\\b|\\bfees\\b|\\bpay(?:s|ment)?\\b",
    ),
    _Spec(
        "deliverables",
        frozenset({"services"}),
        "provider",
        "The {p} will hand over the completed deliverables and working files the {c} is "
        "entitled to{cite}.",
        "The {p} will hand over the completed deliverables the {c} has paid for.",
        (r"deliverables|work\s+product|hand\s*over|deliver\s+(?:to|up|all)", _END),
        premise="deliverables?|work\\s+product",
    ),
    _Spec(
        "data_export",
        _SAAS,
        "client",
        "The {c} may export or retrieve its data{within}{cite}.",
        "The {c} should export the data it needs before the Termination Date; the Agreement "
        "sets no period for this after it.",
        (
            r"export|retriev|download|obtain\s+a\s+copy|access\s+to\s+(?:its|their)\s+data",
            r"data|content",
        ),
    ),
    _Spec(
        "cease_use",
        _SAAS,
        "client",
        "From the Termination Date the {c} will stop using the {what}{cite}.",
        "From the Termination Date the {c} will stop using the {what}.",
        (
            r"(?:cease|stop|discontinue)\w*\s+(?:\w+\s+){0,4}?(?:us(?:e|ing)|access)|"
            r"(?:rights?|licen[cs]es?|access|subscriptions?)\b[^.;]{0,80}\b(?:terminate|end|cease)|"
            r"no\s+longer\s+(?:\w+\s+){0,4}?(?:use|access)",
        ),
    ),
    _Spec(
        "return_software",
        _SAAS,
        "client",
        "The {c} will remove the software and any copies of it as the Agreement requires"
        "{within}{cite}.",
        None,
        (r"return|destroy|delet|uninstall|remov|eras", r"software|copies|licensed|program"),
    ),
    _Spec(
        "certify",
        _SAAS,
        "client",
        "The {c} will certify to the {p} in writing that it has removed the software as "
        "the Agreement requires{cite}.",
        None,
        (r"certif", r"destr|delet|return|remov"),
    ),
    _Spec(
        "surrender",
        frozenset({"lease"}),
        "client",
        "On the Termination Date the {c} will {surrender} to the {p}{in_condition}{cite}.",
        "On the Termination Date the {c} will vacate the {place} and give the {p} vacant "
        "possession.",
        (r"surrender|vacate|yield\s+up|deliver\s+up|quit\b|vacant\s+possession",),
    ),
    _Spec(
        "condition",
        frozenset({"lease"}),
        "client",
        "The {c} will leave the {place} in the condition the Agreement requires{cite}.",
        None,
        (
            r"condition|\bclean\b|good\s+repair|wear\s+and\s+tear",
            r"\bleave|surrender|yield|end\s+of|terminat|expir|vacat",
        ),
    ),
    _Spec(
        "keys",
        frozenset({"lease"}),
        "client",
        "The {c} will return {keys} to the {p}{cite}.",
        "The {c} will return all keys and access cards to the {p} on the Termination Date.",
        (
            r"\bkeys?\b|access\s+cards?|\bfobs?\b",
            r"\breturn|hand\s*(?:back|over)|deliver\s+(?:up|to)|give\s+back|surrender",
        ),
    ),
    _Spec(
        "remove_property",
        frozenset({"lease"}),
        "client",
        "Before the Termination Date the {c} will remove its property from the {place}{cite}.",
        None,
        (r"\bremov", r"propert|fixtures|belongings|alterations|equipment|goods"),
    ),
    _Spec(
        "inspection",
        frozenset({"lease"}),
        "both",
        "The {place} may be inspected before the Termination Date as the Agreement provides"
        "{cite}; the {c} proposes a joint final inspection.",
        "The {c} proposes a joint final inspection of the {place} before the Termination "
        "Date, with photographs and meter readings recorded.",
        (r"inspect",),
    ),
    _Spec(
        "deposit",
        frozenset({"lease"}),
        "provider",
        "The {p} will return the deposit, less any deductions the Agreement allows,{within}{cite}.",
        None,
        (r"deposit", r"return|refund|repa(?:y|id)"),
    ),
    _Spec(
        "rent",
        frozenset({"lease"}),
        "client",
        "Rent is payable up to the Termination Date{cite}.",
        "The {c} will pay the rent due up to the Termination Date.",
        (r"\brent\b", r"apportion|pro[- ]?rat|up\s+to\s+the\s+date|accrued", _END),
    ),
    _Spec(
        "fees_due",
        _SAAS | {"other"},
        "client",
        "Fees accrued up to the Termination Date remain payable{cite}.",
        None,
        (r"\bfees?\b|\bpa(?:y|id|yment)\b|amounts?", r"accrued|unpaid|outstanding|owed|due", _END),
    ),
    _Spec(
        "refund",
        _SAAS,
        "provider",
        "The {p} will refund prepaid fees for the period after the Termination Date{cite}.",
        None,
        (r"refund", r"prepaid|pre-paid|unused|remaining|advance"),
    ),
    _Spec(
        "return_materials",
        _ALL - {"lease"},
        "both",
        "Each party will return or destroy the other's {materials}{within}{cite}.",
        "Each party will return, or delete where the Agreement allows, the other's materials, "
        "data and confidential information.",
        (r"\breturn|destroy|delet|eras", r"confidential|materials|property|data|documents"),
    ),
    _Spec(
        "transition",
        frozenset({"services", "saas", "other"}),
        "sender",
        "The {s} offers to agree a short transition plan with the {r} for an orderly handover "
        "before the Termination Date{cite}.",
        "The {s} offers to agree a short transition plan with the {r} for an orderly handover "
        "before the Termination Date.",
        (r"transition|migrat|assist(?:ance)?\b|co-?operat", _END),
    ),
    _Spec(
        "survival",
        _ALL,
        "both",
        "The provisions that survive termination continue to apply{cite}.",
        None,
        (r"surviv|continue\s+(?:in\s+(?:full\s+)?force|to\s+apply)",),
    ),
)
#: Steps a kind states only when the contract says so (software on the licensee's own
#: computers has no data to export unless the licence speaks of it).
_ONLY_IF_SAID = frozenset({("data_export", "licence")})
_AFTER = re.compile(
    r"(?:within|no\s+later\s+than|not\s+later\s+than|for\s+(?:a\s+period\s+of\s+)?|"
    r"during)\s*$",
    re.I,
)


def kind_of(extraction: Extraction, kind: str | None) -> Fitted:
    """The kind the letter is fitted to: as asked, else ``extract``'s, folded to five.

    Raises:
        InvalidOptionError: ``kind`` is not one of the kinds ``extract`` knows.
    """
    from typing import get_args

    from contractkit.errors import InvalidOptionError
    from contractkit.terms.kind import KindName

    known: tuple[str, ...] = get_args(KindName)
    name = (kind or extraction.kind.name).strip().lower().replace("license", "licence")
    if name not in known:
        raise InvalidOptionError(
            f"unknown kind {kind!r}", hint=f"use one of: {', '.join(known[:-1])}"
        )
    if name in ("services", "saas", "licence", "lease"):
        return name  # type: ignore[return-value]
    return "services" if name == "employment" else "other"


def sides_by_kind(who: read.Sides) -> tuple[str, str]:
    """The provider-side and client-side defined terms (``Landlord``, ``Tenant``)."""
    if who.role == "provider":
        return who.sender_term, who.recipient_term
    return who.recipient_term, who.sender_term


def exit_steps(
    extraction: Extraction,
    who: read.Sides,
    kind: Fitted,
    effective: dt.date,
    *,
    country: str | None = None,
    subdivision: str | None = None,
) -> tuple[Step, ...]:
    """The steps of ending this contract, in letter order, each with what supports it."""
    names = clause_names(extraction)
    citation = read.citation_word(extraction)
    candidates = [
        (names[c.id], sentence)
        for c in extraction.clauses
        if c.kind not in ("preamble", "signature", "definitions")
        and ClauseType.NOTICES not in c.categories
        for sentence in read.sentences(c.body)
    ]
    everything = " ".join(sentence for _, sentence in candidates)
    place = place_of(extraction)
    provider, client = sides_by_kind(who)
    owners = {
        "provider": provider,
        "client": client,
        "sender": who.sender_term,
        "recipient": who.recipient_term,
        "both": f"{who.sender_term}, {who.recipient_term}",
    }
    what = "Software" if kind == "licence" else "Services"
    if kind in ("saas", "licence"):
        what = next(
            (
                w
                for w in ("Platform", "Product", "Software", "Services", "Service")
                if _used(extraction, w)
            ),
            what,
        )
    # "If the Provider terminates under 3.2, the Provider shall refund…" does not apply
    # when the Customer terminates.
    other = "|".join(re.escape(t) for t in {who.recipient_term, name_of_or_none(who)} if t)
    other_ends = re.compile(rf"\bif\s+(?:the\s+)?(?:{other})\s+terminat", re.I) if other else None
    steps: list[Step] = []
    for spec in _SPECS:
        if kind not in spec.kinds:
            continue
        support = [
            (clause, sentence)
            for clause, sentence in candidates
            if spec.patterns
            and all(re.search(p, sentence, re.I) for p in spec.patterns)
            and not (other_ends and other_ends.search(sentence))
        ]
        if not support and (
            spec.unsupported is None
            or (spec.key, kind) in _ONLY_IF_SAID
            or (spec.premise and not re.search(spec.premise, everything, re.I))
        ):
            continue
        clauses = tuple(dict.fromkeys(c for c, _ in support))
        period = next((p for _, s in support if (p := _period_after(s)) is not None), None)
        due = None
        if period is not None and float(period.amount).is_integer():
            due = effective_date(effective, period, country=country, subdivision=subdivision)
        within = f" within {period} after the Termination Date" if period else ""
        if spec.key == "deposit" and not period:
            within = ""
        if due is not None:
            within += f" (by {read.write_date(due, read.us_dates(extraction))})"
        values = {
            "p": provider,
            "c": client,
            "s": who.sender_term,
            "r": who.recipient_term,
            "what": what,
            "within": within,
            "cite": f" ({read.cite(clauses, citation)})" if clauses else "",
            "in_condition": _condition(support),
            "place": place,
            "surrender": _surrender(support, place),
            "materials": _materials(support),
            "keys": _keys(support),
        }
        template = spec.supported if support else spec.unsupported or ""
        steps.append(
            Step(
                spec.key,
                template.format(**values),
                owners[spec.owner],
                clauses if support else (),
                tuple(support),
                period if support else None,
                due if support else None,
            )
        )
    surrendered = {c for s in steps if s.key == "surrender" for c in s.clauses}
    # "surrender … in good repair and condition (6.1)" already says it once
    return tuple(s for s in steps if not (s.key == "condition" and set(s.clauses) <= surrendered))


def name_of_or_none(who: read.Sides) -> str | None:
    """The recipient's name, when the contract gives one (not a placeholder)."""
    name = read.name_of(who.recipient)
    return None if name.startswith("[") else name


def _used(extraction: Extraction, word: str) -> bool:
    text = " ".join(c.text for c in extraction.clauses)
    return len(re.findall(rf"\b{word}\b", text)) >= 3


def _period_after(sentence: str) -> Duration | None:
    for found in find_durations(sentence):
        if _AFTER.search(sentence[: found.start]) and re.search(_END, sentence, re.I):
            return found.value
    return None


def place_of(extraction: Extraction) -> str:
    """What a lease calls the let place: its defined term (``Property``), else ``Premises``."""
    text = " ".join(c.text for c in extraction.clauses)
    for word in ("Premises", "Property", "Apartment", "Flat", "Unit", "House", "Building"):
        if re.search(rf"\(\s*(?:the\s+)?[\"\u201c]{word}[\"\u201d]\s*\)", text):
            return word
    return "Premises"


def _surrender(support: Sequence[tuple[str, str]], place: str) -> str:
    """The verb of the supporting sentence: surrender, give vacant possession of, vacate."""
    said = " ".join(s for _, s in support).lower()
    if "surrender" in said or not said:
        return f"surrender the {place}"
    if "vacant possession" in said:
        return f"give vacant possession of the {place}"
    if "yield" in said:
        return f"yield up the {place}"
    return f"vacate the {place}"


def _condition(support: Sequence[tuple[str, str]]) -> str:
    """`` in the condition the Agreement requires`` when a supporting sentence sets one."""
    if any(re.search(r"condition|repair|clean|good order", s, re.I) for _, s in support):
        return " in the condition the Agreement requires"
    return ""


def _keys(support: Sequence[tuple[str, str]]) -> str:
    """``all keys``, with access cards and fobs when the supporting sentences name them."""
    said = " ".join(s for _, s in support).lower()
    extra = [
        w
        for w, p in (("access cards", r"access\s+cards?"), ("fobs", r"\bfobs?\b"))
        if re.search(p, said)
    ]
    return read.join_and(["all keys", *extra])


def _materials(support: Sequence[tuple[str, str]]) -> str:
    """What the supporting sentences say is returned, in their words."""
    said = " ".join(s for _, s in support).lower()
    found = [
        words
        for pattern, words in (
            (r"confidential", "Confidential Information"),
            (r"materials", "materials"),
            (r"\bdata\b", "data"),
            (r"property", "property"),
            (r"documents", "documents"),
        )
        if re.search(pattern, said)
    ]
    return read.join_and(found) or "materials"
