"""``contractkit.extract``: clauses, their categories and the key terms of a contract.

The pipeline is the package's layers in order: ``open`` (document, OCR when needed) →
``clauses.segment`` (the clause tree) → a :class:`ClauseClassifier` (labels) →
``terms.extract`` (normalised terms) → provenance (page boxes and OCR confidence of each
figure). The result is plain frozen data with a versioned JSON schema
(``contractkit schema extraction``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from contractkit.clauses.classify import ClauseClassifier
from contractkit.clauses.model import Clause
from contractkit.document import ReadOptions
from contractkit.document.model import Document, DocumentFormat
from contractkit.terms.kind import UNKNOWN_KIND, DocumentKind
from contractkit.terms.model import Party, Term
from contractkit.types import Source

if TYPE_CHECKING:
    from contractkit.terms.extract import Finding

__all__ = ["DocumentInfo", "Extraction", "clause_names", "extract", "extraction_schema"]

SCHEMA_VERSION = "1"

#: A figure read by OCR with a word confidence under this (0-100) is flagged for a human.
FIGURE_CONFIDENCE = 85.0


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """Which document the extraction is of.

    Attributes:
        name: File name, or ``<bytes>``/``<stream>``.
        format: Detected format.
        sha256: SHA-256 of the input bytes.
        pages: Number of pages.
        ocr_pages: Pages whose text came from OCR.
        warnings: The document's warnings (repairs, low OCR confidence…).
    """

    name: str
    format: DocumentFormat
    sha256: str
    pages: int
    ocr_pages: int
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Extraction:
    """What ``extract`` found in one contract.

    Attributes:
        document: Which document.
        parties: The parties and their roles.
        clauses: Every clause in reading order (a tree through ``parent``), with labels.
        terms: The key terms, normalised, each with its quote and location.
        kind: What kind of contract it is (services, SaaS, lease…), with its confidence.
        warnings: Things a person should check: terms flagged for review, a contract where
            no clause numbering was found.
    """

    document: DocumentInfo
    parties: tuple[Party, ...]
    clauses: tuple[Clause, ...]
    terms: tuple[Term, ...]
    kind: DocumentKind = UNKNOWN_KIND
    warnings: tuple[str, ...] = ()
    schema_version: str = SCHEMA_VERSION

    def term(self, name: str) -> Term | None:
        """The first term called ``name``, or ``None``."""
        return next((t for t in self.terms if t.name == name), None)

    def clause(self, clause_id: str) -> Clause:
        """The clause with this ``id``.

        Raises:
            KeyError: No such clause.
        """
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(clause_id)

    def to_dict(self) -> dict[str, Any]:
        """Return the extraction as JSON-ready data (see ``contractkit schema extraction``)."""
        data: dict[str, Any] = _adapter().dump_python(self, mode="json", by_alias=True)
        return data

    def to_json(self, *, indent: int | None = None) -> str:
        """Return the extraction as JSON text (UTF-8, not ASCII-escaped)."""
        return str(_adapter().dump_json(self, indent=indent, by_alias=True).decode())


def clause_names(extraction: Extraction) -> dict[str, str]:
    """How a report names each clause: its number, else its heading, else its id.

    Items are named with their parent's number, as contracts cite them: ``15(c)``.
    """
    names: dict[str, str] = {}
    numbered: set[str] = set()
    for c in extraction.clauses:  # parents come before their children
        name = c.number or c.heading or c.id
        if c.number and c.number.startswith("(") and c.parent in numbered:
            name = names[c.parent] + name
        if c.number:
            numbered.add(c.id)
        names[c.id] = name
    return names


@functools.cache
def _adapter() -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(Extraction)


def extraction_schema() -> dict[str, Any]:
    """The JSON Schema of :meth:`Extraction.to_json` output."""
    schema: dict[str, Any] = _adapter().json_schema(mode="serialization", by_alias=True)
    schema["$id"] = f"https://contractkit.dev/schema/extraction-{SCHEMA_VERSION}.json"
    return schema


def extract(
    source: Source | Document,
    /,
    *,
    classifier: ClauseClassifier | str | None = None,
    read: ReadOptions | None = None,
) -> Extraction:
    """Find the clauses of a contract, what each is about, and its key terms.

    Args:
        source: A :class:`Document` from :func:`contractkit.open`, or anything ``open``
            reads (path, bytes or binary file: PDF, scan, image, DOCX, text, Markdown).
        classifier: What labels the clauses: a :class:`ClauseClassifier`, the name of one
            installed (see :mod:`contractkit.plugins`), or ``None`` for the built-in default
            (``"cuad"``: the CUAD-trained model with the rules, see :class:`ModelClassifier`).
        read: How to read the source (password, OCR, languages, cache, progress), as
            for :func:`contractkit.open`; the defaults when ``None``.

    Returns:
        The extraction; ``to_json()`` gives the stable, versioned JSON form.

    Raises:
        InvalidOptionError: No classifier of that name is installed.
        InputError: The source cannot be read (see :func:`contractkit.open`).
        MissingDependencyError: OCR is needed and Tesseract or a language pack is missing.
        EngineError: OCR failed.
    """
    from contractkit.clauses.classify import ModelClassifier
    from contractkit.clauses.segment import segment
    from contractkit.document import open as open_document
    from contractkit.terms.extract import find_terms
    from contractkit.terms.kind import detect_kind
    from contractkit.terms.parties import find_parties

    if isinstance(classifier, str):
        from contractkit._registry import classifier_named

        classifier = classifier_named(classifier)

    doc = source if isinstance(source, Document) else open_document(source, read)
    clauses = segment(doc)
    labels = (classifier or ModelClassifier()).classify(clauses)
    if len(labels) != len(clauses):
        raise ValueError(f"classifier returned {len(labels)} label sets for {len(clauses)} clauses")
    clauses = [
        replace(
            c,
            labels=tuple(ls),
            regions=tuple(doc.locate(c.start, c.end)) if c.end > c.start else (),
        )
        for c, ls in zip(clauses, labels, strict=True)
    ]
    parties = find_parties(doc.text)
    terms = [_placed(doc, f) for f in find_terms(clauses, parties)]
    warnings = [
        f"check {t.name} ({t.text!r} on page {t.page}): {t.review_reason}"
        for t in terms
        if t.needs_review
    ]
    if not any(c.number for c in clauses):
        warnings.append("no clause numbering found; clauses follow headings only")
    info = DocumentInfo(
        doc.name,
        doc.format,
        doc.sha256,
        len(doc.pages),
        sum(1 for p in doc.pages if p.source == "ocr"),
        doc.warnings,
    )
    kind = detect_kind(doc.text, [p.defined_as for p in parties if p.defined_as])
    return Extraction(
        info, tuple(parties), tuple(clauses), tuple(terms), kind=kind, warnings=tuple(warnings)
    )


def _placed(doc: Document, finding: Finding) -> Term:
    """A finding with its page, boxes and the OCR confidence of its figures."""
    from contractkit.terms.normalize import is_figure

    start, end = finding.start, finding.end
    regions = tuple(doc.locate(start, end)) if end > start else ()
    page = regions[0].page_number if regions else None
    words = doc.words_between(start, end)
    figures = [w for w in words if is_figure(w.text)]
    read = [w.confidence for w in (figures or words) if w.confidence is not None]
    confidence = min(read) if read else None
    reason = None
    if finding.conflict:
        reason = "the figure in words and the figure in digits differ"
    elif figures and confidence is not None and confidence < FIGURE_CONFIDENCE:
        reason = f"OCR read the figure with {confidence:.0f}% confidence"
    return Term(
        name=finding.name,
        value=finding.value,
        text=doc.text[start:end],
        quote=finding.quote,
        clause=finding.clause,
        start=start,
        end=end,
        page=page,
        regions=regions,
        confidence=confidence,
        needs_review=reason is not None,
        review_reason=reason,
    )
