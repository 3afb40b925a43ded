"""The user's own PDF with the revision's changes marked as proposed edits (issue 16).

A lawyer reviews changes on the document they know, not on our re-typeset copy. Each
replaced stretch of words gets a ``/StrikeOut`` annotation over those words (quad points
from the word boxes, one quad per line) with the new wording in ``/Contents``; each inserted
clause a ``/Caret`` at the end of the clause it follows, the inserted text in ``/Contents``
and a popup; a changed clause number a strike-out saying the new one. These are the
markup annotations PDF readers use for proposed edits, each with its own appearance stream
so every reader draws it the same. Nothing is drawn into the pages: only ``/Annots`` is
added, so every page's content stream is the original's, and the marks can be deleted to get
the document back.

Word boxes come from reading the original again (born-digital text, or the OCR cache for a
scan, whose marks go on its searchable copy as :func:`contractkit.annotate` does).
"""

from __future__ import annotations

import difflib
import io
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from contractkit._io import atomic_output
from contractkit.document import ReadOptions
from contractkit.errors import InvalidOptionError
from contractkit.playbook.results import RevisedClause, Revision, label_of
from contractkit.render.annotate import add_annotation, to_user_space

if TYPE_CHECKING:
    from contractkit.clauses.model import Clause
    from contractkit.document.model import Document
    from contractkit.types import Target

__all__ = ["MarkedRenderer", "write_marked"]

AUTHOR = "contractkit"
RED, BLUE = (0.80, 0.10, 0.10), (0.10, 0.30, 0.80)
#: Changes closer than this many unchanged words are marked as one.
_JOIN = 3


@dataclass(frozen=True, slots=True)
class Mark:
    """One proposed edit on the page: a strike-out or an insertion caret.

    Attributes:
        kind: ``strike`` (replace or delete the words under it) or ``caret`` (insert).
        start: Where it is in the document's text (offsets); a caret sits at ``end``.
        end: Offset just past the words struck, or the caret's position.
        subject: What it proposes ("Proposed replacement", "Proposed insertion").
        text: The note: the new wording.
    """

    kind: str
    start: int
    end: int
    subject: str
    text: str


class MarkedRenderer:
    """The original PDF with the changes as strike-out and insertion annotations: ``marked``.

    It draws on the contract's own pages, so it needs them: :func:`contractkit.write` passes
    them with ``original=`` (``contractkit revise x.pdf --marked marked.pdf``).
    """

    #: The contract formats whose own file this renderer marks (see ``contractkit.write``).
    over_formats = ("pdf",)

    def __init__(self, read: ReadOptions | None = None) -> None:
        """Read the original with ``read`` (password, OCR languages, cache) as it was read."""
        self.read = read

    def render(self, revision: Revision, target: Target) -> None:
        """Refuse: a marked PDF is the original's pages, which this call does not have.

        Raises:
            InvalidOptionError: Always; the message says what to pass instead.
        """
        info = revision.document
        if info.format != "pdf":
            raise InvalidOptionError(
                f"{info.name}: a marked PDF needs a PDF contract, not a {info.format} file",
                hint="for a Word contract, --docx writes your own file with tracked changes"
                if info.format == "docx"
                else "the redline (--redline) shows the changes on a typeset copy",
            )
        raise InvalidOptionError(
            f"{target}: the marked PDF is drawn on the original PDF, which was not given",
            hint="contractkit.write(revision, target, renderer='marked', original=contract)",
        )

    def render_over(self, revision: Revision, original: bytes, target: Target) -> str | None:
        """Write ``original`` with the changes marked; a warning for changes left unmarked."""
        return write_marked(revision, original, target, read=self.read)


def write_marked(
    revision: Revision, original: bytes, target: Target, *, read: ReadOptions | None = None
) -> str | None:
    """Write the PDF ``original`` with the revision's changes as annotations on its words.

    ``read`` says how the revision read it (password, OCR languages, cache): a scan is read
    from the same OCR cache entry, so its words are the ones the revision saw.

    Returns:
        A warning naming the changes that could not be placed on the page, or ``None``.

    Raises:
        InvalidOptionError: ``original`` is not the PDF the revision was read from, or
            ``target`` is not named ``.pdf``.
        OutputError: The target cannot be written.
    """
    import pikepdf

    from contractkit._io import sha256
    from contractkit.document import open as open_document
    from contractkit.render.annotate import searchable

    info = revision.document
    if info.format != "pdf":
        MarkedRenderer().render(revision, target)  # raises, saying why
    if sha256(original) != info.sha256:
        raise InvalidOptionError(f"{target}: the original given is not {info.name}")
    if isinstance(target, str | os.PathLike) and Path(target).suffix.lower() != ".pdf":
        raise InvalidOptionError(
            f"{target}: a marked PDF is a .pdf file",
            hint=f"name the output {Path(target).with_suffix('.pdf').name}",
        )
    read = replace(read, progress=None) if read is not None else ReadOptions()
    doc = open_document(original, read)
    marks, missed = marks_of(revision, doc)
    pdf = searchable(original, read) if info.ocr_pages else original
    with pikepdf.open(io.BytesIO(pdf), password=read.password or "") as out:
        for mark in marks:
            if not _draw(out, doc, mark):  # words without boxes on the page
                missed.append(f"{mark.subject.lower()} ({' '.join(mark.text.split())[:50]})")
        with atomic_output(target, suffix=".pdf") as tmp:
            # streams copied as stored, neither decoded nor compressed: the pages' content
            # is the original's bytes
            out.save(
                tmp, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none
            )
    if not missed:
        return None
    return "the marked PDF does not show the change to " + ", ".join(missed)


def marks_of(revision: Revision, doc: Document) -> tuple[list[Mark], list[str]]:
    """The proposed edits of a revision, placed in ``doc``'s text; and clauses not placed."""
    from contractkit.clauses.segment import segment

    by_id = {c.id: c for c in segment(doc)}
    marks: list[Mark] = []
    missed: list[str] = []
    anchor: int | None = None  # where the last clause of the original ends
    waiting: list[RevisedClause] = []  # inserted clauses after it
    for clause in revision.clauses:
        if clause.status == "inserted":
            waiting.append(clause)
            continue
        found = by_id.get(clause.original or "")
        if waiting:
            marks += _inserted(waiting, anchor, missed)
            waiting = []
        if found is None:
            if clause.status != "kept":
                missed.append(clause.old_number or clause.heading or "a clause")
            continue
        anchor = found.start + len(found.text.rstrip())  # just past its last word
        if clause.status in ("replaced", "renumbered"):
            placed = _changed(clause, found, doc.text)
            if placed is None:
                missed.append(clause.old_number or clause.heading or found.id)
            else:
                marks += placed
    if waiting:
        marks += _inserted(waiting, anchor, missed)
    return marks, missed


def _tokens(text: str, offset: int) -> list[tuple[str, int, int]]:
    return [(m.group(), offset + m.start(), offset + m.end()) for m in re.finditer(r"\S+", text)]


def _changed(clause: RevisedClause, found: Clause, text: str) -> list[Mark] | None:
    """Strike-outs for a changed clause: its number if it moved, then each changed stretch."""
    tokens = _tokens(text[found.start : found.end], found.start)
    marks: list[Mark] = []
    if clause.number != clause.old_number and clause.old_number and clause.number and tokens:
        word, start, end = tokens[0]
        if word.rstrip(".:") == clause.old_number.rstrip("."):
            subject = "Proposed renumbering"
            marks.append(Mark("strike", start, end, subject, f"Renumber as {label_of(clause)}"))
    old, new = (clause.old_text or "").split(), clause.text.split()
    if old == new:
        return marks
    at = next(
        (
            i
            for i in range(len(tokens) - len(old) + 1)
            if [t[0] for t in tokens[i : i + len(old)]] == old
        ),
        None,
    )
    if at is None or not old:
        return None
    words = tokens[at : at + len(old)]
    codes = [c for c in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()]
    hunks: list[list[int]] = []  # [a0, a1, b0, b1], near ones joined
    # a replaced sentence is one proposal; the references a renumbering updates are several
    join = len(old) + 1 if clause.status == "replaced" else _JOIN
    for op, a0, a1, b0, b1 in codes:
        if op == "equal":
            continue
        if hunks and a0 - hunks[-1][1] < join:
            hunks[-1][1], hunks[-1][3] = a1, b1
        else:
            hunks.append([a0, a1, b0, b1])
    for a0, a1, b0, b1 in hunks:
        wording = " ".join(new[b0:b1])
        if a1 > a0:
            subject = "Proposed replacement" if wording else "Proposed deletion"
            note = f"Replace with: {wording}" if wording else "Delete"
            marks.append(Mark("strike", words[a0][1], words[a1 - 1][2], subject, note))
        else:
            where = words[a0 - 1][2] if a0 else words[0][1]
            marks.append(Mark("caret", where, where, "Proposed insertion", f"Insert: {wording}"))
    return marks


def _inserted(clauses: list[RevisedClause], anchor: int | None, missed: list[str]) -> list[Mark]:
    """One caret after the clause before, proposing the inserted clauses in order."""
    if anchor is None:
        missed += [c.number or c.heading or "an inserted clause" for c in clauses]
        return []
    parts = []
    for clause in clauses:
        label = label_of(clause)
        if clause.heading:  # "4. Communication" on a line, its text below
            head = " ".join(p for p in (label, clause.heading) if p)
            parts.append("\n".join(p for p in (head, clause.text) if p))
        else:
            parts.append(" ".join(p for p in (label, clause.text) if p))
    note = "Insert:\n" + "\n\n".join(parts)
    return [Mark("caret", anchor, anchor, "Proposed insertion", note)]


def _draw(pdf: Any, doc: Document, mark: Mark) -> bool:
    """The mark's annotation (and its popup) on each page it touches; ``False`` if none."""
    start = max(mark.start - 1, 0) if mark.kind == "caret" else mark.start
    end = mark.end if mark.end > start else start + 1
    by_page: dict[int, list[tuple[float, float, float, float]]] = {}
    for region in doc.locate(start, min(end, len(doc.text))):
        if region.bbox is not None and region.page_index < len(pdf.pages):
            page = pdf.pages[region.page_index]
            by_page.setdefault(region.page_index, []).append(to_user_space(page, region.bbox))
    if mark.kind == "caret" and by_page:  # at the end of the last character
        index = max(by_page)
        by_page = {index: by_page[index][-1:]}
    for index, quads in by_page.items():
        page = pdf.pages[index]
        annot = _strike(pdf, quads) if mark.kind == "strike" else _caret(pdf, quads[-1])
        annot.T = _text(AUTHOR)
        annot.Subj = _text(mark.subject)
        annot.Contents = _text(mark.text)
        annot.F = 4  # printed
        _popup(pdf, page, annot)
    return bool(by_page)


def _text(value: str) -> Any:
    import pikepdf

    return pikepdf.String(value)


def _strike(pdf: Any, quads: list[tuple[float, float, float, float]]) -> Any:
    import pikepdf

    x0, y0 = min(q[0] for q in quads), min(q[1] for q in quads)
    x1, y1 = max(q[2] for q in quads), max(q[3] for q in quads)
    points: list[float] = []
    lines = ""
    for a, b, c, d in quads:
        points += [a, d, c, d, a, b, c, b]
        middle = b + (d - b) * 0.45
        lines += f"{a:.2f} {middle:.2f} m {c:.2f} {middle:.2f} l "
    r, g, bl = RED
    appearance = _form(pdf, f"{r} {g} {bl} RG 1 w {lines}S".encode(), [x0, y0, x1, y1])
    return pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.StrikeOut,
        Rect=[x0, y0, x1, y1],
        QuadPoints=points,
        C=list(RED),
        AP=pikepdf.Dictionary(N=appearance),
    )


def _caret(pdf: Any, box: tuple[float, float, float, float]) -> Any:
    import pikepdf

    x, bottom, top = box[2], box[1], box[3]
    size = max(min(top - bottom, 14.0), 6.0) * 0.6
    rect = [x - size / 2, bottom - size / 3, x + size / 2, bottom + size * 2 / 3]
    r, g, b = BLUE
    left, low, right, high = rect
    path = f"{left:.2f} {low:.2f} m {x:.2f} {high:.2f} l {right:.2f} {low:.2f} l "
    appearance = _form(pdf, f"{r} {g} {b} RG 1.2 w {path}S".encode(), rect)
    return pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Caret,
        Rect=rect,
        C=list(BLUE),
        Sy=pikepdf.Name("/None"),
        AP=pikepdf.Dictionary(N=appearance),
    )


def _form(pdf: Any, content: bytes, bbox: list[float]) -> Any:
    import pikepdf

    form = pikepdf.Stream(pdf, content)
    form.Type = pikepdf.Name.XObject
    form.Subtype = pikepdf.Name.Form
    form.BBox = bbox
    return form


def _popup(pdf: Any, page: Any, annot: Any) -> None:
    """Add the annotation with a closed popup in the right margin, where readers show it."""
    import pikepdf

    marked = pdf.make_indirect(annot)
    right = float(page.mediabox[2])
    top = float(annot.Rect[3])
    popup = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Popup,
            Rect=[right - 200, top - 120, right, top],
            Parent=marked,
            Open=False,
            F=28,  # printed, not zoomed or rotated with the page
        )
    )
    marked.Popup = popup
    add_annotation(pdf, page, marked)
    add_annotation(pdf, page, popup)
