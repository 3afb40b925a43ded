"""Pages one at a time: :func:`contractkit.iter_pages` for long born-digital PDFs (issue 19).

``open()`` builds the whole :class:`~contractkit.Document`, about 1 MB of objects per 10
pages. For a born-digital PDF this reader makes two passes instead: the first reads each
page, notes its running header and footer candidates (a few strings) and drops it; the
second reads the pages again and yields each as ``open()`` would have built it, keeping at
most the page being read and the one before it. Memory stays flat however long the PDF;
the price is reading the text layer twice.

Anything else (DOCX, text, images, and PDFs with a page that needs OCR) is read whole by
``open()`` and its pages are yielded from there: OCR runs over the whole file anyway.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, TypeVar

from contractkit.document.model import Page
from contractkit.errors import CorruptInputError, EmptyInputError

if TYPE_CHECKING:
    from contractkit._io import SourceData
    from contractkit.document import ReadOptions

__all__ = ["iter_pdf_pages"]

_T = TypeVar("_T")


def iter_pdf_pages(src: SourceData, read: ReadOptions) -> Iterator[Page] | None:
    """The pages of a born-digital PDF one at a time; ``None`` when a page needs OCR.

    Raises:
        InputError: As :func:`contractkit.open`.
    """
    import pypdfium2 as pdfium

    from contractkit.document import _open_pdf, cleanup
    from contractkit.document.readers import pdf

    doc = _open_pdf(src, read.password, [])
    try:
        if len(doc) == 0:
            raise EmptyInputError(f"{src.name}: the PDF has no pages")
        candidates, shapes = [], []
        for raw in _paused(pdf.read_pages(doc)):
            if pdf.visible_chars(raw) < pdf.MIN_TEXT_CHARS:
                doc.close()
                return None
            candidates.append(cleanup.furniture_candidates(raw))
            shapes.append(bool(raw.geometry and raw.height and raw.lines))
    except pdfium.PdfiumError as exc:
        doc.close()
        raise CorruptInputError(f"{src.name}: the PDF cannot be read ({exc})") from exc
    except BaseException:
        doc.close()
        raise
    return _second_pass(src, doc, cleanup.furniture_of(candidates, shapes))


def _second_pass(src: SourceData, doc: object, furniture: list[set[int]]) -> Iterator[Page]:
    import pypdfium2 as pdfium

    from contractkit.document import cleanup
    from contractkit.document.readers import pdf

    assert isinstance(doc, pdfium.PdfDocument)
    try:
        yield from cleanup.iter_assembled(_paused(pdf.read_pages(doc)), furniture)
    except pdfium.PdfiumError as exc:
        raise CorruptInputError(f"{src.name}: the PDF cannot be read ({exc})") from exc
    finally:
        doc.close()


def _paused(items: Iterator[_T]) -> Iterator[_T]:
    """Each item made with the cyclic collector paused, as in ``open()``.

    Never while the caller's loop runs: the pause covers the making of one item only.
    """
    from contractkit.document import _collection_paused

    while True:
        with _collection_paused():
            item = next(items, None)
        if item is None:
            return
        yield item
