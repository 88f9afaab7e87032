"""The Dask engine on real LocalClusters writes the same dataset as the local engine, and stops a
document past --timeout or --max-memory exactly as the local engine does.

Hostile documents use the TIBAN_TEST_HOOKS markers (pipeline.engine.hooks): a worker that really
sleeps, really allocates, really dies. Limits are small (1 s, 300 MiB) to keep the tests quick.
"""

from __future__ import annotations

import distributed  # noqa: E402 — a test extra: a missing install must fail, not skip
import pytest
from run_helpers import assert_same_dataset, by_source, hostile, make_corpus

from pipeline import ingest
from pipeline.batch import run
from pipeline.engine.dask_engine import DaskEngine, _batches, process_batch

MIB = 1024**2


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    src = tmp_path_factory.mktemp("dask") / "in"
    make_corpus(src, 12)
    (src / "broken.docx").write_bytes(b"PK\x03\x04 not a real docx")  # one failed row
    return src


def test_dask_local_cluster_with_processes_equals_local_engine(corpus, tmp_path):
    run([str(corpus)], tmp_path / "local", jobs=2, quiet=True)
    summary = run([str(corpus)], tmp_path / "dask", engine="dask", jobs=2, batch_size=5, quiet=True)
    assert summary.total == 13 and summary.ok + summary.failed == 13
    assert_same_dataset(tmp_path / "local", tmp_path / "dask")


def test_dask_existing_scheduler_address_and_resume(corpus, tmp_path):
    """--scheduler ADDRESS: a threads-only LocalCluster stands in for an existing cluster."""
    run([str(corpus)], tmp_path / "local", jobs=1, quiet=True)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        first = run([str(corpus)], tmp_path / "dask", engine="dask", scheduler=address, batch_size=4, quiet=True)
        again = run([str(corpus)], tmp_path / "dask", engine="dask", scheduler=address, quiet=True)
    assert first.ok + first.failed == 13 and again.skipped == 13
    assert_same_dataset(tmp_path / "local", tmp_path / "dask")


def test_process_batch_runs_the_shared_core_in_input_order(corpus):
    inputs = list(ingest.discover([str(corpus)]))[:3]
    results, replaced = process_batch(inputs, 30.0, 2048 * MIB)
    assert [r.source for r in results] == [i.source for i in inputs] and replaced == 0
    assert all(r.rows["reports"][0]["doc_id"] == r.doc_id for r in results)


@pytest.mark.parametrize(("n", "size", "want"), [(0, 3, []), (5, 2, [2, 2, 1]), (4, 4, [4])])
def test_batches_cover_every_input_once(n, size, want):
    assert [len(b) for b in _batches(range(n), size)] == want


def test_engine_window_bounds_tasks_in_flight():
    assert DaskEngine(jobs=2).window == 6


def test_a_document_that_kills_its_dask_worker_is_one_failed_row(tmp_path, monkeypatch):
    """A real worker death on a process LocalCluster: the batch is split, only the culprit fails."""
    import dask

    monkeypatch.setenv("TIBAN_TEST_HOOKS", "1")  # inherited by the cluster's worker processes
    src = tmp_path / "in"
    make_corpus(src, 5)
    (src / "crash.txt").write_text("#tiban-test:exit\n一份让进程退出的文件。\n", encoding="utf-8")
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):  # fail fast: one death is enough
        summary = run([str(src)], tmp_path / "out", engine="dask", jobs=1, batch_size=6, quiet=True)
    assert (summary.ok, summary.failed) == (5, 1)
    assert "worker died" in summary.failures[0][1] and summary.failures[0][0].endswith("crash.txt")
    assert "exit code 3" in summary.failures[0][1]  # the isolated worker died, not the Dask worker



def test_a_document_that_kills_its_isolation_host_is_one_failed_row(tmp_path, monkeypatch):
    """A real host death (the task fails as a whole): the batch is split, only the culprit fails."""
    monkeypatch.setenv("TIBAN_TEST_HOOKS", "1")
    src = tmp_path / "in"
    make_corpus(src, 5)
    (src / "crash.txt").write_text("#tiban-test:kill-host\n一份杀死宿主进程的文件。\n", encoding="utf-8")
    summary = run([str(src)], tmp_path / "out", engine="dask", jobs=1, batch_size=6, quiet=True)
    assert (summary.ok, summary.failed) == (5, 1)
    assert summary.failures[0][0].endswith("crash.txt")
    assert "worker died" in summary.failures[0][1] and "isolation host died" in summary.failures[0][1]



@pytest.mark.parametrize(
    ("marker", "limits", "reason"),
    [
        ("#tiban-test:sleep=600", {"timeout": 1.0}, "timeout: the document took longer than --timeout (1 s)"),
        ("#tiban-test:alloc=1500", {"timeout": 30.0, "max_memory": 300 * MIB}, "memory: the document needed more"),
    ],
    ids=["timeout", "memory"],
)
def test_dask_stops_a_hostile_document_and_the_rest_of_its_batch_goes_on(tmp_path, monkeypatch, marker, limits, reason):
    """One batch on a real process LocalCluster holds 5 good documents and one hostile one."""
    monkeypatch.setenv("TIBAN_TEST_HOOKS", "1")  # inherited by the cluster's workers and their hosts
    src = tmp_path / "in"
    make_corpus(src, 5)
    bad = hostile(src, "bad.txt", marker)
    summary = run([str(src)], tmp_path / "out", engine="dask", jobs=1, batch_size=6, quiet=True, **limits)
    assert (summary.ok, summary.failed) == (5, 1) and summary.replaced_workers == 1
    rows = by_source(tmp_path / "out")
    assert rows[str(bad)].status == "failed" and rows[str(bad)].error.startswith(reason)
    assert rows[str(bad)].doc_id == ingest.failed_report(str(bad), bad.read_bytes(), "").doc_id
    assert all(row.status == "ok" for source, row in rows.items() if source != str(bad))


def test_dask_and_local_engines_give_the_same_failed_rows(tmp_path, monkeypatch):
    """The same timeout on both engines: the datasets, failed row and reason included, are equal."""
    monkeypatch.setenv("TIBAN_TEST_HOOKS", "1")
    src = tmp_path / "in"
    make_corpus(src, 4)
    hostile(src, "slow.txt", "#tiban-test:sleep=600")
    local = run([str(src)], tmp_path / "local", jobs=2, timeout=1.0, quiet=True)
    dask_ = run([str(src)], tmp_path / "dask", engine="dask", jobs=2, batch_size=3, timeout=1.0, quiet=True)
    assert (local.ok, local.failed) == (dask_.ok, dask_.failed) == (4, 1)
    assert_same_dataset(tmp_path / "local", tmp_path / "dask")
