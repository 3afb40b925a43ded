"""End a contract: notice letter, transition plan and an interaction record, in a temp folder."""

from __future__ import annotations

import datetime as dt
import tempfile
import textwrap
from pathlib import Path

import contractkit as ck

CONTRACT = textwrap.dedent(
    """\
    DESIGN SERVICES AGREEMENT

    This Agreement is dated 6 January 2025 and is made between Northwind Studio Ltd, whose
    registered office is at 1 Quay Street, Bristol BS1 4DJ ("Client"), and Jane Doe Design
    Ltd, whose registered office is at 22 Mill Road, Cambridge CB1 2AD ("Designer").

    1. Termination

    1.1 The Designer may terminate this Agreement for convenience by giving the Client ten
    (10) business days' written notice.

    1.2 Within five (5) business days after termination, each party shall return or destroy
    the other party's materials.

    2. Notices

    2.1 Notices shall be delivered by hand or sent by recorded delivery to the registered
    office of the recipient, or by email to legal@northwind.example.

    3. Governing law

    3.1 This Agreement is governed by the laws of England and Wales.
    """
)

with tempfile.TemporaryDirectory() as folder:
    out = Path(folder)
    extraction = ck.extract(CONTRACT.encode())

    letter = ck.termination_notice(extraction, date=dt.date(2025, 4, 14))
    letter.write(out / "notice.pdf")
    # Good Friday and Easter Monday are bank holidays in England: 10 business days end on 30 April
    print(letter.period, "->", letter.effective_date, "| delivered", letter.delivery.describe())

    plan = ck.transition_plan(extraction, date=dt.date(2025, 4, 14), alternatives=["Ada Studio"])
    plan.write(out / "plan.md")
    for milestone in plan.milestones[:3]:
        print(milestone.date, milestone.action)

    with ck.InteractionLog(out / "northwind.sqlite") as log:
        log.add("call", "Asked for two extra pages at no cost.", tags=["scope-creep"])
        log.add("note", "Invoice 17 is 20 days overdue.", tags=["late-payment"])
        print(log.verify())
        log.export(out / "dossier.pdf")
