"""The contract's own words: what it calls its parties, itself and its subject (issue 16).

A playbook's texts say ``{provider}``, ``{client}``, ``{agreement}`` and ``{services}``; a
revision fills them with the contract's defined terms ("Tenant", "this Lease", "the
Premises"), so a new clause reads as part of the contract it goes into. A word the contract
does not give is filled with a neutral one ("the Services") and the revision says so.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from contractkit.errors import InvalidOptionError
from contractkit.extraction import Extraction
from contractkit.playbook.model import SIDE_ROLE, Playbook
from contractkit.playbook.results import Scorecard

__all__ = ["GENERIC_WORDS", "NEUTRAL", "contract_words", "generic_words", "parameters"]

#: Per word a text may use: the usual defined term ("Provider", looked for in a contract whose
#: parties the extraction missed), what it means, and the wording new text uses when the
#: contract gives no word: a description, never a defined term the contract lacks (issue 16).
NEUTRAL: Mapping[str, tuple[str, str, str]] = {
    "provider": ("the Provider", "the party that provides", "the party providing the services"),
    "client": ("the Client", "the party that pays", "the party receiving the services"),
    "agreement": ("this Agreement", "itself", "this contract"),
    "services": ("the Services", "the services", "the services"),
    # the sides the other shipped playbooks name (SIDE_ROLE)
    "vendor": ("the Vendor", "the party that provides", "the party providing the software"),
    "licensor": ("the Licensor", "the party that licenses", "the party granting the licence"),
    "landlord": ("the Landlord", "the party that lets", "the party letting the premises"),
    "customer": ("the Customer", "the party that pays", "the party using the software"),
    "licensee": ("the Licensee", "the party that is licensed", "the party holding the licence"),
    "tenant": ("the Tenant", "the party that rents", "the party renting the premises"),
}
#: Words of the default texts that belong to some contracts and not others.
GENERIC_WORDS = ("Provider", "Client", "Services", "Agreement")

_CONTRACT_NOUN = (
    r"(?:Agreement|Lease|Sublease|Licen[cs]e|Contract|Terms|Amendment|Addendum|Deed|Guaranty"
    r"|Indenture|Plan|Note)"
)
_THIS = re.compile(rf"\b(?i:this|the)\s+((?:[A-Z][\w-]*\s+){{0,3}}{_CONTRACT_NOUN})\b")
_DEFINED_CONTRACT = re.compile(
    rf"\((?:[^()\"“”]{{0,40}}?\b)?(?:the|this)\s+[\"“]((?:[A-Z][\w-]*\s+){{0,3}}{_CONTRACT_NOUN})[\"”]"
)
_SUBJECT_NOUN = (
    r"(?:Services?|Premises|Software|Products?|Work|Works|Property|Equipment|Goods|Program"
    r"|Platform|Content|Technology|System|Facility|Loans?|Licensed\s+\w+)"
)
_SUBJECT = re.compile(rf"\bthe\s+((?:[A-Z][\w-]*\s+){{0,2}}{_SUBJECT_NOUN})\b")
_DEFINED_SUBJECT = re.compile(rf"[\"“]((?:[A-Z][\w-]*\s+){{0,2}}{_SUBJECT_NOUN})[\"”]")


def contract_words(extraction: Extraction) -> tuple[dict[str, str | None], list[str]]:
    """The contract's words for ``provider``, ``client``, ``agreement`` and ``services``.

    ``None`` where the contract does not tell: no party with that role, no "this Lease",
    no defined subject. The notes say where a party's side was read from what it does.
    """
    text = "\n".join(c.text for c in extraction.clauses)
    roles: dict[str, str | None] = {}
    for party in extraction.parties:
        if party.role and party.role not in roles:
            roles[party.role] = as_used(party.defined_as, text) or party.name
    notes = []
    if not roles:
        guessed = _sides(extraction, text)
        if guessed:
            roles = {"provider": guessed[0], "client": guessed[1]}
            notes.append(
                f"the contract names no provider or client; new text takes {guessed[0]} as "
                f"the provider (it grants, provides or performs) and {guessed[1]} as the "
                "client (it pays)"
            )
    for role in ("provider", "client"):
        # standard terms whose parties the extraction missed may still say "Customer shall"
        if role not in roles and (noun := _role_noun(role, text)):
            roles[role] = as_used(noun, text)
    words = {
        "provider": roles.get("provider"),
        "client": roles.get("client"),
        "agreement": _agreement(text),
        "services": _subject(text),
    }
    return words, notes


_GIVES = (
    r"(?:shall|will|agrees\s+to|hereby)\s+(?:provide|perform|deliver|supply|grant|license|lease)s?"
)
_PAYS = r"(?:shall|will|agrees\s+to)\s+(?:pay|reimburse)|payable\s+by"


def _sides(extraction: Extraction, text: str) -> tuple[str, str] | None:
    """Two parties without roles: the one that provides or grants, then the one that pays."""
    terms = [p.defined_as for p in extraction.parties if p.defined_as]
    if len(terms) != 2:
        return None
    scores = []
    for term in terms:
        name = re.escape(term)
        gives = len(re.findall(rf"\b{name}\s+{_GIVES}\b", text, re.I))
        pays = len(re.findall(rf"\b{name}\s+(?:{_PAYS})\b|payable\s+by\s+{name}\b", text, re.I))
        scores.append(gives - pays)
    if scores[0] == scores[1]:
        return None
    provider, client = terms if scores[0] > scores[1] else terms[::-1]
    return as_used(provider, text) or provider, as_used(client, text) or client


def as_used(term: str | None, text: str) -> str | None:
    """``the Client`` where the contract mostly writes it so, else ``Client`` as defined."""
    if not term:
        return None
    # "CORIO" defined, "Corio" written: the capitalised spelling the text mostly uses (never
    # "be" for "BE": a word that is also a common one keeps its capitals)
    spellings = Counter(
        m for m in re.findall(rf"\b{re.escape(term)}\b", text, re.I) if m[:1].isupper()
    )
    if spellings and len(term) > 3:
        term = spellings.most_common(1)[0][0]
    bare = len(re.findall(rf"\b{re.escape(term)}\b", text))
    article = len(re.findall(rf"\bthe\s+{re.escape(term)}\b", text, re.I))
    return f"the {term}" if 2 * article >= bare else term


def _agreement(text: str) -> str | None:
    """``this Lease``: the defined name of the contract, else its most frequent "this X"."""
    defined = Counter(m.group(1) for m in _DEFINED_CONTRACT.finditer(text))
    used = Counter(" ".join(m.group(0).split()) for m in _THIS.finditer(text))
    for name, _ in defined.most_common():
        forms = [(n, f) for f, n in used.items() if f.split(None, 1)[1] == name]
        # "this Lease" names the contract; "the Warrant Agreement" may be another one
        if any(f.lower().startswith("this") for _, f in forms):
            # "this Agreement" or "the Agreement", as the contract mostly writes it
            best = max(forms)[1]
            return "this " + name if best.lower().startswith("this") else "the " + name
    this = [(n, f) for f, n in used.items() if f.lower().startswith("this")]
    return "this " + max(this)[1].split(None, 1)[1] if this else None


def _subject(text: str) -> str | None:
    """``the Premises``: the most used defined subject, else one used at least three times."""
    used = Counter(" ".join(m.group(1).split()) for m in _SUBJECT.finditer(text))
    defined = {" ".join(m.group(1).split()) for m in _DEFINED_SUBJECT.finditer(text)}
    ranked = [(n, w) for w, n in used.items() if w in defined] or [
        (n, w) for w, n in used.items() if n >= 3
    ]
    return f"the {max(ranked)[1]}" if ranked else None


#: The role nouns a contract may call a side by when the extraction found no party.
_ROLE_NOUNS: Mapping[str, tuple[str, ...]] = {
    "provider": ("Provider", "Supplier", "Vendor", "Consultant", "Contractor", "Licensor"),
    "client": ("Client", "Customer", "Licensee", "Company", "Purchaser"),
}


def _role_noun(role: str, text: str) -> str | None:
    """The role noun the contract uses most for ``role``, as the subject of a duty or often.

    "Customer shall pay" once says more than "Customer" in passing: a noun counts when it is
    the subject of "shall", "will", "may" or "must", or when it stands three times or more.
    """
    best: tuple[int, str] | None = None
    for noun in _ROLE_NOUNS[role]:
        uses = len(re.findall(rf"\b{noun}\b", text))
        duty = re.search(rf"\b{noun}\s+(?:shall|will|may|must)\b", text)
        if (duty or uses >= 3) and (best is None or uses > best[0]):
            best = (uses, noun)
    return best[1] if best else None


def parameters(
    book: Playbook,
    extraction: Extraction,
    before: Scorecard,
    overrides: Mapping[str, str | int | float],
) -> tuple[dict[str, str | int | float], set[str], list[str]]:
    """Playbook defaults, the contract's figures and words, then overrides.

    Returns the values, the names of the contract's words that were not found and so carry
    the neutral wording (a revision warns when its new text uses one), and notes on words
    read from what the parties do.

    Raises:
        InvalidOptionError: An override the playbook does not know, or not a number where
            one is needed.
    """
    words, notes = contract_words(extraction)
    # the other playbooks name the sides as their contracts do: {vendor}, {tenant}…
    for side, role in SIDE_ROLE.items():
        words.setdefault(side, words.get(role))
    values: dict[str, str | int | float] = {
        **book.params,
        **before.values,
        **{k: v or NEUTRAL[k][2] for k, v in words.items()},
    }
    strange = sorted(set(overrides) - set(values))
    if strange:
        raise InvalidOptionError(
            f"unknown playbook parameter {strange[0]!r}",
            hint="parameters are: " + ", ".join(sorted(values)),
        )
    for name, value in overrides.items():
        values[name] = _number(value) if isinstance(values[name], int | float) else value
    unknown = {k for k, v in words.items() if v is None and k not in overrides}
    return values, unknown, notes


def _number(value: str | int | float) -> int | float:
    if isinstance(value, int | float):
        return value
    try:
        number = float(value)
    except ValueError:
        raise InvalidOptionError(f"{value!r} is not a number") from None
    return int(number) if number.is_integer() else number


def generic_words(new_texts: Iterable[tuple[str, str]], original: str) -> list[str]:
    """Warnings for words of the new texts (clause, text) that the contract never uses.

    "Provider" in a lease between Landlord and Tenant reads as a clause from elsewhere.
    """
    warnings = []
    for word in GENERIC_WORDS:
        if re.search(rf"\b{word}\b", original):
            continue
        clauses = [clause for clause, text in new_texts if re.search(rf"\b{word}\b", text)]
        if clauses:
            where = ", ".join(dict.fromkeys(clauses))
            warnings.append(
                f"new text in {where} says {word!r}, a word the contract does not use; check "
                f"it, or give the contract's word with --set {word.lower()}=..."
            )
    return warnings
