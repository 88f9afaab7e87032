"""pipeline.data.read: corpora files read into named fields, wrong shapes stopped with path and reason.

Each test writes its own corpora/ folder in tmp_path and points TIBAN_CORPORA at it.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from pipeline.data import read
from pipeline.resources import load_lines, load_tsv


class Two(NamedTuple):
    first: str
    second: str


class Optional3(NamedTuple):
    source: str
    target: str
    why: str = ""


@pytest.fixture
def corpora(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A fresh corpora/ in tmp_path; the file caches are cleared before and after."""
    monkeypatch.setenv("TIBAN_CORPORA", str(tmp_path))
    load_lines.cache_clear()
    load_tsv.cache_clear()

    def write(name: str, text: str) -> None:
        (tmp_path / name).write_text("# source: test\n" + text, encoding="utf-8")

    yield write
    load_lines.cache_clear()
    load_tsv.cache_clear()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a+b\n", "a+b"),
        ("# comment\n\nx(?:y)\n", "x(?:y)"),
        ("", ValueError),  # no pattern
        ("a\nb\n", ValueError),  # two patterns where one is read
    ],
)
def test_one(corpora, text, expected):
    corpora("f.txt", text)
    if expected is ValueError:
        with pytest.raises(ValueError, match=r"f\.txt: expected exactly one pattern line"):
            read.one("f.txt")
    else:
        assert read.one("f.txt") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("x\ny\n", Two("x", "y")),
        ("x\n", ValueError),  # a line missing
        ("x\ny\nz\n", ValueError),  # a line too many: reading by position would take the wrong ones
    ],
)
def test_fields(corpora, text, expected):
    corpora("f.txt", text)
    if expected is ValueError:
        with pytest.raises(ValueError, match=r"f\.txt: expected 2 lines \(first, second\)"):
            read.fields(Two, "f.txt")
    else:
        assert read.fields(Two, "f.txt") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a\tb\n", (Optional3("a", "b"),)),
        ("a\tb\twhy\n", (Optional3("a", "b", "why"),)),
        ("a\n", ValueError),  # a required column missing
        ("a\tb\tc\td\n", ValueError),  # a column too many
    ],
)
def test_rows(corpora, text, expected):
    corpora("f.tsv", text)
    if expected is ValueError:
        with pytest.raises(ValueError, match=r"f\.tsv: row .* cells"):
            read.rows(Optional3, "f.tsv")
    else:
        assert read.rows(Optional3, "f.tsv") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("second\ty\nfirst\tx\n", Two("x", "y")),  # by name, any order
        ("first\tx\n", ValueError),  # a name missing
        ("first\tx\nsecond\ty\nthird\tz\n", ValueError),  # an unknown name
        ("first\tx\nfirst\tz\nsecond\ty\n", ValueError),  # a name twice
    ],
)
def test_keyed(corpora, text, expected):
    corpora("f.tsv", text)
    if expected is ValueError:
        with pytest.raises(ValueError, match=r"f\.tsv: "):
            read.keyed(Two, "f.tsv")
    else:
        assert read.keyed(Two, "f.tsv") == expected


def test_missing_file_names_it(corpora):
    with pytest.raises(FileNotFoundError, match="domain data file missing: .*absent.txt"):
        read.one("absent.txt")
