"""The ``contractkit`` command: a thin layer over the library.

Each command builds options, calls one API function and prints. Errors become one line on
stderr and the error's exit code (see ``docs/errors.md``); ``--debug`` shows the traceback.
The app and its shared helpers live in ``_app``; each module here adds one group of commands.
"""

from __future__ import annotations

import sys

import typer

from contractkit.cli import (
    batch,  # noqa: F401  (registers its commands)
    log_report,  # noqa: F401  (registers log report)
    playbook,  # noqa: F401  (registers review, revise and playbook)
    read,  # noqa: F401  (registers its commands)
)
from contractkit.cli import (
    exit as _exit,  # noqa: F401  (registers notice, transition and log)
)
from contractkit.cli._app import app, stderr
from contractkit.errors import ExitCode

try:  # typer >= 0.29 vendors click; older releases use click itself
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover
    from click import exceptions as click_errors  # type: ignore[no-redef]

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``contractkit`` command."""
    try:
        code = app(standalone_mode=False)
    except click_errors.NoArgsIsHelpError:
        code = 0
    except click_errors.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "contractkit"
        stderr.print(
            f"contractkit: error: {exc.format_message()} (see: {where} --help)",
            markup=False,
            soft_wrap=True,
        )
        code = int(ExitCode.USAGE)
    except click_errors.ClickException as exc:
        stderr.print(f"contractkit: error: {exc.format_message()}", markup=False, soft_wrap=True)
        code = exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        stderr.print("contractkit: error: interrupted", markup=False)
        code = int(ExitCode.INTERRUPTED)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
