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

__all__ = ["Chosen", "fit_playbook", "kind_words", "side_of", "used_params"]

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
    if playbook is not None:
        book, fits, reason, notes = _given(playbook, kind.name if known else None, wanted, looks)
    else:
        book, fits, reason, notes = _picked(kind.name if known else None, wanted, looks)
    if kind.name == "not_a_contract":
        fits = False
        notes.insert(
            0, f"{extraction.document.name} does not read as a contract; gone on as forced"
        )
    for note in notes:
        warnings.warn(note, PlaybookMismatchWarning, stacklevel=3)
    fit = Fit(
        kind.name,
        kind.confidence,
        book.side,
        book.shipped or book.path,
        playbook is None,
        fits,
        reason,
    )
    return Chosen(book, fit, tuple(notes), kind.name if known else None)


def _given(
    book: Playbook, kind: str | None, wanted: Side | None, looks: str
) -> tuple[Playbook, bool, str, list[str]]:
    """A playbook the user gave: used as it is, with a note for each way it does not fit."""
    notes = []
    fits = not book.kinds or kind is None or kind in book.kinds
    if not fits and kind is not None:
        better = _shipped_for(kind, wanted)
        notes.append(
            f"playbook {book.name!r} is for {_kinds(book.kinds)}; this looks like {looks}"
            + (f"; the shipped {better.shipped!r} playbook is for it" if better else "")
        )
    if wanted is not None and book.role is not None and SIDE_ROLE[wanted] != book.role:
        notes.append(f"playbook {book.name!r} takes the {book.side}'s side, not the {wanted}'s")
    reason = "given" + (f"; the document looks like {looks}" if kind else "")
    return book, fits, reason, notes


def _picked(
    kind: str | None, wanted: Side | None, looks: str
) -> tuple[Playbook, bool, str, list[str]]:
    """The shipped playbook for the kind (``None``: not known) and side, and why.

    Raises:
        InvalidOptionError: No shipped playbook takes the side asked for.
    """
    if kind is None:
        side = wanted or "provider"
        found = next((b for b in _all_shipped() if b.side == side), None)
    else:
        found = _shipped_for(kind, wanted or _DEFAULT_SIDE.get(kind, "provider"))
    if found is None and wanted is not None:
        raise InvalidOptionError(
            f"no shipped playbook takes the {wanted}'s side of {kind_words(kind or 'other')}",
            hint="shipped playbooks: "
            + "; ".join(f"{b.shipped} ({_kinds(b.kinds)})" for b in _all_shipped())
            + ". Write your own: contractkit playbook init --from NAME",
        )
    if found is None:
        book = shipped_playbook("provider")
        many = kind_words(kind or "other", plural=True)
        note = (
            f"no shipped playbook is for {many}; this looks like {looks} and was reviewed "
            f"against {book.name!r}, whose positions may not fit"
        )
        return book, False, f"no shipped playbook is for {many}", [note]
    usual = f"usual for {kind_words(kind)}; --side picks another" if kind else ""
    why = "as asked" if wanted else usual or "the kind is not known"
    reason = f"shipped playbook for {_kinds(found.kinds)}, on the {found.side}'s side ({why})"
    return found, True, reason + (f"; the document looks like {looks}" if kind else ""), []


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
