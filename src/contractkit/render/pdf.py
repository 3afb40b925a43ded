"""Typeset documents as PDF: the only module that imports reportlab.

Other layers describe what to print as a list of blocks (:class:`Heading`, :class:`Para`,
:class:`Bullets`, :class:`Table`, :class:`Signatures`, :class:`PageBreak`); :func:`write_pdf`
lays them out on A4 with a title, page numbers ("Page 2 of 5") and document metadata. Text
stays real text, so the PDF is selectable and searchable. Paragraphs are made of
:class:`Run` pieces, which is how a redline marks insertions and deletions word by word.

DejaVu Serif is embedded when the system has it (any Unicode character prints); otherwise
the PDF uses the standard Times font and characters outside its encoding are replaced.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape

from contractkit._io import atomic_output
from contractkit.types import Target

__all__ = [
    "Block",
    "Bullets",
    "Figure",
    "Heading",
    "PageBreak",
    "Para",
    "Run",
    "RunStyle",
    "Signatures",
    "Table",
    "write_pdf",
]

#: How a run of text is set: ``ins`` is underlined blue, ``del`` struck through red.
RunStyle = Literal["plain", "bold", "italic", "ins", "del"]

INSERT_COLOR = "#1f4fbf"
DELETE_COLOR = "#c0282d"

_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of a paragraph set in one style."""

    text: str
    style: RunStyle = "plain"


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading: level 0 is the document title, 1 a section, 2 a sub-section."""

    text: str | Sequence[Run]
    level: int = 1


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph of runs (a plain string is one plain run).

    Attributes:
        content: The text.
        indent: Left indent in points (nested clauses are indented).
        small: Set smaller and grey (notes, rationale, footers in the body).
        align: ``left``, ``center`` or ``justify``.
    """

    content: str | Sequence[Run]
    indent: float = 0
    small: bool = False
    align: Literal["left", "center", "justify"] = "justify"


@dataclass(frozen=True, slots=True)
class Bullets:
    """A bulleted (or numbered) list of paragraphs."""

    items: Sequence[str | Sequence[Run]]
    numbered: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A table with a bold header row; ``widths`` are fractions of the text width."""

    header: Sequence[str]
    rows: Sequence[Sequence[str | Sequence[Run]]]
    widths: Sequence[float] | None = None


@dataclass(frozen=True, slots=True)
class Signatures:
    """A signature block: for each party its name, with lines for signature, name, date.

    ``lead`` is what comes just before it ("Yours faithfully,"): it is kept on the same page
    as the first signature, so a signature block never stands alone on a page (issue 17).
    """

    parties: Sequence[str]
    lead: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class PageBreak:
    """Start a new page."""


@dataclass(frozen=True, slots=True)
class Figure:
    """A picture (PNG bytes) the width of the text, with a caption under it."""

    png: bytes
    caption: str = ""


Block = Heading | Para | Bullets | Table | Signatures | PageBreak | Figure


def write_pdf(
    target: Target,
    blocks: Iterable[Block],
    *,
    title: str,
    subject: str = "",
    footer: str = "",
) -> None:
    """Typeset ``blocks`` into a PDF at ``target``, atomically.

    Args:
        target: Path or binary file to write.
        blocks: What to print, in order.
        title: Document title (PDF metadata; print it with a level-0 :class:`Heading`).
        subject: PDF subject metadata.
        footer: Text on the left of every page's footer; the page number is on the right.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    flowables = [f for block in blocks for f in _flowables(block)]
    with atomic_output(target, suffix=".pdf") as tmp:
        doc = SimpleDocTemplate(
            str(tmp),
            pagesize=A4,
            leftMargin=25 * mm,
            rightMargin=25 * mm,
            topMargin=22 * mm,
            bottomMargin=22 * mm,
            title=title,
            author="contractkit",
            subject=subject,
            creator="contractkit",
        )
        doc.build(flowables, canvasmaker=_numbered_canvas(footer))


def markup(content: str | Sequence[Run]) -> str:
    """Reportlab paragraph markup for plain text or runs (escaped, styled)."""
    runs = [Run(content)] if isinstance(content, str) else content
    parts = []
    for run in runs:
        text = escape(_printable(run.text)).replace("\n", "<br/>")
        if run.style == "bold":
            text = f"<b>{text}</b>"
        elif run.style == "italic":
            text = f"<i>{text}</i>"
        elif run.style == "ins":
            text = f'<font color="{INSERT_COLOR}"><u>{text}</u></font>'
        elif run.style == "del":
            text = f'<font color="{DELETE_COLOR}"><strike>{text}</strike></font>'
        parts.append(text)
    return "".join(parts)


def _printable(text: str) -> str:
    if _fonts()[0] != "Times-Roman":
        return text
    out = []
    for char in text:
        try:
            char.encode("cp1252")
            out.append(char)
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", char).encode("cp1252", "ignore").decode("cp1252")
            out.append(plain or "?")
    return "".join(out)


@cache
def _fonts() -> tuple[str, str, str, str]:
    """Regular, bold, italic, bold-italic font names; DejaVu Serif when installed."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = ("DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic", "DejaVuSerif-BoldItalic")
    for folder in _FONT_DIRS:
        files = [folder / f"{name}.ttf" for name in names]
        if all(f.is_file() for f in files):
            for name, file in zip(names, files, strict=True):
                pdfmetrics.registerFont(TTFont(name, str(file)))
            for (bold, italic), name in zip(((0, 0), (1, 0), (0, 1), (1, 1)), names, strict=True):
                addMapping("DejaVuSerif", bold, italic, name)
            return names
    return ("Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic")


@cache
def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    regular, bold, _, _ = _fonts()
    body = ParagraphStyle(
        "body", fontName=regular, fontSize=10.5, leading=14, spaceAfter=6, alignment=TA_JUSTIFY
    )
    return {
        "body": body,
        "left": ParagraphStyle("left", parent=body, alignment=TA_LEFT),
        "center": ParagraphStyle("center", parent=body, alignment=TA_CENTER),
        "small": ParagraphStyle(
            "small", parent=body, fontSize=8.5, leading=11, textColor=colors.HexColor("#555555")
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=11.5, alignment=TA_LEFT),
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName=bold,
            fontSize=17,
            leading=21,
            alignment=TA_CENTER,
            spaceAfter=14,
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=body,
            fontName=bold,
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=5,
            alignment=TA_LEFT,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=bold,
            fontSize=11,
            leading=14,
            spaceBefore=6,
            spaceAfter=3,
            alignment=TA_LEFT,
        ),
    }


def _flowables(block: Block) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import KeepTogether, ListFlowable, ListItem, Paragraph, Spacer
    from reportlab.platypus import PageBreak as RLPageBreak
    from reportlab.platypus import Table as RLTable

    styles = _styles()
    if isinstance(block, Heading):
        style = styles["title" if block.level == 0 else "h1" if block.level == 1 else "h2"]
        return [Paragraph(markup(block.text), style)]
    if isinstance(block, Para):
        style = styles[
            "small"
            if block.small
            else "body"
            if block.align == "justify"
            else "left"
            if block.align == "left"
            else "center"
        ]
        if block.indent:
            from reportlab.lib.styles import ParagraphStyle

            style = ParagraphStyle(f"indent{block.indent}", parent=style, leftIndent=block.indent)
        return [Paragraph(markup(block.content), style)]
    if isinstance(block, Bullets):
        items = [ListItem(Paragraph(markup(item), styles["left"])) for item in block.items]
        kind = {"bulletType": "1"} if block.numbered else {"bulletType": "bullet", "start": "•"}
        return [ListFlowable(items, leftIndent=14, bulletFontName=_fonts()[0], **kind)]
    if isinstance(block, Table):
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm

        width = A4[0] - 50 * mm
        cells = [[Paragraph(f"<b>{markup(h)}</b>", styles["cell"]) for h in block.header]]
        cells += [[Paragraph(markup(c), styles["cell"]) for c in row] for row in block.rows]
        widths = [width * f for f in block.widths] if block.widths else None
        table = RLTable(cells, colWidths=widths, repeatRows=1)
        table.setStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
        return [table, Spacer(1, 8)]
    if isinstance(block, Signatures):
        rows = []
        for n, party in enumerate(block.parties):
            lead = [Paragraph(markup(t), styles["left"]) for t in block.lead] if n == 0 else []
            rows.append(
                KeepTogether(
                    [
                        *lead,
                        Spacer(1, 14),
                        Paragraph(
                            f"Signed for and on behalf of <b>{markup(party)}</b>", styles["left"]
                        ),
                        Spacer(1, 18),
                        Paragraph("Signature: ______________________________", styles["left"]),
                        Paragraph("Name: ___________________________________", styles["left"]),
                        Paragraph(
                            "Title: ____________________  Date: ____________", styles["left"]
                        ),
                    ]
                )
            )
        return rows
    if isinstance(block, Figure):
        import io

        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm
        from reportlab.lib.utils import ImageReader
        from reportlab.platypus import Image

        width = A4[0] - 50 * mm
        pixels_wide, pixels_high = ImageReader(io.BytesIO(block.png)).getSize()
        picture = Image(io.BytesIO(block.png), width, width * pixels_high / pixels_wide)
        caption = [Paragraph(markup(block.caption), styles["small"])] if block.caption else []
        return [KeepTogether([picture, *caption]), Spacer(1, 8)]
    return [RLPageBreak()]


def _numbered_canvas(footer: str) -> Any:
    """A canvas class that prints "Page N of M" once the page count is known."""
    from reportlab.pdfgen.canvas import Canvas

    regular = _fonts()[0]
    footer_text = _printable(footer)

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self.setFont(regular, 8)
                self.setFillColorRGB(0.4, 0.4, 0.4)
                width = self._pagesize[0]
                self.drawString(71, 34, footer_text)
                self.drawRightString(width - 71, 34, f"Page {self._pageNumber} of {total}")
                super().showPage()
            super().save()

    return NumberedCanvas
