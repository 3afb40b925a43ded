"""What kind of contract a document is: services, SaaS, licence, lease, credit or supply.

Review, revise and the exit toolkit pick (or refuse) a playbook and a letter by this. The
reading is transparent: a contract's title and the defined roles of its parties say most
(``Landlord``/``Tenant`` is a lease whatever else it mentions), the vocabulary of its body the
rest. A document with no contract vocabulary at all (a magazine page, a letter) is
``not_a_contract``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["UNKNOWN_KIND", "DocumentKind", "KindName", "detect_kind"]

KindName = Literal[
    "services",
    "saas",
    "licence",
    "lease",
    "credit",
    "supply",
    "employment",
    "nda",
    "other",
    "not_a_contract",
]


@dataclass(frozen=True, slots=True)
class DocumentKind:
    """The kind of contract, how sure the reading is, and what it rests on.

    Attributes:
        name: The kind (``other``: a contract of a kind not listed, such as a joint venture).
        confidence: 0 to 1: the winning kind's share of the evidence.
        evidence: The words that decided it (title words, defined roles).
    """

    name: KindName
    confidence: float
    evidence: tuple[str, ...] = ()


#: The kind of an extraction made before kinds were read.
UNKNOWN_KIND = DocumentKind("other", 0.0)

# Title words (strong), role nouns (strong) and body words (weak) per kind.
_TITLE: dict[KindName, str] = {
    "saas": r"saas|software[- ]as[- ]a[- ]service|subscription|cloud services?|hosting|"
    r"customer\s+agreement|terms of service",
    "licence": r"licen[cs]e|trademark|patent|software|intellectual property|royalty",
    "lease": r"lease|sublease|tenancy|rental",
    "credit": r"credit|loan|note purchase|indenture|guarant(?:y|ee)|security agreement|"
    r"facility agreement",
    "supply": r"supply|distribut\w*|reseller|purchase|manufactur\w*|dealer|franchise|"
    r"sales agency|transportation",
    "employment": r"employment|consult\w*|contractor|offer letter",
    "nda": r"non[- ]?disclosure|confidentiality agreement|\bnda\b",
    "services": r"services?|maintenance|outsourcing|statement of work|development|"
    r"marketing|agency|sponsorship|endorsement|promotion|freelance|design|support",
    "other": r"joint venture|strategic alliance|collaboration|co-?branding|affiliate|"
    r"cooperation|merger|settlement|non-?compet\w*",
}
_ROLES: dict[KindName, str] = {
    "lease": r"landlord|tenant|lessor|lessee|sublessor|subtenant",
    "credit": r"borrower|lenders?|administrative agent|issuing bank|guarantor|obligor",
    "licence": r"licensor|licensee",
    "saas": r"subscriber",
    "supply": r"distributor|supplier|reseller|manufacturer|buyer|purchaser|seller|"
    r"franchisee|franchisor|dealer",
    "employment": r"employee|employer|executive|consultant",
    "services": r"service provider|provider|contractor|agency|client|vendor|developer",
    "nda": r"disclosing party|receiving party|recipient",
}
_BODY: dict[KindName, str] = {
    "saas": r"subscription|uptime|service level|hosted|the cloud|customer data|"
    r"software[- ]as[- ]a[- ]service|saas",
    "licence": r"royalt\w*|licensed (?:product|software|technology|patents?|marks?)|sublicens\w*",
    "lease": r"premises|rent\b|security deposit|square feet|landlord",
    "credit": r"interest rate|principal amount|loans?\b|collateral|event of default|"
    r"commitments?\b",
    "supply": r"purchase orders?|products?\b|shipment|deliver(?:y|ies) of (?:the )?products|"
    r"territory|forecast",
    "employment": r"salary|base compensation|vacation|employment|benefits plan",
    "nda": r"confidential information|disclos\w*",
    "services": r"services\b|deliverables|statement of work|milestone|hourly rate",
}
#: Words every contract uses and most other documents do not.
_CONTRACT = re.compile(
    r"\b(?:agreement|contract|part(?:y|ies)|shall|hereby|hereto|hereunder|witness|"
    r"terminat\w*|obligations?|agree[sd]?|covenants?)\b",
    re.I,
)


def _last(pattern: str, text: str) -> re.Match[str] | None:
    """The last match of ``pattern`` in ``text``, case-insensitive."""
    found = None
    for found in re.finditer(pattern, text, re.I):  # noqa: B007 - the loop keeps the last
        pass
    return found


_ROLE_TERM = re.compile(r"[\"“]([A-Z][A-Za-z -]{1,30})[\"”]")


def detect_kind(text: str, defined_terms: Sequence[str] = ()) -> DocumentKind:
    """Tell the kind of contract from its text and its parties' defined terms.

    Args:
        text: The document's clean text.
        defined_terms: The parties' defined terms (``Customer``, ``Landlord``); quoted terms
            near the start of ``text`` are used too.
    """
    words = len(text.split())
    signals = len(_CONTRACT.findall(text[:200_000]))
    if signals == 0 or signals / max(words, 1) < 0.003:
        return DocumentKind("not_a_contract", 0.9 if signals < 3 else 0.6, ())
    head = text[:4000]
    title = _title(head)
    roles = " ".join([*defined_terms, *_ROLE_TERM.findall(text[:6000])]).lower()
    body = text[:200_000].lower()
    score: dict[KindName, float] = {}
    evidence: dict[KindName, list[str]] = {}
    in_title = {
        kind: m
        for kind, pattern in _TITLE.items()
        if (m := _last(rf"\b(?:{pattern})", title)) is not None
    }
    # the word nearest the title noun names the contract: a MARKETING AFFILIATE AGREEMENT is
    # an affiliate agreement, a DISTRIBUTION AND DEVELOPMENT AGREEMENT a development one
    head_word = max(in_title, key=lambda k: in_title[k].end(), default=None)
    for kind, m in in_title.items():
        score[kind] = score.get(kind, 0.0) + (4.0 if kind == head_word else 3.0)
        evidence.setdefault(kind, []).append(f"title: {m.group(0)}")
    for kind, pattern in _ROLES.items():
        found = sorted(set(re.findall(rf"\b(?:{pattern})\b", roles)))
        if found:
            score[kind] = score.get(kind, 0.0) + 2.0 + 0.5 * (len(found) - 1)
            evidence.setdefault(kind, []).append("roles: " + ", ".join(found))
    per_k = 1000 / max(words, 1)
    for kind, pattern in _BODY.items():
        hits = len(re.findall(rf"\b(?:{pattern})", body))
        if hits:
            score[kind] = score.get(kind, 0.0) + min(2.0, hits * per_k * 0.4)
    if not score:
        return DocumentKind("other", 0.3, ())
    best = max(score, key=lambda k: score[k])
    # A licence of software delivered as a hosted service reads as SaaS.
    if best == "licence" and "saas" in score and score["saas"] >= score["licence"] - 1:
        best = "saas"
    total = sum(score.values())
    return DocumentKind(best, round(score[best] / total, 2), tuple(evidence.get(best, ())))


_TITLE_NOUN = re.compile(
    r"(?i)\b(?:agreement|lease|contract|licen[cs]e|terms(?:\s+of\s+\w+)?|indenture|note|deed)\b"
)


def _title(head: str) -> str:
    """The document's title: the words before the first "Agreement", "Lease" or the like.

    EDGAR text often holds a whole page on a line, so a line is cut after its title noun and
    keeps at most ten words before it ("Exhibit 10.54 DISTRIBUTION AND DEVELOPMENT
    AGREEMENT", not the preamble that follows on the same line).
    """
    lines = [ln.strip() for ln in head.splitlines() if ln.strip()][:40]
    for line in lines:
        # "SOFTWARE LICENSE, CUSTOMIZATION AND MAINTENANCE AGREEMENT": the title ends at
        # "Agreement" when the line has one soon after another title noun
        m = _TITLE_NOUN.search(line)
        agreement = re.search(r"(?i)\bagreement\b", line[:200])
        if m and agreement and agreement.start() - m.end() < 80:
            m = agreement
        if m:
            before = line[: m.start()].split()[-10:]
            return " ".join([*before, m.group(0)])[:300]
    return " ".join(lines[:2])[:300]
