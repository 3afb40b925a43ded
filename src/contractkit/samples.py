"""A sample scanned contract to try contractkit on (``contractkit sample``, ``make demo``).

The sample is drawn at run time with Pillow's built-in font, then scanned the way an office
copier would: page 2 fed at an angle, light noise, grey JPEG. Nothing binary ships in git.
"""

from __future__ import annotations

import io
import textwrap

import img2pdf
import numpy as np
from PIL import Image, ImageDraw, ImageFont

__all__ = ["SAMPLE_TEXT", "sample_scan"]

_DPI = 300
_PAGE = (int(8.5 * _DPI), int(11 * _DPI))
_MARGIN = _DPI

SAMPLE_TEXT: tuple[str, ...] = (
    "SERVICES AGREEMENT\n\n"
    "This Services Agreement is made on 3 March 2025 between Harbour Studio Ltd "
    "(the Provider) and Redwood Logistics Inc. (the Client).\n\n"
    "1. Services. The Provider shall deliver the services described in Schedule A. "
    "Any work outside Schedule A requires a written change order signed by both parties.\n\n"
    "2. Term. This Agreement starts on the date above and continues for twelve (12) months. "
    "It renews automatically for further periods of twelve (12) months unless either party "
    "gives sixty (60) days' written notice before the end of the current term.\n\n"
    "3. Termination.\n"
    "3.1 The Client may terminate this Agreement for convenience on ninety (90) days' "
    "written notice to the Provider.\n"
    "3.2 Either party may terminate for material breach that is not cured within "
    "fifteen (15) days of written notice.\n\n"
    "4. Fees and Payment. The Client shall pay each invoice within sixty (60) days. "
    "The monthly fee is USD 8,500. Late payments bear interest at 1.5% per month.",
    "5. Limitation of Liability. Except for fraud, the Provider's total liability shall "
    "not exceed the fees paid in the three (3) months preceding the claim. Neither party "
    "is liable for indirect or consequential damages.\n\n"
    "6. Confidentiality. Each party shall keep the other's confidential information "
    "secret during the term and for three (3) years after it ends.\n\n"
    "7. Notices. Notices must be in writing and sent to the addresses above or by email "
    "to legal@redwood.example and studio@harbour.example.\n\n"
    "8. Governing Law. This Agreement is governed by the laws of England and Wales.\n\n"
    "Signed for the Provider: ____________________\n\n"
    "Signed for the Client: ____________________",
)


def sample_scan(*, seed: int = 7) -> bytes:
    """Return a two-page scanned (image-only) contract as PDF bytes."""
    rng = np.random.default_rng(seed)
    pages = []
    for number, text in enumerate(SAMPLE_TEXT, start=1):
        image = _typeset(text, number, len(SAMPLE_TEXT))
        if number == 2:
            image = image.rotate(2.5, resample=Image.Resampling.BICUBIC, fillcolor=255)
        pages.append(_scan(image, rng))
    layout = img2pdf.get_fixed_dpi_layout_fun((_DPI, _DPI))
    return bytes(img2pdf.convert(pages, layout_fun=layout))


def _typeset(text: str, number: int, total: int) -> Image.Image:
    image = Image.new("L", _PAGE, 255)
    draw = ImageDraw.Draw(image)
    body = ImageFont.load_default(size=44)
    title = ImageFont.load_default(size=60)
    y = _MARGIN
    for paragraph in text.split("\n"):
        if not paragraph:
            y += 40
            continue
        font = title if paragraph.isupper() else body
        for line in textwrap.wrap(paragraph, width=82 if font is body else 40):
            draw.text((_MARGIN, y), line, font=font, fill=0)
            y += 66 if font is body else 90
    footer = f"Page {number} of {total}"
    draw.text((_PAGE[0] // 2 - 120, _PAGE[1] - _MARGIN // 2), footer, font=body, fill=0)
    return image


def _scan(image: Image.Image, rng: np.random.Generator) -> bytes:
    """Paper tone, sensor noise and JPEG, as an office scanner produces."""
    pixels = np.asarray(image, dtype=np.float64) * 0.92 + 10
    pixels += rng.normal(0, 6, pixels.shape)
    scanned = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")
    buffer = io.BytesIO()
    scanned.save(buffer, format="JPEG", quality=75, dpi=(_DPI, _DPI))
    return buffer.getvalue()
