"""A damaged manifest never costs committed rows (issue 10, item 1).

Recipe of the issue: run folder A, then B, into O; damage O/manifest.jsonl; run C into O. Before the
fix only C's rows were left (exit 0): `recover` deleted every part the manifest no longer named, or a
rerun skipped inputs whose rows were gone. Now the run stops (ManifestError, exit 2 from the CLI)
before any file changes, and ``--rebuild-manifest`` remakes the manifest from the parts, after which
the dataset equals one clean run over A, B and C.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from run_helpers import assert_same_dataset, make_corpus

from pipeline.batch import run
from pipeline.errors import ManifestError

REPO = Path(__file__).resolve().parents[2]


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")[:-1]


def _write_lines(path: Path, lines: list[bytes]) -> None:
    path.write_bytes(b"".join(line + b"\n" for line in lines))


def _cut_end(lines, i):
    lines[i] = lines[i][:-7]


def _change_part_digit(lines, i):
    line = json.loads(lines[i])
    part = line["part"]
    line["part"] = part[:-1] + ("1" if part[-1] != "1" else "2")
    lines[i] = json.dumps(line).encode()


def _nul(lines, i):
    lines[i] = b"\0" * 20


def _not_utf8(lines, i):
    lines[i] = lines[i].replace("doc".encode(), b"\xff\xfe", 1)


def _wrong_shape_list(lines, i):
    lines[i] = b'["commit", "p", []]'


def _wrong_shape_keys(lines, i):
    line = json.loads(lines[i])
    del line["docs"]
    lines[i] = json.dumps(line).encode()


def _wrong_shape_entry(lines, i):
    line = json.loads(lines[i])
    line["docs"][0] = line["docs"][0][:3]
    lines[i] = json.dumps(line).encode()


def _cut_last_line(lines, i):  # B's commit, the last line, loses its end: looks torn, but B's part is visible
    lines[-1] = lines[-1][:-7]


DAMAGE = {
    "a committed line cut short": _cut_end,
    "one digit of a part id changed": _change_part_digit,
    "a NUL line": _nul,
    "non-UTF-8 bytes in a line": _not_utf8,
    "a JSON list instead of an object": _wrong_shape_list,
    "a commit without docs": _wrong_shape_keys,
    "a commit entry of three fields": _wrong_shape_entry,
    "the last committed line cut short": _cut_last_line,
}


@pytest.fixture
def a_b_into_o(tmp_path):
    for name, start in (("A", 0), ("B", 10), ("C", 20)):
        make_corpus(tmp_path / name, 3, start=start)
    out = tmp_path / "O"
    run([str(tmp_path / "A")], out, jobs=1, quiet=True)
    run([str(tmp_path / "B")], out, jobs=1, quiet=True)
    return tmp_path, out


def _snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and p.name != ".lock"}


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_damaged_manifest_stops_the_run_and_the_parts_rebuild_it(a_b_into_o, damage):
    root, out = a_b_into_o
    manifest = out / "manifest.jsonl"
    lines = _lines(manifest)
    assert [json.loads(x)["kind"] for x in lines] == ["header", "commit", "commit"]
    DAMAGE[damage](lines, 1)
    _write_lines(manifest, lines) if damage != "the last committed line cut short" else manifest.write_bytes(
        b"".join(x + b"\n" for x in lines[:-1]) + lines[-1])
    before = _snapshot(out)
    with pytest.raises(ManifestError, match="manifest cannot be trusted.*--rebuild-manifest"):
        run([str(root / "C")], out, jobs=1, quiet=True)
    assert _snapshot(out) == before  # nothing deleted, nothing appended
    run([str(root / "C")], out, jobs=1, quiet=True, rebuild_manifest=True)
    run([str(root / d) for d in "ABC"], out, jobs=1, quiet=True)  # all done: nothing twice
    run([str(root / d) for d in "ABC"], root / "clean", jobs=1, quiet=True)
    assert_same_dataset(out, root / "clean")
    assert list(out.glob("manifest.jsonl.damaged-*"))  # the damaged manifest is kept for a look


def test_deleted_manifest_stops_the_run_and_rebuild_counts_unchanged_files_done(a_b_into_o):
    root, out = a_b_into_o
    (out / "manifest.jsonl").unlink()
    before = _snapshot(out)
    with pytest.raises(ManifestError, match="does not name"):
        run([str(root / "A")], out, jobs=1, quiet=True)
    assert _snapshot(out) == before
    summary = run([str(root / "A"), str(root / "B")], out, jobs=1, quiet=True, rebuild_manifest=True)
    assert (summary.skipped, summary.ok) == (6, 0)  # their files still hash to the parts' doc_ids
    run([str(root / "A"), str(root / "B")], root / "clean", jobs=1, quiet=True)
    assert_same_dataset(out, root / "clean")


@pytest.mark.parametrize("tail, kept", [
    (b'{"kind": "commit", "part": "9", "do', 3),  # torn by a kill mid-append: dropped, as before
    (b"not json\n", 3),  # an unreadable last line, never committed (no part of it is visible)
])
def test_only_an_uncommitted_last_line_is_dropped(a_b_into_o, tail, kept):
    root, out = a_b_into_o
    with open(out / "manifest.jsonl", "ab") as fh:
        fh.write(tail)
    summary = run([str(root / "A"), str(root / "C")], out, jobs=1, quiet=True)
    assert (summary.skipped, summary.ok) == (3, 3)
    assert len(_lines(out / "manifest.jsonl")) == kept + 1  # header, A, B, then C's commit


def test_cli_exits_2_naming_the_manifest_and_deletes_nothing(a_b_into_o):
    root, out = a_b_into_o
    lines = _lines(out / "manifest.jsonl")
    _cut_end(lines, 1)
    _write_lines(out / "manifest.jsonl", lines)
    before = _snapshot(out)
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", str(root / "C"), "-o", str(out), "-q"],
                          capture_output=True, text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == 2, proc.stderr
    assert str(out / "manifest.jsonl") in proc.stderr and "line 2 is damaged" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert _snapshot(out) == before
