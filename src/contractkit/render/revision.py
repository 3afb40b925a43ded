"""A revision as documents: the clean revised PDF, the redline PDF and a tracked-changes DOCX.

All three walk the same clauses in the same order, so they say the same thing; the redline
and the DOCX mark, word by word, what the revision deleted and inserted (a renumbered
clause shows its old number struck through and the new one inserted).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from contractkit.playbook.results import RevisedClause, Revision, label_of
from contractkit.render.pdf import (
    Block,
    Heading,
    Para,
    Run,
    RunStyle,
    Signatures,
    write_pdf,
)

if TYPE_CHECKING:
    from contractkit.types import Target

__all__ = [
    "DocxRenderer",
    "MarkdownRenderer",
    "PdfRenderer",
    "RedlineRenderer",
    "diff_words",
    "redline_runs",
    "write_docx",
    "write_redline",
    "write_revised",
]


def diff_words(old: str, new: str) -> list[Run]:
    """Runs that turn ``old`` into ``new`` word by word (``del`` and ``ins`` runs)."""
    a, b = old.split(), new.split()
    runs: list[Run] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            runs.append(Run(" ".join(a[i1:i2]), "del"))
        if op in ("insert", "replace"):
            runs.append(Run(" ".join(b[j1:j2]), "ins"))
        if op == "equal":
            runs.append(Run(" ".join(a[i1:i2])))
    spaced: list[Run] = []
    for i, run in enumerate(runs):
        spaced.append(run)
        if i + 1 < len(runs):
            spaced.append(Run(" "))
    return spaced


def redline_runs(clause: RevisedClause) -> tuple[list[Run], list[list[Run]]]:
    """(label runs, one run list per paragraph) for a clause in the redline."""
    label = label_of(clause)
    inserted = clause.status == "inserted"
    if inserted:
        head = [Run(label + " ", "ins")] if label else []
        if clause.heading:
            head.append(Run(clause.heading, "ins"))
        return head, [[Run(p, "ins")] for p in _paragraphs(clause.text)]
    head = []
    old_label = label_of(replace(clause, number=clause.old_number))
    if old_label != label:
        head += [Run(old_label, "del"), Run(" "), Run(label, "ins"), Run(" ")]
    elif label:
        head.append(Run(label + " "))
    if clause.heading:
        head.append(Run(clause.heading))
    if clause.old_text is None or clause.old_text == clause.text:
        return head, [[Run(p)] for p in _paragraphs(clause.text)]
    return head, [diff_words(clause.old_text, clause.text)]


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def _clauses(count: int) -> str:
    return "clause" if count == 1 else "clauses"


def _blocks(revision: Revision, *, redline: bool) -> Iterator[Block]:
    yield Heading(revision.title, 0)
    if redline:
        counts = {
            kind: sum(1 for c in revision.changes if c.kind == kind)
            for kind in ("replaced", "inserted", "renumbered")
        }
        yield Para(
            [
                Run("Redline against the original. "),
                Run("Deleted text is struck through in red", "del"),
                Run("; "),
                Run("inserted text is underlined in blue", "ins"),
                Run(
                    f". {counts['replaced']} {_clauses(counts['replaced'])} replaced, "
                    f"{counts['inserted']} inserted, {counts['renumbered']} renumbered."
                ),
            ],
            small=True,
        )
    for paragraph in _paragraphs(revision.preamble):
        yield Para(paragraph)
    for clause in revision.clauses:
        if redline:
            head, paragraphs = redline_runs(clause)
        else:
            label = label_of(clause)
            head = [Run(" ".join(p for p in (label, clause.heading or "") if p))]
            paragraphs = [[Run(p)] for p in _paragraphs(clause.text)]
        yield from _clause_blocks(clause, head, paragraphs)
    yield Signatures([p.display_name for p in revision.parties] or ["Provider", "Client"])


#: A cross-reference and the word before it: kept on one line, so no line of the PDF opens
#: with "Section 4." and reads, to a person or to contractkit, as the start of a clause.
_REFERENCE = re.compile(
    r"(\S+)\s+((?:Sections?|Articles?|Clauses?|Paragraphs?|§§?)\s+[\dIVXL]+(?:\.\d+)*\.?)(?!\S)"
)


def _glued(runs: list[Run]) -> list[Run]:
    def glue(match: re.Match[str]) -> str:
        return match.group(1) + "\u00a0" + "\u00a0".join(match.group(2).split())

    return [Run(_REFERENCE.sub(glue, r.text), r.style) for r in runs]


def _clause_blocks(
    clause: RevisedClause, head: list[Run], paragraphs: list[list[Run]]
) -> Iterator[Block]:
    paragraphs = [_glued(runs) for runs in paragraphs]
    indent = 14.0 * max(clause.level - 1, 0)
    has_head = any(r.text.strip() for r in head)
    if clause.level == 1 and clause.heading and has_head:
        yield Heading(head)
        head = []
    elif has_head:
        if clause.heading and not clause.heading.endswith((".", ":", "?")):
            head = [*head, Run(".", head[-1].style)]  # a run-in heading ends with a stop
        head = [Run(r.text, _bold(r.style)) for r in head] + [Run(" ")]
    if not paragraphs and head:
        yield Para(head, indent=indent)
    for i, runs in enumerate(paragraphs):
        yield Para((head if i == 0 else []) + runs, indent=indent)


def _bold(style: RunStyle) -> RunStyle:
    return "bold" if style == "plain" else style


def write_revised(revision: Revision, target: Target) -> None:
    """The revised contract as a typeset PDF."""
    write_pdf(
        target,
        _blocks(revision, redline=False),
        title=revision.title,
        subject="Revised with contractkit",
        footer=f"{revision.title} (revised)",
    )


def write_redline(revision: Revision, target: Target) -> None:
    """The redline: the revised contract with deletions and insertions marked."""
    write_pdf(
        target,
        _blocks(revision, redline=True),
        title=f"{revision.title} (redline)",
        subject="Redline by contractkit",
        footer=f"{revision.title} (redline)",
    )


def write_docx(revision: Revision, target: Target, *, original: bytes | None = None) -> str | None:
    """The revision as a Word document whose changes are tracked (accept or reject in Word).

    With the ``original`` DOCX the revision was read from, that document is edited (its
    styles, numbering and layout kept) when every changed clause can be found in it. Returns
    a warning when it could not be, and a new document was written instead.
    """
    from contractkit.render.docx import AUTHOR, now, write_tracked

    if original is not None:
        from contractkit.render._docx_over import NotInPlace, write_tracked_over

        try:
            write_tracked_over(original, revision, target, author=AUTHOR, when=now())
            return None
        except NotInPlace as exc:
            write_tracked(revision, target)
            return f"the Word file is a new document, not yours with tracked changes: {exc}"
    write_tracked(revision, target)
    return None


class PdfRenderer:
    """The revised contract typeset as a PDF: renderer ``pdf``, the default for ``.pdf``."""

    def render(self, revision: Revision, target: Target) -> None:
        """Write the PDF (see :func:`write_revised`)."""
        write_revised(revision, target)


class RedlineRenderer:
    """The redline PDF, deletions struck through and insertions underlined: ``redline``."""

    def render(self, revision: Revision, target: Target) -> None:
        """Write the redline (see :func:`write_redline`)."""
        write_redline(revision, target)


class DocxRenderer:
    """The revision as a Word document with tracked changes: ``docx``, the default for .docx.

    Given the Word file the revision was read from (:meth:`render_over`), that file is edited
    instead of a new document written.
    """

    def render(self, revision: Revision, target: Target) -> None:
        """Write a new Word document (see :func:`write_docx`)."""
        write_docx(revision, target)

    def render_over(self, revision: Revision, original: bytes, target: Target) -> str | None:
        """Write ``original`` with the changes tracked; a warning when it had to start anew."""
        return write_docx(revision, target, original=original)


class MarkdownRenderer:
    """The change summary in Markdown: ``markdown``, the default for ``.md``."""

    def render(self, revision: Revision, target: Target) -> None:
        """Write the summary (see :func:`contractkit.render.markdown.revision_markdown`)."""
        from contractkit._io import atomic_output
        from contractkit.render.markdown import revision_markdown

        with atomic_output(target, suffix=".md") as tmp:
            tmp.write_text(revision_markdown(revision), encoding="utf-8")
