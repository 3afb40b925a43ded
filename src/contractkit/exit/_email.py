"""Reading .eml files (RFC 5322) strictly: a damaged message is refused, never half-stored.

Python's ``email`` parser recovers from almost anything and records what it repaired as
"defects". Evidence must be what was sent, so a message with a structural defect (a missing
boundary, broken base64, no header block), without a sender, or without a readable date is
an error naming the file and the fault.
"""

from __future__ import annotations

import datetime as dt
import email.errors
import re
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses

from contractkit.errors import CorruptInputError

__all__ = ["ParsedEmail", "looks_like_email", "parse_email"]

_FATAL: tuple[type[email.errors.MessageDefect], ...] = (
    email.errors.NoBoundaryInMultipartDefect,
    email.errors.StartBoundaryNotFoundDefect,
    email.errors.CloseBoundaryNotFoundDefect,
    email.errors.MultipartInvariantViolationDefect,
    email.errors.FirstHeaderLineIsContinuationDefect,
    email.errors.MissingHeaderBodySeparatorDefect,
    email.errors.InvalidBase64PaddingDefect,
    email.errors.InvalidBase64CharactersDefect,
    email.errors.InvalidBase64LengthDefect,
)
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:")
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True, slots=True)
class ParsedEmail:
    """What an e-mail says: headers, the readable body and its attachments."""

    subject: str
    sender: str
    to: tuple[str, ...]
    cc: tuple[str, ...]
    date: dt.datetime
    date_header: str
    message_id: str
    body: str
    attachments: tuple[tuple[str, str, bytes], ...]  # name, media type, bytes

    @property
    def participants(self) -> tuple[str, ...]:
        """Sender and recipients, each once."""
        return tuple(dict.fromkeys((self.sender, *self.to, *self.cc)))


def looks_like_email(data: bytes) -> bool:
    """Whether ``data`` starts with a header line (``From: ...``), as a message does."""
    return bool(_HEADER_LINE.match(data.lstrip(b"\r\n")[:200]))


def _fail(name: str, why: str) -> CorruptInputError:
    return CorruptInputError(
        f"{name}: not a valid e-mail ({why}); nothing was stored",
        hint="export the message again from the mail client as .eml (RFC 822)",
    )


def _addresses(message: EmailMessage, header: str) -> tuple[str, ...]:
    values = [str(v) for v in message.get_all(header, [])]
    return tuple(
        f"{name} <{addr}>" if name else addr for name, addr in getaddresses(values) if addr
    )


def parse_email(data: bytes, name: str) -> ParsedEmail:
    """Parse an .eml file's bytes.

    Raises:
        CorruptInputError: The bytes are not a whole, readable e-mail message.
    """
    if not looks_like_email(data):
        raise _fail(name, "it does not start with header lines")
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
        if not isinstance(message, EmailMessage):  # policy.default always makes one
            raise _fail(name, "unreadable message")
        senders = _addresses(message, "from")
        if not senders:
            raise _fail(name, "no From header")
        date_header = str(message.get("date", "")).strip()
        when = getattr(message["date"], "datetime", None) if date_header else None
        if not isinstance(when, dt.datetime):
            raise _fail(name, f"no readable Date header ({date_header or 'missing'})")
        if when.tzinfo is None:
            raise _fail(name, f"the Date header has no time zone ({date_header})")
        body_part = message.get_body(preferencelist=("plain", "html"))
        body = ""
        if body_part is not None:
            body = str(body_part.get_content())
            if body_part.get_content_type() == "text/html":
                body = re.sub(r"[ \t]+", " ", _TAGS.sub(" ", body))
        attachments = []
        for index, part in enumerate(message.iter_attachments(), 1):
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes):
                payload = part.as_bytes()
            filename = part.get_filename() or f"attachment-{index}"
            attachments.append((filename, part.get_content_type(), payload))
        # decoding adds defects (bad base64), so they are checked last
        defects = [d for part in message.walk() for d in part.defects]
        fatal = [d for d in defects if isinstance(d, _FATAL)]
        if fatal:
            raise _fail(name, type(fatal[0]).__name__.removesuffix("Defect"))
    except CorruptInputError:
        raise
    except (LookupError, ValueError, TypeError, UnicodeError) as exc:
        raise _fail(name, f"{type(exc).__name__}: {exc}") from exc
    return ParsedEmail(
        subject=str(message.get("subject", "")).strip() or "(no subject)",
        sender=senders[0],
        to=_addresses(message, "to"),
        cc=_addresses(message, "cc"),
        date=when.astimezone(dt.UTC),
        date_header=date_header,
        message_id=str(message.get("message-id", "")).strip(),
        body=body.strip(),
        attachments=tuple(attachments),
    )
