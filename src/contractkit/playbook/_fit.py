"""Which playbook fits a contract: its kind, and the side the user takes (issue 16).

Review and revise start here. A document that is not a contract is refused, since scoring a
magazine page against a playbook would "revise" it into a contract it never was. With no
playbook given, the shipped one for the contract's kind and the user's side is picked (a
lease: tenant; SaaS or a licence: vendor; services, supply, consulting: provider). A given
playbook made for another kind of contract, or for the other side, is used as asked, with
a warning that says so.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass

from contractkit.errors import InvalidOptionError, NotAContractError, PlaybookMismatchWarning
from contractkit.extraction import Extraction
from contractkit.playbook.model import SHIPPED, SIDE_ROLE, Playbook, Side, shipped_playbook
from contractkit.playbook.results import Fit
from contractkit.terms.model import Role

__all__ = ["Chosen", "fit_playbook", "kind_words", "party_params", "side_of", "used_params"]

#: Each kind with its article, and in the plural.
_KIND_WORDS: Mapping[str, tuple[str, str]] = {
    "services": ("a service agreement", "service agreements"),
    "saas": ("a SaaS agreement", "SaaS agreements"),
    "licence": ("a licence", "licences"),
    "lease": ("a lease", "leases"),
    "credit": ("a credit agreement", "credit agreements"),
    "supply": ("a supply agreement", "supply agreements"),
    "employment": ("an employment or consulting contract", "employment and consulting contracts"),
    "nda": ("a non-disclosure agreement", "non-disclosure agreements"),
    "other": ("a contract of another kind", "contracts of other kinds"),
    "not_a_contract": ("not a contract", "documents that are not contracts"),
}
#: The side taken when none is given: the party who most often asks for a review.
_DEFAULT_SIDE: Mapping[str, Side] = {"lease": "tenant", "saas": "vendor", "licence": "vendor"}
#: Role nouns contracts use for each side, accepted by ``side=``/``--side``.
_SIDE_WORDS: Mapping[str, Side] = {
    **{side: side for side in SIDE_ROLE},
    "lessor": "landlord",
    "lessee": "tenant",
    "supplier": "provider",
    "consultant": "provider",
    "contractor": "provider",
    "agency": "provider",
    "designer": "provider",
    "developer": "provider",
    "freelancer": "provider",
    "company": "client",
    "buyer": "client",
    "subscriber": "customer",
}


@dataclass(frozen=True, slots=True)
class Chosen:
    """The playbook to use, why, and for which kind the positions' ``applies_to`` is read.

    Attributes:
        book: The playbook.
        fit: What the scorecard records about the choice.
        warnings: What the user should know (a playbook for another kind, or side).
        kind: The kind positions are checked against; ``None`` when it is not known (every
            position applies).
    """

    book: Playbook
    fit: Fit
    warnings: tuple[str, ...]
    kind: str | None


def kind_words(kind: str, *, plural: bool = False) -> str:
    """How messages name a kind of contract: "a lease", or "leases" with ``plural``."""
    singular, many = _KIND_WORDS.get(kind, (f"a {kind} contract", f"{kind} contracts"))
    return many if plural else singular


def side_of(word: str) -> Side:
    """The side a word names: ``tenant``, ``Lessee`` (tenant), ``consultant`` (provider)….

    Raises:
        InvalidOptionError: No side has that name.
    """
    side = _SIDE_WORDS.get(word.strip().lower())
    if side is None:
        raise InvalidOptionError(
            f"unknown side {word!r}",
            hint="sides are: " + ", ".join(SIDE_ROLE) + " (or lessor, lessee, supplier, …)",
        )
    return side


def fit_playbook(
    extraction: Extraction,
    playbook: Playbook | None,
    *,
    side: str | None = None,
    force: bool = False,
) -> Chosen:
    """The playbook for this contract: the one given, else the shipped one that fits.

    Warnings are also issued as :class:`PlaybookMismatchWarning`.

    Raises:
        NotAContractError: The document does not read as a contract and ``force`` is off.
        InvalidOptionError: An unknown ``side``, or no shipped playbook takes that side of
            this kind of contract.
    """
    wanted = side_of(side) if side is not None else None
    kind = extraction.kind
    if kind.name == "not_a_contract" and not force:
        raise _not_a_contract(extraction)
    # "other" with no evidence: nothing told the kind, so every playbook is as good a guess
    known = kind.name != "not_a_contract" and kind.confidence > 0
    known = known and (kind.name != "other" or bool(kind.evidence))
    looks = f"{kind_words(kind.name)} ({_evidence(kind.evidence)}confidence {kind.confidence:.2f})"
    notes: list[str] = []
    if kind.name == "not_a_contract":
        notes.append(f"{extraction.document.name} does not read as a contract; reviewed as forced")
    if playbook is not None:
        book, chosen = playbook, False
        fits = not book.kinds or not known or kind.name in book.kinds
        reason = f"given; the document looks like {looks}"
        if not fits:
            better = _shipped_for(kind.name, wanted)
            notes.append(
                f"playbook {book.name!r} is for {_kinds(book.kinds)}; this looks like {looks}"
                + (f"; the shipped {better.shipped!r} playbook is for it" if better else "")
            )
        if wanted is not None and book.role is not None and SIDE_ROLE[wanted] != book.role:
            notes.append(f"playbook {book.name!r} takes the {book.side}'s side, not the {wanted}'s")
    else:
        chosen, fits = True, True
        side_taken = wanted or (_DEFAULT_SIDE.get(kind.name, "provider") if known else "provider")
        found = _shipped_for(kind.name, side_taken) if known else None
        if found is None and not known:
            found = next(iter(_with_role(side_taken)), None)
        if found is None and wanted is not None:
            raise InvalidOptionError(
                f"no shipped playbook takes the {wanted}'s side of {kind_words(kind.name)}",
                hint="shipped playbooks: "
                + "; ".join(f"{b.shipped} ({_kinds(b.kinds)})" for b in _all_shipped())
                + ". Write your own: contractkit playbook init --from NAME",
            )
        if found is not None:
            book = found
            usual = f"usual for {kind_words(kind.name)}; --side picks another"
            reason = (
                f"shipped playbook for {_kinds(book.kinds)}, on the {book.side}'s side "
                + ("(as asked)" if wanted else f"({usual})" if known else "(the kind is not known)")
                + (f"; the document looks like {looks}" if known else "")
            )
        else:
            book, fits = shipped_playbook("provider"), False
            reason = f"no shipped playbook is for {kind_words(kind.name, plural=True)}"
            notes.append(
                f"no shipped playbook is for {kind_words(kind.name, plural=True)}; this looks "
                f"like {looks} and was reviewed against {book.name!r}, whose positions may not fit"
            )
    for note in notes:
        warnings.warn(note, PlaybookMismatchWarning, stacklevel=3)
    fit = Fit(
        kind.name,
        kind.confidence,
        book.side,
        book.shipped or book.path,
        chosen,
        fits,
        reason,
    )
    return Chosen(book, fit, tuple(notes), kind.name if known else None)


def party_params(names: Mapping[Role, str]) -> dict[str, str]:
    """The party parameters of a revision's texts: ``{provider}``, ``{tenant}``… by role.

    ``names`` maps a role (``provider``, ``client``) to the name the contract uses; a side
    with no name reads "the Tenant".
    """
    return {side: names.get(role, f"the {side.title()}") for side, role in SIDE_ROLE.items()}


def used_params(
    book: Playbook, params: Mapping[str, str | int | float]
) -> dict[str, str | int | float]:
    """``params`` without the party names the playbook's texts do not use.

    A provider's revision has no ``{landlord}``; the change summary lists what was used.
    """
    used = {name for p in book.positions for name in p.parameters()} | {"provider", "client"}
    return {k: v for k, v in params.items() if k in used or k not in SIDE_ROLE}


def _not_a_contract(extraction: Extraction) -> NotAContractError:
    name = extraction.document.name
    kind = f"{extraction.kind.name} ({extraction.kind.confidence:.2f})"
    if not any(c.text.strip() for c in extraction.clauses):
        return NotAContractError(
            f"{name}: no text to review",
            kind=kind,
            hint="a scan needs OCR (leave it on); --force (force=True) reviews it anyway",
        )
    return NotAContractError(
        f"{name}: does not read as a contract (hardly any contract wording: agreement, "
        "parties, shall, terminate)",
        kind=kind,
        hint="review and revise need a contract; if this is one, --force (force=True) goes on",
    )


def _all_shipped() -> list[Playbook]:
    return [shipped_playbook(name) for name in SHIPPED]


def _with_role(side: Side) -> list[Playbook]:
    return [b for b in _all_shipped() if b.role == SIDE_ROLE[side]]


def _shipped_for(kind: str, side: Side | None) -> Playbook | None:
    """The shipped playbook for this kind (on this side's role, when one is given)."""
    return next(
        (
            b
            for b in _all_shipped()
            if kind in b.kinds and (side is None or b.role == SIDE_ROLE[side])
        ),
        None,
    )


def _kinds(kinds: tuple[str, ...]) -> str:
    words = [kind_words(k, plural=True) for k in kinds] or ["any kind of contract"]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _evidence(evidence: tuple[str, ...]) -> str:
    return f"{'; '.join(evidence)}; " if evidence else ""
