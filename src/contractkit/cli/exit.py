"""Commands for ending a contract: notice, transition, and the `log` interaction record."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

import contractkit
from contractkit._io import check_target
from contractkit.cli._app import (
    Cache,
    CacheDir,
    Language,
    Ocr,
    Password,
    Quiet,
    app,
    fail,
    panel,
    read_contract,
    run,
    stderr,
)
from contractkit.errors import ExitCode
from contractkit.exit.record import KINDS, SUGGESTED_TAGS, InteractionLog, LogEntry
from contractkit.terms.normalize import Duration, find_durations

#: Where `contractkit log` keeps its record when --store is not given.
DEFAULT_STORE = "contractkit-log.sqlite"
STORE_ENV = "CONTRACTKIT_LOG"

log_app = typer.Typer(
    name="log",
    help="Keep a tamper-evident record of a client relationship (one SQLite file per matter).",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(log_app, rich_help_panel=panel("log"))

Contract = Annotated[
    str,
    typer.Argument(
        metavar="CONTRACT",
        help="The contract: PDF (born-digital or scanned), image, DOCX, text or Markdown.",
        show_default=False,
    ),
]
Date = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="Day the notice is given, YYYY-MM-DD (the period counts from it; default today).",
        show_default=False,
    ),
]
Party = Annotated[
    str,
    typer.Option(
        "--party", help="Who terminates: provider, client, or a defined term such as Designer."
    ),
]
NoticeDays = Annotated[
    int | None,
    typer.Option(
        "--notice-days",
        min=0,
        help="Notice period in days, when the contract gives none or several.",
        show_default=False,
    ),
]
BusinessDays = Annotated[
    bool, typer.Option("--business-days", help="Count --notice-days as business days.")
]
NoticeText = Annotated[
    str | None,
    typer.Option(
        "--notice",
        help="Notice period in words: '30 days', '20 business days', '1 month'.",
        show_default=False,
    ),
]
Country = Annotated[
    str | None,
    typer.Option(
        "--country",
        help="Public holidays business days skip: GB, US, IE… or GB-SCT, US-NY "
        "(default: from the governing law, else weekends only).",
        show_default=False,
    ),
]
FromName = Annotated[
    str | None,
    typer.Option(
        "--from",
        help="Your party's name, when the contract names the parties only by role (a cover page).",
        show_default=False,
    ),
]
ToName = Annotated[
    str | None,
    typer.Option("--to", help="The other party's name, likewise.", show_default=False),
]
Kind = Annotated[
    str | None,
    typer.Option(
        "--kind",
        help="Fit the steps to this kind of contract: services, saas, licence, lease "
        "(default: the kind extract reads).",
        show_default=False,
    ),
]
Store = Annotated[
    Path,
    typer.Option(
        "--store",
        envvar=STORE_ENV,
        help=f"The log file (one per client or matter; also ${STORE_ENV}).",
    ),
]
Tags = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        "-t",
        help=f"A label, repeatable: {', '.join(SUGGESTED_TAGS)}, or your own.",
        show_default=False,
    ),
]


def _day(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(ExitCode.USAGE, f"--date must be YYYY-MM-DD, not {text!r}")


def _time(text: str | None, option: str) -> dt.datetime | None:
    if text is None:
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        fail(ExitCode.USAGE, f"{option} must be YYYY-MM-DD or YYYY-MM-DDTHH:MM, not {text!r}")


def _period(days: int | None, business: bool, words: str | None) -> Duration | None:
    if days is not None and words is not None:
        fail(ExitCode.USAGE, "give --notice-days or --notice, not both")
    if business and days is None:
        fail(ExitCode.USAGE, "--business-days goes with --notice-days")
    if days is not None:
        return Duration(days, "business_days" if business else "days")
    if words is None:
        return None
    found = list(find_durations(words))
    if len(found) != 1:
        fail(ExitCode.USAGE, f"--notice must be one period like '30 days', not {words!r}")
    return found[0].value


def _region(country: str | None) -> tuple[str | None, str | None]:
    if not country:
        return None, None
    code, _, sub = country.partition("-")
    return code, sub or None


def _extract(
    source: str,
    password: str | None,
    ocr: bool,
    language: str,
    cache: bool,
    cache_dir: Path | None,
    quiet: bool,
) -> contractkit.Extraction:
    return read_contract(
        contractkit.extract, source, password, ocr, language, cache, cache_dir, quiet
    )


def _warn(messages: tuple[str, ...]) -> None:
    for message in messages:
        stderr.print(f"contractkit: warning: {message}", markup=False, soft_wrap=True)


@app.command("notice", rich_help_panel=panel("notice"))
def notice_command(
    source: Contract,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="The letter: .pdf, .docx, .md or .txt.", show_default=False
        ),
    ],
    date: Date = None,
    reason: Annotated[
        str | None,
        typer.Option(help="One factual sentence; none is needed.", show_default=False),
    ] = None,
    party: Party = "provider",
    from_name: FromName = None,
    to_name: ToName = None,
    kind: Kind = None,
    notice_days: NoticeDays = None,
    business_days: BusinessDays = False,
    notice: NoticeText = None,
    country: Country = None,
    via: Annotated[
        list[str] | None,
        typer.Option(
            help="Delivery method, repeatable: hand, courier, post, email "
            "(default: a traceable one plus e-mail, as the notices clause allows).",
            show_default=False,
        ),
    ] = None,
    language: Language = "eng",
    password: Password = None,
    ocr: Ocr = True,
    cache: Cache = True,
    cache_dir: CacheDir = None,
    quiet: Quiet = False,
) -> None:
    """Write a notice of termination: parties, clauses, termination date, delivery, next steps.

    The termination date is the notice date plus the contract's notice period for the party
    terminating (calendar days, business days skipping weekends and public holidays, or
    months). When the contract gives no period, or several that differ, nothing is guessed:
    the command stops and asks for `--notice-days` or `--notice`.

    Examples:
    - `contractkit notice contract.pdf --date 2025-03-03 -o notice.pdf`
    - `contractkit notice msa.pdf --notice-days 20 --business-days --country GB -o notice.md`
    - `contractkit notice contract.pdf --party Client --via email -o notice.txt`
    - `contractkit notice csa.pdf --party Customer --from "Acme Inc" --to "Cloudly Inc" -o n.docx`
    """
    period = _period(notice_days, business_days, notice)
    given = _day(date)
    code, sub = _region(country)
    run(lambda: check_target(output))
    extraction = _extract(source, password, ocr, language, cache, cache_dir, quiet)
    letter = run(
        lambda: contractkit.termination_notice(
            extraction,
            date=given,
            reason=reason,
            party=party,
            sender_name=from_name,
            recipient_name=to_name,
            kind=kind,
            notice=period,
            via=via or (),
            country=code,
            subdivision=sub,
        )
    )
    run(lambda: letter.write(output))
    _warn(letter.warnings)
    if not quiet:
        stderr.print(
            f"wrote {output}: notice given {letter.date.isoformat()}, {letter.period}, "
            f"terminates {letter.effective_date.isoformat()}",
            markup=False,
            soft_wrap=True,
        )


@app.command("transition", rich_help_panel=panel("transition"))
def transition_command(
    source: Contract,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="The plan: .pdf, .docx, .md or .txt.", show_default=False
        ),
    ],
    date: Date = None,
    party: Party = "provider",
    from_name: FromName = None,
    to_name: ToName = None,
    kind: Kind = None,
    notice_days: NoticeDays = None,
    business_days: BusinessDays = False,
    notice: NoticeText = None,
    country: Country = None,
    alternative: Annotated[
        list[str] | None,
        typer.Option(
            help="A provider to recommend, repeatable: 'Name <email>'.", show_default=False
        ),
    ] = None,
    language: Language = "eng",
    password: Password = None,
    ocr: Ocr = True,
    cache: Cache = True,
    cache_dir: CacheDir = None,
    quiet: Quiet = False,
) -> None:
    """Write a transition plan: handover checklist and timeline up to the termination date.

    Lists deliverables and files to hand over, access to revoke, data to return or delete,
    the final invoice, and the post-termination duties the contract sets (survival,
    transition assistance, return of materials), dated from the termination date.

    Examples:
    - `contractkit transition contract.pdf --date 2025-03-03 -o plan.pdf`
    - `contractkit transition msa.pdf --alternative "Ada Studio <hi@ada.example>" -o plan.md`
    """
    period = _period(notice_days, business_days, notice)
    given = _day(date)
    code, sub = _region(country)
    run(lambda: check_target(output))
    extraction = _extract(source, password, ocr, language, cache, cache_dir, quiet)
    plan = run(
        lambda: contractkit.transition_plan(
            extraction,
            date=given,
            party=party,
            sender_name=from_name,
            recipient_name=to_name,
            kind=kind,
            notice=period,
            alternatives=alternative or (),
            country=code,
            subdivision=sub,
        )
    )
    run(lambda: plan.write(output))
    _warn(plan.warnings)
    if not quiet:
        stderr.print(
            f"wrote {output}: {len(plan.milestones)} milestones, {len(plan.obligations)} "
            f"obligations, ends {plan.effective_date.isoformat()}",
            markup=False,
            soft_wrap=True,
        )


# -- log ---------------------------------------------------------------------------------------


def _open(store: Path, *, create: bool) -> InteractionLog:
    return run(lambda: InteractionLog(store, create=create))


def _print_entries(entries: tuple[LogEntry, ...], as_json: bool) -> None:
    if as_json:
        rows = [
            {
                "seq": e.seq,
                "kind": e.kind,
                "occurred": e.occurred.isoformat(),
                "recorded": e.recorded.isoformat(),
                "title": e.title,
                "summary": e.summary,
                "participants": list(e.participants),
                "tags": list(e.tags),
                "details": dict(e.details),
                "attachments": [
                    {"name": a.name, "media_type": a.media_type, "size": a.size, "sha256": a.sha256}
                    for a in e.attachments
                ],
                "entry_hash": e.entry_hash,
            }
            for e in entries
        ]
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    out = Console(highlight=False)
    if out.is_terminal:
        table = Table(show_lines=False)
        for column in ("#", "when (UTC)", "kind", "title", "tags", "files"):
            table.add_column(column, overflow="fold")
        for e in entries:
            table.add_row(
                str(e.seq),
                e.occurred.strftime("%Y-%m-%d %H:%M"),
                e.kind,
                e.title,
                ", ".join(e.tags),
                str(len(e.attachments)),
            )
        out.print(table)
        return
    for e in entries:
        tags = f" [{', '.join(e.tags)}]" if e.tags else ""
        sys.stdout.write(
            f"{e.seq}\t{e.occurred.strftime('%Y-%m-%d %H:%M')}\t{e.kind}\t{e.title}{tags}\n"
        )


@log_app.command("add")
def log_add(
    kind: Annotated[str, typer.Argument(help="note, call or meeting.", show_default=False)],
    summary: Annotated[
        str, typer.Argument(help="What happened, in factual words.", show_default=False)
    ],
    store: Store = Path(DEFAULT_STORE),
    time: Annotated[
        str | None,
        typer.Option(
            "--time",
            help="When it happened: YYYY-MM-DDTHH:MM, local time unless an offset is given "
            "(default: now).",
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option(help="Short title (default: the summary's start).")
    ] = None,
    participant: Annotated[
        list[str] | None,
        typer.Option("--with", "-w", help="Who took part, repeatable.", show_default=False),
    ] = None,
    tag: Tags = None,
) -> None:
    """Record a note, call or meeting.

    Examples:
    - `contractkit log add call "Asked for two unpaid extra pages." -w "Tom Reed" -t scope-creep`
    - `contractkit log add meeting "Milestone 2 review." --time 2025-03-04T10:00 --store a.sqlite`
    """
    if kind not in ("note", "call", "meeting"):
        fail(
            ExitCode.USAGE,
            f"KIND must be note, call or meeting, not {kind!r}",
            "e-mails and documents are added with: contractkit log import FILE",
        )
    occurred = _time(time, "--time")
    with _open(store, create=True) as log:
        entry = run(
            lambda: log.add(
                kind,  # type: ignore[arg-type]
                summary,
                occurred=occurred,
                title=title,
                participants=participant or (),
                tags=tag or (),
            )
        )
    stderr.print(f"added entry {entry.seq} to {store}", markup=False)


@log_app.command("import")
def log_import(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE",
            help="E-mails (.eml) and documents (PDF, PNG, JPEG, TIFF, WebP).",
            show_default=False,
        ),
    ],
    store: Store = Path(DEFAULT_STORE),
    tag: Tags = None,
    time: Annotated[
        str | None,
        typer.Option(
            "--time",
            help="When the documents were received (e-mails carry their own date).",
            show_default=False,
        ),
    ] = None,
    note: Annotated[str, typer.Option(help="A summary for the documents.")] = "",
) -> None:
    """Import e-mails and documents, with their attachments stored and hashed.

    All files are checked first and stored in one transaction: if one e-mail is malformed,
    nothing is stored. A file already in the log is skipped.

    Examples:
    - `contractkit log import mail/*.eml --tag late-payment`
    - `contractkit log import signed-sow.pdf --note "SOW 2 as signed" --time 2025-02-01`
    """
    occurred = _time(time, "--time")
    with _open(store, create=True) as log:
        added = run(lambda: log.import_files(files, tags=tag or (), occurred=occurred, note=note))
    skipped = len(files) - len(added)
    stderr.print(
        f"imported {len(added)} file{'s' if len(added) != 1 else ''} into {store}"
        + (f" ({skipped} already there)" if skipped else ""),
        markup=False,
    )


Since = Annotated[
    str | None, typer.Option("--since", help="From this time (YYYY-MM-DD).", show_default=False)
]
Until = Annotated[
    str | None, typer.Option("--until", help="Before this time (YYYY-MM-DD).", show_default=False)
]
Kinds = Annotated[
    list[str] | None,
    typer.Option("--kind", help=f"Only these kinds: {', '.join(KINDS)}.", show_default=False),
]
JsonOut = Annotated[bool, typer.Option("--json", help="Print the entries as JSON.")]


def _search(
    store: Path,
    text: str | None,
    tag: list[str] | None,
    kind: list[str] | None,
    since: str | None,
    until: str | None,
    json_out: bool,
) -> None:
    for k in kind or ():
        if k not in KINDS:
            fail(ExitCode.USAGE, f"--kind must be one of {', '.join(KINDS)}, not {k!r}")
    start, end = _time(since, "--since"), _time(until, "--until")
    with _open(store, create=False) as log:
        entries = run(
            lambda: log.search(
                text,
                tags=tag or (),
                kinds=kind or (),  # type: ignore[arg-type]
                since=start,
                until=end,
            )
        )
    _print_entries(entries, json_out)


@log_app.command("list")
def log_list(
    store: Store = Path(DEFAULT_STORE),
    tag: Tags = None,
    kind: Kinds = None,
    since: Since = None,
    until: Until = None,
    json_out: JsonOut = False,
) -> None:
    """List entries in the order things happened.

    Examples:
    - `contractkit log list`
    - `contractkit log list --tag late-payment --since 2025-01-01 --json`
    """
    _search(store, None, tag, kind, since, until, json_out)


@log_app.command("search")
def log_search(
    text: Annotated[str, typer.Argument(help="Words to find.", show_default=False)],
    store: Store = Path(DEFAULT_STORE),
    tag: Tags = None,
    kind: Kinds = None,
    since: Since = None,
    until: Until = None,
    json_out: JsonOut = False,
) -> None:
    """Find entries whose title, text, participants, headers or file names contain TEXT.

    Example: `contractkit log search "extra pages" --kind email`
    """
    _search(store, text, tag, kind, since, until, json_out)


@log_app.command("verify")
def log_verify(
    store: Store = Path(DEFAULT_STORE),
    head: Annotated[
        str | None,
        typer.Option(
            help="A head hash noted earlier (from verify or a dossier; 16+ characters): it must "
            "still be in the chain, which catches a log rebuilt from scratch.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check the hash chain; name the first entry altered or removed (exit code 10).

    Examples:
    - `contractkit log verify --store northwind.sqlite`
    - `contractkit log verify --store northwind.sqlite --head d91b0c5b223bb5a8`
    """
    with _open(store, create=False) as log:
        check = run(lambda: log.verify(head=head))
    if not check.ok:
        fail(
            ExitCode.TAMPERED,
            f"{store}: {check.failure}",
            (f"entries 1 to {check.entries} verify; " if check.entries and check.first_bad else "")
            + "keep a copy of this file as it is",
        )
    typer.echo(f"{store}: {check}")


@log_app.command("export")
def log_export(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The dossier PDF.", show_default=False)
    ],
    store: Store = Path(DEFAULT_STORE),
    title: Annotated[
        str | None, typer.Option(help="Title (default: from the store's name).")
    ] = None,
    contract: Annotated[
        str | None,
        typer.Option(
            "--contract",
            "-c",
            help="Add the incident report (chart, clauses concerned, lessons) for this "
            "contract after the index.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Export a chronological dossier PDF: index, each entry's details, attachment hashes.

    The dossier opens with the verification result; it is written even when the chain is
    broken (that is evidence too), and the command then exits with code 10.

    Examples:
    - `contractkit log export -o dossier.pdf --store northwind.sqlite`
    - `contractkit log export -o dossier.pdf --contract contract.pdf` (with the incident report)
    """
    run(lambda: check_target(output))
    if os.path.realpath(output) == os.path.realpath(store):
        fail(ExitCode.OUTPUT, f"{output}: the dossier would overwrite the log")
    from contractkit.exit.report import incident_report

    extraction = (
        _extract(contract, None, True, "eng", True, None, True) if contract is not None else None
    )
    with _open(store, create=False) as log:
        report = (
            run(lambda: incident_report(log, extraction, title="What the record shows"))
            if extraction is not None
            else None
        )
        check = run(lambda: log.export(output, title=title, report=report))
    stderr.print(f"wrote {output}", markup=False)
    if not check.ok:
        fail(ExitCode.TAMPERED, f"{store}: {check.failure}")
