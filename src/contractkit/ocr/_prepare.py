"""Turn whatever the user gave into one clean PDF, triaged and corrected, ready for OCR.

Corrections are made losslessly on the PDF itself: a quarter turn sets the page's
``/Rotate``, and straightening wraps the page content in a rotation about the page centre.
The scanned image's bytes are never re-encoded, so the output stays the size of the input.
"""

from __future__ import annotations

import io
import math
import re
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import img2pdf
import numpy as np
import pikepdf
import pypdfium2 as pdfium
from PIL import Image

from contractkit._io import SourceData, is_heif
from contractkit.errors import (
    CorruptInputError,
    EmptyInputError,
    EncryptedInputError,
    InputError,
    UnsupportedInputError,
)
from contractkit.ocr import _tesseract as tesseract
from contractkit.ocr.photo import find_sheet, flatten_photo, upright
from contractkit.ocr.triage import analyse_page, measure_noise, measure_skew

#: Image formats accepted as scans (HEIF/HEIC photos are converted to JPEG first).
IMAGE_FORMATS = frozenset({"PNG", "JPEG", "TIFF", "WEBP", "BMP", "GIF", "JPEG2000"})
#: Rendering resolution for triage.
TRIAGE_DPI = 150
#: A page with fewer characters than this in its text layer is treated as a scan.
MIN_TEXT_CHARS = 8
#: Share of (nearly) isolated ink pixels at 300 dpi above which a page is smoothed before OCR:
#: clean scans measure at most 0.004, fax and noisy scans 0.017 and more.
NOISE_THRESHOLD = 0.01


@dataclass(slots=True)
class PagePlan:
    """What triage decided for one page."""

    index: int
    needs_ocr: bool
    blank: bool = False
    rotation: int = 0
    skew: float = 0.0
    noisy: bool = False
    photo: bool = False
    seconds: float = 0.0
    text_words: int = 0


@dataclass(slots=True)
class Prepared:
    """A PDF ready for OCRmyPDF, and what was learnt on the way."""

    path: Path
    pages: list[PagePlan]
    signed: bool = False
    warnings: list[str] = field(default_factory=list)


def is_pdf(data: bytes) -> bool:
    """Tell a PDF by its header (allowing junk before it, as readers do)."""
    return b"%PDF-" in data[:1024]


def load_pdf(
    sources: Sequence[SourceData],
    *,
    password: str | None,
    image_dpi: int | None,
    notes: list[str],
    photo_pages: list[int] | None = None,
) -> pikepdf.Pdf:
    """Open or build one PDF from the sources, in order.

    With a ``photo_pages`` list, images that are photos of a sheet are flattened first (see
    :mod:`contractkit.ocr.photo`) and the indices of their pages are added to the list.

    Raises:
        UnsupportedInputError, CorruptInputError, EncryptedInputError, EmptyInputError.
    """
    pdf: pikepdf.Pdf | None = None
    for src in sources:
        part, photo = _open_one(
            src,
            password=password,
            image_dpi=image_dpi,
            notes=notes,
            photo=photo_pages is not None,
        )
        if photo and photo_pages is not None:
            first = len(pdf.pages) if pdf is not None else 0
            photo_pages.extend(range(first, first + len(part.pages)))
        if pdf is None:
            pdf = part
        else:
            pdf.pages.extend(part.pages)
    assert pdf is not None  # callers pass at least one source
    if len(pdf.pages) == 0:
        raise EmptyInputError(f"{sources[0].name}: the PDF has no pages")
    return pdf


def _open_one(
    src: SourceData, *, password: str | None, image_dpi: int | None, notes: list[str], photo: bool
) -> tuple[pikepdf.Pdf, bool]:
    """The source as a PDF, and whether it was a photo that was flattened."""
    if is_pdf(src.data):
        return _open_pdf(src, password=password, notes=notes), False
    data, flattened = images_to_pdf(src, image_dpi=image_dpi, notes=notes, photo=photo)
    return pikepdf.open(io.BytesIO(data)), flattened


def _open_pdf(src: SourceData, *, password: str | None, notes: list[str]) -> pikepdf.Pdf:
    try:
        pdf = pikepdf.open(io.BytesIO(src.data), password=password or "")
    except pikepdf.PasswordError as exc:
        if password:
            raise EncryptedInputError(f"{src.name}: the password is wrong") from exc
        raise EncryptedInputError(
            f"{src.name}: the PDF is encrypted", hint="give its password with --password"
        ) from exc
    except pikepdf.PdfError as exc:
        raise CorruptInputError(
            f"{src.name}: the PDF is damaged and could not be repaired ({_first_line(exc)})"
        ) from exc
    try:
        page_count = len(pdf.pages)
    except pikepdf.PdfError as exc:
        raise CorruptInputError(f"{src.name}: the PDF's page tree is damaged") from exc
    if page_count == 0:
        raise EmptyInputError(f"{src.name}: the PDF has no pages")
    if was_damaged(src.data):
        notes.append(f"{src.name}: the PDF was damaged and has been repaired; check every page")
    return pdf


def was_damaged(data: bytes) -> bool:
    """Ask qpdf's checker whether it had to reconstruct anything."""
    try:
        with pikepdf.open(io.BytesIO(data), attempt_recovery=False):
            return False
    except pikepdf.PasswordError:
        return False
    except pikepdf.PdfError:
        return True


def _first_line(exc: BaseException) -> str:
    """The first line of a library's message, without in-memory stream reprs."""
    text = re.sub(r"(stream )?<_io\.BytesIO object at 0x[0-9a-f]+>:? ?", "", str(exc)).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def images_to_pdf(
    src: SourceData, *, image_dpi: int | None, notes: list[str], photo: bool = False
) -> tuple[bytes, bool]:
    """Wrap an image (every frame of a TIFF) in PDF pages without re-encoding JPEG or G4.

    With ``photo``, a single image that shows a sheet on a darker surface is replaced by the
    sheet, flattened and evenly lit (re-encoded: that is the one exception). Returns the PDF
    and whether that happened.

    Raises:
        UnsupportedInputError: Not an image Pillow knows, or not a scan format.
        InputError: The image is a decompression bomb.
    """
    if is_heif(src.data):
        src = _heif_as_jpeg(src)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(src.data)) as im:
                fmt = im.format or "?"
                frames = getattr(im, "n_frames", 1)
                dpi = _credible_dpi(im.info.get("dpi"))
                size = im.size
                im.load()
                picture = upright(im) if photo and frames == 1 else None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise InputError(
                f"{src.name}: the image is too large to open safely (a possible decompression bomb)"
            ) from exc
        except (OSError, SyntaxError, ValueError) as exc:
            what = _describe(src.data)
            raise UnsupportedInputError(
                f"{src.name}: not a PDF or an image ({what})",
                hint="contractkit ocr reads PDF, PNG, JPEG, TIFF, WebP and HEIC files",
            ) from exc
    if fmt not in IMAGE_FORMATS:
        raise UnsupportedInputError(f"{src.name}: {fmt} images are not supported")
    sheet = find_sheet(picture) if picture is not None else None
    if picture is not None and sheet is not None:
        flat, flat_dpi = flatten_photo(picture, sheet)
        layout = img2pdf.get_fixed_dpi_layout_fun((flat_dpi, flat_dpi))
        return bytes(img2pdf.convert(flat, layout_fun=layout)), True
    if dpi is None and image_dpi is not None:
        dpi = image_dpi
    elif dpi is None:
        dpi = max(72, min(600, round(max(size) / 11.0)))
        notes.append(f"{src.name}: the image records no resolution; assumed {dpi} dpi")
    layout = img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))
    try:
        data = img2pdf.convert(src.data, layout_fun=layout, rotation=img2pdf.Rotation.ifvalid)
        return bytes(data), False
    except Exception:
        return _reencode_frames(src.data, frames, layout), False


def _heif_as_jpeg(src: SourceData) -> SourceData:
    """A HEIF/HEIC photo (an iPhone's default) as a JPEG, which PDF can embed.

    Decoded with pillow-heif directly, not registered as a Pillow plugin, so an application
    embedding contractkit keeps its own Pillow set-up.
    """
    import pillow_heif

    try:
        heif = pillow_heif.open_heif(src.data, convert_hdr_to_8bit=True)
        width, height = heif.size
        if width * height > (Image.MAX_IMAGE_PIXELS or width * height):
            raise InputError(
                f"{src.name}: the image is too large to open safely (a possible decompression bomb)"
            )
        image = heif.to_pillow()
    except (ValueError, RuntimeError, OSError) as exc:
        raise CorruptInputError(f"{src.name}: the HEIF image cannot be decoded ({exc})") from exc
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=92)
    return SourceData(buffer.getvalue(), src.name, src.path)


def _reencode_frames(data: bytes, frames: int, layout: object) -> bytes:
    """Store frames img2pdf cannot embed as-is (WebP, alpha, 16-bit) as lossless PNG."""
    pngs = []
    with Image.open(io.BytesIO(data)) as im:
        for i in range(frames):
            im.seek(i)
            frame = im.convert("L" if im.mode in ("1", "L", "LA", "I", "I;16") else "RGB")
            buf = io.BytesIO()
            frame.save(buf, format="PNG")
            pngs.append(buf.getvalue())
    return bytes(img2pdf.convert(pngs, layout_fun=layout))


def _credible_dpi(value: object) -> int | None:
    if isinstance(value, tuple) and value and isinstance(value[0], int | float):
        dpi = round(float(value[0]))
        if 50 <= dpi <= 4800:
            return dpi
    return None


def _describe(data: bytes) -> str:
    head = data[:512]
    if head.startswith(b"PK\x03\x04"):
        return "looks like a ZIP or Office file"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "unknown binary content"
    return "looks like plain text"


def is_signed(pdf: pikepdf.Pdf) -> bool:
    """Does the PDF carry a digital signature (a signature field with a value)?"""
    acroform = pdf.Root.get("/AcroForm")
    if acroform is None:
        return False
    stack = list(acroform.get("/Fields", []))
    seen = 0
    while stack and seen < 10_000:
        seen += 1
        fld = stack.pop()
        if not isinstance(fld, pikepdf.Dictionary):
            continue
        if fld.get("/FT") == pikepdf.Name.Sig and fld.get("/V") is not None:
            return True
        stack.extend(fld.get("/Kids", []))
    return False


def triage_pages(
    pdf_bytes: bytes, *, mode: str, rotate: bool, deskew: bool, clean: bool, osd_timeout: float
) -> list[PagePlan]:
    """Decide, page by page, whether OCR is needed and which corrections to make."""
    plans = []
    doc = pdfium.PdfDocument(pdf_bytes)
    try:
        for index in range(len(doc)):
            start = time.perf_counter()
            page = doc[index]
            try:
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                textpage.close()
            except pdfium.PdfiumError:
                text = ""
            has_text = len(text.strip()) >= MIN_TEXT_CHARS
            plan = PagePlan(
                index=index, needs_ocr=mode != "auto" or not has_text, text_words=len(text.split())
            )
            if plan.needs_ocr and (rotate or deskew) and not (mode == "redo" and has_text):
                bitmap = page.render(scale=TRIAGE_DPI / 72, grayscale=True)
                gray = np.asarray(bitmap.to_pil().convert("L"))
                _decide(plan, gray, rotate=rotate, deskew=deskew, osd_timeout=osd_timeout)
            if plan.needs_ocr and clean and not plan.blank:
                plan.noisy = _is_noisy(page)
            page.close()
            plan.seconds = time.perf_counter() - start
            plans.append(plan)
    except pdfium.PdfiumError as exc:
        raise CorruptInputError(f"the PDF cannot be rendered ({exc})") from exc
    finally:
        doc.close()
    return plans


def _is_noisy(page: pdfium.PdfPage) -> bool:
    """Measure speckle at scan resolution on the middle of the page (enough to judge)."""
    width, height = page.get_size()
    crop = (width * 0.2, height * 0.3, width * 0.2, height * 0.3)
    bitmap = page.render(scale=300 / 72, grayscale=True, crop=crop)
    return measure_noise(np.asarray(bitmap.to_pil().convert("L"))) > NOISE_THRESHOLD


def _decide(
    plan: PagePlan, gray: np.ndarray, *, rotate: bool, deskew: bool, osd_timeout: float
) -> None:
    found = analyse_page(gray)
    if found.blank:
        plan.blank = True
        return
    rotation, skew = found.rotation, found.skew
    # Turning a page is costly when wrong (charts and tables fool any heuristic), so a turn is
    # only made when Tesseract's orientation detector agrees; upright pages skip it.
    if rotate and (rotation != 0 or not found.orientation_confident):
        osd = tesseract.orientation(gray, dpi=TRIAGE_DPI, timeout=osd_timeout)
        if osd is None:
            rotation, skew = 0, (skew if rotation == 0 else measure_skew(gray, 0))
        elif osd != rotation:
            rotation = osd
            skew = measure_skew(gray, rotation)
    plan.rotation = rotation if rotate else 0
    plan.skew = skew if deskew else 0.0


def pdfa_blocker(pdf: pikepdf.Pdf) -> str | None:
    """Say why OCRmyPDF's own (Ghostscript-free) PDF/A conversion would fail, or ``None``.

    Checked before OCR, on a copy, so a file that cannot be PDF/A is known before the work.
    Page transitions (``/Trans``, ``/Dur``: slide-show effects) are dropped first; they mean
    nothing in a contract and PDF/A validators refuse them.
    """
    from pikepdf import pdfa

    for page in pdf.pages:
        for key in ("/Trans", "/Dur"):
            if key in page.obj:
                del page.obj[key]
    buffer = io.BytesIO()
    pdf.save(buffer)
    with pikepdf.open(buffer) as copy:
        pdfa.prepare(copy, "2b")
        report = pdfa.check(copy, "2b")
    if report.passed:
        return None
    finding = report.findings[0]
    return f"{finding.message} ({finding.where})"


def apply_corrections(pdf: pikepdf.Pdf, plans: list[PagePlan]) -> None:
    """Turn and straighten pages in place, without touching their images."""
    for plan in plans:
        if not plan.needs_ocr or (plan.rotation == 0 and plan.skew == 0):
            continue
        page = pdf.pages[plan.index]
        if plan.rotation:
            current = int(page.obj.get("/Rotate", 0))
            page.obj.Rotate = (current + plan.rotation) % 360
        if plan.skew:
            _straighten(pdf, page, -plan.skew)


def _straighten(pdf: pikepdf.Pdf, page: pikepdf.Page, degrees: float) -> None:
    """Rotate the page's content about its centre by ``degrees`` (counter-clockwise).

    Triage reports skew as the counter-clockwise angle of the text, so the caller passes
    its negative.
    """
    x0, y0, x1, y1 = (float(v) for v in page.mediabox)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    theta = math.radians(degrees)
    c, s = math.cos(theta), math.sin(theta)
    e = cx - c * cx + s * cy
    f = cy - s * cx - c * cy
    prefix = f"q {c:.6f} {s:.6f} {-s:.6f} {c:.6f} {e:.4f} {f:.4f} cm\n".encode()
    page.contents_coalesce()
    page.contents_add(pikepdf.Stream(pdf, prefix), prepend=True)
    page.contents_add(pikepdf.Stream(pdf, b"\nQ\n"))
