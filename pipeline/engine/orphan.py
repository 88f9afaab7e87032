"""No orphans: a worker, the forkserver and so the resource tracker die soon after the run that started them.

WHY: killing `tiban run` (kill -9, or SIGTERM, whose default action ends the process at once) used to
leave its worker going on at full CPU for over a minute, with the forkserver and the resource
tracker alive (issue 10, item 7). Two mechanisms, because each misses a case of the other:

* `die_with_parent` asks the Linux kernel for SIGKILL when the parent dies (``prctl(PR_SET_PDEATHSIG)``).
  The forkserver asks it of the run (it is started by the run's main thread), each worker of the
  forkserver, so the run's death kills the forkserver, whose death kills the workers, even a worker
  stuck in C code that holds the GIL. The resource tracker then reads EOF from its pipe (every
  holder of it is dead) and exits on its own.
* `watch_parent`, a thread in each worker, ends it once the run's process is gone: for kernels or
  platforms without PR_SET_PDEATHSIG, and for a forkserver started by a thread that has since
  ended (the kernel's signal follows the parent *thread*).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WATCH_SECONDS = 0.5  # the watch's poll: the bound is 8 s after the parent's death; 0.5 s costs nothing


def die_with_parent() -> bool:
    """Ask the kernel to SIGKILL this process when its parent dies; False where that is not possible."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _gone(pid: int, started: float | None) -> bool:
    """True when process `pid` (created at `started`) no longer runs: exited, a zombie, or its pid reused."""
    import psutil

    try:
        process = psutil.Process(pid)
        return process.status() == psutil.STATUS_ZOMBIE or (started is not None and process.create_time() != started)
    except psutil.Error:
        return True


def watch_parent(pid: int, started: float | None) -> threading.Thread:
    """Start a daemon thread that SIGKILLs this process once process `pid` (created at `started`) is gone."""

    def watch() -> None:
        while not _gone(pid, started):
            time.sleep(WATCH_SECONDS)
        os.kill(os.getpid(), signal.SIGKILL)

    thread = threading.Thread(target=watch, name="tiban-watch-parent", daemon=True)
    thread.start()
    return thread


def create_time(pid: int) -> float | None:
    """When process `pid` started (psutil's clock), so a watch is not fooled by a reused pid."""
    import psutil

    try:
        return psutil.Process(pid).create_time()
    except psutil.Error:
        return None
