"""The one place that calls OCRmyPDF; its exceptions become contractkit's."""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import ocrmypdf
from ocrmypdf import exceptions as ox
from pikepdf.models.image import HifiPrintImageNotTranscodableError

from contractkit.errors import (
    ContractKitError,
    CorruptInputError,
    EncryptedInputError,
    EngineError,
    InputError,
    MissingDependencyError,
    OutputError,
)
from contractkit.ocr import _plugin
from contractkit.ocr import _tesseract as tesseract

_MODES = {"auto": "skip", "force": "force", "redo": "redo"}
_APT = "apt-get install"


def check_dependencies(languages: tuple[str, ...]) -> None:
    """Fail fast, before any work, when a program or language pack is missing.

    Raises:
        MissingDependencyError: Naming the Debian/Ubuntu package to install.
    """
    if not tesseract.probe().installed:
        raise MissingDependencyError(
            "Tesseract is not installed", hint=f"{_APT} tesseract-ocr (or run: make setup)"
        )
    missing = [lang for lang in languages if lang not in tesseract.installed_languages()]
    if missing:
        packages = " ".join(f"tesseract-ocr-{lang.lower().replace('_', '-')}" for lang in missing)
        raise MissingDependencyError(
            f"Tesseract has no language pack for {', '.join(missing)}",
            hint=f"{_APT} {packages}  (tesseract --list-langs shows what is installed)",
        )


@contextmanager
def _tesseract_threads() -> Iterator[None]:
    """Apply :func:`tesseract.env`'s limit for the run (OCRmyPDF reads ``os.environ``)."""
    before = os.environ.get("OMP_THREAD_LIMIT")
    os.environ["OMP_THREAD_LIMIT"] = tesseract.env()["OMP_THREAD_LIMIT"]
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("OMP_THREAD_LIMIT", None)
        else:
            os.environ["OMP_THREAD_LIMIT"] = before


def run(
    input_pdf: Path,
    output_pdf: Path,
    *,
    languages: tuple[str, ...],
    mode: str,
    output_type: str,
    pdfa_backend: str,
    jobs: int | None,
    page_timeout: float,
    stats_dir: Path,
    clean_pages: list[int],
    sidecar: Path | None,
    invalidate_signatures: bool,
    progress: Callable[[float, float], None] | None,
    log_messages: list[str],
    max_mpixels: float,
    name: str,
) -> None:
    """Run OCRmyPDF with contractkit's plugin.

    ``max_mpixels`` caps each page's raster (see ``_plugin.rasterize_pdf_page``) and
    OCRmyPDF's own image limit; ``name`` is the user's file, for messages (OCRmyPDF's name
    its temporary files).

    Raises:
        ContractKitError: A subclass for each failure OCRmyPDF reports.
    """
    token = _plugin.progress_callback.set(progress)
    # OCRmyPDF's final check calls pikepdf's check_linearization(), which swaps sys.stderr
    # for a StringIO and, when it raises (as on a page left empty by a timeout), never
    # swaps it back: every later message would vanish. Keep the real streams.
    streams = sys.stdout, sys.stderr
    try:
        with _capture_log(log_messages), _tesseract_threads():
            settings: dict[str, Any] = {
                "language": list(languages),
                "mode": _MODES[mode],
                "output_type": "pdfa-2" if output_type == "pdfa" else "pdf",
                "jobs": jobs,
                "optimize": 1,
                "pdfa_backend": pdfa_backend,
                "sidecar": sidecar,
                "tesseract_timeout": page_timeout,
                "invalidate_digital_signatures": invalidate_signatures,
                "tagged_pdf_mode": "ignore",
                "progress_bar": progress is not None,
                "plugins": ["contractkit.ocr._plugin"],
                "contractkit_stats_dir": str(stats_dir),
                "contractkit_clean_pages": clean_pages,
                "contractkit_max_pixels": int(max_mpixels * 1_000_000),
                "max_image_mpixels": max_mpixels,
            }
            try:
                ocrmypdf.ocr(input_pdf, output_pdf, **settings)
            except HifiPrintImageNotTranscodableError:
                # The optimiser cannot convert an image in a Separation or DeviceN colour
                # space (some copiers' JBIG2 scans); the text layer does not need it to.
                log_messages.append(
                    f"{name}: an image in a print-only colour space was kept as it is "
                    "(not optimised)"
                )
                ocrmypdf.ocr(input_pdf, output_pdf, **(settings | {"optimize": 0}))
    except ox.EncryptedPdfError as exc:
        raise EncryptedInputError("the PDF is encrypted", hint="give --password") from exc
    except ox.MissingDependencyError as exc:
        raise MissingDependencyError(_one_line(exc), hint="run: make setup") from exc
    except ox.OutputFileAccessError as exc:
        raise OutputError(_one_line(exc)) from exc
    except ox.DigitalSignatureError as exc:
        raise InputError(_one_line(exc)) from exc
    except (ox.InputFileError, ox.UnsupportedImageFormatError, ox.DpiError) as exc:
        raise CorruptInputError(_one_line(exc)) from exc
    except ox.PdfaConversionFailedError as exc:
        raise EngineError(
            f"PDF/A conversion failed: {_one_line(exc)}", hint="try --output-type pdf"
        ) from exc
    except (ox.SubprocessOutputError, ox.TesseractConfigError) as exc:
        raise EngineError(f"the OCR engine failed: {_one_line(exc)}") from exc
    except ox.ExitCodeException as exc:
        raise EngineError(f"OCR failed: {_one_line(exc)}") from exc
    except ContractKitError:
        raise
    except Exception as exc:
        translated = _input_failure(exc, name, max_mpixels)
        if translated is None:
            raise
        raise translated from exc
    finally:
        sys.stdout, sys.stderr = streams
        _plugin.progress_callback.reset(token)


#: Temporary files OCRmyPDF and contractkit name in their messages; the user never saw them.
_TEMP_PATH = re.compile(r"(?:/[^\s:'\"]*)?/(?:ocrmypdf\.io|contractkit-)[^\s:'\"]*:? ?")


def _input_failure(exc: Exception, name: str, max_mpixels: float) -> ContractKitError | None:
    """What the user can do about an error OCRmyPDF let through, or None for a bug.

    OCRmyPDF passes on errors from pikepdf and Pillow as they are; they name its temporary
    files ("/tmp/ocrmypdf.io.x/metafix.pdf: unable to find /Root dictionary"), so the
    message is rebuilt around the user's file (issue 18).
    """
    import pikepdf
    from PIL import Image

    detail = _TEMP_PATH.sub("", _one_line(exc)).strip() or type(exc).__name__
    if isinstance(exc, Image.DecompressionBombError | MemoryError):
        return InputError(
            f"{name}: a page or image is too large to process safely (over {max_mpixels:g} "
            "megapixels)",
            hint="split the file (qpdf --split-pages), or raise --max-image-mpixels if the "
            "machine has the memory (about 5 bytes a pixel)",
        )
    if isinstance(exc, HifiPrintImageNotTranscodableError):
        return EngineError(
            f"{name}: an image in a print-only colour space (Separation or DeviceN) cannot "
            "be converted for OCR",
            hint="print the file to a new PDF (gs -o copy.pdf -sDEVICE=pdfwrite FILE) and OCR that",
        )
    if isinstance(exc, pikepdf.PdfError):
        return CorruptInputError(
            f"{name}: the PDF is damaged and could not be repaired ({detail})",
            hint="rewrite it with `gs -o repaired.pdf -sDEVICE=pdfwrite damaged.pdf` and "
            "OCR repaired.pdf, or get a new copy",
        )
    if isinstance(exc, OSError) and exc.filename is None and "decoder" in str(exc):
        return CorruptInputError(
            f"{name}: an image in the file is damaged and cannot be decoded ({detail})",
            hint="scan or export the file again",
        )
    return None


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.split())[:300]


class _ListHandler(logging.Handler):
    def __init__(self, sink: list[str]) -> None:
        super().__init__(level=logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record.getMessage())


@contextmanager
def _capture_log(sink: list[str]) -> Iterator[None]:
    """Keep OCRmyPDF's warnings for the report instead of letting them reach stderr raw."""
    logger = logging.getLogger("ocrmypdf")
    handler = _ListHandler(sink)
    old_propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate
