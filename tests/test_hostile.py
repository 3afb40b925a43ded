"""Hostile and broken input (issue 18): no input is ever written over, errors name the user's
file and say what to do, and memory stays bounded."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import contractkit as ck
from contractkit.cli import app
from tests import fixtures

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
        ck.revise(src, src)
    with pytest.raises(ck.OutputError, match="would overwrite the input"):
        ck.review(src, annotate=src)
    with src.open("rb") as stream, pytest.raises(ck.OutputError, match="overwrite"):
        ck.revise(stream, tmp_path / "r.pdf", redline=src)
    assert src.read_bytes() == before
    # outside a command, a file read once may be written later
    doc = ck.open(src, ocr=False)
    ck.revise(doc, tmp_path / "r.pdf")
    ck.revise(tmp_path / "r.pdf", tmp_path / "r2.pdf")
