"""Running the batch's tasks on a Dask distributed cluster; the only importer of Dask.

Each task is ``_isolate.run_isolated``: on the worker it still runs the document in a child
process with its timeout and memory cap, and writes the outputs into the output folder,
which must therefore be the same path on every worker (a shared filesystem). The client
keeps ``results.jsonl``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from contractkit.batch._isolate import run_isolated
from contractkit.errors import ClusterError, ExitCode, MissingDependencyError

__all__ = ["run_on_dask"]

#: Seconds to wait for the scheduler named by an address.
CONNECT_TIMEOUT = 20


def run_on_dask(
    dask: Any,
    tasks: Sequence[dict[str, Any]],
    *,
    timeout: float,
    memory_mb: int | None,
    on_workers: Callable[[int], None],
    on_result: Callable[[int, dict[str, Any]], None],
) -> None:
    """Submit every task; call ``on_result(index, result)`` in this thread as each ends.

    Raises:
        MissingDependencyError: Dask's ``distributed`` is not installed.
        ClusterError: The scheduler cannot be reached.
    """
    try:
        import distributed
    except ImportError as exc:
        raise MissingDependencyError(
            "Dask is not installed (needed by --dask)",
            hint="pip install 'contractkit[dask]'",
        ) from exc
    with _client(distributed, dask) as client:
        info = client.scheduler_info()
        on_workers(sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values()))
        futures = {
            client.submit(
                run_isolated, task, timeout, memory_mb, pure=False, retries=0, key=_key(i, task)
            ): i
            for i, task in enumerate(tasks)
        }
        try:
            for future in distributed.as_completed(futures):  # type: ignore[no-untyped-call]
                index = futures[future]
                try:
                    result: dict[str, Any] = future.result()
                except Exception as exc:  # the worker died, or was lost mid-task
                    result = {
                        "status": "error",
                        "error": f"the Dask task failed: {type(exc).__name__}: {exc}",
                        "error_type": "crash",
                        "exit_code": int(ExitCode.INTERNAL),
                    }
                on_result(index, result)
        finally:
            client.cancel(list(futures))


def _key(index: int, task: dict[str, Any]) -> str:
    """A task name the Dask dashboard shows: the document's path."""
    return f"contractkit-batch-{index}-{task['path']}"


@contextmanager
def _client(distributed: Any, dask: Any) -> Iterator[Any]:
    """The caller's client as it is, or a client for an address, closed afterwards."""
    if not isinstance(dask, str):
        yield dask
        return
    try:
        client = distributed.Client(dask, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(
            f"cannot reach the Dask scheduler at {dask} ({exc})",
            hint="start it with `dask scheduler` and workers with `dask worker ADDRESS`; "
            "check the address and port (default 8786)",
        ) from exc
    try:
        yield client
    finally:
        client.close()
