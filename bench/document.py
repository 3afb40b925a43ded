"""Benchmark: reading a born-digital PDF with ``contractkit.open`` against pdfplumber and pdfium.

Each tool reads every page's text in a fresh subprocess, so imports and caches do not leak
between tools. The child times the reading only (after its imports, including those
contractkit makes on first use) and reports its peak resident memory (VmHWM; ru_maxrss
where /proc is missing) and its RSS right after the imports. The table gives pages per
second, peak RSS, RSS over that baseline (what the reading itself cost) and the ratios to
pdfplumber. Speed is the best of ``--repeat`` runs, memory the worst.

Then it reads contracts of ``--growth`` sizes (10, 100 and 1,000 pages by default) with
contractkit, both ``open()`` and the lazy ``iter_pages()`` reader, to show that time
and memory per page stay flat as documents grow. Sizes up to 100 pages are the generated
contract itself; a larger one is copies of the 100-page contract joined (generating 1,000
pages directly takes the fixture builder many minutes).

    python -m bench.document                       # the generated contract, 100 pages
    python -m bench.document --growth              # the side-by-side table only
    python -m bench.document --pages 20 --repeat 1 --tools pdfplumber pypdfium2-text
    python -m bench.document --source some.pdf --json results.json

Tools: "contractkit" (``contractkit.open(path, cache=False)``, then ``doc.pages`` and
``doc.text``), "contractkit-lazy" (``contractkit.iter_pages(path, cache=False)``: one page
at a time, each dropped before the next), "pdfplumber" (``extract_text`` per page) and
"pypdfium2-text" (pdfium's raw text of each page: the floor, no layout analysis at all). A
tool that fails is reported as failed and the others still run.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ("contractkit", "contractkit-lazy", "pdfplumber", "pypdfium2-text")
GROWTH_TOOLS = ("contractkit", "contractkit-lazy")
#: The largest contract generated directly; bigger ones are copies of it joined.
_GENERATED_MAX = 100
BASE_TOOL = "pdfplumber"


def _status_kib(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _peak_kib() -> int:
    """Peak resident set size of this process so far, KiB.

    VmHWM where /proc has it: ``ru_maxrss`` (KiB on Linux) survives fork and exec, so a
    child would report its parent's peak if that was higher.
    """
    hwm = _status_kib("VmHWM")
    return hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _rss_kib() -> int:
    """Resident set size now, KiB (the peak so far where /proc is missing)."""
    rss = _status_kib("VmRSS")
    return rss if rss is not None else _peak_kib()


def _import_contractkit_readers() -> None:
    """Import what ``open()`` loads on first use, as the other tools import theirs untimed."""
    import pikepdf  # noqa: F401
    import pypdfium2  # noqa: F401

    import contractkit.document.cleanup
    import contractkit.document.readers.pdf
    import contractkit.ocr._prepare  # noqa: F401


def _read_contractkit(path: Path) -> tuple[int, int]:
    import contractkit  # type: ignore[import-untyped]

    _import_contractkit_readers()

    def run() -> tuple[int, int]:
        doc = contractkit.open(path, cache=False)
        return len(doc.pages), len(doc.text)

    return _timed(run)


def _read_contractkit_lazy(path: Path) -> tuple[int, int]:
    import contractkit

    _import_contractkit_readers()

    def run() -> tuple[int, int]:
        pages = chars = 0
        for page in contractkit.iter_pages(path, cache=False):
            chars += len(page.text)
            pages += 1
        return pages, chars

    return _timed(run)


def _read_pdfplumber(path: Path) -> tuple[int, int]:
    import pdfplumber

    def run() -> tuple[int, int]:
        pages = chars = 0
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                chars += len(page.extract_text() or "")
                pages += 1
                page.close()
        return pages, chars

    return _timed(run)


def _read_pdfium(path: Path) -> tuple[int, int]:
    import pypdfium2 as pdfium

    def run() -> tuple[int, int]:
        pages = chars = 0
        doc = pdfium.PdfDocument(path)
        try:
            for page in doc:
                textpage = page.get_textpage()
                chars += len(textpage.get_text_range())
                textpage.close()
                page.close()
                pages += 1
        finally:
            doc.close()
        return pages, chars

    return _timed(run)


_STARTED: dict[str, float] = {}


def _timed(run: Any) -> tuple[int, int]:
    """Run the reading with the imports done: note the RSS then (baseline) and the start time."""
    _STARTED["baseline_kib"] = _rss_kib()
    _STARTED["start"] = time.perf_counter()
    return run()  # type: ignore[no-any-return]


READERS = {
    "contractkit": _read_contractkit,
    "contractkit-lazy": _read_contractkit_lazy,
    "pdfplumber": _read_pdfplumber,
    "pypdfium2-text": _read_pdfium,
}


def child(tool: str, path: Path) -> None:
    """Read ``path`` with ``tool`` and print one JSON line with the figures (or the error)."""
    row: dict[str, Any] = {"tool": tool}
    try:
        pages, chars = READERS[tool](path)
        row |= {"seconds": time.perf_counter() - _STARTED["start"], "pages": pages}
        row |= {"chars": chars, "ok": True, "error": ""}
    except BaseException as error:  # report anything, the parent carries on
        row |= {"ok": False, "error": f"{type(error).__name__}: {error}"[:200]}
    row["baseline_kib"] = _STARTED.get("baseline_kib", _rss_kib())
    row["peak_kib"] = _peak_kib()
    print(json.dumps(row), flush=True)


@dataclass
class Result:
    tool: str
    pages: int
    seconds: float | None
    peak_mib: float | None
    over_baseline_mib: float | None
    chars: int
    ok: bool
    error: str

    @property
    def pages_per_second(self) -> float | None:
        return self.pages / self.seconds if self.ok and self.seconds else None


def run_child(tool: str, path: Path) -> dict[str, Any]:
    argv = [sys.executable, "-m", "bench.document", "--child", tool, str(path)]
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False, timeout=3600)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)  # type: ignore[no-any-return]
    tail = (proc.stderr.strip().splitlines() or [""])[-1][:150]
    return {"tool": tool, "ok": False, "error": f"exit {proc.returncode}: {tail}"}


def measure(tool: str, path: Path, repeat: int) -> Result:
    runs = [run_child(tool, path) for _ in range(repeat)]
    good = [r for r in runs if r.get("ok")]
    if not good:
        return Result(tool, 0, None, None, None, 0, False, runs[-1].get("error", "?"))
    peak = max(r["peak_kib"] for r in good) / 1024
    over = max(r["peak_kib"] - r["baseline_kib"] for r in good) / 1024
    seconds = min(r["seconds"] for r in good)
    return Result(tool, good[0]["pages"], seconds, peak, over, good[0]["chars"], True, "")


def fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def _ratios(r: Result, base: Result | None) -> tuple[float | None, float | None]:
    if r.tool == BASE_TOOL or not (base and base.ok and r.ok):
        return None, None
    speed = (r.pages_per_second or 0) / (base.pages_per_second or 1)
    memory = (r.over_baseline_mib or 0) / base.over_baseline_mib if base.over_baseline_mib else None
    return speed, memory


def table(results: list[Result]) -> str:
    rows = [
        "| tool | pages | chars | seconds | pages/s | peak RSS MiB | RSS over baseline MiB "
        f"| speed × {BASE_TOOL} | memory × {BASE_TOOL} |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    base = next((r for r in results if r.tool == BASE_TOOL), None)
    for r in results:
        speed, memory = _ratios(r, base)
        if not r.ok:
            rows.append(f"| {r.tool} | FAIL ({r.error}) | | | | | | | |")
            continue
        rows.append(
            f"| {r.tool} | {r.pages} | {r.chars} | {fmt(r.seconds, '.2f')} | "
            f"{fmt(r.pages_per_second, '.1f')} | {fmt(r.peak_mib, '.1f')} | "
            f"{fmt(r.over_baseline_mib, '.1f')} | {fmt(speed, '.2f')} | {fmt(memory, '.2f')} |"
        )
    return "\n".join(rows)


def summary(results: list[Result]) -> str:
    by_tool = {r.tool: r for r in results}
    mine, base = by_tool.get("contractkit"), by_tool.get(BASE_TOOL)
    if mine is None or base is None:
        return "summary: contractkit and pdfplumber were not both run"
    if not mine.ok:
        return f"summary: contractkit failed ({mine.error})"
    if not base.ok:
        return f"summary: pdfplumber failed ({base.error})"
    speed, memory = _ratios(mine, base)
    return (
        f"summary: contractkit reads {fmt(mine.pages_per_second, '.1f')} pages/s, "
        f"{fmt(speed, '.2f')}× pdfplumber's speed, with {fmt(memory, '.2f')}× its memory "
        f"over baseline ({fmt(mine.over_baseline_mib, '.1f')} vs "
        f"{fmt(base.over_baseline_mib, '.1f')} MiB) on {mine.pages} pages"
    )


def contract_of(pages: int, folder: Path) -> Path:
    """The generated contract of ``pages`` pages (copies of the 100-page one above 100)."""
    from tests import fixtures

    folder.mkdir(parents=True, exist_ok=True)
    if pages <= _GENERATED_MAX:
        return fixtures.contract_pdf(pages=pages).write(folder)
    import pypdfium2 as pdfium

    base = fixtures.contract_pdf(pages=_GENERATED_MAX).write(folder)
    joined = pdfium.PdfDocument.new()
    part = pdfium.PdfDocument(base)
    try:
        copies, rest = divmod(pages, _GENERATED_MAX)
        for _ in range(copies):
            joined.import_pages(part)
        if rest:
            joined.import_pages(part, list(range(rest)))
        path = folder / f"contract-{pages}p-joined.pdf"
        joined.save(path)
    finally:
        part.close()
        joined.close()
    return path


def growth_table(rows: list[tuple[int, Result]]) -> str:
    """Time and memory per page at each size, and their growth over the smallest size."""
    lines = [
        "| tool | pages | seconds | pages/s | ms/page | peak RSS MiB | over baseline MiB "
        "| KiB/page | ms/page × smallest |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    first: dict[str, float] = {}
    for _, r in rows:
        if not r.ok or not r.seconds or not r.pages:
            lines.append(f"| {r.tool} | FAIL ({r.error}) | | | | | | | |")
            continue
        per_page = 1000 * r.seconds / r.pages
        first.setdefault(r.tool, per_page)
        kib = 1024 * (r.over_baseline_mib or 0) / r.pages
        lines.append(
            f"| {r.tool} | {r.pages} | {r.seconds:.2f} | {fmt(r.pages_per_second, '.1f')} | "
            f"{per_page:.2f} | {fmt(r.peak_mib, '.1f')} | {fmt(r.over_baseline_mib, '.1f')} | "
            f"{kib:.1f} | {per_page / first[r.tool]:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=100, help="pages of the generated contract")
    parser.add_argument("--source", type=Path, help="benchmark this PDF instead")
    parser.add_argument("--tools", nargs="*", default=list(TOOLS), choices=list(TOOLS))
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool (best time)")
    parser.add_argument(
        "--growth",
        type=int,
        nargs="*",
        default=[10, 100, 1000],
        help="contract sizes for the growth table (none: skip it)",
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    parser.add_argument("--child", nargs=2, metavar=("TOOL", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="ck-bench-doc-") as tmp:
        if args.source:
            path = args.source.resolve()
            label = str(args.source)
        else:
            path = contract_of(args.pages, Path(tmp))
            label = f"generated contract, {args.pages} pages"
        print(f"input: {label} ({path.stat().st_size:,} bytes)", file=sys.stderr)
        for tool in args.tools:
            result = measure(tool, path, max(1, args.repeat))
            results.append(result)
            print(
                f"{tool:15} {fmt(result.seconds, '7.2f')} s {'ok' if result.ok else result.error}",
                file=sys.stderr,
                flush=True,
            )
        growth: list[tuple[int, Result]] = []
        for size in args.growth or []:
            grown = contract_of(size, Path(tmp) / f"growth-{size}")
            for tool in [t for t in GROWTH_TOOLS if t in args.tools]:
                result = measure(tool, grown, max(1, args.repeat))
                growth.append((size, result))
                print(f"{tool:15} {size:5} pages {fmt(result.seconds, '7.2f')} s", file=sys.stderr)
    print(table(results))
    print()
    print(summary(results))
    if growth:
        print()
        print(growth_table(sorted(growth, key=lambda g: (g[1].tool, g[0]))))
    if args.json:
        rows = [asdict(r) | {"pages_per_second": r.pages_per_second} for r in results]
        grown_rows = [asdict(r) | {"size": size} for size, r in growth]
        payload = {"input": label, "repeat": args.repeat, "results": rows, "growth": grown_rows}
        args.json.write_text(json.dumps(payload, indent=2) + "\n")


if __name__ == "__main__":
    main()
