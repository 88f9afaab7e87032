"""Per-document isolation anywhere, even inside a Dask worker: the local pool in a helper process.

WHY a helper process: the local engine's `LocalPool` already stops a document past ``--timeout`` or
``--max-memory`` (SIGKILL + a fresh warm worker) and records the same failure reasons. But a Dask
worker started by a nanny (``dask worker``, ``LocalCluster(processes=True)``) is a *daemonic*
multiprocessing process by default (``distributed.worker.daemon: True``), and multiprocessing refuses
children of daemonic processes ("daemonic processes are not allowed to have children",
dask/distributed#2142). Setting ``distributed.worker.daemon`` to False would need every worker of an
existing cluster to be configured. A plain `subprocess` has no such rule: the task starts an
*isolation host* (``python -m pipeline.engine.isolate``), an ordinary non-daemonic process that runs a
one-worker `LocalPool`; inputs go in and `DocResult`s come back as pickles over its stdin/stdout.
So the isolation is the local engine's own code and needs no cluster configuration.

A host lives as long as its Dask worker and is reused by later tasks (one per task running at a
time: `run_isolated` takes an idle host or starts one). It runs in a session of its own and kills
that whole process group (itself, its forkserver, its worker) when its parent is gone, so a Dask
worker restarted by its nanny leaves no document running behind it.
"""

from __future__ import annotations

import atexit
import os
import pickle
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import BinaryIO

from pipeline.engine import DocResult
from pipeline.engine.local import tiban_environ
from pipeline.errors import TibanError
from pipeline.record import Input

ORPHAN_POLL = 1.0  # seconds between the host's checks that its parent lives: bounds an orphan's life
READY = "ready"


class IsolationError(TibanError):
    """The isolation host died or could not start (the Dask engine then retries the batch per document)."""


# ---------------------------------------------------------------- client side (in the Dask worker)


def _host_env() -> dict[str, str]:
    """This process's environment, with the folder holding `pipeline` first on the host's import path."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


class Isolator:
    """One isolation host: `run(inputs)` → (results in input order, workers replaced meanwhile)."""

    def __init__(self, timeout: float, max_memory: int):
        self.process = subprocess.Popen(
            # -P: the worker's working folder is not put on the import path, so a folder of its own
            # named `pipeline` there cannot shadow ours (Python >= 3.11, as pyproject requires)
            [sys.executable, "-P", "-m", "pipeline.engine.isolate", repr(float(timeout)), str(int(max_memory))],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=_host_env(),
            start_new_session=os.name == "posix",  # its own process group, killed whole by the host
        )
        self._ready = False

    def wait_ready(self) -> None:
        """Block until the host's worker is warm; IsolationError when the host cannot start."""
        if not self._ready:
            reply = self._receive()
            if reply != READY:  # the host's own failure: its worker cannot start
                raise IsolationError(f"the isolation host cannot start: {reply}")
            self._ready = True

    def run(self, inputs: list[Input]) -> tuple[list[DocResult], int]:
        self.wait_ready()
        assert self.process.stdin is not None
        try:
            pickle.dump(inputs, self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self.process.stdin.flush()
        except OSError:
            pass  # it died: _receive reports how
        reply = self._receive()
        if isinstance(reply, str):  # the host's own failure: its pool's workers cannot start
            raise IsolationError(f"the isolation host cannot start: {reply}")
        return reply

    def _receive(self):
        try:
            return pickle.load(self.process.stdout)
        except (EOFError, OSError, pickle.UnpicklingError):
            code = self.process.wait()
            raise IsolationError(f"the isolation host died (exit code {code})") from None

    def kill(self) -> None:
        """Kill the host with its forkserver and worker (its process group), e.g. mid-document."""
        import signal

        try:
            if os.name == "posix":
                os.killpg(self.process.pid, signal.SIGKILL)  # a session leader: its pgid is its pid
            else:
                self.process.kill()
        except OSError:
            pass  # already gone
        self.process.wait()

    def close(self) -> None:
        """Ask the host to stop (EOF on its stdin); kill it if it does not go within a few seconds."""
        try:
            if self.process.stdin:
                self.process.stdin.close()
            self.process.wait(timeout=5)  # its pool joins its worker for up to ~1 s, then kills it
        except (OSError, subprocess.TimeoutExpired):
            self.kill()


_idle: dict[tuple, list[Isolator]] = {}
_lock = threading.Lock()


def _key(timeout: float, max_memory: int) -> tuple:
    """Hosts are reused only with the same limits and TIBAN_* environment (the host forwards it)."""
    return (float(timeout), int(max_memory), tuple(sorted(tiban_environ().items())))


def _take(timeout: float, max_memory: int) -> Isolator:
    with _lock:
        idle = _idle.get(_key(timeout, max_memory), [])
        while idle:
            iso = idle.pop()
            if iso.process.poll() is None:
                return iso
    return Isolator(timeout, max_memory)


def _give(iso: Isolator, timeout: float, max_memory: int) -> None:
    with _lock:
        _idle.setdefault(_key(timeout, max_memory), []).append(iso)


def run_isolated(inputs: list[Input], timeout: float, max_memory: int) -> tuple[list[DocResult], int]:
    """Process `inputs` one at a time in an isolated worker; (results, workers replaced meanwhile).

    Thread-safe: concurrent calls (a Dask worker with several threads) each use a host of their own.
    """
    iso = _take(timeout, max_memory)
    try:
        out = iso.run(inputs)
    except BaseException:
        iso.kill()  # its state is unknown (it died, or this task was interrupted): never reuse
        raise
    _give(iso, timeout, max_memory)
    return out


def start_hosts(count: int, timeout: float, max_memory: int) -> int:
    """Start `count` idle hosts and wait until each is warm (before a run, so no document waits)."""
    with _lock:
        have = len(_idle.get(_key(timeout, max_memory), []))
    new = [Isolator(timeout, max_memory) for _ in range(max(0, count - have))]
    for iso in new:  # started together: the hosts warm up in parallel
        iso.wait_ready()
        _give(iso, timeout, max_memory)
    return have + len(new)


def close_hosts() -> int:
    """Stop every idle host of this process (after a run: an existing cluster keeps no warm copies)."""
    with _lock:
        hosts = [iso for idle in _idle.values() for iso in idle]
        _idle.clear()
    for iso in hosts:
        iso.close()
    return len(hosts)


atexit.register(close_hosts)


# ---------------------------------------------------------------- host side (python -m pipeline.engine.isolate)


def _watch_parent(parent: int) -> None:
    """Kill this host's whole process group once its parent is gone (a Dask worker killed by its nanny)."""
    import signal

    while os.getppid() == parent:
        time.sleep(ORPHAN_POLL)
    if os.name == "posix":
        os.killpg(os.getpgid(0), signal.SIGKILL)
    os._exit(1)


def _warm_up(pool) -> None:
    """Process the warm-up document once: the worker is then ready and warm, or the pool raised
    TibanError (its workers cannot start) and the run stops at its start, not at every document."""
    from pipeline import data, ingest

    list(pool.results(list(ingest.discover([str(data.warmup_path())]))))


def _serve(pool, requests: BinaryIO, replies: BinaryIO) -> None:
    """Answer each list of inputs with (results in input order, workers replaced); stop at EOF."""
    _warm_up(pool)
    _send(replies, READY)
    while True:
        try:
            inputs = pickle.load(requests)
        except EOFError:
            return
        before = pool.replaced
        order = {inp.source: i for i, inp in enumerate(inputs)}
        results = sorted(pool.results(inputs), key=lambda r: order.get(r.source, len(order)))
        _send(replies, (results, pool.replaced - before))


def _send(replies: BinaryIO, message: object) -> None:
    pickle.dump(message, replies, protocol=pickle.HIGHEST_PROTOCOL)
    replies.flush()


def main(argv: list[str]) -> None:
    """Host entry point: ``python -m pipeline.engine.isolate TIMEOUT MAX_MEMORY``."""
    from pipeline.engine.local import LocalPool

    timeout, max_memory = float(argv[0]), int(argv[1])
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print must not corrupt the replies
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    try:
        with LocalPool(1, timeout=timeout, max_memory=max_memory) as pool:
            _serve(pool, sys.stdin.buffer, replies)
    except TibanError as exc:  # its worker cannot start: tell the task why, then stop
        _send(replies, str(exc))
    except BrokenPipeError:
        pass  # the task that asked is gone


if __name__ == "__main__":
    main(sys.argv[1:])
