"""A revision applied to the contract's own Word file, as tracked changes.

When the contract came as a DOCX, the other side's lawyer wants their own document back:
their styles, numbering, headers and tables, with each change a revision mark they can accept
or reject. Each clause of the revision is found in the file's paragraphs by its words
(typographic quotes and dashes compared as plain ones), its heading too when that is a
paragraph of its own ("Termination" in a Heading style); Word's list numbers come from the
numbering, as Word shows them. Changed paragraphs get a word-level ``w:del``/``w:ins`` diff
in which the runs outside the changes are left as they are (a run a change cuts is split,
its properties copied), and inserted clauses become new paragraphs, marked as inserted, that
copy the paragraph properties (style, list, indent) of a clause at the same level, so Word
numbers them as it numbers their neighbours. The document part is saved by splicing
(:mod:`contractkit.render._docx_splice`): paragraphs the revision does not touch keep their
bytes, so rejecting every change in Word gives the original text and markup back (issue 16).

Only what can be done exactly is done: when a clause cannot be found, or a paragraph to edit
holds more than plain runs of text (fields, hyperlinks, earlier revision marks, drawings),
nothing is written and the caller falls back to a new document
(:func:`contractkit.render.docx.write_tracked`).
"""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from contractkit.document.cleanup import normalise
from contractkit.render._docx_marks import (
    Edits,
    Marks,
    element_of,
    mark_paragraph,
    new_paragraph,
    rebuild,
)

if TYPE_CHECKING:
    from contractkit.playbook.results import RevisedClause, Revision
    from contractkit.types import Target

__all__ = ["write_tracked_over"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: What a paragraph and its runs may hold for the paragraph to be edited in place.
_PARAGRAPH_PARTS = {"pPr", "r", "proofErr", "bookmarkStart", "bookmarkEnd"}
_RUN_PARTS = {"rPr", "t", "tab", "br", "lastRenderedPageBreak"}
_DASHES = ("-", "–", "—", ":", "|")


class NotInPlace(Exception):
    """The revision cannot be applied to this file exactly (the reason is the message)."""


@dataclass(eq=False)
class _Paragraph:
    element: Any
    label: str  # from Word's automatic numbering
    chars: list[tuple[str, Any]] = field(default_factory=list)  # (character, its w:r or None)
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
    rest: tuple[_Paragraph, ...] = ()  # the clause's later paragraphs
    head: _Paragraph | None = None  # its heading, when that is a paragraph of its own

    @property
    def last(self) -> _Paragraph:
        return self.rest[-1] if self.rest else self.para


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

    from contractkit.render._docx_splice import save_spliced

    document = docx.Document(io.BytesIO(original))
    order = list(document.element.iter(f"{_W}p"))  # before any edit: the part's own
    paragraphs = paragraphs_of(document)
    edits = Edits(Marks(author, when, document.element.body))
    located = _locate(revision.clauses, paragraphs)
    anchor: Any = None
    templates: dict[int, _Place] = {}  # the last clause of the file at each level
    for clause, place in zip(revision.clauses, located, strict=True):
        if place is None:  # inserted
            if anchor is None:
                raise NotInPlace("an inserted clause comes before any clause of the file")
            _insert(clause, anchor, templates, edits)
            continue
        templates[clause.level] = place
        anchor = place.last.element
        if clause.status in ("replaced", "renumbered"):
            _revise(clause, place, edits)
    save_spliced(original, document.element, order, edits.changed, edits.after, target)


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
        for part in child.iterchildren():
            kind = _tag(part)
            if kind not in _RUN_PARTS:
                para.editable = False
            elif kind == "t":
                para.chars += [(c, child) for c in part.text or ""]
            elif kind == "tab":
                para.chars.append(("\t", child))
            elif kind == "br" and part.get(f"{_W}type") in ("page", "column"):
                para.editable = False  # rebuilt runs would turn it into a line break
            elif kind == "br":
                para.chars.append(("\n", child))
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
    """Each clause's paragraphs and the span of its words (``None`` for inserted ones).

    Clauses are found in order, each after the one before, by the words of their original
    text (or heading); a clause not found means the file is not the one the revision read.
    """
    found: list[_Place | None] = []
    at, offset, used = 0, 0, -1  # used: the last paragraph a clause was found in
    for clause in clauses:
        if clause.status == "inserted":
            found.append(None)
            continue
        name = clause.old_number or clause.heading
        words = words_of(clause.old_text or clause.heading or "")  # its first paragraph
        if not words:
            raise NotInPlace(f"clause {name} has no words")
        hit = find_words(paragraphs, words, at, offset)
        if hit is None:
            raise NotInPlace(f"clause {name} is not in the file")
        index, tokens, start = hit
        place = _widen(clause, paragraphs[index], tokens, start, start + len(words))
        if clause.old_text and clause.heading and not place.headed and index - 1 > used:
            head = paragraphs[index - 1]
            keys = [t.key.rstrip(".:") for t in _tokens(head.text)]
            heading = [_key(w).rstrip(".:") for w in clause.heading.split()]
            if keys and keys[-len(heading) :] == heading:  # "Termination" or "3. Termination"
                place = _Place(place.para, place.span, 0, False, head=head)
        at, offset = index, place.span[1]
        rest = []
        for later in (clause.old_text or "").split("\n\n")[1:]:
            words = words_of(later)
            hit = find_words(paragraphs, words, at + 1) if words else None
            if hit is None:
                raise NotInPlace(f"clause {name} is not in the file as it was read")
            at, tokens, start = hit
            rest.append(paragraphs[at])
            offset = tokens[start + len(words) - 1].end
        used = at
        found.append(
            _Place(place.para, place.span, place.typed, place.headed, tuple(rest), place.head)
        )
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
    while end > 0 and tokens[end - 1].key in _DASHES:  # ARTICLE 3 - TERM
        end -= 1
    before = [t.key.lower() for t in tokens[max(end - len(number), 0) : end]]
    if number and before[:-1] == number[:-1] and before[-1:] and _bare(before[-1]) == number[-1]:
        start, typed = end - len(number), len(number)
    return _Place(para, (tokens[start].start, tokens[stop - 1].end), typed, headed)


# -- editing -----------------------------------------------------------------------------------


def _revise(clause: RevisedClause, place: _Place, edits: Edits) -> None:
    """Each paragraph of a changed clause diffed against its new text; extra ones added."""
    new = clause.text.split("\n\n") if clause.text else []
    head = place.head
    if head is not None and clause.number and clause.old_number != clause.number:
        tokens = _tokens(head.text)  # "3. Termination" becomes "5. Termination"
        typed = tokens[0].text if tokens else ""
        if _bare(typed).lower() == (clause.old_number or "").rstrip(".").lower():
            number = clause.number.rstrip(".") + typed[len(_bare(typed)) :]
            _edit(head, (tokens[0].start, tokens[0].end), number, edits)
    _edit(place.para, place.span, _new_text(clause, place), edits)
    for i, para in enumerate(place.rest, start=1):
        tokens = _tokens(para.text)
        if i < len(new):
            _edit(para, (tokens[0].start, tokens[-1].end), new[i], edits)
        else:  # the revision has fewer paragraphs: this one goes
            _edit(para, (tokens[0].start, tokens[-1].end), "", edits)
            mark = para.element.find(f"{_W}pPr")
            if mark is None:
                mark = element_of("w:pPr")
                para.element.insert(0, mark)
            mark_paragraph(mark, edits.marks.mark("w:del"))
    last = place.last
    for text in new[1 + len(place.rest) :]:
        runs = [r for r in last.element.iterchildren(f"{_W}r")]
        props = runs[-1].find(f"{_W}rPr") if runs else None
        runs = [(" ".join(text.split()), props)]
        edits.add_after(
            last.element, new_paragraph(last.element, edits.marks, runs, numbered=False)
        )


def _new_text(clause: RevisedClause, place: _Place) -> str:
    """What the span says after the revision: new number (where typed), heading, new text."""
    old = place.para.text[place.span[0] : place.span[1]].split()
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
        parts += clause.text.split("\n\n")[0].split()
    elif not place.headed:  # a heading of its own: the span is its number and heading
        parts += old[skip:]
    return " ".join(parts)


def _edit(para: _Paragraph, span: tuple[int, int], new: str, edits: Edits) -> None:
    """Replace the span's words by ``new``, word by word, as tracked deletions/insertions.

    Nothing happens when the words are the same; otherwise only the runs a change touches
    are split or wrapped, the others stay the elements they were.
    """
    text = para.text
    old_tokens = _tokens(text[span[0] : span[1]])
    new_words = new.split()
    matcher = difflib.SequenceMatcher(
        a=[t.key for t in old_tokens], b=[_key(w) for w in new_words], autojunk=False
    )
    codes = matcher.get_opcodes()
    if all(op == "equal" for op, *_ in codes):
        return
    if not para.editable:
        raise NotInPlace("a paragraph to change holds fields, links or revision marks")
    deleted = [False] * len(text)
    inserts: list[tuple[int, str, Any]] = []  # (offset, text, the run whose look it takes)
    cursor = span[0]
    accepted = text[cursor - 1] if cursor else ""  # the last character once all is accepted
    for op, a0, a1, b0, b1 in codes:
        if a1 > a0:
            end = span[0] + old_tokens[a1 - 1].end
            if op == "equal":
                accepted = text[end - 1]
            else:
                deleted[cursor:end] = [True] * (end - cursor)
            cursor = end
        if op in ("replace", "insert"):
            run = para.chars[max(cursor - 1, 0)][1] if para.chars else None
            lead = " " if accepted and not accepted.isspace() else ""
            trail = " " if cursor < len(text) and not text[cursor].isspace() else ""
            inserts.append((cursor, lead + " ".join(new_words[b0:b1]) + trail, run))
            accepted = (trail or new_words[b1 - 1])[-1]
    rebuild(para, deleted, inserts, edits)


def _insert(clause: RevisedClause, anchor: Any, templates: dict[int, _Place], edits: Edits) -> None:
    """New paragraphs for an inserted clause after ``anchor``, formatted like its peers.

    A peer whose heading is a paragraph of its own gives the heading paragraph's look to the
    new heading and the body paragraph's to the new text.
    """
    place = templates.get(clause.level) or templates.get(min(templates, default=1))
    if place is None:
        raise NotInPlace("no clause of the file to copy the formatting from")
    paragraphs = [" ".join(p.split()) for p in clause.text.split("\n\n") if p.strip()]
    body, rest = place.para, paragraphs[1:]
    # Word's list would count "21A" as 22 and push every later number up (issue 16): such a
    # number is typed instead, and the list goes on as it was
    listed = not _suffixed(clause)
    new: list[Any] = []
    if place.head is not None and clause.heading:
        label, heading = _label(place.head, clause)
        head_props = _first_props(place.head)
        new.append(
            new_paragraph(
                place.head.element,
                edits.marks,
                [(label, head_props), (heading, head_props)],
                numbered=listed,
            )
        )
        rest = paragraphs
    else:
        label, heading = _label(body, clause)
        head_props, body_props = _first_props(body), _last_props(body)
        text = paragraphs[0] if paragraphs else ""
        runs = [(label, head_props), (heading + (" " if heading and text else ""), head_props)]
        new.append(
            new_paragraph(body.element, edits.marks, [*runs, (text, body_props)], numbered=listed)
        )
    for i, text in enumerate(rest):
        # the clause's first paragraph is numbered as its peer is, the others continue it
        numbered = listed and place.head is not None and i == 0
        runs = [(text, _last_props(body))]
        new.append(new_paragraph(body.element, edits.marks, runs, numbered=numbered))
    for p in new:
        edits.add_after(anchor, p)


def _label(template: _Paragraph, clause: RevisedClause) -> tuple[str, str]:
    """The typed number (as the peer types it, or "" when Word numbers it) and the heading."""
    tokens = _tokens(template.text)
    at = next((i for i, t in enumerate(tokens) if t.text[:1].isdigit()), None)
    heading = clause.heading or ""
    if template.label and clause.number and _suffixed(clause):
        punctuation = template.label[len(_bare(template.label)) :]  # "4." → "."
        return clause.number + punctuation + " ", heading
    if template.label or not clause.number or at is None or at > 1:
        return "", heading
    typed = tokens[at].text
    label = clause.number.rstrip(".") + typed[len(_bare(typed)) :]
    after = tokens[at + 1].text if at + 1 < len(tokens) else ""
    separator = f" {after}" if after in _DASHES else ""
    rest = [t.text for t in tokens[at + 1 :] if t.text.isalpha()][:3]
    if rest and all(w.isupper() for w in rest):  # ARTICLE 2 - SERVICES
        heading = heading.upper()
    return label + separator + " ", heading


def _suffixed(clause: RevisedClause) -> bool:
    """A number like "21A" or "2.3A": one a Word list cannot produce."""
    return bool(clause.number and re.search(r"[A-Z]$", clause.number))


def _first_props(para: _Paragraph) -> Any:
    runs = list(para.element.iterchildren(f"{_W}r"))
    return runs[0].find(f"{_W}rPr") if runs else None


def _last_props(para: _Paragraph) -> Any:
    runs = list(para.element.iterchildren(f"{_W}r"))
    return runs[-1].find(f"{_W}rPr") if runs else None
