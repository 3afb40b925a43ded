"""The clause outline ``extract`` shows: unnumbered headings get a place, never a placeholder."""

from __future__ import annotations

import textwrap
from pathlib import Path

from typer.testing import CliRunner

import contractkit
from contractkit.cli import app
from contractkit.render.markdown import extraction_markdown, outline_numbers

CONTRACT = textwrap.dedent(
    """\
    CONSULTING AGREEMENT

    This Agreement is made between Acme Ltd ("Client") and Jo Bloggs ("Consultant").

    WHEREAS, the Client wishes to engage the Consultant.

    NOW, THEREFORE, the parties agree as follows:

    Services

    The Consultant shall provide the Services.

    Payment

    The Client shall pay each invoice within thirty (30) days.

    (a) Invoices are sent monthly.

    IN WITNESS WHEREOF, the parties have signed this Agreement.
    """
)


def test_unnumbered_headings_are_numbered_by_their_place() -> None:
    extraction = contractkit.extract(CONTRACT.encode())
    shown = {
        (c.heading or c.number or c.kind): label
        for c in extraction.clauses
        for label in [outline_numbers(extraction.clauses)[c.id]]
    }
    assert shown["Services"] == ("1", False)
    assert shown["Payment"] == ("2", False)
    assert shown["(a)"] == ("(a)", True)
    assert shown["recitals"] == ("Recitals", False)
    assert shown["signature"] == ("Signature", False)


def test_the_markdown_outline_prints_no_kind_placeholder() -> None:
    report = extraction_markdown(contractkit.extract(CONTRACT.encode()))
    outline = report.split("## Clauses", 1)[1]
    assert "- *1* **Services** p. 1" in outline
    assert "- *2* **Payment** p. 1" in outline
    assert "  - **(a)** p. 1" in outline
    assert "**clause**" not in outline and "- *Recitals* p. 1" in outline


def test_the_cli_outline_prints_no_kind_placeholder(tmp_path: Path) -> None:
    source = tmp_path / "contract.txt"
    source.write_text(CONTRACT, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(source)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    table = result.output.split("Clauses", 1)[1]
    rows = [line.strip("│┃ ").split("│") for line in table.splitlines() if "│" in line]
    first = [row[0].strip() for row in rows]
    assert first == ["Recitals", "1", "2", "(a)", "Signature"]
    assert "clause" not in first
