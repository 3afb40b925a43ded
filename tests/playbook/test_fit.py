"""Issue 16: the playbook fits the contract (kind and side), N/A positions, non-contracts refused.

The lease, tenancy, licence and SaaS contracts are the ones written for the exit toolkit
(``tests/exit/fixtures``); the magazine page is drawn by ``tests/fixtures/prose.py``.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

import contractkit as ck
from contractkit.cli import app
from contractkit.playbook.model import default_playbook, shipped_playbook
from contractkit.playbook.results import scorecard_schema
from contractkit.terms.kind import DocumentKind
from tests.fixtures.prose import magazine_pdf

FIXTURES = Path(__file__).parents[1] / "exit" / "fixtures"
LEASE, TENANCY = FIXTURES / "lease.md", FIXTURES / "tenancy.md"
SERVICES, SAAS, LICENCE = FIXTURES / "services.md", FIXTURES / "saas.md", FIXTURES / "licence.md"
SERVICE_ONLY = {"suspension", "change_orders", "communication", "records", "ip_on_payment"}


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_each_shipped_playbook_says_its_kinds_and_side() -> None:
    books = {name: shipped_playbook(name) for name in ("provider", "vendor", "tenant")}
    assert books["provider"] is default_playbook()
    assert (books["provider"].kinds, books["provider"].side) == (
        ("services", "supply", "employment"),
        "provider",
    )
    assert (books["vendor"].kinds, books["vendor"].side, books["vendor"].role) == (
        ("saas", "licence"),
        "vendor",
        "provider",
    )
    assert (books["tenant"].kinds, books["tenant"].role) == (("lease",), "client")
    for book in books.values():
        assert len(book.positions) >= 10
        for position in book.positions:
            assert position.rationale and position.text and position.fallback


def test_a_lease_gets_the_tenant_playbook_and_its_figures_are_checked() -> None:
    card = ck.review(LEASE)
    assert card.playbook == "Tenant" and card.fit is not None
    assert (card.fit.kind, card.fit.side, card.fit.playbook, card.fit.chosen) == (
        "lease",
        "tenant",
        "tenant",
        True,
    )
    assert "the document looks like a lease" in card.fit.reason
    assert card.finding("tenant_break").status == "ok"  # either party, three months
    assert card.finding("deposit_return").status == "ok"  # returned within 30 days
    assert card.finding("landlord_repairs").reasons[0] == "the landlord has no duty to repair"
    assert card.finding("quiet_enjoyment").status == "missing"
    assert not card.warnings and card.count("n/a") == 0
    # a one-month notice in a residential tenancy, which the terms do not read as a period
    tenancy = ck.review(TENANCY)
    assert tenancy.playbook == "Tenant" and tenancy.finding("deposit_return").status == "ok"


def test_services_saas_and_licences_get_their_playbooks() -> None:
    services = ck.review(SERVICES)
    assert services.playbook == default_playbook().name and services.fit is not None
    assert services.fit.playbook == "provider" and services.fit.fits
    consultant = ck.review(SERVICES, side="consultant").fit
    assert consultant is not None and consultant.reason.startswith(
        "shipped playbook for service agreements, supply agreements and employment and "
        "consulting contracts, on the provider's side (as asked)"
    )
    for source in (SAAS, LICENCE):
        card = ck.review(source)
        assert card.playbook == "SaaS or software vendor", source
        assert card.fit is not None and card.fit.side == "vendor"


def test_a_playbook_for_another_kind_warns_and_service_positions_are_na() -> None:
    with pytest.warns(ck.PlaybookMismatchWarning) as caught:
        card = ck.review(LEASE, playbook=default_playbook())
    message = str(caught[0].message)
    assert message.startswith(
        "playbook 'Service provider (default)' is for service agreements, supply agreements "
        "and employment and consulting contracts; this looks like a lease (title: LEASE; "
        "roles: landlord, tenant; confidence 1.00)"
    )
    assert message.endswith("the shipped 'tenant' playbook is for it")
    assert card.warnings == (message,)
    assert card.fit is not None and not card.fit.fits and not card.fit.chosen
    na = {f.position for f in card.findings if f.status == "n/a"}
    assert na >= SERVICE_ONLY
    assert card.finding("change_orders").reasons == ("does not apply to a lease",)
    assert not {f.position for f in card.gaps} & na  # N/A is no gap
    # N/A positions count for nothing: the score is over the positions that apply
    counted = [f for f in card.findings if f.status != "n/a"]
    weight = {"high": 3, "medium": 2, "low": 1}
    credit = {"ok": 1.0, "weak": 0.5, "missing": 0.0}
    expected = sum(weight[f.severity] * credit[f.status] for f in counted)
    assert card.score == round(100 * expected / sum(weight[f.severity] for f in counted), 1)
    payload = json.loads(card.to_json())
    jsonschema.validate(payload, scorecard_schema())
    assert payload["fit"]["kind"] == "lease" and payload["fit"]["fits"] is False
    assert payload["findings"][5]["status"] == "n/a"
    report = ck.to_markdown(card)
    assert "| **N/A** |" in report and "N/A)." in report


def test_the_side_picks_the_playbook_or_is_refused_when_none_takes_it() -> None:
    assert ck.review(LEASE, side="lessee").playbook == "Tenant"
    with pytest.raises(ck.InvalidOptionError, match="takes the landlord's side"):
        ck.review(LEASE, side="landlord")
    with pytest.raises(ck.InvalidOptionError, match="unknown side 'lodger'"):
        ck.review(LEASE, side="lodger")
    with pytest.warns(ck.PlaybookMismatchWarning, match="not the provider"):
        ck.review(LEASE, playbook=shipped_playbook("tenant"), side="provider")


def test_a_magazine_page_is_refused_unless_forced() -> None:
    with pytest.raises(ck.NotAContractError, match="does not read as a contract") as caught:
        ck.review(magazine_pdf())
    assert caught.value.exit_code == ck.ExitCode.NOT_A_CONTRACT == 13
    with pytest.raises(ck.NotAContractError):
        ck.revise(magazine_pdf())
    with pytest.warns(ck.PlaybookMismatchWarning, match="does not read as a contract"):
        card = ck.review(magazine_pdf(), force=True)
    assert card.fit is not None and card.fit.kind == "not_a_contract" and not card.fit.fits
    assert card.count("missing") > 10  # a page of prose meets no position


def test_cli_refuses_a_magazine_page_with_exit_13(tmp_path: Path) -> None:
    page = tmp_path / "garden.pdf"
    page.write_bytes(magazine_pdf())
    code, _, err = invoke("review", page)
    assert code == 13, err
    assert err.splitlines()[0] == (
        f"contractkit: error: {page}: does not read as a contract (hardly any contract "
        "wording: agreement, parties, shall, terminate)"
    )
    code, _, err = invoke("revise", page, "-o", tmp_path / "r.pdf")
    assert code == 13 and not (tmp_path / "r.pdf").exists()
    code, out, _ = invoke("review", page, "--force", "--json")
    assert code == 0 and json.loads(out)["fit"]["kind"] == "not_a_contract"
    assert "exit 13" in invoke("review", "--help")[1]


def test_cli_picks_warns_and_lists(tmp_path: Path) -> None:
    code, out, err = invoke("review", LEASE)
    assert code == 0, err
    assert "(Tenant)" in out and "why this playbook: shipped playbook for leases" in out
    book = tmp_path / "provider.toml"
    assert invoke("playbook", "init", book)[0] == 0
    code, out, err = invoke("review", LEASE, "--playbook", book, "--json")
    assert code == 0
    assert "contractkit: warning: playbook 'Service provider (default)' is for service" in err
    assert "this looks like a lease" in err
    assert sum(f["status"] == "n/a" for f in json.loads(out)["findings"]) == 6
    code, out, err = invoke("review", SERVICES, "--playbook", "vendor", "--json")
    assert code == 0 and json.loads(out)["fit"]["playbook"] == "vendor"
    assert "playbook 'SaaS or software vendor' is for SaaS agreements and licences; " in err
    code, _, err = invoke("review", SERVICES, "--side", "tenant")
    assert code == 2 and "no shipped playbook takes the tenant's side" in err
    code, out, _ = invoke("playbook", "list")
    assert code == 0
    assert [line.split()[:3] for line in out.splitlines()] == [
        ["provider", "provider", "services,"],
        ["vendor", "vendor", "saas,"],
        ["tenant", "tenant", "lease"],
    ]


def test_init_from_a_shipped_playbook_and_extending_it(tmp_path: Path) -> None:
    copy = tmp_path / "lease.toml"
    assert invoke("playbook", "init", "--from", "tenant", copy)[0] == 0
    assert ck.Playbook.load(copy).positions == shipped_playbook("tenant").positions
    assert invoke("playbook", "init", "--from", "landlord", tmp_path / "x.toml")[0] == 2
    mine = tmp_path / "mine.toml"
    mine.write_text(
        'name = "Our leases"\nextends = "tenant"\n\n[params]\nbreak_notice_months = 6\n\n'
        '[[position]]\nid = "tenant_liability_cap"\nenabled = false\n',
        encoding="utf-8",
    )
    book = ck.Playbook.load(mine)
    assert (book.kinds, book.side, book.params["break_notice_months"]) == (("lease",), "tenant", 6)
    code, out, _ = invoke("playbook", "check", mine)
    assert code == 0 and "for: lease; side: tenant" in out
    card = ck.review(LEASE, playbook=book)  # a lease playbook: no warning
    assert (
        card.fit is not None
        and card.fit.fits
        and "tenant_liability_cap" not in {f.position for f in card.findings}
    )


def test_revising_a_lease_for_the_tenant_closes_every_gap(tmp_path: Path) -> None:
    revision = ck.revise(LEASE)
    assert revision.before.playbook == "Tenant"
    texts = {c.position: c.new_text for c in revision.changes if c.position}
    assert texts["quiet_enjoyment"].startswith(
        "As long as the Tenant pays the rent and performs its obligations under this Lease, the "
        "Tenant may peaceably hold and enjoy the Premises"
    )
    assert "The Landlord shall keep the structure, roof" in texts["landlord_repairs"]
    assert "change_orders" not in texts  # no service positions in a lease
    out = tmp_path / "lease-revised.pdf"
    ck.write(revision, out)
    after = ck.review(out)
    assert after.playbook == "Tenant" and after.gaps == ()


def test_a_long_tenant_notice_is_replaced_and_an_unread_one_kept() -> None:
    long = LEASE.read_text(encoding="utf-8").replace(
        "Either party may terminate this Lease for convenience by giving the other party three "
        "(3) months' written notice.",
        "The Tenant may terminate this Lease for convenience by giving the Landlord nine (9) "
        "months' written notice.",
    )
    revision = ck.revise(long.encode())
    finding = revision.before.finding("tenant_break")
    assert finding.reasons == ("notice period 9 months; the playbook allows at most 90 days",)
    by_old = {c.old_number: c for c in revision.clauses if c.old_number}
    assert by_old["5.1"].text.startswith(
        "The Tenant may terminate this Lease at any time by giving"
    )
    # the tenancy's one-month notice is not read as a term: the break right is added beside it
    tenancy = ck.revise(TENANCY)
    kept = next(c for c in tenancy.clauses if c.old_number == "4.1")
    assert (
        kept.text
        == "The Tenant may end this tenancy by giving the Landlord one (1) month's written notice."
    )


def test_revising_a_licence_for_the_vendor_closes_every_gap(tmp_path: Path) -> None:
    revision = ck.revise(LICENCE, side="licensor")
    texts = {c.position: c.new_text for c in revision.changes if c.position}
    assert texts["licence_scope"].startswith(
        "The rights granted to the Licensee under this Agreement are non-exclusive"
    )
    out = tmp_path / "licence-revised.pdf"
    ck.write(revision, out)
    assert ck.review(out).gaps == ()


def test_revise_warns_about_a_playbook_for_another_kind() -> None:
    with pytest.warns(ck.PlaybookMismatchWarning):
        revision = ck.revise(LEASE, playbook=default_playbook())
    assert revision.warnings[0].startswith("playbook 'Service provider (default)' is for")
    assert not {c.position for c in revision.changes} & SERVICE_ONLY


def test_a_kind_no_shipped_playbook_is_for_gets_the_default_with_a_warning() -> None:
    services = ck.extract(SERVICES)
    credit = dataclasses.replace(services, kind=DocumentKind("credit", 0.8, ("title: CREDIT",)))
    with pytest.warns(ck.PlaybookMismatchWarning) as caught:
        card = ck.review(credit)
    assert str(caught[0].message) == (
        "no shipped playbook is for credit agreements; this looks like a credit agreement "
        "(title: CREDIT; confidence 0.80) and was reviewed against 'Service provider "
        "(default)', whose positions may not fit"
    )
    assert card.fit is not None and not card.fit.fits and card.fit.playbook == "provider"
    # a kind nothing told (no title, roles or vocabulary): the default, and no warning
    unknown = dataclasses.replace(services, kind=DocumentKind("other", 0.3, ()))
    card = ck.review(unknown)
    assert card.fit is not None and card.fit.reason.endswith("(the kind is not known)")
    assert card.count("n/a") == 0 and not card.warnings
