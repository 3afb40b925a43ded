"""``log report`` on a record of about fifty incidents: chart, clauses, interest, lessons."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

import contractkit as ck
from contractkit.exit.report import IncidentReport, incident_report
from tests.exit.incidents import build_log
from tests.exit.test_cli import run
from tests.exit.test_notice import pdf_words

FIXTURES = Path(__file__).parent / "fixtures"
SERVICES = FIXTURES / "services.md"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("record") / "tidewater.sqlite"
    build_log(path).close()
    return path


@pytest.fixture(scope="module")
def report(store: Path) -> IncidentReport:
    with ck.InteractionLog(store, create=False) as log:
        return incident_report(log, SERVICES, title="Tidewater Foods")


def test_counts_first_last_and_escalation(report: IncidentReport) -> None:
    assert 45 <= len(report.incidents) <= 60 and report.entries == len(report.incidents) + 1
    tags = {t.tag: t for t in report.tags}
    assert set(tags) == {"scope-creep", "late-payment", "boundary-violation", "disrespect"}
    assert sum(t.count for t in report.tags) == len(report.incidents)
    scope = tags["scope-creep"]
    assert scope.escalation == "rising" and scope.halves[1] > scope.halves[0]
    assert scope.first == min(i.occurred for i in report.incidents if i.tag == "scope-creep")
    assert tags["disrespect"].halves == (0, 5)
    assert [t.count for t in report.tags] == sorted((t.count for t in report.tags), reverse=True)


def test_incidents_are_linked_to_their_clauses(report: IncidentReport) -> None:
    tags = {t.tag: t for t in report.tags}
    assert tags["late-payment"].clause == "2.1"
    assert tags["late-payment"].concerns == (
        "payment terms (clause 2.1): invoices due within 30 days"
    )
    assert tags["scope-creep"].clause is None
    assert tags["scope-creep"].concerns == "the contract has no change-order clause"


def test_late_interest_at_the_contracts_rate(report: IncidentReport) -> None:
    assert str(report.late_rate) == "1.5% per month"
    late = [i for i in report.incidents if i.tag == "late-payment"]
    first = late[0]
    assert (first.invoice, str(first.amount), first.days_late) == ("17", "GBP 2,400", 12)
    assert first.interest == pytest.approx(2400 * 0.015 * 12 / 30)  # 14.40
    assert report.interest_owed is not None
    total, currency = report.interest_owed
    assert currency == "GBP"
    assert total == pytest.approx(sum(i.interest or 0 for i in late), abs=0.01)


def test_chart_png_and_pdf(report: IncidentReport, tmp_path: Path) -> None:
    report.write_chart(tmp_path / "c.png")
    with Image.open(tmp_path / "c.png") as image:
        assert image.width > 1000
        rgb = image.convert("RGB")
        # the scope-creep colour (#D55E00) is drawn: dots and bars
        orange = sum(
            n for n, colour in rgb.getcolors(1 << 24) or () if colour == (0xD5, 0x5E, 0x00)
        )
        assert orange > 2000
    report.write_chart(tmp_path / "c.pdf")
    text = pdf_words(tmp_path / "c.pdf")
    assert f"scope-creep ({dict((t.tag, t.count) for t in report.tags)['scope-creep']})" in text
    with pytest.raises(ck.InvalidOptionError, match="cannot write the chart"):
        report.write_chart(tmp_path / "c.svg")


def test_lessons_file_changes_what_review_says(report: IncidentReport, tmp_path: Path) -> None:
    lessons = tmp_path / "lessons.toml"
    report.write_lessons(lessons)
    playbook = ck.Playbook.load(lessons)
    change = playbook.position("change_orders")
    assert change.required and change.severity == "high"
    scope = next(t for t in report.tags if t.tag == "scope-creep")
    assert f"{scope.count} scope-creep incidents, no change-order clause" in change.title
    assert "Learned from the record" in change.rationale
    assert playbook.position("communication").severity == "high"
    assert playbook.position("records").severity == "medium"
    assert playbook.params["payment_days"] == 14
    before = {f.position: f for f in ck.review(SERVICES).findings}
    after = {f.position: f for f in ck.review(SERVICES, playbook=playbook).findings}
    assert before["payment_terms"].status == "ok"
    assert after["payment_terms"].status == "weak"
    assert after["payment_terms"].reasons == (
        "payment due in 30 days; the playbook allows at most 14 days",
    )
    assert (before["communication"].severity, after["communication"].severity) == (
        "medium",
        "high",
    )
    assert "learned" in after["change_orders"].title


def test_without_a_contract(store: Path) -> None:
    with ck.InteractionLog(store, create=False) as log:
        bare = incident_report(log)
    assert bare.warnings == ("no contract given: incidents are not linked to clauses",)
    assert all(i.clause is None and i.interest is None for i in bare.incidents)
    assert any(lesson.position == "change_orders" for lesson in bare.lessons)


def test_cli_report_and_dossier(store: Path, tmp_path: Path) -> None:
    chart, lessons, out = tmp_path / "c.png", tmp_path / "l.toml", tmp_path / "r.pdf"
    result = run(
        "log", "report", "--store", store, "--contract", SERVICES, "--chart", chart,
        "--lessons", lessons, "-o", out,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert chart.stat().st_size > 10_000 and lessons.read_text().startswith("# Lessons")
    first = result.stdout.splitlines()[0].split("\t")
    assert first[0] == "scope-creep" and first[4].startswith("rising")
    assert "late interest owed\tGBP" in result.stdout
    text = pdf_words(out)
    assert "Lessons: changes to the playbook for the next client" in text
    assert "the contract has no change-order clause" in text
    with pdfplumber.open(out) as pdf:
        assert any(page.images for page in pdf.pages)  # the chart
    review = run("review", SERVICES, "--playbook", lessons, "--json")
    assert '"payment due in 30 days; the playbook allows at most 14 days"' in review.stdout
    dossier = tmp_path / "d.pdf"
    result = run("log", "export", "--store", store, "--contract", SERVICES, "-o", dossier)
    assert result.returncode == 0, result.stderr
    text = pdf_words(dossier)
    assert "Verified: the hash chain" in text and "What the record shows" in text
    assert text.index("What the record shows") < text.index("#1 ")
