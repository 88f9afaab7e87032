"""The local pool: real worker processes; hostile documents are stopped, recorded, and the batch goes on.

Hostile documents use the TIBAN_TEST_HOOKS markers (pipeline.engine.hooks): a worker that really
sleeps, really allocates, really dies. Limits are small (1 s, 300 MiB) to keep the tests quick.
"""

from __future__ import annotations

import pytest
from run_helpers import by_source, hostile, make_corpus

from pipeline import ingest
from pipeline.batch import run
from pipeline.engine.local import LocalPool, default_jobs

MIB = 1024**2


@pytest.fixture(autouse=True)
def _hooks(monkeypatch):
    monkeypatch.setenv("TIBAN_TEST_HOOKS", "1")  # inherited by the forkserver's workers



def test_timeout_stops_the_document_and_the_batch_goes_on(tmp_path):
    src = tmp_path / "in"
    make_corpus(src, 6)
    slow = hostile(src, "slow.txt", "#tiban-test:sleep=600")
    summary = run([str(src)], tmp_path / "out", jobs=2, timeout=1.0, quiet=True)
    assert (summary.ok, summary.failed) == (6, 1)
    assert summary.replaced_workers == 1
    row = by_source(tmp_path / "out")[str(slow)]
    assert row.status == "failed" and row.error.startswith("timeout:") and "1 s" in row.error
    assert row.doc_id == ingest.failed_report(str(slow), slow.read_bytes(), "").doc_id


def test_memory_limit_stops_the_document_and_the_batch_goes_on(tmp_path):
    src = tmp_path / "in"
    make_corpus(src, 6)
    greedy = hostile(src, "greedy.txt", "#tiban-test:alloc=1500")
    summary = run([str(src)], tmp_path / "out", jobs=2, max_memory=300 * MIB, timeout=30, quiet=True)
    assert (summary.ok, summary.failed) == (6, 1)
    row = by_source(tmp_path / "out")[str(greedy)]
    assert row.status == "failed" and row.error.startswith("memory:")


def test_a_worker_that_dies_is_replaced(tmp_path):
    src = tmp_path / "in"
    make_corpus(src, 4)
    crash = hostile(src, "crash.txt", "#tiban-test:exit")
    summary = run([str(src)], tmp_path / "out", jobs=1, quiet=True)
    assert (summary.ok, summary.failed) == (4, 1)
    row = by_source(tmp_path / "out")[str(crash)]
    assert "worker died" in row.error and "exit code 3" in row.error


def test_markers_mean_nothing_without_the_hook_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("TIBAN_TEST_HOOKS", "0")
    src = tmp_path / "in"
    src.mkdir()
    hostile(src, "slow.txt", "#tiban-test:sleep=600")
    summary = run([str(src)], tmp_path / "out", jobs=1, timeout=5, quiet=True)
    assert summary.ok == 1


def test_pool_yields_one_result_per_input_and_leaves_no_process(tmp_path):
    paths = make_corpus(tmp_path, 9)
    inputs = list(ingest.discover([str(tmp_path)]))
    with LocalPool(3, timeout=30) as pool:
        results = list(pool.results(inputs))
        processes = [w.process for w in pool._workers]
    assert sorted(r.source for r in results) == sorted(str(p) for p in paths)
    assert all(r.ok and r.rows["reports"][0]["doc_id"] == r.doc_id for r in results)
    assert not any(p.is_alive() for p in processes)


def test_inputs_queued_behind_a_stopped_document_are_each_done_once(tmp_path):
    """A worker holds the next input in its pipe (PREFETCH) while it works: when it is killed (timeout)
    or dies, the inputs it had not begun go to its replacement, none lost and none done twice."""
    good = make_corpus(tmp_path / "good", 5)
    slow = hostile(tmp_path, "slow.txt", "#tiban-test:sleep=600")
    crash = hostile(tmp_path, "crash.txt", "#tiban-test:exit")
    order = [good[0], slow, good[1], good[2], crash, good[3], good[4]]
    inputs = [next(iter(ingest.discover([str(p)]))) for p in order]
    with LocalPool(1, timeout=1.0) as pool:
        results = list(pool.results(inputs))
        replaced = pool.replaced
    assert sorted(r.source for r in results) == sorted(str(p) for p in order)
    status = {r.source: (r.status, (r.error or "").split(":")[0]) for r in results}
    assert status[str(slow)] == ("failed", "timeout")
    assert status[str(crash)] == ("failed", "worker died while processing the document (exit code 3)")
    assert all(status[str(p)] == ("ok", "") for p in good)
    assert replaced == 2


def test_default_jobs_is_the_usable_cores():
    assert default_jobs() >= 1


def test_zip_bomb_in_a_run_is_one_failed_row_and_members_are_read(tmp_path):
    """A real zip bomb (200 MiB of zeros, ~200 KiB compressed) next to a good archive, in a real run."""
    import zipfile

    from make_docs import make_zip_bomb
    from run_helpers import invented_text

    src = tmp_path / "in"
    make_corpus(src, 2)
    make_zip_bomb(src / "bomb.zip", 200 * MIB)
    with zipfile.ZipFile(src / "good.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("sub/a.txt", invented_text(41).encode("utf-8"))
        zf.writestr("b.txt", invented_text(42).encode("utf-8"))
    summary = run([str(src)], tmp_path / "out", jobs=2, max_memory=300 * MIB, quiet=True)
    rows = by_source(tmp_path / "out")
    bombs = [row for source, row in rows.items() if source.startswith(str(src / "bomb.zip"))]
    assert len(bombs) == 1 and bombs[0].status == "failed" and "zip bomb" in bombs[0].error
    assert rows[f"{src / 'good.zip'}!sub/a.txt"].status == "ok" and rows[f"{src / 'good.zip'}!b.txt"].status == "ok"
    assert (summary.ok, summary.failed) == (4, 1)


def test_workers_that_cannot_start_stop_the_run_with_a_clear_error(tmp_path, monkeypatch):
    """Workers that exit before they are ready (as with a broken install) must not be respawned forever."""
    from pipeline.engine import local
    from pipeline.errors import TibanError

    monkeypatch.setattr(local, "_worker_main", _exit_at_start)
    make_corpus(tmp_path / "in", 2)
    with pytest.raises(TibanError, match="cannot start"):
        with LocalPool(1) as pool:
            list(pool.results(list(ingest.discover([str(tmp_path / "in")]))))


def _exit_at_start(conn, max_memory, environ):
    import os

    os._exit(7)


def test_a_warm_worker_loads_neither_pyarrow_nor_scikit_learn():
    """Workers build rows as dicts and classify with the numpy export: the modules only the parent
    (writing) or training need stay out of every worker's start-up and memory."""
    import subprocess
    import sys

    code = "import sys, pipeline.engine.warm as w; assert w.warm(); print(sorted(m for m in ('pyarrow', 'sklearn', 'pipeline.write.writer', 'pipeline.write.schema') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_importing_pipeline_loads_no_stage():
    """A run's parent only hands documents out: `import pipeline` must not import the stages."""
    import subprocess
    import sys

    code = "import sys, pipeline, pipeline.batch; print('pipeline.core' in sys.modules, callable(pipeline.process))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]
