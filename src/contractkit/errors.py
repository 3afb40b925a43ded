"""Errors, warnings and exit codes.

Every failure a user can act on has its own exception class, and each class carries the exit
code the CLI uses for it, so scripts can tell a bad input from a missing dependency::

    ContractKitError            message, hint, exit_code
    ├── InvalidOptionError      also a ValueError                       USAGE (2)
    ├── InputError                                                      INPUT (3)
    │   ├── UnsupportedInputError   not a PDF or a supported image
    │   ├── CorruptInputError       damaged beyond repair
    │   ├── EmptyInputError         zero bytes or zero pages
    │   ├── RecordError             not an interaction log, or locked
    │   ├── NotAContractError       no contract wording (review, revise) NOT_A_CONTRACT (13)
    │   └── EncryptedInputError     needs a password                    ENCRYPTED (4)
    ├── OutputError             cannot write where asked                OUTPUT (6)
    ├── MissingDependencyError  names the package to install            MISSING_DEPENDENCY (5)
    ├── EngineError             the OCR engine failed                   ENGINE (7)
    │   └── OcrTimeoutError     a page took longer than allowed
    ├── ClusterError            the Dask scheduler cannot be reached    CLUSTER (12)
    ├── PlaybookError           a playbook file is invalid (path, line, field)  PLAYBOOK (8)
    └── NoticePeriodError       no single notice period: choose one     USAGE (2)

    ContractKitWarning
    ├── LowConfidenceWarning        pages whose OCR a human should check
    ├── PlaybookMismatchWarning     the playbook is for another kind of contract or side
    └── SignatureInvalidatedWarning the copy of a signed PDF carries no valid signature
"""

from __future__ import annotations

from enum import IntEnum

__all__ = [
    "ClusterError",
    "ContractKitError",
    "ContractKitWarning",
    "CorruptInputError",
    "EmptyInputError",
    "EncryptedInputError",
    "EngineError",
    "ExitCode",
    "InputError",
    "InvalidOptionError",
    "LowConfidenceWarning",
    "MissingDependencyError",
    "NotAContractError",
    "NoticePeriodError",
    "OcrTimeoutError",
    "OutputError",
    "PlaybookError",
    "PlaybookMismatchWarning",
    "RecordError",
    "SignatureInvalidatedWarning",
    "UnsupportedInputError",
]


class ExitCode(IntEnum):
    """Process exit codes of the ``contractkit`` command; ``docs/errors.md`` explains each."""

    OK = 0
    INTERNAL = 1
    USAGE = 2
    INPUT = 3
    ENCRYPTED = 4
    MISSING_DEPENDENCY = 5
    OUTPUT = 6
    ENGINE = 7
    PLAYBOOK = 8
    POLICY = 9
    TAMPERED = 10
    PARTIAL = 11
    CLUSTER = 12
    NOT_A_CONTRACT = 13
    INTERRUPTED = 130


class ContractKitError(Exception):
    """Base of every error contractkit raises on purpose.

    Attributes:
        message: One line saying what went wrong.
        hint: One line saying what the user can do about it, or ``""``.
        exit_code: The CLI's exit code for this error.
    """

    exit_code: ExitCode = ExitCode.INTERNAL

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class InvalidOptionError(ContractKitError, ValueError):
    """An option has a value contractkit cannot use."""

    exit_code = ExitCode.USAGE


class InputError(ContractKitError):
    """The input cannot be read as a contract."""

    exit_code = ExitCode.INPUT


class UnsupportedInputError(InputError):
    """The input is not a PDF or a supported image, whatever its extension says."""


class CorruptInputError(InputError):
    """The input is damaged beyond what a repair could fix."""


class EmptyInputError(InputError):
    """The input has no bytes or no pages."""


class EncryptedInputError(InputError):
    """The PDF is encrypted and no (or a wrong) password was given."""

    exit_code = ExitCode.ENCRYPTED


class OutputError(ContractKitError):
    """The output cannot be written where it was asked for."""

    exit_code = ExitCode.OUTPUT


class MissingDependencyError(ContractKitError):
    """A program or language pack contractkit needs is not installed."""

    exit_code = ExitCode.MISSING_DEPENDENCY


class EngineError(ContractKitError):
    """The OCR engine (or a program it runs) failed."""

    exit_code = ExitCode.ENGINE


class OcrTimeoutError(EngineError):
    """A page took longer to OCR than the page timeout allows."""


class ClusterError(ContractKitError):
    """The Dask scheduler given to ``batch`` cannot be reached (issue 7)."""

    exit_code = ExitCode.CLUSTER


class PlaybookError(ContractKitError):
    """A playbook file cannot be used: not TOML, or a position is missing or mistyped.

    Attributes:
        path: The playbook file, or ``None`` for a playbook given as text.
        line: 1-based line of the offending entry, when known.
        field: Dotted name of the offending field (``positions.notice.max_days``), when known.
    """

    exit_code = ExitCode.PLAYBOOK

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str = "",
    ) -> None:
        where = ":".join(str(part) for part in (path, line) if part is not None)
        text = f"{where}: {message}" if where else message
        if field:
            text += f" (field {field})"
        super().__init__(text, hint=hint)
        self.path = path
        self.line = line
        self.field = field


class NoticePeriodError(ContractKitError):
    """The contract gives no notice period for the terminating party, or several that differ.

    A termination date computed from a guessed period could end the contract on the wrong
    day, so contractkit asks for an explicit period instead (issue 6).

    Attributes:
        party: The terminating party as the contract names it (``"Designer"``).
        found: The periods found, each with its clause (``"30 days (clause 10.2)"``).
    """

    exit_code = ExitCode.USAGE

    def __init__(
        self, message: str, *, party: str, found: tuple[str, ...] = (), hint: str = ""
    ) -> None:
        super().__init__(message, hint=hint)
        self.party = party
        self.found = found


class RecordError(InputError):
    """An interaction log cannot be used: not a contractkit log, a newer format, or locked."""


class NotAContractError(InputError):
    """Review or revise was given a document that is not a contract (issue 16).

    A magazine page scored against a playbook would be "revised" into a contract it never
    was; ``force=True`` (``--force``) reviews it anyway.

    Attributes:
        kind: What the document was read as, with the confidence (``not_a_contract (0.90)``).
    """

    exit_code = ExitCode.NOT_A_CONTRACT

    def __init__(self, message: str, *, kind: str = "", hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.kind = kind


class ContractKitWarning(UserWarning):
    """Base of contractkit's warnings; they also appear in each report's ``warnings``."""


class LowConfidenceWarning(ContractKitWarning):
    """Some pages were read with low OCR confidence: check their figures by eye."""


class SignatureInvalidatedWarning(ContractKitWarning):
    """The output copy of a digitally signed PDF no longer carries a valid signature."""


class PlaybookMismatchWarning(ContractKitWarning):
    """The playbook is for another kind of contract, or takes the other party's side."""
