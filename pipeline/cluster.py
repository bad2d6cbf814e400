"""`samverkan run --cluster ADDRESS` / `--executor dask`: reading and extraction as Dask tasks.

Each batch of files is one task (`samverkan.run.process_chunk`: read, OCR inside the reader,
extract) on any worker of a Dask distributed cluster; the calling process stays the single
writer and links the results into the database in input order as they arrive, exactly as
with `--workers N`, so the database equals a single-process run.

- Workers load the spaCy pipeline once each: `PipelineLoader` (a worker plugin) warms the
  per-process cached loader when a worker joins; tasks reuse it (`pipeline_loads` counts).
- A task that raises is retried (`RETRIES`) on any worker; a task whose worker dies is
  rescheduled by Dask on another one. A batch that still fails is split into single files,
  and a file that fails alone is recorded as an ingest error: nothing is lost, nothing is
  written twice (only the writer writes, once per file).
- No address: a `distributed.LocalCluster` of `workers` processes (the same code path).
  The address may also be a scheduler file (JSON), as written by `dask scheduler
  --scheduler-file` or dask-jobqueue/dask-mpi.

Files are passed to the workers as absolute paths: every worker must see them at the same
path (a shared filesystem), see docs/scale-out.md.
"""
from __future__ import annotations

import asyncio
import os
import time
import uuid
from concurrent.futures import CancelledError
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

try:
    from distributed import WorkerPlugin
except ImportError:  # the `cluster` extra is not installed: `dask_results` says so
    WorkerPlugin = object  # type: ignore[misc,assignment]

RETRIES = 2  # extra attempts of a task that raised, on any worker
AHEAD = 4  # batches in flight (submitted or waiting to be written) per worker thread
REFRESH = 2.0  # seconds between looks at the cluster's size


def pipeline_loads() -> int:
    """How many times this process has loaded the extraction pipeline (1 once warm)."""
    from .extract import get_pipeline

    return get_pipeline.cache_info().misses


def _drop_dask_trim_threshold() -> None:
    """Dask's nanny starts every worker with MALLOC_TRIM_THRESHOLD_=65536 (its
    `distributed.nanny.pre-spawn-environ` default): the opposite of `samverkan.allocator`, which
    steps aside when that variable is set, taking it for the user's choice. Dask's own default
    (only that value) is dropped so that the allocator setting applies, as in `--workers N`."""
    import dask

    default = (dask.config.get("distributed.nanny.pre-spawn-environ", None) or {}).get("MALLOC_TRIM_THRESHOLD_")
    if default is not None and os.environ.get("MALLOC_TRIM_THRESHOLD_") == str(default):
        del os.environ["MALLOC_TRIM_THRESHOLD_"]


class PipelineLoader(WorkerPlugin):
    """Loads the extraction pipeline once in each worker process as it joins the cluster.

    Also stops the worker's statistical profiler (a stack sample of the task thread every
    10 ms: CPU taken from extraction) and lets `samverkan.allocator` apply (see above)."""

    name = "samverkan-pipeline"

    async def setup(self, worker) -> None:
        from .run import _init_worker

        for name in ("profile", "profile-cycle"):
            callback = worker.periodic_callbacks.pop(name, None)
            if callback is not None:
                callback.stop()
        _drop_dask_trim_threshold()
        await asyncio.to_thread(_init_worker)  # off the event loop: loading takes seconds


def _require_distributed() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise RuntimeError("Dask is not installed: pip install 'samverkan[cluster]'") from exc


@contextmanager
def connect(address: str | None = None, workers: int = 1) -> Iterator[Any]:
    """A `distributed.Client` for `address` (tcp://HOST:PORT or a scheduler file), or for a
    LocalCluster of `workers` single-threaded processes when no address is given."""
    _require_distributed()
    from distributed import Client, LocalCluster

    if address:
        kwargs = {"scheduler_file": address} if Path(address).is_file() else {"address": address}
        with Client(**kwargs) as client:
            yield client
        return
    os.environ.setdefault("OMP_NUM_THREADS", "1")  # one thread per worker process (inherited)
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        yield client


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[start:start + size] for start in range(0, len(items), size)]


def _failed(paths: list[str], exc: BaseException) -> list[tuple[str, None, None, str]]:
    return [(path, None, None, f"processing failed: {type(exc).__name__}: {exc}") for path in paths]


class _Batches:
    """Submits batches, collects their results as they complete and hands them back in input
    order. A batch is a slot; a failed batch is split into single files (pieces of its slot)."""

    def __init__(self, client, todo: list[str], batch_size: int):
        from distributed import as_completed

        from .run import process_chunk

        self.client, self.task = client, process_chunk
        self.chunks = _chunks(todo, batch_size)
        self.token = uuid.uuid4().hex[:12]
        self.pieces: dict[str, tuple[int, int, int]] = {}  # future key -> (slot, start, length)
        self.parts: dict[int, dict[int, list]] = {}  # slot -> start -> results
        self.pending: dict[int, int] = {}  # slot -> pieces not yet back
        self.ready: dict[int, list] = {}
        self.submitted = self.written = 0
        self.futures = as_completed()
        self._threads, self._looked = 1, 0.0

    def window(self) -> int:
        if time.monotonic() - self._looked > REFRESH:
            self._threads = max(1, sum(self.client.nthreads().values()))
            self._looked = time.monotonic()
        return AHEAD * self._threads

    def submit(self, slot: int, start: int, length: int) -> None:
        paths = self.chunks[slot][start:start + length]
        future = self.client.submit(self.task, paths, key=f"samverkan-batch-{self.token}-{slot}-{start}-{length}",
                                    retries=RETRIES, pure=False)
        self.pieces[future.key] = (slot, start, length)
        self.futures.add(future)

    def top_up(self) -> None:
        while self.submitted < len(self.chunks) and self.submitted - self.written < self.window():
            slot = self.submitted
            self.parts[slot], self.pending[slot] = {}, 1
            self.submit(slot, 0, len(self.chunks[slot]))
            self.submitted += 1

    def collect(self, future) -> None:
        slot, start, length = self.pieces.pop(future.key)
        try:
            results = future.result()
        except CancelledError:  # the scheduler went away: the run stops (and resumes when started again)
            raise
        except Exception as exc:  # raised RETRIES + 1 times, or its workers kept dying
            if length > 1:  # one bad file must not sink the batch: again, one file per task
                self.pending[slot] += length - 1
                for offset in range(length):
                    self.submit(slot, start + offset, 1)
                return
            results = _failed(self.chunks[slot][start:start + 1], exc)
        finally:
            future.release()
        self.parts[slot][start] = results
        self.pending[slot] -= 1
        if self.pending[slot] == 0:
            parts = self.parts.pop(slot)
            self.ready[slot] = [result for begin in sorted(parts) for result in parts[begin]]
            del self.pending[slot]

    def in_order(self) -> Iterator[list]:
        self.top_up()
        for future in self.futures:
            self.collect(future)
            while self.written in self.ready:
                results = self.ready.pop(self.written)
                self.written += 1
                self.top_up()
                yield results


def dask_results(todo: list[str], batch_size: int, address: str | None = None, workers: int = 1) -> Iterator[list]:
    """`process_chunk` results of `todo`'s batches, in input order, computed on a Dask cluster."""
    if not todo:
        return
    with connect(address, workers) as client:
        client.register_plugin(PipelineLoader())
        yield from _Batches(client, todo, batch_size).in_order()
