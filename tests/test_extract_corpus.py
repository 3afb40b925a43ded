"""Quality on the labelled corpus (tests/fixtures/corpus): the issue's aims, as tests.

The same figures, per category and per term, come from ``python -m bench.extract``.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from bench._scoring import GROUP_TERMS, Scores, score
from bench.extract import Outcome, extract_contract
from contractkit.terms._dates import OPENING_CHARS
from contractkit.terms.extract import OPENING_TERMS, TERM_CATEGORIES
from tests.fixtures.corpus import load_corpus

pytestmark = [pytest.mark.slow, pytest.mark.tesseract]


@cache
def outcomes(split: str) -> tuple[Outcome, ...]:
    return tuple(extract_contract(c) for c in load_corpus(split))


@cache
def scores(split: str) -> Scores:
    return score([o.case for o in outcomes(split)])


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_every_contract_is_read(split: str) -> None:
    assert [o.error for o in outcomes(split) if o.error] == []


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_termination_notice_renewal_liability_categories(split: str) -> None:
    group = scores(split).categories.group
    assert group.f1 is not None and group.f1 >= 0.9, group.to_dict()


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_their_terms_match_exactly(split: str) -> None:
    terms = scores(split).terms
    group = terms.group
    assert group.exact_match is not None and group.exact_match >= 0.9, [
        terms.per_name[n].to_dict() for n in GROUP_TERMS if n in terms.per_name
    ]


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_segmentation_finds_the_clauses(split: str) -> None:
    segmentation = scores(split).segmentation
    assert segmentation.recall >= 0.97 and segmentation.precision >= 0.95


def test_terms_read_by_ocr_carry_their_confidence() -> None:
    scanned = [o for o in outcomes("dev") if o.render == "scan"]
    assert scanned
    for outcome in scanned:
        assert outcome.predicted is not None
        terms = outcome.predicted["terms"]
        figures = [t for t in terms if t["name"] in ("cure_period", "liability_cap")]
        assert figures and all(t["confidence"] is not None for t in figures)
        assert all(t["page"] is not None for t in terms)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_every_term_quotes_a_clause_of_its_category(split: str) -> None:
    """No term value without a quote from a clause labelled with the term's category.

    A clause counts with the labels of the section it is part of; the contract's date and
    effective date may also come from its opening words (cover block and preamble).
    """
    checked = 0
    for outcome in outcomes(split):
        assert outcome.predicted is not None
        clauses = {c["id"]: c for c in outcome.predicted["clauses"]}
        for term in outcome.predicted["terms"]:
            clause = clauses[term["clause"]]
            assert term["quote"] and term["quote"] in _flat(clause["text"]), term
            categories, at = set(), clause
            while at is not None:
                categories |= {label["category"] for label in at["labels"]}
                at = clauses.get(at["parent"] or "")
            allowed = {str(c) for c in TERM_CATEGORIES[term["name"]]}
            opening = term["name"] in OPENING_TERMS and clause["start"] < OPENING_CHARS
            assert opening or categories & allowed, (outcome.name, term["name"], categories)
            checked += 1
    assert checked > 20
