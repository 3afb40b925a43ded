"""Types shared by every layer: what a source and a target may be."""

from __future__ import annotations

import os
from typing import BinaryIO, TypeAlias

__all__ = ["Source", "Target"]

#: A document to read: a filesystem path, the document's bytes, or a binary file object.
Source: TypeAlias = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO

#: Where to write a result: a filesystem path or a writable binary file object.
Target: TypeAlias = str | os.PathLike[str] | BinaryIO
