"""Hostile and broken input (issue 18): no input is ever written over, errors name the user's
file and say what to do, and memory stays bounded."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import contractkit as ck
from contractkit.cli import app
from tests import fixtures
from tests.conftest import needs_tesseract
from tests.fixtures import HOSTILE_KINDS, hostile

CODES = ck.ExitCode

#: Each command, with ``{src}`` for the input and ``{out}`` for the output under test.
WRITERS = [
    ("text", "text {src} -o {out}"),
    ("extract-json", "extract {src} -o {out}"),
    ("extract-markdown", "extract {src} --markdown {out}"),
    ("review-markdown", "review {src} --markdown {out}"),
    ("review-annotate", "review {src} --annotate {out}"),
    ("revise", "revise {src} -o {out}"),
    ("revise-redline", "revise {src} -o {tmp}/r.pdf --redline {out}"),
    ("revise-summary", "revise {src} -o {tmp}/r.pdf --summary {out}"),
    ("notice", "notice {src} --notice-days 30 --date 2025-03-03 -o {out}"),
    ("transition", "transition {src} --notice-days 30 --date 2025-03-03 -o {out}"),
    ("ocr", "ocr {src} -o {out}"),
    ("ocr-sidecar", "ocr {src} -o {tmp}/o.pdf --sidecar {out}"),
]


def _same(src: Path) -> Path:
    return src


def _symlink(src: Path) -> Path:
    link = src.with_name("link.pdf")
    link.symlink_to(src.name)
    return link


def _dotdot(src: Path) -> Path:
    (src.parent / "sub").mkdir()
    return src.parent / "sub" / ".." / src.name


def _hardlink(src: Path) -> Path:
    link = src.with_name("hard.pdf")
    os.link(src, link)
    return link


def _relative(src: Path) -> Path:
    return Path(os.path.relpath(src))


ALIASES: dict[str, Callable[[Path], Path]] = {
    "same": _same,
    "symlink": _symlink,
    "dotdot": _dotdot,
    "hardlink": _hardlink,
    "relative": _relative,
}


def invoke(line: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, line.split(), catch_exceptions=False)
    return result.exit_code, result.stderr


@pytest.mark.parametrize("alias", ALIASES)
@pytest.mark.parametrize(("name", "template"), WRITERS, ids=[w[0] for w in WRITERS])
def test_no_command_writes_over_its_input(
    tmp_path: Path, name: str, template: str, alias: str
) -> None:
    src = fixtures.contract_pdf().write(tmp_path)
    before = src.read_bytes()
    out = ALIASES[alias](src)
    code, err = invoke(template.format(src=src, out=out, tmp=tmp_path))
    assert code == CODES.OUTPUT, err
    first = err.splitlines()[0]
    assert first.startswith(f"contractkit: error: {out}: the output would overwrite the input")
    if str(out) != str(src):
        assert first.endswith(str(src)), first  # both names, when they differ
    assert src.read_bytes() == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".contractkit-")]


def test_playbook_and_log_are_inputs_too(tmp_path: Path) -> None:
    src = fixtures.contract_pdf().write(tmp_path)
    book = tmp_path / "book.toml"
    assert invoke(f"playbook init {book}")[0] == CODES.OK
    kept = book.read_bytes()
    for line in (
        f"review {src} --playbook {book} --markdown {book}",
        f"revise {src} --playbook {book} -o {tmp_path}/r.pdf --summary {book}",
    ):
        code, err = invoke(line)
        assert code == CODES.OUTPUT, err
        assert f"{book}: the output would overwrite the input" in err
    assert book.read_bytes() == kept
    store = tmp_path / "matter.sqlite"
    CliRunner().invoke(app, ["log", "add", "note", "Kick-off call.", "--store", str(store)])
    logged = store.read_bytes()
    link = tmp_path / "dossier.pdf"
    link.symlink_to(store)
    code, err = invoke(f"log export -o {link} --store {store}")
    assert code == CODES.OUTPUT, err
    assert "would overwrite the input" in err
    assert store.read_bytes() == logged


def test_library_refuses_too(tmp_path: Path) -> None:
    src = fixtures.contract_pdf().write(tmp_path)
    before = src.read_bytes()
    with pytest.raises(ck.OutputError, match="would overwrite the input"):
        ck.write(ck.revise(src), src)
    with pytest.raises(ck.OutputError, match="would overwrite the input"):
        ck.annotate(src, src)
    with src.open("rb") as stream, pytest.raises(ck.OutputError, match="overwrite"):
        ck.write(ck.revise(stream), src, renderer="redline")
    with pytest.raises(ck.OutputError, match="overwrite"):
        ck.write(ck.revise(ck.open(src, ocr=False)), src)  # the document names its file
    assert src.read_bytes() == before
    # a file read once may be written later, as long as it is not the contract written from
    ck.write(ck.revise(src), tmp_path / "r.pdf")
    ck.write(ck.revise(tmp_path / "r.pdf"), tmp_path / "r2.pdf")


# --- the hostile corpus --------------------------------------------------------------------

#: Exit code of ``contractkit text`` for each input, and a word its last stderr line has.
TEXT_OUTCOMES: dict[str, tuple[int, str]] = {
    "huge-page": (CODES.OK, ""),
    "huge-mono": (CODES.INPUT, "--max-image-mpixels"),
    "tiff-bad-frame": (CODES.OK, "page 2 of the tiff is damaged"),
    "separation-mono": (CODES.OK, ""),
    "truncated-plain": (CODES.OK, "repaired"),
    "pdf-named-png": (CODES.OK, ""),
    "png-named-pdf": (CODES.OK, ""),
    "text-named-pdf": (CODES.OK, ""),
    "docx-named-pdf": (CODES.OK, ""),
    "binary-junk": (CODES.INPUT, "not a pdf"),
    "unicode-name": (CODES.OK, ""),
    "not-a-pdf": (CODES.OK, ""),
    "empty": (CODES.INPUT, "empty"),
    "truncated": (CODES.INPUT, "could not be repaired"),
    "corrupt-xref": (CODES.OK, "repaired"),
    "garbage": (CODES.INPUT, "could not be repaired"),
    "encrypted": (CODES.ENCRYPTED, "encrypted"),
    "zero-pages": (CODES.INPUT, "no pages"),
    "bomb": (CODES.INPUT, "--max-image-mpixels"),
    "signed": (CODES.OK, ""),
}
#: Codes a documented failure of any command may end with.
#: review and revise refuse a scan with no contract wording (issue 16): NOT_A_CONTRACT.
DOCUMENTED = {CODES.OK, CODES.INPUT, CODES.ENCRYPTED, CODES.ENGINE, CODES.NOT_A_CONTRACT}
MAX_RSS_BYTES = 1 << 30

#: Runs a command and writes the peak RSS of it and everything it waited for (Tesseract…).
_MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[2:]).returncode\n"
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(code)\n"
)


def _corpus_fixture(kind: str) -> fixtures.Fixture:
    return hostile(kind) if kind in HOSTILE_KINDS else fixtures.broken(kind)


def measured(tmp_path: Path, *args: str | Path) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run the CLI in a subprocess; its result and its peak RSS in bytes."""
    rss = tmp_path / "rss.txt"
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, rss, sys.executable, "-m", "contractkit", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return result, int(rss.read_text()) * 1024


def check_run(
    result: subprocess.CompletedProcess[str], rss: int, src: Path, before: bytes, *paths: Path
) -> None:
    """What every run over a hostile input must satisfy, whatever its outcome."""
    err = result.stderr
    assert result.returncode in DOCUMENTED, err
    assert "Traceback" not in err and "unexpected" not in err, err
    assert "<bytes>" not in err and "<stream>" not in err, err
    scrubbed = err
    for path in (src, *paths):
        scrubbed = scrubbed.replace(str(path), "")
    assert str(tempfile.gettempdir()) not in scrubbed, err  # no temporary file named
    assert "ocrmypdf.io" not in err and "contractkit-" not in err, err
    lines = [line for line in err.splitlines() if line]
    assert all(line.startswith("contractkit: ") for line in lines), err  # no raw C output
    errors = [line for line in lines if line.startswith("contractkit: error: ")]
    if result.returncode:
        assert len(errors) == 1, err
        assert errors[0].startswith(f"contractkit: error: {src}: "), err  # names the input
    else:
        assert not errors, err
    assert src.read_bytes() == before  # the input is never changed
    assert rss < MAX_RSS_BYTES, f"peak RSS {rss >> 20} MB"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for kind in TEXT_OUTCOMES:
        _corpus_fixture(kind).write(folder)
    return folder


#: Inputs that are a whole scan to OCR (20-30 s each on a busy machine): in the slow set.
_FULL_SCANS = {"corrupt-xref", "signed", "truncated-plain", "pdf-named-png"}


@needs_tesseract
@pytest.mark.tesseract
@pytest.mark.parametrize(
    "kind",
    [pytest.param(k, marks=pytest.mark.slow) if k in _FULL_SCANS else k for k in TEXT_OUTCOMES],
)
def test_text_over_the_hostile_corpus(corpus: Path, tmp_path: Path, kind: str) -> None:
    fixture = _corpus_fixture(kind)
    src = corpus / f"{fixture.name}{fixture.suffix}"
    before = src.read_bytes()
    out = tmp_path / "out.txt"
    result, rss = measured(tmp_path, "text", src, "-o", out, "-q")
    check_run(result, rss, src, before, out)
    code, word = TEXT_OUTCOMES[kind]
    assert result.returncode == code, result.stderr
    if word:
        assert word in result.stderr.lower(), result.stderr
    assert out.exists() == (code == CODES.OK)


@needs_tesseract
@pytest.mark.tesseract
@pytest.mark.slow
@pytest.mark.parametrize("command", ["ocr", "extract", "review", "revise", "notice"])
@pytest.mark.parametrize("kind", TEXT_OUTCOMES)
def test_every_command_over_the_hostile_corpus(
    corpus: Path, tmp_path: Path, kind: str, command: str
) -> None:
    fixture = _corpus_fixture(kind)
    src = corpus / f"{fixture.name}{fixture.suffix}"
    before = src.read_bytes()
    out = tmp_path / ("out.json" if command in ("extract", "review") else "out.pdf")
    args: dict[str, list[str | Path]] = {
        "ocr": ["ocr", src, "-o", out, "--output-type", "pdf"],
        "extract": ["extract", src, "-o", out],
        "review": ["review", src, "--markdown", out],
        "revise": ["revise", src, "-o", out],
        "notice": ["notice", src, "--notice-days", "30", "--date", "2025-03-03", "-o", out],
    }
    result, rss = measured(tmp_path, *args[command], "-q")
    if command == "notice" and result.returncode == CODES.USAGE:
        pytest.skip("no parties to address a notice to")  # documented: see docs/errors.md
    check_run(result, rss, src, before, out)
    if result.returncode:
        assert not out.exists()


@needs_tesseract
@pytest.mark.tesseract
def test_huge_page_is_downscaled_and_said_so(tmp_path: Path) -> None:
    """A page whose scan is too fine for the pixel limit is OCR'd coarser, with a warning."""
    src = fixtures.scan("clean").write(tmp_path)
    report = ck.ocr(src, tmp_path / "o.pdf", options=ck.OcrOptions(max_image_mpixels=3))
    notes = [w for w in report.warnings if "max-image-mpixels" in w]
    assert len(notes) == 1 and notes[0].startswith("page 1 is 8.5 x 11 inches"), notes
    assert report.pages[0].words > 50  # still read, at ~140 dpi
    big = hostile("huge-mono").write(tmp_path)
    with pytest.raises(ck.InputError, match="60000 x 60000") as caught:
        ck.ocr(big, tmp_path / "m.pdf")
    assert "--max-image-mpixels to 113" in caught.value.hint


def test_tiff_damaged_frame_fails_that_page_only(tmp_path: Path) -> None:
    src = hostile("tiff-bad-frame").write(tmp_path)
    doc = ck.open(src, ocr=ck.OcrOptions(output_type="pdf"), cache=False)
    assert len(doc.pages) == 3
    assert any("page 2 of the TIFF is damaged" in w for w in doc.warnings), doc.warnings


def test_max_image_mpixels_is_checked(tmp_path: Path) -> None:
    src = fixtures.contract_pdf().write(tmp_path)
    code, err = invoke(f"text {src} --max-image-mpixels 0")
    assert code == CODES.USAGE, err
    assert "invalid value for --max-image-mpixels" in err


def test_untranscodable_image_is_kept_unoptimised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OCRmyPDF's optimiser fails on Separation/DeviceN images: the run is redone without it."""
    import ocrmypdf
    from pikepdf.models.image import HifiPrintImageNotTranscodableError

    from contractkit.ocr import _ocrmypdf

    calls: list[int] = []

    def fake_ocr(input_pdf: Path, output_pdf: Path, **settings: object) -> None:
        calls.append(int(settings["optimize"]))  # type: ignore[call-overload]
        if settings["optimize"]:
            raise HifiPrintImageNotTranscodableError()
        Path(output_pdf).write_bytes(Path(input_pdf).read_bytes())

    monkeypatch.setattr(ocrmypdf, "ocr", fake_ocr)
    src = tmp_path / "in.pdf"
    src.write_bytes(hostile("separation-mono").data)
    messages: list[str] = []
    _ocrmypdf.run(
        src,
        tmp_path / "out.pdf",
        languages=("eng",),
        mode="auto",
        output_type="pdf",
        pdfa_backend="internal",
        jobs=1,
        page_timeout=60,
        stats_dir=tmp_path,
        clean_pages=[],
        sidecar=None,
        invalidate_signatures=False,
        progress=None,
        log_messages=messages,
        max_mpixels=70,
        name="copier.pdf",
    )
    assert calls == [1, 0]
    assert messages == [
        "copier.pdf: an image in a print-only colour space was kept as it is (not optimised)"
    ]
    assert (tmp_path / "out.pdf").exists()


def test_leaked_library_errors_name_the_users_file() -> None:
    """pikepdf's and Pillow's errors that OCRmyPDF lets through become contractkit's own."""
    import pikepdf
    from PIL import Image

    from contractkit.ocr._ocrmypdf import _input_failure

    damaged = _input_failure(
        pikepdf.PdfError("/tmp/ocrmypdf.io.x1/metafix.pdf: unable to find /Root dictionary"),
        "cut.pdf",
        70,
    )
    assert isinstance(damaged, ck.CorruptInputError)
    assert damaged.message == (
        "cut.pdf: the PDF is damaged and could not be repaired (unable to find /Root dictionary)"
    )
    assert "gs -o repaired.pdf" in damaged.hint
    bomb = _input_failure(Image.DecompressionBombError("big"), "big.pdf", 70)
    assert isinstance(bomb, ck.InputError) and "--max-image-mpixels" in bomb.hint
    assert bomb.message.startswith("big.pdf: ")
    assert _input_failure(KeyError("x"), "a.pdf", 70) is None  # a bug stays a bug


@needs_tesseract
@pytest.mark.tesseract
@pytest.mark.slow
def test_batch_over_the_hostile_corpus(corpus: Path, tmp_path: Path) -> None:
    """Every document ends ok or with an error naming it; no worker passes 500 MB."""
    before = {p.name: p.read_bytes() for p in corpus.iterdir()}
    report = ck.batch(corpus, tmp_path / "out", ocr=ck.OcrOptions(output_type="pdf"), workers=2)
    assert len(report.documents) == len(TEXT_OUTCOMES)
    for doc in report.documents:
        assert doc.status in ("ok", "error"), doc
        assert doc.error_type not in ("crash", "memory", "timeout"), doc
        if doc.status == "error":
            assert doc.error is not None and doc.path in doc.error, doc
            assert "ocrmypdf.io" not in doc.error and "unexpected" not in doc.error, doc
        assert doc.peak_rss_mb is not None and doc.peak_rss_mb < 500, doc
    assert {p.name: p.read_bytes() for p in corpus.iterdir()} == before
