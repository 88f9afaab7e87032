"""The Dask engine on real LocalClusters writes the same dataset as the local engine."""

from __future__ import annotations

import pytest
from run_helpers import assert_same_dataset, make_corpus

from pipeline import ingest
from pipeline.engine.dask_engine import DaskEngine, _batches, process_batch
from pipeline.batch import run

import distributed  # noqa: E402 — a test extra: a missing install must fail, not skip


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


def test_process_batch_runs_the_shared_core(corpus):
    inputs = list(ingest.discover([str(corpus)]))[:3]
    results = process_batch(inputs)
    assert [r.source for r in results] == [i.source for i in inputs]


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
