"""The blocks of a letter or a plan as a Word document, for the people who edit letters in Word.

The same blocks as the PDF (issue 17): headings, paragraphs with bold and italic runs, lists,
tables and the signature block. The lines before a signature ("Yours faithfully,") and the
signature lines are kept with the next paragraph, so Word never leaves the signature alone
at the top of a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from contractkit._io import atomic_output
from contractkit.render.pdf import (
    Block,
    Bullets,
    Figure,
    Heading,
    PageBreak,
    Para,
    Run,
    Signatures,
    Table,
)

if TYPE_CHECKING:
    from contractkit.types import Target

__all__ = ["write_docx"]


def write_docx(target: Target, blocks: Sequence[Block], *, title: str, footer: str = "") -> None:
    """Write ``blocks`` to ``target`` as a DOCX, atomically.

    Args:
        target: Path or binary file to write.
        blocks: What to print, in order.
        title: The document's title (core properties).
        footer: Text of every page's footer.

    Raises:
        OutputError: The target cannot be written.
    """
    import docx
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    document.core_properties.title = title
    document.core_properties.author = "contractkit"
    if footer:
        document.sections[0].footer.paragraphs[0].text = footer
    for block in blocks:
        _add(document, block)
    with atomic_output(target, suffix=".docx") as tmp:
        document.save(str(tmp))


def _runs(paragraph: Any, content: str | Sequence[Run]) -> None:
    parts = [Run(content)] if isinstance(content, str) else list(content)
    for part in parts:
        run = paragraph.add_run()
        for n, line in enumerate(part.text.split("\n")):
            if n:
                run.add_break()  # a line break inside the paragraph, as in an address
            run.add_text(line)
        run.bold = part.style == "bold" or None
        run.italic = part.style == "italic" or None


def _add(document: Any, block: Block) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    if isinstance(block, Heading):
        if block.level == 0:
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _runs(paragraph, [Run(_text(block.text).upper(), "bold")])
        else:
            paragraph = document.add_heading(level=min(block.level, 3))
            _runs(paragraph, block.text)
        paragraph.paragraph_format.keep_with_next = True
    elif isinstance(block, Para):
        paragraph = document.add_paragraph()
        _runs(paragraph, block.content)
        if block.align == "justify":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        elif block.align == "center":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if block.small:
            for run in paragraph.runs:
                run.font.size = Pt(9)
    elif isinstance(block, Bullets):
        style = "List Number" if block.numbered else "List Bullet"
        for item in block.items:
            _runs(document.add_paragraph(style=style), item)
    elif isinstance(block, Table):
        table = document.add_table(rows=1, cols=len(block.header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, block.header, strict=False):
            _runs(cell.paragraphs[0], [Run(text, "bold")])
        for row in block.rows:
            cells = table.add_row().cells
            for cell, content in zip(cells, row, strict=False):
                _runs(cell.paragraphs[0], content)
    elif isinstance(block, Signatures):
        lines: list[Any] = [document.add_paragraph(text) for text in block.lead]
        for party in block.parties:
            signed = document.add_paragraph()
            _runs(signed, [Run("Signed for and on behalf of "), Run(party, "bold")])
            signed.paragraph_format.space_before = Pt(14)
            lines.append(signed)
            for text in ("Signature: ______________________________", "Name:", "Date:"):
                lines.append(document.add_paragraph(text))
        # Keep everything up to the last line with its next paragraph: one unbreakable block.
        for paragraph in lines[:-1]:
            paragraph.paragraph_format.keep_with_next = True
    elif isinstance(block, Figure):
        import io

        from docx.shared import Cm

        document.add_picture(io.BytesIO(block.png), width=Cm(16))
        if block.caption:
            caption = document.add_paragraph()
            _runs(caption, [Run(block.caption, "italic")])
    elif isinstance(block, PageBreak):
        document.add_page_break()


def _text(content: str | Sequence[Run]) -> str:
    return content if isinstance(content, str) else "".join(r.text for r in content)
