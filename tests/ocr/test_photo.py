"""Phone photos: the sheet is found, flattened to its paper size and read like a scan."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

import contractkit as ck
from contractkit.ocr.photo import find_sheet
from tests import fixtures
from tests.conftest import OcrRun, needs_tesseract


@pytest.mark.parametrize("kind", ["phone", "small"])
def test_the_sheet_is_found_where_it_lies(kind: str) -> None:
    image = Image.open(io.BytesIO(fixtures.photo(kind).data))
    sheet = find_sheet(image)
    assert sheet is not None and sheet.paper == "letter"
    tolerance = 0.004 * max(image.size)  # 16 px on a 12-megapixel photo
    for found, true in zip(sheet.corners, fixtures.sheet_corners(kind), strict=True):
        assert abs(found[0] - true[0]) < tolerance and abs(found[1] - true[1]) < tolerance


def test_a_filled_frame_and_a_scan_are_left_alone() -> None:
    for data in (fixtures.photo("filled").data, fixtures.image("jpeg").data):
        assert find_sheet(Image.open(io.BytesIO(data))) is None


@needs_tesseract
@pytest.mark.tesseract
@pytest.mark.slow
@pytest.mark.parametrize("kind", ["phone", "small"])
def test_a_photo_reads_like_a_scan(
    ocr_run: Callable[[fixtures.Fixture], OcrRun], kind: str
) -> None:
    # Read as taken, "small" has a character error rate of 0.16 (measured with --no-photo).
    run = ocr_run(fixtures.photo(kind))
    page = run.report.pages[0]
    assert page.photo and page.rotation == 0 and page.action == "ocr"
    assert fixtures.cer(run.text[0], run.fixture.truth[0]) < 0.01
    with pikepdf.open(run.output) as pdf:
        box = [float(v) for v in pdf.pages[0].mediabox]
        (image,) = pdf.pages[0].get_images().values()
        height = int(image.Height)
    assert abs(box[2] - 612) < 6 and abs(box[3] - 792) < 6  # US Letter, as photographed
    assert height >= 3300  # 300 dpi at least, whatever the photo's resolution


@needs_tesseract
@pytest.mark.tesseract
@pytest.mark.slow
def test_an_iphone_heic_photo_is_read(ocr_run: Callable[[fixtures.Fixture], OcrRun]) -> None:
    fixture = fixtures.photo("phone", heic=True)
    assert fixture.data[4:12] == b"ftypheic"
    run = ocr_run(fixture)
    assert run.report.pages[0].photo
    assert fixtures.cer(run.text[0], fixture.truth[0]) < 0.01
    assert ck.open(fixture.data).format == "image"


@needs_tesseract
def test_a_damaged_heic_is_a_clear_error(tmp_path: Path) -> None:
    data = fixtures.photo("phone", heic=True).data
    with pytest.raises(ck.CorruptInputError, match="the HEIF image cannot be decoded"):
        ck.ocr(data[: len(data) // 3], tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()


@needs_tesseract
@pytest.mark.tesseract
def test_photo_correction_can_be_turned_off(tmp_path: Path) -> None:
    source = fixtures.photo("small").data
    out = tmp_path / "as-is.pdf"
    report = ck.ocr(source, out, options=ck.OcrOptions(photo=False, rotate=False, jobs=1))
    assert not report.pages[0].photo
    with pikepdf.open(out) as pdf:  # the whole photo as it was, desk and all
        (image,) = pdf.pages[0].get_images().values()
        assert (image.Width, image.Height) == (1536, 2048)
