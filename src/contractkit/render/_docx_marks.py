"""Revision marks in a Word paragraph: deletions and insertions put into its runs.

The runs a change does not touch stay the elements they were; a run a change cuts is split
into pieces with its properties copied, and a run deleted whole is wrapped as it is, so that
rejecting the changes gives the paragraph's text, and its runs' looks, back (issue 16).
"""

from __future__ import annotations

import copy
import itertools
import re
from typing import Any

__all__ = [
    "Edits",
    "Marks",
    "element_of",
    "mark_paragraph",
    "new_paragraph",
    "props_of",
    "rebuild",
    "run_of",
]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class Edits:
    """What the revision did to the part: paragraphs changed, paragraphs inserted after."""

    def __init__(self, marks: Marks) -> None:
        self.marks = marks
        self.changed: set[Any] = set()
        self.after: dict[Any, list[Any]] = {}  # an original paragraph -> new ones after it

    def add_after(self, anchor: Any, p: Any) -> None:
        chain = self.after.setdefault(anchor, [])
        (chain[-1] if chain else anchor).addnext(p)
        chain.append(p)


def rebuild(
    para: Any, deleted: list[bool], inserts: list[tuple[int, str, Any]], edits: Edits
) -> None:
    """Put the deletions and insertions into the paragraph's runs, leaving the rest alone."""
    marks = edits.marks
    ranges: dict[Any, list[int]] = {}
    for i, (_, run) in enumerate(para.chars):
        ranges.setdefault(run, [i, i])[1] = i + 1
    pending = sorted(inserts, key=lambda item: item[0])

    def inserted(offset: int) -> list[Any]:
        due = [item for item in pending if item[0] <= offset]
        del pending[: len(due)]
        return [marks.wrap(run_of(t, props_of(run)), "ins") for _, t, run in due]

    last: Any = None
    for child in list(para.element.iterchildren(f"{_W}r")):
        if child not in ranges:
            continue
        start, end = ranges[child]
        for node in inserted(start):
            child.addprevious(node)
        cuts = {start, end, *(o for o, _, _ in pending if start < o < end)}
        cuts |= {i for i in range(start + 1, end) if deleted[i] != deleted[i - 1]}
        bounds = sorted(cuts)
        last = child
        if len(bounds) == 2 and not deleted[start]:
            continue  # untouched: the element as it was
        if len(bounds) == 2:  # the whole run goes: the element itself, marked deleted
            for t in child.iterchildren(f"{_W}t"):
                t.tag = f"{_W}delText"
            mark = marks.mark("w:del")
            child.addprevious(mark)
            mark.append(child)
            last = mark
            continue
        for a, b in itertools.pairwise(bounds):
            for node in inserted(a) if a > start else []:
                child.addprevious(node)
            piece = "".join(c for c, _ in para.chars[a:b])
            kind = "del" if deleted[a] else "keep"
            run = run_of(piece, props_of(child), deleted=kind == "del")
            for name, value in child.attrib.items():  # w:rsidR and the like, as they were
                run.set(name, value)
            node = marks.wrap(run, kind)
            child.addprevious(node)
            last = node
        child.getparent().remove(child)
    tail = inserted(len(deleted))
    for node in tail:
        if last is None:
            para.element.append(node)
        else:
            last.addnext(node)
        last = node
    edits.changed.add(para.element)


def props_of(run: Any) -> Any:
    return run.find(f"{_W}rPr") if run is not None else None


def element_of(tag: str) -> Any:
    from docx.oxml import OxmlElement

    return OxmlElement(tag)


def run_of(text: str, props: Any, *, deleted: bool = False) -> Any:
    from docx.oxml.ns import qn

    r = element_of("w:r")
    if props is not None:
        r.append(copy.deepcopy(props))
    for part in re.split(r"(\t|\n)", text):
        if part == "\t":
            r.append(element_of("w:tab"))
        elif part == "\n":
            r.append(element_of("w:br"))
        elif part:
            t = element_of("w:delText" if deleted else "w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = part
            r.append(t)
    return r


def mark_paragraph(props: Any, mark: Any) -> None:
    """Mark the paragraph mark itself (``w:pPr/w:rPr``) inserted or deleted."""
    rpr = props.find(f"{_W}rPr")
    if rpr is None:
        rpr = element_of("w:rPr")
        props.append(rpr)
    rpr.insert(0, mark)


def new_paragraph(
    template: Any, marks: Marks, runs: list[tuple[str, Any]], *, numbered: bool = True
) -> Any:
    """A paragraph marked inserted, with ``template``'s properties and these runs."""
    p = element_of("w:p")
    props = template.find(f"{_W}pPr")
    props = copy.deepcopy(props) if props is not None else element_of("w:pPr")
    drop = ["rPr", "sectPr", "pPrChange"] + ([] if numbered else ["numPr"])
    for old in [e for name in drop for e in props.findall(f"{_W}{name}")]:
        props.remove(old)  # its own mark, never a second section break
    mark_paragraph(props, marks.mark("w:ins"))
    p.append(props)
    for text, run_props in runs:
        if text:
            p.append(marks.wrap(run_of(text, run_props), "ins"))
    return p


class Marks:
    """Revision marks with unique ids, one author and one time."""

    def __init__(self, author: str, when: str, body: Any) -> None:
        self.author, self.when = author, when
        ids = [v for e in body.iter() if (v := e.get(f"{_W}id", "")).isdigit()]
        self.next_id = max(map(int, ids), default=0)  # above every id the file uses

    def mark(self, tag: str) -> Any:
        from docx.oxml.ns import qn

        element = element_of(tag)
        self.next_id += 1
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.when)
        return element

    def wrap(self, run: Any, kind: str) -> Any:
        if kind == "keep":
            return run
        mark = self.mark("w:ins" if kind == "ins" else "w:del")
        mark.append(run)
        return mark
