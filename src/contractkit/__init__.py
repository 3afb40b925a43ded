"""contractkit: digitise, understand and strengthen contracts.

The public API is re-exported here; ``import contractkit`` stays light (no OCR engine, PDF
library or numpy is loaded until a function needs it).
"""

from __future__ import annotations

from contractkit._schemas import json_schema
from contractkit.batch import BatchProgress, BatchReport, DocumentResult, batch
from contractkit.clauses.classify import ClauseClassifier, ModelClassifier, RuleClassifier
from contractkit.clauses.model import Clause, Label
from contractkit.clauses.taxonomy import ClauseType
from contractkit.document import Document, ReadOptions, iter_pages, open
from contractkit.errors import (
    ClusterError,
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
    NotAContractError,
    NoticePeriodError,
    OcrTimeoutError,
    OutputError,
    PlaybookError,
    PlaybookMismatchWarning,
    RecordError,
    SignatureInvalidatedWarning,
    UnsupportedInputError,
)
from contractkit.exit.notice import TerminationNotice, termination_notice
from contractkit.exit.record import InteractionLog, LogEntry, Verification
from contractkit.exit.report import IncidentReport, incident_report
from contractkit.exit.transition import TransitionPlan, transition_plan
from contractkit.extraction import DocumentInfo, Extraction, extract
from contractkit.ocr import OcrOptions, OcrReport, PageReport, ocr
from contractkit.playbook.model import Playbook, Position
from contractkit.playbook.results import Change, Finding, RevisedClause, Revision, Scorecard
from contractkit.playbook.review import review
from contractkit.playbook.revise import revise
from contractkit.plugins import Renderer
from contractkit.render._write import to_markdown, write
from contractkit.render.annotate import annotate
from contractkit.terms.model import Party, Term

__version__ = "0.1.0"

__all__ = [
    "BatchProgress",
    "BatchReport",
    "Change",
    "Clause",
    "ClauseClassifier",
    "ClauseType",
    "ClusterError",
    "ContractKitError",
    "ContractKitWarning",
    "CorruptInputError",
    "Document",
    "DocumentInfo",
    "DocumentResult",
    "EmptyInputError",
    "EncryptedInputError",
    "EngineError",
    "ExitCode",
    "Extraction",
    "Finding",
    "IncidentReport",
    "InputError",
    "InteractionLog",
    "InvalidOptionError",
    "Label",
    "LogEntry",
    "LowConfidenceWarning",
    "MissingDependencyError",
    "ModelClassifier",
    "NotAContractError",
    "NoticePeriodError",
    "OcrOptions",
    "OcrReport",
    "OcrTimeoutError",
    "OutputError",
    "PageReport",
    "Party",
    "Playbook",
    "PlaybookError",
    "PlaybookMismatchWarning",
    "Position",
    "ReadOptions",
    "RecordError",
    "Renderer",
    "RevisedClause",
    "Revision",
    "RuleClassifier",
    "Scorecard",
    "SignatureInvalidatedWarning",
    "Term",
    "TerminationNotice",
    "TransitionPlan",
    "UnsupportedInputError",
    "Verification",
    "__version__",
    "annotate",
    "batch",
    "extract",
    "incident_report",
    "iter_pages",
    "json_schema",
    "ocr",
    "open",
    "review",
    "revise",
    "termination_notice",
    "to_markdown",
    "transition_plan",
    "write",
]
