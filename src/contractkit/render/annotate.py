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

from typing import TYPE_CHECKING, Any

from contractkit._io import atomic_output

if TYPE_CHECKING:
    from contractkit.document.model import BBox
    from contractkit.extraction import Extraction
    from contractkit.playbook.review import Finding, Scorecard
    from contractkit.types import Target

__all__ = ["annotate_docx", "annotate_pdf"]

#: Highlight colours (RGB 0-1) per status.
COLORS = {"ok": (0.55, 0.85, 0.55), "weak": (1.0, 0.75, 0.2), "missing": (1.0, 0.45, 0.45)}
_LABEL = {"ok": "OK", "weak": "WEAK", "missing": "MISSING"}


def annotate_pdf(pdf: bytes, scorecard: Scorecard, target: Target) -> int:
    """Write ``pdf`` with the scorecard's findings as highlights; returns how many were added.

    ``pdf`` must be the document the scorecard's boxes refer to (the original born-digital
    PDF, or the searchable PDF OCR made of a scan).
    """
    import io

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
                    quads = [_to_user(page, box) for box in boxes]
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


def _to_user(page: Any, box: BBox) -> tuple[float, float, float, float]:
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
    _add(doc, page, annot)


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
    _add(doc, page, annot)


def _add(doc: Any, page: Any, annot: Any) -> None:
    import pikepdf

    annots = page.obj.get("/Annots")
    if annots is None:
        page.obj.Annots = pikepdf.Array()
        annots = page.obj.Annots
    annots.append(doc.make_indirect(annot))
