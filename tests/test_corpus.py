"""The labelled corpus: its labels follow ``corpus/README.md``, every contract renders, the scorer.

Corpus contracts are checked one by one (parametrised by name). A small sample contract of
our own exercises the renderers in every mode and the benchmark's scorer, so these tests
mean something while the corpus is still being written.
"""

from __future__ import annotations

import copy
import io
import json
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import docx  # type: ignore[import-untyped]
import pdfplumber
import pytest

from bench._scoring import (
    CATEGORIES,
    GROUP,
    KINDS,
    TERM_NAMES,
    Case,
    clause_paths,
    same_value,
    score,
    score_categories,
    score_segmentation,
    score_terms,
)
from tests.fixtures import corpus
from tests.fixtures.corpus import (
    CORPUS_DIR,
    FONTS,
    RENDERS,
    SPLITS,
    CorpusContract,
    load_corpus,
    parse_markup,
    plain_text,
    render,
)

# --- the README's rules -------------------------------------------------------------------

KEYS = {"split", "render", "font", "title", "parties", "clauses", "terms"}
OPTIONAL_KEYS = {"font", "notes"}
CLAUSE_KEYS = {"number", "heading", "kind", "level", "categories"}
PARTY_KEYS = {"name", "defined_as", "role"}
ROLES = ("provider", "client")
UNITS = ("days", "business_days", "months")
CURRENCIES = ("USD", "GBP", "EUR", "CAD", "AUD")
CAP_EXCLUSIONS = (
    "confidentiality",
    "data protection",
    "death or personal injury",
    "fraud",
    "gross negligence",
    "indemnification",
    "intellectual property",
    "payment obligations",
    "wilful misconduct",
)
INDEMNITIES = (
    "breach of contract",
    "client materials",
    "data breach",
    "ip infringement",
    "negligence",
    "personal injury or property damage",
    "violation of law",
    "wilful misconduct",
)
LAW_PREFIXES = ("the laws of", "the state of", "the province of", "the commonwealth of")
DURATION_TERMS = (
    "renewal_notice",
    "cure_period",
    "initial_term",
    "renewal_term",
    "payment_due",
    "non_solicitation_period",
)
#: terms that may appear more than once, and the key that tells the copies apart: one
#: notice per party, one indemnity per indemnifier, late interest and a late fee side by side
REPEATABLE = {"termination_notice": "party", "indemnification": "by", "late_payment": "percent"}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _duration(value: Any, extra: frozenset[str] = frozenset()) -> list[str]:
    if not isinstance(value, Mapping) or set(value) != {"amount", "unit"} | extra:
        return [f"a duration is {{amount, unit}}, not {value!r}"]
    problems = []
    if not _is_number(value["amount"]) or value["amount"] <= 0:
        problems.append(f"amount {value['amount']!r} is not a positive number")
    if value["unit"] not in UNITS:
        problems.append(f"unit {value['unit']!r} is not one of {UNITS}")
    return problems


def _flag(value: Any, *, only_true: bool) -> list[str]:
    if not isinstance(value, Mapping) or set(value) != {"value"}:
        return [f"expected {{value: bool}}, not {value!r}"]
    if not isinstance(value["value"], bool) or (only_true and value["value"] is not True):
        return [f"value {value['value']!r} should be {'true' if only_true else 'a boolean'}"]
    return []


def _sorted_subset(items: Any, allowed: tuple[str, ...]) -> list[str]:
    if not isinstance(items, list) or not items:
        return [f"expected a non-empty list, not {items!r}"]
    problems = [f"{item!r} is not one of {allowed}" for item in items if item not in allowed]
    if items != sorted(set(items)):
        problems.append(f"{items!r} is not sorted without repeats")
    return problems


def _money(value: Mapping[str, Any]) -> list[str]:
    problems = [] if _is_number(value.get("amount")) else [f"amount of {value!r}"]
    if value.get("currency") not in CURRENCIES:
        problems.append(f"currency {value.get('currency')!r} is not one of {CURRENCIES}")
    return problems


def term_problems(name: str, value: Any) -> list[str]:
    """What is wrong with one term's value, by the README's table (empty when nothing)."""
    if name == "termination_notice":
        problems = _duration(value, frozenset({"party"}))
        if isinstance(value, Mapping) and value.get("party") not in (*ROLES, "either"):
            problems.append(f"party {value.get('party')!r} is not provider, client or either")
        return problems
    if name in DURATION_TERMS:
        return _duration(value)
    if name == "auto_renewal":
        return _flag(value, only_true=False)
    if name in ("consequential_damages_excluded", "suspension_for_nonpayment"):
        return _flag(value, only_true=True)
    if not isinstance(value, Mapping):
        return [f"value {value!r} is not an object"]
    keys = set(value)
    if name == "liability_cap":
        if value.get("kind") == "amount" and keys == {"kind", "amount", "currency"}:
            return _money(value)
        if value.get("kind") == "fees" and keys == {"kind", "multiple", "months"}:
            months = value["months"]
            ok = _is_number(value["multiple"]) and (months is None or _is_number(months))
            return [] if ok else [f"multiple or months of {value!r}"]
        return [f"a cap is {{kind: amount, amount, currency}} or {{kind: fees, ...}}: {value!r}"]
    if name == "liability_cap_exclusions":
        if keys != {"items"}:
            return [f"expected {{items}}, not {value!r}"]
        return _sorted_subset(value["items"], CAP_EXCLUSIONS)
    if name == "indemnification":
        if keys != {"by", "for"}:
            return [f"expected {{by, for}}, not {value!r}"]
        problems = _sorted_subset(value["for"], INDEMNITIES)
        return problems + ([] if value["by"] in ROLES else [f"by {value['by']!r}"])
    if name == "late_payment":
        if keys == {"percent", "per"}:
            ok = _is_number(value["percent"]) and value["per"] in ("month", "year")
            return [] if ok else [f"interest {value!r}"]
        if keys == {"amount", "currency"}:
            return _money(value)
        return [f"late payment is {{percent, per}} or {{amount, currency}}: {value!r}"]
    if name == "governing_law":
        law = value.get("jurisdiction")
        if keys != {"jurisdiction"} or not isinstance(law, str) or not law.strip():
            return [f"expected {{jurisdiction: str}}, not {value!r}"]
        bad = [p for p in LAW_PREFIXES if law.lower().startswith(p)]
        return [f"jurisdiction {law!r} keeps {bad[0]!r}"] if bad else []
    if name == "dispute_forum":
        if keys != {"method", "place"} or value["method"] not in ("courts", "arbitration"):
            return [f"expected {{method: courts|arbitration, place}}, not {value!r}"]
        place = value["place"]
        return [] if place is None or (isinstance(place, str) and place) else [f"place {place!r}"]
    if name == "confidentiality_survival":
        return [] if dict(value) == {"perpetual": True} else _duration(value)
    return [f"unknown term {name!r}"]


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _number_pattern(number: str) -> re.Pattern[str]:
    """The number as a whole token: "1" is not found in "1.1", "10" or "Section 21"."""
    body = r"\s+".join(re.escape(part) for part in number.split())
    return re.compile(rf"(?<![\w.]){body}(?!\w|\.\w)", re.IGNORECASE)


def _clause_problems(contract: CorpusContract, text: str) -> list[str]:
    clauses = contract.expected.get("clauses")
    if not isinstance(clauses, list) or not clauses:
        return ["clauses: expected a non-empty list"]
    problems: list[str] = []
    folded = _fold(text)
    at = 0  # numbers must appear in the text in reading order
    previous_level = 0
    recitals = 0
    for index, clause in enumerate(clauses):
        where = f"clauses[{index}]"
        if not isinstance(clause, Mapping) or set(clause) != CLAUSE_KEYS:
            problems.append(f"{where}: keys must be {sorted(CLAUSE_KEYS)}: {clause!r}")
            continue
        number, heading, kind, level = (clause[k] for k in ("number", "heading", "kind", "level"))
        where = f"{where} ({number or heading or kind})"
        for field_name, value in (("number", number), ("heading", heading)):
            if value is None:
                continue
            if not isinstance(value, str) or not value.strip() or value != value.strip():
                problems.append(f"{where}: {field_name} {value!r} is not a trimmed string")
            elif value.endswith("."):
                problems.append(f"{where}: {field_name} {value!r} ends with a full stop")
        if kind not in KINDS:
            problems.append(f"{where}: kind {kind!r} is not one of {KINDS}")
        recitals += kind == "recitals"
        if not isinstance(level, int) or isinstance(level, bool) or level < 1:
            problems.append(f"{where}: level {level!r} is not a positive integer")
        elif level > previous_level + 1:
            problems.append(f"{where}: level {level} follows level {previous_level}")
        elif kind == "schedule" and level != 1:
            problems.append(f"{where}: a schedule is level 1, not {level}")
        if isinstance(level, int):
            previous_level = level
        categories = clause["categories"]
        if not isinstance(categories, list):
            problems.append(f"{where}: categories {categories!r} is not a list")
        else:
            unknown = [c for c in categories if c not in CATEGORIES]
            if unknown:
                problems.append(f"{where}: unknown categories {unknown}")
            if len(set(map(str, categories))) != len(categories):
                problems.append(f"{where}: repeated categories {categories}")
        if isinstance(number, str) and number.strip():
            found = _number_pattern(number).search(text, at)
            if found is None:
                earlier = _number_pattern(number).search(text)
                problems.append(
                    f"{where}: number {number!r} "
                    + ("is out of reading order" if earlier else "is not in the text")
                )
            else:
                at = found.end()
        if isinstance(heading, str) and heading.strip() and _fold(heading) not in folded:
            problems.append(f"{where}: heading {heading!r} is not in the text")
    if recitals > 1:
        problems.append(f"{recitals} recitals entries; the README asks for one for the block")
    return problems


def _copy_key(name: str, value: Any) -> str:
    """What tells apart the terms of one name that may be given more than once."""
    distinct = REPEATABLE.get(name)
    if distinct is None or not isinstance(value, Mapping):
        return ""
    return str(distinct in value) if distinct == "percent" else str(value.get(distinct))


def _term_list_problems(terms: Any) -> list[str]:
    if not isinstance(terms, list):
        return ["terms: expected a list"]
    problems: list[str] = []
    seen: Counter[tuple[str, str]] = Counter()
    for index, term in enumerate(terms):
        if not isinstance(term, Mapping) or set(term) != {"name", "value"}:
            problems.append(f"terms[{index}]: expected {{name, value}}, not {term!r}")
            continue
        name = term["name"]
        if name not in TERM_NAMES:
            problems.append(f"terms[{index}]: unknown term {name!r}")
            continue
        problems += [f"terms[{index}] {name}: {p}" for p in term_problems(name, term["value"])]
        seen[(name, _copy_key(name, term["value"]))] += 1
    problems += [f"term {name} given {n} times" for (name, _), n in seen.items() if n > 1]
    parties = {who for (name, who) in seen if name == "termination_notice"}
    if "either" in parties and len(parties) > 1:
        problems.append("termination_notice for 'either' and for one party as well")
    return problems


def _party_problems(parties: Any, folded: str) -> list[str]:
    if not isinstance(parties, list) or len(parties) < 2:
        return ["parties: expected a list of at least two"]
    problems: list[str] = []
    for index, party in enumerate(parties):
        if not isinstance(party, Mapping) or set(party) != PARTY_KEYS:
            problems.append(f"parties[{index}]: keys must be {sorted(PARTY_KEYS)}: {party!r}")
            continue
        if party["role"] not in ROLES:
            problems.append(f"parties[{index}]: role {party['role']!r} is not one of {ROLES}")
        for key in ("name", "defined_as"):
            value = party[key]
            if value is None and key == "defined_as":
                continue
            if not isinstance(value, str) or _fold(value) not in folded:
                problems.append(f"parties[{index}]: {key} {value!r} is not in the text")
    roles = {p.get("role") for p in parties if isinstance(p, Mapping)}
    if not set(ROLES) <= roles:
        problems.append(f"parties: roles {sorted(map(str, roles))} lack a provider or a client")
    return problems


def _markup_problems(contract: CorpusContract) -> list[str]:
    problems: list[str] = []
    blocks = [b for b in contract.blocks if b.kind != "break"]
    titles = [b for b in blocks if b.kind == "title"]
    if len(titles) != 1 or blocks[0].kind != "title":
        problems.append(f"{len(titles)} '# ' title blocks; expected one, first")
    for line in contract.markup.splitlines():
        if re.match(r"\s*([-+*] |\d+\) |\|)|#{2,} ", line):
            problems.append(f"markup: a Markdown list, table or heading: {line.strip()[:60]!r}")
        if re.match(r"\s*>+[^>\s]", line):
            problems.append(f"markup: '>' without a space after it: {line.strip()[:60]!r}")
        if re.search(r"\[[^\]]+\]\([^)]+\)", line):
            problems.append(f"markup: a Markdown link: {line.strip()[:60]!r}")
    text = plain_text(contract)
    if "*" in text:
        problems.append("markup: a '*' left over (an unclosed bold or italic run?)")
    if contract.render in ("pdf", "scan"):
        odd = sorted({c for c in text if c not in "\n" and not _in_cp1252(c)})
        if odd:
            problems.append(f"characters the PDF standard fonts cannot draw: {odd}")
    return problems


def _in_cp1252(char: str) -> bool:
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def label_problems(contract: CorpusContract) -> list[str]:
    """Everything in a contract's labels (and markup) that breaks the README's rules."""
    labels = contract.expected
    problems: list[str] = []
    missing, unknown = KEYS - OPTIONAL_KEYS - set(labels), set(labels) - KEYS - OPTIONAL_KEYS
    if missing or unknown:
        problems.append(f"keys: missing {sorted(missing)}, unknown {sorted(unknown)}")
    if labels.get("split") not in SPLITS:
        problems.append(f"split {labels.get('split')!r} is not one of {SPLITS}")
    if labels.get("render") not in RENDERS:
        problems.append(f"render {labels.get('render')!r} is not one of {RENDERS}")
    font = labels.get("font")
    if (font is not None or labels.get("render") in ("pdf", "scan")) and font not in FONTS:
        problems.append(f"font {font!r} is not one of {FONTS}")
    text = plain_text(contract)
    folded = _fold(text)
    title = labels.get("title")
    if not isinstance(title, str) or _fold(title) not in folded:
        problems.append(f"title {title!r} is not in the text")
    problems += _markup_problems(contract)
    problems += _party_problems(labels.get("parties"), folded)
    problems += _clause_problems(contract, text)
    problems += _term_list_problems(labels.get("terms"))
    return problems


# --- a sample contract of our own -----------------------------------------------------------

SAMPLE_MARKUP = """# Website Design Agreement

This Website Design Agreement is made on 3 March 2025 between **Northwind Studio Ltd** (the
"Client") and *Jane Doe* (the "Designer").

WHEREAS the Client wishes to engage the Designer to design its website; and WHEREAS the
Designer is willing to do so on the terms below.

1. **Definitions.** In this Agreement, "Services" means the design services set out in
Schedule 1.

2. **Fees and Payment**

> 2.1 The Client shall pay the Designer GBP 4,000 for the Services. Invoices are payable
within thirty (30) days of receipt.

> 2.2 Late payments bear interest at 1.5% per month.

===

^ ARTICLE 3 – TERMINATION

> 3.1 Either party may terminate this Agreement for convenience on thirty (30) days'
*written* notice.

> 3.2 Either party may terminate this Agreement if the other party materially breaches it
and fails to cure the breach within fifteen (15) days of notice, including:

>> (a) any failure to pay an undisputed invoice when due.

4. **Governing Law.** This Agreement is governed by the laws of England and Wales.

IN WITNESS WHEREOF the parties have signed this Agreement.

Northwind Studio Ltd, by: ____________ Jane Doe: ____________

===

^ SCHEDULE 1 – SERVICES

> Design of the home page and five inner pages, in two rounds of revisions.
"""


def _clause(
    number: str | None, heading: str | None, level: int, *categories: str, kind: str = "clause"
) -> dict[str, Any]:
    return {
        "number": number,
        "heading": heading,
        "kind": kind,
        "level": level,
        "categories": list(categories),
    }


SAMPLE_LABELS: dict[str, Any] = {
    "split": "dev",
    "render": "pdf",
    "font": "Times-Roman",
    "title": "Website Design Agreement",
    "parties": [
        {"name": "Northwind Studio Ltd", "defined_as": "Client", "role": "client"},
        {"name": "Jane Doe", "defined_as": "Designer", "role": "provider"},
    ],
    "clauses": [
        _clause(None, None, 1, kind="recitals"),
        _clause("1", "Definitions", 1, kind="definitions"),
        _clause("2", "Fees and Payment", 1),
        _clause("2.1", None, 2, "Fees", "Payment Terms"),
        _clause("2.2", None, 2, "Late Payment"),
        _clause("ARTICLE 3", "TERMINATION", 1),
        _clause("3.1", None, 2, "Termination For Convenience", "Notice Period"),
        _clause("3.2", None, 2, "Termination For Cause", "Cure Period"),
        _clause("(a)", None, 3),
        _clause("4", "Governing Law", 1, "Governing Law"),
        _clause(None, None, 1, kind="signature"),
        _clause("SCHEDULE 1", "SERVICES", 1, "Scope Of Services", kind="schedule"),
    ],
    "terms": [
        {"name": "termination_notice", "value": {"party": "either", "amount": 30, "unit": "days"}},
        {"name": "cure_period", "value": {"amount": 15, "unit": "days"}},
        {"name": "payment_due", "value": {"amount": 30, "unit": "days"}},
        {"name": "late_payment", "value": {"percent": 1.5, "per": "month"}},
        {"name": "governing_law", "value": {"jurisdiction": "England and Wales"}},
    ],
}


def sample(**changes: Any) -> CorpusContract:
    """The sample contract; ``changes`` replace its fields (``render``, ``font``, ...)."""
    labels = copy.deepcopy(SAMPLE_LABELS)
    fields: dict[str, Any] = {"split": "dev", "render": "pdf", "font": "Times-Roman"} | changes
    labels |= {k: v for k, v in fields.items() if k in ("split", "render", "font")}
    return CorpusContract(
        name=fields.pop("name", "sample"),
        markup=fields.pop("markup", SAMPLE_MARKUP),
        expected=labels,
        **{k: v for k, v in fields.items() if k in ("split", "render", "font")},
    )


def as_prediction(expected: Mapping[str, Any], *, score_: float = 0.9) -> dict[str, Any]:
    """What a perfect ``Extraction.to_dict()`` would be for ``expected``."""
    clauses: list[dict[str, Any]] = []
    stack: list[tuple[int, str]] = []
    for index, clause in enumerate(expected["clauses"]):
        while stack and stack[-1][0] >= clause["level"]:
            stack.pop()
        ident = f"c{index + 1}"
        clauses.append(
            {
                "id": ident,
                "number": clause["number"],
                "heading": clause["heading"],
                "kind": clause["kind"],
                "level": clause["level"],
                "parent": stack[-1][1] if stack else None,
                "text": "...",
                "pages": [1],
                "labels": [
                    {"category": c, "score": score_, "triggers": []} for c in clause["categories"]
                ],
            }
        )
        stack.append((clause["level"], ident))
    terms = [
        {
            "name": term["name"],
            "value": copy.deepcopy(term["value"]),
            "quote": "...",
            "clause": None,
            "page": 1,
            "confidence": None,
            "needs_review": False,
        }
        for term in expected["terms"]
    ]
    return {
        "schema_version": "1",
        "document": {"name": "sample", "pages": 2},
        "parties": copy.deepcopy(list(expected["parties"])),
        "clauses": clauses,
        "terms": terms,
    }


# --- reading the documents back -------------------------------------------------------------


def pdf_pages(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def missing_words(contract: CorpusContract, text: str) -> list[str]:
    """Words of the plain text the document's text lacks (counted: twice needs twice)."""
    return sorted((Counter(plain_text(contract).split()) - Counter(text.split())).elements())


def assert_image_only(data: bytes, pages: int) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == pages
        for page in pdf.pages:
            assert not page.chars, "a scan has no text layer"
            assert len(page.images) == 1
            assert (round(page.width), round(page.height)) == (612, 792)


def assert_renders(contract: CorpusContract, mode: str) -> None:
    """The document of ``mode`` holds every word of the plain text (scans: image-only)."""
    data, suffix = render(contract, mode=mode)
    assert suffix == corpus.SUFFIXES[mode]
    if mode == "pdf":
        pages = pdf_pages(data)
        assert missing_words(contract, "\n".join(pages)) == []
        total = len(pages)
        assert all(f"Page {n} of {total}" in text for n, text in enumerate(pages, start=1))
    elif mode == "scan":
        assert_image_only(data, len(pdf_pages(render(contract, mode="pdf")[0])))
    elif mode == "docx":
        assert missing_words(contract, docx_text(data)) == []
    else:
        assert missing_words(contract, data.decode("utf-8")) == []


# --- the corpus -------------------------------------------------------------------------------

CONTRACTS = load_corpus()


def test_corpus_files_come_in_pairs() -> None:
    names = {p.stem for p in CORPUS_DIR.glob("*.txt")} | {p.stem for p in CORPUS_DIR.glob("*.json")}
    unpaired = sorted(
        name
        for name in names
        if not ((CORPUS_DIR / f"{name}.txt").is_file() and (CORPUS_DIR / f"{name}.json").is_file())
    )
    assert unpaired == []


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.name)
def test_labels_follow_the_readme(contract: CorpusContract) -> None:
    assert label_problems(contract) == []


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.name)
def test_contract_renders_with_all_its_words(contract: CorpusContract) -> None:
    assert_renders(contract, contract.render)


# --- the sample: markup, rendering, loading -------------------------------------------------


def test_sample_labels_follow_the_readme() -> None:
    assert label_problems(sample()) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda labels: labels["clauses"][3].update(level=4), "level 4 follows level 1"),
        (lambda labels: labels["clauses"][3].update(number="2.9"), "not in the text"),
        (lambda labels: labels["clauses"][2].update(number="2."), "full stop"),
        (lambda labels: labels["clauses"][4].update(categories=["Late Fees"]), "unknown"),
        (lambda labels: labels["terms"].append({"name": "cap", "value": {}}), "unknown term"),
        (
            lambda labels: labels["terms"][1].update(value={"amount": 2, "unit": "weeks"}),
            "unit 'weeks'",
        ),
        (lambda labels: labels["parties"][1].update(role="designer"), "role 'designer'"),
        (lambda labels: labels.update(render="html"), "render 'html'"),
    ],
)
def test_label_check_finds_mistakes(change: Any, problem: str) -> None:
    contract = sample()
    change(contract.expected)
    problems = label_problems(contract)
    assert any(problem in p for p in problems), problems


def test_clause_numbers_must_follow_reading_order() -> None:
    contract = sample()
    clauses = contract.expected["clauses"]
    clauses[3], clauses[4] = clauses[4], clauses[3]
    assert any("out of reading order" in p for p in label_problems(contract))


def test_markup_blocks() -> None:
    blocks = parse_markup("# T **x**\n\n^ ARTICLE 1\n\n>> (a) one\ntwo *it*\n\n===\n\nplain * star")
    assert [(b.kind, b.level, b.text) for b in blocks] == [
        ("title", 0, "T x"),
        ("centred", 0, "ARTICLE 1"),
        ("paragraph", 2, "(a) one two it"),
        ("break", 0, ""),
        ("paragraph", 0, "plain * star"),
    ]
    assert [(r.text, r.bold, r.italic) for r in blocks[2].runs] == [
        ("(a) one two ", False, False),
        ("it", False, True),
    ]
    runs = corpus.inline_runs("a **b *c* d** e")
    assert [(r.text, r.bold, r.italic) for r in runs] == [
        ("a ", False, False),
        ("b ", True, False),
        ("c", True, True),
        (" d", True, False),
        (" e", False, False),
    ]


@pytest.mark.parametrize(
    ("markup", "heading"),
    [
        ("**Term**", True),
        ("2. **Fees and Payment**", True),
        ("> **(b) Fees.**", True),
        ("1. **Definitions.** In this Agreement, words have the meanings given below.", False),
        ("^ TERM", False),  # centred lines keep with the next block anyway
        ("Term", False),
    ],
)
def test_heading_lines_keep_with_next(markup: str, heading: bool) -> None:
    assert corpus.is_heading_line(parse_markup(markup)[0]) is heading


def test_plain_text_drops_markup_and_breaks() -> None:
    text = plain_text(sample())
    assert text.startswith("Website Design Agreement\n\nThis Website Design Agreement is made")
    assert "**" not in text and ">" not in text and "===" not in text
    assert "\n\n(a) any failure to pay" in text
    assert "ARTICLE 3 – TERMINATION" in text


@pytest.mark.parametrize("mode", RENDERS)
@pytest.mark.parametrize("font", FONTS)
def test_sample_renders_in_every_mode(mode: str, font: str) -> None:
    if mode == "scan" and font != "Times-Roman":
        pytest.skip("one scan is enough; the fonts are checked in the PDF")
    assert_renders(sample(font=font), mode)


def test_pdf_layout() -> None:
    data, _ = render(sample(font="Helvetica"), mode="pdf")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 3  # two page breaks
        assert (pdf.pages[0].width, pdf.pages[0].height) == (612, 792)
        assert pdf.metadata["Title"] == "Website Design Agreement"
        chars = pdf.pages[0].chars
        assert {c["fontname"] for c in chars} == {
            "Helvetica",
            "Helvetica-Bold",
            "Helvetica-Oblique",
        }
        lines = {line["text"]: line for line in pdf.pages[0].extract_text_lines()}
        title = lines["Website Design Agreement"]
        assert abs((title["x0"] + title["x1"]) / 2 - 306) < 1  # centred
        assert title["chars"][0]["fontname"] == "Helvetica-Bold"
        assert title["chars"][0]["size"] > 11
        indent = {t[:5]: line["x0"] for t, line in lines.items()}
        assert indent["2.1 T"] == pytest.approx(72 + 18, abs=0.5)
        body = next(ln for t, ln in lines.items() if t.startswith("This Website"))
        assert body["x0"] == pytest.approx(72, abs=0.5)
        footer = lines["Page 1 of 3"]
        assert footer["top"] > 792 - 72
        page2 = {line["text"]: line for line in pdf.pages[1].extract_text_lines()}
        assert page2["(a) any failure to pay an undisputed invoice when due."]["x0"] == (
            pytest.approx(72 + 36, abs=0.5)
        )
        heading = page2["ARTICLE 3 – TERMINATION"]
        assert abs((heading["x0"] + heading["x1"]) / 2 - 306) < 1


def test_docx_layout() -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # type: ignore[import-untyped]
    from docx.shared import Pt  # type: ignore[import-untyped]

    data, suffix = render(sample(), mode="docx")
    assert suffix == ".docx"
    document = docx.Document(io.BytesIO(data))
    paragraphs = {p.text: p for p in document.paragraphs if p.text}
    title = paragraphs["Website Design Agreement"]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold for run in title.runs)
    article = paragraphs["ARTICLE 3 – TERMINATION"]
    assert article.alignment == WD_ALIGN_PARAGRAPH.CENTER and article.runs[0].bold
    sub = next(p for text, p in paragraphs.items() if text.startswith("(a) any failure"))
    assert sub.paragraph_format.left_indent == Pt(36)
    parties = next(p for text, p in paragraphs.items() if text.startswith("This Website"))
    assert [r.text for r in parties.runs if r.bold] == ["Northwind Studio Ltd"]
    assert [r.text for r in parties.runs if r.italic] == ["Jane Doe"]
    assert document.element.xml.count('w:type="page"') == 2
    assert document.core_properties.title == "Website Design Agreement"


def test_text_layout() -> None:
    data, suffix = render(sample(), mode="text")
    assert suffix == ".txt"
    pages = data.decode("utf-8").split("\f")
    assert len(pages) == 3
    lines = pages[1].splitlines()
    assert lines[0] == "ARTICLE 3 – TERMINATION"
    assert "        (a) any failure to pay an undisputed invoice when due." in lines
    assert lines[1] == "" and lines[2].startswith("    3.1 Either party")


def test_rendering_is_deterministic() -> None:
    blocks = sample().blocks
    assert corpus.pdf_bytes(blocks, "T", "Courier") == corpus.pdf_bytes(blocks, "T", "Courier")
    assert corpus.docx_bytes(blocks, "T", "Courier") == corpus.docx_bytes(blocks, "T", "Courier")
    pdf = corpus.pdf_bytes(blocks[:3], "T", "Courier")
    assert corpus.scan_bytes(pdf, seed=7) == corpus.scan_bytes(pdf, seed=7)


def _write(folder: Path, contract: CorpusContract) -> None:
    (folder / f"{contract.name}.txt").write_text(contract.markup, encoding="utf-8")
    (folder / f"{contract.name}.json").write_text(json.dumps(contract.expected), encoding="utf-8")


def test_load_corpus_reads_pairs_by_split(tmp_path: Path) -> None:
    _write(tmp_path, sample(name="b-held", split="heldout", render="docx"))
    _write(tmp_path, sample(name="a-dev", split="dev", render="text", font="Courier"))
    (tmp_path / "c-unfinished.json").write_text("{}", encoding="utf-8")
    everything = load_corpus(folder=tmp_path)
    assert [c.name for c in everything] == ["a-dev", "b-held"]
    assert [(c.split, c.render, c.font) for c in everything] == [
        ("dev", "text", "Courier"),
        ("heldout", "docx", "Times-Roman"),
    ]
    assert everything[0] == sample(name="a-dev", split="dev", render="text", font="Courier")
    assert [c.name for c in load_corpus("heldout", folder=tmp_path)] == ["b-held"]
    with pytest.raises(ValueError, match="unknown split"):
        load_corpus("test", folder=tmp_path)
    (tmp_path / "c-unfinished.txt").write_text("# x", encoding="utf-8")
    (tmp_path / "c-unfinished.json").write_text("{", encoding="utf-8")
    with pytest.raises(ValueError, match=r"c-unfinished\.json"):
        load_corpus(folder=tmp_path)


def test_write_corpus(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    _write(source, sample(name="one", render="text"))
    written = corpus.write_corpus(tmp_path / "out", source)
    assert sorted(p.name for p in written) == ["one.expected.json", "one.truth.json", "one.txt"]
    truth = json.loads((tmp_path / "out" / "one.truth.json").read_text(encoding="utf-8"))
    assert truth == [plain_text(sample())]


# --- the scorer ---------------------------------------------------------------------------


def _case(predicted: Mapping[str, Any] | None = None) -> Case:
    expected = SAMPLE_LABELS
    return Case("sample", expected, as_prediction(expected) if predicted is None else predicted)


def test_clause_paths_nest_by_level_and_by_parent() -> None:
    expected = clause_paths(SAMPLE_LABELS["clauses"])
    assert expected == [
        (("recitals",),),
        ("1",),
        ("2",),
        ("2", "2.1"),
        ("2", "2.2"),
        ("article 3",),
        ("article 3", "3.1"),
        ("article 3", "3.2"),
        ("article 3", "3.2", "(a)"),
        ("4",),
        (("signature",),),
        ("schedule 1",),
    ]
    assert clause_paths(as_prediction(SAMPLE_LABELS)["clauses"]) == expected


def test_clause_keys_fold_numbers_and_headings() -> None:
    clauses = [
        {"id": "a", "number": "Section  5.", "heading": None, "kind": "clause", "parent": None},
        {"id": "b", "number": None, "heading": "Fees.", "kind": "clause", "parent": "a"},
        {"id": "c", "number": None, "heading": "Fees", "kind": "clause", "parent": "a"},
        {"id": "d", "number": None, "heading": "Recitals", "kind": "recitals", "parent": None},
        {"id": "e", "number": None, "heading": None, "kind": "clause", "parent": "e"},
    ]
    assert clause_paths(clauses) == [
        ("section 5",),
        ("section 5", ("h", "fees")),
        ("section 5", ("h", "fees#2")),
        (("recitals",),),
        (("clause",),),
    ]


def test_perfect_prediction_scores_one_everywhere() -> None:
    scores = score([_case()])
    cats = scores.categories
    assert (cats.micro.precision, cats.micro.recall, cats.micro.f1) == (1.0, 1.0, 1.0)
    assert (cats.macro_precision, cats.macro_recall, cats.macro_f1) == (1.0, 1.0, 1.0)
    assert cats.group.f1 == 1.0 and cats.group.tp == 4  # convenience, notice, cause, cure
    seg = scores.segmentation
    assert (seg.recall, seg.precision, seg.heading_accuracy, seg.kind_accuracy) == (1, 1, 1, 1)
    assert scores.terms.overall.exact_match == 1.0 and scores.terms.overall.spurious == 0
    assert scores.parties.name_recall == scores.parties.role_recall == 1.0
    assert scores.misses() == []
    json.dumps(scores.to_dict())  # the JSON report can be written


def test_removed_clause_lowers_segmentation_recall() -> None:
    predicted = as_prediction(SAMPLE_LABELS)
    predicted["clauses"] = [c for c in predicted["clauses"] if c["number"] != "2.2"]
    seg = score_segmentation([_case(predicted)])
    assert seg.recall == pytest.approx(11 / 12)
    assert seg.precision == 1.0
    cats = score_categories([_case(predicted)])
    assert cats.per_category["Late Payment"].recall == 0.0
    assert cats.micro.fn == 1 and cats.micro.fp == 0


def test_misnested_clause_is_not_matched() -> None:
    predicted = as_prediction(SAMPLE_LABELS)
    moved = next(c for c in predicted["clauses"] if c["number"] == "3.2")
    moved["parent"] = None  # 3.2 at the top level, and with it its (a)
    seg = score_segmentation([_case(predicted)])
    assert seg.matched == 10
    assert seg.recall == pytest.approx(10 / 12) and seg.precision == pytest.approx(10 / 12)
    assert any("missed clause article 3 > 3.2 > (a)" in m for _, m in seg.misses)
    cats = score_categories([_case(predicted)])
    assert cats.per_category["Cure Period"].tp == 0
    assert cats.per_category["Cure Period"].fp == cats.per_category["Cure Period"].fn == 1


def test_wrong_term_value_is_not_an_exact_match() -> None:
    predicted = as_prediction(SAMPLE_LABELS)
    predicted["terms"][1]["value"] = {"amount": 14, "unit": "days"}
    terms = score_terms([_case(predicted)])
    assert terms.per_name["cure_period"].matched == 0
    assert terms.per_name["cure_period"].spurious == 1
    assert terms.overall.exact_match == pytest.approx(4 / 5)
    assert terms.misses == [
        (
            "sample",
            'term cure_period: expected {"amount": 15, "unit": "days"}, '
            'predicted {"amount": 14, "unit": "days"}',
        )
    ]


def test_term_values_compare_loosely_only_where_asked() -> None:
    assert same_value({"amount": 30, "unit": "days"}, {"unit": "DAYS", "amount": 30.0})
    assert same_value(
        {"items": ["fraud", "confidentiality"]}, {"items": ["Confidentiality", "fraud"]}
    )
    assert not same_value({"value": True}, {"value": 1})
    assert not same_value({"amount": 30, "unit": "days"}, {"amount": 30, "unit": "business_days"})
    assert not same_value(
        {"kind": "fees", "multiple": 1, "months": None}, {"kind": "fees", "multiple": 1}
    )


def test_spurious_terms_and_low_scores() -> None:
    predicted = as_prediction(SAMPLE_LABELS, score_=0.49)  # below the threshold: no labels
    predicted["terms"].append({"name": "auto_renewal", "value": {"value": True}})
    scores = score([_case(predicted)])
    assert scores.categories.micro.tp == 0 and scores.categories.micro.fp == 0
    assert scores.categories.micro.recall == 0.0
    assert scores.terms.per_name["auto_renewal"].spurious == 1
    assert scores.terms.overall.exact_match == 1.0


def test_failed_extraction_misses_everything() -> None:
    scores = score([Case("sample", SAMPLE_LABELS, None)])
    assert scores.segmentation.recall == 0.0 and scores.segmentation.precision is None
    assert scores.categories.micro.recall == 0.0
    assert scores.terms.overall.exact_match == 0.0
    assert scores.parties.name_recall == 0.0


def test_parties_by_name_then_role() -> None:
    predicted = as_prediction(SAMPLE_LABELS)
    predicted["parties"][0]["name"] = "NORTHWIND  STUDIO LTD."
    predicted["parties"][1]["role"] = "client"
    parties = score([_case(predicted)]).parties
    assert (parties.names_found, parties.roles_right, parties.spurious) == (2, 1, 0)


def test_lists_match_the_readme() -> None:
    readme = (CORPUS_DIR / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Categories", 1)[1].split("###", 1)[0]
    named = re.findall(r"`([^`]+)`", section.split("\n", 1)[1])
    assert named == list(CATEGORIES)
    assert set(GROUP) <= set(CATEGORIES) and len(GROUP) == 9
    assert re.findall(r"^\| `(\w+)` \|", readme, re.M) == list(TERM_NAMES)
