"""A full disk or an OUTDIR that cannot be written stops the run cleanly (issue 10, item 9).

Before: a raw OSError traceback with exit 1 (the code for "some documents failed"); with --format jsonl
reports.jsonl was already new while measures.jsonl stayed old, and .tmp files stayed behind.
Now: exit 2 with one line naming the folder and the reason, the visible tables all of the old state,
no temporary file left, and a rerun once there is room ends with the dataset of one clean run.

How the faults are made real on this machine (tests run as root, so permission bits mean nothing):
* unwritable: OUTDIR below a regular file, so every mkdir/open under it fails with ENOTDIR;
* disk full: the run in a subprocess with RLIMIT_FSIZE (``ulimit -f``), so a write past the limit
  fails with a real OSError(EFBIG, "File too large") from the kernel, as ENOSPC would (Python
  ignores SIGXFSZ, so the write returns the error instead of killing the process).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from run_helpers import assert_same_dataset, make_corpus

from pipeline.batch import run

REPO = Path(__file__).resolve().parents[2]


def _tiban(args: list[str], fsize: int | None = None) -> subprocess.CompletedProcess:
    def limit() -> None:
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run([sys.executable, "-m", "pipeline.cli", "run", *args, "-q", "-j", "1"],
                          capture_output=True, text=True, cwd=REPO, preexec_fn=limit,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


def _visible(out: Path) -> dict[str, bytes]:
    tables = [p for p in out.iterdir() if p.suffix in (".jsonl", ".csv") and p.name != "manifest.jsonl"]
    return {p.name: p.read_bytes() for p in tables}


def _temporary(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".rewrite-")]


@pytest.mark.parametrize("outdir", ["a-file/out", "a-file"])
def test_outdir_that_cannot_be_made_is_exit_2_naming_it(tmp_path, outdir):
    make_corpus(tmp_path / "in", 1)
    (tmp_path / "a-file").write_text("not a folder")
    proc = _tiban([str(tmp_path / "in"), "-o", str(tmp_path / outdir)])
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    reason = "Not a directory" if "/" in outdir else "is a file"  # the second is click's own check
    assert str(tmp_path / outdir) in proc.stderr and reason in proc.stderr


@pytest.mark.parametrize("fmt, fsize", [
    ("jsonl", 24_000),  # parts of 30 docs (< 12 KB each) fit; measures.jsonl/sections.jsonl (~40 KB) do not
    ("csv", 24_000),
    ("parquet", 2_000),  # a part file (> 2 KB even empty) does not fit
])
def test_full_disk_leaves_the_old_tables_and_no_temporary_file(tmp_path, fmt, fsize):
    make_corpus(tmp_path / "A", 4)
    make_corpus(tmp_path / "B", 30, start=10)
    out = tmp_path / "O"
    run([str(tmp_path / "A")], out, fmt=fmt, jobs=1, quiet=True)
    before = _visible(out)
    proc = _tiban([str(tmp_path / "A"), str(tmp_path / "B"), "-o", str(out), "--format", fmt], fsize=fsize)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "File too large" in proc.stderr and str(out) in proc.stderr
    assert _visible(out) == before  # every table of the old state, none half new
    assert _temporary(out) == []
    run([str(tmp_path / "A"), str(tmp_path / "B")], out, fmt=fmt, jobs=1, quiet=True)  # room again: goes on
    run([str(tmp_path / "A"), str(tmp_path / "B")], tmp_path / "clean", fmt=fmt, jobs=1, quiet=True)
    assert_same_dataset(out, tmp_path / "clean", fmt)
