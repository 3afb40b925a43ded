"""Batch processing: mirrored outputs, isolation, resume after kill -9, Dask (issue 7)."""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import contractkit as ck
from contractkit.batch import _dask, _worker
from tests import fixtures
from tests.conftest import needs_tesseract, pdf_text
from tests.fixtures import corpus

NO_OCR: dict[str, Any] = {"ocr": False, "extract": True}


def _contract(name: str, mode: str) -> bytes:
    (contract,) = [c for c in corpus.load_corpus() if c.name == name]
    return corpus.render(contract, mode=mode)[0]


def make_tree(folder: Path) -> dict[str, str]:
    """A small archive: born-digital PDF, DOCX, text, a corrupt PDF, a non-contract, hidden.

    Returns the expected status of each document the batch should find.
    """
    (folder / "2024" / "q1").mkdir(parents=True)
    (folder / ".trash").mkdir()
    fixtures.contract_pdf().write(folder)
    (folder / "2024" / "agency.txt").write_bytes(_contract("agency", "text"))
    (folder / "2024" / "q1" / "freelance.docx").write_bytes(_contract("freelance", "docx"))
    (folder / "2024" / "q1" / "broken.pdf").write_bytes(fixtures.broken("truncated").data)
    (folder / "holiday.jpg.bin").write_bytes(os.urandom(4096))
    (folder / ".trash" / "old.txt").write_bytes(_contract("agency", "text"))
    return {
        "2024/agency.txt": "ok",
        "2024/q1/broken.pdf": "error",
        "2024/q1/freelance.docx": "ok",
        "contract.pdf": "ok",
        "holiday.jpg.bin": "error",
    }


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def result_lines(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines() if line]


def test_batch_mirrors_the_tree_and_records_every_document(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    expected = make_tree(src)
    before = digests(src)
    seen: list[ck.BatchProgress] = []
    report = ck.batch(src, out, **NO_OCR, workers=2, progress=seen.append)

    assert {d.path: d.status for d in report.documents} == expected
    assert digests(src) == before  # inputs are never modified
    assert report.counts == {"ok": 3, "error": 2, "timeout": 0, "skipped": 0}
    by_path = {d.path: d for d in report.documents}
    assert by_path["2024/q1/broken.pdf"].error_type == "CorruptInputError"
    assert by_path["holiday.jpg.bin"].exit_code == ck.ExitCode.INPUT
    assert by_path["contract.pdf"].outputs == ("contract.extract.json",)
    assert (by_path["contract.pdf"].peak_rss_mb or 0) > 10
    assert by_path["contract.pdf"].pages == 2 and by_path["contract.pdf"].sha256 == (
        hashlib.sha256((src / "contract.pdf").read_bytes()).hexdigest()
    )
    # The extraction is exactly what ck.extract gives for the file.
    for path in ("contract.pdf", "2024/agency.txt", "2024/q1/freelance.docx"):
        written = out / by_path[path].outputs[0]
        alone = ck.extract(src / path, read=ck.ReadOptions(ocr=False, cache=False))
        assert json.loads(written.read_text()) == json.loads(alone.to_json())
    assert (out / "2024" / "q1" / "freelance.extract.json").is_file()
    assert not list(out.rglob(".contractkit-*"))  # no temporary file left behind

    lines = result_lines(out)
    assert sorted(line["path"] for line in lines) == sorted(expected)
    assert json.loads((out / "summary.json").read_text())["counts"] == report.counts

    assert seen[0].done == 0 and seen[0].last is None and seen[0].total == 5
    assert [p.done for p in seen] == list(range(6))
    assert seen[-1].pages == report.pages and seen[-1].failed == 2


def test_rerun_skips_what_is_done_and_redoes_what_changed(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    make_tree(src)
    first = ck.batch(src, out, **NO_OCR, workers=2)
    again = ck.batch(src, out, **NO_OCR, workers=2)
    assert {d.path for d in again.skipped} == {d.path for d in first.ok}
    assert {d.path for d in again.failed} == {d.path for d in first.failed}  # retried
    assert len(result_lines(out)) == 5 + 2

    (src / "2024" / "agency.txt").write_bytes(_contract("msa", "text"))  # new content
    (out / "contract.extract.json").unlink()  # an output went missing
    third = ck.batch(src, out, **NO_OCR, pattern=["*.pdf", "2024/*.txt"], workers=2)
    assert {d.path: d.status for d in third.documents} == {
        "2024/agency.txt": "ok",
        "contract.pdf": "ok",
    }
    assert "MASTER SERVICES" in (out / "2024" / "agency.extract.json").read_text().upper()
    # Other options: done again, not skipped.
    fourth = ck.batch(src, out, ocr=False, extract=True, languages=["eng", "deu"], workers=2)
    assert not fourth.skipped
    # A file replaced by one that fails leaves no extraction of its old content behind.
    (src / "2024" / "agency.txt").write_bytes(b"%PDF-1.7\n" + b"\x00" * 64)
    fifth = ck.batch(src, out, **NO_OCR, workers=2)
    assert next(d for d in fifth.failed if d.path == "2024/agency.txt").error
    assert not (out / "2024" / "agency.extract.json").exists()
    assert (out / "contract.extract.json").exists()


def test_review_writes_scorecards_with_the_playbook_given(tmp_path: Path) -> None:
    from contractkit.playbook.model import default_playbook_text
    from contractkit.playbook.review import review

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "agency.txt").write_bytes(_contract("agency", "text"))
    (src / "saas.docx").write_bytes(_contract("saas", "docx"))
    report = ck.batch(src, out, ocr=False, review=True, workers=2)
    assert [d.outputs for d in report.documents] == [("agency.review.json",), ("saas.review.json",)]
    for doc in report.documents:
        alone = review(src / doc.path, read=ck.ReadOptions(ocr=False, cache=False))
        assert json.loads((out / doc.outputs[0]).read_text()) == json.loads(alone.to_json())
        assert doc.score == alone.score and "review" in doc.timings

    book = tmp_path / "mine.toml"
    book.write_text(default_playbook_text() + "\n# our own edition\n", encoding="utf-8")
    again = ck.batch(src, out, ocr=False, review=True, playbook=book, workers=2)
    assert not again.skipped  # another playbook: reviewed again
    book.write_text("name = [", encoding="utf-8")
    with pytest.raises(ck.PlaybookError, match=r"mine\.toml"):
        ck.batch(src, out, ocr=False, review=True, playbook=book)
    with pytest.raises(ck.InvalidOptionError, match="only used with review"):
        ck.batch(src, out, extract=True, playbook=book)


def test_torn_last_line_is_ignored_and_terminated(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_bytes(_contract("agency", "text"))
    (src / "b.txt").write_bytes(_contract("saas", "text"))
    ck.batch(src, out, **NO_OCR, pattern="a.txt", workers=1)
    with (out / "results.jsonl").open("a") as fh:
        fh.write('{"path": "b.txt", "status": "o')  # kill -9 in the middle of a line
    report = ck.batch(src, out, **NO_OCR, workers=1)
    assert {d.path: d.status for d in report.documents} == {"a.txt": "skipped", "b.txt": "ok"}
    lines = (out / "results.jsonl").read_text().splitlines()
    assert json.loads(lines[-1])["path"] == "b.txt"


def test_crash_hang_and_memory_blowup_fail_only_their_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name in ("crash", "hang", "memory", "fine"):
        (src / f"{name}.txt").write_bytes(_contract("agency", "text"))
    faults = {"crash.txt": "crash", "hang.txt": "hang", "memory.txt": "memory"}
    monkeypatch.setenv(_worker.FAULTS_ENV, json.dumps(faults))
    started = time.monotonic()
    report = ck.batch(src, out, **NO_OCR, workers=2, timeout=5, memory_mb=512)
    assert time.monotonic() - started < 30  # the hang was killed, not waited for

    by_path = {d.path: d for d in report.documents}
    assert by_path["fine.txt"].status == "ok"
    assert by_path["crash.txt"].status == "error"
    assert by_path["crash.txt"].error_type == "crash"
    assert "SIGSEGV" in (by_path["crash.txt"].error or "")
    assert by_path["hang.txt"].status == "timeout"
    assert 5 <= by_path["hang.txt"].seconds < 20
    assert by_path["memory.txt"].status == "error"
    assert by_path["memory.txt"].error_type == "memory"
    assert "512 MiB" in (by_path["memory.txt"].error or "")
    assert {line["path"]: line["status"] for line in result_lines(out)} == {
        p: d.status for p, d in by_path.items()
    }


def _processes_with(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                environ = (entry / "environ").read_bytes()
            except OSError:
                continue
            if marker.encode() in environ:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_resume_after_kill_9_does_each_document_exactly_once(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    names = ["agency", "article", "freelance", "msa", "runin", "saas", "sow", "typewriter"]
    for name in names:
        (src / f"{name}.txt").write_bytes(_contract(name, "text"))
    marker = f"ck-test-{uuid.uuid4()}"
    env = os.environ | {"CK_TEST_MARKER": marker}
    argv = [sys.executable, "-m", "contractkit", "batch", str(src), "-o", str(out)]
    argv += ["--no-ocr", "--extract", "--workers", "1", "-q"]
    results, log = out / "results.jsonl", tmp_path / "stderr.txt"
    with log.open("wb") as err:
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + 60
        while not (results.exists() and results.read_bytes().count(b"\n") >= 1):
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + 10  # a loaded machine takes a moment to reap it
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_with(marker) == []  # the in-flight worker died with the batch
    first = result_lines(out)
    assert 1 <= len(first) < len(names)

    again = subprocess.run([*argv[:-1], "--json"], capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["counts"] == {
        "ok": len(names) - len(first),
        "error": 0,
        "timeout": 0,
        "skipped": len(first),
    }
    done = Counter(line["path"] for line in result_lines(out) if line["status"] == "ok")
    assert done == Counter(f"{name}.txt" for name in names)  # each exactly once
    assert sorted(p.name for p in out.glob("*.extract.json")) == [
        f"{name}.extract.json" for name in names
    ]


def test_bad_options_and_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "in"
    src.mkdir()
    with pytest.raises(ck.InvalidOptionError, match="nothing to do"):
        ck.batch(src, tmp_path / "o", ocr=False)
    with pytest.raises(ck.InvalidOptionError):
        ck.batch(src, tmp_path / "o", workers=0)
    with pytest.raises(ck.InvalidOptionError):
        ck.batch(src, tmp_path / "o", languages=["de-u"])
    with pytest.raises(ck.InputError, match="no such folder"):
        ck.batch(tmp_path / "missing", tmp_path / "o")
    assert ck.batch(src, tmp_path / "o", **NO_OCR, pattern="../*").documents == ()
    with pytest.raises(ck.OutputError, match="holds the input"):
        ck.batch(src, tmp_path)
    monkeypatch.setattr(_dask, "CONNECT_TIMEOUT", 1)
    (src / "a.txt").write_bytes(_contract("agency", "text"))
    with pytest.raises(ck.ClusterError) as caught:
        ck.batch(src, tmp_path / "o", **NO_OCR, dask="tcp://127.0.0.1:9")
    assert caught.value.exit_code == ck.ExitCode.CLUSTER


def test_output_folder_inside_the_input_is_not_walked(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes(_contract("agency", "text"))
    (src / "a.pdf").write_bytes(fixtures.contract_pdf().data)
    ck.batch(src, src / "out", **NO_OCR, workers=2)
    report = ck.batch(src, src / "out", **NO_OCR, workers=2)
    assert [(d.path, d.status) for d in report.documents] == [
        ("a.pdf", "skipped"),
        ("a.txt", "skipped"),
    ]
    # Two inputs with one stem: each output keeps the full name.
    assert (src / "out" / "a.pdf.extract.json").is_file()
    assert (src / "out" / "a.txt.extract.json").is_file()


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "contractkit", "batch", *map(str, args)]
    return subprocess.run(argv, capture_output=True, text=True, timeout=300, check=False)


def test_cli_exit_codes_and_output(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    make_tree(src)
    failed = cli(src, "-o", out, "--no-ocr", "--extract", "-w", "2")
    assert failed.returncode == ck.ExitCode.PARTIAL == 11
    assert "contractkit: warning: 2024/q1/broken.pdf: error: " in failed.stderr
    assert "5 documents: 3 ok, 2 error, 0 timeout, 0 skipped" in failed.stdout

    good = cli(src, "-o", out, "--no-ocr", "--extract", "-p", "**/*.txt", "-p", "*.pdf", "--json")
    assert good.returncode == 0, good.stderr
    report = json.loads(good.stdout)
    assert report["counts"]["skipped"] == 2 and report["executor"] == "local"

    assert cli(tmp_path / "nope", "-o", out).returncode == ck.ExitCode.INPUT
    assert cli(src, "-o", out, "--no-ocr").returncode == ck.ExitCode.USAGE
    assert cli(src, "-o", out, "--output-type", "tiff").returncode == ck.ExitCode.USAGE
    helped = cli("--help")
    assert "contractkit batch scans/ -o searchable/" in helped.stdout
    for option in ("--pattern", "--workers", "--timeout", "--memory-mb", "--dask", "--extract"):
        assert option in helped.stdout


def scan_tree(folder: Path) -> dict[str, str]:
    """One small scan to OCR, a born-digital PDF, text, and a corrupt PDF."""
    folder.mkdir()
    fixtures.scan("clean").write(folder)
    fixtures.contract_pdf().write(folder / "digital")
    (folder / "agency.txt").write_bytes(_contract("agency", "text"))
    (folder / "broken.pdf").write_bytes(fixtures.broken("truncated").data)
    return {
        "agency.txt": "ok",
        "broken.pdf": "error",
        "digital/contract.pdf": "ok",
        "scan-clean.pdf": "ok",
    }


@needs_tesseract
@pytest.mark.tesseract
@pytest.mark.slow
def test_dask_local_cluster_matches_a_local_run(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    src = tmp_path / "in"
    expected = scan_tree(src)
    local = ck.batch(src, tmp_path / "local", extract=True, workers=2)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        remote = ck.batch(src, tmp_path / "dask", extract=True, dask=client)
    assert remote.executor == "dask" and remote.workers == 2
    for report in (local, remote):
        assert {d.path: d.status for d in report.documents} == expected
    for a, b in zip(local.documents, remote.documents, strict=True):
        assert (a.path, a.status, a.pages, a.sha256, a.outputs) == (
            b.path,
            b.status,
            b.pages,
            b.sha256,
            b.outputs,
        )
        for name in a.outputs:
            if name.endswith(".extract.json"):
                mine = json.loads((tmp_path / "local" / name).read_text())
                theirs = json.loads((tmp_path / "dask" / name).read_text())
                assert mine["terms"] == theirs["terms"]
                assert [c["text"] for c in mine["clauses"]] == [
                    c["text"] for c in theirs["clauses"]
                ]
    scan_text = pdf_text(tmp_path / "dask" / "scan-clean.pdf")[0]
    assert fixtures.cer(scan_text, fixtures.scan("clean").truth[0]) < 0.1
    lines = result_lines(tmp_path / "dask")
    assert len(lines) == 4 and {line["host"] for line in lines}


@needs_tesseract
@pytest.mark.tesseract
@pytest.mark.slow
def test_ocr_and_extract_ocr_each_scan_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ocr_module = importlib.import_module("contractkit.ocr")  # ck.ocr is the function
    calls: list[object] = []
    real = ocr_module.recognise

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(ocr_module, "recognise", counting)
    source = fixtures.scan("clean").write(tmp_path / "in")
    options = ck.OcrOptions(jobs=1, output_type="pdf").model_dump(mode="json")
    task = {
        "path": "scan-clean.pdf",
        "source": str(source),
        "output_base": str(tmp_path / "out" / "scan-clean"),
        "output_folder": str(tmp_path / "out"),
        "ocr": options,
        "extract": True,
        "review": None,
        "languages": ["eng"],
    }
    result = _worker.process(task)
    assert result["status"] == "ok", result
    assert len(calls) == 1
    extraction = json.loads((tmp_path / "out" / "scan-clean.extract.json").read_text())
    assert extraction["document"]["ocr_pages"] == 1
    assert result["outputs"] == ["scan-clean.pdf", "scan-clean.extract.json"]
