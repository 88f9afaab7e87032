"""pipeline.write.manifest: what is done, what is stale, and how a torn last line is handled."""

from __future__ import annotations

import pytest

from pipeline.errors import ManifestError
from pipeline.write.manifest import Entry, Manifest


def _entry(source, doc_id, size=10, mtime=1, status="ok"):
    return Entry(source, doc_id, size, mtime, status, part="")


def test_empty_manifest_knows_nothing(tmp_path):
    m = Manifest.open(tmp_path)
    assert m.fmt is None and not m.live and not m.is_done("a", 1, 1)


def test_commit_is_read_back_and_done_needs_same_size_and_mtime(tmp_path):
    m = Manifest.open(tmp_path)
    m.start("csv")
    m.commit("p1", [_entry("a", "id-a", 10, 5)])
    again = Manifest.open(tmp_path)
    assert again.fmt == "csv" and again.parts == {"p1"}
    assert again.is_done("a", 10, 5)
    assert not again.is_done("a", 11, 5) and not again.is_done("a", 10, 6) and not again.is_done("b", 10, 5)


def test_recommitted_source_makes_the_old_entry_stale_until_pruned(tmp_path):
    m = Manifest.open(tmp_path)
    m.start("parquet")
    m.commit("p1", [_entry("a", "old"), _entry("b", "id-b")])
    m.commit("p2", [_entry("a", "new", mtime=2)])
    again = Manifest.open(tmp_path)
    assert dict(again.stale) == {"p1": {("a", "old")}}
    assert again.live["a"].part == "p2" and again.live_doc_ids("p1") == {"id-b"}
    again.pruned([("p1", "a")])
    assert not Manifest.open(tmp_path).stale


def test_torn_last_line_is_cut_off(tmp_path):
    m = Manifest.open(tmp_path)
    m.start("parquet")
    m.commit("p1", [_entry("a", "id-a")])
    good = m.path.read_bytes()
    with open(m.path, "ab") as fh:
        fh.write(b'{"kind": "commit", "part": "p2", "do')
    again = Manifest.open(tmp_path)
    assert again.parts == {"p1"} and m.path.read_bytes() == good
    again.commit("p3", [_entry("c", "id-c")])
    assert Manifest.open(tmp_path).parts == {"p1", "p3"}


def test_garbage_line_ends_the_readable_prefix(tmp_path):
    m = Manifest.open(tmp_path)
    m.start("parquet")
    with open(m.path, "ab") as fh:
        fh.write(b"not json\n")
    assert Manifest.open(tmp_path).fmt == "parquet"
    assert m.path.read_bytes().count(b"\n") == 1


_COMMIT = b'{"kind": "commit", "part": "p1", "docs": [["a", "id-a", 10, 1, "ok"]]}'


@pytest.mark.parametrize("line, reason", [
    (b'{"kind": "commit", "part": "p1", "docs": [["a", "id-a", 10, 1, "ok"]', "damaged"),  # cut short
    (b"\0\0\0\0", "damaged"),
    (b'{"kind": "commit", "part": "p\xff", "docs": []}', "damaged"),  # not UTF-8
    (b'["commit", "p1"]', "not a JSON object"),
    (b'{"kind": "commit", "part": "p1"}', "without part or docs"),
    (b'{"kind": "commit", "part": "p1", "docs": [["a", "id-a", 10]]}', "not \\[source"),
    (b'{"kind": "commit", "part": "p1", "docs": [["a", "id-a", "10", 1, "ok"]]}', "non-integer"),
    (b'{"kind": "pruned", "items": [["p1"]]}', "not \\[part, source\\]"),
    (b'{"kind": "header"}', "without a format"),
    (b'{"kind": "comit", "part": "p1", "docs": []}', "unknown kind"),
    (b"", "damaged"),  # an empty line
])
def test_a_damaged_line_before_the_last_stops_and_changes_nothing(tmp_path, line, reason):
    path = tmp_path / "manifest.jsonl"
    data = b'{"kind": "header", "fmt": "parquet", "version": 1}\n' + line + b"\n" + _COMMIT.replace(b"p1", b"p2") + b"\n"
    path.write_bytes(data)
    with pytest.raises(ManifestError, match=f"line 2 is {reason}|line 2 is damaged.*{reason}"):
        Manifest.open(tmp_path)
    assert path.read_bytes() == data


@pytest.mark.parametrize("line", [
    b'{"kind": "commit", "part": "p1", "docs": [["a", "id-a", 10, 1, "ok"]]}',
    b'{"kind": "pruned", "items": [["p1", "a"]]}',
    b'{"kind": "commit", "part": "p1", "docs": []}',
])
def test_well_formed_lines_are_read(tmp_path, line):
    path = tmp_path / "manifest.jsonl"
    path.write_bytes(b'{"kind": "header", "fmt": "parquet", "version": 1}\n' + line + b"\n" + _COMMIT.replace(b"p1", b"p2") + b"\n")
    assert "p2" in Manifest.open(tmp_path).parts


def test_open_without_repair_keeps_the_torn_line_until_repair(tmp_path):
    path = tmp_path / "manifest.jsonl"
    good = b'{"kind": "header", "fmt": "parquet", "version": 1}\n' + _COMMIT + b"\n"
    path.write_bytes(good + b'{"kind": "co')
    m = Manifest.open(tmp_path, repair=False)
    assert m.parts == {"p1"} and path.read_bytes() == good + b'{"kind": "co'
    m.repair()
    assert path.read_bytes() == good
