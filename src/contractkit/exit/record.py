"""``InteractionLog``: the tamper-evident record a provider keeps in case of a dispute.

One SQLite file per client or matter. Each entry (a note, call, meeting, e-mail or document)
stores the SHA-256 of its canonical content and of the previous entry's hash, so editing or
deleting a row breaks the chain and :meth:`InteractionLog.verify` names the first entry
affected. Attachments are stored as blobs with their SHA-256.

Nothing is lost: the file is in WAL mode with full syncs; every write is one
``BEGIN IMMEDIATE`` transaction, so two writers take turns (``busy_timeout``) and an
interrupted import leaves the log as it was before it. Files are parsed and checked before
the transaction starts: a malformed e-mail stores nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from contractkit._io import sha256
from contractkit.errors import InvalidOptionError, RecordError
from contractkit.exit._drafts import Draft, draft
from contractkit.exit._entries import (
    GENESIS,
    SUGGESTED_TAGS,
    TABLES,
    Attachment,
    EntryKind,
    LogEntry,
    Verification,
    canonical,
    link,
    row_problem,
    stamp,
    tags_of,
    utc,
)
from contractkit.types import Source, Target

if TYPE_CHECKING:
    import sqlite3

    from contractkit.exit.report import IncidentReport

__all__ = [
    "GENESIS",
    "SUGGESTED_TAGS",
    "Attachment",
    "EntryKind",
    "InteractionLog",
    "LogEntry",
    "Verification",
]

FORMAT = "contractkit-interaction-log"
SCHEMA_VERSION = 1
#: How long a writer waits for another to finish (milliseconds).
BUSY_TIMEOUT_MS = 30_000


class InteractionLog:
    """An interaction record in one SQLite file; use it as a context manager.

    ::

        with InteractionLog("northwind.sqlite") as log:
            log.add("call", "Client asked for two extra pages at no cost.",
                    participants=["Jane Doe", "Tom Client"], tags=["scope-creep"])
            log.import_files(["2025-03-01-invoice-reminder.eml"])
            print(log.verify())

    Raises:
        RecordError: The file is not a contractkit interaction log, is from a newer version,
            or is locked for longer than the busy timeout.
    """

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True) -> None:
        self.path = Path(path)
        if not self.path.exists() and not create:
            raise RecordError(f"{self.path}: no such interaction log", hint="check --store")
        size = self.path.stat().st_size if self.path.is_file() else None
        if size == 0 and not create:
            # an emptied log is evidence lost, not an empty record
            raise RecordError(
                f"{self.path}: an empty file, not an interaction log",
                hint="if this was a log, restore it from a copy",
            )
        if size:
            with self.path.open("rb") as fh:
                if fh.read(16) != b"SQLite format 3\x00":
                    raise RecordError(f"{self.path}: not an interaction log (not SQLite)")
        import sqlite3  # here: `import contractkit` stays light

        self._db: sqlite3.Connection
        try:
            self._db = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
            )
        except sqlite3.Error as exc:
            raise RecordError(f"{self.path}: cannot open the log ({exc})") from exc
        try:
            self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = FULL")
            self._setup()
        except BaseException:
            self._db.close()
            raise

    def _setup(self) -> None:
        with self._write():
            tables = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master")}
            if tables and "meta" not in tables:
                raise RecordError(f"{self.path}: an SQLite file, but not an interaction log")
            for statement in filter(str.strip, TABLES.split(";")):
                self._db.execute(statement)
            defaults = {"format": FORMAT, "version": str(SCHEMA_VERSION), "count": "0"}
            defaults |= {"head": GENESIS, "created": stamp(dt.datetime.now(dt.UTC))}
            self._db.executemany(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", defaults.items()
            )
        meta = self._meta()
        if meta.get("format") != FORMAT:
            raise RecordError(f"{self.path}: an SQLite file, but not an interaction log")
        if int(meta.get("version", "0")) > SCHEMA_VERSION:
            raise RecordError(
                f"{self.path}: written by a newer contractkit (log format {meta['version']})",
                hint="upgrade contractkit to read it",
            )

    def close(self) -> None:
        """Close the file (the log stays consistent whenever this is skipped)."""
        self._db.close()

    def __enter__(self) -> InteractionLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _meta(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT key, value FROM meta").fetchall())

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One ``BEGIN IMMEDIATE`` transaction: all of it is stored, or none of it."""
        import sqlite3

        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise RecordError(
                f"{self.path}: the log is busy ({exc})",
                hint="another program is writing to it; try again",
            ) from exc
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    # -- writing -------------------------------------------------------------------------------

    def add(
        self,
        kind: EntryKind,
        summary: str,
        *,
        occurred: dt.datetime | None = None,
        title: str | None = None,
        participants: Sequence[str] = (),
        tags: Sequence[str] = (),
    ) -> LogEntry:
        """Record a note, call or meeting.

        Args:
            kind: ``note``, ``call`` or ``meeting``.
            summary: What happened, in factual words.
            occurred: When it happened (a naive time is local time); now by default.
            title: A short title; the summary's first words by default.
            participants: Who took part.
            tags: Labels such as ``late-payment`` or ``scope-creep``.

        Raises:
            InvalidOptionError: Unknown kind, empty summary or an invalid tag.
        """
        if kind not in ("note", "call", "meeting"):
            raise InvalidOptionError(
                f"cannot add an entry of kind {kind!r}",
                hint="add a note, call or meeting; import e-mails and documents",
            )
        if not summary.strip():
            raise InvalidOptionError("the summary is empty", hint="say what happened")
        text = " ".join(summary.split())
        ready = Draft(
            kind,
            utc(occurred or dt.datetime.now(dt.UTC)),
            (title or (text if len(text) <= 70 else text[:67] + "...")).strip(),
            summary.strip(),
            tuple(p.strip() for p in participants if p.strip()),
            tags_of(tags),
            (),
            (),
        )
        with self._write():
            return self._append(ready)

    def import_files(
        self,
        sources: Sequence[Source],
        *,
        tags: Sequence[str] = (),
        occurred: dt.datetime | None = None,
        note: str = "",
    ) -> tuple[LogEntry, ...]:
        """Import e-mails (.eml) and documents (PDF, images), all in one transaction.

        Every file is read and checked first; then all are stored, or none is. An e-mail
        or document already in the log (same SHA-256) is skipped.

        Args:
            sources: Files to import; e-mails are recognised by content, not by name.
            tags: Labels for every imported entry.
            occurred: When the documents were received (e-mails carry their own date).
            note: A summary for imported documents.

        Returns:
            The new entries (skipped duplicates are not in it).

        Raises:
            CorruptInputError: A file looks like an e-mail but is malformed.
            UnsupportedInputError: A file is neither an e-mail, a PDF nor an image.
            InputError: A file cannot be read.
        """
        labels = tags_of(tags)
        drafts = [draft(source, labels, occurred, note) for source in sources]
        added = []
        with self._write():
            for ready in drafts:
                source_hash = dict(ready.details)["source_sha256"]
                if self._db.execute(
                    "SELECT 1 FROM attachments WHERE sha256 = ? AND position = 0", (source_hash,)
                ).fetchone():
                    continue
                added.append(self._append(ready))
        return tuple(added)

    def _append(self, draft: Draft) -> LogEntry:
        """Add one entry inside the caller's transaction."""
        row = self._db.execute(
            "SELECT seq, entry_hash FROM entries ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
        recorded = stamp(dt.datetime.now(dt.UTC))
        attachments = tuple(
            Attachment(name, media, len(data), sha256(data)) for name, media, data in draft.files
        )
        occurred = stamp(draft.occurred)
        content_hash = sha256(
            canonical(
                seq,
                draft.kind,
                occurred,
                recorded,
                draft.title,
                draft.summary,
                draft.participants,
                draft.tags,
                draft.details,
                attachments,
            )
        )
        entry_hash = link(prev, content_hash)
        self._db.execute(
            "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                seq,
                draft.kind,
                occurred,
                recorded,
                draft.title,
                draft.summary,
                json.dumps(draft.participants, ensure_ascii=False),
                json.dumps(draft.tags),
                json.dumps(dict(draft.details), ensure_ascii=False, sort_keys=True),
                content_hash,
                prev,
                entry_hash,
            ),
        )
        self._db.executemany(
            "INSERT INTO attachments VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (seq, i, a.name, a.media_type, a.size, a.sha256, data)
                for i, (a, (_, _, data)) in enumerate(zip(attachments, draft.files, strict=True))
            ],
        )
        self._db.executemany(
            "UPDATE meta SET value = ? WHERE key = ?", ((str(seq), "count"), (entry_hash, "head"))
        )
        return self._entry(
            self._db.execute("SELECT * FROM entries WHERE seq = ?", (seq,)).fetchone()
        )

    # -- reading -------------------------------------------------------------------------------

    def _attachments(self, seq: int) -> tuple[Attachment, ...]:
        rows = self._db.execute(
            "SELECT name, media_type, size, sha256 FROM attachments WHERE entry = ? "
            "ORDER BY position",
            (seq,),
        )
        return tuple(Attachment(*row) for row in rows)

    def _entry(self, row: Sequence[Any]) -> LogEntry:
        seq, kind, occurred, recorded, title, summary, people, tags, details = row[:9]
        return LogEntry(
            seq=seq,
            kind=kind,
            occurred=dt.datetime.fromisoformat(occurred),
            recorded=dt.datetime.fromisoformat(recorded),
            title=title,
            summary=summary,
            participants=tuple(json.loads(people)),
            tags=tuple(json.loads(tags)),
            details=tuple(sorted(json.loads(details).items())),
            attachments=self._attachments(seq),
            content_hash=row[9],
            prev_hash=row[10],
            entry_hash=row[11],
        )

    def entries(self) -> tuple[LogEntry, ...]:
        """Every entry, in the order things happened (then the order they were recorded)."""
        return self.search()

    def search(
        self,
        text: str | None = None,
        *,
        tags: Sequence[str] = (),
        kinds: Sequence[EntryKind] = (),
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
    ) -> tuple[LogEntry, ...]:
        """Entries matching all the filters, in the order things happened.

        Args:
            text: Words to find (case-insensitive) in title, summary, participants, details
                or attachment names.
            tags: Entries carrying every one of these tags.
            kinds: Entries of one of these kinds.
            since: Entries that happened at or after this time.
            until: Entries that happened before this time.
        """
        where, args = [], []
        if text:
            like = (
                "%"
                + text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                + "%"
            )
            where.append(
                "(lower(title || ' ' || summary || ' ' || participants || ' ' || details) "
                "LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM attachments a WHERE a.entry = seq "
                "AND lower(a.name) LIKE ? ESCAPE '\\'))"
            )
            args += [like, like]
        for tag in tags_of(tags):
            where.append("EXISTS (SELECT 1 FROM json_each(tags) WHERE value = ?)")
            args.append(tag)
        if kinds:
            where.append(f"kind IN ({', '.join('?' * len(kinds))})")
            args += list(kinds)
        if since is not None:
            where.append("occurred >= ?")
            args.append(stamp(since))
        if until is not None:
            where.append("occurred < ?")
            args.append(stamp(until))
        sql = "SELECT * FROM entries" + (" WHERE " + " AND ".join(where) if where else "")
        rows = self._db.execute(sql + " ORDER BY occurred, seq", args).fetchall()
        return tuple(self._entry(row) for row in rows)

    def attachment(self, seq: int, position: int) -> bytes:
        """The bytes of an entry's attachment (position 0 is the imported file itself).

        Raises:
            KeyError: No such attachment.
        """
        row = self._db.execute(
            "SELECT data FROM attachments WHERE entry = ? AND position = ?", (seq, position)
        ).fetchone()
        if row is None:
            raise KeyError((seq, position))
        return bytes(row[0])

    def verify(self, *, head: str | None = None) -> Verification:
        """Check every entry against its hash and the chain; name the first one that is not.

        An edited row fails its content hash; a deleted row leaves a gap in ``seq`` (or, for
        the last entries, a shorter chain than the log recorded).

        Args:
            head: A head hash noted earlier (from ``verify`` or a dossier), or its first 16 or
                more characters. Someone able to rewrite the whole file can rebuild a valid
                chain; the noted head then no longer appears in it.

        Raises:
            InvalidOptionError: ``head`` is not 16 to 64 hexadecimal characters.
        """
        # one read transaction: a writer in another process cannot change what is checked
        self._db.execute("BEGIN")
        try:
            check = self._verify()
            if check.ok and head is not None:
                return self._anchored(check, head)
            return check
        finally:
            self._db.execute("COMMIT")

    def _anchored(self, check: Verification, head: str) -> Verification:
        noted = head.strip().lower()
        if len(noted) < 16 or not re.fullmatch(r"[0-9a-f]+", noted):
            raise InvalidOptionError(
                f"{head!r} is not a head hash", hint="give 16 to 64 of its hexadecimal characters"
            )
        if GENESIS.startswith(noted):
            return check
        row = self._db.execute(
            "SELECT seq FROM entries WHERE substr(entry_hash, 1, ?) = ?", (len(noted), noted)
        ).fetchone()
        if row is None:
            return Verification(
                False,
                check.entries,
                check.head,
                None,
                f"the head {noted[:16]}… noted earlier is not in the chain: the log was rebuilt "
                "or entries up to it were removed",
            )
        return check

    def _verify(self) -> Verification:
        prev, count = GENESIS, 0
        for row in self._db.execute("SELECT * FROM entries ORDER BY seq").fetchall():
            attachments = self._attachments(row[0])
            problem = row_problem(
                row, count + 1, prev, attachments, functools.partial(self.attachment, row[0])
            )
            if problem is not None:
                return Verification(False, count, prev, count + 1, problem)
            prev, count = row[11], row[0]
        meta = self._meta()
        recorded = int(meta.get("count", "0"))
        if recorded > count or meta.get("head", GENESIS) != prev:
            return Verification(
                False,
                count,
                prev,
                count + 1,
                f"removed (the log recorded {recorded} entries; {count} remain)",
            )
        return Verification(True, count, prev)

    def export(
        self, target: Target, /, *, title: str | None = None, report: IncidentReport | None = None
    ) -> Verification:
        """Write a chronological dossier PDF: verification, index, entries, attachment hashes.

        ``report`` (from :func:`~contractkit.exit.report.incident_report`) adds the incident
        chart, the clauses concerned and the lessons after the index.

        Returns:
            The verification printed at the top of the dossier.

        Raises:
            OutputError: The target cannot be written.
        """
        from contractkit.exit._dossier import dossier_blocks
        from contractkit.render.pdf import write_pdf

        check = self.verify()
        name = title or f"Interaction record: {self.path.stem}"
        blocks = dossier_blocks(name, self.path.name, self.entries(), check, report)
        state = f"head {check.head[:16]}" if check.ok else "HASH CHAIN BROKEN"
        write_pdf(target, blocks, title=name, footer=f"{name} ({state})")
        return check
