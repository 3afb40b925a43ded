"""The two sides of a termination: who sends the notice and who receives it.

The parties come from ``extract``. When a contract names them only by role (Common Paper's
agreements put the names on a cover page, so the body says Customer and Provider), the
roles come from the role words its body uses and the names from the caller (``--from``,
``--to``); a name still missing is a ``[Customer name]`` placeholder with a warning, and an
error's hint says what to add, never an option already given (issue 17).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from contractkit.errors import InvalidOptionError
from contractkit.extraction import Extraction
from contractkit.terms.model import Party

__all__ = ["Sides", "name_of", "role_terms", "sides"]


@dataclass(frozen=True, slots=True)
class Sides:
    """The terminating party and the other one, as the contract names them.

    Attributes:
        sender: The party giving notice (its name filled in from ``--from`` when the contract
            gives only its role, else a ``[Customer name]`` placeholder).
        recipient: The other party.
        role: The sender's side: ``provider`` (also landlord, licensor) or ``client``.
        warnings: What the letter could not take from the contract (a name to fill in).
    """

    sender: Party
    recipient: Party
    role: Literal["provider", "client"]
    warnings: tuple[str, ...] = ()

    @property
    def sender_term(self) -> str:
        """How the contract calls the sender after defining it (``"Designer"``)."""
        return self.sender.defined_as or name_of(self.sender)

    @property
    def recipient_term(self) -> str:
        """How the contract calls the recipient (``"Client"``)."""
        return self.recipient.defined_as or name_of(self.recipient)


def name_of(party: Party) -> str:
    """The party's name, or ``[Customer name]`` when the contract gives only its role."""
    name: str | None = party.name
    return name or f"[{party.defined_as or 'party'} name]"


#: Capitalised role words a contract uses for its parties when it names them only by role
#: (Common Paper's agreements put the names on a cover page; issue 17).
_ROLE_WORDS: dict[str, Literal["provider", "client"]] = {
    "Service Provider": "provider",
    "Provider": "provider",
    "Supplier": "provider",
    "Vendor": "provider",
    "Licensor": "provider",
    "Landlord": "provider",
    "Lessor": "provider",
    "Developer": "provider",
    "Designer": "provider",
    "Contractor": "provider",
    "Consultant": "provider",
    "Agency": "provider",
    "Seller": "provider",
    "Design Partner": "client",
    "Customer": "client",
    "Client": "client",
    "Licensee": "client",
    "Tenant": "client",
    "Lessee": "client",
    "Subscriber": "client",
    "Buyer": "client",
    "Purchaser": "client",
    "Partner": "client",
}


def role_terms(extraction: Extraction) -> tuple[Party, ...]:
    """The two parties by role when the contract uses role words but names no one.

    The most frequent provider-side and client-side role words of the body (each used at
    least twice, as a defined term is), as parties without names; empty otherwise.
    """
    text = " ".join(c.text for c in extraction.clauses)
    counts: dict[str, int] = {}
    for word in sorted(_ROLE_WORDS, key=len, reverse=True):
        found = len(re.findall(rf"\b{word}\b", text))
        text = re.sub(rf"\b{word}\b", " ", text)  # "Service Provider" is not a "Provider" too
        if found >= 2:
            counts[word] = found
    best: list[Party] = []
    both: tuple[Literal["provider", "client"], ...] = ("provider", "client")
    for side in both:
        words = [w for w in counts if _ROLE_WORDS[w] == side]
        if not words:
            return ()
        word = max(words, key=lambda w: counts[w])
        best.append(Party("", word, side))
    return tuple(best)


def sides(
    extraction: Extraction,
    party: str,
    *,
    sender_name: str | None = None,
    recipient_name: str | None = None,
) -> Sides:
    """Who terminates: ``provider``, ``client``, or a party's defined term or name.

    When the contract names the parties only by role (``Customer``, ``Provider``) the roles
    come from its body and the names from ``sender_name`` and ``recipient_name``; a name
    still missing becomes a ``[Customer name]`` placeholder with a warning.

    Raises:
        InvalidOptionError: No such party, or the contract does not tell two parties apart;
            the hint says what to add, never an option already given.
    """
    parties = extraction.parties
    named = len(parties) == 2
    if not named:
        parties = role_terms(extraction)
    wanted = party.strip().lower()

    def names(p: Party) -> set[str]:
        own: str | None = p.name
        return {(own or "").lower(), (p.defined_as or "").lower()} - {""}

    if wanted in ("provider", "client"):
        match = [p for p in parties if _role(p) == wanted]
    else:
        match = [p for p in parties if wanted in names(p)]
    if len(parties) != 2 and sender_name and recipient_name:
        # No names and no roles: the user names both sides; the letter uses the names.
        role: Literal["provider", "client"] = "client" if wanted == "client" else "provider"
        other: Literal["provider", "client"] = "provider" if role == "client" else "client"
        return Sides(Party(sender_name, None, role), Party(recipient_name, None, other), role)
    if len(parties) != 2 or len(match) != 1:
        message, hint = _no_sides(extraction.parties, parties, party, (sender_name, recipient_name))
        raise InvalidOptionError(message, hint=hint)
    sender = match[0]
    recipient = next(p for p in parties if p is not sender)
    role = _role(sender) or ("client" if _role(recipient) == "provider" else "provider")
    warnings = []
    filled = []
    for p, given, option in ((sender, sender_name, "--from"), (recipient, recipient_name, "--to")):
        own: str | None = p.name
        if given and own and given != own:
            warnings.append(
                f"the contract names the {p.defined_as or own} {own!r}; the letter "
                f"uses {given!r} as asked"
            )
        if not given and not own:
            warnings.append(
                f"the contract does not name the {p.defined_as}: add {option} 'NAME' "
                f"(the letter says {name_of(p)})"
            )
        filled.append(replace(p, name=given or name_of(p)))
    return Sides(filled[0], filled[1], role, tuple(warnings))


def _role(party: Party) -> Literal["provider", "client"] | None:
    """The party's side: as ``extract`` read it, else from its role word (Tenant: client)."""
    return party.role or _ROLE_WORDS.get((party.defined_as or "").title())


def _no_sides(
    listed: Sequence[Party],
    roles: Sequence[Party],
    party: str,
    given: tuple[str | None, str | None],
) -> tuple[str, str]:
    """The message and hint when the sender cannot be told: what to add, not what was given."""
    options = ("--from 'YOUR NAME'", "--to 'THEIR NAME'")
    missing = " ".join(o for o, name in zip(options, given, strict=True) if not name)
    if len(roles) == 2:
        terms = [p.defined_as or name_of(p) for p in roles]
        return (
            f"no party is the {party!r}: the contract calls its parties "
            + _join_and(
                [f"{t} ({p.role or 'role unknown'})" for t, p in zip(terms, roles, strict=True)]
            ),
            "use one of: " + " or ".join(f"--party {t}" for t in terms),
        )
    if listed:
        found = ", ".join(p.defined_as or name_of(p) for p in listed)
        return (
            f"cannot tell two parties apart: the contract names {len(listed)} ({found})",
            f"name both sides: {missing}",
        )
    return (
        "the contract names no parties and calls them by no role contractkit knows",
        f"name both sides: {missing}",
    )


def _join_and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
