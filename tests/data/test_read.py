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
    caches = (load_lines, load_tsv, read.fragments)
    for cached in caches:
        cached.cache_clear()

    def write(name: str, text: str) -> None:
        (tmp_path / name).write_text("# source: test\n" + text, encoding="utf-8")

    write("fragments.tsv", "DIGIT\t[0-9]\nNUM\t{DIGIT}+\n")
    yield write
    for cached in caches:
        cached.cache_clear()


def _check(read_it, expected, error: str) -> None:
    """`read_it()` returns `expected`, or raises ValueError matching `error` when expected is ValueError."""
    if expected is ValueError:
        with pytest.raises(ValueError, match=error):
            read_it()
    else:
        assert read_it() == expected


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
    _check(lambda: read.one("f.txt"), expected, r"f\.txt: expected exactly one pattern line")


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
    _check(lambda: read.fields(Two, "f.txt"), expected, r"f\.txt: expected 2 lines \(first, second\)")


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
    _check(lambda: read.rows(Optional3, "f.tsv"), expected, r"f\.tsv: row .* cells")


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
    _check(lambda: read.keyed(Two, "f.tsv"), expected, r"f\.tsv: ")


def test_missing_file_names_it(corpora):
    with pytest.raises(FileNotFoundError, match="domain data file missing: .*absent.txt"):
        read.one("absent.txt")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a{DIGIT}b\n", "a[0-9]b"),
        ("{NUM}件\n", "[0-9]+件"),  # a fragment built from the one above it
        ("x{1,3}\n", "x{1,3}"),  # a quantifier is no reference
        ("{role}中\n", "{role}中"),  # lower-case placeholders are the file's own template
        ("(?P<org>{ORG}){YEAR}\n", "(?P<org>{ORG}){YEAR}"),  # filled later by fact_rules._expand
        ("{NOPE}\n", ValueError),  # a reference to no fragment is a typo
    ],
)
def test_fragments_are_filled_in(corpora, text, expected):
    corpora("f.txt", text)
    _check(lambda: read.one("f.txt"), expected, r"f\.txt: unknown fragment \{NOPE\}")


@pytest.mark.parametrize(
    "table",
    [
        "A\tx\nA\ty\n",  # defined twice
        "ORG\tx\n",  # shadows a placeholder the code fills
        "A\t{B}\nB\tx\n",  # uses one defined below it
        "A\n",  # no value
    ],
)
def test_bad_fragment_tables_are_refused(corpora, table):
    corpora("fragments.tsv", table)
    corpora("f.txt", "x\n")
    with pytest.raises(ValueError, match="fragments.tsv"):
        read.one("f.txt")


def test_heading_numbering_is_defined_once():
    """The three heading-number readers (segment, normalise, measures) take the same fragments."""
    from pipeline import data

    top, sub = read.fragments()["HEADING_NUM"], read.fragments()["SUBHEADING_NUM"]
    assert top in data.headings().structure.numbered and top in data.debris().structure.heading
    assert sub in data.debris().structure.heading and sub in data.measure_data().subheadings
