"""The transition plan: timeline and checklist read back from the PDF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import contractkit as ck
from contractkit.exit.dates import is_business_day
from tests.exit.test_notice import pdf_words


def test_plan_pdf_reads_back(extraction: ck.Extraction, tmp_path: Path) -> None:
    plan = ck.transition_plan(
        extraction,
        date=dt.date(2025, 4, 14),
        alternatives=["Ada Studio <hello@ada.example>", "Brook & Co"],
    )
    assert plan.effective_date == dt.date(2025, 4, 30)
    dates = [m.date for m in plan.milestones]
    assert dates == sorted(dates)
    assert dates[0] == dt.date(2025, 4, 14)
    inside = [d for d in dates if plan.notice_date < d < plan.effective_date]
    assert len(inside) >= 4  # none on a weekend, Good Friday or Easter Monday
    assert all(is_business_day(d, country="GB", subdivision="ENG") for d in inside)
    kinds = {o.kind for o in plan.obligations}
    assert {"payment", "return", "survival", "confidentiality"} <= kinds
    secret = next(o for o in plan.obligations if o.kind == "confidentiality")
    assert secret.clause == "3.1" and secret.due == dt.date(2027, 4, 30)
    # "within five (5) business days after termination": 30 April + 5 business days in England
    returned = next(o for o in plan.obligations if o.kind == "return")
    assert returned.clause == "5.2" and returned.due == dt.date(2025, 5, 8)
    # the final invoice is due 30 days after the termination date (clause 2.1)
    assert any(
        m.date == dt.date(2025, 5, 30) and "Final invoice" in m.action for m in plan.milestones
    )
    out = tmp_path / "plan.pdf"
    plan.write(out)
    text = pdf_words(out)
    for expected in (
        "Transition plan: Web Development Services Agreement",
        "the Agreement ends on 30 April 2025",
        "Timeline",
        "Termination Date: revoke access",
        "Access to revoke",
        "hosting account",  # clause 1.1 quoted
        "Data to return or delete",
        "Post-termination obligations in the contract",
        "8 May 2025",
        "Ada Studio <hello@ada.example>",
        "Brook & Co",
    ):
        assert expected in text, expected


def test_plan_markdown(extraction: ck.Extraction, tmp_path: Path) -> None:
    plan = ck.transition_plan(extraction, date=dt.date(2025, 4, 14))
    out = tmp_path / "plan.md"
    plan.write(out)
    md = out.read_text()
    assert "| Date | Action | Who |" in md
    assert "Recommended alternative providers" not in md
