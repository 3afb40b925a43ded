"""Reading sources and writing targets safely.

Inputs are only ever read; outputs go to a temporary file in the target's folder and are
renamed into place, so a failure or Ctrl-C never leaves a half-written file behind.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import io
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from contractkit.errors import EmptyInputError, InputError, OutputError
from contractkit.types import Source, Target

#: Refuse inputs above this size outright (bounded memory per document).
MAX_INPUT_BYTES = 1 << 30

#: The inputs of the operation in progress, which no output may replace (issue 18); ``None``
#: outside :func:`guard_inputs`. Every path :func:`read_source` reads is added.
_INPUTS: contextvars.ContextVar[list[Path] | None] = contextvars.ContextVar(
    "contractkit_inputs", default=None
)


@contextlib.contextmanager
def guard_inputs(*paths: str | os.PathLike[str] | None) -> Iterator[None]:
    """Within the block, refuse to write over ``paths`` or any file read through this module.

    :func:`check_target` and :func:`atomic_output` compare every output with these inputs,
    through symbolic and hard links and ``..``. Blocks nest and share one set: what an inner
    block (an API call inside a command) reads stays guarded for the rest of the command.
    """
    outer = _INPUTS.get()
    guarded = outer if outer is not None else []
    guarded.extend(Path(p) for p in paths if p is not None)
    token = _INPUTS.set(guarded)
    try:
        yield
    finally:
        _INPUTS.reset(token)


def input_paths(*sources: object) -> list[Path]:
    """The files among ``sources`` (paths, and binary files opened by name), to guard."""
    paths = []
    for source in sources:
        if isinstance(source, str | os.PathLike):
            paths.append(Path(source))
        elif hasattr(source, "read"):
            name = getattr(source, "name", None)
            if isinstance(name, str) and Path(name).is_file():
                paths.append(Path(name))
    return paths


def protect(path: str | os.PathLike[str]) -> None:
    """Add ``path`` to the inputs guarded by the enclosing :func:`guard_inputs`, if any."""
    guarded = _INPUTS.get()
    if guarded is not None:
        guarded.append(Path(path))


@dataclass(frozen=True, slots=True)
class SourceData:
    """A source's bytes with a name to show in messages."""

    data: bytes
    name: str
    path: Path | None = None


def read_source(source: Source) -> SourceData:
    """Read a path, bytes or binary file object into memory.

    Raises:
        InputError: The path is missing, a folder, unreadable or too large.
        EmptyInputError: There are no bytes at all.
        TypeError: ``source`` is of a type no reader accepts.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        data, name, path = bytes(source), "<bytes>", None
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        name = str(path)
        protect(path)
        data = _read_path(path)
    elif hasattr(source, "read"):
        name = str(getattr(source, "name", "<stream>"))
        for opened in input_paths(source):
            protect(opened)
        data, path = source.read(MAX_INPUT_BYTES + 1), None
        if not isinstance(data, bytes):
            raise TypeError("a file object source must be opened in binary mode")
    else:
        raise TypeError(f"cannot read a source of type {type(source).__name__}")
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{name}: larger than {MAX_INPUT_BYTES >> 20} MiB")
    if not data:
        raise EmptyInputError(f"{name}: the file is empty (0 bytes)")
    return SourceData(data, name, path)


def named_stream(read: SourceData) -> io.BytesIO:
    """Bytes already read, as a file object that keeps the source's name for messages."""
    stream = io.BytesIO(read.data)
    stream.name = read.name
    return stream


def _read_path(path: Path) -> bytes:
    if not path.exists():
        raise InputError(f"{path}: no such file", hint="check the path and its spelling")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    if path.stat().st_size > MAX_INPUT_BYTES:
        raise InputError(f"{path}: larger than {MAX_INPUT_BYTES >> 20} MiB")
    try:
        return path.read_bytes()
    except PermissionError as exc:
        raise InputError(f"{path}: cannot read the file (permission denied)") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror})") from exc


#: ISO base media brands of HEIF still images (what iPhones save photos as).
_HEIF_BRANDS = frozenset([b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"])


def is_heif(data: bytes) -> bool:
    """A HEIF/HEIC image, told by its ``ftyp`` box."""
    return data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS


def sha256(data: bytes) -> str:
    """Return the hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def check_target(target: Target, *, sources: tuple[SourceData, ...] = ()) -> None:
    """Fail early, before any slow work, if ``target`` cannot be written.

    Raises:
        OutputError: The target is one of the inputs, or its folder is missing or read-only.
    """
    if not isinstance(target, str | os.PathLike):
        if not hasattr(target, "write"):
            raise TypeError(f"cannot write to a target of type {type(target).__name__}")
        return
    path = Path(target)
    refuse_input(path, [src.path for src in sources if src.path is not None])
    folder = path.parent if str(path.parent) else Path()
    if path.is_dir():
        raise OutputError(f"{path}: is a directory", hint="give a file name for the output")
    if not folder.is_dir():
        raise OutputError(f"{folder}: the output folder does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{folder}: the output folder is not writable")


def refuse_input(target: Target, inputs: list[Path] | None = None) -> None:
    """Fail if ``target`` is, or resolves to, ``inputs`` or an input :func:`guard_inputs` holds.

    A file-object target is never an input's path, so it always passes.

    Raises:
        OutputError: Naming the output and the input it would replace.
    """
    if not isinstance(target, str | os.PathLike):
        return
    path = Path(target)
    for src in [*(inputs or ()), *(_INPUTS.get() or ())]:
        if _same_file(src, path):
            same = str(src) == str(path)
            what = "the input" if same else f"the input {src}"
            raise OutputError(
                f"{path}: the output would overwrite {what}",
                hint="choose another output path; inputs are never modified",
            )


def _same_file(a: Path, b: Path) -> bool:
    """The same file by name (after links and ``..``) or by inode (a hard link)."""
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and a.samefile(b)
    except (OSError, RuntimeError):
        return False


@contextlib.contextmanager
def atomic_output(target: Target, *, suffix: str = "") -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``target`` in one step.

    For a file-object target the finished bytes are copied into it. On any exception the
    temporary file is removed and ``target`` is left as it was.

    Raises:
        OutputError: The target is an input (see :func:`guard_inputs`), or the result could
            not be moved or copied into place.
    """
    if isinstance(target, str | os.PathLike):
        refuse_input(target)
        folder = Path(target).parent
    else:
        folder = Path(tempfile.gettempdir())
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".contractkit-", suffix=suffix or ".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create a file there ({exc.strerror})") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        _commit(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _commit(tmp: Path, target: Target) -> None:
    try:
        if isinstance(target, str | os.PathLike):
            mode = 0o666 & ~_umask()
            tmp.chmod(mode)
            tmp.replace(target)
        else:
            stream: BinaryIO = target
            with tmp.open("rb") as fh:
                while chunk := fh.read(1 << 20):
                    stream.write(chunk)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write the output ({exc.strerror})") from exc


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
