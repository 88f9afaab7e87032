"""Test-only hostile documents, enabled by the environment variable TIBAN_TEST_HOOKS=1.

WHY: the engine's promises (a document that hangs or eats memory is stopped, recorded as failed
and its worker replaced) must be tested against real hanging and real allocating processes, not
mocks, and quickly. Which real input makes the *current* stages hang depends on code that changes
every week; so a file whose first bytes are a marker makes the worker itself misbehave, before
the core runs, exactly as a pathological document would:

* ``#tiban-test:sleep=SECONDS`` — the worker sleeps (a document that takes forever);
* ``#tiban-test:alloc=MEGABYTES`` — the worker allocates and touches that much memory, in 16 MiB
  steps, then holds it for a while (a document that blows memory);
* ``#tiban-test:exit`` — the worker process dies abruptly (a crash in native code);
* ``#tiban-test:kill-host`` — on the Dask engine, the worker first SIGKILLs its isolation host
  (`pipeline.engine.isolate`), as the kernel's OOM killer might, then dies; elsewhere as ``exit``.

Without TIBAN_TEST_HOOKS=1 the markers mean nothing and such a file is an ordinary text file.
"""

from __future__ import annotations

import os
import time

from pipeline.record import Input

MARKER = b"#tiban-test:"
_STEP = 16 * 1024 * 1024  # allocate in 16 MiB steps so the memory watch sees RSS climb


def apply(inp: Input) -> None:
    """Misbehave as the input's marker says (only with TIBAN_TEST_HOOKS=1 and a plain file)."""
    if os.environ.get("TIBAN_TEST_HOOKS") != "1" or inp.member or inp.error:
        return
    try:
        with open(inp.path, "rb") as fh:
            head = fh.read(64)
    except OSError:
        return
    if not head.startswith(MARKER):
        return
    command = head[len(MARKER):].split(b"\n", 1)[0].decode("ascii", "replace").strip()
    name, _, arg = command.partition("=")
    if name == "sleep":
        time.sleep(float(arg))
    elif name == "alloc":
        _allocate(int(arg) * 1024 * 1024)
    elif name == "exit":
        os._exit(3)
    elif name == "kill-host":
        _kill_host()
        os._exit(3)


def _kill_host() -> None:
    """SIGKILL the isolation host above this worker (worker → forkserver → host), if there is one."""
    import signal

    import psutil

    for process in psutil.Process().parents():
        argv = process.cmdline()
        if any(a == "-m" and b == "pipeline.engine.isolate" for a, b in zip(argv, argv[1:])):
            os.kill(process.pid, signal.SIGKILL)
            return


def _allocate(total: int) -> None:
    held = []
    while sum(len(b) for b in held) < total:
        block = bytearray(_STEP)
        block[::4096] = b"\x01" * len(block[::4096])  # touch every page so it counts in RSS
        held.append(block)
        time.sleep(0.01)  # a document that grows its memory over time, as parsers do
    time.sleep(5)
    del held
