"""Save an edited ``word/document.xml`` by splicing: untouched paragraphs keep their bytes.

Re-serialising the whole part (as python-docx's ``save`` does) rewrites quotes, namespace
declarations and empty elements everywhere, so "reject all" in Word would not give back the
file the user sent (issue 16). Here the original part is cut at its paragraphs (``w:p``,
found by a scanner that counts nesting); only the paragraphs the revision edited are
re-serialised, inserted ones are placed after their anchor, and every other byte of the
part, and every other part of the package, is copied as it was.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING, Any

from lxml import etree  # type: ignore[import-untyped]  # python-docx's own dependency

from contractkit._io import atomic_output

if TYPE_CHECKING:
    from contractkit.types import Target

__all__ = ["paragraph_spans", "save_spliced"]

_PART = "word/document.xml"
#: A paragraph's start tag (not w:pPr, w:pStyle…), self-closing or not, or its end tag.
_TAG = re.compile(rb"<w:p(?=[\s/>])[^>]*?(/?)>|</w:p\s*>")
_XMLNS = re.compile(rb'\s+xmlns(?::([\w.-]+))?="([^"]*)"')


def paragraph_spans(xml: bytes) -> list[tuple[int, int]]:
    """Byte ranges of every ``w:p`` element, in document order (nested ones included)."""
    spans: list[tuple[int, int]] = []
    open_at: list[int] = []
    for match in _TAG.finditer(xml):
        if match.group().startswith(b"</"):
            if not open_at:
                return []  # not well-formed as expected: the caller re-serialises
            spans.append((open_at.pop(), match.end()))
        elif match.group(1):
            spans.append((match.start(), match.end()))
        else:
            open_at.append(match.start())
    return sorted(spans) if not open_at else []


def save_spliced(
    original: bytes,
    root: Any,
    order: list[Any],
    changed: set[Any],
    after: dict[Any, list[Any]],
    target: Target,
) -> None:
    """Write the package ``original`` with its document part spliced from the edited tree.

    Args:
        original: The DOCX as the user gave it.
        root: The edited ``w:document`` element.
        order: The part's paragraphs as they were parsed, in document order.
        changed: Those of them edited in place.
        after: New paragraphs to write after each original one, in order.
        target: Where to write.
    """
    with zipfile.ZipFile(io.BytesIO(original)) as package:
        xml = package.read(_PART)
        spans = paragraph_spans(xml)
        if len(spans) == len(order):
            declared = dict(_XMLNS.findall(xml[: xml.index(b">", xml.index(b"<w:document"))]))
            pieces, cursor = [], 0
            for element, (start, end) in zip(order, spans, strict=True):
                if element in changed or element in after:
                    pieces.append(xml[cursor:start])
                    body = [element] if element in changed else []
                    pieces.append(
                        xml[start:end] if element not in changed else _bytes(body[0], declared)
                    )
                    pieces += [_bytes(p, declared) for p in after.get(element, [])]
                    cursor = end
            pieces.append(xml[cursor:])
            part = b"".join(pieces)
        else:  # a part the scanner cannot cut: every paragraph re-serialised
            part = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        with atomic_output(target, suffix=".docx") as tmp, zipfile.ZipFile(tmp, "w") as out:
            for item in package.infolist():
                out.writestr(item, part if item.filename == _PART else package.read(item))


def _bytes(element: Any, declared: dict[bytes, bytes]) -> bytes:
    """One paragraph as XML, without the namespace declarations the root already makes."""
    text: bytes = etree.tostring(element, encoding="UTF-8", xml_declaration=False)
    end = text.index(b">")

    def drop(match: re.Match[bytes]) -> bytes:
        return b"" if declared.get(match.group(1) or b"") == match.group(2) else match.group()

    return _XMLNS.sub(drop, text[:end]) + text[end:]
