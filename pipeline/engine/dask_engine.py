"""The Dask engine: the same per-document `execute` on a Dask distributed cluster, in batches.

WHY batches of documents as tasks (not one task per file, not a dataframe): at millions of files
one task per file overwhelms the scheduler, so a task is `batch_size` inputs; and results stream
back through `as_completed` into the same part writer and manifest as the local engine, so the
dataset, its schema and kill-and-resume behave exactly the same. At most `window` batches are in
flight, so the client's memory stays flat however many inputs there are.

Isolation on Dask is the local engine's: each task hands its batch to an isolation host on its Dask
worker (`pipeline.engine.isolate`: a helper process running a one-worker `LocalPool`), so a document
past ``--timeout`` or ``--max-memory`` is SIGKILLed, recorded as failed with the same reason as on
the local engine, its worker replaced, and the rest of the batch goes on. Hosts are started when the
run starts (one per worker thread) and stopped at its end. This needs no cluster configuration (the
host is a plain subprocess, so the nanny's daemonic worker processes are no obstacle). The Dask
worker's own ``--memory-limit`` now only bounds the worker process, not the documents' memory.

If a whole task still fails (its Dask worker or its host died), the batch is re-run one document per
task, one such task at a time, so a document that still kills its worker when it runs alone is the
one recorded as failed.

Connect to an existing cluster with ``--scheduler tcp://HOST:8786``: every worker needs tiban
installed (``pip install 'tiban[dask]'``) and read access to the input paths.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from pipeline.engine import DocResult, failed_result
from pipeline.engine.local import GIB
from pipeline.record import Input


def process_batch(inputs: list[Input], timeout: float = 60.0, max_memory: int = 2 * GIB) -> tuple[list[DocResult], int]:
    """One Dask task: process a batch in an isolated worker on this Dask worker.

    Returns the results in input order and how many isolated workers were replaced meanwhile.
    """
    from pipeline.engine.isolate import run_isolated

    return run_isolated(inputs, timeout, max_memory)


async def _start_hosts(timeout: float, max_memory: int, dask_worker=None) -> int:
    """Run on every Dask worker at start: one warm isolation host per worker thread, so no document
    waits for jieba/OpenCC/model loading (also fails early when a worker lacks tiban). Async, with
    the waiting in a thread: the worker's event loop keeps answering its scheduler meanwhile."""
    import asyncio

    from pipeline.engine.isolate import start_hosts

    threads = dask_worker.state.nthreads if dask_worker is not None else 1
    return await asyncio.to_thread(start_hosts, threads, timeout, max_memory)


def _close_hosts() -> int:
    """Run on every Dask worker at the end: an existing cluster keeps no idle tiban processes."""
    from pipeline.engine.isolate import close_hosts

    return close_hosts()


def _batches(inputs: Iterable[Input], size: int) -> Iterator[list[Input]]:
    it = iter(inputs)
    while batch := list(islice(it, size)):
        yield batch


class DaskEngine:
    """`results(inputs)` yields a DocResult per input, processed on a Dask cluster."""

    def __init__(
        self, jobs: int, scheduler: str | None = None, batch_size: int = 50,
        timeout: float = 60.0, max_memory: int = 2 * GIB,
    ):
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.max_memory = max_memory
        self.replaced = 0  # isolated workers killed or died and replaced (reported in the run summary)
        self.scheduler = scheduler
        self.batch_size = max(1, batch_size)
        self.window = 2 * self.jobs + 2  # batches in flight: every worker busy, one queued each
        self._client = None
        self._cluster = None

    def __enter__(self) -> "DaskEngine":
        from distributed import Client, LocalCluster

        if self.scheduler:
            self._client = Client(self.scheduler)
        else:
            # one single-threaded Dask worker per job, each feeding its own isolation host
            self._cluster = LocalCluster(
                n_workers=self.jobs, threads_per_worker=1, processes=True, dashboard_address=None
            )
            self._client = Client(self._cluster)
        try:
            self._client.run(_start_hosts, self.timeout, self.max_memory)
        except BaseException:  # no worker can isolate documents (e.g. tiban missing there): stop now
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            try:
                self._client.run(_close_hosts)
            except Exception:  # a broken cluster: its hosts stop with their workers anyway
                pass
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def results(self, inputs: Iterable[Input]) -> Iterator[DocResult]:
        from distributed import as_completed

        batches = _batches(inputs, self.batch_size)
        self._jobs: dict = {}  # future → (batch, is it a suspect?)
        self._done = as_completed([], with_results=False)
        self._suspects: deque[Input] = deque()
        self._suspect_busy = False
        for batch in islice(batches, self.window):
            self._submit(batch, suspect=False)
        for future in self._done:
            batch, suspect = self._jobs.pop(future)
            try:
                results, replaced = future.result()
                self.replaced += replaced
                yield from results
            except Exception as exc:  # KilledWorker and kin
                yield from self._died(batch, suspect, exc)
            future.release()
            if suspect:
                self._suspect_busy = False
            else:
                nxt = next(batches, None)
                if nxt is not None:
                    self._submit(nxt, suspect=False)
            if self._suspects and not self._suspect_busy:
                self._submit([self._suspects.popleft()], suspect=True)
                self._suspect_busy = True

    def _submit(self, batch: list[Input], suspect: bool) -> None:
        future = self._client.submit(process_batch, batch, self.timeout, self.max_memory, pure=False)
        self._jobs[future] = (batch, suspect)
        self._done.add(future)

    def _died(self, batch: list[Input], suspect: bool, exc: Exception) -> Iterator[DocResult]:
        """A batch whose worker died is re-run one document at a time, one at a time: a document
        that then kills its worker alone is the culprit and becomes a failed row."""
        if not suspect:
            self._suspects.extend(batch)
            return
        reason = f"worker died while processing the document ({type(exc).__name__}: {exc})"
        yield failed_result(batch[0], reason[:500])
