"""Commands for ending a contract: notice and transition (the `log` commands are in `log`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

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
    guard,
    panel,
    read_contract,
    run,
    stderr,
    warn,
)
from contractkit.errors import ExitCode
from contractkit.exit.dates import notice_period

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
    period = run(lambda: notice_period(notice_days, business=business_days, words=notice))
    given = _day(date)
    code, sub = _region(country)
    guard(source)
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
    for message in letter.warnings:
        warn(message)
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
    period = run(lambda: notice_period(notice_days, business=business_days, words=notice))
    given = _day(date)
    code, sub = _region(country)
    guard(source)
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
    for message in plan.warnings:
        warn(message)
    if not quiet:
        stderr.print(
            f"wrote {output}: {len(plan.milestones)} milestones, {len(plan.obligations)} "
            f"obligations, ends {plan.effective_date.isoformat()}",
            markup=False,
            soft_wrap=True,
        )
