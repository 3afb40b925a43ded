"""The dossier: an interaction record as a PDF a lawyer or a court can read.

It opens with the verification result and the head hash, then an index in the order things
happened, then each entry with its details, text and the SHA-256 of every attachment, so each
file handed over separately can be matched to the record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from contractkit.render.pdf import Block, Heading, PageBreak, Para, Run, Table

if TYPE_CHECKING:
    from contractkit.exit.record import LogEntry, Verification
    from contractkit.exit.report import IncidentReport

__all__ = ["dossier_blocks"]

#: Longer texts (e-mail threads) are cut in the dossier; the log keeps them whole.
MAX_SUMMARY = 6000


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def dossier_blocks(
    title: str,
    store: str,
    entries: Sequence[LogEntry],
    check: Verification,
    report: IncidentReport | None = None,
) -> list[Block]:
    """The dossier as blocks for :func:`contractkit.render.pdf.write_pdf`.

    With ``report``, the incident report (chart, clauses concerned, lessons) follows the
    index, before the entries (issue 17).
    """
    now = _when(dt.datetime.now(dt.UTC))
    status = (
        f"Verified: the hash chain of all {check.entries} entries is intact."
        if check.ok
        else f"VERIFICATION FAILED: {check.failure}."
    )
    out: list[Block] = [
        Heading(title, 0),
        Para(f"Exported {now} from {store}, {len(entries)} entries.", align="left"),
        Para([Run(status, "bold")], align="left"),
        Para(f"Head hash (the last entry's chain hash):\n{check.head}", align="left"),
        Para(
            "Each entry stores the SHA-256 of its content and of the entry before it, so any "
            "edit or deletion changes every later hash.",
            small=True,
        ),
        Heading("Index", 1),
        Table(
            ["#", "When", "Kind", "Title", "Tags"],
            [[str(e.seq), _when(e.occurred), e.kind, e.title, ", ".join(e.tags)] for e in entries],
            widths=[0.07, 0.22, 0.12, 0.39, 0.2],
        ),
    ]
    if report is not None:
        out += [PageBreak(), *report.blocks(level=1)]
    for entry in entries:
        out += [PageBreak(), *_entry_blocks(entry)]
    return out


def _entry_blocks(entry: LogEntry) -> list[Block]:
    rows = [
        ["When", _when(entry.occurred)],
        ["Recorded", _when(entry.recorded)],
        ["Kind", entry.kind],
    ]
    if entry.participants:
        rows.append(["Participants", "; ".join(entry.participants)])
    if entry.tags:
        rows.append(["Tags", ", ".join(entry.tags)])
    rows += [[key.replace("_", " ").capitalize(), value] for key, value in entry.details]
    rows += [["Content SHA-256", entry.content_hash], ["Chain hash", entry.entry_hash]]
    out: list[Block] = [
        Heading(f"#{entry.seq} {entry.kind}: {entry.title}", 1),
        Table(["Field", "Value"], rows, widths=[0.22, 0.78]),
    ]
    if entry.summary:
        text = entry.summary
        if len(text) > MAX_SUMMARY:
            text = text[:MAX_SUMMARY] + " [...] (cut here; the full text is in the log)"
        out += [Heading("Text", 2), Para(text, align="left")]
    if entry.attachments:
        # one paragraph each, not a table: a hash must read back in one piece
        out.append(Heading("Attachments", 2))
        out += [
            Para(
                [
                    Run(a.name, "bold"),
                    Run(f" ({a.media_type}, {a.size:,} bytes)\nSHA-256: {a.sha256}"),
                ],
                align="left",
            )
            for a in entry.attachments
        ]
    return out
