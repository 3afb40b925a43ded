"""A copy of the contract with each finding marked on the clause it rests on.

PDF: highlights are standard PDF annotations (``/Highlight`` with quad points per line, the
finding in ``/Contents``), so any viewer shows them and lists the notes; an appearance
stream is included for viewers that do not draw highlights themselves. Positions the
contract is missing get a sticky note on the first page.

Word: each finding is a comment (author "contractkit") on the paragraph of its clause, and
the missing positions one comment on the first paragraph, so the review sits in the margin
where the negotiation happens. The original is never modified.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from contractkit._io import (
    atomic_output,
    check_target,
    input_paths,
    named_stream,
    read_source,
    refuse_input,
)
from contractkit.document import ReadOptions
from contractkit.errors import InvalidOptionError
from contractkit.playbook.results import Finding, Scorecard

if TYPE_CHECKING:
    from contractkit.document.model import BBox
    from contractkit.extraction import Extraction
    from contractkit.playbook.model import Playbook
    from contractkit.types import Source, Target

__all__ = ["annotate", "annotate_docx", "annotate_pdf"]

#: The file an annotated copy is, by the format of the contract.
_ANNOTATED = {"pdf": ".pdf", "image": ".pdf", "docx": ".docx"}


def annotate(
    source: Source,
    target: Target,
    /,
    *,
    playbook: Playbook | str | os.PathLike[str] | None = None,
    side: str | None = None,
    force: bool = False,
    read: ReadOptions | None = None,
) -> Scorecard:
    """Review a contract and write a copy of it with each finding marked on its clause.

    A PDF gets highlights and notes (a scan is OCR'd into a searchable copy first, so the
    highlights sit on its words); a Word file gets comments. The source is never modified.

    Args:
        source: The contract: a PDF (born-digital or scanned), an image or a DOCX, as a
            path, bytes or binary file.
        target: Where to write the annotated copy: a ``.pdf`` for a PDF or an image, a
            ``.docx`` for a Word file (or a binary file object).
        playbook: A :class:`~contractkit.Playbook`, a playbook file, or ``None`` for the
            shipped one that fits (as for :func:`contractkit.review`).
        side: Whose side to take when picking the playbook (``tenant``, ``vendor``…).
        force: Review a document that does not read as a contract.
        read: How to read the source (password, OCR, languages, cache, progress), as
            for :func:`contractkit.open`; the defaults when ``None``.

    Returns:
        The scorecard the marks show.

    Raises:
        InvalidOptionError: The contract is text or Markdown (nothing to mark up), or
            ``target`` is named for another format than the copy is.
        InputError: The source cannot be read.
        NotAContractError: The document is not a contract (and ``force`` is off).
        OutputError: The copy cannot be written (or ``target`` is the source).
    """
    from contractkit.extraction import extract
    from contractkit.playbook.review import review

    refuse_input(target, input_paths(source, playbook))  # the source, and the playbook too
    check_target(target)
    options = read or ReadOptions()
    data = read_source(source)
    # the scorecard names the file, not "<bytes>"
    extraction = extract(named_stream(data), read=options)
    info = extraction.document
    suffix = _ANNOTATED.get(info.format)
    if suffix is None:
        raise InvalidOptionError(
            f"{info.name}: cannot annotate a {info.format} file",
            hint="annotation marks up a PDF, a scanned image or a Word file",
        )
    if isinstance(target, str | os.PathLike) and Path(target).suffix.lower() != suffix:
        raise InvalidOptionError(
            f"{target}: the annotated copy of {info.name} is a {suffix} file",
            hint=f"name the output {Path(target).with_suffix(suffix).name}",
        )
    scorecard = review(extraction, playbook=playbook, side=side, force=force)
    if info.format == "docx":
        annotate_docx(data.data, extraction, scorecard, target)
        return scorecard
    pdf = data.data
    if info.ocr_pages or info.format == "image":
        pdf = searchable(data.data, options)
    annotate_pdf(pdf, scorecard, target)
    return scorecard


def searchable(data: bytes, read: ReadOptions | None = None) -> bytes:
    """The searchable PDF of a scan: the one reading it just made (cached), else OCR's."""
    from contractkit._io import sha256
    from contractkit.ocr import OcrOptions, _cache
    from contractkit.ocr import ocr as run_ocr

    read = read or ReadOptions()
    options = read.ocr if isinstance(read.ocr, OcrOptions) else OcrOptions()
    folder = _cache.folder(read.cache)
    if folder is not None:
        key = _cache.entry_key(sha256(data), read.languages, options)
        if (hit := _cache.load_pdf(folder, key)) is not None:
            return hit
    made = io.BytesIO()
    run_ocr(data, made, languages=read.languages, password=read.password, options=options)
    return made.getvalue()


#: Highlight colours (RGB 0-1) per status.
COLORS = {
    "ok": (0.55, 0.85, 0.55),
    "weak": (1.0, 0.75, 0.2),
    "missing": (1.0, 0.45, 0.45),
    "n/a": (0.8, 0.8, 0.8),
}
_LABEL = {"ok": "OK", "weak": "WEAK", "missing": "MISSING", "n/a": "N/A"}


def annotate_pdf(pdf: bytes, scorecard: Scorecard, target: Target) -> int:
    """Write ``pdf`` with the scorecard's findings as highlights; returns how many were added.

    ``pdf`` must be the document the scorecard's boxes refer to (the original born-digital
    PDF, or the searchable PDF OCR made of a scan).
    """
    import pikepdf

    added = 0
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for finding in scorecard.findings:
            note = _note(finding)
            for evidence in finding.evidence:
                by_page: dict[int, list[BBox]] = {}
                for region in evidence.regions:
                    if region.bbox is not None and region.page_index < len(doc.pages):
                        by_page.setdefault(region.page_index, []).append(region.bbox)
                for index, boxes in by_page.items():
                    page = doc.pages[index]
                    quads = [to_user_space(page, box) for box in boxes]
                    _highlight(doc, page, quads, f"{evidence.number}: {note}", finding.status)
                    added += 1
        missing = [f for f in scorecard.findings if f.status == "missing"]
        if missing and len(doc.pages):
            text = "Missing from this contract:\n" + "\n".join(
                f"- {f.title} ({f.severity})" for f in missing
            )
            _sticky(doc, doc.pages[0], text)
            added += 1
        with atomic_output(target, suffix=".pdf") as tmp:
            doc.save(tmp)
    return added


def annotate_docx(data: bytes, extraction: Extraction, scorecard: Scorecard, target: Target) -> int:
    """Write the Word file ``data`` with the findings as comments; returns how many.

    Clauses are found in the file by the words of their first paragraph, in order; a clause
    that cannot be found simply gets no comment.
    """
    import io

    import docx
    from docx.text.paragraph import Paragraph

    from contractkit.render._docx_over import find_words, paragraphs_of, words_of

    document = docx.Document(io.BytesIO(data))
    paragraphs = paragraphs_of(document)
    where: dict[str, Any] = {}  # clause id -> its paragraph
    at = 0
    for clause in extraction.clauses:
        words = words_of(clause.body or clause.heading or "")
        hit = find_words(paragraphs, words, at) if words else None
        if hit is not None:
            at = hit[0]
            where[clause.id] = paragraphs[at].element

    def comment(p: Any, text: str) -> bool:
        runs = Paragraph(p, document.part).runs
        if not runs:
            return False
        document.add_comment(runs, text=text, author="contractkit", initials="ck")
        return True

    added = 0
    for finding in scorecard.findings:
        note = _note(finding)
        for evidence in finding.evidence:
            p = where.get(evidence.clause)
            if p is not None and comment(p, f"{evidence.number}: {note}"):
                added += 1
    missing = [f for f in scorecard.findings if f.status == "missing"]
    first = next((p.element for p in paragraphs if p.text.strip()), None)
    if missing and first is not None:
        lines = [f"- {f.title} ({f.severity})" for f in missing]
        if comment(first, "Missing from this contract:\n" + "\n".join(lines)):
            added += 1
    with atomic_output(target, suffix=".docx") as tmp:
        document.save(str(tmp))
    return added


def _note(finding: Finding) -> str:
    reasons = "; ".join(finding.reasons) if finding.status != "ok" else "meets the playbook"
    return f"{_LABEL[finding.status]} ({finding.severity}) {finding.title}: {reasons}"


def to_user_space(page: Any, box: BBox) -> tuple[float, float, float, float]:
    """A shown-page box (top-left origin) in PDF user space: (x0, y0, x1, y1), y up."""
    left, bottom, right, top = (float(v) for v in page.obj.get("/CropBox", page.mediabox))
    w, h = right - left, top - bottom
    rotation = int(page.obj.get("/Rotate", 0)) % 360
    x0, t, x1, b = box
    if rotation == 90:
        u0, u1, v0, v1 = t, b, x0, x1
    elif rotation == 180:
        u0, u1, v0, v1 = w - x1, w - x0, t, b
    elif rotation == 270:
        u0, u1, v0, v1 = w - b, w - t, h - x1, h - x0
    else:
        u0, u1, v0, v1 = x0, x1, h - b, h - t
    return (left + u0, bottom + v0, left + u1, bottom + v1)


def _highlight(
    doc: Any, page: Any, quads: list[tuple[float, float, float, float]], note: str, status: str
) -> None:
    import pikepdf

    pad = 1.0
    x0 = min(q[0] for q in quads) - pad
    y0 = min(q[1] for q in quads) - pad
    x1 = max(q[2] for q in quads) + pad
    y1 = max(q[3] for q in quads) + pad
    points: list[float] = []
    for a, b, c, d in quads:
        points += [a, d, c, d, a, b, c, b]
    r, g, bl = COLORS[status]
    fill = "".join(f"{a:.2f} {b:.2f} {c - a:.2f} {d - b:.2f} re " for a, b, c, d in quads)
    appearance = pikepdf.Stream(doc, f"q /G gs {r} {g} {bl} rg {fill}f Q".encode())
    appearance.Type = pikepdf.Name.XObject
    appearance.Subtype = pikepdf.Name.Form
    appearance.BBox = [x0, y0, x1, y1]
    appearance.Resources = pikepdf.Dictionary(
        ExtGState=pikepdf.Dictionary(
            G=pikepdf.Dictionary(
                Type=pikepdf.Name.ExtGState, CA=0.4, ca=0.4, BM=pikepdf.Name.Multiply
            )
        )
    )
    annot = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Highlight,
        Rect=[x0, y0, x1, y1],
        QuadPoints=points,
        C=[r, g, bl],
        CA=0.4,
        F=4,
        T=pikepdf.String("contractkit"),
        Contents=pikepdf.String(note),
        AP=pikepdf.Dictionary(N=appearance),
    )
    add_annotation(doc, page, annot)


def _sticky(doc: Any, page: Any, text: str) -> None:
    import pikepdf

    left, top = float(page.mediabox[0]), float(page.mediabox[3])
    annot = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Text,
        Rect=[left + 10, top - 34, left + 34, top - 10],
        Name=pikepdf.Name.Comment,
        C=list(COLORS["missing"]),
        F=4,
        Open=False,
        T=pikepdf.String("contractkit"),
        Contents=pikepdf.String(text),
    )
    add_annotation(doc, page, annot)


def add_annotation(doc: Any, page: Any, annot: Any) -> None:
    """Append ``annot`` to the page's ``/Annots`` (made an indirect object if it is not one)."""
    import pikepdf

    annots = page.obj.get("/Annots")
    if annots is None:
        page.obj.Annots = pikepdf.Array()
        annots = page.obj.Annots
    annots.append(annot if annot.is_indirect else doc.make_indirect(annot))
