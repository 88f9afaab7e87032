"""The installation's hostile corners (issue 10, item 11, model and run parts).

* A crafted skops file (a schema nested 50,000 deep, or a JSON list) raised an uncaught
  RecursionError/AttributeError: now a ModelError naming the file.
* A refused model failed every document and failed counted as done, so after the model was fixed only
  --force recovered: now a document failed by the installation (error kind 'environment') is recorded
  as not done and the next run redoes it, replacing its failed row.
* jieba's prefix-dictionary cache (marshal, unsafe on crafted data) was one shared file in the temp
  dir that any local user could plant: now it lives in a private per-user folder (0700), or nowhere.
"""

from __future__ import annotations

import marshal
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from run_helpers import assert_same_dataset, make_corpus

from pipeline.batch import run
from pipeline.classify.model import load_skops, model_path
from pipeline.errors import ModelError, error_kind

REPO = Path(__file__).resolve().parents[2]


def _skops(path: Path, schema: str) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("schema.json", schema)
    return path


@pytest.mark.parametrize("schema", [
    "[" * 50_000 + "]" * 50_000,  # nested 50,000 deep
    '{"a": ' * 50_000 + "1" + "}" * 50_000,
    "[]",  # a JSON list where an object belongs
    "17",
    '"text"',
    '{"__class__": 1}',
])
def test_crafted_skops_file_is_a_model_error_naming_it(tmp_path, schema):
    path = _skops(tmp_path / "topics.skops", schema)
    with pytest.raises(ModelError, match=f"topic model: {path}: not a skops model file"):
        load_skops(path)


def test_the_shipped_model_still_loads():
    assert load_skops(model_path()).classes


def test_documents_failed_by_the_model_are_redone_after_it_is_fixed(tmp_path, monkeypatch):
    make_corpus(tmp_path / "in", 3)
    (tmp_path / "bad").mkdir()
    _skops(tmp_path / "bad" / "topics.skops", "[]")
    monkeypatch.setenv("TIBAN_MODELS", str(tmp_path / "bad"))
    first = run([str(tmp_path / "in")], tmp_path / "out", jobs=1, quiet=True)
    assert first.failed == 3
    errors = pd.read_parquet(tmp_path / "out" / "reports.parquet")["error"]
    assert all(error_kind(e) == "environment" for e in errors), list(errors)
    monkeypatch.delenv("TIBAN_MODELS")  # the model is fixed
    second = run([str(tmp_path / "in")], tmp_path / "out", jobs=1, quiet=True)
    assert (second.ok, second.skipped) == (3, 0)  # redone without --force
    third = run([str(tmp_path / "in")], tmp_path / "out", jobs=1, quiet=True)
    assert (third.ok, third.skipped) == (0, 3)  # and done from then on
    run([str(tmp_path / "in")], tmp_path / "clean", jobs=1, quiet=True)
    assert_same_dataset(tmp_path / "out", tmp_path / "clean")  # the failed rows were replaced


def test_a_document_that_fails_on_its_own_still_counts_as_done(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    run([str(tmp_path / "in")], tmp_path / "out", jobs=1, quiet=True)
    again = run([str(tmp_path / "in")], tmp_path / "out", jobs=1, quiet=True)
    assert (again.skipped, again.failed) == (1, 0)


_TOKENS = """
from pipeline.segment.tokenizer import tokenizer
print(" ".join(tokenizer().tokens("关于城市交通的建议")))
"""
PLANTED = "关于城市交通的建议"


def _tokens(tmp_path: Path, cache_home: Path) -> str:
    env = {**os.environ, "TMPDIR": str(tmp_path / "shared"), "XDG_CACHE_HOME": str(cache_home), "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-c", _TOKENS], capture_output=True, text=True, env=env, cwd=REPO, check=True)
    return proc.stdout.strip()


def _plant(shared: Path) -> None:
    """A crafted cache where jieba used to look for it: one word for the whole sentence."""
    shared.mkdir(parents=True, exist_ok=True)
    freq = {PLANTED[:i]: 0 for i in range(1, len(PLANTED))} | {PLANTED: 10**9}
    freq |= {ch: 1 for ch in PLANTED}
    with open(shared / "jieba.cache", "wb") as fh:
        marshal.dump((freq, 10**9 + len(PLANTED)), fh)


@pytest.mark.parametrize("cache_setup", ["fresh", "open to all", "a file in its place"])
def test_a_planted_shared_jieba_cache_changes_no_token(tmp_path, cache_setup):
    _plant(tmp_path / "shared")
    home = tmp_path / "cache"
    home.mkdir()
    if cache_setup == "open to all":
        (home / "tiban").mkdir(mode=0o777)
        os.chmod(home / "tiban", 0o777)
    elif cache_setup == "a file in its place":
        (home / "tiban").write_text("not a folder")
    assert _tokens(tmp_path, home) == "关于 城市交通 的 建议"
    if cache_setup != "a file in its place":
        assert stat.S_IMODE((home / "tiban").stat().st_mode) == 0o700
        assert list((home / "tiban").glob("jieba-*.cache"))
    assert sorted(p.name for p in (tmp_path / "shared").iterdir()) == ["jieba.cache"]  # nothing left in the shared temp dir
