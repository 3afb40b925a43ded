"""One description, three formats: the PDF blocks of ``render.pdf`` also give Markdown and text.

A letter or a plan is built once as blocks; PDF, Markdown and plain text are renderings of the
same blocks, so the three never say different things.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from contractkit._io import atomic_output
from contractkit.errors import InvalidOptionError
from contractkit.render.pdf import (
    Block,
    Bullets,
    Figure,
    Heading,
    PageBreak,
    Para,
    Run,
    Signatures,
    Table,
)
from contractkit.types import Target

__all__ = ["Format", "format_of", "names_without_article", "to_markdown", "to_text", "write"]

Format = Literal["pdf", "docx", "md", "txt"]
_SUFFIXES: dict[str, Format] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".md": "md",
    ".markdown": "md",
    ".txt": "txt",
}


def format_of(target: Target, format: Format | None) -> Format:
    """The output format: as asked, else from the target's suffix.

    Raises:
        InvalidOptionError: Neither says (a stream target, or an unknown suffix).
    """
    if format is not None:
        return format
    if isinstance(target, str | os.PathLike):
        suffix = Path(target).suffix.lower()
        if suffix in _SUFFIXES:
            return _SUFFIXES[suffix]
    if isinstance(target, str | os.PathLike):
        name = os.fspath(target)
        suffix = Path(name).suffix
        raise InvalidOptionError(
            f"cannot write {name!r} as {suffix or 'a file without a suffix'}",
            hint="name the output .pdf, .docx, .md or .txt",
        )
    raise InvalidOptionError(
        "cannot tell the format of a stream", hint="pass format='pdf', 'docx', 'md' or 'txt'"
    )


def names_without_article(blocks: Sequence[Block], names: Sequence[str]) -> list[Block]:
    """``blocks`` with "the Acme Inc" written "Acme Inc".

    A party the contract gives no defined term is called by its name, and a name takes no
    article; the texts are written for defined terms ("the Customer").
    """
    import dataclasses
    import re

    if not names:
        return list(blocks)
    pattern = re.compile(r"\b[Tt]he (" + "|".join(re.escape(n) for n in names) + r")(?!\w)")

    def fix(content: Any) -> Any:
        if isinstance(content, str):
            return pattern.sub(r"\1", content)
        if isinstance(content, Run):
            return dataclasses.replace(content, text=pattern.sub(r"\1", content.text))
        if isinstance(content, list | tuple):
            return [fix(c) for c in content]
        return content

    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Para):
            block = dataclasses.replace(block, content=fix(block.content))
        elif isinstance(block, Bullets):
            block = dataclasses.replace(block, items=[fix(i) for i in block.items])
        elif isinstance(block, Table):
            block = dataclasses.replace(block, rows=[[fix(c) for c in row] for row in block.rows])
        elif isinstance(block, Signatures):
            block = dataclasses.replace(block, lead=[fix(t) for t in block.lead])
        out.append(block)
    return out


def _plain(content: str | Sequence[Run], *, markdown: bool) -> str:
    if isinstance(content, str):
        return content
    parts = []
    for run in content:
        if markdown and run.style == "bold" and run.text.strip():
            parts.append(f"**{run.text}**")
        elif markdown and run.style == "italic" and run.text.strip():
            parts.append(f"*{run.text}*")
        else:
            parts.append(run.text)
    return "".join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(blocks: Sequence[Block]) -> str:
    """The blocks as Markdown."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append("#" * (block.level + 1) + " " + _plain(block.text, markdown=True))
        elif isinstance(block, Para):
            text = _plain(block.content, markdown=True)
            out.append("  \n".join(text.split("\n")) if not block.small else f"*{text}*")
        elif isinstance(block, Bullets):
            mark = "1." if block.numbered else "-"
            out.append("\n".join(f"{mark} {_plain(i, markdown=True)}" for i in block.items))
        elif isinstance(block, Table):
            rows = [list(block.header), ["---"] * len(block.header)]
            rows += [[_plain(c, markdown=True) for c in row] for row in block.rows]
            out.append("\n".join("| " + " | ".join(_cell(c) for c in r) + " |" for r in rows))
        elif isinstance(block, Signatures):
            out += block.lead
            for party in block.parties:
                out.append(
                    f"Signed for and on behalf of **{party}**\n\n"
                    "Signature: ____________________  \nName:  \nDate:"
                )
        elif isinstance(block, PageBreak):
            out.append("---")
        elif isinstance(block, Figure) and block.caption:
            out.append(f"*Figure: {block.caption}*")
    return "\n\n".join(out) + "\n"


def to_text(blocks: Sequence[Block], width: int = 78) -> str:
    """The blocks as plain text wrapped at ``width`` columns."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            text = _plain(block.text, markdown=False)
            text = text.upper() if block.level <= 1 else text
            out.append(text.center(width).rstrip() if block.level == 0 else text)
        elif isinstance(block, Para):
            lines = _plain(block.content, markdown=False).split("\n")
            out.append("\n".join(textwrap.fill(line, width) if line else "" for line in lines))
        elif isinstance(block, Bullets):
            items = []
            for n, item in enumerate(block.items, 1):
                mark = f"{n}. " if block.numbered else "- "
                items.append(
                    textwrap.fill(
                        _plain(item, markdown=False),
                        width,
                        initial_indent=mark,
                        subsequent_indent=" " * len(mark),
                    )
                )
            out.append("\n".join(items))
        elif isinstance(block, Table):
            rows = [[_plain(c, markdown=False) for c in row] for row in block.rows]
            for row in rows:
                pairs = [f"{h}: {c}" for h, c in zip(block.header, row, strict=False) if c]
                out.append(textwrap.fill("; ".join(pairs), width, subsequent_indent="  "))
        elif isinstance(block, Signatures):
            out += [textwrap.fill(line, width) for line in block.lead]
            for party in block.parties:
                out.append(
                    f"Signed for and on behalf of {party}\n\n"
                    "Signature: ______________________\nName:\nDate:"
                )
        elif isinstance(block, PageBreak):
            out.append("-" * width)
        elif isinstance(block, Figure) and block.caption:
            out.append(f"[Figure: {block.caption}]")
    return "\n\n".join(out) + "\n"


def write(
    target: Target,
    blocks: Sequence[Block],
    *,
    title: str,
    footer: str = "",
    format: Format | None = None,
) -> Format:
    """Write ``blocks`` to ``target`` atomically as PDF, DOCX, Markdown or text; return the format.

    Raises:
        InvalidOptionError: The format cannot be told from ``target``.
        OutputError: The target cannot be written.
    """
    kind = format_of(target, format)
    if kind == "pdf":
        from contractkit.render.pdf import write_pdf

        write_pdf(target, blocks, title=title, footer=footer)
        return kind
    if kind == "docx":
        from contractkit.exit._docx import write_docx

        write_docx(target, blocks, title=title, footer=footer)
        return kind
    text = to_markdown(blocks) if kind == "md" else to_text(blocks)
    with atomic_output(target, suffix=f".{kind}") as tmp:
        tmp.write_text(text, encoding="utf-8")
    return kind
