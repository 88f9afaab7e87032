"""Killing a run leaves none of its processes behind (issue 10, item 7).

A real `tiban run` in a subprocess works on documents that sleep (the test hook, see
pipeline.engine.hooks), so its workers, forkserver and resource tracker are all alive and busy; it
is then killed (SIGKILL: no handler runs; SIGTERM: Python's default action, also none). Before the
fix the workers went on for the whole sleep (60 s here) with the forkserver and resource tracker
alive. Within 8 s of the parent's death none of its descendants may still run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from run_helpers import make_corpus

REPO = Path(__file__).resolve().parents[2]
BOUND = 8.0  # seconds: the bound after the parent's death


def _alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    alive = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                alive.append(process)
        except psutil.Error:
            pass
    return alive


def _busy_descendants(run: subprocess.Popen, workers: int) -> list[psutil.Process]:
    """The run's descendants once `workers` workers (children of the forkserver) exist and have warmed up."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        family = psutil.Process(run.pid).children(recursive=True)
        if len([p for p in family if p.ppid() != run.pid]) >= workers:  # grandchildren: the workers
            time.sleep(3)  # warm-up done, each on its sleeping document
            return psutil.Process(run.pid).children(recursive=True)
        time.sleep(0.1)
    raise AssertionError("the run's workers never started")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_no_process_of_a_killed_run_survives(tmp_path, sig):
    make_corpus(tmp_path / "in", 4, prefix="#tiban-test:sleep=60\n")
    env = {**os.environ, "TIBAN_TEST_HOOKS": "1", "PYTHONPATH": str(REPO)}
    run = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run", str(tmp_path / "in"), "-o",
                            str(tmp_path / "out"), "-j", "2", "-q"], env=env, cwd=REPO)
    family: list[psutil.Process] = []
    try:
        family = _busy_descendants(run, workers=2)
        assert len(family) >= 4  # forkserver, resource tracker, two workers
        run.send_signal(sig)
        run.wait(timeout=10)
        deadline = time.monotonic() + BOUND
        while _alive(family) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = _alive(family)
        assert not left, [(p.pid, p.cmdline()[:3]) for p in left]
    finally:
        run.kill()
        for process in _alive(family):  # only what this test started, if the fix failed
            process.kill()


_MIDDLE = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", sys.argv[1]])
print(child.pid, flush=True)
time.sleep(60)
"""
_CHILD = """
import os, time
from pipeline.engine.orphan import create_time, watch_parent
parent = os.getppid()
watch_parent(parent, create_time(parent))
time.sleep(60)
"""


@pytest.mark.parametrize("watch, survives", [(True, False), (False, True)], ids=["watched", "unwatched"])
def test_the_watch_thread_alone_ends_an_orphan(watch, survives):
    """The fallback without PR_SET_PDEATHSIG: a process watching its parent dies within a second of it."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child_code = _CHILD if watch else _CHILD.replace("watch_parent(parent, create_time(parent))", "pass")
    middle = subprocess.Popen([sys.executable, "-c", _MIDDLE, child_code], stdout=subprocess.PIPE, env=env, text=True)
    child = psutil.Process(int(middle.stdout.readline()))
    try:
        time.sleep(1.5)  # the child has imported and started its watch
        middle.kill()
        middle.wait()
        time.sleep(2 * 0.5 + 1)  # two polls of the watch, and a margin for a busy machine
        assert bool(_alive([child])) == survives
    finally:
        for process in _alive([child]):
            process.kill()
