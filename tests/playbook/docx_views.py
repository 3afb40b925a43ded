"""What Word shows of a DOCX with tracked changes after "accept all" or "reject all"."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def resolved(data: bytes, *, accept: bool) -> bytes:
    """The DOCX with every revision mark accepted (or rejected), as plain paragraphs and runs."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    root = resolved_xml(archive.read("word/document.xml"), accept=accept)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as copy:
        for item in archive.infolist():
            body = archive.read(item.filename)
            copy.writestr(
                item, etree.tostring(root) if item.filename == "word/document.xml" else body
            )
    return out.getvalue()


def resolved_xml(xml: bytes, *, accept: bool) -> etree._Element:
    """``word/document.xml`` with every revision mark accepted (or rejected)."""
    root = etree.fromstring(xml)
    kept, dropped = (f"{W}ins", f"{W}del") if accept else (f"{W}del", f"{W}ins")
    for paragraph in list(root.iter(f"{W}p")):  # a paragraph whose mark goes, goes
        if paragraph.find(f"{W}pPr/{W}rPr/{dropped}") is not None:
            paragraph.getparent().remove(paragraph)
    for mark in list(root.iter(dropped, kept)):
        parent = mark.getparent()
        if parent is None:
            continue
        if mark.tag == dropped or parent.tag == f"{W}rPr":
            parent.remove(mark)
            continue
        at = parent.index(mark)
        for child in list(mark):
            parent.insert(at, child)
            at += 1
        parent.remove(mark)
    for text in root.iter(f"{W}delText"):
        text.tag = f"{W}t"
    return root
