"""The JSON Schema of every ``--json`` output, by name: one registry for the API and the CLI.

Schemas are generated from the result types with pydantic's ``TypeAdapter``, so they cannot
drift from what ``to_json()`` writes; values a result computes (``low_confidence_pages``,
``counts``) are added as the properties they are written as.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["SCHEMA_NAMES", "json_schema"]

_BASE = "https://contractkit.dev/schema"


def _ocr() -> dict[str, Any]:
    from contractkit.ocr import OcrReport

    schema = _generated(OcrReport)
    schema["properties"]["low_confidence_pages"] = {
        "type": "array",
        "items": {"type": "integer"},
        "description": "Page numbers whose OCR should be checked by a person.",
    }
    return schema


def _document() -> dict[str, Any]:
    from contractkit.document import document_schema

    return document_schema()


def _extraction() -> dict[str, Any]:
    from contractkit.extraction import extraction_schema

    return extraction_schema()


def _scorecard() -> dict[str, Any]:
    from contractkit.playbook.results import scorecard_schema

    return scorecard_schema()


def _revision() -> dict[str, Any]:
    from contractkit.playbook.results import Revision

    return _generated(Revision)


def _batch() -> dict[str, Any]:
    from contractkit.batch import BatchReport

    schema = _generated(BatchReport)
    schema["properties"]["counts"] = {
        "type": "object",
        "additionalProperties": {"type": "integer"},
        "description": "Documents per status (done, skipped, error, timeout).",
    }
    schema["properties"]["pages"] = {
        "type": "integer",
        "description": "Pages of the documents processed in this run.",
    }
    return schema


def _log() -> dict[str, Any]:
    from contractkit.exit._entries import EntryData

    entry = _generated(EntryData)
    return {
        "type": "array",
        "description": "The entries of `contractkit log list --json` / `log search --json`.",
        "items": {"$ref": "#/$defs/EntryData"},
        "$defs": {**entry.pop("$defs", {}), "EntryData": entry},
    }


_SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "ocr": _ocr,
    "document": _document,
    "extraction": _extraction,
    "scorecard": _scorecard,
    "revision": _revision,
    "batch": _batch,
    "log": _log,
}

#: The outputs that have a schema, in pipeline order.
SCHEMA_NAMES: tuple[str, ...] = tuple(_SCHEMAS)


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one ``--json`` output (``contractkit schema NAME``), a fresh copy.

    Args:
        name: One of :data:`SCHEMA_NAMES`: ``ocr``, ``document``, ``extraction``,
            ``scorecard``, ``revision``, ``batch`` or ``log``.

    Raises:
        ValueError: No output has that name.
    """
    if name not in _SCHEMAS:
        raise ValueError(f"unknown schema {name!r}; choose one of {', '.join(SCHEMA_NAMES)}")
    schema = _SCHEMAS[name]()
    schema.setdefault("$id", f"{_BASE}/{name}.json")
    return schema


def _generated(kind: type) -> dict[str, Any]:
    from pydantic import TypeAdapter

    schema: dict[str, Any] = TypeAdapter(kind).json_schema(mode="serialization")
    return schema
