"""A corpora file of the wrong shape fails each document with the file's path and the reason.

Real runs in a fresh process (the loaders cache per process) on a copy of corpora/ with one file
broken; the documents are invented (tests/run_helpers.py), written to tmp_path.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.resources import corpora_dir
from run_helpers import make_corpus


def _broken_corpora(tmp_path: Path, name: str, extra: str) -> Path:
    root = tmp_path / "corpora"
    shutil.copytree(corpora_dir(), root, ignore=shutil.ignore_patterns("samples*", "holdout*"))
    with (root / name).open("a", encoding="utf-8") as handle:
        handle.write(extra)
    return root


@pytest.mark.parametrize(
    "name, extra, reason",
    [
        ("extract/measures/class_legend.txt", "x\n", "expected exactly one pattern line, found 2"),
        ("extract/measures/body_connectors.txt", "y\n", "expected 3 lines (coordinator, prefix, suffix), found 4"),
        ("normalise/structure.tsv", "heading\tz\n", "bad or repeated row"),
        ("segment/heading_kinds.tsv", "{NO_SUCH}\n", "unknown fragment {NO_SUCH}"),
        ("extract/facts/doctype_signals.tsv", "", None),  # unchanged: the run succeeds
    ],
)
def test_broken_file_fails_documents_naming_it(tmp_path: Path, name: str, extra: str, reason: str | None) -> None:
    root = _broken_corpora(tmp_path, name, extra)
    make_corpus(tmp_path / "in", 2)
    env = {**os.environ, "TIBAN_CORPORA": str(root)}
    cli = [sys.executable, "-m", "pipeline.cli", "run", str(tmp_path / "in"), "-o", str(tmp_path / "out")]
    done = subprocess.run([*cli, "--format", "jsonl", "-q", "-j", "1"], env=env, capture_output=True, text=True)
    rows = [json.loads(line) for line in (tmp_path / "out" / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 2
    if reason is None:
        assert done.returncode == 0 and {r["status"] for r in rows} == {"ok"}
        return
    assert done.returncode == 1
    for row in rows:
        assert row["status"] == "failed"
        assert str(root / name) in row["error"] and reason in row["error"]
