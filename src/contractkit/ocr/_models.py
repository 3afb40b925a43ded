"""What ``ocr()`` accepts (options) and returns (a report with one row per page)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["OcrOptions", "OcrReport", "PageAction", "PageReport"]

#: What happened to a page: OCR'd, kept its own text layer, or blank (nothing to read).
PageAction = Literal["ocr", "text", "blank"]

Mode = Literal["auto", "force", "redo"]

#: Default of ``OcrOptions.max_image_mpixels``: a tabloid page at 600 dpi (11 x 17 inches)
#: fits; so does an A3 page at 500 dpi. Peak memory per page stays under about 400 MB.
DEFAULT_MAX_IMAGE_MPIXELS = 70.0


class OcrOptions(BaseModel):
    """How to OCR; the defaults are chosen for real scans of contracts.

    Corrections are decided page by page (see ``docs/ocr.md``), so switching them on costs
    nothing on pages that do not need them.

    Attributes:
        deskew: Straighten pages scanned at an angle (losslessly: the image is not re-encoded).
        rotate: Turn pages scanned sideways or upside down.
        clean: Remove speckle from noisy pages before OCR (the visible page is unchanged).
        photo: An image that is a photo of a sheet on a darker surface is cropped to the
            sheet, its perspective undone and its light evened out (re-encoded as JPEG).
        jobs: Pages OCR'd in parallel; ``None`` uses every core.
        output_type: ``"pdfa"`` (PDF/A-2b, for archiving) or ``"pdf"`` (faster).
        page_timeout: Seconds Tesseract may spend on one page before the run fails.
        low_confidence: Mean word confidence (0-100) under which a page is flagged.
        image_dpi: Resolution to assume for images that do not record one; ``None`` guesses
            from the pixel size, taking the long side as 11 inches (Letter or A4).
        engine: OCR engine name; ``"tesseract"`` is built in.
        max_image_mpixels: The most megapixels one page is rasterised at, or one image file
            decoded at. A page that would be larger at its scan resolution is OCR'd at a
            lower resolution instead (the report's warnings say so); an image file larger
            than this is refused as a possible decompression bomb. Memory per page grows
            with it: about 5 bytes a pixel.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    deskew: bool = True
    rotate: bool = True
    clean: bool = True
    photo: bool = True
    jobs: int | None = Field(default=None, ge=1, le=256)
    output_type: Literal["pdfa", "pdf"] = "pdfa"
    page_timeout: float = Field(default=300.0, gt=0)
    low_confidence: float = Field(default=75.0, ge=0, le=100)
    image_dpi: int | None = Field(default=None, ge=30, le=4800)
    engine: Literal["tesseract"] = "tesseract"
    max_image_mpixels: float = Field(default=DEFAULT_MAX_IMAGE_MPIXELS, gt=0, le=4000)


def low_confidence_message(pages: Sequence[int]) -> str:
    """The warning naming pages whose OCR a person should check (one wording everywhere)."""
    return (
        f"low OCR confidence on page {', '.join(map(str, pages))}: "
        "check figures (notice periods, amounts, dates) against the scan"
    )


@dataclass(frozen=True, slots=True)
class PageReport:
    """What OCR did on one page.

    Attributes:
        index: 0-based page index.
        number: 1-based page number, as a reader counts.
        action: ``"ocr"``, ``"text"`` (born-digital, left untouched) or ``"blank"``.
        words: Words on the page after the run (OCR'd or from its own text layer).
        mean_confidence: Mean Tesseract word confidence (0-100); ``None`` unless OCR'd.
        low_confidence: The page's figures should be checked by a person.
        rotation: Clockwise degrees the page was turned to make it upright.
        skew: Degrees of skew that were straightened.
        cleaned: Speckle was removed before OCR.
        photo: The page was a photo: cropped to the sheet, flattened and evenly lit.
        seconds: Time spent on this page (triage and recognition).
    """

    index: int
    number: int
    action: PageAction
    words: int
    mean_confidence: float | None
    low_confidence: bool
    rotation: int
    skew: float
    cleaned: bool
    seconds: float
    photo: bool = False


@dataclass(frozen=True, slots=True)
class OcrReport:
    """The result of one ``ocr()`` run.

    Attributes:
        input_sha256: SHA-256 of the input as given (for a signed PDF, of the signed original).
        input_bytes: Size of the input.
        output_bytes: Size of the searchable PDF written.
        output_type: ``"pdfa"`` or ``"pdf"``.
        mode: ``"auto"``, ``"force"`` or ``"redo"``.
        languages: Tesseract languages used.
        signed: The input carried a digital signature (the output's is no longer valid).
        seconds: Wall time of the whole run.
        pages: One report per page.
        warnings: Messages a person should read (low confidence, repairs, signatures).
    """

    input_sha256: str
    input_bytes: int
    output_bytes: int
    output_type: str
    mode: str
    languages: tuple[str, ...]
    signed: bool
    seconds: float
    pages: tuple[PageReport, ...]
    warnings: tuple[str, ...] = field(default=())

    schema_version: str = "1"

    @property
    def low_confidence_pages(self) -> tuple[int, ...]:
        """Page numbers (1-based) whose OCR should be checked by a person."""
        return tuple(p.number for p in self.pages if p.low_confidence)

    @property
    def size_ratio(self) -> float:
        """Output size divided by input size."""
        return self.output_bytes / self.input_bytes if self.input_bytes else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Return the report as plain JSON-ready data."""
        data = dataclasses.asdict(self)
        data["low_confidence_pages"] = list(self.low_confidence_pages)
        return data

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return the report as JSON text."""
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OcrReport:
        """Rebuild a report from :meth:`to_dict` output (as the OCR cache stores it)."""
        fields = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in fields}
        values["pages"] = tuple(PageReport(**page) for page in data["pages"])
        values["languages"] = tuple(data["languages"])
        values["warnings"] = tuple(data.get("warnings", ()))
        return cls(**values)
