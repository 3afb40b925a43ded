"""Benchmark: ``contractkit.batch`` throughput with 1 and 2 workers, and on a Dask cluster.

The input is a folder of generated scans (one and two pages, alternating, each from another
seed), OCR'd into searchable PDF/As as ``contractkit batch`` does by default. Each
configuration writes to a fresh output folder, so nothing is skipped. The table gives wall
time, pages per minute, the speed-up over one worker and the peak memory per worker (the
largest ``peak_rss_mb`` of any document: its worker process plus the biggest program it ran).

    python -m bench.batch                      # 6 scans (9 pages): 1 and 2 workers, Dask
    python -m bench.batch --scans 8 --workers 1 2 --no-dask --extract --json results.json

The Dask row runs a ``LocalCluster`` of 2 single-thread worker processes (started before the
clock), the way a cluster of two machines with one core each would run the batch.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import contractkit as ck
from tests import fixtures


@dataclass
class Row:
    setup: str
    workers: int
    documents: int
    pages: int
    seconds: float
    failed: int
    peak_worker_mib: float | None

    @property
    def pages_per_minute(self) -> float:
        return 60 * self.pages / self.seconds if self.seconds else 0.0


def make_inputs(folder: Path, scans: int) -> int:
    """Write ``scans`` generated scans (1, 2, 1, 2… pages); return the page count."""
    pages = 0
    for index in range(scans):
        count = 1 + index % 2
        condition = ("clean", "skewed", "dpi200")[index % 3]
        fixture = fixtures.scan(condition, pages=count, seed=index)
        (folder / f"scan-{index:02d}-{condition}-{count}p.pdf").write_bytes(fixture.data)
        pages += count
    return pages


def run(setup: str, src: Path, out: Path, extract: bool, **kwargs: Any) -> Row:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ck.ContractKitWarning)
        report = ck.batch(src, out, extract=extract, **kwargs)
    peaks = [d.peak_rss_mb for d in report.documents if d.peak_rss_mb is not None]
    for doc in report.failed:
        print(f"  {setup}: {doc.path}: {doc.status}: {doc.error}", file=sys.stderr)
    return Row(
        setup,
        report.workers,
        len(report.documents),
        report.pages,
        report.seconds,
        len(report.failed),
        max(peaks) if peaks else None,
    )


def run_dask(src: Path, out: Path, extract: bool) -> Row:
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        return run("dask LocalCluster", src, out, extract, dask=client)


def table(rows: list[Row]) -> str:
    base = next((r for r in rows if r.setup == "local" and r.workers == 1), None)
    lines = [
        "| setup | workers | documents | pages | seconds | pages/min | speed-up × 1 worker "
        "| peak MiB per worker | failed |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        speedup = r.pages_per_minute / base.pages_per_minute if base and base.seconds else None
        lines.append(
            f"| {r.setup} | {r.workers} | {r.documents} | {r.pages} | {r.seconds:.1f} | "
            f"{r.pages_per_minute:.1f} | {'-' if speedup is None else f'{speedup:.2f}'} | "
            f"{'-' if r.peak_worker_mib is None else f'{r.peak_worker_mib:.0f}'} | {r.failed} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--scans", type=int, default=6, help="generated scans (1-2 pages each)")
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2], help="local runs")
    parser.add_argument("--no-dask", action="store_true", help="skip the LocalCluster run")
    parser.add_argument("--extract", action="store_true", help="also extract each contract")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args(argv)
    if shutil.which("tesseract") is None:
        sys.exit("bench: tesseract is not installed (run: make setup)")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="ck-bench-batch-") as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        pages = make_inputs(src, args.scans)
        print(f"input: {args.scans} generated scans, {pages} pages", file=sys.stderr)
        for workers in args.workers:
            row = run("local", src, Path(tmp) / f"out-{workers}", args.extract, workers=workers)
            rows.append(row)
            print(f"local, {workers} workers: {row.seconds:.1f} s", file=sys.stderr, flush=True)
        if not args.no_dask:
            rows.append(run_dask(src, Path(tmp) / "out-dask", args.extract))
            print(f"dask: {rows[-1].seconds:.1f} s", file=sys.stderr, flush=True)
    print(f"cores: {os.cpu_count()}; OCR output PDF/A; extract: {args.extract}")
    print(table(rows))
    if args.json:
        data = [asdict(r) | {"pages_per_minute": r.pages_per_minute} for r in rows]
        args.json.write_text(json.dumps(data, indent=2) + "\n")


if __name__ == "__main__":
    main()
