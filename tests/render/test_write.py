"""The writers: every result through ``contractkit.write`` and ``to_markdown``, read back."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

import contractkit as ck
from contractkit.render.revision import diff_words
from tests.conftest import pdf_text
from tests.playbook.docx_views import resolved

CONTRACT = (
    b"SERVICES AGREEMENT\n\nThis Agreement is between Northwind Studio Ltd (the Provider) and "
    b"Blue Harbour Ltd (the Client).\n\n1. Services\n\n1.1 The Provider shall design the "
    b"Client's website.\n\n2. Fees\n\n2.1 The Client shall pay each invoice within sixty (60) "
    b"days of its date.\n\n3. Termination\n\n3.1 The Client may terminate this Agreement for "
    b"convenience on ninety (90) days' written notice.\n"
)


@cache
def revision() -> ck.Revision:
    return ck.revise(CONTRACT)


def flat(path: Path) -> str:
    return " ".join(" ".join(pdf_text(path)).split())


def test_the_revised_pdf_has_the_new_clauses_and_keeps_the_others(tmp_path: Path) -> None:
    out = tmp_path / "revised.pdf"
    assert ck.write(revision(), out) == ()
    text = flat(out)
    assert "The Provider shall design the Client's website." in text  # kept word for word
    assert "sixty (60) days" not in text
    assert "within 30 days" in text
    assert ck.review(out).gaps == ()


def test_the_redline_shows_both_the_old_and_the_new_words(tmp_path: Path) -> None:
    out = tmp_path / "redline.pdf"
    ck.write(revision(), out, renderer="redline")
    text = flat(out)
    # "sixty (60)" struck through, "30" inserted after it
    assert "within sixty (60) 30 days of its date" in text
    assert "1 clause replaced, " in text  # the redline's opening count of changes


def test_the_word_file_rejects_back_to_the_original_words(tmp_path: Path) -> None:
    out = tmp_path / "revised.docx"
    ck.write(revision(), out)
    rejected = ck.open(resolved(out.read_bytes(), accept=False)).text
    accepted = ck.open(resolved(out.read_bytes(), accept=True)).text
    assert "sixty (60) days" in rejected and "sixty (60) days" not in accepted
    assert "within 30 days" in accepted


def test_markdown_and_json_of_every_result(tmp_path: Path) -> None:
    extraction = ck.extract(CONTRACT)
    card = ck.review(extraction)
    for result, needle in (
        (extraction, "## Key terms"),
        (card, f"**Score: {card.score:g} / 100**"),
        (revision(), "sixty (60) days"),
    ):
        markdown = ck.to_markdown(result)
        assert needle in markdown
        name = type(result).__name__.lower()
        assert ck.write(result, tmp_path / f"{name}.md") == ()
        assert (tmp_path / f"{name}.md").read_text(encoding="utf-8") == markdown
        ck.write(result, tmp_path / f"{name}.json")
        assert json.loads((tmp_path / f"{name}.json").read_text()) == json.loads(result.to_json())


def test_what_a_result_cannot_be_written_as_is_a_clear_error(tmp_path: Path) -> None:
    card = ck.review(CONTRACT)
    with pytest.raises(ck.InvalidOptionError, match=r"written as \.md or \.json") as err:
        ck.write(card, tmp_path / "card.pdf")
    assert "annotate" in (err.value.hint or "")
    with pytest.raises(ck.InvalidOptionError, match="no renderer named 'htm'"):
        ck.write(revision(), tmp_path / "x.htm", renderer="htm")
    with pytest.raises(TypeError):
        ck.to_markdown("not a result")  # type: ignore[arg-type]
    assert not list(tmp_path.iterdir())


def test_a_revision_is_never_written_over_its_original(tmp_path: Path) -> None:
    source = tmp_path / "contract.txt"
    source.write_bytes(CONTRACT)
    with pytest.raises(ck.OutputError, match="overwrite the input"):
        ck.write(revision(), source, renderer="markdown", original=source)
    assert source.read_bytes() == CONTRACT


def test_word_diff_marks_deletions_and_insertions() -> None:
    runs = [(r.text, r.style) for r in diff_words("pay within 60 days", "pay within 30 days")]
    assert ("60", "del") in runs and ("30", "ins") in runs
    assert ("pay within", "plain") in runs
