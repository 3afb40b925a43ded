"""Benchmark: ``contractkit ocr`` against plain OCRmyPDF on the same inputs, in one run.

For each condition (generated scans with ground truth, plus any real scans found in
``../shared/data/scans``) every tool runs as a command, as a user would run it, and the table
gives pages per minute, character error rate (CER) against the truth and output/input size,
with contractkit's ratios to plain OCRmyPDF.

    python -m bench.ocr                 # all conditions, 3 pages each
    python -m bench.ocr --pages 1 --conditions clean skewed --json results.json
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pypdfium2 as pdfium

from tests import fixtures

BIN = Path(sys.executable).parent
TOOLS: dict[str, list[str]] = {
    "contractkit": [str(BIN / "contractkit"), "ocr", "-q", "{input}", "-o", "{output}"],
    "ocrmypdf": [str(BIN / "ocrmypdf"), "-q", "{input}", "{output}"],
    "ocrmypdf-careful": [
        str(BIN / "ocrmypdf"),
        "-q",
        "--deskew",
        "--rotate-pages",
        "--clean",
        "{input}",
        "{output}",
    ],
}
SHARED_SCANS = Path(__file__).resolve().parents[2] / "shared" / "data" / "scans"


@dataclass
class Result:
    condition: str
    tool: str
    pages: int
    seconds: float
    ok: bool
    error: str
    cer: float | None
    size_ratio: float | None

    @property
    def pages_per_minute(self) -> float | None:
        return 60 * self.pages / self.seconds if self.ok and self.seconds else None


def inputs(pages: int, conditions: list[str], real: bool) -> list[tuple[str, fixtures.Fixture]]:
    cases = [(c, fixtures.scan(c, pages=pages)) for c in conditions]
    cases.append(("mixed", fixtures.mixed_pdf()))
    cases.append(("png-nodpi", fixtures.image("png-nodpi")))
    cases += [(f"photo-{kind}", fixtures.photo(kind)) for kind in ("phone", "small")]
    if real and SHARED_SCANS.is_dir():
        for path in sorted(SHARED_SCANS.glob("*.pdf")):
            data = path.read_bytes()
            cases.append((f"real:{path.stem}", fixtures.Fixture(path.stem, data, ".pdf", ())))
    return cases


def run_tool(tool: str, src: Path, out: Path) -> tuple[float, bool, str]:
    argv = [a.format(input=src, output=out) for a in TOOLS[tool]]
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=1800)
    seconds = time.perf_counter() - start
    error = (
        ""
        if proc.returncode == 0
        else f"exit {proc.returncode}: " + (proc.stderr.strip().splitlines() or [""])[-1][:90]
    )
    return seconds, proc.returncode == 0 and out.exists(), error


def page_texts(path: Path) -> list[str]:
    doc = pdfium.PdfDocument(path)
    texts = []
    for page in doc:
        textpage = page.get_textpage()
        texts.append(textpage.get_text_range())
    return texts


def measure(condition: str, fixture: fixtures.Fixture, tool: str, work: Path) -> Result:
    src = fixture.write(work)
    out = work / f"{fixture.name}.{tool}.pdf"
    out.unlink(missing_ok=True)
    seconds, ok, error = run_tool(tool, src, out)
    pages = len(pdfium.PdfDocument(src)) if fixture.suffix == ".pdf" else len(fixture.truth)
    cer = size = None
    if ok:
        size = out.stat().st_size / len(fixture.data)
        if fixture.truth:
            texts = page_texts(out)
            rates = [fixtures.cer(t, truth) for t, truth in zip(texts, fixture.truth, strict=False)]
            cer = sum(rates) / len(rates) if rates else None
    return Result(condition, tool, pages, seconds, ok, error, cer, size)


def fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def table(results: list[Result]) -> str:
    rows = [
        "| condition | tool | pages/min | CER | output/input | speed × | CER vs plain |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    plain = {r.condition: r for r in results if r.tool == "ocrmypdf"}
    for r in results:
        base = plain.get(r.condition)
        speed = cer_ratio = None
        if r.tool != "ocrmypdf" and base and base.ok and r.ok:
            speed = (r.pages_per_minute or 0) / (base.pages_per_minute or 1)
            if r.cer is not None and base.cer:
                cer_ratio = r.cer / base.cer
        ppm = fmt(r.pages_per_minute, ".1f") if r.ok else f"FAIL ({r.error})"
        rows.append(
            f"| {r.condition} | {r.tool} | {ppm} | {fmt(r.cer, '.3f')} | "
            f"{fmt(r.size_ratio, '.2f')} | {fmt(speed, '.2f')} | {fmt(cer_ratio, '.2f')} |"
        )
    return "\n".join(rows)


def totals(results: list[Result]) -> str:
    lines = []
    for tool in dict.fromkeys(r.tool for r in results):
        mine = [r for r in results if r.tool == tool]
        ok = [r for r in mine if r.ok]
        pages = sum(r.pages for r in ok)
        seconds = sum(r.seconds for r in ok)
        worst = max((r.cer for r in ok if r.cer is not None), default=None)
        biggest = max((r.size_ratio for r in ok if r.size_ratio is not None), default=None)
        lines.append(
            f"{tool}: {len(mine) - len(ok)} failed of {len(mine)}; "
            f"{60 * pages / seconds if seconds else 0:.1f} pages/min over the inputs it "
            f"finished; worst CER {fmt(worst, '.3f')}; largest output/input {fmt(biggest, '.2f')}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=3, help="pages per generated scan")
    parser.add_argument("--conditions", nargs="*", default=list(fixtures.SCAN_CONDITIONS))
    parser.add_argument("--tools", nargs="*", default=list(TOOLS), choices=list(TOOLS))
    parser.add_argument("--no-real", action="store_true", help="skip ../shared/data/scans")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args(argv)
    if shutil.which("tesseract") is None:
        sys.exit("bench: tesseract is not installed (run: make setup)")
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="ck-bench-") as tmp:
        work = Path(tmp)
        for condition, fixture in inputs(args.pages, args.conditions, not args.no_real):
            for tool in args.tools:
                result = measure(condition, fixture, tool, work)
                results.append(result)
                print(
                    f"{condition:18} {tool:17} {result.seconds:6.1f} s "
                    f"{'ok' if result.ok else result.error}",
                    file=sys.stderr,
                    flush=True,
                )
    print(table(results))
    print()
    print(totals(results))
    if args.json:
        rows = [asdict(r) | {"pages_per_minute": r.pages_per_minute} for r in results]
        args.json.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
