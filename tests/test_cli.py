"""The command line: help that teaches, JSON for pipelines, reports and sidecars."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests import fixtures
from tests.conftest import needs_tesseract, pdf_text


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "contractkit", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_help_and_version() -> None:
    result = run("--help")
    assert result.returncode == 0
    # commands in pipeline order, under the step they belong to
    headings = ["Read contracts", "Strengthen them", "End a contract well", "Archives and"]
    commands = ["│ ocr ", "│ extract ", "│ review ", "│ revise ", "│ notice ", "│ log ", "│ batch "]
    for order in (headings, commands):
        places = [result.stdout.index(text) for text in order]
        assert places == sorted(places)
    help_text = run("ocr", "--help").stdout
    for option in ("--output", "--language", "--force", "--redo", "--report", "--json"):
        assert option in help_text
    assert "contractkit ocr scan.pdf -o searchable.pdf" in help_text
    assert run("--version").stdout.startswith("contractkit ")


@pytest.mark.parametrize("command", ["ocr", "extract", "notice", "batch", "revise"])
def test_help_shows_values_in_a_users_words(command: str) -> None:
    # typer >= 0.29 would print Python annotations (<bool>, <list[Path]>, <str>) in the help
    import re

    from typer.testing import CliRunner

    from contractkit.cli import app

    text = CliRunner().invoke(app, [command, "--help"], terminal_width=140).stdout
    assert "--help" in text
    assert not re.search(r"<(?:bool|str|int|float|Path|list\[)", text), text
    assert "TEXT" in text or "PATH" in text


def test_usage_errors_are_one_line() -> None:
    result = run("ocr", "x.pdf")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("contractkit: error: Missing option '--output' / '-o'.")
    assert lines[0].endswith("ocr --help)")
    assert run("ocr", "x.pdf", "-o", "y.pdf", "--force", "--redo").returncode == 2


@needs_tesseract
@pytest.mark.tesseract
def test_ocr_command_end_to_end(tmp_path: Path) -> None:
    """The README's first command, on the bundled sample."""
    sample = tmp_path / "sample.pdf"
    assert run("sample", sample).returncode == 0
    out, report, sidecar = tmp_path / "out.pdf", tmp_path / "r.json", tmp_path / "s.txt"
    result = run("ocr", sample, "-o", out, "--report", report, "--sidecar", sidecar, "--json")
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed == json.loads(report.read_text())
    assert [p["action"] for p in printed["pages"]] == ["ocr", "ocr"]
    assert printed["pages"][1]["skew"] != 0  # the sample's second page is fed at an angle
    text = sidecar.read_text()
    assert "SERVICES AGREEMENT" in text
    assert "sixty (60) days" in " ".join(text.split())
    assert "Limitation of Liability" in pdf_text(out)[1]


@needs_tesseract
@pytest.mark.tesseract
def test_low_confidence_warning_on_stderr(tmp_path: Path) -> None:
    src = fixtures.scan("noisy").write(tmp_path)
    args = ("ocr", src, "-o", tmp_path / "o.pdf", "--output-type", "pdf", "-q")
    strict = run(*args, "--min-confidence", "99.9")
    assert strict.returncode == 0
    assert "contractkit: warning: low OCR confidence on page 1" in strict.stderr
    relaxed = run(*args, "--min-confidence", "10")
    assert "low OCR confidence" not in relaxed.stderr


def test_text_command_prints_clean_text_and_json(tmp_path: Path) -> None:
    from tests.fixtures import layouts

    fixture = layouts.headers_footers_pdf()
    src = fixture.write(tmp_path)
    result = run("text", src)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(fixture.truth[0].split("\n")[0])
    assert layouts.HEADER_TEXT not in result.stdout
    out = tmp_path / "doc.json"
    assert run("text", src, "--json", "-o", out).returncode == 0
    schema = json.loads(run("schema", "document").stdout)
    import jsonschema

    data = json.loads(out.read_text())
    jsonschema.validate(data, schema)
    assert [s["kind"] for s in data["sections"]] == ["exhibit", "schedule"]


def test_text_command_reads_stdin_and_detects_the_format(tmp_path: Path) -> None:
    from tests.fixtures import layouts

    fixture = layouts.docx_contract()
    result = subprocess.run(
        [sys.executable, "-m", "contractkit", "text", "-"],
        input=fixture.data,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().startswith("CONSULTING AGREEMENT")


@pytest.mark.parametrize(
    ("kind", "code"), [("truncated", 3), ("encrypted", 4), ("zero-pages", 3), ("empty", 3)]
)
def test_text_command_bad_input_exit_codes(tmp_path: Path, kind: str, code: int) -> None:
    src = fixtures.broken(kind).write(tmp_path)
    result = run("text", src)
    assert result.returncode == code
    (line,) = result.stderr.strip().splitlines()[:1]
    assert line.startswith("contractkit: error: ") and "Traceback" not in result.stderr
    assert run("text", tmp_path / "missing.pdf").returncode == 3
    assert run("schema", "nope").returncode == 2


def test_extract_command_summary_json_and_markdown(tmp_path: Path) -> None:
    from tests.fixtures.contract import render_contract

    src = tmp_path / "contract.pdf"
    src.write_bytes(render_contract(2, 1)[0])
    result = run("extract", src)
    assert result.returncode == 0, result.stderr
    assert "Key terms" in result.stdout and "Clauses" in result.stdout
    assert "Termination For Convenience" in result.stdout

    out, report = tmp_path / "x.json", tmp_path / "report.md"
    result = run("extract", src, "--json", "-o", out, "--markdown", report)
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text())
    import jsonschema

    jsonschema.validate(data, json.loads(run("schema", "extraction").stdout))
    names = {t["name"] for t in data["terms"]}
    assert {"termination_notice", "payment_due", "governing_law"} <= names
    assert report.read_text().startswith("# Contract summary: ")
    assert src.read_bytes() == render_contract(2, 1)[0]  # the input is untouched


def test_extract_command_bad_input(tmp_path: Path) -> None:
    src = fixtures.broken("truncated").write(tmp_path)
    result = run("extract", src)
    assert result.returncode == 3
    assert result.stderr.startswith("contractkit: error: ") and "Traceback" not in result.stderr
    missing_folder = tmp_path / "no" / "such" / "x.json"
    assert run("extract", src, "--json", "-o", missing_folder).returncode == 6
