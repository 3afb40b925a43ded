"""Run one document's task in its own process, with a timeout, and always get a result back.

This is the function local threads and Dask workers both call. The child runs in a new
session (its own process group), so on a timeout the whole group is killed: the Python
worker and any Tesseract or Ghostscript it started.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from typing import Any

from contractkit.errors import ExitCode

__all__ = ["kill_all", "run_isolated"]

#: Children running in this process, so an interrupted batch can end them.
_LIVE: set[subprocess.Popen[bytes]] = set()
_LOCK = threading.Lock()

#: How much of a crashed child's stderr goes into the error message.
_TAIL_CHARS = 300


def run_isolated(task: dict[str, Any], timeout: float, memory_mb: int | None) -> dict[str, Any]:
    """Process one document in a child process; return its result fields (never raises).

    Args:
        task: What ``_worker.process`` expects (source, output base, steps, options).
        timeout: Seconds before the child and everything it started are killed.
        memory_mb: Address-space cap of the child (and of each program it runs), or ``None``.
    """
    started = time.perf_counter()
    payload = json.dumps(task | {"parent_pid": os.getpid(), "memory_mb": memory_mb}).encode()
    argv = [sys.executable, "-m", "contractkit.batch._worker"]
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    with _LOCK:
        _LIVE.add(proc)
    try:
        try:
            out, err = proc.communicate(payload, timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            proc.communicate()
            result = {
                "status": "timeout",
                "error": f"took longer than {timeout:g} s; killed (raise --timeout)",
                "error_type": "timeout",
                "exit_code": int(ExitCode.ENGINE),
            }
        else:
            result = _read_result(proc.returncode, out, err)
    finally:
        _kill_group(proc)  # whatever the worker left running
        with _LOCK:
            _LIVE.discard(proc)
    result["seconds"] = round(time.perf_counter() - started, 3)
    return result


def _read_result(returncode: int, out: bytes, err: bytes) -> dict[str, Any]:
    if returncode == 0:
        try:
            result: dict[str, Any] = json.loads(out)
            return result
        except ValueError:
            pass
    tail = " ".join(err.decode("utf-8", "replace").split())[-_TAIL_CHARS:]
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        how = f"was killed by {name}"
        if returncode == -signal.SIGKILL:
            how += " (out of memory?)"
    else:
        how = f"exited with status {returncode} and no result"
    return {
        "status": "error",
        "error": f"the worker process {how}" + (f": {tail}" if tail else ""),
        "error_type": "crash",
        "exit_code": int(ExitCode.INTERNAL),
    }


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def kill_all() -> None:
    """Kill every child this process is running (the batch was interrupted)."""
    with _LOCK:
        live = list(_LIVE)
    for proc in live:
        _kill_group(proc)
