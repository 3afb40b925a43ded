"""Read any contract into one :class:`Document`: PDF, scan, image, DOCX, text or Markdown.

``open()`` detects the format from the content (never the file name), reads born-digital
PDF pages from their text layer, sends pages without one through the ``ocr`` layer (cached
by content hash), and cleans the result up (see ``cleanup``).
"""

from __future__ import annotations

import contextlib
import gc
import io
import math
import os
import tempfile
import warnings
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contractkit._io import SourceData, is_heif, named_stream, read_source, sha256
from contractkit.document._raw import RawPage
from contractkit.document.model import (
    BBox,
    Block,
    Document,
    DocumentFormat,
    Line,
    Page,
    Region,
    Section,
    Word,
    document_schema,
)
from contractkit.errors import (
    CorruptInputError,
    EmptyInputError,
    LowConfidenceWarning,
    SignatureInvalidatedWarning,
    UnsupportedInputError,
)
from contractkit.ocr._models import OcrOptions, OcrReport, low_confidence_message
from contractkit.types import Source

__all__ = [
    "BBox",
    "Block",
    "Document",
    "Line",
    "Page",
    "ReadOptions",
    "Region",
    "Section",
    "Word",
    "detect_format",
    "document_schema",
    "iter_pages",
    "open",
]

#: Called with (pages done, pages total) while pages are OCR'd.
ProgressCallback = Callable[[float, float], None]

_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"II*\x00",
    b"MM\x00*",
    b"GIF87a",
    b"GIF89a",
    b"BM",
    b"\x00\x00\x00\x0cjP  ",
)


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read a contract, given once and passed down the pipeline.

    :func:`open` takes these, and so do :func:`contractkit.extract`, ``review``, ``revise``
    and ``annotate`` (as ``read=``), so each step reads the source the same way.

    Attributes:
        password: Password of an encrypted PDF.
        ocr: OCR settings for pages without a text layer; ``False`` never OCRs (such pages
            stay empty and a warning names them).
        languages: Tesseract languages for OCR, e.g. ``("eng", "deu")``.
        cache: Keep what OCR read so the same scan is not OCR'd twice: ``True`` uses
            ``$CONTRACTKIT_CACHE_DIR`` or ``~/.cache/contractkit``, a path uses that folder,
            ``False`` turns the cache off.
        progress: Called with (pages done, pages total) while pages are OCR'd.
    """

    password: str | None = None
    ocr: OcrOptions | bool = True
    languages: tuple[str, ...] = ("eng",)
    cache: bool | str | os.PathLike[str] = True
    progress: ProgressCallback | None = None

    def __post_init__(self) -> None:
        if isinstance(self.languages, str) or not self.languages:
            raise ValueError("languages is a sequence of Tesseract codes, e.g. ('eng',)")
        object.__setattr__(self, "languages", tuple(self.languages))


def open(
    source: Source,
    /,
    read: ReadOptions | None = None,
    *,
    password: str | None = None,
    ocr: OcrOptions | bool = True,
    languages: Sequence[str] = ("eng",),
    cache: bool | str | os.PathLike[str] = True,
    progress: ProgressCallback | None = None,
) -> Document:
    """Read a contract into a :class:`Document`.

    Args:
        source: A path, bytes or binary file: PDF (born-digital, scanned or mixed), image
            (PNG, JPEG, TIFF, WebP), DOCX, plain text or Markdown.
        read: How to read it, as a :class:`ReadOptions`; or give its fields as keywords.
        password: Password of an encrypted PDF.
        ocr: OCR settings for pages without a text layer; ``False`` never OCRs (such pages
            stay empty and a warning names them).
        languages: Tesseract languages for OCR, e.g. ``("eng", "deu")``.
        cache: Keep what OCR read so the same scan is not OCR'd twice: ``True`` uses
            ``$CONTRACTKIT_CACHE_DIR`` or ``~/.cache/contractkit``, a path uses that folder,
            ``False`` turns the cache off.
        progress: Called with (pages done, pages total) while pages are OCR'd.

    Returns:
        The document, with clean text and the way back from text to page.

    Raises:
        ValueError: Both ``read`` and one of its fields as a keyword.
        InputError: Missing, unreadable, unsupported, corrupt, empty or encrypted input.
        MissingDependencyError: OCR is needed and Tesseract or a language pack is missing.
        EngineError: OCR failed.
    """
    given = ReadOptions(password, ocr, tuple(languages), cache, progress)
    return _document(read_source(source), _options(read, given))


def iter_pages(
    source: Source,
    /,
    read: ReadOptions | None = None,
    *,
    password: str | None = None,
    ocr: OcrOptions | bool = True,
    languages: Sequence[str] = ("eng",),
    cache: bool | str | os.PathLike[str] = True,
    progress: ProgressCallback | None = None,
) -> Iterator[Page]:
    """Read a contract's pages one at a time, for documents too long to hold whole.

    Each page equals the one :func:`open` gives, words, boxes and offsets included (the
    offsets point into the ``Document.text`` that ``open`` would build). A born-digital PDF
    is read lazily: memory stays that of a page or two however long the PDF, at the price
    of reading its text layer twice (once for the running headers and footers). Other
    formats, and a PDF with a page that needs OCR, are read whole by :func:`open` first.
    The document's warnings and attachments are not reported: ask :func:`open` for those.

    Args: as :func:`open`.

    Yields:
        The pages in order.

    Raises:
        ValueError: Both ``read`` and one of its fields as a keyword.
        InputError: As :func:`open` (a missing file at once, a damaged one when the first
            page is asked for).
        MissingDependencyError: As :func:`open`.
        EngineError: As :func:`open`.
    """
    given = ReadOptions(password, ocr, tuple(languages), cache, progress)
    return _pages(read_source(source), _options(read, given))


def _pages(src: SourceData, read: ReadOptions) -> Iterator[Page]:
    if detect_format(src) == "pdf":
        from contractkit.document._lazy import iter_pdf_pages

        lazy = iter_pdf_pages(src, read)
        if lazy is not None:
            yield from lazy
            return
    yield from _document(src, read).pages


def _options(read: ReadOptions | None, given: ReadOptions) -> ReadOptions:
    if read is None:
        return given
    if given != ReadOptions():
        raise ValueError("give the read options once: as read=ReadOptions(...) or as keywords")
    return read


def _document(src: SourceData, read: ReadOptions) -> Document:
    from contractkit.document import cleanup

    digest = sha256(src.data)  # once: the document's identity and the OCR cache's key
    fmt = detect_format(src)
    notes: list[str] = []
    report: OcrReport | None = None
    if fmt == "docx":
        raw_pages = _read_docx(src)
    elif fmt in ("text", "markdown"):
        raw_pages = _read_text(src, markdown=fmt == "markdown")
    else:
        settings = _OcrSettings(read, digest)
        raw_pages, report = _read_scan_or_pdf(src, fmt, settings, notes)
    with _collection_paused():
        pages, text, sections = cleanup.assemble(raw_pages)
    if not text.strip():
        notes.append(f"{src.name}: no text found on any page")
    return Document(
        name=src.name,
        format=fmt,
        sha256=digest,
        pages=pages,
        text=text,
        sections=sections,
        ocr=report,
        warnings=tuple(notes),
    )


@contextlib.contextmanager
def _collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while pages are read and assembled.

    Reading builds a few objects per word (35,000 words per 100 pages) and none of them
    forms a cycle, yet each allocation burst sets off a collection that walks them all
    again: a fifth of ``open()``'s time (issue 19). Reference counting still frees them; the
    collector is switched back on after, unless the caller had it off already.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def detect_format(src: SourceData) -> DocumentFormat:
    """Tell the format from the first bytes.

    Raises:
        UnsupportedInputError: Not a PDF, image, DOCX or text file.
    """
    data = src.data
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError) as exc:
            raise CorruptInputError(f"{src.name}: a damaged ZIP or Office file") from exc
        if "word/document.xml" in names:
            return "docx"
        raise UnsupportedInputError(
            f"{src.name}: a ZIP archive, not a Word document",
            hint="contractkit reads PDF, DOCX, text, Markdown and image files",
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedInputError(
            f"{src.name}: a legacy Word 97-2003 (.doc) file",
            hint="save it as .docx or PDF and read that",
        )
    if data.startswith(b"{\\rtf"):
        raise UnsupportedInputError(
            f"{src.name}: an RTF file", hint="save it as .docx or PDF and read that"
        )
    webp = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    if data.startswith(_IMAGE_MAGIC) or webp or is_heif(data):
        return "image"
    from contractkit.document.readers import text

    decoded = text.decode(data)
    if decoded is None:
        raise UnsupportedInputError(
            f"{src.name}: not a PDF, image, Word or text file (unknown binary content)",
            hint="contractkit reads PDF, DOCX, text, Markdown and image files",
        )
    head = decoded[:512].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")):
        raise UnsupportedInputError(
            f"{src.name}: an HTML page", hint="print it to PDF or save it as text and read that"
        )
    return "markdown" if text.looks_like_markdown(decoded) else "text"


def _read_docx(src: SourceData) -> list[RawPage]:
    from contractkit.document.readers import docx

    try:
        pages = list(docx.read_pages(src.data))
    except (KeyError, ValueError, zipfile.BadZipFile, SyntaxError) as exc:
        raise CorruptInputError(f"{src.name}: the Word document is damaged ({exc})") from exc
    if not any(page.lines for page in pages):
        raise EmptyInputError(f"{src.name}: the Word document has no text")
    return pages


def _read_text(src: SourceData, *, markdown: bool) -> list[RawPage]:
    from contractkit.document.readers import text

    decoded = text.decode(src.data) or ""
    if not decoded.strip():
        raise EmptyInputError(f"{src.name}: the text file holds only white space")
    return list(text.read_pages(decoded, markdown=markdown))


class _OcrSettings:
    def __init__(self, read: ReadOptions, digest: str) -> None:
        self.digest = digest
        self.enabled = read.ocr is not False
        base = read.ocr if isinstance(read.ocr, OcrOptions) else OcrOptions()
        # The searchable PDF is for the cache: plain PDF is faster than PDF/A.
        self.options = base.model_copy(update={"output_type": "pdf"})
        self.languages = read.languages
        self.progress = read.progress
        self.password = read.password
        from contractkit.ocr import _cache

        self.cache_dir: Path | None = _cache.folder(read.cache)


def _read_scan_or_pdf(
    src: SourceData, fmt: DocumentFormat, settings: _OcrSettings, notes: list[str]
) -> tuple[list[RawPage], OcrReport | None]:
    from contractkit.document.readers import ocr as ocr_reader
    from contractkit.document.readers import pdf
    from contractkit.ocr import SIGNED_NOTE

    raw_pages: list[RawPage] = []
    if fmt == "pdf":
        import pypdfium2 as pdfium

        doc = _open_pdf(src, settings.password, notes)
        try:
            if len(doc) == 0:
                raise EmptyInputError(f"{src.name}: the PDF has no pages")
            with _collection_paused():
                raw_pages = list(pdf.read_pages(doc))
        except pdfium.PdfiumError as exc:
            raise CorruptInputError(f"{src.name}: the PDF cannot be read ({exc})") from exc
        finally:
            doc.close()
        missing = [p.index for p in raw_pages if pdf.visible_chars(p) < pdf.MIN_TEXT_CHARS]
    else:
        missing = []
    if fmt == "pdf" and not missing:
        return raw_pages, None
    if not settings.enabled:
        what = "the image" if fmt == "image" else "page " + ", ".join(str(i + 1) for i in missing)
        notes.append(f"{src.name}: {what} has no text layer and OCR is off")
        return raw_pages, None
    report, stats, sizes = _recognise(src, settings)
    # The signature note concerns the searchable copy, which open() does not keep.
    notes.extend(w for w in report.warnings if w not in notes and w != SIGNED_NOTE)
    if fmt == "image":
        raw_pages = [RawPage(i, *sizes[i], "none") for i in range(len(report.pages))]
    for row in report.pages:
        if row.action == "ocr" or (row.action == "blank" and row.index in missing):
            raw_pages[row.index] = ocr_reader.ocr_page(
                row.index, sizes[row.index], stats[row.index], row
            )
    return raw_pages, report


def _open_pdf(src: SourceData, password: str | None, notes: list[str]) -> Any:
    """Open the PDF with pdfium; damaged or encrypted files go through qpdf first.

    qpdf repairs and decrypts exactly as ``contractkit ocr`` does, so both give the same
    errors and the same "repaired" warning.

    Raises:
        CorruptInputError, EncryptedInputError, EmptyInputError: as ``contractkit ocr``.
    """
    import pikepdf
    import pypdfium2 as pdfium

    from contractkit.ocr import _prepare

    if b"/Encrypt" not in src.data and not _prepare.was_damaged(src.data):
        try:
            return pdfium.PdfDocument(src.data)
        except pdfium.PdfiumError:
            pass  # let qpdf say what is wrong, or repair it
    # Nothing is rendered here: images of any size may be kept (OCR checks them itself).
    with _prepare.load_pdf(
        [src], password=password, image_dpi=None, notes=notes, max_mpixels=math.inf
    ) as pdf:
        buffer = io.BytesIO()
        try:
            pdf.save(buffer)
        except pikepdf.PdfError as exc:
            raise CorruptInputError(f"{src.name}: the PDF cannot be repaired ({exc})") from exc
    try:
        return pdfium.PdfDocument(buffer.getvalue())
    except pdfium.PdfiumError as exc:
        raise CorruptInputError(f"{src.name}: the PDF cannot be read ({exc})") from exc


def _recognise(
    src: SourceData, settings: _OcrSettings
) -> tuple[OcrReport, list[dict[str, Any] | None], list[tuple[float, float]]]:
    """OCR through the ``ocr`` layer, or take what an earlier run stored in the cache."""
    from contractkit.ocr import _cache

    key = _cache.entry_key(settings.digest, settings.languages, settings.options)
    if settings.cache_dir is not None and (hit := _cache.load(settings.cache_dir, key)):
        report = OcrReport.from_dict(hit["report"])
        _replay_warnings(report)
        return report, hit["pages"], [tuple(s) for s in hit["sizes"]]
    import pypdfium2 as pdfium

    from contractkit.ocr import recognise

    with tempfile.TemporaryDirectory(prefix="contractkit-open-") as tmp:
        out = Path(tmp) / "searchable.pdf"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LowConfidenceWarning)
            warnings.simplefilter("ignore", SignatureInvalidatedWarning)
            report, stats = recognise(
                named_stream(src),  # messages name the user's file, not "<bytes>"
                out,
                languages=settings.languages,
                options=settings.options,
                password=settings.password,
                progress=settings.progress,
            )
        searchable = pdfium.PdfDocument(out)
        try:
            sizes = [searchable.get_page_size(i) for i in range(len(searchable))]
        finally:
            searchable.close()
        if settings.cache_dir is not None:  # before the searchable PDF is gone with tmp
            entry = {"report": report.to_dict(), "pages": stats, "sizes": sizes}
            _cache.store(settings.cache_dir, key, entry, pdf=out)
    _replay_warnings(report)
    return report, stats, sizes


def _replay_warnings(report: OcrReport) -> None:
    """Warn about low-confidence pages whether OCR ran now or came from the cache."""
    if report.low_confidence_pages:
        message = low_confidence_message(report.low_confidence_pages)
        warnings.warn(message, LowConfidenceWarning, stacklevel=4)
