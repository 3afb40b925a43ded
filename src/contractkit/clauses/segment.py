"""Split a document into a clause tree from the numbering and headings contracts use.

Numbering is read as styles (``1.`` / ``1.1`` / ``1.1.1``, ``(a)``, ``(i)``, ``(A)``,
``Section 5``, ``ARTICLE IV``, ``Schedule 1``). A style seen before closes everything opened
after it, so ``(b)`` is a sibling of ``(a)`` and ``10.`` closes ``9.2(c)``; a new style opens
a level under the current clause. Headings come from the number's line (``ARTICLE 7 –
TERMINATION``), a run-in phrase (``12. Termination. Either party…``: bold, or a short
Title-Case phrase ending in a full stop), or a short line of its own in capitals or bold.

Recitals (``WHEREAS``/``Background`` up to ``NOW, THEREFORE``) and the signature block
(``IN WITNESS WHEREOF``, ``Signed by``) each become one clause; the title and parties before
them are the preamble.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from contractkit.clauses._numbering import NUMBER, roman_value
from contractkit.clauses._split import Splitter, is_furniture, is_rule
from contractkit.clauses._toc import contents_spans
from contractkit.clauses.model import Clause, ClauseKind
from contractkit.document.model import Document, Word

__all__ = ["segment"]

_RECITALS = re.compile(r"^(?:WHEREAS|Whereas|RECITALS?|Recitals?|BACKGROUND|Background)\b")
_RECITALS_END = re.compile(
    r"^(?:NOW,?\s+THEREFORE|Now,?\s+therefore|IT\s+IS\s+(?:HEREBY\s+)?AGREED|"
    r"It\s+is\s+(?:hereby\s+)?agreed|The\s+[Pp]arties\s+(?:therefore\s+)?(?:hereby\s+)?agree)"
)
_SIGNATURE = re.compile(
    r"^(?:IN\s+WITNESS\s+WHEREOF|In\s+witness\s+whereof|AS\s+WITNESS|SIGNED\b|Signed\s+(?:by|for"
    r"|on\s+behalf)|EXECUTED\b|Executed\s+(?:by|as)|Agreed\s+and\s+accepted|AGREED\s+AND"
    r"|(?:By|Signature)\s*:)"
)
_DEFINITIONS = re.compile(r"\b(?:definitions?|interpretation|defined\s+terms)\b", re.I)
_DEFINITIONS_HEADING = re.compile(
    r"(?:definitions?|interpretation|defined\s+terms)(?:\s+and\s+interpretation)?", re.I
)
_TITLE_PAGE = re.compile(
    r"\b(?:AGREEMENT|CONTRACT|LEASE|BETWEEN|AMONG|DATED|COPY|INC|LLC|L\.P|LTD|CORP|CORPORATION"
    r"|COMPANY|LIMITED|PLC|GMBH|S\.A)\b|^(?:AND|BY|BY AND)$|^EXHIBIT\s+[\d.]+$",
    re.I,
)
#: ``1. Acme Corp., a Delaware corporation``: a party, as a numbered parties block gives it.
_NUMBERED_PARTY = re.compile(
    r",\s+an?\s+(?:[A-Z][\w-]*\s+){0,4}(?:corporation|company|limited|partnership|LLC"
    r"|association|bank|trust)\b"
)
_PREAMBLE_HEADINGS = re.compile(r"^(?:parties|this agreement|between|dated?)\b", re.I)
_SMALL_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"]
)
_SENTENCE_STARTS = frozenset(
    [
        "the",
        "this",
        "that",
        "these",
        "each",
        "either",
        "neither",
        "if",
        "in",
        "any",
        "all",
        "no",
        "upon",
        "subject",
        "where",
        "when",
        "unless",
        "notwithstanding",
        "except",
        "for",
        "without",
        "during",
        "following",
        "a",
        "an",
        "such",
        "nothing",
    ]
)
_HEADING_MAX_WORDS = 10


@dataclass
class _Para:
    """A paragraph of the document text with what the page says about its first line."""

    start: int
    end: int
    text: str
    words: list[Word]
    centred: bool = False
    stray: bool = False  # opens with a number that is no clause start
    contents: bool = False  # part of a table of contents

    @property
    def first_line(self) -> str:
        return self.text.split("\n", 1)[0]


@dataclass
class _Open:
    """A clause being built: where its paragraphs are and where it sits in the tree."""

    style: str
    number: str | None
    heading: str | None
    kind: ClauseKind
    start: int
    end: int
    parent: _Open | None
    token: str = ""
    has_body: bool = False
    children: list[_Open] = field(default_factory=list)

    @property
    def level(self) -> int:
        return 1 if self.parent is None else self.parent.level + 1


def segment(doc: Document) -> list[Clause]:
    """Split ``doc`` into clauses in reading order, each knowing its parent and level."""
    built = _Builder(doc.text)
    for para in _paragraphs(doc):
        built.add(para)
    return built.clauses(doc)


def _paragraphs(doc: Document) -> Iterator[_Para]:
    """The text's paragraphs, split further where a line starts a new numbered item.

    A line is first cut where a clause starts inside it (EDGAR text), and the pieces of a
    table of contents are kept together in paragraphs of their own.
    """
    text = doc.text
    words = [
        w
        for page in doc.pages
        for block in page.blocks
        for line in block.lines
        for w in line.words
        if w.start is not None
    ]
    splitter = Splitter(text, contents_spans(text, words))
    for page in doc.pages:
        for block in page.blocks:
            lines = [line for line in block.lines if line.words and line.words[0].start is not None]
            current: list[_Line] = []
            for line in lines:
                start, end = line.words[0].start or 0, line.words[-1].end or 0
                if is_rule(text[start:end]) or is_furniture(text[start:end]):
                    continue  # an underline rule or page number is no heading (issue 14)
                centred = False
                if line.bbox is not None and page.width:
                    middle = (line.bbox.x0 + line.bbox.x1) / 2
                    narrow = line.bbox.x1 - line.bbox.x0 < 0.6 * page.width
                    centred = narrow and abs(middle - page.width / 2) < 0.04 * page.width
                for piece in splitter.pieces(line.words):
                    start, end = piece.words[0].start or 0, piece.words[-1].end or 0
                    item = _Line(
                        start, end, list(piece.words), centred, piece.stray, piece.contents
                    )
                    if current and (
                        piece.forced
                        or item.contents != current[-1].contents
                        or (not piece.stray and _starts_item(text[start:end], current[-1], text))
                    ):
                        yield _para(text, current)
                        current = []
                    current.append(item)
            if current:
                yield _para(text, current)


@dataclass(frozen=True)
class _Line:
    """A line, or the piece of one that starts a clause, with what the page says of it."""

    start: int
    end: int
    words: list[Word]
    centred: bool
    stray: bool
    contents: bool


def _starts_item(line: str, previous: _Line, text: str) -> bool:
    """A line inside a block that begins a new item: a number after a sentence or a heading."""
    if not NUMBER.match(line):
        return False
    before = text[previous.start : previous.end]
    words = previous.words
    heading = len(words) <= _HEADING_MAX_WORDS and (before.isupper() or all(w.bold for w in words))
    return before[-1:] in ".;:" or heading or _numbered_heading(before)


def _numbered_heading(line: str) -> bool:
    """``2. Termination`` on a line of its own: a plain-text heading with no styling to show it."""
    number = NUMBER.match(line)
    rest = line[number.end() :].split() if number else []
    return 0 < len(rest) < _HEADING_MAX_WORDS and _title_case(rest) and not line.endswith(",")


def _para(text: str, lines: list[_Line]) -> _Para:
    start, end = lines[0].start, lines[-1].end
    words = [w for line in lines for w in line.words]
    first = lines[0]
    return _Para(start, end, text[start:end], words, first.centred, first.stray, first.contents)


class _Builder:
    """Turns paragraphs into open clauses, keeping the stack of numbering styles."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.all: list[_Open] = []
        self.stack: list[_Open] = []
        self.state = "preamble"  # preamble → recitals → body → signature
        self.numbered = False  # a numbered clause has been opened
        self.seen: set[tuple[int, str | None]] = set()  # (id of the parent, number)

    def add(self, para: _Para) -> None:
        first = para.first_line
        if para.contents and self.all:
            self._extend(para)  # a table of contents: its entries are no clauses
            return
        if self.state == "preamble" and not self.all:
            self._open("preamble", None, None, "preamble", para, root=True)
            return
        if self.state == "recitals":
            if _RECITALS_END.match(first):
                self._extend(para)
                self.state = "body"
                return
            match = None if para.stray else NUMBER.match(first)
            item = match is not None and bool(match.group("paren") or match.group("outline"))
            if item or (match is None and not _is_heading(para, first)):
                self._extend(para)
                return
            self.state = "body"
        if _RECITALS.match(first) and self.state in ("preamble", "body") and not self._numbered:
            self._open("recitals", None, None, "recitals", para, root=True)
            self.state = "recitals"
            return
        if _SIGNATURE.match(first) and self.state != "signature":
            self._open("signature", None, None, "signature", para, root=True)
            self.state = "signature"
            return
        match = None if para.stray else NUMBER.match(first)
        if match and match.group("schedule") and _is_heading(para, first):
            number = match.group("schedule")
            title = _clean_heading(first[match.end() :])
            self._open("schedule", number, title or None, "schedule", para, root=True)
            self.state = "body"
            return
        if self.state == "signature":
            self._extend(para)
            return
        if match and not match.group("schedule") and self._continues(match):
            self._extend(para)  # "…within forty-five" | next page: "(45) days after…"
            return
        if match and not match.group("schedule"):
            style, printed = _style(match, self.stack)
            party = style == "decimal-1" and _NUMBERED_PARTY.search(para.text[:200])
            if self.state == "preamble" and (style.startswith("paren") or party):
                self._extend(para)  # "(1) ACME LIMITED ..." in the parties block
                return
            rest = para.text[match.end() :]
            heading, has_body = _heading_of(para, match.end(), rest)
            self._numbered_clause(style, printed, heading, para, has_body, match.group(0))
            self.state = "body"
            return
        if _is_heading(para, first) and not (
            self.state == "preamble" and _PREAMBLE_HEADINGS.match(first)
        ):
            top = self.stack[-1] if self.stack else None
            if top is not None and top.number and not top.heading and not top.has_body:
                top.heading = _clean_heading(first)  # "ARTICLE IV" then "DEFINITIONS"
                if _DEFINITIONS.search(top.heading):
                    top.kind = "definitions"
                top.end = para.end
                return
            if top is not None and top.kind == "schedule" and not top.heading:
                top.heading = _clean_heading(first)
                top.end = para.end
                return
            if self._title_page(first):
                self._extend(para)  # "BY AND BETWEEN", "ACME, INC.": the title page
                return
            self._heading_clause(para)
            self.state = "body"
            return
        self._extend(para)

    def _title_page(self, line: str) -> bool:
        """A short line before the first clause with a body: part of the title page.

        Title pages of filings set the title, the parties and the date as lines of capitals,
        each a heading to look at. Before any clause has a body, a line naming an agreement,
        a company or a date is the preamble's, and so is a heading followed at once by another.
        """
        if self._numbered or any(c.has_body and c.kind != "preamble" for c in self.all[1:]):
            return False
        last = self.all[-1]
        if last.style == "heading" and not last.has_body:
            self.all.pop()  # a heading with nothing under it before this one: a title line
            self.stack = [c for c in self.stack if c is not last]
        return bool(_TITLE_PAGE.search(line))

    @property
    def _numbered(self) -> bool:
        return self.numbered

    def _open(
        self,
        style: str,
        number: str | None,
        heading: str | None,
        kind: ClauseKind,
        para: _Para,
        *,
        root: bool = False,
        parent: _Open | None = None,
        token: str = "",
        has_body: bool = True,
    ) -> _Open:
        clause = _Open(style, number, heading, kind, para.start, para.end, parent, token, has_body)
        if root:
            self.stack = [clause] if kind == "schedule" else []
        else:
            self.stack.append(clause)
        self.all.append(clause)
        self.seen.add((id(parent), number))
        self.numbered = self.numbered or number is not None
        return clause

    def _extend(self, para: _Para) -> None:
        last = self.all[-1]
        last.end = para.end
        last.has_body = True

    def _numbered_clause(
        self, style: str, number: str, heading: str | None, para: _Para, has_body: bool, token: str
    ) -> None:
        if style == "decimal-1" and self._list_item(number, heading):
            style = "list"  # "1. Discovery workshops" under "2.1 … the following Services:"
        stack = self.stack
        if any(c.style == style for c in stack):
            while stack[-1].style != style:
                stack.pop()
            stack.pop()
        while stack and not _may_contain(stack[-1], style, number):
            stack.pop()
        parent = stack[-1] if stack else None
        if style == "decimal-1" and number == "1" and (id(parent), number) in self.seen:
            # "1." again under the same parent: a list of its own, not the first section again
            style, parent = "list", self._list_parent()
        definitions = heading and _DEFINITIONS_HEADING.fullmatch(heading.strip())
        kind: ClauseKind = "definitions" if definitions else "clause"
        self._open(
            style, number, heading, kind, para, parent=parent, token=token, has_body=has_body
        )

    def _continues(self, match: re.Match[str]) -> bool:
        """A figure in brackets opening a paragraph that goes on the sentence before it.

        After a page or column break, "(45) days" starts a paragraph; it is an item only if
        it starts a list, ``(1)``, or follows the item before it.
        """
        token = match.group("paren")
        last = self.all[-1] if self.all else None
        if token is None or not token.isdigit() or last is None or token == "1":
            return False
        if last.style == "paren-digit" and last.token.strip("()").isdigit():
            return int(token) != int(last.token.strip("()")) + 1
        before = self.text[last.start : last.end].rstrip()
        return bool(before) and before[-1].isalnum()

    def _list_item(self, number: str, heading: str | None) -> bool:
        """A numbered list inside a clause, not a section: ``1.`` after a lead-in.

        The lead-in ends in a colon; ``2.``, ``3.`` continue the list while each follows the
        last item and none has a heading.
        """
        last = self.all[-1] if self.all else None
        if last is None or heading or not number.isdigit():
            return False
        while last.parent is not None and last.style.startswith("paren"):
            last = last.parent  # "2." after "1. … (a) … (b)": the list goes on
        if last.style == "list":
            return int(number) == int(last.number or 0) + 1
        lead_in = self.text[last.start : last.end].rstrip().endswith(":")
        sections = any(c.style == "decimal-1" for c in self.stack)
        return number == "1" and lead_in and sections

    def _list_parent(self) -> _Open | None:
        """Where a list that starts again goes: under the clause before it (not its items)."""
        last = self.all[-1] if self.all else None
        while last is not None and last.parent is not None and last.style.startswith("paren"):
            last = last.parent
        chain: list[_Open] = []
        node = last
        while node is not None:
            chain.insert(0, node)
            node = node.parent
        self.stack[:] = chain  # the list's items close back to it, not past it
        return last

    def _heading_clause(self, para: _Para) -> None:
        heading = _clean_heading(para.first_line)
        root = self.stack[0] if self.stack and self.stack[0].kind == "schedule" else None
        self.stack = [root] if root else []
        kind: ClauseKind = "definitions" if _DEFINITIONS.search(heading) else "clause"
        has_body = "\n" in para.text
        self._open("heading", None, heading, kind, para, parent=root, has_body=has_body)

    def clauses(self, doc: Document) -> list[Clause]:
        ids = {id(c): f"c{i + 1}" for i, c in enumerate(self.all)}
        out = []
        for i, c in enumerate(self.all):
            end = self.all[i + 1].start if i + 1 < len(self.all) else len(self.text)
            text = self.text[c.start : end].rstrip()
            end = c.start + len(text)
            pages = sorted(
                {
                    p
                    for offset in (c.start, max(end - 1, c.start))
                    if (p := doc.page_at(offset)) is not None
                }
            )
            out.append(
                Clause(
                    id=ids[id(c)],
                    number=_printed(c.number),
                    heading=c.heading,
                    kind=c.kind,
                    level=c.level,
                    parent=ids[id(c.parent)] if c.parent is not None else None,
                    text=text,
                    start=c.start,
                    end=end,
                    pages=tuple(range(pages[0] + 1, pages[-1] + 2)) if pages else (),
                )
            )
        return out


_OUTLINE = ("outline-roman", "outline-alpha")


def _may_contain(parent: _Open, style: str, number: str) -> bool:
    """Whether a clause numbered in ``style`` can sit under ``parent``.

    ``3.`` never nests under ``2.02(b)``, and ``4.1`` sits under ``4.`` or an unnumbered
    heading, not under ``3.``.
    """
    if style == "list":
        return True
    if style == "article":
        return parent.kind == "schedule"
    if style == "outline-roman":
        return parent.kind == "schedule" or parent.style == "article"
    if style == "outline-alpha":
        return not parent.style.startswith("paren")
    if style == "section" or style == "decimal-1":
        return parent.kind == "schedule" or parent.style in ("article", *_OUTLINE)
    if style.startswith("decimal"):
        if parent.style.startswith("decimal"):
            return number.startswith(f"{parent.number}.")
        return not parent.style.startswith("paren")
    return True


def _printed(number: str | None) -> str | None:
    return re.sub(r"\s+", " ", number).rstrip(".") if number else None


def _style(match: re.Match[str], stack: list[_Open]) -> tuple[str, str]:
    """The numbering style of a match and the number as printed."""
    for name in ("article", "section"):
        if value := match.group(name):
            return name, value
    if value := match.group("decimal"):
        return f"decimal-{value.count('.') + 1}", value
    if value := match.group("outline"):
        letters = [c for c in stack if c.style == "outline-alpha"]
        previous = letters[-1].number or "" if letters else ""
        after = len(value) == len(previous) == 1 and ord(value) - ord(previous) == 1
        if roman_value(value) is None or after:
            return "outline-alpha", value  # "B.", or "I." after "H."
        return "outline-roman", value
    token = match.group("paren")
    number = f"({token})"
    if token.isdigit():
        return "paren-digit", number
    lower = token.lower()
    is_roman = roman_value(lower) is not None
    case = "lower" if token.islower() else "upper"
    if not is_roman:
        return f"paren-{case}", number
    letters = [c for c in stack if c.style == f"paren-{case}"]
    romans = [c for c in stack if c.style == f"paren-{case}-roman"]
    previous = letters[-1].token.strip("()").lower() if letters else ""
    if len(lower) == 1 and len(previous) == 1 and ord(lower) - ord(previous) == 1:
        return f"paren-{case}", number  # (h) then (i): a letter
    if romans or lower in ("i", "ii", "iii") or len(lower) > 1:
        return f"paren-{case}-roman", number
    return f"paren-{case}", number


def _is_heading(para: _Para, first: str) -> bool:
    """A short line standing alone, in capitals, bold, centred or Title Case, no sentence."""
    if "\n" in para.text and not _styled_line(para):
        return False
    words = first.split()
    if not words or len(words) > _HEADING_MAX_WORDS or first.rstrip().endswith((",", ";")):
        return False
    letters = [c for c in first if c.isalpha()]
    if not letters:
        return False
    if first.isupper() or _styled_line(para) or para.centred:
        return True
    return _title_case(words) and not first.rstrip().endswith(".")


def _styled_line(para: _Para) -> bool:
    """The paragraph's first line is all bold (from the font) and short."""
    count = len(para.first_line.split())
    first = para.words[:count]
    return bool(first) and count <= _HEADING_MAX_WORDS and all(w.bold for w in first)


def _title_case(words: list[str]) -> bool:
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    return bool(significant) and all(w[0].isupper() or not w[0].isalpha() for w in significant)


_RUN_IN = re.compile(
    r"^\s*(?P<h>[A-Z][\w'’&/-]*(?:,?\s+(?:[A-Z][\w'’&/-]*|of|and|or|for|to|the|in|on|by|with"
    r"|a|an|from)){0,7})\s*(?:\.|:|—|–|-)\s+(?=\S)"
)


def _heading_of(para: _Para, number_end: int, rest: str) -> tuple[str | None, bool]:
    """The heading after a clause number, and whether body text follows it."""
    line = rest.split("\n", 1)[0]
    stripped = line.strip()
    if not stripped:
        return None, "\n" in rest
    words_after = _words_from(para, para.start + number_end)
    # a bold run right after the number, then plain text: a run-in heading in bold
    bold = []
    for word in words_after:
        if not word.bold:
            break
        bold.append(word.text)
    if bold and len(bold) <= _HEADING_MAX_WORDS:
        if len(bold) < len(words_after):
            return _clean_heading(" ".join(bold)), True
        if "\n" not in rest:
            return _clean_heading(stripped), False
    one_line = "\n" not in rest.strip()
    words = stripped.split()
    if (
        one_line
        and len(words) <= _HEADING_MAX_WORDS
        and not stripped.endswith((",", ";"))
        and (stripped.isupper() or (_title_case(words) and _not_a_sentence(stripped)))
    ):
        return _clean_heading(stripped), False
    heading = re.match(r"^\s*[-–—:]?\s*(?P<h>[A-Z][A-Z0-9 ,&'’/-]{2,60}?)\s*$", line)
    following = rest.split("\n", 2)[1].strip() if "\n" in rest else ""
    capitals_go_on = following.isupper() and not line.rstrip().endswith((".", ":"))
    if heading and heading.group("h").strip() and line.strip().isupper() and not capitals_go_on:
        # a line in capitals followed by more capitals is a sentence set in capitals
        return _clean_heading(heading.group("h")), "\n" in rest
    run_in = _RUN_IN.match(rest)
    if run_in and run_in.group("h").split()[0].lower() not in _SENTENCE_STARTS:
        candidate = run_in.group("h")
        if _title_case(candidate.split()) or candidate.isupper():
            return _clean_heading(candidate), True
    return None, True


_PLACEHOLDERS = re.compile(
    r"(?i)^(?:reserved|intentionally\s+(?:omitted|left\s+blank)|deleted|not\s+used)"
)


def _not_a_sentence(line: str) -> bool:
    """``Payment Terms`` or ``Termination.`` (a few words and a full stop), not ``Reserved.``."""
    if not line.endswith("."):
        return True
    return len(line.split()) <= 3 and not _PLACEHOLDERS.match(line)


def _words_from(para: _Para, offset: int) -> list[Word]:
    return [w for w in para.words if (w.start or 0) >= offset]


def _clean_heading(text: str) -> str:
    """The heading without rules, a page number trailing it, or spaces and stops around it."""
    text = re.sub(r"[_=~]{3,}|-{3,}", " ", text)
    text = re.sub(r"(?<=[A-Za-z\])])\s+(?:\d{1,3}|[ivx]{1,4})$", "", text.strip())
    return re.sub(r"\s+", " ", text).strip(" .:-–—/\t\n")
