"""Where the per-document work of a step runs: here, in local processes, or on a Dask cluster.

Every step of the pipeline that works document by document (convert, validate, import, the
pages of the site, the volumes of the book) is a pure function ``task(context, item)``: the
``context`` is what all items share (the edition, the batch's index, the output folder), the
item one document (or one volume). A :class:`Runner` maps a task over the items and gives the
results back in the order of the items, so the output is the same whatever ran it:

- ``Runner()``: in this process;
- ``Runner(jobs=N)``: N local processes (the context is sent to each once);
- ``Runner(scheduler="tcp://host:8786")``: the workers of a running Dask scheduler
  (``dask.distributed``: the context is scattered to every worker once, items go in chunks);
- ``Runner(scheduler="local:N")``: a Dask ``LocalCluster`` of N worker processes on this
  machine, started for the runner's life.

Dask is an optional dependency (``pip install -e ".[dask]"``). Its workers must have tei-cables
installed, and see the edition's folder at the same path (a shared file system): the tasks read
their inputs and write their outputs there, and only small results (outcomes, problems) travel
back.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from .errors import Problem, TeiCablesError

C = TypeVar("C")
T = TypeVar("T")
R = TypeVar("R")

_STATE: dict[str, Any] = {}
#: Local workers start from a fresh process (a fork server): a process forked from one that
#: already runs Saxon's native image (its threads) is slower, and forking threads is unsafe.
_START = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods()
                        else "spawn")


def parallel_context() -> Any:
    """The multiprocessing context local workers start from (for a process of one's own)."""
    return _START


def _init(task: Callable, context: Any) -> None:
    _STATE["task"], _STATE["context"] = task, context


def _call(item: Any) -> Any:
    return _STATE["task"](_STATE["context"], item)


class _Shared:
    """The context of a step, scattered to the Dask workers as one object."""

    def __init__(self, value: Any):
        self.value = value


def _call_chunk(items: list, task: Callable, shared: _Shared) -> list:
    return [task(shared.value, item) for item in items]


def chunk_size(n: int, workers: int) -> int:
    """Items per hand-over to a worker: few enough hand-overs, still balanced at the end."""
    return max(1, min(64, n // (max(1, workers) * 8)))


class Runner:
    """Runs a step's tasks here, in local processes or on Dask (see the module's docstring).

    Use it as a context manager: a Dask client (and a local cluster) lives as long as the
    runner, so the steps of one build share it.
    """

    def __init__(self, jobs: int = 1, scheduler: str | None = None):
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.scheduler = scheduler
        self._client = None
        self._cluster = None

    # --- lifecycle ------------------------------------------------------------------------

    def __enter__(self) -> Runner:
        if self.scheduler:
            self._connect()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def _connect(self) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:
            raise TeiCablesError(Problem(
                "--scheduler", 0, 0, "--scheduler needs Dask: install it with "
                "`pip install -e \".[dask]\"` (dask.distributed)", rule="dask")) from exc
        address = self.scheduler or ""
        try:
            if address.startswith("local"):
                _, _, n = address.partition(":")
                workers = int(n) if n else (os.cpu_count() or 1)
                self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                             processes=True, dashboard_address=None)
                self._client = Client(self._cluster)
            else:
                self._client = Client(address, timeout="10s")
        except (OSError, ValueError, TimeoutError) as exc:
            self.close()
            raise TeiCablesError(Problem("--scheduler", 0, 0, f"cannot reach the Dask "
                                         f"scheduler '{address}': {exc}", rule="dask")) from exc

    @property
    def workers(self) -> int:
        """How many workers run the tasks."""
        if self._client is not None:
            return max(1, len(self._client.scheduler_info().get("workers", {})))
        return self.jobs

    @property
    def distributed(self) -> bool:
        """Whether the tasks run on a Dask cluster."""
        return self.scheduler is not None

    @property
    def parallel(self) -> bool:
        return self._client is not None or self.jobs > 1

    # --- mapping --------------------------------------------------------------------------

    def map(self, task: Callable[[C, T], R], items: Sequence[T], context: C,
            chunk: int | None = None) -> Iterator[R]:
        """``task(context, item)`` for every item, the results in the order of ``items``.

        ``task`` must be a function of a module (it is sent to other processes by name).
        """
        items = list(items)
        if self.scheduler and self._client is None:
            self._connect()
        if self._client is not None:
            yield from self._dask_map(task, items, context, chunk)
        elif self.jobs > 1 and len(items) > 1:
            size = chunk or chunk_size(len(items), self.jobs)
            with ProcessPoolExecutor(self.jobs, mp_context=_START, initializer=_init,
                                     initargs=(task, context)) as pool:
                yield from pool.map(_call, items, chunksize=size)
        else:
            for item in items:
                yield task(context, item)

    def _dask_map(self, task: Callable, items: list, context: Any,
                  chunk: int | None) -> Iterator:
        client = self._client
        size = chunk or chunk_size(len(items), self.workers)
        shared = client.scatter(_Shared(context), broadcast=True, hash=False)
        chunks = [items[k:k + size] for k in range(0, len(items), size)]
        futures = client.map(_call_chunk, chunks, task=task, shared=shared, pure=False)
        try:
            for future in futures:  # in order: the output does not depend on who ran what
                yield from future.result()
        finally:
            client.cancel(futures)
