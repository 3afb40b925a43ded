"""Commands that hold a contract against a playbook: review, revise, playbook init/check/list."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

import contractkit
from contractkit._io import check_target, read_source
from contractkit.cli._app import (
    Cache,
    CacheDir,
    Language,
    MaxImageMpixels,
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
    write_text,
)
from contractkit.errors import ExitCode
from contractkit.ocr._models import DEFAULT_MAX_IMAGE_MPIXELS
from contractkit.render.marked import MarkedRenderer

playbook_app = typer.Typer(
    help="Write or check a playbook: the positions `review` and `revise` hold contracts to.",
    no_args_is_help=True,
)
app.add_typer(playbook_app, name="playbook", rich_help_panel=panel("playbook"))

_Input = Annotated[
    str,
    typer.Argument(
        metavar="INPUT",
        help="Contract: PDF (born-digital or scanned), image, DOCX, text or Markdown; - reads "
        "standard input.",
        show_default=False,
    ),
]
_Playbook = Annotated[
    Path | None,
    typer.Option(
        "--playbook",
        "-p",
        help="Playbook TOML file, or a shipped playbook by id: provider, vendor, tenant "
        "(default: the shipped playbook that fits the contract's kind and --side, see "
        "`contractkit playbook list`; `contractkit playbook init` writes one for editing).",
        show_default=False,
    ),
]
_Side = Annotated[
    str | None,
    typer.Option(
        "--side",
        metavar="SIDE",
        help="Whose side you are on, to pick the shipped playbook: provider, client, vendor, "
        "customer, licensor, licensee, landlord or tenant (default: tenant for a lease, vendor "
        "for SaaS or a licence, provider otherwise).",
        show_default=False,
    ),
]
_Force = Annotated[
    bool,
    typer.Option(
        "--force",
        help=f"Go on with a document that does not read as a contract (else exit "
        f"{int(ExitCode.NOT_A_CONTRACT)}).",
    ),
]
_STATUS_STYLE = {"ok": "green", "weak": "yellow", "missing": "bold red", "n/a": "dim"}


@app.command("review", rich_help_panel=panel("review"))
def review_command(
    source: _Input,
    playbook: _Playbook = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the scorecard as JSON (`schema scorecard`).")
    ] = False,
    markdown: Annotated[
        Path | None,
        typer.Option(
            help="Also write the scorecard as Markdown (- for stdout).", show_default=False
        ),
    ] = None,
    annotate: Annotated[
        Path | None,
        typer.Option(
            help="Write a copy of the PDF with each finding highlighted on its clause and a note "
            "(scans are OCR'd into a searchable copy); for a Word contract, a copy of the DOCX "
            "with each finding as a comment.",
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help=f"Exit {int(ExitCode.POLICY)} when a required position is weak or missing.",
        ),
    ] = False,
    side: _Side = None,
    force: _Force = False,
    language: Language = "eng",
    password: Password = None,
    ocr: Ocr = True,
    cache: Cache = True,
    cache_dir: CacheDir = None,
    quiet: Quiet = False,
    max_image_mpixels: MaxImageMpixels = DEFAULT_MAX_IMAGE_MPIXELS,
) -> None:
    """Score a contract against a playbook: OK, WEAK, MISSING or N/A for each position.

    Each row gives the position, its status and severity, the reason ("notice period 90 days;
    the playbook allows at most 30") and the clause it rests on with its page. The score
    (0-100, weighted by severity; N/A positions do not count) compares contracts on the same
    playbook. Without --playbook the shipped playbook for the contract's kind and your
    --side is used; a playbook for another kind of contract is used with a warning. A
    document that is not a contract exits 13 unless --force.

    Examples:
    - `contractkit review contract.pdf`
    - `contractkit review scan.pdf --annotate annotated.pdf`
    - `contractkit review contract.docx --annotate reviewed.docx` (findings as Word comments)
    - `contractkit review contract.docx --playbook my-playbook.toml --markdown review.md`
    - `contractkit review contract.pdf --json --check > review.json || echo "gaps found"`
    - `contractkit review lease.pdf --side landlord --playbook landlord.toml`
    """
    guard(source, playbook)
    for target in (markdown, annotate):
        if target is not None and str(target) != "-":
            run(partial(check_target, target))
    book = run(lambda: _load(playbook))
    fit: dict[str, Any] = {"playbook": book, "side": side, "force": force}
    reader: Callable[..., contractkit.Scorecard] = partial(contractkit.review, **fit)
    if annotate is not None:
        target = annotate
        reader = lambda src, **kw: contractkit.annotate(src, target, **fit, **kw)  # noqa: E731
    result = read_contract(
        reader,
        source,
        password,
        ocr,
        language,
        cache,
        cache_dir,
        quiet,
        max_image_mpixels=max_image_mpixels,
    )
    for message in result.warnings:
        warn(message)
    if markdown is not None:
        if str(markdown) == "-":
            sys.stdout.write(contractkit.to_markdown(result))
        else:
            run(lambda: write_text(markdown, contractkit.to_markdown(result).rstrip("\n")))
    if json_out:
        sys.stdout.write(result.to_json(indent=2) + "\n")
    elif markdown is None or str(markdown) != "-":
        _print_scorecard(result)
    if annotate is not None and not quiet:
        stderr.print(f"wrote {annotate}", markup=False)
    if check and result.gaps:
        raise typer.Exit(int(ExitCode.POLICY))


@app.command("revise", rich_help_panel=panel("revise"))
def revise_command(
    source: _Input,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The revised contract to write (a PDF; a .docx name writes Word with tracked "
            "changes).",
            show_default=False,
        ),
    ],
    redline: Annotated[
        Path | None,
        typer.Option(
            help="Also write a redline PDF: deletions struck through in red, insertions "
            "underlined in blue.",
            show_default=False,
        ),
    ] = None,
    summary: Annotated[
        Path | None,
        typer.Option(help="Also write the change summary (Markdown).", show_default=False),
    ] = None,
    docx: Annotated[
        Path | None,
        typer.Option(
            help="Also write the revision as a Word file with tracked changes (for a DOCX "
            "contract: your own file, its styles and numbering kept).",
            show_default=False,
        ),
    ] = None,
    marked: Annotated[
        Path | None,
        typer.Option(
            help="Also write your own PDF with the changes marked on its pages: replaced words "
            "struck through with the new wording in the note, insertions as carets (PDF "
            "contracts only).",
            show_default=False,
        ),
    ] = None,
    playbook: _Playbook = None,
    values: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="NAME=VALUE",
            help="Override a parameter of the new clauses: --set notice_days=14 "
            '--set provider="Studio Nord". Repeat for several.',
            show_default=False,
        ),
    ] = None,
    fallback: Annotated[
        bool, typer.Option(help="Use the playbook's fallback texts (a second negotiating round).")
    ] = False,
    renumber: Annotated[
        bool,
        typer.Option(
            help="Renumber the sections after an inserted one and rewrite cross-references to "
            "them. By default new clauses take free numbers (18.7, 21A) and every existing "
            "number stays."
        ),
    ] = False,
    renderer: Annotated[
        str | None,
        typer.Option(
            help="What writes -o: pdf, docx, or a renderer a plug-in package installed "
            "(default: from -o's suffix).",
            show_default=False,
        ),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the revision as JSON.")] = False,
    side: _Side = None,
    force: _Force = False,
    language: Language = "eng",
    password: Password = None,
    ocr: Ocr = True,
    cache: Cache = True,
    cache_dir: CacheDir = None,
    quiet: Quiet = False,
    max_image_mpixels: MaxImageMpixels = DEFAULT_MAX_IMAGE_MPIXELS,
) -> None:
    """Rewrite a contract to meet the playbook: a typeset PDF, a redline and a summary.

    Weak clauses are replaced and missing ones inserted where they belong; every other
    clause keeps its words and its number (new ones take free numbers such as 18.7 or 21A;
    `--renumber` moves later sections and their cross-references instead). Figures and the
    contract's words for the parties, itself and its subject come from the contract; `--set`
    overrides them. The playbook is chosen as for `review` (--playbook, --side); a document
    that is not a contract exits 13 unless --force.

    Examples:
    - `contractkit revise contract.pdf -o revised.pdf --redline redline.pdf --summary changes.md`
    - `contractkit revise scan.pdf -o revised.pdf --docx revised.docx --set notice_days=14`
    - `contractkit revise contract.docx -o revised.docx` (your Word file, changes tracked)
    - `contractkit revise contract.pdf -o revised.pdf --marked marked.pdf` (your PDF, marked)
    """
    params: dict[str, str | int | float] = {}
    for item in values or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            fail(ExitCode.USAGE, f"--set needs NAME=VALUE, not {item!r}")
        params[name.strip()] = value.strip()
    guard(source, playbook)
    book = run(lambda: _load(playbook))
    original = run(lambda: read_source(sys.stdin.buffer if source == "-" else Path(source)))
    target: Path | None = output
    if renderer is None and output.suffix.lower() == ".docx" and docx is None:
        target, docx = None, output  # Word with tracked changes; a Word contract's own file
    outputs: list[tuple[Path | None, str | None]] = [
        (target, renderer),
        (redline, "redline"),
        (docx, "docx"),
        (marked, "marked"),
        (summary, "markdown"),
    ]
    for path, _ in outputs:
        if path is not None:
            run(partial(check_target, path, sources=(original,)))
    how_read: list[contractkit.ReadOptions] = []

    def reader(src: Any, *, read: contractkit.ReadOptions) -> contractkit.Revision:
        # the marked PDF reads the original again the same way (the bar is gone by then)
        how_read.append(replace(read, progress=None))
        extra: dict[str, Any] = params  # parameter names are the playbook's
        return contractkit.revise(
            src,
            playbook=book,
            side=side,
            force=force,
            fallback=fallback,
            renumber=renumber,
            read=read,
            **extra,
        )

    result = read_contract(
        reader,
        original,
        password,
        ocr,
        language,
        cache,
        cache_dir,
        quiet,
        max_image_mpixels=max_image_mpixels,
    )
    marker = MarkedRenderer(read=how_read[0] if how_read else None)
    if marked is not None and result.document.format != "pdf":  # before writing anything
        run(partial(contractkit.write, result, marked, renderer=marker))  # says why not
    notes, written = list(result.warnings), []
    for path, how in outputs:
        if path is not None:
            kept = original.data if how in ("docx", "marked") else None
            chosen = marker if how == "marked" else how
            notes += run(partial(contractkit.write, result, path, renderer=chosen, original=kept))
            written.append(str(path))
    result = replace(result, warnings=tuple(notes))
    for message in result.warnings:
        warn(message)
    if json_out:
        sys.stdout.write(result.to_json(indent=2) + "\n")
        return
    if quiet:
        return
    out = Console(highlight=False)
    edits = [c for c in result.changes if c.kind != "renumbered"]
    moved = len(result.changes) - len(edits)
    for change in edits:
        moved_to = change.old_clause and change.old_clause != change.clause
        where = f"{change.old_clause} → {change.clause}" if moved_to else change.clause
        out.print(f"  {change.kind:<9} {where:<14} {change.title}", markup=False, soft_wrap=True)
    out.print(
        f"playbook: {result.before.playbook}"
        + (f" ({result.before.fit.reason})" if result.before.fit else ""),
        markup=False,
        soft_wrap=True,
    )
    out.print(
        f"score before {result.before.score:g}/100; {len(edits)} changes"
        + (f", {moved} clauses renumbered" if moved else "")
        + "; wrote "
        + ", ".join(written),
        markup=False,
        soft_wrap=True,
    )


@playbook_app.command("init")
def init_command(
    output: Annotated[
        Path, typer.Argument(help="Where to write the playbook.", show_default=False)
    ] = Path("playbook.toml"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    source: Annotated[
        str,
        typer.Option(
            "--from",
            help="The shipped playbook to copy: provider, vendor or tenant "
            "(`contractkit playbook list`).",
        ),
    ] = "provider",
) -> None:
    """Write a shipped playbook (the service-provider one unless --from) to a file, to edit it.

    Example: `contractkit playbook init my-playbook.toml`, edit, then
    `contractkit review contract.pdf --playbook my-playbook.toml`;
    `contractkit playbook init --from tenant lease-playbook.toml`.
    """
    from contractkit.playbook.model import SHIPPED, shipped_playbook_text

    if source not in SHIPPED and source != "default":
        fail(
            ExitCode.USAGE,
            f"--from {source}: no shipped playbook has that name",
            "shipped playbooks: " + ", ".join(SHIPPED),
        )
    if output.exists() and not force:
        fail(ExitCode.OUTPUT, f"{output}: already exists", "use --force to overwrite it")
    run(partial(check_target, output))
    run(lambda: write_text(output, shipped_playbook_text(source).rstrip("\n")))
    stderr.print(f"wrote {output}", markup=False)


@playbook_app.command("list")
def list_command() -> None:
    """List the shipped playbooks: the kinds of contract each is for and whose side it takes.

    Review and revise pick one of these by the contract's kind and --side when no
    --playbook is given. Example: `contractkit playbook list`
    """
    from contractkit.playbook.model import SHIPPED, shipped_playbook

    out = Console(highlight=False)
    for name in SHIPPED:
        book = shipped_playbook(name)
        out.print(
            f"{name:<9} {book.side or '-':<9} {', '.join(book.kinds):<32} "
            f"{len(book.positions):>2} positions  {book.name}: {book.description}",
            markup=False,
            soft_wrap=True,
        )


@playbook_app.command("check")
def check_command(
    playbook: Annotated[
        Path, typer.Argument(help="Playbook file to validate.", show_default=False)
    ],
) -> None:
    """Validate a playbook and list its positions.

    Example: `contractkit playbook check my-playbook.toml`
    """
    book = run(lambda: contractkit.Playbook.load(playbook))
    out = Console(highlight=False)
    out.print(f"{book.name}: {len(book.positions)} positions", markup=False)
    out.print(
        f"for: {', '.join(book.kinds) or 'any kind of contract'}; side: {book.side or 'not said'}",
        markup=False,
    )
    for position in book.positions:
        required = "required" if position.required else "optional"
        only = f" (only {', '.join(position.applies_to)})" if position.applies_to else ""
        out.print(
            f"  {position.id:<24} {position.severity:<6} {required:<8} {position.title}{only}",
            markup=False,
            soft_wrap=True,
        )


def _load(path: Path | None) -> contractkit.Playbook | None:
    from contractkit.playbook.review import load_playbook

    return None if path is None else load_playbook(path)


def _print_scorecard(result: contractkit.Scorecard) -> None:
    out = Console(highlight=False)
    table = Table(
        title=f"{result.document.name}: {result.score:g}/100 ({result.playbook})",
        title_justify="left",
    )
    for column in ("position", "status", "severity", "finding", "evidence"):
        table.add_column(column, overflow="fold")
    for f in result.findings:
        evidence = f.evidence[0] if f.evidence else None
        where = (
            f"{evidence.number}" + (f", p. {evidence.page}" if evidence.page else "")
            if evidence
            else "-"
        )
        table.add_row(
            f.title,
            f"[{_STATUS_STYLE[f.status]}]{f.status.upper()}[/]",
            f.severity,
            "; ".join(f.reasons) if f.status != "ok" else "",
            where,
        )
    out.print(table)
    out.print(
        f"{result.count('ok')} OK, {result.count('weak')} weak, {result.count('missing')} missing"
        + (f", {result.count('n/a')} N/A" if result.count("n/a") else ""),
        markup=False,
    )
    if result.fit is not None:
        out.print(f"why this playbook: {result.fit.reason}", markup=False, soft_wrap=True)
