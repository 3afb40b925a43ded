"""The interaction record's entries: what one holds, and how the hash chain links them.

Kept apart from :mod:`contractkit.exit.record` (the SQLite store) so readers of a log (the
report, the dossier, the CLI) need only these types.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import Field
from typing_extensions import TypedDict  # pydantic reads TypedDicts from here on 3.11

from contractkit._io import sha256
from contractkit.errors import InvalidOptionError

__all__ = [
    "GENESIS",
    "KINDS",
    "SUGGESTED_TAGS",
    "TABLES",
    "Attachment",
    "AttachmentData",
    "EntryData",
    "EntryKind",
    "LogEntry",
    "Verification",
    "canonical",
    "link",
    "row_problem",
    "stamp",
    "tags_of",
    "utc",
]

EntryKind = Literal["note", "call", "meeting", "email", "document"]
KINDS: tuple[EntryKind, ...] = ("note", "call", "meeting", "email", "document")
#: Tags that name what a provider usually needs to show; any lower-case-hyphenated tag works.
SUGGESTED_TAGS = ("boundary-violation", "late-payment", "scope-creep", "disrespect")
#: The "previous hash" of the first entry.
GENESIS = "0" * 64
#: The SQLite tables the record keeps its entries, attachments and chain head in.
TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    occurred TEXT NOT NULL,
    recorded TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    participants TEXT NOT NULL,
    tags TEXT NOT NULL,
    details TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    entry_hash TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS attachments (
    entry INTEGER NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (entry, position)
);
CREATE INDEX IF NOT EXISTS entries_occurred ON entries (occurred);
CREATE INDEX IF NOT EXISTS attachments_sha256 ON attachments (sha256);
"""
FORMAT = "contractkit-interaction-log"
SCHEMA_VERSION = 1
#: How long a writer waits for another to finish (milliseconds).
BUSY_TIMEOUT_MS = 30_000

_TAG = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


@dataclass(frozen=True, slots=True)
class Attachment:
    """A stored file: its name, media type, size in bytes and SHA-256."""

    name: str
    media_type: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One entry of the record.

    Attributes:
        seq: Position in the chain, from 1.
        kind: ``note``, ``call``, ``meeting``, ``email`` or ``document``.
        occurred: When the interaction happened (UTC).
        recorded: When it was entered in the log (UTC).
        title: Short title (an e-mail's subject, a document's file name).
        summary: What happened, or the e-mail's text.
        participants: Who took part (e-mail: sender and recipients).
        tags: Labels such as ``late-payment``, sorted.
        details: Further fields (e-mail headers, source file name and hash), sorted by key.
        attachments: Stored files, in order.
        content_hash: SHA-256 of the entry's canonical content.
        prev_hash: ``entry_hash`` of the entry before (:data:`GENESIS` for the first).
        entry_hash: SHA-256 of ``prev_hash`` and ``content_hash``: the chain link.
    """

    seq: int
    kind: EntryKind
    occurred: dt.datetime
    recorded: dt.datetime
    title: str
    summary: str
    participants: tuple[str, ...]
    tags: tuple[str, ...]
    details: tuple[tuple[str, str], ...]
    attachments: tuple[Attachment, ...]
    content_hash: str
    prev_hash: str
    entry_hash: str

    def to_dict(self) -> dict[str, Any]:
        """The entry as JSON-ready data (``contractkit log list --json``; schema: ``log``)."""
        data: EntryData = {
            "seq": self.seq,
            "kind": self.kind,
            "occurred": self.occurred.isoformat(),
            "recorded": self.recorded.isoformat(),
            "title": self.title,
            "summary": self.summary,
            "participants": list(self.participants),
            "tags": list(self.tags),
            "details": dict(self.details),
            "attachments": [
                {"name": a.name, "media_type": a.media_type, "size": a.size, "sha256": a.sha256}
                for a in self.attachments
            ],
            "content_hash": self.content_hash,
            "prev_hash": self.prev_hash,
            "entry_hash": self.entry_hash,
        }
        return dict(data)


class AttachmentData(TypedDict):
    """An attachment in an entry's JSON."""

    name: str
    media_type: str
    size: int
    sha256: str


class EntryData(TypedDict):
    """One entry in ``contractkit log list --json`` (times are ISO 8601 in UTC)."""

    seq: int
    kind: EntryKind
    occurred: Annotated[str, Field(json_schema_extra={"format": "date-time"})]
    recorded: Annotated[str, Field(json_schema_extra={"format": "date-time"})]
    title: str
    summary: str
    participants: list[str]
    tags: list[str]
    details: dict[str, str]
    attachments: list[AttachmentData]
    content_hash: str
    prev_hash: str
    entry_hash: str


@dataclass(frozen=True, slots=True)
class Verification:
    """What :meth:`InteractionLog.verify` found.

    Attributes:
        ok: Every entry matches its hash and the chain is whole.
        entries: Entries checked.
        head: ``entry_hash`` of the last entry (quote it to fix the log's state in time).
        first_bad: ``seq`` of the first entry altered or removed, else ``None``.
        problem: What is wrong with it, else ``None``.
    """

    ok: bool
    entries: int
    head: str
    first_bad: int | None = None
    problem: str | None = None

    def __str__(self) -> str:
        if self.ok:
            return f"ok: {self.entries} entries, chain intact, head {self.head}"
        return self.failure

    @property
    def failure(self) -> str:
        """``entry 3 was altered (…)``: what is wrong, in one phrase (empty when ok)."""
        if self.ok:
            return ""
        if self.first_bad is None:
            return str(self.problem)
        return f"entry {self.first_bad} was {self.problem}"


def utc(when: dt.datetime) -> dt.datetime:
    """``when`` in UTC; a naive time is taken as local time."""
    return when.astimezone(dt.UTC).replace(microsecond=0)


def stamp(when: dt.datetime) -> str:
    return utc(when).isoformat()


def tags_of(tags: Sequence[str]) -> tuple[str, ...]:
    out = set()
    for tag in tags:
        tag = tag.strip().lower().replace(" ", "-")
        if not _TAG.match(tag):
            raise InvalidOptionError(
                f"invalid tag {tag!r}",
                hint="use lower-case words joined by hyphens, e.g. " + ", ".join(SUGGESTED_TAGS),
            )
        out.add(tag)
    return tuple(sorted(out))


def canonical(
    seq: int,
    kind: str,
    occurred: str,
    recorded: str,
    title: str,
    summary: str,
    participants: Sequence[str],
    tags: Sequence[str],
    details: Sequence[tuple[str, str]],
    attachments: Sequence[Attachment],
) -> bytes:
    """The bytes an entry's ``content_hash`` is the SHA-256 of (sorted-key compact JSON)."""
    content = {
        "seq": seq,
        "kind": kind,
        "occurred": occurred,
        "recorded": recorded,
        "title": title,
        "summary": summary,
        "participants": list(participants),
        "tags": list(tags),
        "details": dict(details),
        "attachments": [[a.name, a.media_type, a.size, a.sha256] for a in attachments],
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def link(prev_hash: str, content_hash: str) -> str:
    """An entry's ``entry_hash``: SHA-256 of the previous hash and its content hash."""
    return sha256(f"{prev_hash}:{content_hash}".encode())


def row_problem(
    row: Sequence[Any],
    expected: int,
    prev: str,
    attachments: Sequence[Attachment],
    blob: Callable[[int], bytes],
) -> str | None:
    """What is wrong with one stored row (in the ``entries`` table's column order), or ``None``.

    ``expected`` is the sequence number the row should have, ``prev`` the hash it should
    follow, ``blob(position)`` the bytes of its attachment at that position.
    """
    seq = row[0]
    if seq != expected:
        return f"removed (the chain skips from entry {expected - 1} to entry {seq})"
    participants, tags = (tuple(json.loads(v)) for v in row[6:8])
    details = tuple(json.loads(row[8]).items())
    kind, occurred, recorded, title, summary = row[1:6]
    content = canonical(
        seq, kind, occurred, recorded, title, summary, participants, tags, details, attachments
    )
    if sha256(content) != row[9]:
        return "altered (its content no longer matches its hash)"
    for position, a in enumerate(attachments):
        if sha256(blob(position)) != a.sha256:
            return f"altered (attachment {a.name!r} no longer matches its hash)"
    if row[10] != prev or row[11] != link(prev, row[9]):
        return "altered or re-linked (it no longer follows the entry before it)"
    return None
