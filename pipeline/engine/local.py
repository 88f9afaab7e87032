"""The local engine: a pool of worker processes where each document runs in isolation.

WHY our own pool and not concurrent.futures/multiprocessing.Pool: those cannot stop one task that
hangs or eats memory without losing the whole pool. Here every worker has its own pipe; the parent
sends one input at a time and watches two things while it waits:

* a deadline per document (``timeout`` seconds from the moment the worker got it);
* the worker's resident memory (psutil RSS), polled every `POLL` seconds, against ``max_memory``.

A worker past either is killed (SIGKILL), the document is recorded as failed naming the reason,
and a fresh worker takes its place; the batch goes on. A hard ``RLIMIT_AS`` of the worker's
start-up size plus ``max_memory`` backs up the poll against allocations faster than it.

Workers come from a 'forkserver' whose process has already imported the stages and processed one
warm-up document (`pipeline.engine.warm`), so a new or replacement worker starts with jieba,
OpenCC and the model in memory, shared copy-on-write, in milliseconds — and no worker is ever
forked from a parent that may run threads (Dask, progress), which 'fork' would risk.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait

import psutil

from pipeline.engine import DocResult, execute, failed_result, orphan
from pipeline.errors import TibanError
from pipeline.record import Input

POLL = 0.1  # seconds between memory polls; an allocation of 2 GiB takes > 0.5 s in practice
GIB = 1024**3
#: Inputs a worker holds at once: the one it works on and one waiting in its pipe (more only
#: delays the re-send of inputs taken back from a stopped worker).
PREFETCH = 2
MAX_START_FAILURES = 3  # a worker that dies before it is ready dies for every document: stop early


def _context() -> mp.context.BaseContext:
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["pipeline.engine.forkserver_init", "pipeline.engine.warm"])
        return ctx
    return mp.get_context("spawn")  # Windows: no forkserver; each worker warms up itself


def _limit_address_space(max_memory: int) -> None:
    """Backstop: the worker may grow by `max_memory` beyond its warmed-up virtual size, no more."""
    try:
        import resource

        vms = psutil.Process().memory_info().vms
        limit = vms + max_memory
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # not on this platform: the RSS poll still holds
        pass


def tiban_environ() -> dict[str, str]:
    """The parent's TIBAN_* variables: the forkserver holds the environment of its own start, not ours."""
    return {k: v for k, v in os.environ.items() if k.startswith("TIBAN_")}


def _worker_main(conn: Connection, max_memory: int, environ: dict[str, str], owner: tuple[int, float | None]) -> None:
    """Worker loop: warm up, say ready, then process inputs until the pipe closes.

    `owner`: (pid, create time) of the pool's process; the worker dies with it (`pipeline.engine.orphan`).
    """
    import signal

    from pipeline.engine import orphan, warm

    orphan.die_with_parent()  # parent: the forkserver, which dies with the pool's process
    orphan.watch_parent(*owner)

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it commits, then stops us
    for key in [k for k in os.environ if k.startswith("TIBAN_") and k not in environ]:
        del os.environ[key]
    os.environ.update(environ)

    warm.warm()
    _limit_address_space(max_memory)
    conn.send("ready")
    while True:
        try:
            inp = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone (even SIGKILLed): nothing left to do
        if inp is None:
            return
        try:
            if not _handle(conn, inp, max_memory):
                return
        except (BrokenPipeError, EOFError):
            return  # the parent was killed while we worked: the next run redoes this document


def _handle(conn: Connection, inp: Input, max_memory: int) -> bool:
    """Process one input and send its result; False when this worker must stop afterwards."""
    try:
        result = execute(inp)
    except MemoryError:
        conn.send(failed_result(inp, memory_reason(max_memory)))
        return False  # the heap may be in a bad state: let the parent replace this worker
    if result.error and "MemoryError" in result.error:  # the RLIMIT_AS backstop hit inside a stage
        conn.send(failed_result(inp, memory_reason(max_memory)))
        return False
    conn.send(result)
    return True


def memory_reason(max_memory: int) -> str:
    return f"memory: the document needed more than --max-memory ({max_memory / GIB:.2f} GiB); worker stopped"


def timeout_reason(timeout: float) -> str:
    return f"timeout: the document took longer than --timeout ({timeout:g} s); worker stopped"


@dataclass
class _Worker:
    """A worker process, its pipe, and the inputs sent to it not yet answered (oldest first: the
    one it works on, then those waiting in its pipe)."""

    process: mp.process.BaseProcess
    conn: Connection
    ready: bool = False
    inflight: deque[Input] = field(default_factory=deque)
    started: float = 0.0  # when it began the oldest in-flight input

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class LocalPool:
    """`jobs` worker processes; `results(inputs)` yields a DocResult per input, in completion order.

    Each worker holds up to PREFETCH inputs: the next one waits in its pipe, so the worker goes on
    to it while the parent unpickles and writes the last result (with one input at a time the worker
    sat idle through that: ~2 ms a document, and a whole part write every 200 documents)."""

    def __init__(self, jobs: int, timeout: float = 60.0, max_memory: int = 2 * GIB):
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.max_memory = max_memory
        self._ctx = _context()
        self._workers: list[_Worker] = []
        self._pending: deque[Input] = deque()  # inputs taken back from a stopped worker, sent first
        self._polled = 0.0
        self.replaced = 0  # workers killed or died and replaced (reported in the run summary)
        self._start_failures = 0
        self._owner = (os.getpid(), orphan.create_time(os.getpid()))

    def __enter__(self) -> "LocalPool":
        self._workers = [self._spawn() for _ in range(self.jobs)]
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for worker in self._workers:
            try:
                if worker.ready and not worker.inflight:
                    worker.conn.send(None)
            except OSError:
                pass
        for worker in self._workers:
            worker.process.join(timeout=1)
            worker.kill()
        self._workers = []

    def _spawn(self) -> _Worker:
        parent_conn, child_conn = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(
            target=_worker_main, args=(child_conn, self.max_memory, tiban_environ(), self._owner),
            daemon=True,
        )
        process.start()
        child_conn.close()
        return _Worker(process=process, conn=parent_conn)

    def _replace(self, worker: _Worker) -> None:
        """Kill `worker`, start a fresh one in its place; inputs it had not begun go back first in line."""
        worker.kill()
        self._pending.extendleft(reversed(worker.inflight))
        worker.inflight.clear()
        self._workers[self._workers.index(worker)] = self._spawn()
        self.replaced += 1

    def _feed(self, queue: Iterator[Input]) -> bool:
        """Top up every ready worker to PREFETCH inputs; False once no input is left to send."""
        left = True
        for worker in self._workers:
            while worker.ready and len(worker.inflight) < PREFETCH:
                nxt = self._pending.popleft() if self._pending else next(queue, None)
                if nxt is None:
                    left = False
                    break
                if not worker.inflight:
                    worker.started = time.monotonic()
                worker.inflight.append(nxt)
                worker.conn.send(nxt)
        return left or bool(self._pending)

    def results(self, inputs: Iterable[Input]) -> Iterator[DocResult]:
        """Process every input; a stopped or crashed document yields a failed result, never an exception."""
        queue = iter(inputs)
        left = True
        while True:
            left = self._feed(queue) if left or self._pending else False
            busy = [w for w in self._workers if w.inflight or not w.ready]
            if not left and not self._pending and not any(w.inflight for w in self._workers):
                return
            yield from self._wait(busy)

    def _wait(self, busy: list[_Worker]) -> Iterator[DocResult]:
        """Wait up to one poll for results; enforce deadlines and memory; replace dead workers."""
        by_conn = {w.conn: w for w in busy}
        for conn in wait(list(by_conn), timeout=POLL):
            worker = by_conn[conn]
            try:
                message = conn.recv()
            except (EOFError, OSError):
                yield from self._died(worker)
                continue
            if message == "ready":
                worker.ready = True
                self._start_failures = 0
                continue
            worker.inflight.popleft()
            worker.started = time.monotonic()  # it goes straight on to the next input in its pipe
            yield message
            if (message.error or "").startswith("memory:"):  # it stops itself; what it holds goes back
                worker.process.join(timeout=5)
                self._replace(worker)
            elif not worker.process.is_alive():  # it died on the next input, right after this result
                yield from self._died(worker)
        yield from self._police()

    def _died(self, worker: _Worker) -> Iterator[DocResult]:
        worker.process.join(timeout=5)  # reap it, so its exit code is known
        inp = worker.inflight.popleft() if worker.inflight else None
        code = worker.process.exitcode
        if not worker.ready:
            self._start_failures += 1
            if self._start_failures >= MAX_START_FAILURES:
                self.close()
                raise TibanError(f"worker processes cannot start (exit code {code}): is tiban installed completely?")
        self._replace(worker)
        if inp is not None:
            reason = f"worker died while processing the document (exit code {code})"
            yield failed_result(inp, reason, time.monotonic() - worker.started)

    def _over_limit(self, worker: _Worker, now: float, check_memory: bool) -> str | None:
        """Why `worker` must be stopped now (deadline passed, memory over), or None."""
        if now - worker.started > self.timeout:
            return timeout_reason(self.timeout)
        if check_memory:
            try:
                if psutil.Process(worker.process.pid).memory_info().rss > self.max_memory:
                    return memory_reason(self.max_memory)
            except psutil.Error:
                return None  # it just exited: the pipe will tell
        return None

    def _police(self) -> Iterator[DocResult]:
        """Stop every worker whose document is past its deadline or over the memory limit (memory
        read at most every POLL seconds: the parent wakes for every result, far more often)."""
        now = time.monotonic()
        check_memory = now - self._polled >= POLL
        if check_memory:
            self._polled = now
        for worker in list(self._workers):
            if not worker.inflight:
                continue
            reason = self._over_limit(worker, now, check_memory)
            if reason:
                inp = worker.inflight.popleft()
                self._replace(worker)
                yield failed_result(inp, reason, now - worker.started)


def default_jobs() -> int:
    """Worker count when -j is not given: the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
