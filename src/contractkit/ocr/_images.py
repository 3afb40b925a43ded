"""Images into PDF pages: every frame of a TIFF, HEIC photos, damaged frames, size limits.

JPEG and G4 are embedded as they are (img2pdf); only frames PDF cannot hold (WebP, alpha,
16-bit) are re-encoded, as lossless PNG. Pillow's decompression-bomb limit stays on, at the
caller's ``max_mpixels``.
"""

from __future__ import annotations

import contextlib
import io
import os
import warnings
from collections.abc import Iterator, Sequence

import img2pdf
from PIL import Image

from contractkit._io import SourceData, is_heif
from contractkit.errors import CorruptInputError, InputError, UnsupportedInputError
from contractkit.ocr._models import DEFAULT_MAX_IMAGE_MPIXELS
from contractkit.ocr.photo import find_sheet, flatten_photo, upright

__all__ = ["IMAGE_FORMATS", "images_to_pdf"]

#: Image formats accepted as scans (HEIF/HEIC photos are converted to JPEG first).
IMAGE_FORMATS = frozenset({"PNG", "JPEG", "TIFF", "WEBP", "BMP", "GIF", "JPEG2000"})


def images_to_pdf(
    src: SourceData,
    *,
    image_dpi: int | None,
    notes: list[str],
    photo: bool = False,
    max_mpixels: float = DEFAULT_MAX_IMAGE_MPIXELS,
) -> tuple[bytes, bool]:
    """Wrap an image (every frame of a TIFF) in PDF pages without re-encoding JPEG or G4.

    With ``photo``, a single image that shows a sheet on a darker surface is replaced by the
    sheet, flattened and evenly lit (re-encoded: that is the one exception). Returns the PDF
    and whether that happened.

    Raises:
        UnsupportedInputError: Not an image Pillow knows, or not a scan format.
        InputError: The image is larger than ``max_mpixels`` (a decompression bomb?).
    """
    if is_heif(src.data):
        src = _heif_as_jpeg(src, max_mpixels)
    with warnings.catch_warnings(), _pillow_limit(max_mpixels):
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(src.data)) as im:
                fmt = im.format or "?"
                frames = getattr(im, "n_frames", 1)
                dpi = _credible_dpi(im.info.get("dpi"))
                size = im.size
                damaged = _damaged_frames(im, frames) if fmt == "TIFF" else []
                if not damaged:
                    im.load()
                picture = upright(im) if photo and frames == 1 else None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_large(src.name, max_mpixels) from exc
        except (OSError, SyntaxError, ValueError) as exc:
            what = _describe(src.data)
            raise UnsupportedInputError(
                f"{src.name}: not a PDF or an image ({what})",
                hint="contractkit ocr reads PDF, PNG, JPEG, TIFF, WebP and HEIC files",
            ) from exc
    if fmt not in IMAGE_FORMATS:
        raise UnsupportedInputError(f"{src.name}: {fmt} images are not supported")
    if len(damaged) == frames:
        raise CorruptInputError(
            f"{src.name}: the image is damaged: no page of it can be decoded",
            hint="scan or export it again",
        )
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
    if damaged:
        # A bad frame fails its page, not the document (issue 18).
        pages = ", ".join(str(i + 1) for i in damaged)
        notes.append(
            f"{src.name}: page {pages} of the TIFF is damaged and cannot be decoded; "
            "it is left blank: scan that page again"
        )
        return _reencode_frames(src.data, frames, layout, damaged=damaged), False
    try:
        data = img2pdf.convert(src.data, layout_fun=layout, rotation=img2pdf.Rotation.ifvalid)
        return bytes(data), False
    except Exception:
        return _reencode_frames(src.data, frames, layout), False


def _damaged_frames(im: Image.Image, frames: int) -> list[int]:
    """The frames of a (multi-page) TIFF that do not decode, leaving ``im`` on frame 0.

    libtiff reports a bad strip on the process's stderr as well as raising; that line would
    reach the user raw, so it is swallowed here and the page is named in a warning instead.
    """
    damaged = []
    with _silenced_stderr():
        for index in range(frames):
            try:
                im.seek(index)
                im.load()
            except (OSError, ValueError, SyntaxError):
                damaged.append(index)
        im.seek(0)
    return damaged


@contextlib.contextmanager
def _silenced_stderr() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null: C libraries print there directly."""
    try:
        saved = os.dup(2)
    except OSError:  # no stderr at all
        yield
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


def _too_large(name: str, max_mpixels: float) -> InputError:
    return InputError(
        f"{name}: the image is too large to open safely (a possible decompression bomb: "
        f"over {max_mpixels:g} megapixels)",
        hint="if it is a genuine scan, raise --max-image-mpixels (memory grows about 5 bytes "
        "a pixel), or scan at a lower resolution",
    )


@contextlib.contextmanager
def _pillow_limit(max_mpixels: float) -> Iterator[None]:
    """Pillow's decompression-bomb limit at ``max_mpixels`` for the block (it is global)."""
    before = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = int(max_mpixels * 1_000_000)
    try:
        yield
    finally:
        Image.MAX_IMAGE_PIXELS = before


def _heif_as_jpeg(src: SourceData, max_mpixels: float) -> SourceData:
    """A HEIF/HEIC photo (an iPhone's default) as a JPEG, which PDF can embed.

    Decoded with pillow-heif directly, not registered as a Pillow plugin, so an application
    embedding contractkit keeps its own Pillow set-up.
    """
    import pillow_heif

    try:
        heif = pillow_heif.open_heif(src.data, convert_hdr_to_8bit=True)
        width, height = heif.size
        if width * height > max_mpixels * 1_000_000:
            raise _too_large(src.name, max_mpixels)
        image = heif.to_pillow()
    except (ValueError, RuntimeError, OSError) as exc:
        raise CorruptInputError(f"{src.name}: the HEIF image cannot be decoded ({exc})") from exc
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=92)
    return SourceData(buffer.getvalue(), src.name, src.path)


def _reencode_frames(
    data: bytes, frames: int, layout: object, *, damaged: Sequence[int] = ()
) -> bytes:
    """Store frames img2pdf cannot embed as-is (WebP, alpha, 16-bit) as lossless PNG.

    A ``damaged`` frame becomes a white page of its size.
    """
    pngs = []
    with Image.open(io.BytesIO(data)) as im:
        for i in range(frames):
            im.seek(i)
            if i in damaged:
                frame = Image.new("L", im.size, 255)
            else:
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
