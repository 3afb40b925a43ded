"""A revision as a Word document with real tracked changes.

Negotiations happen in Word: each insertion is a ``w:ins`` and each deletion a ``w:del``
revision mark (author "contractkit"), so the other side can accept or reject them one by
one. Accepting all gives the revised contract; rejecting all gives the original wording.
python-docx has no API for revision marks, so they are built as WordprocessingML elements.
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import count
from typing import TYPE_CHECKING, Any

from contractkit._io import atomic_output

if TYPE_CHECKING:
    from contractkit.playbook.results import Revision
    from contractkit.render.pdf import Run
    from contractkit.types import Target

__all__ = ["AUTHOR", "now", "write_tracked"]

AUTHOR = "contractkit"


def write_tracked(revision: Revision, target: Target) -> None:
    """Write ``revision`` as a DOCX whose changes are tracked."""
    import docx
    from docx.shared import Pt

    from contractkit.render.revision import redline_runs

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(11)
    document.core_properties.title = revision.title
    document.core_properties.author = AUTHOR
    ids = count(1)
    when = now()
    document.add_heading(revision.title, level=0)
    for paragraph in revision.preamble.split("\n\n"):
        if paragraph.strip():
            document.add_paragraph(" ".join(paragraph.split()))
    for clause in revision.clauses:
        head, paragraphs = redline_runs(clause)
        if clause.level == 1 and clause.heading:
            heading = document.add_heading(level=1)
            _add_runs(heading, head, ids, when, bold=False)
            head = []
        for i, runs in enumerate(paragraphs or [[]]):
            para = document.add_paragraph()
            if clause.level > 1:
                para.paragraph_format.left_indent = Pt(14 * (clause.level - 1))
            if i == 0 and head:
                _add_runs(para, [*head, _space()], ids, when, bold=True)
            _add_runs(para, runs, ids, when, bold=False)
    document.add_paragraph()
    for party in revision.parties:
        document.add_paragraph(f"Signed for and on behalf of {party.display_name}")
        document.add_paragraph("Signature: ______________________   Date: ____________")
    with atomic_output(target, suffix=".docx") as tmp:
        document.save(str(tmp))


def now() -> str:
    """The time revision marks carry, as Word writes it."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _space() -> Run:
    from contractkit.render.pdf import Run

    return Run(" ")


def _add_runs(paragraph: Any, runs: list[Run], ids: Any, when: str, *, bold: bool) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for run in runs:
        if not run.text:
            continue
        r = OxmlElement("w:r")
        if (bold and run.style not in ("del", "ins")) or run.style == "bold":
            props = OxmlElement("w:rPr")
            props.append(OxmlElement("w:b"))
            r.append(props)
        text = OxmlElement("w:delText" if run.style == "del" else "w:t")
        text.set(qn("xml:space"), "preserve")
        text.text = run.text
        r.append(text)
        if run.style in ("ins", "del"):
            mark = OxmlElement("w:ins" if run.style == "ins" else "w:del")
            mark.set(qn("w:id"), str(next(ids)))
            mark.set(qn("w:author"), AUTHOR)
            mark.set(qn("w:date"), when)
            mark.append(r)
            paragraph._p.append(mark)
        else:
            paragraph._p.append(r)
