"""Names and links a folder or archive may hold (issue 10, items 2, 3, 6 and 11): each case is a real
folder or zip written to tmp_path, discovered and read the way a run does (discover → process_input).

* a file name that is not UTF-8 gets a valid `source` (bytes escaped, flag source_name_not_utf8)
  and is read by its real path;
* a zip member flagged UTF-8 whose name bytes are not UTF-8 no longer stops discovery;
* two members of one name are both kept (the second as name#2);
* a symlink to a file outside the input folder is not read; a subfolder that cannot be listed is
  a failed row, not silence.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from pipeline.core import process_input
from pipeline.ingest import discover, load_bytes
from pipeline.ingest.folders import NAME_NOT_UTF8, source_name

GOOD = "某县人民政府关于建议办理情况的报告\n今年共承办建议12件，办结率100%。\n"
SECRET = "root:x:0:0:this must never be read\n"


def _run(inputs: list[str]) -> dict[str, object]:
    """source → report, for every discovered input, processed as a worker does."""
    return {inp.source: process_input(inp) for inp in discover(inputs)}


@pytest.mark.parametrize(
    ("name", "want", "flags"),
    [
        ("p\udcff.txt", "p\\xff.txt", (NAME_NOT_UTF8,)),  # the bytes b"p\xff.txt" as os.listdir gives them
        ("\udce4\udcbd.txt", "\\xe4\\xbd.txt", (NAME_NOT_UTF8,)),  # a cut UTF-8 sequence
        ("\ud800x.txt", "\\xed\\xa0\\x80x.txt", (NAME_NOT_UTF8,)),  # a surrogate no file system makes
        ("报告.txt", "报告.txt", ()),  # negative: valid names unchanged
        ("a\\xff.txt", "a\\xff.txt", ()),  # negative: a literal backslash is a valid name
    ],
)
def test_source_name(name, want, flags):
    assert source_name(name) == (want, flags)


def test_file_name_not_utf8_is_read_and_named_validly(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    bad = os.path.join(os.fsencode(folder), b"p\xff.txt")
    with open(bad, "wb") as fh:
        fh.write(GOOD.encode("gbk"))
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    reports = _run([str(folder)])
    escaped = f"{folder}/p\\xff.txt"
    assert sorted(reports) == sorted([escaped, str(folder / "good.txt")])
    assert reports[escaped].ok and reports[escaped].original == GOOD
    assert NAME_NOT_UTF8 in reports[escaped].flags
    assert NAME_NOT_UTF8 not in reports[str(folder / "good.txt")].flags
    for report in reports.values():
        report.source.encode("utf-8")  # what the writer does: must not raise


def _zip_with_bad_name(path: Path, extra: dict[str, bytes]) -> Path:
    """A zip whose member 'pÿ.txt' is flagged UTF-8 but has its name bytes damaged to b'p\\xff\\xbf.txt'."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("p\u00ff.txt", GOOD.encode("utf-8"))  # non-ASCII name: zipfile sets the UTF-8 flag
        for name, data in extra.items():
            zf.writestr(name, data)
    data = path.read_bytes()
    assert data.count(b"p\xc3\xbf.txt") == 2  # local header and central directory
    path.write_bytes(data.replace(b"p\xc3\xbf.txt", b"p\xff\xbf.txt"))
    return path


def test_zip_member_name_not_utf8_does_not_stop_discovery(tmp_path):
    archive = _zip_with_bad_name(tmp_path / "a.zip", {"good.txt": GOOD.encode(), "二.txt": GOOD.encode("gbk")})
    with pytest.raises(UnicodeDecodeError):
        zipfile.ZipFile(archive)  # what discovery met before: no row at all
    reports = _run([str(archive)])
    bad = f"{archive}!p\\xff\\xbf.txt"
    assert sorted(reports) == sorted([bad, f"{archive}!good.txt", f"{archive}!二.txt"])
    assert all(r.ok for r in reports.values()), [r.error for r in reports.values()]
    assert reports[bad].original == GOOD and NAME_NOT_UTF8 in reports[bad].flags
    assert NAME_NOT_UTF8 not in reports[f"{archive}!good.txt"].flags
    assert reports[f"{archive}!二.txt"].original == GOOD  # a good UTF-8 name beside it stays readable


def test_nested_zip_with_bad_member_name(tmp_path):
    inner = _zip_with_bad_name(tmp_path / "inner.zip", {})
    outer = tmp_path / "outer.zip"
    with zipfile.ZipFile(outer, "w") as zf:
        zf.writestr("inner.zip", inner.read_bytes())
        zf.writestr("x.txt", GOOD.encode())
    reports = _run([str(outer)])
    bad = f"{outer}!inner.zip!p\\xff\\xbf.txt"
    assert set(reports) == {bad, f"{outer}!x.txt"}
    assert reports[bad].ok and NAME_NOT_UTF8 in reports[bad].flags


@pytest.mark.parametrize(
    ("members", "want"),
    [
        ([("a.txt", "一"), ("a.txt", "二")], {"a.txt": "一", "a.txt#2": "二"}),
        ([("a.txt", "一"), ("a.txt", "二"), ("a.txt", "三")], {"a.txt": "一", "a.txt#2": "二", "a.txt#3": "三"}),
        ([("a.txt", "一"), ("a.txt#2", "真"), ("a.txt", "二")], {"a.txt": "一", "a.txt#2": "真", "a.txt#3": "二"}),
        ([("a.txt", "一"), ("b.txt", "二")], {"a.txt": "一", "b.txt": "二"}),  # negative: nothing renamed
    ],
)
def test_duplicate_member_names_are_all_kept(tmp_path, members, want):
    archive = tmp_path / "d.zip"
    with pytest.warns(UserWarning) if len({n for n, _ in members}) < len(members) else _nothing():
        with zipfile.ZipFile(archive, "w") as zf:
            for name, text in members:
                zf.writestr(name, (GOOD + text).encode())
    inputs = list(discover([str(archive)]))
    got = {inp.member: load_bytes(inp).decode()[len(GOOD) :] for inp in inputs}
    assert got == want
    assert len({inp.source for inp in inputs}) == len(members)


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_symlink_out_of_the_input_folder_is_not_read(tmp_path):
    outside = tmp_path / "passwd"
    outside.write_text(SECRET, encoding="utf-8")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "real.txt").write_text(GOOD, encoding="utf-8")
    (folder / "p.txt").symlink_to(outside)
    (folder / "sub" / "up.txt").symlink_to("../../passwd")  # relative link climbing out
    (folder / "inside.txt").symlink_to(folder / "real.txt")  # negative: a link within the folder is read
    reports = _run([str(folder)])
    assert set(reports) == {str(folder / n) for n in ("real.txt", "p.txt", "sub/up.txt", "inside.txt")}
    for name in ("p.txt", "sub/up.txt"):
        report = reports[str(folder / name)]
        assert report.status == "failed" and "symlink to a file outside the input folder" in report.error
        assert "root:x" not in report.original
    assert reports[str(folder / "inside.txt")].ok and reports[str(folder / "inside.txt")].original == GOOD
    assert reports[str(folder / "real.txt")].ok


def test_symlink_named_on_the_command_line_is_read(tmp_path):
    """Negative: a file the user names explicitly is read, link or not (no folder to stay inside)."""
    target = tmp_path / "doc.txt"
    target.write_text(GOOD, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(target)
    reports = _run([str(tmp_path / "link.txt")])
    assert reports[str(tmp_path / "link.txt")].ok


_DEEP = "d" * 200


def _too_deep(folder: Path) -> int:
    """A real chain of subfolders whose full path is longer than PATH_MAX (4096 on Linux): listing
    it by path fails with ENAMETOOLONG even for root (chmod 000 does not stop root). Its depth."""
    fd, depth = os.open(folder, os.O_RDONLY), 0
    try:
        while len(str(folder)) + depth * (len(_DEEP) + 1) < 4200:
            os.mkdir(_DEEP, dir_fd=fd)
            nxt = os.open(_DEEP, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd, depth = nxt, depth + 1
    finally:
        os.close(fd)
    return depth


def _remove_deep(folder: Path, depth: int) -> None:
    """Remove the chain again (by file descriptors): other tests walk the temporary root by path."""
    fds = [os.open(folder, os.O_RDONLY)]
    for _ in range(depth - 1):
        fds.append(os.open(_DEEP, os.O_RDONLY, dir_fd=fds[-1]))
    for fd in reversed(fds):
        os.rmdir(_DEEP, dir_fd=fd)
        os.close(fd)


def test_unlistable_subfolder_is_a_failed_row(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    depth = _too_deep(folder)
    try:
        reports = _run([str(folder)])
    finally:
        _remove_deep(folder, depth)
    assert reports[str(folder / "a.txt")].ok
    failed = [r for s, r in reports.items() if s != str(folder / "a.txt")]
    assert len(failed) == 1 and failed[0].status == "failed"
    assert failed[0].error.startswith("cannot read folder:") and failed[0].source.startswith(str(folder / _DEEP))


@pytest.mark.skipif(os.geteuid() == 0, reason="root lists a chmod-000 folder anyway")
def test_permission_denied_subfolder_is_a_failed_row(tmp_path):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "locked").chmod(0)
    try:
        reports = _run([str(folder)])
    finally:
        (folder / "locked").chmod(0o755)
    assert reports[str(folder / "locked")].error.startswith("cannot read folder:")


@pytest.mark.parametrize("damage", [b"\x00\x00\xff\xff", b"\xff" * 8])
def test_damaged_deflate_data_is_a_corrupt_member(tmp_path, damage):
    """Found by bench/fuzz_ingest.py: zlib.error escaped read_member (a raw 'cannot read: error: ...')."""
    archive = tmp_path / "z.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", (GOOD * 20).encode())
        zf.writestr("b.txt", GOOD.encode())
    data = bytearray(archive.read_bytes())
    start = data.index(b"a.txt") + len("a.txt")  # the first bytes of a.txt's deflate stream
    data[start : start + len(damage)] = damage
    archive.write_bytes(bytes(data))
    reports = _run([str(archive)])
    bad = reports[f"{archive}!a.txt"]
    assert bad.status == "failed" and bad.error.startswith("cannot read: corrupt zip member a.txt:"), bad.error
    assert reports[f"{archive}!b.txt"].ok


def test_member_name_damaged_in_its_local_header_only(tmp_path):
    """The directory's name is good UTF-8, the local header's copy is not: a corrupt member, others read."""
    archive = tmp_path / "l.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("p\u00ff.txt", GOOD.encode())
        zf.writestr("good.txt", GOOD.encode())
    data = archive.read_bytes()
    first = data.index(b"p\xc3\xbf.txt")  # the local header comes first, the directory at the end
    archive.write_bytes(data[:first] + b"p\xff\xbf.txt" + data[first + 7 :])
    reports = _run([str(archive)])
    bad = reports[f"{archive}!p\u00ff.txt"]
    assert bad.status == "failed" and bad.error.startswith("cannot read: corrupt zip member"), bad.error
    assert reports[f"{archive}!good.txt"].ok


@pytest.mark.parametrize("name", [b"\x00\x00\x00\x00\x00", b"\x00aaaa"])
def test_member_named_with_nul_bytes_does_not_stop_discovery(tmp_path, name):
    """Found by bench/fuzz_ingest.py: zipfile cuts a name at its first NUL, and ZipInfo.is_dir()
    raised IndexError on the empty name that is left: no rows at all."""
    archive = tmp_path / "n.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("aaaaa", GOOD.encode())
        zf.writestr("good.txt", GOOD.encode())
    archive.write_bytes(archive.read_bytes().replace(b"aaaaa", name))
    reports = _run([str(archive)])
    assert reports[f"{archive}!good.txt"].ok
    assert len(reports) == 2 and all(r.ok for r in reports.values()), [r.error for r in reports.values()]


def test_damaged_mimetype_member_does_not_stop_discovery(tmp_path):
    """A package's 'mimetype' member with damaged deflate data: zip_kind's read raised zlib.error
    in discovery. Now the archive is an (unsupported) OpenDocument-style package: one failed row."""
    archive = tmp_path / "m.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", b"application/vnd.oasis.opendocument.text" * 4)
        zf.writestr("good.txt", GOOD.encode())
    data = bytearray(archive.read_bytes())
    start = data.index(b"mimetype") + len("mimetype")
    data[start : start + 8] = b"\xff" * 8
    archive.write_bytes(bytes(data))
    reports = _run([str(archive)])
    assert list(reports) == [str(archive)]
    assert reports[str(archive)].status == "failed"
    assert reports[str(archive)].error.startswith("unsupported format: OpenDocument file")


def test_zip_needing_a_newer_version_is_one_failed_row(tmp_path):
    """Found by bench/fuzz_ingest.py: a directory entry whose 'version needed to extract' is 6.4
    made zipfile raise NotImplementedError while opening: discovery stopped, no rows."""
    archive = tmp_path / "v.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("a.txt", GOOD.encode())
    data = bytearray(archive.read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 6] = 64  # version needed to extract: 6.4
    archive.write_bytes(bytes(data))
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    reports = _run([str(archive), str(tmp_path / "b.txt")])
    assert reports[str(archive)].status == "failed"
    assert reports[str(archive)].error == "corrupt zip archive: unsupported zip feature: zip file version 6.4"
    assert reports[str(tmp_path / "b.txt")].ok
