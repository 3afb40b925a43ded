"""Split a document into a clause tree from the numbering and headings contracts use.

Numbering is read as styles (``1.`` / ``1.1`` / ``1.1.1``, ``(a)``, ``(i)``, ``(A)``,
``Section 5``, ``ARTICLE IV``, ``Schedule 1``). A style seen before closes everything opened
after it, so ``(b)`` is a sibling of ``(a)`` and ``10.`` closes ``9.2(c)``; a new style opens
a level under the current clause. Headings come from the number's line (``ARTICLE 7 –
TERMINATION``), a run-in phrase (``12. Termination. Either party…``: bold, or a short
Title-Case phrase ending in a full stop), or a short line of its own in capitals or bold.

Recitals (``WHEREAS``/``Background`` up to ``NOW, THEREFORE``) and the signature block
(``IN WITNESS WHEREOF``, ``Signed by``) each become one clause; the title and parties before
them are the preamble, title-page lines in capitals included.

Real filings (issue 14) need more than the styles: ``_split`` cuts page-long EDGAR lines at
the clause numbers inside them and tells a cross-reference opening a line from a clause
start by the sequence of numbers (``_numbering``); ``_toc`` finds tables of contents, whose
entries stay in the clause before them; ``_headings`` reads headings. A schedule's own
``1.`` sits under the schedule, so it never collides with the body's ``1.``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from contractkit.clauses._headings import Para, clean_heading, heading_of, is_heading
from contractkit.clauses._numbering import NUMBER, roman_value
from contractkit.clauses._split import paragraphs
from contractkit.clauses.model import Clause, ClauseKind
from contractkit.document.model import Document

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
_FIRST_SECTION = re.compile(
    r"^(?:(?:ARTICLE|Article|SECTION|Section)\s+(?:1|I|ONE|One)|1(?:\.0)?)\.?$"
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
    for para in paragraphs(doc):
        built.add(para)
    return built.clauses(doc)


class _Builder:
    """Turns paragraphs into open clauses, keeping the stack of numbering styles."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.all: list[_Open] = []
        self.stack: list[_Open] = []
        self.state = "preamble"  # preamble → recitals → body → signature
        self.numbered = False  # a numbered clause has been opened
        self.seen: set[tuple[int, str | None]] = set()  # (id of the parent, number)

    @staticmethod
    def _restarts(match: re.Match[str] | None, para: Para) -> bool:
        """Whether a section 1 with a body follows signatures: they signed a cover page.

        EDGAR filings put an order form or a summary, signed, before the general terms;
        without this the whole contract after the first "By:" would be a signature block.
        """
        return bool(
            match
            and not match.group("schedule")
            and _FIRST_SECTION.match(match.group(0).strip())
            and len(para.text) > 300
        )

    def add(self, para: Para) -> None:
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
            if item or (match is None and not is_heading(para, first)):
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
        if match and match.group("schedule") and self.state == "preamble" and not self.numbered:
            self._extend(para)  # "EXHIBIT 10.1" over a filing: the exhibit the contract is
            return
        if match and match.group("schedule") and is_heading(para, first):
            number = match.group("schedule")
            title = clean_heading(first[match.end() :])
            title = "" if _PAGE_ONLY.fullmatch(title) else title  # "SCHEDULE 1 .... 10"
            self._open("schedule", number, title or None, "schedule", para, root=True)
            self.state = "body"
            return
        if self.state == "signature" and not self._restarts(match, para):
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
            heading, has_body = heading_of(para, match.end(), rest)
            self._numbered_clause(style, printed, heading, para, has_body, match.group(0))
            self.state = "body"
            return
        label = self.numbered and ":" in first  # "LICENSOR:", "Email: x" in a notice block
        if (
            is_heading(para, first)
            and not label
            and not (self.state == "preamble" and _PREAMBLE_HEADINGS.match(first))
        ):
            top = self.stack[-1] if self.stack else None
            if top is not None and top.number and not top.heading and not top.has_body:
                top.heading = clean_heading(first)  # "ARTICLE IV" then "DEFINITIONS"
                if _DEFINITIONS.search(top.heading):
                    top.kind = "definitions"
                top.end = para.end
                return
            if top is not None and top.kind == "schedule" and not top.heading:
                top.heading = clean_heading(first)
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
        para: Para,
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

    def _extend(self, para: Para) -> None:
        last = self.all[-1]
        last.end = para.end
        last.has_body = True

    def _numbered_clause(
        self, style: str, number: str, heading: str | None, para: Para, has_body: bool, token: str
    ) -> None:
        if style == "decimal-1" and self._list_item(number, heading):
            style = "list"  # "1. Discovery workshops" under "2.1 … the following Services:"
        stack = self.stack
        if any(c.style == style for c in stack):
            while stack[-1].style != style:
                stack.pop()
            stack.pop()
        while stack and not _may_contain(stack[-1], style, number, headed=heading is not None):
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

    def _heading_clause(self, para: Para) -> None:
        heading = clean_heading(para.first_line)
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
_PAGE_ONLY = re.compile(r"[\d.\s]+|[ivx]{1,5}")
_POINT_ZERO = re.compile(r"\d+\.0+")
_POINT_ZERO_END = re.compile(r"[.]0+$")


def _may_contain(parent: _Open, style: str, number: str, *, headed: bool = False) -> bool:
    """Whether a clause numbered in ``style`` can sit under ``parent``.

    ``3.`` never nests under ``2.02(b)``, and ``4.1`` sits under ``4.`` or an unnumbered
    heading, not under ``3.``. A ``1.`` under a lettered ``B.`` is a list item; with a
    heading of its own (``1. GRANT OF FRANCHISE``) it is a section, not under recital ``C.``.
    """
    if style == "list":
        return True
    if style == "article":
        return parent.kind == "schedule"
    if style == "outline-roman":
        return parent.kind == "schedule" or parent.style == "article"
    if style == "outline-alpha":
        return not parent.style.startswith("paren")
    if style == "section" and "." in number and parent.style == "decimal-1":
        return number.split()[-1].startswith(f"{parent.number}.")  # "Section 4.4" under "4."
    if style == "section" or style == "decimal-1":
        outline = ("outline-roman",) if headed else _OUTLINE
        return parent.kind == "schedule" or parent.style in ("article", *outline)
    if style.startswith("decimal"):
        if parent.style.startswith("decimal"):
            return number.startswith(f"{_POINT_ZERO_END.sub('', parent.number or '')}.")
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
        if _POINT_ZERO.fullmatch(value):
            return "decimal-1", value  # "2.0" heads "2.1" as "2" would
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
