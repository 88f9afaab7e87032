"""Isolation hosts: the local pool in a helper process, usable from a daemonic Dask worker.

Real host processes, real hostile documents (TIBAN_TEST_HOOKS markers, pipeline.engine.hooks).
"""

from __future__ import annotations

import multiprocessing as mp
import subprocess
import sys
import textwrap
import time

import psutil
import pytest
from run_helpers import make_corpus

from pipeline import ingest
from pipeline.engine import isolate

MIB = 1024**2


@pytest.fixture(autouse=True)
def _hooks(monkeypatch):
    monkeypatch.setenv("TIBAN_TEST_HOOKS", "1")  # the host inherits it and forwards it to its worker
    yield
    isolate.close_hosts()


def _inputs(folder, hostile: str | None = None):
    make_corpus(folder, 3)
    if hostile:
        (folder / "doc0001.txt").write_text(hostile + "\n这是一份会出问题的文件。\n", encoding="utf-8")
    return list(ingest.discover([str(folder)]))


def test_results_in_input_order_and_a_timeout_is_one_failed_result(tmp_path):
    inputs = _inputs(tmp_path, "#tiban-test:sleep=600")
    results, replaced = isolate.run_isolated(inputs, 1.0, 2048 * MIB)
    assert [r.source for r in results] == [i.source for i in inputs] and replaced == 1
    assert [r.ok for r in results] == [True, False, True]
    assert results[1].error.startswith("timeout:")


def test_a_host_is_reused_by_the_next_call_with_the_same_limits(tmp_path):
    inputs = _inputs(tmp_path)
    isolate.run_isolated(inputs, 30.0, 2048 * MIB)
    (host,) = [iso for idle in isolate._idle.values() for iso in idle]
    isolate.run_isolated(inputs, 30.0, 2048 * MIB)
    assert [iso for idle in isolate._idle.values() for iso in idle] == [host]
    isolate.run_isolated(inputs, 20.0, 2048 * MIB)  # other limits: another host
    assert sum(len(idle) for idle in isolate._idle.values()) == 2


def test_works_from_a_daemonic_process(tmp_path):
    """The reason the host exists: a daemonic process (a Dask worker under a nanny) may not use LocalPool."""
    inputs = _inputs(tmp_path, "#tiban-test:alloc=1500")
    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:  # Pool workers are daemonic
        results, replaced = pool.apply(isolate.run_isolated, (inputs, 30.0, 300 * MIB))
    assert [r.ok for r in results] == [True, False, True] and replaced == 1
    assert results[1].error.startswith("memory:")


def test_close_hosts_leaves_no_process(tmp_path):
    assert isolate.start_hosts(2, 30.0, 2048 * MIB) == 2
    hosts = [iso.process for idle in isolate._idle.values() for iso in idle]
    family = [p for h in hosts for p in psutil.Process(h.pid).children(recursive=True)]
    assert family  # each host has its forkserver and worker
    assert isolate.close_hosts() == 2
    assert all(h.poll() is not None for h in hosts)
    gone, alive = psutil.wait_procs(family, timeout=10)
    assert not alive


def test_an_orphaned_host_kills_its_document_and_itself(tmp_path):
    """A Dask worker killed mid-document (by its nanny): its host, forkserver and worker go too."""
    slow = tmp_path / "slow.txt"
    slow.write_text("#tiban-test:sleep=600\n", encoding="utf-8")
    script = textwrap.dedent(f"""
        import os, pickle, sys
        from pipeline import ingest
        from pipeline.engine.isolate import Isolator
        iso = Isolator(600.0, 2 * 1024**3)
        iso.wait_ready()
        pickle.dump(list(ingest.discover([{str(slow)!r}])), iso.process.stdin)
        iso.process.stdin.flush()
        print(iso.process.pid, flush=True)
        sys.stdin.readline()
        os._exit(0)
    """)
    parent = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    host = psutil.Process(int(parent.stdout.readline()))
    deadline = time.monotonic() + 30
    while len(host.children(recursive=True)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)  # the forkserver and the worker that is sleeping on the document
    family = [host, *host.children(recursive=True)]
    parent.communicate("go\n")  # the parent exits without closing its host
    gone, alive = psutil.wait_procs(family, timeout=10)
    assert not alive


def test_a_dead_host_raises_and_the_next_call_starts_a_fresh_one(tmp_path):
    inputs = _inputs(tmp_path)
    iso = isolate.Isolator(30.0, 2048 * MIB)
    iso.wait_ready()
    iso.kill()  # as the kernel's OOM killer would
    with pytest.raises(isolate.IsolationError, match="died"):
        iso.run(inputs)
    isolate._give(iso, 30.0, 2048 * MIB)  # even were a dead host left idle, it is never taken
    results, _ = isolate.run_isolated(inputs, 30.0, 2048 * MIB)
    assert all(r.ok for r in results)


def test_a_pipeline_folder_in_the_working_directory_does_not_shadow_tiban(tmp_path, monkeypatch):
    """`dask worker` may run in any folder; a package of the user's named `pipeline` there is not ours."""
    (tmp_path / "pipeline").mkdir()
    (tmp_path / "pipeline" / "__init__.py").write_text("raise SystemExit(9)\n", encoding="utf-8")
    inputs = _inputs(tmp_path / "in")
    monkeypatch.chdir(tmp_path)
    results, _ = isolate.run_isolated(inputs, 30.0, 2048 * MIB)
    assert all(r.ok for r in results)


def test_kill_host_marker_without_a_host_is_a_plain_crash(tmp_path):
    """On the local engine there is no host above the worker: the marker must not kill the run."""
    from pipeline.batch import run

    make_corpus(tmp_path / "in", 2)
    (tmp_path / "in" / "crash.txt").write_text("#tiban-test:kill-host\n", encoding="utf-8")
    summary = run([str(tmp_path / "in")], tmp_path / "out", jobs=1, quiet=True)
    assert (summary.ok, summary.failed) == (2, 1) and "exit code 3" in summary.failures[0][1]
