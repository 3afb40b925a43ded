"""The public API: complete, sorted, and light to import."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

import contractkit


def test_all_is_sorted_and_complete() -> None:
    assert contractkit.__all__ == sorted(contractkit.__all__)
    public = {
        name
        for name, value in vars(contractkit).items()
        if not name.startswith("_") and not inspect.ismodule(value) and name != "annotations"
    }
    assert public <= set(contractkit.__all__)
    for name in contractkit.__all__:
        assert hasattr(contractkit, name), name


def test_import_is_light() -> None:
    code = (
        "import sys, contractkit; "
        "heavy = [m for m in ('ocrmypdf', 'pikepdf', 'numpy', 'pypdfium2', 'PIL', 'typer', 'rich') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_error_codes_are_distinct() -> None:
    codes = [code.value for code in contractkit.ExitCode]
    assert len(codes) == len(set(codes))
    assert contractkit.EncryptedInputError("x").exit_code == contractkit.ExitCode.ENCRYPTED
    assert contractkit.InputError("x").exit_code == contractkit.ExitCode.INPUT
    assert isinstance(contractkit.InvalidOptionError("x"), ValueError)


def test_read_options_are_given_once() -> None:
    text = b"AGREEMENT\n\n1. Term\n\nThis Agreement starts on 1 March 2026.\n"
    read = contractkit.ReadOptions(ocr=False, cache=False)
    assert contractkit.open(text, read).text == contractkit.open(text, ocr=False).text
    assert contractkit.extract(text, read=read).document.format == "text"
    with pytest.raises(ValueError, match="once"):
        contractkit.open(text, read, ocr=False)
    with pytest.raises(ValueError, match="sequence of Tesseract codes"):
        contractkit.ReadOptions(languages="eng")  # type: ignore[arg-type]
    assert contractkit.ReadOptions(languages=["deu", "eng"]).languages == ("deu", "eng")  # type: ignore[arg-type]
