"""Playbook files: the default one, overrides, and errors that name the file, line and field."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import contractkit
from contractkit import Playbook, PlaybookError
from contractkit.playbook.model import default_playbook, default_playbook_text

ISSUE_TOPICS = {
    "provider_termination",
    "termination_for_cause",
    "notice_mechanics",
    "payment_terms",
    "late_payment",
    "suspension",
    "change_orders",
    "communication",
    "liability_cap",
    "consequential_damages",
    "mutual_indemnity",
    "ip_on_payment",
    "transition_assistance",
    "records",
    "dispute_resolution",
}


def test_default_playbook_covers_the_service_provider_positions() -> None:
    book = default_playbook()
    assert {p.id for p in book.positions} == ISSUE_TOPICS
    for position in book.positions:
        assert position.rationale and position.text and position.fallback
        assert position.parameters() <= set(book.params) | {
            "provider",
            "client",
            "agreement",
            "services",
        }
    notice = book.position("provider_termination").requirements[0]
    assert notice.term == "termination_notice" and notice.max_days == 30


def test_a_user_playbook_extends_the_default_and_overrides_one_position(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        'name = "Mine"\nextends = "default"\n\n[params]\nnotice_days = 14\n\n'
        '[[position]]\nid = "records"\nenabled = false\n\n'
        '[[position]]\nid = "payment_terms"\nseverity = "low"\n',
        encoding="utf-8",
    )
    book = Playbook.load(path)
    assert book.name == "Mine" and book.params["notice_days"] == 14
    assert "records" not in {p.id for p in book.positions}
    assert book.position("payment_terms").severity == "low"
    assert book.position("payment_terms").text == default_playbook().position("payment_terms").text


@pytest.mark.parametrize(
    ("text", "line", "field", "message"),
    [
        (
            'name = "x"\n[[position]]\nid = "a"\ntitle = "t"\nseverity = "huge"\n',
            5,
            "position.0.severity",
            "'high', 'medium' or 'low'",
        ),
        (
            'name = "x"\nextends = "default"\n\n[[position]]\nid = "late_payment"\n'
            'categories = ["late_paymnt"]\n',
            6,
            "position.0.categories",
            "unknown category",
        ),
        (
            'name = "x"\nextends = "default"\n[[position]]\nid = "suspension"\n'
            '[[position.requirements]]\nterm = "suspension_for_nonpayment"\nmax_dayz = 3\n',
            7,
            "position.0.requirements.0.max_dayz",
            "unknown field",
        ),
        ('name = "x"\n[params\n', 2, None, "not valid TOML"),
    ],
)
def test_errors_name_file_line_and_field(
    tmp_path: Path, text: str, line: int, field: str | None, message: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        Playbook.load(path)
    error = caught.value
    assert (error.path, error.line, error.field) == (str(path), line, field)
    assert message in str(error) and str(error).startswith(f"{path}:{line}:")
    assert error.exit_code == contractkit.ExitCode.PLAYBOOK


def test_a_template_parameter_the_playbook_does_not_set_is_an_error(tmp_path: Path) -> None:
    text = default_playbook_text().replace("{notice_days} days' written notice.", "{notice} days.")
    with pytest.raises(PlaybookError, match=r"uses \{notice\}"):
        Playbook.parse(text, path="p.toml")


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "contractkit", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=cwd,
    )


def test_playbook_init_writes_the_default_for_editing(tmp_path: Path) -> None:
    result = run("playbook", "init", "my.toml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert Playbook.load(tmp_path / "my.toml").positions == default_playbook().positions
    again = run("playbook", "init", "my.toml", cwd=tmp_path)
    assert again.returncode == 6 and "already exists" in again.stderr
    checked = run("playbook", "check", tmp_path / "my.toml")
    assert checked.returncode == 0 and "15 positions" in checked.stdout
    (tmp_path / "bad.toml").write_text('name = "x"\n[[position]]\nid = "Bad Id"\n')
    bad = run("playbook", "check", tmp_path / "bad.toml")
    assert bad.returncode == 8 and bad.stderr.count("\n") <= 2 and ":3:" in bad.stderr
