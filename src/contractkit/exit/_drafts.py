"""Files made ready for the record: e-mails and documents read and checked before storing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from contractkit._io import read_source, sha256
from contractkit.errors import UnsupportedInputError
from contractkit.exit._entries import EntryKind, utc
from contractkit.types import Source

__all__ = ["Draft", "draft"]

_MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"GIF8", "image/gif"),
)


@dataclass(frozen=True, slots=True)
class Draft:
    """An entry before it is stored: what the log will hash and keep."""

    kind: EntryKind
    occurred: dt.datetime
    title: str
    summary: str
    participants: tuple[str, ...]
    tags: tuple[str, ...]
    details: tuple[tuple[str, str], ...]
    files: tuple[tuple[str, str, bytes], ...]


def draft(source: Source, tags: tuple[str, ...], occurred: dt.datetime | None, note: str) -> Draft:
    """Read one file into a draft entry: a document (PDF, image) or an e-mail.

    Raises:
        CorruptInputError: The file looks like an e-mail but is malformed.
        UnsupportedInputError: Neither an e-mail, a PDF nor an image.
    """
    from contractkit.exit._email import looks_like_email, parse_email

    src = read_source(source)
    name = Path(src.name).name
    digest = sha256(src.data)
    media = next((m for magic, m in _MAGIC if src.data.startswith(magic)), None)
    if media is None and src.data[:4] == b"RIFF" and src.data[8:12] == b"WEBP":
        media = "image/webp"
    if media is not None:
        return Draft(
            "document",
            utc(occurred or dt.datetime.now(dt.UTC)),
            name,
            note.strip(),
            (),
            tags,
            (("source_name", name), ("source_sha256", digest)),
            ((name, media, src.data),),
        )
    if name.lower().endswith(".eml") or looks_like_email(src.data):
        mail = parse_email(src.data, src.name)
        details = {
            "from": mail.sender,
            "to": ", ".join(mail.to),
            "cc": ", ".join(mail.cc),
            "date": mail.date_header,
            "message_id": mail.message_id,
            "source_name": name,
            "source_sha256": digest,
        }
        return Draft(
            "email",
            mail.date,
            mail.subject,
            mail.body,
            mail.participants,
            tags,
            tuple(sorted((k, v) for k, v in details.items() if v)),
            ((name, "message/rfc822", src.data), *mail.attachments),
        )
    raise UnsupportedInputError(
        f"{src.name}: not an e-mail (.eml), a PDF or an image",
        hint="import e-mails saved as .eml, and documents as PDF, PNG, JPEG, TIFF or WebP",
    )
