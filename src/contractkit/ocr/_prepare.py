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
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pikepdf
import pypdfium2 as pdfium

from contractkit._io import SourceData
from contractkit.errors import (
    CorruptInputError,
    EmptyInputError,
    EncryptedInputError,
    InputError,
)
from contractkit.ocr import _tesseract as tesseract
from contractkit.ocr._images import images_to_pdf
from contractkit.ocr._models import DEFAULT_MAX_IMAGE_MPIXELS
from contractkit.ocr.triage import analyse_page, measure_noise, measure_skew

#: Rendering resolution for triage.
TRIAGE_DPI = 150
#: Triage renders a page at no more than this many pixels (a big page is judged smaller).
TRIAGE_MAX_PIXELS = 8_000_000
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


#: What to try when qpdf's own recovery (which contractkit already ran) was not enough.
_REPAIR_HINT = (
    "if it was cut off, download or export it again; or rewrite it with "
    "`gs -o repaired.pdf -sDEVICE=pdfwrite damaged.pdf` and read repaired.pdf"
)


def capped_scale(width_pt: float, height_pt: float, dpi: float, max_pixels: float) -> float:
    """Pixels per point to render a page at ``dpi``, lowered to stay within ``max_pixels``.

    Bounded memory per page (issue 18): a 200 x 200 inch page at 150 dpi would be 900
    megapixels.
    """
    scale = dpi / 72
    pixels = max(width_pt * scale, 1.0) * max(height_pt * scale, 1.0)
    if pixels > max_pixels:
        scale *= math.sqrt(max_pixels / pixels)
    return scale


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
    max_mpixels: float = DEFAULT_MAX_IMAGE_MPIXELS,
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
            max_mpixels=max_mpixels,
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
    check_image_sizes(pdf, sources[0].name, max_mpixels)
    return pdf


#: Decoded bytes of one embedded image allowed per megapixel of ``max_image_mpixels``:
#: pdfium holds about twice an image's decoded pixels while it renders the page.
IMAGE_BYTES_PER_MPIXEL = 4_000_000


def check_image_sizes(pdf: pikepdf.Pdf, name: str, max_mpixels: float) -> None:
    """Refuse a PDF holding an image too big to decode within the memory bound (issue 18).

    A page is rasterised at a capped size whatever its images, but the renderer still
    decodes each image whole: a 60 000-pixel-square monochrome scan is 450 MB of bits.

    Raises:
        InputError: Naming the image's size and the ``--max-image-mpixels`` that would do.
    """
    budget = max_mpixels * IMAGE_BYTES_PER_MPIXEL
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream) or obj.get("/Subtype") != pikepdf.Name.Image:
            continue
        try:
            width, height = int(obj.get("/Width", 0)), int(obj.get("/Height", 0))
            bits = int(obj.get("/BitsPerComponent", 1))
        except (TypeError, ValueError):
            continue
        decoded = width * height * max(bits, 1) * _components(obj.get("/ColorSpace")) / 8
        if decoded > budget:
            needed = math.ceil(decoded / IMAGE_BYTES_PER_MPIXEL)
            raise InputError(
                f"{name}: an image in the PDF is {width} x {height} pixels "
                f"({decoded / 1e6:.0f} MB decoded), too large to process within "
                f"--max-image-mpixels {max_mpixels:g}",
                hint=f"raise --max-image-mpixels to {needed} (peak memory about "
                f"{2 * decoded / 1e9 + 0.3:.1f} GB), split the file, or scan at a lower "
                "resolution",
            )


def _components(space: object) -> int:
    """Colour components of an image's colour space (1 when it cannot be told)."""
    if isinstance(space, pikepdf.Array) and len(space) > 0:
        family = space[0]
        if family == pikepdf.Name.ICCBased:
            try:
                return int(space[1].get("/N", 3))
            except (TypeError, ValueError, AttributeError):
                return 3
        if family == pikepdf.Name.DeviceN and len(space) > 1:
            return len(space[1])
        space = family
    if space in (pikepdf.Name.DeviceRGB, pikepdf.Name.CalRGB, pikepdf.Name.Lab):
        return 3
    if space == pikepdf.Name.DeviceCMYK:
        return 4
    return 1


def _open_one(
    src: SourceData,
    *,
    password: str | None,
    image_dpi: int | None,
    notes: list[str],
    photo: bool,
    max_mpixels: float,
) -> tuple[pikepdf.Pdf, bool]:
    """The source as a PDF, and whether it was a photo that was flattened."""
    if is_pdf(src.data):
        return _open_pdf(src, password=password, notes=notes), False
    data, flattened = images_to_pdf(
        src, image_dpi=image_dpi, notes=notes, photo=photo, max_mpixels=max_mpixels
    )
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
            f"{src.name}: the PDF is damaged and could not be repaired ({_first_line(exc)})",
            hint=_REPAIR_HINT,
        ) from exc
    try:
        page_count = len(pdf.pages)
    except pikepdf.PdfError as exc:
        raise CorruptInputError(
            f"{src.name}: the PDF's page tree is damaged", hint=_REPAIR_HINT
        ) from exc
    if page_count == 0:
        raise EmptyInputError(f"{src.name}: the PDF has no pages")
    if was_damaged(src.data):
        pdf = _rebuild(pdf, src.name)
        notes.append(f"{src.name}: the PDF was damaged and has been repaired; check every page")
    return pdf


def _rebuild(damaged: pikepdf.Pdf, name: str) -> pikepdf.Pdf:
    """Copy what qpdf recovered into a new, well-formed PDF (catalog, trailer, xref).

    Recovery of a truncated file can leave a trailer without /Size or a catalog that later
    steps (OCRmyPDF re-opens its own intermediate files) no longer find (issue 18).

    Raises:
        CorruptInputError: Not even the recovered pages can be copied.
    """
    fresh = pikepdf.new()
    buffer = io.BytesIO()
    try:
        fresh.pages.extend(damaged.pages)
        fresh.save(buffer)
    except (pikepdf.PdfError, RuntimeError) as exc:
        raise CorruptInputError(
            f"{name}: the PDF is damaged and could not be repaired ({_first_line(exc)})",
            hint=_REPAIR_HINT,
        ) from exc
    finally:
        damaged.close()
    return pikepdf.open(io.BytesIO(buffer.getvalue()))


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
                width, height = page.get_size()
                scale = capped_scale(width, height, TRIAGE_DPI, TRIAGE_MAX_PIXELS)
                bitmap = page.render(scale=scale, grayscale=True)
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
    scale = capped_scale(width * 0.6, height * 0.4, 300, TRIAGE_MAX_PIXELS)
    bitmap = page.render(scale=scale, grayscale=True, crop=crop)
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
