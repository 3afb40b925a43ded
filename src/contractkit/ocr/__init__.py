"""OCR: scanned contracts become searchable, archival PDFs.

``ocr()`` reads the input, triages each page (does it need OCR, is it turned or skewed),
corrects pages losslessly, runs OCRmyPDF + Tesseract on the pages that need it, and returns
an :class:`OcrReport` with one row per page.
"""

from __future__ import annotations

import io
import json
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from contractkit._io import SourceData, atomic_output, check_target, read_source, sha256
from contractkit.errors import (
    InvalidOptionError,
    LowConfidenceWarning,
    OcrTimeoutError,
    SignatureInvalidatedWarning,
)
from contractkit.ocr import _ghostscript as ghostscript
from contractkit.ocr._models import (
    OcrOptions,
    OcrReport,
    PageAction,
    PageReport,
    low_confidence_message,
)

if TYPE_CHECKING:
    from contractkit.ocr._prepare import PagePlan
from contractkit.types import Source, Target

__all__ = ["OcrOptions", "OcrReport", "PageReport", "ocr"]

#: Called with (pages done, pages total) while pages are OCR'd.
ProgressCallback = Callable[[float, float], None]

_MODES = ("auto", "force", "redo")
_OSD_TIMEOUT = 30.0


def ocr(
    source: Source | Sequence[Source],
    output: Target,
    /,
    *,
    languages: Sequence[str] = ("eng",),
    mode: str = "auto",
    options: OcrOptions | None = None,
    password: str | None = None,
    sidecar: str | Path | None = None,
    progress: ProgressCallback | None = None,
) -> OcrReport:
    """Make a searchable PDF (PDF/A-2b by default) from a scanned or mixed contract.

    Args:
        source: A PDF or image as a path, bytes or binary file; or a list of them, joined
            into one PDF in the given order.
        output: Path or writable binary file for the searchable PDF. Written atomically.
        languages: Tesseract language codes, e.g. ``("eng", "deu")``.
        mode: ``"auto"`` OCRs only pages without text; ``"force"`` rasterises and OCRs every
            page; ``"redo"`` replaces an earlier OCR layer.
        options: Quality and output settings; see :class:`OcrOptions`.
        password: Password of an encrypted PDF (the output is not encrypted).
        sidecar: Also write the recognised text to this file.
        progress: Called with (pages done, pages total) as pages finish.

    Returns:
        The per-page report; its ``warnings`` name pages to check by eye.

    Raises:
        InputError: Missing, unreadable, unsupported, corrupt, empty or encrypted input.
        OutputError: The output cannot be written (or would overwrite the input).
        MissingDependencyError: Tesseract, a language pack or Ghostscript is missing.
        EngineError: OCR failed; ``OcrTimeoutError`` when a page took too long.
        InvalidOptionError: An unknown mode or malformed language code.
    """
    return recognise(
        source,
        output,
        languages=languages,
        mode=mode,
        options=options,
        password=password,
        sidecar=sidecar,
        progress=progress,
    )[0]


def recognise(
    source: Source | Sequence[Source],
    output: Target,
    *,
    languages: Sequence[str] = ("eng",),
    mode: str = "auto",
    options: OcrOptions | None = None,
    password: str | None = None,
    sidecar: str | Path | None = None,
    progress: ProgressCallback | None = None,
) -> tuple[OcrReport, list[dict[str, Any] | None]]:
    """``ocr()``, also returning what Tesseract read on each OCR'd page (``None`` elsewhere).

    Each page's entry has ``image`` (the page image's size in pixels) and ``lines`` (see
    ``_plugin.read_hocr``): the document layer builds OCR'd pages from them.
    """
    from contractkit.ocr import _ocrmypdf  # heavy: keep `import contractkit` light

    started = time.perf_counter()
    opts = options or OcrOptions()
    langs = _check_languages(languages)
    if mode not in _MODES:
        raise InvalidOptionError(f"unknown mode {mode!r}; choose one of {', '.join(_MODES)}")
    sources = _read_sources(source)
    check_target(output, sources=sources)
    if sidecar is not None:
        check_target(sidecar, sources=sources)
    _ocrmypdf.check_dependencies(langs)

    notes: list[str] = []
    original = sources[0].data if len(sources) == 1 else b"".join(s.data for s in sources)
    with tempfile.TemporaryDirectory(prefix="contractkit-ocr-") as tmp:
        work = Path(tmp)
        plan = _prepare_input(sources, work, mode=mode, opts=opts, password=password, notes=notes)
        stats_dir = work / "stats"
        stats_dir.mkdir()
        log_messages: list[str] = []
        with atomic_output(output, suffix=".pdf") as tmp_out:
            _ocrmypdf.run(
                plan.path,
                tmp_out,
                languages=langs,
                mode=mode,
                output_type=plan.output_type,
                pdfa_backend=plan.pdfa_backend,
                jobs=opts.jobs,
                page_timeout=opts.page_timeout,
                stats_dir=stats_dir,
                clean_pages=[p.index for p in plan.pages if p.noisy],
                sidecar=work / "sidecar.txt" if sidecar else None,
                invalidate_signatures=plan.signed,
                progress=progress,
                log_messages=log_messages,
                max_mpixels=opts.max_image_mpixels,
                name=sources[0].name,
            )
            stats = _load_stats(stats_dir, plan.pages)
            timed_out = [
                p.index + 1 for p, st in zip(plan.pages, stats, strict=True) if st.get("timed_out")
            ]
            if timed_out:
                raise OcrTimeoutError(
                    f"page {', '.join(map(str, timed_out))} took longer than "
                    f"{opts.page_timeout:g} s to OCR",
                    hint="raise --page-timeout, or check the page is a real scan",
                )
            output_bytes = tmp_out.stat().st_size
        if sidecar is not None:
            with atomic_output(sidecar, suffix=".txt") as tmp_side:
                tmp_side.write_bytes((work / "sidecar.txt").read_bytes())

    pages = _page_reports(plan.pages, stats, opts)
    notes.extend(_downscaled_notes(stats, opts.max_image_mpixels))
    if plan.repaired and (blank := [p.number for p in pages if p.action == "blank"]):
        notes.append(
            f"page {', '.join(map(str, blank))} came out blank after the repair: "
            "its content may be lost; compare with the original"
        )
    low = [p.number for p in pages if p.low_confidence]
    if low:
        message = low_confidence_message(low)
        notes.append(message)
        warnings.warn(message, LowConfidenceWarning, stacklevel=3)
    if plan.signed:
        warnings.warn(SIGNED_NOTE, SignatureInvalidatedWarning, stacklevel=3)
    notes.extend(m for m in log_messages if _worth_reporting(m))
    report = OcrReport(
        input_sha256=sha256(original),
        input_bytes=len(original),
        output_bytes=output_bytes,
        output_type=plan.output_type,
        mode=mode,
        languages=langs,
        signed=plan.signed,
        seconds=round(time.perf_counter() - started, 3),
        pages=tuple(pages),
        warnings=tuple(notes),
    )
    return report, [st if "lines" in st else None for st in stats]


SIGNED_NOTE = (
    "the input is digitally signed: the searchable copy carries no valid signature; "
    "keep the signed original (its SHA-256 is in the report)"
)


@dataclass(frozen=True, slots=True)
class _Plan:
    """The corrected PDF to hand to OCRmyPDF, and how to run it."""

    path: Path
    pages: list[PagePlan]
    signed: bool
    repaired: bool
    output_type: str
    pdfa_backend: str


def _prepare_input(
    sources: tuple[SourceData, ...],
    work: Path,
    *,
    mode: str,
    opts: OcrOptions,
    password: str | None,
    notes: list[str],
) -> _Plan:
    """Load, triage and losslessly correct the input; decide how PDF/A will be made."""
    from contractkit.ocr import _prepare

    before = len(notes)
    photos: list[int] | None = [] if opts.photo else None
    with _prepare.load_pdf(
        sources,
        password=password,
        image_dpi=opts.image_dpi,
        notes=notes,
        photo_pages=photos,
        max_mpixels=opts.max_image_mpixels,
    ) as pdf:
        signed = _prepare.is_signed(pdf)
        if signed:
            notes.append(SIGNED_NOTE)
        buffer = io.BytesIO()
        pdf.save(buffer)
        pages = _prepare.triage_pages(
            buffer.getvalue(),
            mode=mode,
            rotate=opts.rotate,
            deskew=opts.deskew,
            clean=opts.clean,
            osd_timeout=_OSD_TIMEOUT,
        )
        for index in photos or ():
            pages[index].photo = True
        _prepare.apply_corrections(pdf, pages)
        output_type, pdfa_backend = opts.output_type, "internal"
        blocker = _prepare.pdfa_blocker(pdf) if output_type == "pdfa" else None
        if blocker and ghostscript.makes_pdfa(mode):
            pdfa_backend = "ghostscript"
        elif blocker:
            output_type = "pdf"
            notes.append(
                f"wrote a regular PDF, not PDF/A: {blocker}; Ghostscript 10.02.1 or later "
                "can convert such a file (older versions corrupt its text layer)"
            )
        path = work / "prepared.pdf"
        pdf.save(path)
    repaired = any("repaired" in note for note in notes[before:])
    return _Plan(path, pages, signed, repaired, output_type, pdfa_backend)


def _check_languages(languages: Sequence[str] | str) -> tuple[str, ...]:
    if isinstance(languages, str):
        languages = languages.split("+")
    langs = tuple(lang.strip() for lang in languages if lang.strip())
    if not langs:
        raise InvalidOptionError("no OCR language given")
    for lang in langs:
        if not lang.replace("_", "").isalnum():
            raise InvalidOptionError(f"malformed language code {lang!r} (e.g. eng, deu, fra)")
    return langs


def _read_sources(source: Source | Sequence[Source]) -> tuple[SourceData, ...]:
    if isinstance(source, list | tuple):
        if not source:
            raise InvalidOptionError("no input given")
        return tuple(read_source(s) for s in source)
    return (read_source(source),)  # type: ignore[arg-type]


def _load_stats(stats_dir: Path, plans: list[PagePlan]) -> list[dict[str, Any]]:
    merged = []
    for plan in plans:
        data: dict[str, Any] = {}
        for kind in ("ocr", "raster"):
            path = stats_dir / f"{plan.index:06d}.{kind}.json"
            if path.exists():
                data.update(json.loads(path.read_text(encoding="utf-8")))
        merged.append(data)
    return merged


def _downscaled_notes(stats: list[dict[str, Any]], max_mpixels: float) -> list[str]:
    """Name the pages rasterised below their resolution to stay within the pixel limit."""
    notes = []
    for index, page in enumerate(stats):
        if "downscaled" not in page:
            continue
        wanted, used, inches = page["downscaled"]
        notes.append(
            f"page {index + 1} is {inches[0]:g} x {inches[1]:g} inches: OCR'd at {used:g} dpi, "
            f"not {wanted:g}, to stay within {max_mpixels:g} megapixels "
            "(--max-image-mpixels raises the limit, and the memory used)"
        )
    return notes


def _page_reports(
    plans: list[PagePlan], all_stats: list[dict[str, Any]], opts: OcrOptions
) -> list[PageReport]:
    reports = []
    for plan, stats in zip(plans, all_stats, strict=True):
        ocred = "words" in stats
        confidences: list[int] = stats.get("confidences", [])
        mean = round(sum(confidences) / len(confidences), 1) if confidences else None
        action: PageAction
        if ocred and (confidences or not plan.blank):
            action = "ocr" if confidences else "blank"
        else:
            action = "blank" if plan.blank or (not ocred and plan.text_words == 0) else "text"
        low = action == "ocr" and mean is not None and mean < opts.low_confidence
        reports.append(
            PageReport(
                index=plan.index,
                number=plan.index + 1,
                action=action,
                words=int(stats["words"]) if ocred else plan.text_words,
                mean_confidence=mean,
                low_confidence=low,
                rotation=plan.rotation,
                skew=plan.skew,
                cleaned=plan.noisy,
                seconds=round(plan.seconds + float(stats.get("seconds", 0.0)), 3),
                photo=plan.photo,
            )
        )
    return reports


def _worth_reporting(message: str) -> bool:
    """OCRmyPDF's warnings a contract reader should see (not its routine notices).

    Its signature warning repeats our own (``SIGNED_NOTE``), and its fillable-form hint
    ("probably needs no OCR") is what page triage already decided.
    """
    routine = (
        *("PDF/A", "lossless", "was not", "Start processing", "--"),
        *("All digital signatures", "This PDF has a fillable form"),
    )
    return bool(message.strip()) and not any(message.startswith(r) for r in routine)
