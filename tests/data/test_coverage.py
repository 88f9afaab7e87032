"""Every domain data file under corpora/ is read by a loader of pipeline.data.

A file no loader reads is dead data (edited in vain) or a file some module reads around the
loaders; either way this test names it. Test corpora (samples, samples_src, holdout*) are inputs,
not domain data, and a few files are set aside below with their reason.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline import data
from pipeline.resources import READ, corpora_dir

#: Folders of test documents, not domain data (holdout, holdout_c, holdout_d ...).
TEST_CORPORA = ("samples", "samples_src")
TEST_CORPORA_PREFIX = "holdout"
#: Files no pipeline loader reads, each with why it stays.
SET_ASIDE = {
    "topics/README.md": "documentation of the classifier data, for people",
    "engine/bench_sentences.txt": "read by bench/throughput.py only (issue 8 item 6 decides whether it stays)",
}


def unread(root: Path, read: set[str]) -> list[str]:
    """Files under `root` (relative, '/'-separated) that are not test corpora, not set aside and not in `read`."""
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        top = rel.split("/")[0] if "/" in rel else None
        in_test_corpus = top is not None and (top in TEST_CORPORA or top.startswith(TEST_CORPORA_PREFIX))
        if in_test_corpus or rel in SET_ASIDE or rel in read:
            continue
        found.append(rel)
    return found


@pytest.mark.parametrize(
    "files, read, expected",
    [
        (["a/x.txt", "a/y.tsv"], {"a/x.txt", "a/y.tsv"}, []),
        (["a/x.txt", "a/y.tsv"], {"a/x.txt"}, ["a/y.tsv"]),  # a file no loader reads is named
        (["samples/d.txt", "holdout_c/d.txt", "samples_src/d.txt"], set(), []),  # test corpora
        (["topics/README.md"], set(), []),  # set aside
        (["samplesx.txt", "samples2/d.txt"], set(), ["samples2/d.txt", "samplesx.txt"]),  # not test folders
        (["dict/new.txt"], {"dict/user_dict.txt"}, ["dict/new.txt"]),
    ],
)
def test_unread_names_files_no_loader_reads(tmp_path, files, read, expected):
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("# source: test\n", encoding="utf-8")
    assert unread(tmp_path, read) == expected


def test_every_corpora_file_is_read_by_a_loader():
    for name in data.__all__:
        getattr(data, name)()  # every family function takes no arguments, or defaults
    assert unread(corpora_dir(), READ) == []


def test_set_aside_files_exist():
    """A set-aside entry for a file that is gone hides nothing: keep the list honest."""
    assert [name for name in SET_ASIDE if not (corpora_dir() / name).exists()] == []


#: The names through which a module could read corpora/ around pipeline.data.
_READERS = re.compile(r"\b(?:load_lines|load_tsv|corpus_path|corpora_dir)\b|[\"'][\w/]+\.(?:txt|tsv|csv)[\"']")
#: Strings that name no corpora file (a file-name example in a docstring, the txt format's extension).
_NOT_CORPORA = {'"report.txt"', '".txt"'}


def readers_outside_data(root: Path) -> list[str]:
    """'path:line' of every module outside pipeline/data and resources.py that names a corpora
    reader or a data file name: file names belong in pipeline/data only."""
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent).as_posix()
        if rel.startswith("pipeline/data/") or rel == "pipeline/resources.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            hits = [m.group() for m in _READERS.finditer(line) if m.group() not in _NOT_CORPORA]
            if hits:
                found.append(f"{rel}:{number}")
    return found


@pytest.mark.parametrize(
    "source, expected",
    [
        ("x = data.headings()\n", []),
        ("from pipeline.resources import load_lines\n", ["pipeline/m.py:1"]),
        ("rows = read('extract', 'facts', 'year_patterns.tsv')\n", ["pipeline/m.py:1"]),
        ('ext = {".txt": "txt"}\n', []),
    ],
)
def test_readers_outside_data_are_found(tmp_path: Path, source: str, expected: list[str]) -> None:
    (tmp_path / "pipeline").mkdir()
    (tmp_path / "pipeline" / "m.py").write_text(source, encoding="utf-8")
    assert readers_outside_data(tmp_path / "pipeline") == expected


def test_only_pipeline_data_names_corpora_files() -> None:
    import pipeline

    assert readers_outside_data(Path(pipeline.__file__).parent) == []
