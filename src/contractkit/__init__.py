"""contractkit: digitise, understand and strengthen contracts.

The public API is re-exported here; ``import contractkit`` stays light (no OCR engine, PDF
library or numpy is loaded until a function needs it).
"""

from __future__ import annotations

from contractkit.document import Document, open
from contractkit.errors import (
    ContractKitError,
    ContractKitWarning,
    CorruptInputError,
    EmptyInputError,
    EncryptedInputError,
    EngineError,
    ExitCode,
    InputError,
    InvalidOptionError,
    LowConfidenceWarning,
    MissingDependencyError,
    OcrTimeoutError,
    OutputError,
    SignatureInvalidatedWarning,
    UnsupportedInputError,
)
from contractkit.ocr import OcrOptions, OcrReport, PageReport, ocr

__version__ = "0.1.0"

__all__ = [
    "ContractKitError",
    "ContractKitWarning",
    "CorruptInputError",
    "Document",
    "EmptyInputError",
    "EncryptedInputError",
    "EngineError",
    "ExitCode",
    "InputError",
    "InvalidOptionError",
    "LowConfidenceWarning",
    "MissingDependencyError",
    "OcrOptions",
    "OcrReport",
    "OcrTimeoutError",
    "OutputError",
    "PageReport",
    "SignatureInvalidatedWarning",
    "UnsupportedInputError",
    "__version__",
    "ocr",
    "open",
]
