"""A revision applied to the contract's own Word file, as tracked changes.

When the contract came as a DOCX, the other side's lawyer wants their own document back:
their styles, numbering, headers and tables, with each change a revision mark they can accept
or reject. Each clause of the revision is found in the file's paragraphs by its words
(typographic quotes and dashes compared as plain ones); replaced and renumbered clauses get a
word-level ``w:del``/``w:ins`` diff inside their paragraph, and inserted clauses become new
paragraphs, marked as inserted, that copy the paragraph properties (style, numbering, indent)
of a clause at the same level, so Word numbers them as it numbers their neighbours.

Only what can be done exactly is done: when a clause cannot be found, or a paragraph to edit
holds more than plain runs of text (fields, hyperlinks, earlier revision marks, drawings),
nothing is written and the caller falls back to a new document
(:func:`contractkit.render.docx.write_tracked`).
"""

from __future__ import annotations

import copy
import difflib
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from contractkit._io import atomic_output
from contractkit.document.cleanup import normalise

if TYPE_CHECKING:
    from contractkit.playbook.results import RevisedClause, Revision
    from contractkit.types import Target

__all__ = ["write_tracked_over"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: What a paragraph and its runs may hold for the paragraph to be edited in place.
_PARAGRAPH_PARTS = {"pPr", "r", "proofErr", "bookmarkStart", "bookmarkEnd"}
_RUN_PARTS = {"rPr", "t", "tab", "br", "lastRenderedPageBreak"}


class NotInPlace(Exception):
    """The revision cannot be applied to this file exactly (the reason is the message)."""


@dataclass
class _Paragraph:
    element: Any
    label: str  # from Word's automatic numbering
    chars: list[tuple[str, Any]] = field(default_factory=list)  # (character, its run's rPr)
    editable: bool = True

    @property
    def text(self) -> str:
        return "".join(c for c, _ in self.chars)


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a clause of the revision is in the file."""

    para: _Paragraph
    span: tuple[int, int]  # its words in the paragraph's text
    typed: int  # words of the clause's number the span starts with (typed, not Word's)
    headed: bool  # then its run-in heading
    more: int = 0  # paragraphs of the clause after this one (left as they are)


@dataclass(frozen=True, slots=True)
class _Token:
    text: str  # as in the file
    key: str  # compared: plain characters
    start: int  # offsets in the paragraph's text
    end: int


def write_tracked_over(
    original: bytes, revision: Revision, target: Target, *, author: str, when: str
) -> None:
    """Write ``original`` with the revision's changes as tracked changes.

    Raises:
        NotInPlace: A clause cannot be found or edited exactly; nothing was written.
    """
    import docx

    document = docx.Document(io.BytesIO(original))
    paragraphs = paragraphs_of(document)
    marks = _Marks(author, when, document.element.body)
    located = _locate(revision.clauses, paragraphs)
    anchor: Any = None
    templates: dict[int, _Paragraph] = {}  # the last clause of the file at each level
    for clause, place in zip(revision.clauses, located, strict=True):
        if place is None:  # inserted
            if anchor is None:
                raise NotInPlace("an inserted clause comes before any clause of the file")
            anchor = _insert(clause, anchor, templates, marks)
            continue
        templates[clause.level] = place.para
        anchor = place.para.element
        if clause.status in ("replaced", "renumbered"):
            _edit(place.para, place.span, _new_text(clause, place), marks)
    with atomic_output(target, suffix=".docx") as tmp:
        document.save(str(tmp))


# -- reading -----------------------------------------------------------------------------------


def _read(p: Any, label: str) -> _Paragraph:
    para = _Paragraph(p, label)
    for child in p.iterchildren():
        tag = _tag(child)
        if tag not in _PARAGRAPH_PARTS or (
            tag.startswith("bookmark") and child.get(f"{_W}name", "") != "_GoBack"
        ):
            para.editable = False
            # a link's or a field's words still count for finding the clause
            para.chars += [(c, None) for t in child.iter(f"{_W}t") for c in t.text or ""]
        if tag != "r":
            continue
        props = child.find(f"{_W}rPr")
        for part in child.iterchildren():
            kind = _tag(part)
            if kind not in _RUN_PARTS:
                para.editable = False
            elif kind == "t":
                para.chars += [(c, props) for c in part.text or ""]
            elif kind == "tab":
                para.chars.append(("\t", props))
            elif kind == "br" and part.get(f"{_W}type") in ("page", "column"):
                para.editable = False  # rebuilt runs would turn it into a line break
            elif kind == "br":
                para.chars.append(("\n", props))
    return para


def _tag(element: Any) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag[len(_W) :] if tag.startswith(_W) else tag


def _tokens(text: str) -> list[_Token]:
    return [
        _Token(m.group(), _key(m.group()), m.start(), m.end()) for m in re.finditer(r"\S+", text)
    ]


def _key(word: str) -> str:
    return normalise(word)


def _bare(word: str) -> str:
    """A number without the punctuation after it: ``4.`` → ``4``, ``(a)`` stays."""
    return word.rstrip(".:") if not word.startswith("(") else word


# -- finding the clauses -----------------------------------------------------------------------


def _locate(
    clauses: tuple[RevisedClause, ...], paragraphs: list[_Paragraph]
) -> list[_Place | None]:
    """Each clause's paragraph and the span of its words there (``None`` for inserted ones).

    Clauses are found in order, each after the one before, by the words of their original
    text (or heading); a clause not found means the file is not the one the revision read.
    """
    found: list[_Place | None] = []
    at, offset = 0, 0
    for clause in clauses:
        if clause.status == "inserted":
            found.append(None)
            continue
        words = words_of(clause.old_text or clause.heading or "")  # its first paragraph
        if not words:
            raise NotInPlace(f"clause {clause.old_number or clause.heading} has no words")
        hit = find_words(paragraphs, words, at, offset)
        if hit is None:
            raise NotInPlace(f"clause {clause.old_number or clause.heading} is not in the file")
        index, tokens, start = hit
        place = _widen(clause, paragraphs[index], tokens, start, start + len(words))
        found.append(place)
        # the next clause comes after this one's words (the rest of a clause that runs over
        # paragraphs is passed over by the search, not counted)
        at, offset = index, place.span[1]
    return found


def find_words(
    paragraphs: list[_Paragraph], words: list[str], at: int = 0, after: int = 0
) -> tuple[int, list[_Token], int] | None:
    """The first paragraph from ``at`` (past offset ``after`` in it) with ``words`` in a row.

    Returns its index, its tokens and the token they start at.
    """
    for index in range(at, len(paragraphs)):
        tokens = _tokens(paragraphs[index].text)
        start = _find(tokens, words, after if index == at else 0)
        if start is not None:
            return index, tokens, start
    return None


def paragraphs_of(document: Any) -> list[_Paragraph]:
    """The document's paragraphs in reading order, with their text and numbering labels."""
    from contractkit.document.readers.docx import numbered_paragraphs

    return [_read(p, label) for p, _, label in numbered_paragraphs(document)]


def words_of(text: str) -> list[str]:
    """The words a clause is looked for by: those of its first paragraph, plain."""
    return [_key(w) for w in text.split("\n\n")[0].split()]


def _find(tokens: list[_Token], words: list[str], after: int) -> int | None:
    first = next((i for i, t in enumerate(tokens) if t.start >= after), len(tokens))
    for i in range(first, len(tokens) - len(words) + 1):
        if [t.key for t in tokens[i : i + len(words)]] == words:
            return i
    return None


def _widen(
    clause: RevisedClause, para: _Paragraph, tokens: list[_Token], first: int, stop: int
) -> _Place:
    """The span from the clause's typed number and run-in heading to the end of its text."""
    start, headed, typed = first, False, 0
    if clause.old_text and clause.heading:
        heading = [_key(w).rstrip(".:") for w in clause.heading.split()]
        before = [t.key.rstrip(".:") for t in tokens[max(start - len(heading), 0) : start]]
        if before == heading:
            start, headed = start - len(heading), True
    number = [_key(w).lower() for w in (clause.old_number or "").rstrip(".").split()]
    end = start
    while end > 0 and tokens[end - 1].key in ("-", "–", "—", ":", "|"):  # ARTICLE 3 - TERM
        end -= 1
    before = [t.key.lower() for t in tokens[max(end - len(number), 0) : end]]
    if number and before[:-1] == number[:-1] and before[-1:] and _bare(before[-1]) == number[-1]:
        start, typed = end - len(number), len(number)
    more = (clause.old_text or "").count("\n\n")
    return _Place(para, (tokens[start].start, tokens[stop - 1].end), typed, headed, more)


# -- editing -----------------------------------------------------------------------------------


def _new_text(clause: RevisedClause, place: _Place) -> str:
    """What the span says after the revision: new number (where typed), heading, new text.

    Raises:
        NotInPlace: A clause of several paragraphs whose later paragraphs changed.
    """
    old = place.para.text[place.span[0] : place.span[1]].split()
    paragraphs = clause.text.split("\n\n")
    if place.more and paragraphs[1:] != (clause.old_text or "").split("\n\n")[1:]:
        raise NotInPlace(f"clause {clause.number} changes over several paragraphs")
    parts = []
    if place.typed and clause.number:
        # "Section 4." becomes "Section 5.": the new number, the file's punctuation
        new = clause.number.rstrip(".").split()
        last = old[place.typed - 1]
        parts += [*new[:-1], new[-1] + last[len(_bare(last)) :]]
    skip = place.typed
    if place.headed and clause.heading:  # as the file writes it, its punctuation kept
        parts += old[skip : skip + len(clause.heading.split())]
    if clause.old_text:
        parts += paragraphs[0].split()
    elif not place.headed:  # a heading of its own: the span is its number and heading
        parts += old[skip:]
    return " ".join(parts)


def _edit(para: _Paragraph, span: tuple[int, int], new: str, marks: _Marks) -> None:
    """Replace the span's words by ``new``, word by word, as tracked deletions/insertions."""
    if not para.editable:
        raise NotInPlace("a paragraph to change holds fields, links or revision marks")
    text = para.text
    old_tokens = _tokens(text[span[0] : span[1]])
    new_words = new.split()
    matcher = difflib.SequenceMatcher(
        a=[t.key for t in old_tokens], b=[_key(w) for w in new_words], autojunk=False
    )
    pieces: list[tuple[str, str, Any]] = []  # (text, keep|del|ins, rPr)
    pieces += _keep(para, 0, span[0])
    cursor = span[0]
    accepted = text[cursor - 1] if cursor else ""  # the last character once all is accepted
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if a1 > a0:
            end = span[0] + old_tokens[a1 - 1].end
            kind = "keep" if op == "equal" else "del"
            pieces += _keep(para, cursor, end, kind)
            if kind == "keep":
                accepted = text[end - 1]
            cursor = end
        if op in ("replace", "insert"):
            props = para.chars[max(cursor - 1, 0)][1] if para.chars else None
            lead = " " if accepted and not accepted.isspace() else ""
            trail = " " if cursor < len(text) and not text[cursor].isspace() else ""
            pieces.append((lead + " ".join(new_words[b0:b1]) + trail, "ins", props))
            accepted = (trail or new_words[b1 - 1])[-1]
    pieces += _keep(para, cursor, len(text))
    _replace_runs(para, pieces, marks)


def _keep(para: _Paragraph, start: int, end: int, kind: str = "keep") -> list[tuple[str, str, Any]]:
    """The paragraph's characters ``start:end`` as pieces of one rPr each."""
    pieces: list[tuple[str, str, Any]] = []
    for char, props in para.chars[start:end]:
        if pieces and pieces[-1][2] is props:
            pieces[-1] = (pieces[-1][0] + char, kind, props)
        else:
            pieces.append((char, kind, props))
    return pieces


def _replace_runs(para: _Paragraph, pieces: list[tuple[str, str, Any]], marks: _Marks) -> None:
    p = para.element
    for child in list(p.iterchildren()):
        if _tag(child) in ("r", "proofErr"):
            p.remove(child)
    for text, kind, props in pieces:
        if text:
            p.append(marks.wrap(_run(text, props, deleted=kind == "del"), kind))


def _run(text: str, props: Any, *, deleted: bool = False) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r = OxmlElement("w:r")
    if props is not None:
        r.append(copy.deepcopy(props))
    for part in re.split(r"(\t|\n)", text):
        if part == "\t":
            r.append(OxmlElement("w:tab"))
        elif part == "\n":
            r.append(OxmlElement("w:br"))
        elif part:
            t = OxmlElement("w:delText" if deleted else "w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = part
            r.append(t)
    return r


def _insert(
    clause: RevisedClause, anchor: Any, templates: dict[int, _Paragraph], marks: _Marks
) -> Any:
    """A new paragraph for an inserted clause after ``anchor``, formatted like its peers."""
    from docx.oxml import OxmlElement

    template = templates.get(clause.level) or templates.get(min(templates, default=1))
    if template is None:
        raise NotInPlace("no clause of the file to copy the formatting from")
    p = OxmlElement("w:p")
    props = template.element.find(f"{_W}pPr")
    props = copy.deepcopy(props) if props is not None else OxmlElement("w:pPr")
    for old in [*props.findall(f"{_W}rPr"), *props.findall(f"{_W}sectPr")]:
        props.remove(old)  # its own mark, and never a second section break
    for old in props.findall(f"{_W}pPrChange"):
        props.remove(old)
    suffixed = bool(clause.number and re.search(r"[A-Z]$", clause.number))
    if template.label and suffixed:
        # Word's list would count "21A" as 22 and push every later number up (issue 16):
        # the number is typed instead, and the list goes on as it was.
        for old in props.findall(f"{_W}numPr"):
            props.remove(old)
    mark = OxmlElement("w:rPr")
    mark.append(marks.mark("w:ins"))
    props.append(mark)  # the paragraph mark itself is inserted
    p.append(props)
    runs = [r for r in template.element.iterchildren(f"{_W}r")]
    head_props = runs[0].find(f"{_W}rPr") if runs else None
    body_props = runs[-1].find(f"{_W}rPr") if runs else None
    words = []
    tokens = _tokens(template.text)
    at = next((i for i, t in enumerate(tokens) if t.text[:1].isdigit()), None)
    heading = clause.heading or ""
    if template.label and suffixed and clause.number:
        punctuation = template.label[len(_bare(template.label)) :]  # "4." → "."
        words.append((clause.number + punctuation + " ", head_props))
    elif not template.label and clause.number and at is not None:  # typed, as its peer types it
        typed = tokens[at].text
        label = clause.number.rstrip(".") + typed[len(_bare(typed)) :]
        after = tokens[at + 1].text if at + 1 < len(tokens) else ""
        separator = f" {after}" if after in ("-", "–", "—", ":", "|") else ""
        words.append((label + separator + " ", head_props))
        rest = [t.text for t in tokens[at + 1 :] if t.text.isalpha()][:3]
        if rest and all(w.isupper() for w in rest):  # ARTICLE 2 - SERVICES
            heading = heading.upper()
    if heading:
        words.append((heading + (" " if clause.text else ""), head_props))
    if clause.text:
        words.append((" ".join(clause.text.split()), body_props))
    for text, run_props in words:
        p.append(marks.wrap(_run(text, run_props), "ins"))
    anchor.addnext(p)
    return p


class _Marks:
    """Revision marks with unique ids, one author and one time."""

    def __init__(self, author: str, when: str, body: Any) -> None:
        self.author, self.when = author, when
        ids = [v for e in body.iter() if (v := e.get(f"{_W}id", "")).isdigit()]
        self.next_id = max(map(int, ids), default=0)  # above every id the file uses

    def mark(self, tag: str) -> Any:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        element = OxmlElement(tag)
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
