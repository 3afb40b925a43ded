"""The typer app and what every command shares: error handling, progress, reading, writing."""

from __future__ import annotations

import logging
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from typer.core import TyperArgument, TyperGroup, TyperOption

import contractkit
from contractkit._io import SourceData, atomic_output, guard_inputs, named_stream, protect
from contractkit.errors import ContractKitError, ContractKitWarning, ExitCode
from contractkit.ocr._models import OcrOptions

#: Commands in pipeline order, each under its step's heading in --help.
PANELS = {
    "Read contracts": ("ocr", "text", "extract"),
    "Strengthen them": ("review", "revise", "playbook"),
    "End a contract well": ("notice", "transition", "log"),
    "Archives and pipelines": ("batch", "schema", "sample"),
}
_ORDER = [name for names in PANELS.values() for name in names]


class _PipelineOrder(TyperGroup):
    """Lists commands as the pipeline runs (ocr first), not in the order modules load.

    Each invocation runs inside :func:`contractkit._io.guard_inputs`: whatever a command
    reads (and names with :func:`guard`) no writer of that command may replace (issue 18).
    """

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: _ORDER.index(n) if n in _ORDER else len(_ORDER))

    def invoke(self, ctx: Any) -> Any:
        with guard_inputs():
            return super().invoke(ctx)


def guard(*paths: str | Path | None) -> None:
    """Name a command's input files before its outputs are checked (``-`` is standard input).

    Every output check and write of the command then refuses these paths, through links.
    """
    for path in paths:
        if path is not None and str(path) != "-":
            protect(Path(path))


def panel(command: str) -> str:
    """The --help heading a command is listed under."""
    return next(title for title, names in PANELS.items() if command in names)


_TYPE_WORDS = {"str": "TEXT", "int": "INTEGER", "float": "NUMBER", "path": "PATH", "file": "FILE"}


def _help_type(param: Any, ctx: Any) -> str | None:
    """What --help shows after an option: the value it takes in a user's words, never a type.

    typer >= 0.29 prints Python annotations there (``<bool>``, ``<list[Path]>``), which mean
    nothing to a user: flags show nothing, options their metavar or value kind (``TEXT``,
    ``INTEGER``, ``a|b``), arguments nothing (their name is already shown).
    """
    if isinstance(param, TyperArgument):
        return None
    if getattr(param, "metavar", None):
        return str(param.metavar)
    label = str(_typer_display_type(param, ctx)).strip("<>")
    if label.startswith("list[") and label.endswith("]"):
        label = label[5:-1]
    if label == "bool":
        return None
    label = label.removesuffix(" range")
    return _TYPE_WORDS.get(label.lower(), label)


_typer_display_type: Callable[[Any, Any], str] = getattr(
    TyperOption, "display_type", lambda param, ctx: ""
)
if hasattr(TyperOption, "display_type_rich"):
    for _param_class in (TyperOption, TyperArgument):
        setattr(_param_class, "display_type_rich", _help_type)  # noqa: B010

app = typer.Typer(
    cls=_PipelineOrder,
    name="contractkit",
    help="Digitise, understand and strengthen contracts, and end them well.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode="markdown",
)

stderr = Console(stderr=True, highlight=False)
T = TypeVar("T")

_state = {"debug": False}
#: OcrOptions fields as the CLI spells them, for error messages.
_OPTION_NAMES = {
    "jobs": "--jobs",
    "page_timeout": "--page-timeout",
    "low_confidence": "--min-confidence",
    "image_dpi": "--image-dpi",
    "max_image_mpixels": "--max-image-mpixels",
}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"contractkit {contractkit.__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks and debug logs.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Digitise, understand and strengthen contracts.

    Start with `contractkit ocr scan.pdf -o searchable.pdf` (make a scan searchable) or
    `contractkit text contract.pdf` (read any contract as clean text).
    """
    _state["debug"] = debug
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.ERROR,
        format="%(levelname)s %(name)s: %(message)s",
    )


def fail(code: ExitCode, message: str, hint: str = "") -> NoReturn:
    stderr.print(f"contractkit: error: {message}", markup=False, soft_wrap=True)
    if hint:
        stderr.print(f"contractkit: hint: {hint}", markup=False, soft_wrap=True)
    raise typer.Exit(int(code))


def run(call: Callable[[], T]) -> T:
    """Call the library; turn its errors into one line and an exit code."""
    try:
        return call()
    except ContractKitError as exc:
        if _state["debug"]:
            stderr.print_exception()
        fail(exc.exit_code, exc.message, exc.hint)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"])
        option = _OPTION_NAMES.get(field, field)
        fail(ExitCode.USAGE, f"invalid value for {option}: {error['msg']}")
    except KeyboardInterrupt:
        fail(ExitCode.INTERRUPTED, "interrupted; no output was written")
    except Exception as exc:
        if _state["debug"]:
            stderr.print_exception()
        fail(
            ExitCode.INTERNAL,
            f"unexpected {type(exc).__name__}: {exc}",
            "this is a bug: please report it with the output of --debug",
        )


def warn(message: str) -> None:
    """One warning line on stderr, as every command prints them."""
    stderr.print(f"contractkit: warning: {message}", markup=False, soft_wrap=True)


@contextmanager
def progress_bar(
    enabled: bool, label: str, *, unit: str = "pages"
) -> Iterator[Callable[..., None] | None]:
    """A progress bar on stderr when it is a terminal, else nothing.

    It yields ``update(done, total, *, detail="", description=None)``, which is also a
    library ``progress`` callback (``done, total``).
    """
    if not enabled or not stderr.is_terminal:
        yield None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit + "{task.fields[detail]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=stderr, transient=True) as bar:
        task = bar.add_task(label, total=None, detail="")

        def update(
            done: float, total: float, *, detail: str = "", description: str | None = None
        ) -> None:
            bar.update(
                task,
                completed=int(done),
                total=total or None,
                detail=detail,
                description=description or label,
            )

        yield update


# Options `text` and `extract` share: how to open the contract.
Language = Annotated[
    str, typer.Option("--language", "-l", help="OCR languages, joined by +: eng+deu.")
]
Password = Annotated[
    str | None, typer.Option(help="Password of an encrypted PDF.", show_default=False)
]
Ocr = Annotated[bool, typer.Option(help="OCR pages that have no text layer (scans, images).")]
Cache = Annotated[
    bool, typer.Option(help="Reuse OCR results of a scan read before (keyed by content).")
]
CacheDir = Annotated[
    Path | None,
    typer.Option(
        help="OCR cache folder (default: $CONTRACTKIT_CACHE_DIR or ~/.cache/contractkit).",
        show_default=False,
    ),
]
Quiet = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar; only warnings and errors.")
]
MaxImageMpixels = Annotated[
    float,
    typer.Option(
        "--max-image-mpixels",
        help="Largest page raster or image, in megapixels: bigger pages are OCR'd at a lower "
        "resolution, bigger images refused. Memory grows about 5 bytes a pixel.",
    ),
]


def read_contract(
    reader: Callable[..., T],
    source: str | SourceData,
    password: str | None,
    ocr: bool,
    language: str,
    cache: bool,
    cache_dir: Path | None,
    quiet: bool,
    *,
    max_image_mpixels: float | None = None,
) -> T:
    """Call ``reader(source, read=ReadOptions(...))`` with a bar while OCR runs.

    ``reader`` is ``contractkit.open``, ``extract``, ``review``, ``revise`` or ``annotate``;
    ``source`` is a path, ``-`` for standard input, or what was already read from one.
    """
    where: bool | Path = (cache_dir or True) if cache else False
    given: Any = (
        named_stream(source)
        if isinstance(source, SourceData)
        else sys.stdin.buffer
        if source == "-"
        else Path(source)
    )
    settings: OcrOptions | bool = ocr
    if ocr and max_image_mpixels is not None:
        settings = run(lambda: OcrOptions(max_image_mpixels=max_image_mpixels))
    with warnings.catch_warnings(), progress_bar(not quiet, "OCR") as progress:
        warnings.simplefilter("ignore", ContractKitWarning)  # the result carries them
        read = run(
            lambda: contractkit.ReadOptions(
                password=password,
                ocr=settings,
                languages=tuple(language.split("+")),
                cache=where,
                progress=progress,
            )
        )
        return run(lambda: reader(given, read=read))


def write_bytes(path: Path, data: bytes) -> None:
    with atomic_output(path, suffix=path.suffix) as tmp:
        tmp.write_bytes(data)


def write_text(path: Path, text: str) -> None:
    with atomic_output(path, suffix=".json") as tmp:
        tmp.write_text(text + "\n", encoding="utf-8")
