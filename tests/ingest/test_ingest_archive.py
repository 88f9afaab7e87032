"""discover/load_bytes: folders, zip archives (nested, hostile, bombs), junk, missing paths."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile
from pathlib import Path

import make_docs
import pytest

from pipeline.core import process_input
from pipeline.errors import IngestError, UsageError
from pipeline.ingest import ZipLimits, discover, ingest, load_bytes
from pipeline.ingest.archive import is_junk

TEXT = "今年共承办市人大代表建议86件，按时办复率100%。".encode("utf-8")


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _patch_central(data: bytes, offset: int, fmt: str, value: int) -> bytes:
    """Rewrite one field of the (single) central-directory entry, as a hostile archive would."""
    at = data.index(b"PK\x01\x02") + offset
    return data[:at] + struct.pack(fmt, value) + data[at + struct.calcsize(fmt) :]


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def test_folder_is_walked_recursively_sorted_without_junk(tmp_path):
    junk = [".DS_Store", "a/._b.txt", "__MACOSX/x.txt", "Thumbs.db", ".gitattributes", ".git/HEAD"]
    for name in ["c.txt", "a/z.txt", "b.txt", "a/b.txt", *junk]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(TEXT)
    found = [Path(i.source).relative_to(tmp_path).as_posix() for i in discover([str(tmp_path)])]
    assert found == ["a/b.txt", "a/z.txt", "b.txt", "c.txt"]


def test_hidden_file_named_explicitly_is_read(tmp_path):
    """Negative for the hidden-file skip: only folder walks skip dot-files."""
    path = tmp_path / ".notes.txt"
    path.write_bytes(TEXT)
    assert [i.source for i in discover([str(path)])] == [str(path)]


def test_gold_json_beside_documents_is_skipped_in_walks_but_read_when_named(tmp_path):
    """A folder of ID.txt / ID.json pairs yields the documents only; a named .json is still read."""
    (tmp_path / "d001.txt").write_bytes(TEXT)
    (tmp_path / "d001.json").write_text("{}", encoding="utf-8")
    assert [Path(i.source).name for i in discover([str(tmp_path)])] == ["d001.txt"]
    assert [Path(i.source).name for i in discover([str(tmp_path / "d001.json")])] == ["d001.json"]


def test_missing_input_raises_usage_error_naming_it_before_anything_is_yielded(tmp_path):
    (tmp_path / "ok.txt").write_bytes(TEXT)
    missing = tmp_path / "nope.txt"
    with pytest.raises(UsageError, match="nope.txt"):
        discover([str(tmp_path / "ok.txt"), str(missing)])


def test_zip_members_are_named_archive_bang_member(tmp_path):
    members = {"b/2.txt": TEXT, "a.txt": TEXT, "dir/": b"", "__MACOSX/._a.txt": b"x"}
    archive = make_docs.make_zip(members, tmp_path / "in.zip")
    inputs = list(discover([str(archive)]))
    assert [i.source for i in inputs] == [f"{archive}!a.txt", f"{archive}!b/2.txt"]
    assert all(i.path == str(archive) and i.error is None for i in inputs)
    assert [i.member for i in inputs] == ["a.txt", "b/2.txt"]
    assert load_bytes(inputs[1]) == TEXT


def test_archive_with_only_junk_is_one_error_row(tmp_path):
    archive = make_docs.make_zip({"dir/": b"", "__MACOSX/._a.txt": b"x"}, tmp_path / "junk.zip")
    (inp,) = discover([str(archive)])
    assert inp.source == str(archive) and inp.error == "empty zip archive: no documents inside"


def test_zip_is_detected_by_content_not_name(tmp_path):
    path = tmp_path / "bundle.dat"
    path.write_bytes(_zip_bytes({"x.txt": TEXT}))
    assert [i.source for i in discover([str(path)])] == [f"{path}!x.txt"]


def test_docx_is_a_document_not_an_archive(tmp_path):
    docx = make_docs.make_docx(["段落"], [], tmp_path / "r.docx")
    archive = make_docs.make_zip({"inner.docx": docx.read_bytes()}, tmp_path / "in.zip")
    found = list(discover([str(docx), str(archive)]))
    assert [i.source for i in found] == [str(docx), f"{archive}!inner.docx"]
    assert ingest(found[1].source, load_bytes(found[1])).format == "docx"


def test_hostile_member_names_never_write_anything(tmp_path, monkeypatch):
    work = tmp_path / "root" / "work"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    names = ["../evil.txt", "../../evil.txt", "/tmp/tiban-evil.txt", "C:\\evil.txt", "ok/../../evil.txt"]
    archive = make_docs.make_zip({n: TEXT for n in names}, work / "in.zip")
    before = _tree(tmp_path)
    reports = [ingest(i.source, load_bytes(i)) for i in discover([str(archive)])]
    assert _tree(tmp_path) == before
    assert not Path("/tmp/tiban-evil.txt").exists()
    assert sorted(r.source for r in reports) == sorted(f"{archive}!{n}" for n in names)
    assert all(r.ok and r.original == TEXT.decode() for r in reports)


def test_zip_bomb_is_one_failed_row_and_costs_no_memory(tmp_path):
    bomb = make_docs.make_zip_bomb(tmp_path / "bomb.zip", 64 * 1024**2)
    tracemalloc.start()
    try:
        inputs = list(discover([str(bomb)]))
        reports = [process_input(i) for i in inputs]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(inputs) == 1 and inputs[0].error.startswith("zip bomb suspected")
    assert reports[0].status == "failed" and reports[0].error.startswith("zip bomb suspected")
    assert peak < 8 * 1024**2  # the member is 64 MiB: it was never decompressed


def test_small_highly_compressible_member_is_not_a_bomb(tmp_path):
    """Negative: 100 KiB of one repeated line compresses >100:1 but is under the 1 MiB floor."""
    archive = make_docs.make_zip({"same.txt": TEXT * 1000}, tmp_path / "ok.zip")
    (inp,) = discover([str(archive)])
    assert inp.error is None


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        (ZipLimits(max_members=2), "members > limit 2"),
        (ZipLimits(max_total_bytes=100), "expands to"),
        (ZipLimits(max_member_bytes=50), "zip member too large"),
    ],
)
def test_archive_limits_give_errors(tmp_path, limits, message):
    archive = make_docs.make_zip({f"{i}.txt": TEXT for i in range(3)}, tmp_path / "in.zip")
    inputs = list(discover([str(archive)], limits))
    assert inputs and all(message in i.error for i in inputs)


def test_within_limits_nothing_is_flagged(tmp_path):
    """Negative for the limits table: the same archive under default limits is clean."""
    archive = make_docs.make_zip({f"{i}.txt": TEXT for i in range(3)}, tmp_path / "in.zip")
    assert [i.error for i in discover([str(archive)])] == [None, None, None]


def _nest(levels: int) -> bytes:
    """levels zips, each inside the next, the innermost holding x.txt."""
    data = _zip_bytes({"x.txt": TEXT})
    for k in range(levels - 1, 0, -1):
        data = _zip_bytes({f"z{k}.zip": data})
    return data


def test_nested_zips_within_depth_are_read(tmp_path):
    path = tmp_path / "a.zip"
    path.write_bytes(_nest(3))
    (inp,) = discover([str(path)])
    assert inp.source == f"{path}!z1.zip!z2.zip!x.txt"
    assert inp.member == "z1.zip!z2.zip!x.txt"
    assert load_bytes(inp) == TEXT


def test_nested_zip_beyond_depth_is_an_error(tmp_path):
    path = tmp_path / "a.zip"
    path.write_bytes(_nest(4))
    (inp,) = discover([str(path)])
    assert inp.source == f"{path}!z1.zip!z2.zip!z3.zip"
    assert inp.error == "nested zip depth exceeds limit 3"
    assert process_input(inp).error == "nested zip depth exceeds limit 3"
    (deeper,) = discover([str(path)], ZipLimits(max_depth=4))
    assert deeper.error is None and load_bytes(deeper, ZipLimits(max_depth=4)) == TEXT


def test_member_names_with_bang_resolve(tmp_path):
    inner = _zip_bytes({"x!y.txt": TEXT})
    archive = make_docs.make_zip({"a!b.zip": inner, "a": b"decoy"}, tmp_path / "in.zip")
    found = {i.member: i for i in discover([str(archive)])}
    assert load_bytes(found["a!b.zip!x!y.txt"]) == TEXT
    assert load_bytes(found["a"]) == b"decoy"


def test_directory_that_lies_about_size_is_caught_while_reading(tmp_path):
    data = _zip_bytes({"x.txt": TEXT * 50})
    path = tmp_path / "liar.zip"
    path.write_bytes(_patch_central(data, 24, "<I", 10))  # uncompressed size field
    (inp,) = discover([str(path)])
    assert inp.error is None and inp.size == 10
    with pytest.raises(IngestError, match="corrupt zip member"):
        load_bytes(inp)
    assert process_input(inp).error.startswith("cannot read: corrupt zip member")


def test_encrypted_member_is_an_error(tmp_path):
    path = tmp_path / "locked.zip"
    path.write_bytes(_patch_central(_zip_bytes({"x.txt": TEXT}), 8, "<H", 0x1))  # general-purpose flag
    (inp,) = discover([str(path)])
    assert inp.error.startswith("encrypted zip member")


def test_corrupt_zip_file_is_an_error_input(tmp_path):
    path = tmp_path / "cut.zip"
    path.write_bytes(_zip_bytes({"x.txt": TEXT * 100})[:60])
    (inp,) = discover([str(path)])
    assert inp.error.startswith("corrupt zip archive")


def test_plain_files_load_as_is(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes(TEXT)
    (inp,) = discover([str(path)])
    assert (inp.source, inp.path, inp.member, inp.size, inp.error) == (str(path), str(path), None, len(TEXT), None)
    assert load_bytes(inp) == TEXT


@pytest.mark.parametrize(
    ("name", "junk"),
    [
        ("__MACOSX/a.txt", True),
        ("x/.DS_Store", True),
        ("._report.pdf", True),
        ("Thumbs.db", True),
        ("report.pdf", False),
        ("MACOSX/a.txt", False),
        ("a/.hidden.txt", False),
        ("gold/d001.json", True),
        ("make_samples.py", True),
        ("README.MD", True),
        ("d001.txt", False),
        ("report.json.txt", False),
        ("scan.dat", False),
    ],
)
def test_is_junk_table(name, junk):
    assert is_junk(name) is junk
