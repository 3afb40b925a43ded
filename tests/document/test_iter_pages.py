"""``iter_pages``: the pages of ``open``, one at a time (issue 19)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import contractkit as ck
from contractkit.document import _lazy
from tests import fixtures
from tests.fixtures import layouts


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(layouts.headers_footers_pdf().data, id="headers-footers"),
        pytest.param(layouts.hyphenated_pdf().data, id="hyphenated"),
        pytest.param(layouts.two_column_pdf().data, id="two-columns"),
        pytest.param(layouts.typography_pdf().data, id="typography"),
        pytest.param(fixtures.contract_pdf(pages=12).data, id="contract-12p"),
    ],
)
def test_pages_equal_those_of_open(data: bytes) -> None:
    # furniture (counted over all pages), reading order, joins across page breaks, offsets
    assert tuple(ck.iter_pages(data, cache=False)) == ck.open(data, cache=False).pages


def test_born_digital_pdf_is_read_lazily(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_whole_document(*args: object, **kwargs: object) -> None:
        raise AssertionError("the whole document was built")

    monkeypatch.setattr("contractkit.document._document", no_whole_document)
    pages = ck.iter_pages(fixtures.contract_pdf(pages=3).data, cache=False)
    assert [page.number for page in pages] == [1, 2, 3]


def test_other_formats_come_from_open() -> None:
    fixture = layouts.docx_contract()
    assert tuple(ck.iter_pages(fixture.data)) == ck.open(fixture.data).pages
    text = b"1. Term\n\nThis Agreement starts today.\n"
    assert tuple(ck.iter_pages(text)) == ck.open(text).pages


def test_a_page_without_text_sends_the_pdf_to_open(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(_lazy, "iter_pdf_pages", lambda src, read: calls.append(1))
    data = fixtures.contract_pdf(pages=2).data
    assert tuple(ck.iter_pages(data, cache=False)) == ck.open(data, cache=False).pages
    assert calls == [1]


def test_options_are_checked_at_the_call(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="once"):
        ck.iter_pages(b"%PDF-1.4", ck.ReadOptions(), cache=False)
    with pytest.raises(ck.InputError):
        ck.iter_pages(tmp_path / "missing.pdf")


def test_the_collector_is_on_between_pages() -> None:
    pages = ck.iter_pages(fixtures.contract_pdf(pages=2).data, cache=False)
    for _ in pages:
        assert gc.isenabled()
    assert gc.isenabled()
