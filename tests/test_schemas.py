from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import contractkit as ck
from contractkit._schemas import SCHEMA_NAMES
from tests import fixtures
from tests.fixtures import corpus

CONTRACT = (
    b"SERVICES AGREEMENT\n\nThis Agreement is between Northwind Studio Ltd (the Provider) and "
    b"Blue Harbour Ltd (the Client).\n\n1. Term\n\n1.1 This Agreement starts on 1 March 2026."
    b"\n\n2. Fees\n\n2.1 The Client shall pay each invoice within forty-five (45) days.\n"
)


def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "contractkit", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_schema_is_valid_json_schema(name: str) -> None:
    schema = ck.json_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"].endswith(".json")
    printed = _cli("schema", name)
    assert printed.returncode == 0
    assert json.loads(printed.stdout) == schema


def test_an_unknown_schema_is_a_usage_error() -> None:
    with pytest.raises(ValueError, match="choose one of ocr, document"):
        ck.json_schema("nope")
    result = _cli("schema", "nope")
    assert result.returncode == 2
    assert "choose one of ocr, document, extraction" in result.stderr


def test_ocr_json_output_matches_its_schema(tmp_path: Path) -> None:
    source = fixtures.contract_pdf().write(tmp_path)  # born-digital: no page needs OCR
    result = _cli("ocr", source, "-o", tmp_path / "out.pdf", "--output-type", "pdf", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    jsonschema.validate(report, ck.json_schema("ocr"))
    assert report["pages"] and report["low_confidence_pages"] == []


def test_revision_json_output_matches_its_schema() -> None:
    data = json.loads(ck.revise(CONTRACT).to_json())
    jsonschema.validate(data, ck.json_schema("revision"))
    assert data["changes"]


def test_batch_json_output_matches_its_schema(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (agency,) = [c for c in corpus.load_corpus() if c.name == "agency"]
    (src / "agency.txt").write_bytes(corpus.render(agency, mode="text")[0])
    result = _cli("batch", src, "-o", tmp_path / "out", "--no-ocr", "--extract", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    jsonschema.validate(report, ck.json_schema("batch"))
    assert report["counts"]["ok"] == 1


def test_log_json_output_matches_its_schema(tmp_path: Path) -> None:
    store = tmp_path / "matter.sqlite"
    added = _cli("log", "add", "note", "Kick-off call.", "--tag", "scope-creep", "--store", store)
    assert added.returncode == 0, added.stderr
    listed = _cli("log", "list", "--json", "--store", store)
    assert listed.returncode == 0, listed.stderr
    entries = json.loads(listed.stdout)
    jsonschema.validate(entries, ck.json_schema("log"))
    assert entries[0]["tags"] == ["scope-creep"] and entries[0]["prev_hash"] == "0" * 64
