"""Kill-and-resume: a real run in a real process, SIGKILLed at several moments, then run again.

The run is slowed down with the test hook (each document sleeps 0.04 s in its worker, see
pipeline.engine.hooks) so kills land mid-run, between and during part commits. After every kill
the next run must finish the job, and the end result must equal one clean run: nothing lost,
nothing twice.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from run_helpers import assert_same_dataset, make_corpus

from pipeline.batch import run

REPO = Path(__file__).resolve().parents[2]
N_DOCS = 60
SLEEP = "#tiban-test:sleep=0.04\n"  # 60 docs x 0.04 s / 2 workers ≈ 1.2 s of run to kill into

_SCRIPT = """
import sys
from pipeline.batch import run
run([sys.argv[1]], sys.argv[2], fmt=sys.argv[3], jobs=2, batch_size=3, quiet=True)
"""


def _start(src: Path, out: Path, fmt: str) -> subprocess.Popen:
    env = {**os.environ, "TIBAN_TEST_HOOKS": "1", "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-c", _SCRIPT, str(src), str(out), fmt], env=env, cwd=REPO)


def _commits(out: Path) -> int:
    try:
        return (out / "manifest.jsonl").read_text(encoding="utf-8").count('"kind": "commit"')
    except FileNotFoundError:
        return 0


def _kill_after(proc: subprocess.Popen, out: Path, commits: int) -> None:
    """SIGKILL the run once the manifest has `commits` commit lines (or it finished on its own)."""
    deadline = time.monotonic() + 120
    while _commits(out) < commits and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_killed_runs_resume_to_exactly_one_clean_run(tmp_path, monkeypatch, fmt):
    monkeypatch.setenv("TIBAN_TEST_HOOKS", "1")
    src, out = tmp_path / "in", tmp_path / "out"
    make_corpus(src, N_DOCS, prefix=SLEEP)
    for commits in (0, 2, 5, 9):  # killed during start-up, then at three points mid-run
        _kill_after(_start(src, out, fmt), out, commits)
    killed_commits = _commits(out)
    assert 0 < killed_commits < N_DOCS // 3, "the kills should land mid-run"
    resumed = run([str(src)], out, fmt=fmt, jobs=2, batch_size=3, quiet=True)
    assert resumed.skipped > 0 and resumed.skipped + resumed.ok == N_DOCS
    run([str(src)], tmp_path / "clean", fmt=fmt, jobs=2, quiet=True)
    assert_same_dataset(out, tmp_path / "clean", fmt)
    if fmt == "parquet":
        reports = pd.read_parquet(out / "reports.parquet")
        assert len(reports) == N_DOCS and reports["source"].is_unique
        assert not list((out / "reports.parquet").glob(".*"))  # no temporary part left behind


def test_torn_manifest_line_is_cut_and_run_completes(tmp_path, monkeypatch):
    """A kill in the middle of writing a manifest line leaves a torn line: that commit never happened."""
    src, out = tmp_path / "in", tmp_path / "out"
    make_corpus(src, 4)
    run([str(src)], out, jobs=1, quiet=True, batch_size=2)
    with open(out / "manifest.jsonl", "ab") as fh:
        fh.write(b'{"kind": "commit", "part": "999", "docs": [["x", "y"')
    again = run([str(src)], out, jobs=1, quiet=True)
    assert again.skipped == 4
    assert (out / "manifest.jsonl").read_bytes().endswith(b"\n")
    assert len(pd.read_parquet(out / "reports.parquet")) == 4
