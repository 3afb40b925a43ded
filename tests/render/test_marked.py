"""The marked PDF (issue 16): the user's own PDF with the changes as proposed-edit annotations,
read back with pikepdf and pdfplumber; and the own-file options refusing the wrong format."""

from __future__ import annotations

import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pytest

import contractkit as ck
from tests.fixtures.own_files import pdf_contract, word_contract


@cache
def marked(folder: Path) -> tuple[bytes, Path, ck.Revision]:
    original = pdf_contract()
    revision = ck.revise(original, renumber=True)
    out = folder / "marked.pdf"
    assert ck.write(revision, out, renderer="marked", original=original) == ()
    return original, out, revision


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("marked")


def annotations(path: Path, subtype: str) -> list[tuple[int, Any]]:
    with pikepdf.open(path) as pdf:
        return [
            (index, {key: _plain(value) for key, value in annot.items()} | _popup(annot))
            for index, page in enumerate(pdf.pages)
            for annot in page.obj.get("/Annots", [])
            if annot.Subtype == subtype
        ]


def _popup(annot: Any) -> dict[str, bool]:
    """Whether the annotation opens a popup that names it as its parent."""
    popup = annot.get("/Popup")
    ok = popup is not None and popup.Subtype == "/Popup" and popup.Parent.objgen == annot.objgen
    return {"popup": bool(ok)}


def _plain(value: Any) -> Any:
    if isinstance(value, pikepdf.String):
        return str(value)
    if isinstance(value, pikepdf.Array):
        return [float(v) if isinstance(v, int | float | pikepdf.Object) else v for v in value]
    return value


def words_under(path: Path, index: int, quads: list[float]) -> str:
    """The words whose centre lies inside one of the quads (PDF user space, y up)."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[index]
        found = []
        for word in page.extract_words():
            x, y = (word["x0"] + word["x1"]) / 2, page.height - (word["top"] + word["bottom"]) / 2
            for i in range(0, len(quads), 8):
                xs, ys = quads[i : i + 8 : 2], quads[i + 1 : i + 8 : 2]
                if min(xs) <= x <= max(xs) and min(ys) <= y <= max(ys):
                    found.append(word["text"])
        return " ".join(found)


def test_a_replaced_sentence_is_struck_through_with_the_new_wording(folder: Path) -> None:
    _, out, revision = marked(folder)
    strikes = [(i, a) for i, a in annotations(out, "/StrikeOut")]
    replaced = [(i, a) for i, a in strikes if a["/Subj"] == "Proposed replacement"]
    assert len(replaced) == 1
    index, strike = replaced[0]
    change = next(c for c in revision.changes if c.kind == "replaced")
    assert change.old_clause == "2.2"
    assert strike["/T"] == "contractkit"
    assert strike["/Contents"] == "Replace with: in full within 30 days of the date of the invoice."
    # the strike-out lies on exactly the words the revision replaces
    assert words_under(out, index, strike["/QuadPoints"]) == "within sixty (60) days of its date."
    assert strike["/Contents"].removeprefix("Replace with: ") in change.new_text


def test_inserted_clauses_are_carets_at_the_end_of_the_clause_before(folder: Path) -> None:
    _, out, revision = marked(folder)
    carets = annotations(out, "/Caret")
    notes = " ".join(a["/Contents"] for _, a in carets)
    for clause in revision.clauses:
        if clause.status == "inserted":
            assert (clause.text or clause.heading or "") in notes
    assert all(a["/Subj"] == "Proposed insertion" and a["/T"] == "contractkit" for _, a in carets)
    assert all(a["popup"] for _, a in carets)  # each opens a popup that points back at it
    # The first caret sits just after "care." that ends 1.2, on its baseline.
    index, first = carets[0]
    assert first["/Contents"].startswith("Insert:\n1.3 Any change to the scope")
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[index]
        care = next(w for w in page.extract_words() if w["text"] == "care.")
        x0, y0, x1, y1 = first["/Rect"]
        assert x0 < care["x1"] < x1
        assert y0 < page.height - care["bottom"] + 3 < y1


def test_renumbered_clauses_have_their_old_number_struck(folder: Path) -> None:
    _, out, _ = marked(folder)
    moved = [(i, a) for i, a in annotations(out, "/StrikeOut") if "renumbering" in a["/Subj"]]
    found = {a["/Contents"]: words_under(out, i, a["/QuadPoints"]) for i, a in moved}
    assert found["Renumber as 3."] == "2."
    assert found["Renumber as 5.2"] == "3.2"
    assert found["Renumber as 8.1"] == "4.1"  # on page 2


def test_the_pages_are_the_originals_only_annotations_are_added(folder: Path) -> None:
    original, out, _ = marked(folder)
    source = folder / "original.pdf"
    source.write_bytes(original)
    with pikepdf.open(source) as before, pikepdf.open(out) as after:
        assert len(before.pages) == len(after.pages) == 2
        for old, new in zip(before.pages, after.pages, strict=True):
            assert new.obj.Contents.read_raw_bytes() == old.obj.Contents.read_raw_bytes()
            assert set(new.obj.keys()) - set(old.obj.keys()) == {"/Annots"}
    assert ck.open(out).text == ck.open(original).text


def test_a_marked_pdf_needs_a_pdf_contract_and_its_pages(tmp_path: Path) -> None:
    word = word_contract("typed")
    revision = ck.revise(word)
    with pytest.raises(ck.InvalidOptionError, match="needs a PDF contract, not a docx") as err:
        ck.write(revision, tmp_path / "m.pdf", renderer="marked", original=word)
    assert "--docx" in (err.value.hint or "")
    original = pdf_contract()
    revision = ck.revise(original)
    with pytest.raises(ck.InvalidOptionError, match="drawn on the original PDF"):
        ck.write(revision, tmp_path / "m.pdf", renderer="marked")
    with pytest.raises(ck.InvalidOptionError, match="is not <bytes>"):
        ck.write(revision, tmp_path / "m.pdf", renderer="marked", original=original + b"\n")
    with pytest.raises(ck.InvalidOptionError, match=r"is a \.pdf file"):
        ck.write(revision, tmp_path / "m.docx", renderer="marked", original=original)
    assert list(tmp_path.iterdir()) == []


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "contractkit", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)


def test_revise_marked_on_the_command_line(tmp_path: Path) -> None:
    source, word = tmp_path / "services.pdf", tmp_path / "services.docx"
    source.write_bytes(pdf_contract())
    word.write_bytes(word_contract("lists"))
    done = cli("revise", source, "-o", tmp_path / "r.pdf", "--marked", tmp_path / "m.pdf", "-q")
    assert done.returncode == 0, done.stderr
    assert annotations(tmp_path / "m.pdf", "/StrikeOut") and (tmp_path / "r.pdf").exists()
    # A Word contract: one line saying why, the usage exit code, nothing written.
    done = cli("revise", word, "-o", tmp_path / "w.docx", "--marked", tmp_path / "w.pdf")
    assert done.returncode == int(ck.ExitCode.USAGE)
    assert done.stderr.splitlines()[0] == (
        f"contractkit: error: {word}: a marked PDF needs a PDF contract, not a docx file"
    )
    assert not (tmp_path / "w.docx").exists() and not (tmp_path / "w.pdf").exists()


def test_review_of_a_word_contract_never_writes_a_docx_named_pdf(tmp_path: Path) -> None:
    word = tmp_path / "services.docx"
    word.write_bytes(word_contract("headings"))
    done = cli("review", word, "--annotate", tmp_path / "a.pdf")
    assert done.returncode == int(ck.ExitCode.USAGE)
    assert f"the annotated copy of {word} is a .docx file" in done.stderr
    assert "hint: name the output a.docx" in done.stderr
    assert not (tmp_path / "a.pdf").exists()
    done = cli("review", word, "--annotate", tmp_path / "a.docx")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "a.docx").read_bytes()[:2] == b"PK"


def test_a_change_that_cannot_be_placed_is_a_warning(tmp_path: Path) -> None:
    from dataclasses import replace

    original = pdf_contract()
    revision = ck.revise(original)
    clauses = tuple(
        replace(c, original="c999") if c.status == "replaced" else c for c in revision.clauses
    )
    notes = ck.write(
        replace(revision, clauses=clauses), tmp_path / "m.pdf", renderer="marked", original=original
    )
    assert notes == ("the marked PDF does not show the change to 2.2",)
    assert not [
        a for _, a in annotations(tmp_path / "m.pdf", "/StrikeOut") if "replace" in a["/Subj"]
    ]
