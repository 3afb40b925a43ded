"""How a notice must be delivered, read from the contract's notices clause.

The methods it allows (by hand, courier, post, e-mail) minus those it rules out, the
recipient's postal address from the opening words, its e-mail addresses and "for the attention
of" from the clause, and the sentences about termination notices and receipt, quoted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from contractkit.clauses.model import Clause
from contractkit.clauses.taxonomy import ClauseType
from contractkit.errors import InvalidOptionError
from contractkit.exit._contract import (
    Sides,
    citation_word,
    cite,
    flat,
    join_and,
    preamble_of,
    sentences,
)
from contractkit.extraction import Extraction
from contractkit.terms.model import Party

__all__ = ["Delivery", "address_of", "find_delivery"]

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
        return join_and(parts) if parts else "as the Agreement provides"


def address_of(preamble: str, party: Party, others: Sequence[Party]) -> str | None:
    text = flat(preamble)
    at = text.find(party.name) if party.name else -1
    if at == -1:
        return None
    ends = [text.find(o.name, at + 1) for o in others if o.name]
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
    address = address_of(preamble_of(extraction), who.recipient, others)
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
        preamble = flat(preamble_of(extraction))
        start = preamble.find(who.recipient.name) if who.recipient.name else -1
        if start != -1:
            others = [preamble.find(p.name, start + 1) for p in extraction.parties if p.name]
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
    words = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", party.name or "")} - _LEGAL_WORDS
    return any(w in domain for w in words)


def _attention(text: str, who: Sides) -> str | None:
    for sentence in sentences(text):
        match = _ATTENTION.search(sentence)
        if match and (who.recipient_term in sentence or who.sender_term not in sentence):
            return flat(match.group("who"))
    return None
