"""The revision on the user's own Word file (issue 16): ordinary files, and "reject all"
gives the original back, checked on the XML."""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

import contractkit as ck
from contractkit.render._docx_splice import paragraph_spans
from tests.fixtures.own_files import STYLES, Style, word_contract
from tests.playbook.docx_views import resolved, resolved_xml

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PART = "word/document.xml"


@cache
def tracked(
    style: Style, folder: Path, *, renumber: bool = False
) -> tuple[bytes, bytes, ck.Revision]:
    original = word_contract(style)
    revision = ck.revise(original, renumber=renumber)
    out = folder / f"{style}{'-renumbered' if renumber else ''}.docx"
    assert ck.write(revision, out, original=original) == ()  # no fallback to a new document
    return original, out.read_bytes(), revision


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("own-docx")


def part(docx: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return package.read(PART)


def _inserted_paragraph(p: etree._Element) -> bool:
    return p.find(f"{W}pPr/{W}rPr/{W}ins") is not None


def reject_all(xml: bytes) -> etree._Element:
    """Word's "reject all changes": insertions go, deletions come back as plain text."""
    return resolved_xml(xml, accept=False)


def merged_runs(root: etree._Element) -> bytes:
    """Canonical XML with neighbouring runs of the same properties as one run.

    A change inside a run splits it in two or three runs of the same look; Word shows them
    as one, and this is the only way the rejected file may differ from the original.
    """
    for p in root.iter(f"{W}p"):
        previous = None
        for run in list(p.iterchildren(f"{W}r")):
            texts = [c for c in run if c.tag != f"{W}rPr"]
            plain = all(c.tag == f"{W}t" for c in texts) and len(texts) == 1
            props = run.find(f"{W}rPr")
            key = etree.tostring(props) if props is not None else b""
            if plain and previous is not None and previous[1] == key:
                t = previous[0].find(f"{W}t")
                t.text = (t.text or "") + (texts[0].text or "")
                p.remove(run)
                continue
            previous = (run, key) if plain else None
        for t in p.iter(f"{W}t"):
            space = "{http://www.w3.org/XML/1998/namespace}space"
            if t.text == (t.text or "").strip():
                t.attrib.pop(space, None)
    return etree.tostring(root, method="c14n")


@pytest.mark.parametrize("style", STYLES)
def test_an_ordinary_word_file_is_edited_in_place(style: Style, folder: Path) -> None:
    original, out, revision = tracked(style, folder)
    accepted = ck.open(resolved(out, accept=True))
    assert ck.review(accepted).gaps == ()
    flat = " ".join(accepted.text.split())
    for change in revision.changes:
        if change.kind != "renumbered":
            assert " ".join(change.new_text.split()) in flat
    assert ck.open(resolved(out, accept=False)).text == ck.open(original).text
    with zipfile.ZipFile(io.BytesIO(original)) as before, zipfile.ZipFile(io.BytesIO(out)) as after:
        assert before.namelist() == after.namelist()
        for name in before.namelist():  # every other part is the user's, byte for byte
            if name != PART:
                assert after.read(name) == before.read(name), name


@pytest.mark.parametrize("style", STYLES)
def test_rejecting_every_change_gives_the_original_xml_back(style: Style, folder: Path) -> None:
    original, out, _ = tracked(style, folder)
    before, after = part(original), part(out)
    assert merged_runs(reject_all(after)) == merged_runs(etree.fromstring(before))
    # Outside the paragraphs that carry a change, the part is the original's bytes.
    root = etree.fromstring(after)
    kept = [p for p in root.iter(f"{W}p") if not _inserted_paragraph(p)]
    out_spans = paragraph_spans(after)
    assert len(out_spans) == len(list(root.iter(f"{W}p")))
    marked = {p: span for p, span in zip(root.iter(f"{W}p"), out_spans, strict=True)}
    in_spans = paragraph_spans(before)
    assert len(in_spans) == len(kept)
    cut_after, cut_before, changed = [], [], 0
    for p, span in zip(kept, in_spans, strict=True):
        if p.find(f".//{W}ins") is not None or p.find(f".//{W}del") is not None:
            cut_after.append(marked[p])
            cut_before.append(span)
            changed += 1
    cut_after += [marked[p] for p in root.iter(f"{W}p") if _inserted_paragraph(p)]
    assert 0 < changed < len(kept)  # some paragraphs changed, others untouched
    assert _without(after, cut_after) == _without(before, cut_before)


def _without(xml: bytes, spans: list[tuple[int, int]]) -> bytes:
    out, cursor = [], 0
    for start, end in sorted(spans):
        out.append(xml[cursor:start])
        cursor = end
    return b"".join([*out, xml[cursor:]])


def test_heading_paragraphs_are_copied_for_an_inserted_section(folder: Path) -> None:
    _, out, revision = tracked("headings", folder)
    root = etree.fromstring(part(out))
    new = [p for p in root.iter(f"{W}p") if _inserted_paragraph(p)]
    styles = [p.find(f"{W}pPr/{W}pStyle") for p in new]
    headings = ["".join(p.itertext()) for p, s in zip(new, styles, strict=True) if s is not None]
    inserted = [c.heading for c in revision.clauses if c.status == "inserted" and c.heading]
    assert headings == inserted  # each inserted clause's heading is a Heading paragraph


def test_word_list_numbers_are_left_to_word(folder: Path) -> None:
    _, out, _ = tracked("lists", folder, renumber=True)
    root = etree.fromstring(part(out))
    new = [p for p in root.iter(f"{W}p") if _inserted_paragraph(p)]
    assert new and all(p.find(f"{W}pPr/{W}numPr/{W}numId") is not None for p in new)
    text = "".join("".join(p.itertext()) for p in new)
    assert "1.3" not in text and "Limitation of Liability" in text  # no typed numbers
    accepted = ck.open(resolved(out, accept=True)).text
    assert "3.2 The Client shall pay each invoice in full within 30 days" in accepted
    assert "6. Limitation of Liability" in accepted


def test_typed_numbers_of_heading_paragraphs_follow_the_inserted_sections(folder: Path) -> None:
    _, out, _ = tracked("sections", folder, renumber=True)
    accepted = ck.open(resolved(out, accept=True)).text
    rejected = ck.open(resolved(out, accept=False)).text
    # "2. Fees" moved behind three inserted sections, each a numbered heading of its own
    assert "\n\n2. Change Orders\n\nAny change to the scope" in accepted
    assert "\n\n5. Fees\n\n" in accepted and "\n\n2. Fees\n\n" in rejected
    assert "\n\n15. General\n\n" in accepted
