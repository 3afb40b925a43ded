"""Benchmark: parties, key dates, governing law and kind on real contracts (CUAD's answers).

CUAD (the Contract Understanding Atticus Dataset) ships, with each contract, the answers its
lawyers wrote down: the parties, the agreement, effective and expiration dates, the governing
law and the renewal term. ``contractkit.extract`` reads each contract of the training split
in ``../shared/data/cuad`` and every field is scored against those answers:

- parties: the share of the answer's names (not bare roles) found among the extraction's
  party names, with the shared scorer's fuzzy match (``score.py``);
- governing law: the answer's jurisdiction words found in the ``governing_law`` value;
- dates: the ISO date equals the answer (``perpetual`` for an expiration without end);
  answers with blanks (``[]/[]/2019``) are left out. ``wrong`` counts dates given for a
  contract whose answer is empty or different: a wrong date misleads more than a missing one;
- renewal term: the same length as the answer (``successive 1 year`` = 12 months);
- kind: agreement with CUAD's contract type, mapped onto contractkit's kinds.

The data is third-party (CC BY 4.0) and stays outside the repository; without it the
benchmark says so and exits 0.

    python -m bench.cuad_answers                  # the training split, 2 processes
    python -m bench.cuad_answers --limit 60 --verbose   # every 5th contract, misses listed
    python -m bench.cuad_answers --half even --show-misses parties   # one half's party misses

``--half`` keeps every other contract by sorted file name (``even``: the 1st, 3rd, …): rules
are developed on the misses of one half and checked on the other, against overfitting.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "cuad"

#: CUAD's contract type → the kind contractkit should call it (a rough map: a "Consulting
#: Agreement" with a person is close to employment; alliances and joint ventures are "other").
KIND_OF_TYPE = {
    "License_Agreements": "licence",
    "Maintenance": "services",
    "Distributor": "supply",
    "Sponsorship": "services",
    "Strategic Alliance": "other",
    "Development": "services",
    "Service": "services",
    "Collaboration": "other",
    "Co_Branding": "other",
    "Hosting": "saas",
    "Outsourcing": "services",
    "Supply": "supply",
    "IP": "licence",
    "Manufacturing": "supply",
    "Endorsement": "services",
    "Franchise": "supply",
    "Agency Agreements": "services",
    "Joint Venture _ Filing": "other",
    "Transportation": "supply",
    "Consulting Agreements": "employment",
    "Marketing": "services",
    "Promotion": "services",
    "Reseller": "supply",
    "Affiliate_Agreements": "other",
    "Endorsement Agreement": "services",
    "Joint Venture": "other",
    "Non_Compete_Non_Solicit": "other",
    "Affiliate Agreement": "other",
}
DATE_FIELDS = {
    "agreement_date": "Agreement Date",
    "effective_date": "Effective Date",
    "expiration_date": "Expiration Date",
}
_STOP = {"the", "of", "state", "laws", "law", "and", "commonwealth", "province", "usa"}
_STOP |= {"united", "states", "us"}
_FORMS = {"inc", "llc", "ltd", "corp", "corporation", "company", "co", "limited", "lp", "plc"}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in _STOP}


def party_hit(gold: str, got: list[str]) -> bool:
    """The shared scorer's match: 60 % of the answer's words in one extracted name."""
    wanted = _words(gold) - _FORMS
    return not wanted or any(len(wanted & _words(x)) / len(wanted) >= 0.6 for x in got)


def answer_names(answer: str) -> list[str]:
    """The names in CUAD's Parties answer, without defined terms and bare roles."""
    names = [re.sub(r"\(.*?\)|[“”\"]", "", p).strip(" ;,") for p in answer.split(";")]
    return [
        n
        for n in names
        if n and (len(n.split()) >= 2 or re.search(r"\b(inc|llc|ltd|corp)\b", n.lower()))
    ]


def gold_date(answer: str) -> str | None:
    """CUAD's ``m/d/yy`` as ISO, ``perpetual`` as is; ``None`` for blanks or anything else."""
    answer = answer.strip().lower()
    if answer == "perpetual":
        return "perpetual"
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", answer)
    if not m:
        return None
    year = int(m.group(3))
    if year < 100:
        year += 2000 if year < 50 else 1900
    try:
        return dt.date(year, int(m.group(1)), int(m.group(2))).isoformat()
    except ValueError:
        return None


def gold_months(answer: str) -> float | None:
    """The first length in a renewal answer, in months (``successive 1 year`` → 12)."""
    from contractkit.terms.normalize import find_durations

    found = next(find_durations(answer), None)
    return found.value.approx_days / 30 if found else None


def read_one(path: str) -> dict[str, Any]:
    """Extract one contract and keep what is scored (run in a worker process)."""
    import warnings

    import contractkit

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            x = contractkit.extract(path, read=contractkit.ReadOptions(ocr=False, cache=False))
    except Exception as exc:  # a failure is scored as all missed
        return {"error": f"{type(exc).__name__}: {exc}"[:300]}
    data = x.to_dict()
    terms = {t["name"]: t for t in reversed(data["terms"])}  # the first of each name
    out: dict[str, Any] = {
        "parties": [p["name"] for p in data["parties"] if p.get("name")],
        "kind": x.kind.name,
        "law": (terms.get("governing_law") or {}).get("value", {}).get("jurisdiction"),
    }
    for name in DATE_FIELDS:
        value = (terms.get(name) or {}).get("value") or {}
        out[name] = "perpetual" if value.get("perpetual") else value.get("date")
    renewal = (terms.get("renewal_term") or {}).get("value") or {}
    if "amount" in renewal:
        out["renewal_months"] = renewal["amount"] / (30 if renewal["unit"] != "months" else 1)
    return out


def score(labels: list[dict[str, Any]], got: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Each field's hits over CUAD's answers, and the misses to show with ``--verbose``."""
    hits: Counter[str] = Counter()
    total: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    misses: list[str] = []
    for rec in labels:
        name, cats, mine = rec["file"], rec["categories"], got.get(rec["file"], {})
        names = answer_names(cats["Parties"]["answer"])
        found = [n for n in names if party_hit(n, mine.get("parties", []))]
        total["parties"] += len(names)
        hits["parties"] += len(found)
        if len(found) < len(names):
            misses.append(f"parties  {name[:50]}: want {names} got {mine.get('parties')}")
        law = cats["Governing Law"]
        if law["present"] and law["answer"]:
            total["governing_law"] += 1
            ok = bool(_words(law["answer"]) & _words(mine.get("law") or ""))
            hits["governing_law"] += ok
            if not ok:
                misses.append(f"law      {name[:50]}: want {law['answer']} got {mine.get('law')}")
        for field, category in DATE_FIELDS.items():
            want, have = gold_date(cats[category]["answer"]), mine.get(field)
            if want is not None:
                total[field] += 1
                hits[field] += want == have
            if have is not None and want != have and "[]" not in cats[category]["answer"]:
                wrong[field] += 1
            if have != want and (want or have):
                misses.append(f"{field[:8]} {name[:50]}: want {want} got {have}")
        months = (
            gold_months(cats["Renewal Term"]["answer"]) if cats["Renewal Term"]["answer"] else None
        )
        if months is not None:
            total["renewal_term"] += 1
            hits["renewal_term"] += mine.get("renewal_months") == months
        kind = KIND_OF_TYPE.get(rec["type"])
        if kind is not None:
            total["kind"] += 1
            hits["kind"] += mine.get("kind") == kind
            if mine.get("kind") != kind:
                misses.append(f"kind     {name[:50]}: want {kind} got {mine.get('kind')}")
    fields: dict[str, Any] = {
        f: {
            "score": round(hits[f] / total[f], 3) if total[f] else None,
            "hits": hits[f],
            "of": total[f],
            **({"wrong": wrong[f]} if f in DATE_FIELDS else {}),
        }
        for f in ("parties", "governing_law", *DATE_FIELDS, "renewal_term", "kind")
    }
    return {"fields": fields, "misses": misses}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 also when the CUAD data is not there."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, help="every n-th contract, n contracts in all")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    parser.add_argument(
        "--half", choices=("even", "odd"), help="every other contract by sorted file name"
    )
    parser.add_argument(
        "--show-misses",
        metavar="FIELD",
        action="append",
        default=[],
        help="list the misses of this field (parties, law, agreement_date, ...); repeatable",
    )
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    labels_file = args.data / "train-labels.jsonl"
    if not labels_file.exists():
        print(f"no CUAD data at {args.data}: skipped")
        return 0
    labels = [json.loads(line) for line in labels_file.read_text().splitlines() if line.strip()]
    labels = [r for r in labels if (args.data / "train" / f"{r['file']}.txt").exists()]
    if args.half:
        names = sorted(r["file"] for r in labels)
        keep = set(names[args.half == "odd" :: 2])
        labels = [r for r in labels if r["file"] in keep]
    if args.limit:
        labels = labels[:: max(1, len(labels) // args.limit)][: args.limit]
    paths = [str(args.data / "train" / f"{r['file']}.txt") for r in labels]
    start = time.perf_counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        results = dict(zip([r["file"] for r in labels], pool.map(read_one, paths), strict=True))
    seconds = time.perf_counter() - start
    result = score(labels, results)
    errors = sum(1 for r in results.values() if "error" in r)
    print(f"{len(labels)} CUAD contracts in {seconds:.0f} s, {errors} failed")
    for field, figures in result["fields"].items():
        wrong = f", {figures['wrong']} wrong" if "wrong" in figures else ""
        print(f"  {field:16} {figures['score']}  ({figures['hits']}/{figures['of']}{wrong})")
    if args.verbose:
        print("\n".join(result["misses"]))
    else:
        for field in args.show_misses:
            prefix = "law" if field == "governing_law" else field[:8]
            print("\n".join(m for m in result["misses"] if m.split()[0] == prefix))
    if args.json:
        args.json.write_text(json.dumps(result["fields"], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
