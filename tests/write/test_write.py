"""pipeline.write: the fixed schema, rows of a report, atomic parts, pruning and consolidation."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.errors import UsageError
from pipeline.record import Measure, Report, Section, Topic
from pipeline.write import writer as write


def _report(doc_id="abcdef0123456789", source="a.txt") -> Report:
    text = "一、基本情况\n共承办建议120件，办结率100%。"
    start = text.index("120")
    return Report(
        source=source, doc_id=doc_id, format="pdf", encoding=None, text=text, original=text,
        page_starts=(0, 8), flags=("placeholder", "boilerplate"), title="报告", year=2024,
        categories=(("教育", 0.7), ("交通", 0.3)),
        measures=(Measure("items_total", "npc", 120.0, "eq", "120件", start, start + 4, "count"),),
        topics=(Topic("教育", 3, 0, 2, "list", category="教育", confidence=0.9),),
        sections=(Section("overview", "一、基本情况", 0, len(text), ("共", "承办")),),
    )


def test_schema_is_complete_and_described():
    assert set(write.SCHEMA) == set(write.TABLES)
    for table, columns in write.SCHEMA.items():
        names = [name for name, _, _ in columns]
        assert names[0] == "doc_id" and len(set(names)) == len(names)
        assert all(desc.strip() for _, _, desc in columns), table


def test_rows_follow_the_schema_and_keep_evidence():
    rows = write.rows(_report())
    for table in write.TABLES:
        for row in rows[table]:
            assert list(row) == [name for name, _, _ in write.SCHEMA[table]]
    report = rows["reports"][0]
    assert report["flags"] == "placeholder;boilerplate" and report["n_pages"] == 2
    assert json.loads(report["categories"]) == [["教育", 0.7], ["交通", 0.3]] and report["category"] == "教育"
    measure = rows["measures"][0]
    assert measure["evidence"] == "120件" and measure["unit"] == "件" and measure["page"] == 2
    assert rows["sections"][0]["text"] == _report().text and rows["sections"][0]["tokens"] == "共 承办"


def test_failed_report_has_only_its_reports_row():
    rows = write.rows(Report(source="x.pdf", doc_id="0" * 16).failed("ingest failed: encrypted"))
    assert rows["reports"][0]["status"] == "failed" and rows["reports"][0]["categories"] == "[]"
    assert rows["reports"][0]["n_pages"] is None and rows["reports"][0]["flags"] == ""
    assert not rows["measures"] and not rows["topics"] and not rows["sections"]


@given(st.lists(st.sampled_from(["a", "b;c", "", "x y"]), max_size=4))
def test_all_null_or_empty_tables_keep_their_types(flags):
    for table in write.TABLES:
        arrow = write.to_table(table, [])
        assert arrow.schema == write.ARROW_SCHEMAS[table]
    nulls = write.to_table("measures", [{"doc_id": "d", "likely": None, "page": None}])
    assert str(nulls.schema.field("likely").type) == "double" and str(nulls.schema.field("page").type) == "int32"
    row = write.rows(Report(source="s", doc_id="d", flags=tuple(flags)))["reports"][0]
    assert row["flags"] == ";".join(flags)


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_part_is_invisible_until_published(tmp_path, fmt):
    write.write_part(tmp_path, fmt, "1", write.rows(_report()))
    assert write.committed_parts(tmp_path, fmt, "reports") == []
    write.publish_part(tmp_path, fmt, "1")
    write.publish_part(tmp_path, fmt, "1")  # idempotent: a resumed commit may redo it
    assert len(write.committed_parts(tmp_path, fmt, "reports")) == 1


def test_recover_rolls_committed_parts_forward_and_drops_the_rest(tmp_path):
    for part in ("1", "2", "3"):
        write.write_part(tmp_path, "parquet", part, write.rows(_report(source=f"{part}.txt")))
    write.publish_part(tmp_path, "parquet", "3")  # visible but its commit line was lost (e.g. --force)
    write.recover(tmp_path, "parquet", committed={"1"})
    names = sorted(p.name for p in (tmp_path / "reports.parquet").iterdir())
    assert names == ["part-1.parquet"]


def test_prune_removes_only_stale_rows(tmp_path):
    batch = write.rows(_report(doc_id="old0000000000000", source="a.txt"))
    other = write.rows(_report(doc_id="keep000000000000", source="b.txt"))
    for table in write.TABLES:
        batch[table] += other[table]
    write.write_part(tmp_path, "parquet", "1", batch)
    write.publish_part(tmp_path, "parquet", "1")
    write.prune(tmp_path, "parquet", "1", {("a.txt", "old0000000000000")}, keep_ids={"keep000000000000"})
    for table in write.TABLES:
        ids = set(pq.read_table(tmp_path / f"{table}.parquet" / "part-1.parquet")["doc_id"].to_pylist())
        assert ids == {"keep000000000000"}, table


def test_consolidate_csv_has_one_header_and_a_bom(tmp_path):
    for part in ("1", "2"):
        write.write_part(tmp_path, "csv", part, write.rows(_report(source=f"{part}.txt")))
        write.publish_part(tmp_path, "csv", part)
    paths = write.consolidate(tmp_path, "csv")
    raw = (tmp_path / "reports.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"doc_id") == 1
    df = pd.read_csv(tmp_path / "sections.csv", encoding="utf-8-sig")
    assert len(df) == 2 and "\n" in df["text"][0]  # multi-line text is quoted, not split into rows
    assert [p.name for p in paths] == [f"{t}.csv" for t in write.TABLES]


def test_consolidate_empty_parquet_dataset_reads_with_schema(tmp_path):
    write.consolidate(tmp_path, "parquet")
    df = pd.read_parquet(tmp_path / "topics.parquet")
    assert list(df.columns) == [name for name, _, _ in write.SCHEMA["topics"]] and len(df) == 0


def test_clear_removes_only_what_tiban_wrote(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    write.write_part(tmp_path, "csv", "1", write.rows(_report()))
    write.consolidate(tmp_path, "csv")
    (tmp_path / "manifest.jsonl").write_text("", encoding="utf-8")
    write.clear(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize(("fmt", "ok"), [("parquet", True), ("csv", True), ("jsonl", True), ("xlsx", False), ("", False)])
def test_check_format(fmt, ok):
    if ok:
        assert write.check_format(fmt) == fmt
    else:
        with pytest.raises(UsageError, match="parquet"):
            write.check_format(fmt)


def _part(outdir, part, status="ok", error=None, source="a.txt"):
    row = {name: None for name, _, _ in write.SCHEMA["reports"]}
    row.update(doc_id="abcdef0123456789", source=source, status=status, error=error, flags="", categories="[]")
    write.write_part(outdir, "parquet", part, {"reports": [row]})
    write.publish_part(outdir, "parquet", part)


@pytest.mark.parametrize("error, status", [
    (None, "ok"),
    ("empty file", "failed"),  # the document's own failure: done
    ("classify failed: topic model: m.skops: not a skops model file (x)", "retry"),  # the installation's
])
def test_part_sources_reads_what_a_manifest_needs(tmp_path, error, status):
    _part(tmp_path, "p1", status="ok" if error is None else "failed", error=error)
    assert write.part_sources(tmp_path, "parquet") == [("p1", [("a.txt", "abcdef0123456789", status)])]


@pytest.mark.parametrize("on_disk, committed, problem", [
    (["p1", "p2"], {"p1", "p2"}, None),
    ([], set(), None),
    (["p1", "p2"], {"p1"}, "does not name"),  # a commit line lost
    (["p1"], {"p1", "p9"}, "missing"),  # a part id changed, or a part deleted
])
def test_check_parts_finds_every_disagreement(tmp_path, on_disk, committed, problem):
    for part in on_disk:
        _part(tmp_path, part, source=f"{part}.txt")
    found = write.check_parts(tmp_path, "parquet", committed)
    assert (not found) if problem is None else any(problem in p for p in found), found
