"""The literal gates of the rule classifier (issue 19): necessary, never sufficient."""

from __future__ import annotations

import re

import pytest

from contractkit.clauses import _literals, classify
from contractkit.clauses._literals import gate_safe, required_literals
from contractkit.clauses.classify import RuleClassifier, sentences
from contractkit.clauses.segment import segment
from contractkit.document import open as open_document
from tests.fixtures.corpus import load_corpus, render


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"terminate[sd]?\b[^.;]{0,150}\bnotice", ("terminate",)),
        (
            r"(?:for convenience|without cause)[^.;]{0,80}\bterminat",
            ("for convenience", "without cause"),
        ),
        (r"\b(?:days?|weeks?)\b[^.;]{0,80}\bto cure", ("to cure",)),
        (r"(?:insolven|bankrupt)", ("bankrupt", "insolven")),
        (r"^(?=.*\bmay terminate)(?!.*breach).*", ("may terminate",)),
        (r"(?:expiry|expiration) or termination", (" or termination",)),
    ],
)
def test_required_literals(pattern: str, expected: tuple[str, ...]) -> None:
    assert required_literals(re.compile(pattern, re.IGNORECASE)) == expected


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?:notice)?\s*days", ("days",)),  # the optional part adds nothing
        (r"ab", None),  # too short to be worth a test
        (r"(?:x|notice)", None),  # a branch without a literal
        (r"[a-z]+in", None),  # a class, and "in" is too short
        (r"(?!terminat).*", None),  # a negation requires nothing
        (r"(\w+) \1", None),
    ],
)
def test_what_is_not_required(pattern: str, expected: tuple[str, ...] | None) -> None:
    assert required_literals(re.compile(pattern, re.IGNORECASE)) == expected


def test_non_ascii_literals_are_not_used() -> None:
    # a curly apostrophe could be normalised differently: only ASCII runs become literals
    assert required_literals(re.compile("party’s notice", re.IGNORECASE)) == ("s notice",)


def test_texts_with_case_folding_letters_are_not_gated() -> None:
    # under IGNORECASE "ſ" matches "s" and "ı" matches "i": a substring test would miss them
    assert gate_safe("terminate on notice")
    assert gate_safe("terminate on notice, in €")
    assert not gate_safe("terminate on notiſe")
    assert not gate_safe("termınate")
    assert re.search("cease", "ceaſe", re.IGNORECASE)
    assert re.search("in", "ın", re.IGNORECASE)


def _corpus_sentences() -> list[str]:
    out = []
    for contract in load_corpus():
        out += [s.flat for s in sentences(contract.markup)]
    return out


def test_every_packaged_pattern_matches_only_where_its_literals_are() -> None:
    found = 0
    texts = _corpus_sentences()
    for rule in RuleClassifier().rules:
        for pattern in (*rule.strong, *rule.weak, *rule.veto):
            need = required_literals(pattern)
            for text in texts:
                if pattern.search(text):
                    found += 1
                    assert need is None or any(s in text for s in need), (pattern.pattern, text)
    assert found > 100


def test_gated_labels_equal_ungated(monkeypatch: pytest.MonkeyPatch) -> None:
    data, _ = render(next(c for c in load_corpus() if c.name == "msa"))
    clauses = segment(open_document(data, cache=False))
    gated = RuleClassifier()
    expected = gated.classify(clauses)
    monkeypatch.setattr(_literals, "required_literals", lambda pattern: None)
    monkeypatch.setattr(classify, "required_literals", lambda pattern: None)
    classify._gates.cache_clear()
    try:
        ungated = RuleClassifier()
        assert all(need is None for need in classify._gates(ungated.rules).need.values())
        assert ungated.classify(clauses) == expected
    finally:
        classify._gates.cache_clear()
