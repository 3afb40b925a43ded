"""The notice, transition and log commands, run as a user runs them."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.exit.test_notice import pdf_words
from tests.exit.test_record import eml


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "contractkit", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_help_teaches() -> None:
    top = run("--help").stdout
    assert "notice" in top and "transition" in top and "log" in top
    notice = run("notice", "--help").stdout
    for option in ("--date", "--notice-days", "--business-days", "--country", "--via"):
        assert option in notice
    assert "contractkit notice contract.pdf --date 2025-03-03 -o notice.pdf" in notice
    assert "contractkit log import mail/*.eml" in run("log", "import", "--help").stdout


def test_notice_and_transition(contract_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "notice.pdf"
    result = run("notice", contract_file, "--date", "2025-04-14", "-o", out)
    assert result.returncode == 0, result.stderr
    assert "terminates 2025-04-30" in result.stderr
    assert "terminate on 30 April 2025" in pdf_words(out)
    # without the English holidays the same notice ends two days earlier
    txt = tmp_path / "notice.txt"
    result = run("notice", contract_file, "--date", "2025-04-14", "--country", "FR", "-o", txt)
    assert result.returncode == 0, result.stderr
    assert "terminate on 29 April 2025" in " ".join(txt.read_text().split())  # Easter Monday
    plan = tmp_path / "plan.pdf"
    result = run(
        "transition",
        contract_file,
        "--date",
        "2025-04-14",
        "-o",
        plan,
        "--alternative",
        "Ada Studio <hello@ada.example>",
    )
    assert result.returncode == 0, result.stderr
    assert "Ada Studio <hello@ada.example>" in pdf_words(plan)


def test_notice_errors_are_one_line(contract_file: Path, tmp_path: Path) -> None:
    text = contract_file.read_text().replace("(10) business days' written notice", "notice")
    contract_file.write_text(text)
    out = tmp_path / "n.pdf"
    result = run("notice", contract_file, "--date", "2025-04-14", "-o", out)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0] == (
        "contractkit: error: the contract gives no notice period for the Developer to "
        "terminate for convenience"
    )
    assert lines[1].startswith("contractkit: hint: choose the period yourself: --notice-days")
    assert not out.exists()
    result = run("notice", contract_file, "--date", "14/04/2025", "-o", out)
    assert result.returncode == 2 and "--date must be YYYY-MM-DD" in result.stderr
    result = run("notice", contract_file, "--date", "2025-04-14", "--notice", "2 weeks", "-o", out)
    assert result.returncode == 0, result.stderr
    assert "terminate on 28 April 2025" in pdf_words(out)


def test_log_commands(tmp_path: Path) -> None:
    store = tmp_path / "northwind.sqlite"
    env = {"CONTRACTKIT_LOG": str(store)}
    mail, bad = tmp_path / "a.eml", tmp_path / "b.eml"
    mail.write_bytes(eml())
    bad.write_bytes(eml().replace(b"--XYZ--", b""))
    result = run(
        "log",
        "add",
        "call",
        "Asked for two extra pages at no cost.",
        "--with",
        "Tom Reed",
        "--tag",
        "scope-creep",
        "--time",
        "2025-03-02T14:00+00:00",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    result = run("log", "import", mail, bad, env=env)
    assert result.returncode == 3
    assert "b.eml: not a valid e-mail" in result.stderr
    assert run("log", "import", mail, "--tag", "scope-creep", env=env).returncode == 0
    listed = run("log", "list", env=env).stdout.splitlines()
    assert [line.split("\t")[2] for line in listed] == ["call", "email"]
    found = run("log", "search", "extra pages", "--kind", "email", "--store", store).stdout
    assert found.startswith("2\t2025-03-03 08:15\temail\tExtra pages [scope-creep]")
    verify = run("log", "verify", env=env)
    assert verify.returncode == 0 and "ok: 2 entries" in verify.stdout
    dossier = tmp_path / "dossier.pdf"
    assert run("log", "export", "-o", dossier, env=env).returncode == 0
    assert "Extra pages" in pdf_words(dossier)
    db = sqlite3.connect(store)
    db.execute("UPDATE entries SET occurred = '2025-03-01T00:00:00+00:00' WHERE seq = 2")
    db.commit()
    db.close()
    verify = run("log", "verify", env=env)
    assert verify.returncode == 10
    assert (
        verify.stderr.startswith("contractkit: error: ") and "entry 2 was altered" in verify.stderr
    )
    assert run("log", "list", "--store", tmp_path / "missing.sqlite").returncode == 3
