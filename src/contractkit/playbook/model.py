"""Playbooks: the positions a party wants its contracts to take, read from TOML.

A playbook lists positions. Each says which clauses it is about (categories from
``extract``, or patterns for topics no category covers), what is acceptable (requirements on
the extracted terms or the clause text), how much it matters, why, and the clause text to
propose instead (with ``{parameters}``), plus a fallback text for a second round.

A playbook says which kinds of contract it is for (``kinds = ["lease"]``) and whose side it
takes (``side = "tenant"``); review picks the shipped playbook that fits the contract (issue
16), and a position may apply only to some kinds (``applies_to``), so it is N/A for the rest.

A user's playbook may start from a shipped one (``extends = "default"``, ``"vendor"``,
``"tenant"``) and override single positions by id, or switch them off (``enabled = false``).
Every error names the file, the line and the field, because a playbook is written by hand.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from contractkit.clauses.taxonomy import ClauseType
from contractkit.errors import PlaybookError
from contractkit.terms.model import Role, TermName

__all__ = [
    "SHIPPED",
    "SIDE_ROLE",
    "ContractKind",
    "Placement",
    "Playbook",
    "Position",
    "Requirement",
    "Severity",
    "Side",
    "default_playbook_text",
    "shipped_playbook",
    "shipped_playbook_text",
]

Severity = Literal["high", "medium", "low"]
#: Weight of each severity in the overall score.
SEVERITY_WEIGHT: Mapping[str, int] = {"high": 3, "medium": 2, "low": 1}

#: The kinds a playbook or a position can be for: every kind but ``not_a_contract``.
ContractKind = Literal[
    "services", "saas", "licence", "lease", "credit", "supply", "employment", "nda", "other"
]
#: Whose side a playbook takes, in the words of the contracts it is for.
Side = Literal[
    "provider", "client", "vendor", "customer", "licensor", "licensee", "landlord", "tenant"
]
#: The party role (as :func:`contractkit.extract` gives it) each side is: the one who performs,
#: licenses or lets is ``provider``; the one who pays, uses or rents is ``client``. The side
#: names are also the parameters a revision fills with that party's name (``{tenant}``).
SIDE_ROLE: Mapping[Side, Role] = {
    "provider": "provider",
    "vendor": "provider",
    "licensor": "provider",
    "landlord": "provider",
    "client": "client",
    "customer": "client",
    "licensee": "client",
    "tenant": "client",
}
#: The shipped playbooks: id → package file. ``default`` is another name for ``provider``.
SHIPPED: Mapping[str, str] = {
    "provider": "default.toml",
    "vendor": "vendor.toml",
    "tenant": "tenant.toml",
}

_CATEGORY_NAMES = {c.name.lower(): c for c in ClauseType}
_FIELD = string.Formatter()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Requirement(_Strict):
    """One thing a position needs; all of a position's requirements must hold for OK.

    Either ``term`` (a key term from ``extract``, with optional limits) or ``pattern`` (a
    regular expression the position's clauses must match somewhere).

    Attributes:
        term: Name of the key term.
        party: For notice periods: whose notice, as a side (``provider``, ``tenant``…; a
            notice either party may give counts too).
        max_days: Upper limit for a period (months count as 30 days, business days as 7/5).
        max_months: Upper limit for the months of fees a liability cap is based on.
        value: Required value of a yes/no term (``auto_renewal``, ``suspension_for_nonpayment``).
        parties: Sides that must each give the term (``indemnification`` by both).
        pattern: Regular expression (case-insensitive) the clauses must match.
        reason: What the scorecard says when the requirement fails; may use ``{found}`` and
            ``{limit}``.
        sets: Parameter that takes the contract's value when it is acceptable, so a revision
            keeps the figure (``notice_days``).
    """

    term: TermName | None = None
    party: Side | None = None
    max_days: float | None = Field(default=None, gt=0)
    max_months: float | None = Field(default=None, gt=0)
    value: bool | None = None
    parties: tuple[Side, ...] = ()
    pattern: str | None = None
    reason: str | None = None
    sets: str | None = None

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from None
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> Requirement:
        if (self.term is None) == (self.pattern is None):
            raise ValueError("give either term or pattern")
        return self


class Placement(_Strict):
    """Where a missing clause goes.

    Attributes:
        within: Categories whose section gets the new clause as its last sub-clause.
        after: Categories after whose section a new section is inserted (when ``within``
            finds nothing).
        section: Heading of the new section; positions sharing a heading share the section.
    """

    within: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    section: str

    @field_validator("within", "after")
    @classmethod
    def _categories(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_category(name).name.lower() for name in value)


class Position(_Strict):
    """One boundary position of a playbook.

    Attributes:
        id: Short name, unique in the playbook (``provider_termination``).
        title: What the position asks for, in a few words.
        heading: Heading of a clause inserted on its own (default: the place's section).
        severity: ``high``, ``medium`` or ``low``; weights the overall score.
        required: A revision must satisfy it (a review of the revised contract checks it).
        rationale: Why it matters, in plain words (goes into the change summary).
        categories: Clause categories this position is about (``ClauseType`` names).
        find: Patterns that also mark a clause as about this position.
        requirements: What must hold for OK.
        fix: ``replace`` the weak clause, or ``add`` the text next to it.
        place: Where the text goes when the position is missing.
        text: Preferred clause text, with ``{parameters}``.
        fallback: Less demanding text for a second round of negotiation.
        applies_to: The kinds of contract it applies to (empty: all); for other kinds the
            review says N/A instead of MISSING (a lease has no change orders).
        enabled: ``false`` switches a position of the base playbook off.
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    heading: str | None = None
    severity: Severity
    required: bool = True
    rationale: str
    categories: tuple[str, ...] = ()
    find: tuple[str, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    fix: Literal["replace", "add"] = "replace"
    place: Placement
    text: str
    fallback: str
    applies_to: tuple[ContractKind, ...] = ()
    enabled: bool = True

    @field_validator("categories")
    @classmethod
    def _categories(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_category(name).name.lower() for name in value)

    @field_validator("find")
    @classmethod
    def _patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in value:
            Requirement(pattern=pattern)
        return value

    @field_validator("text", "fallback")
    @classmethod
    def _template(cls, value: str) -> str:
        try:
            names = [field for _, field, _, _ in _FIELD.parse(value) if field is not None]
        except ValueError as exc:
            raise ValueError(f"not a valid template: {exc}") from None
        if any(not re.fullmatch(r"[a-z_][a-z0-9_]*", name) for name in names):
            raise ValueError("parameters are {lower_case_names}")
        return value

    @property
    def clause_types(self) -> frozenset[ClauseType]:
        """The categories as :class:`ClauseType` values."""
        return frozenset(_category(name) for name in self.categories)

    def parameters(self) -> set[str]:
        """Names of the parameters the texts use."""
        return {
            field
            for text in (self.text, self.fallback)
            for _, field, _, _ in _FIELD.parse(text)
            if field
        }


class _PlaybookFile(_Strict):
    name: str
    description: str = ""
    kinds: tuple[ContractKind, ...] | None = None
    side: Side | None = None
    extends: Literal["default", "provider", "vendor", "tenant"] | None = None
    params: dict[str, str | int | float] = {}
    position: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class Playbook:
    """A named list of positions and the default values of their parameters.

    Attributes:
        name: Shown in scorecards.
        description: What the playbook is for.
        params: Default parameter values (``notice_days = 30``); a revision fills them from
            the contract where acceptable, and the user can override them.
        positions: The enabled positions, in order.
        path: The file it was read from, if any.
        kinds: The kinds of contract it is for (empty: any); review warns on another kind.
        side: Whose side it takes (``provider``, ``tenant``…; ``None``: not said).
        shipped: The id of the shipped playbook it is (``tenant``), or ``None``.
    """

    name: str
    description: str
    params: Mapping[str, str | int | float]
    positions: tuple[Position, ...]
    path: str | None = None
    kinds: tuple[ContractKind, ...] = ()
    side: Side | None = None
    shipped: str | None = None

    @property
    def role(self) -> Role | None:
        """The party role of its side: ``provider`` (provider, vendor, landlord…) or ``client``."""
        return SIDE_ROLE[self.side] if self.side else None

    @classmethod
    def load(cls, path: str | Path) -> Playbook:
        """Read and validate a playbook file.

        Raises:
            PlaybookError: The file is missing, not TOML, or a field is wrong; the message
                names the file, the line and the field.
        """
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise PlaybookError("no such playbook file", path=str(path)) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise PlaybookError(f"cannot read the playbook ({exc})", path=str(path)) from None
        return cls.parse(text, path=str(path))

    @classmethod
    def parse(cls, text: str, *, path: str | None = None) -> Playbook:
        """Validate a playbook given as TOML text (``path`` only names it in errors)."""
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
            message = re.sub(r"\s*\(at line.*\)", "", str(exc))
            line = int(match.group(1)) if match else None
            raise PlaybookError(f"not valid TOML: {message}", path=path, line=line) from None
        try:
            parsed = _PlaybookFile.model_validate(raw)
        except ValidationError as exc:
            raise _error(exc, text, path, ()) from None
        base: dict[str, Any] = {}
        params: dict[str, str | int | float] = {}
        kinds: tuple[ContractKind, ...] = ()
        side: Side | None = None
        if parsed.extends is not None:
            parent = shipped_playbook(parsed.extends)
            base = {p.id: p.model_dump() for p in parent.positions}
            params = dict(parent.params)
            kinds, side = parent.kinds, parent.side
        params.update(parsed.params)
        merged = dict(base)
        for raw_position in parsed.position:
            key = str(raw_position.get("id", ""))
            merged[key] = {**base.get(key, {}), **raw_position}
        positions = []
        for index, (key, data) in enumerate(merged.items()):
            try:
                position = Position.model_validate(data)
            except ValidationError as exc:
                own = [i for i, p in enumerate(parsed.position) if p.get("id") == key]
                raise _error(exc, text, path, ("position", own[0] if own else index)) from None
            if position.enabled:
                positions.append(position)
        playbook = cls(
            parsed.name,
            parsed.description,
            params,
            tuple(positions),
            path,
            parsed.kinds if parsed.kinds is not None else kinds,
            parsed.side or side,
        )
        playbook._check_params(text)
        return playbook

    def _check_params(self, text: str) -> None:
        for index, position in enumerate(self.positions):
            missing = sorted(position.parameters() - set(self.params) - _CONTRACT_PARAMS)
            if missing:
                raise PlaybookError(
                    f"position {position.id!r} uses {{{missing[0]}}}, which [params] does not set",
                    path=self.path,
                    line=_line_of(text, ("position", index, "text")),
                    field=f"position.{position.id}.text",
                )

    def position(self, position_id: str) -> Position:
        """The position called ``position_id``; ``KeyError`` when there is none."""
        for position in self.positions:
            if position.id == position_id:
                return position
        raise KeyError(position_id)


#: Parameters a revision takes from the contract itself: the parties' words, by side, and
#: its words for itself and its subject.
_CONTRACT_PARAMS = frozenset({*SIDE_ROLE, "agreement", "services"})


def shipped_playbook_text(name: str = "provider") -> str:
    """A shipped playbook as TOML (``contractkit playbook init --from NAME``).

    Raises:
        KeyError: No shipped playbook has that id (see :data:`SHIPPED`).
    """
    file = SHIPPED["provider" if name == "default" else name]
    return resources.files("contractkit.playbook").joinpath(file).read_text("utf-8")


def default_playbook_text() -> str:
    """The default service-provider playbook, as TOML (``contractkit playbook init``)."""
    return shipped_playbook_text("provider")


def shipped_playbook(name: str) -> Playbook:
    """A shipped playbook by id (``provider``/``default``, ``vendor``, ``tenant``), read once.

    Raises:
        KeyError: No shipped playbook has that id.
    """
    return _shipped("provider" if name == "default" else name)


@functools.cache
def _shipped(key: str) -> Playbook:
    book = Playbook.parse(shipped_playbook_text(key), path=f"<{key} playbook>")
    return dataclasses.replace(book, shipped=key)


def default_playbook() -> Playbook:
    """The playbook for service providers (freelancers, agencies, consultancies)."""
    return shipped_playbook("provider")


def _category(name: str) -> ClauseType:
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    if key in _CATEGORY_NAMES:
        return _CATEGORY_NAMES[key]
    try:
        return ClauseType(name)
    except ValueError:
        raise ValueError(
            f"unknown category {name!r} (see contractkit.ClauseType, e.g. payment_terms)"
        ) from None


def _error(
    exc: ValidationError, text: str, path: str | None, prefix: tuple[str | int, ...]
) -> PlaybookError:
    error = exc.errors()[0]
    loc = (*prefix, *error["loc"])
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "missing":
        message = "a required field is missing"
    elif error["type"] == "extra_forbidden":
        message = "unknown field"
    dotted = ".".join(str(part) for part in loc)
    return PlaybookError(message, path=path, line=_line_of(text, loc), field=dotted)


_HEADER = re.compile(r"^\s*\[\[?\s*([\w.]+)\s*\]")


def _line_of(text: str, loc: tuple[str | int, ...]) -> int | None:
    """The line a validation error refers to: the n-th ``[[table]]``, then the key in it."""
    lines = text.splitlines()
    start, end = 0, len(lines)
    parts = list(loc)
    table: list[str] = []
    while parts:
        part = parts.pop(0)
        if isinstance(part, int) and table:
            header = re.compile(rf"^\s*\[\[\s*{re.escape('.'.join(table))}\s*\]\]")
            hits = [i for i in range(start, end) if header.match(lines[i])]
            if part >= len(hits):
                return start + 1 if start else None
            start, prefix = hits[part], ".".join(table) + "."
            following = (
                i
                for i in range(start + 1, end)
                if (header_line := _HEADER.match(lines[i]))
                and not header_line.group(1).startswith(prefix)
            )
            end = next(following, end)
            continue
        if isinstance(part, str):
            key = re.compile(rf"^\s*{re.escape(part)}\s*=")
            hit = next((i for i in range(start, end) if key.match(lines[i])), None)
            if hit is not None:
                return hit + 1
            table.append(part)
    return start + 1 if start or loc else None
