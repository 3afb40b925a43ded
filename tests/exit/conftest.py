"""A small contract written for these tests, as text (fast: no PDF, no OCR)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import contractkit as ck

CONTRACT = textwrap.dedent(
    """\
    WEB DEVELOPMENT SERVICES AGREEMENT

    This Agreement is dated 6 January 2025 and is made between Northwind Studio Ltd, whose
    registered office is at 1 Quay Street, Bristol BS1 4DJ ("Client"), and Jane Doe Digital
    Ltd, whose registered office is at 22 Mill Road, Cambridge CB1 2AD ("Developer").

    1. Services

    1.1 The Developer shall design and build the Client's website. The Client shall give the
    Developer access to its hosting account and content management system.

    2. Fees

    2.1 The Client shall pay each invoice within thirty (30) days of the invoice date.

    3. Confidentiality

    3.1 Each party shall keep the other's Confidential Information confidential during this
    Agreement and for two (2) years after its termination.

    4. Termination

    4.1 The Client may terminate this Agreement for convenience by giving the Developer thirty
    (30) days' written notice.

    4.2 The Developer may terminate this Agreement for convenience by giving the Client ten
    (10) business days' written notice.

    4.3 Either party may terminate this Agreement with immediate effect if the other party
    commits a material breach and fails to remedy it within fourteen (14) days.

    5. Consequences of termination

    5.1 On termination, the Client shall pay the Developer for all work performed up to the
    date of termination.

    5.2 Within five (5) business days after termination, each party shall return or destroy
    the other party's materials and Confidential Information.

    5.3 Clauses 3 and 5 survive termination of this Agreement.

    6. Notices

    6.1 Any notice under this Agreement shall be in writing and shall be delivered by hand or
    sent by recorded delivery to the registered office of the recipient. Notices to the Client
    may also be sent by email to legal@northwind.example, for the attention of the Managing
    Director.

    7. Governing law

    7.1 This Agreement is governed by the laws of England and Wales.
    """
)

PROVIDER_CLAUSE = (
    "4.2 The Developer may terminate this Agreement for convenience by giving the Client ten\n"
    "(10) business days' written notice."
)


@pytest.fixture(scope="session")
def contract_text() -> str:
    return CONTRACT


@pytest.fixture(scope="session")
def extraction() -> ck.Extraction:
    return ck.extract(CONTRACT.encode())


@pytest.fixture
def contract_file(tmp_path: Path) -> Path:
    path = tmp_path / "agreement.txt"
    path.write_text(CONTRACT, encoding="utf-8")
    return path


def variant(old: str, new: str) -> ck.Extraction:
    """The test contract with one passage replaced, extracted."""
    assert old in CONTRACT
    return ck.extract(CONTRACT.replace(old, new).encode())
