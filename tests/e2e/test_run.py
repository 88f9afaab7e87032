"""pipeline.batch (pipeline.run): resumable, incremental runs into one OUTDIR, in every format, with real workers."""

from __future__ import annotations

import json
import os
import time

import pandas as pd
import pytest
from run_helpers import assert_same_dataset, invented_text, make_corpus, read_dataset

from pipeline.batch import RunSummary, run
from pipeline.errors import UsageError


def test_run_writes_every_table_and_summary(tmp_path):
    make_corpus(tmp_path / "in", 6)
    summary = run([str(tmp_path / "in")], tmp_path / "out", jobs=2, quiet=True)
    assert (summary.total, summary.ok, summary.failed, summary.skipped) == (6, 6, 0, 0)
    assert summary.by_format["txt"] == 6 and summary.by_status["ok"] == 6
    reports = pd.read_parquet(tmp_path / "out" / "reports.parquet")
    assert sorted(reports["source"]) == sorted(str(p) for p in (tmp_path / "in").iterdir())
    assert reports["doc_id"].str.fullmatch(r"[0-9a-f]{16}").all()
    text = summary.render()
    assert "6 ok" in text and "reports.parquet" in text and str(tmp_path / "out") in text


def test_second_run_skips_everything_and_changes_nothing(tmp_path):
    make_corpus(tmp_path / "in", 5)
    run([str(tmp_path / "in")], tmp_path / "out", jobs=1, quiet=True)
    before = read_dataset(tmp_path / "out")
    again = run([str(tmp_path / "in")], tmp_path / "out", jobs=1, quiet=True)
    assert (again.total, again.skipped, again.ok) == (5, 5, 0)
    after = read_dataset(tmp_path / "out")
    for table in before:
        pd.testing.assert_frame_equal(before[table], after[table])


def test_incremental_run_equals_one_clean_run(tmp_path):
    """New, changed and touched-but-same files: the result is what one run over the final files gives."""
    src = tmp_path / "in"
    paths = make_corpus(src, 6)
    run([str(src)], tmp_path / "out", jobs=2, quiet=True, batch_size=2)
    make_corpus(src, 2, start=100)  # new
    paths[0].write_text(invented_text(500), encoding="utf-8")  # changed content
    os.utime(paths[1], ns=(time.time_ns(), time.time_ns() + 10**9))  # touched, same content
    second = run([str(src)], tmp_path / "out", jobs=2, quiet=True, batch_size=2)
    assert (second.total, second.ok, second.skipped) == (8, 4, 4)
    run([str(src)], tmp_path / "clean", jobs=2, quiet=True)
    assert_same_dataset(tmp_path / "out", tmp_path / "clean")
    reports = pd.read_parquet(tmp_path / "out" / "reports.parquet")
    assert reports["source"].is_unique and len(reports) == 8


def test_force_redoes_all(tmp_path):
    make_corpus(tmp_path / "in", 3)
    run([str(tmp_path / "in")], tmp_path / "out", jobs=1, quiet=True)
    forced = run([str(tmp_path / "in")], tmp_path / "out", jobs=1, quiet=True, force=True)
    assert (forced.ok, forced.skipped) == (3, 0)
    assert len(pd.read_parquet(tmp_path / "out" / "reports.parquet")) == 3


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_text_formats_hold_the_same_rows_as_parquet(tmp_path, fmt):
    make_corpus(tmp_path / "in", 4)
    (tmp_path / "in" / "broken.pdf").write_bytes(b"%PDF-1.4 not really")  # a failed row with nulls
    run([str(tmp_path / "in")], tmp_path / "pq", jobs=1, quiet=True)
    summary = run([str(tmp_path / "in")], tmp_path / fmt, fmt=fmt, jobs=1, quiet=True, batch_size=2)
    assert all(p.endswith(f".{fmt}") for p in summary.tables)
    got, want = read_dataset(tmp_path / fmt, fmt), read_dataset(tmp_path / "pq")
    for table in want:
        assert list(got[table].columns) == list(want[table].columns)
        assert len(got[table]) == len(want[table])
    assert sorted(got["reports"]["doc_id"]) == sorted(want["reports"]["doc_id"])
    assert not list((tmp_path / fmt).glob(".*.tmp"))


def test_csv_starts_with_bom_and_survives_an_incremental_run(tmp_path):
    make_corpus(tmp_path / "in", 2)
    run([str(tmp_path / "in")], tmp_path / "out", fmt="csv", jobs=1, quiet=True)
    make_corpus(tmp_path / "in", 2, start=10)
    run([str(tmp_path / "in")], tmp_path / "out", fmt="csv", jobs=1, quiet=True)
    raw = (tmp_path / "out" / "reports.csv").read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8")) and raw.count(b"doc_id") == 1
    assert len(read_dataset(tmp_path / "out", "csv")["reports"]) == 4


def test_jsonl_rows_are_json_objects(tmp_path):
    make_corpus(tmp_path / "in", 2)
    run([str(tmp_path / "in")], tmp_path / "out", fmt="jsonl", jobs=1, quiet=True)
    lines = (tmp_path / "out" / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    assert [sorted(json.loads(line)) == sorted(json.loads(lines[0])) for line in lines] == [True, True]


@pytest.mark.parametrize("kwargs", [{"fmt": "xlsx"}, {"engine": "spark"}])
def test_bad_format_or_engine_is_a_usage_error(tmp_path, kwargs):
    with pytest.raises(UsageError):
        run([str(tmp_path)], tmp_path / "out", quiet=True, **kwargs)


def test_outdir_of_another_format_is_a_usage_error(tmp_path):
    make_corpus(tmp_path / "in", 1)
    run([str(tmp_path / "in")], tmp_path / "out", jobs=1, quiet=True)
    with pytest.raises(UsageError, match="parquet"):
        run([str(tmp_path / "in")], tmp_path / "out", fmt="csv", jobs=1, quiet=True)
    forced = run([str(tmp_path / "in")], tmp_path / "out", fmt="csv", jobs=1, quiet=True, force=True)
    assert forced.ok == 1 and not (tmp_path / "out" / "reports.parquet").exists()


def test_empty_input_still_writes_typed_tables(tmp_path):
    (tmp_path / "in").mkdir()
    summary = run([str(tmp_path / "in")], tmp_path / "out", jobs=1, quiet=True)
    assert summary.total == 0
    measures = pd.read_parquet(tmp_path / "out" / "measures.parquet")
    assert len(measures) == 0 and str(measures["value"].dtype) == "float64"


def test_summary_render_lists_failures_and_slowest():
    s = RunSummary(total=2, ok=1, failed=1, outdir="out", elapsed=2.0)
    s.failures = [("a.pdf", "ingest failed: encrypted")]
    s.slowest = [("b.txt", 1.5)]
    text = s.render()
    assert "a.pdf: ingest failed: encrypted" in text and "b.txt (1.50 s)" in text and "1 failed" in text


def test_package_level_run_stays_callable_after_the_module_is_imported(tmp_path):
    import pipeline
    import pipeline.batch  # noqa: F401 — the module behind pipeline.run must not shadow it

    make_corpus(tmp_path / "in", 1)
    first = pipeline.run([str(tmp_path / "in")], tmp_path / "out", jobs=1, quiet=True)
    second = pipeline.run([str(tmp_path / "in")], tmp_path / "out", jobs=1, quiet=True)
    assert (first.ok, second.skipped) == (1, 1)


def test_part_folders_read_as_one_table_in_duckdb_and_pyarrow(tmp_path):
    import duckdb  # a test extra: a missing install must fail, not skip
    import pyarrow.dataset as ds

    make_corpus(tmp_path / "in", 5)
    run([str(tmp_path / "in")], tmp_path / "out", jobs=1, quiet=True, batch_size=2)  # 3 parts
    (tmp_path / "out" / "reports.parquet" / ".part-x.parquet.tmp").write_bytes(b"uncommitted junk")
    folder = tmp_path / "out" / "reports.parquet"
    assert duckdb.sql(f"select count(*) from '{folder}/*.parquet'").fetchall()[0][0] == 5
    assert ds.dataset(folder, format="parquet").count_rows() == 5
    assert len(pd.read_parquet(folder)) == 5
