"""The public API: complete, sorted, and light to import."""

from __future__ import annotations

import inspect
import subprocess
import sys

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
