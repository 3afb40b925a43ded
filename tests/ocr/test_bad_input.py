"""Every bad input ends in one clear error with its own exit code, and nothing is left behind."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import contractkit as ck
from tests import fixtures
from tests.conftest import needs_tesseract

pytestmark = [needs_tesseract, pytest.mark.tesseract]

CODES = ck.ExitCode


def cli(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "contractkit", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert result.returncode == code, result.stderr
    lines = [
        line for line in result.stderr.splitlines() if not line.startswith("contractkit: hint")
    ]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("contractkit: error: ")
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0].lower(), lines[0]


BROKEN = [
    ("not-a-pdf", ck.UnsupportedInputError, CODES.INPUT, "not a pdf or an image"),
    ("empty", ck.EmptyInputError, CODES.INPUT, "empty"),
    ("garbage", ck.CorruptInputError, CODES.INPUT, "could not be repaired"),
    ("truncated", ck.CorruptInputError, CODES.INPUT, "could not be repaired"),
    ("zero-pages", ck.EmptyInputError, CODES.INPUT, "no pages"),
    ("bomb", ck.InputError, CODES.INPUT, "decompression bomb"),
    ("encrypted", ck.EncryptedInputError, CODES.ENCRYPTED, "encrypted"),
]


@pytest.mark.parametrize(("kind", "error", "code", "words"), BROKEN)
def test_broken_inputs(tmp_path: Path, kind: str, error: type, code: int, words: str) -> None:
    fixture = fixtures.broken(kind)
    src = fixture.write(tmp_path)
    out = tmp_path / "out.pdf"
    with pytest.raises(error):
        ck.ocr(src, out)
    assert_one_line_error(cli("ocr", src, "-o", out), code, words)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [src.name]  # no temp files left


def test_encrypted_pdf_with_password(tmp_path: Path) -> None:
    src = fixtures.broken("encrypted").write(tmp_path)
    report = ck.ocr(src, tmp_path / "out.pdf", password="secret")
    assert report.pages[0].words > 100
    with pytest.raises(ck.EncryptedInputError, match="wrong"):
        ck.ocr(src, tmp_path / "again.pdf", password="nope")


def test_damaged_pdf_is_repaired_with_a_warning(tmp_path: Path) -> None:
    src = fixtures.broken("corrupt-xref").write(tmp_path)
    report = ck.ocr(src, tmp_path / "out.pdf", options=ck.OcrOptions(output_type="pdf"))
    assert any("repaired" in w for w in report.warnings)
    assert report.pages


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert_one_line_error(
        cli("ocr", tmp_path / "nope.pdf", "-o", tmp_path / "o.pdf"), CODES.INPUT, "no such file"
    )
    assert_one_line_error(cli("ocr", tmp_path, "-o", tmp_path / "o.pdf"), CODES.INPUT, "directory")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads and writes everything")
def test_unreadable_file_and_unwritable_folder(tmp_path: Path) -> None:
    src = fixtures.scan("clean").write(tmp_path)
    src.chmod(0)
    assert_one_line_error(cli("ocr", src, "-o", tmp_path / "o.pdf"), CODES.INPUT, "permission")
    src.chmod(0o644)
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    assert_one_line_error(cli("ocr", src, "-o", locked / "o.pdf"), CODES.OUTPUT, "not writable")


def test_output_problems(tmp_path: Path) -> None:
    src = fixtures.scan("clean").write(tmp_path)
    before = src.read_bytes()
    assert_one_line_error(cli("ocr", src, "-o", src), CODES.OUTPUT, "overwrite the input")
    assert_one_line_error(
        cli("ocr", src, "-o", tmp_path / "no" / "o.pdf"), CODES.OUTPUT, "does not exist"
    )
    assert src.read_bytes() == before


def test_missing_language_pack(tmp_path: Path) -> None:
    src = fixtures.scan("clean").write(tmp_path)
    result = cli("ocr", src, "-o", tmp_path / "o.pdf", "-l", "eng+zzz")
    assert_one_line_error(result, CODES.MISSING_DEPENDENCY, "zzz")
    assert "tesseract-ocr-zzz" in result.stderr


def env_with_only(folder: Path, **programs: str) -> dict[str, str]:
    """An environment whose PATH holds only the named programs (name=path), as symlinks."""
    folder.mkdir()
    for name, target in programs.items():
        (folder / name).symlink_to(target)
    return {**os.environ, "PATH": str(folder)}


def test_missing_tesseract(tmp_path: Path) -> None:
    src = fixtures.scan("clean").write(tmp_path)
    env = env_with_only(tmp_path / "bin", python=sys.executable)
    result = cli("ocr", src, "-o", tmp_path / "o.pdf", env=env)
    assert_one_line_error(result, CODES.MISSING_DEPENDENCY, "tesseract")
    assert "tesseract-ocr" in result.stderr


def test_ghostscript_is_not_needed(tmp_path: Path) -> None:
    """PDF/A is made by pikepdf, so a machine without Ghostscript still gets PDF/A."""
    import pikepdf.pdfa

    src = fixtures.scan("clean").write(tmp_path)
    env = env_with_only(tmp_path / "bin", tesseract=shutil.which("tesseract") or "tesseract")
    result = cli("ocr", src, "-o", tmp_path / "o.pdf", "-q", env=env)
    assert result.returncode == 0, result.stderr
    assert pikepdf.pdfa.validate_written(tmp_path / "o.pdf", "2b").passed


def test_page_timeout(tmp_path: Path) -> None:
    src = fixtures.scan("clean").write(tmp_path)
    out = tmp_path / "o.pdf"
    with pytest.raises(ck.OcrTimeoutError):
        ck.ocr(src, out, options=ck.OcrOptions(page_timeout=0.05))
    assert_one_line_error(
        cli("ocr", src, "-o", out, "--page-timeout", "0.05"), CODES.ENGINE, "took longer"
    )
    assert not out.exists()


def test_interrupt_leaves_no_output(tmp_path: Path) -> None:
    import signal
    import time

    src = fixtures.scan("clean", pages=4).write(tmp_path)
    out = tmp_path / "o.pdf"
    proc = subprocess.Popen(
        [sys.executable, "-m", "contractkit", "ocr", str(src), "-o", str(out), "-j", "1"],
        stderr=subprocess.PIPE,
        text=True,
    )
    # Interrupt once OCR is under way (it has started a program), not while Python imports.
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if children.exists() and children.read_text().strip():
            break
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == CODES.INTERRUPTED, err
    assert "Traceback" not in err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [src.name]


def test_bad_options() -> None:
    with pytest.raises(ck.InvalidOptionError):
        ck.ocr(b"%PDF-1.4", io_sink(), mode="sideways")
    with pytest.raises(ck.InvalidOptionError):
        ck.ocr(b"%PDF-1.4", io_sink(), languages=("en g",))
    with pytest.raises(ValueError):
        ck.OcrOptions(jobs=0)


def io_sink() -> object:
    import io

    return io.BytesIO()
