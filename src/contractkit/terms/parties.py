"""The parties a contract names in its opening words, their roles, and who a sentence means.

A party is a name followed by its defined term, quoted (``("Client")``, ``(hereinafter the
"Supplier")``) or not (``(the Provider)``). Its role comes from that term: ``provider`` for the
one doing the work (Consultant, Agency, Developer…), ``client`` for the one paying.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from contractkit.terms.model import Party, Role

__all__ = ["find_parties", "party_of"]

_PROVIDER_WORDS = [
    "provider",
    "service-provider",
    "supplier",
    "contractor",
    "consultant",
    "designer",
    "developer",
    "agency",
    "vendor",
    "licensor",
    "freelancer",
    "contractor",
    "studio",
]
_CLIENT_WORDS = [
    "client",
    "customer",
    "company",
    "buyer",
    "purchaser",
    "licensee",
    "brand",
    "subscriber",
    "owner",
]
_DEFINED = re.compile(
    r"\((?:each\s+)?(?:the\s+|hereinafter\s+(?:referred\s+to\s+as\s+)?(?:the\s+)?|referred\s+to"
    r"\s+as\s+(?:the\s+)?)?[\"“](?P<term>[A-Z][\w -]{1,30})[\"”]\)"
    # unquoted, as many letters and scans write it: (the Provider)
    r"|\((?:hereinafter\s+(?:referred\s+to\s+as\s+)?)?the\s+(?P<bare>[A-Z][\w-]{1,30}"
    r"(?:\s+[A-Z][\w-]{1,30})?)\)"
)
_NOT_PARTIES = re.compile(
    r"^(?:agreement|effective date|parties|party|services|msa|sow|terms|commencement date|"
    r"deliverables|statement of work)$",
    re.I,
)
#: "This Services Agreement (the "Agrecment")": the contract naming itself, misread by OCR.
_THE_CONTRACT = re.compile(r"(?i)^this\b.*\b(?:agreement|contract|terms)$")
_NAME_CUT = re.compile(
    r",(?!\s*(?:Inc|LLC|L\.L\.C|Ltd|Limited|plc|PLC|LLP|GmbH|S\.A|B\.V|Corp|INC|LTD)\b)|\s+(?:a|an)\s+(?:company|corporation|limited|private|individual|[A-Z][a-z]+\s+"
    r"(?:corporation|company|limited))|\s+incorporated|\s+whose\s|\s+with\s+(?:its|a)\s|"
    r"\s+having\s|\s+residing\s|\s+of\s+\d|\s+located\s",
)


def _role_of(defined_as: str | None) -> Role | None:
    word = (defined_as or "").lower().replace(" ", "-")
    if word in _CLIENT_WORDS:
        return "client"
    if word in _PROVIDER_WORDS or word.endswith(("-provider", "provider")):
        return "provider"
    return None


def find_parties(preamble: str) -> list[Party]:
    """The parties named in the contract's opening words, with their roles."""
    parties: list[Party] = []
    previous = 0
    text = preamble
    for match in _DEFINED.finditer(text):
        term = (match.group("term") or match.group("bare")).strip()
        if _NOT_PARTIES.match(term):
            previous = match.end()
            continue
        before = text[previous : match.start()]
        before = re.split(r"\bbetween\b|\(\d\)|;|\n\n", before)[-1]
        before = re.sub(r"^[\s),]*(?:and\b)?", "", before)
        name = _NAME_CUT.split(before.strip(" ,\n"), maxsplit=1)[0].strip(' ,\n"“”')
        name = re.sub(r"\s+", " ", name)
        previous = match.end()
        if not name or not name[0].isupper() or len(name) > 80 or _THE_CONTRACT.match(name):
            continue
        parties.append(Party(name, term, _role_of(term)))
    roles = [p.role for p in parties]
    if len(parties) == 2 and roles.count(None) == 1:
        known = next(r for r in roles if r is not None)
        other: Role = "client" if known == "provider" else "provider"
        parties = [p if p.role else Party(p.name, p.defined_as, other) for p in parties]
    return parties


def _party_words(parties: Sequence[Party], role: Role) -> list[str]:
    words = [p.defined_as for p in parties if p.role == role and p.defined_as]
    words += _PROVIDER_WORDS if role == "provider" else _CLIENT_WORDS
    return [w.replace("-", " ") for w in words]


def party_of(subject: str, parties: Sequence[Party]) -> Role | Literal["either"] | None:
    """Which party a sentence's subject names: "Either party", "the Client", "Consultant"."""
    if re.search(r"\b(?:either|each|any|both)\s+(?:of\s+the\s+)?part(?:y|ies)\b", subject, re.I):
        return "either"
    if re.search(r"\b(?:the|a)\s+terminating\s+party\b", subject, re.I):
        return "either"  # whichever party terminates
    best: tuple[int, Role] | None = None
    for role in ("provider", "client"):
        for word in _party_words(parties, role):
            for m in re.finditer(rf"\b{re.escape(word)}\b", subject, re.I):
                if best is None or m.start() > best[0]:
                    best = (m.start(), role)
    return best[1] if best else None
