"""Reading corpora/ files for the family loaders of pipeline.data: the only place that parses them.

WHY one reader: a file read by position (``load_lines(...)[0]``) breaks silently when a line is
added; here every file is read into named fields, and a file with the wrong shape stops the run
with its path and the reason (a packaging or editing bug, never a per-document one).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple, TypeVar

from pipeline.resources import corpus_path, load_lines, load_tsv

R = TypeVar("R", bound=tuple)

#: A reference to a shared fragment of corpora/fragments.tsv: {HEADING_NUM}. Lower-case
#: placeholders ({role}, {n}) belong to the files' own templates and are left alone.
_REFERENCE = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
#: Upper-case placeholders filled later by the code that reads the file, not by the loader
#: (pipeline/extract/fact_rules._expand: agency names and years of the agency rules).
LATE_PLACEHOLDERS = frozenset({"ORG", "ANY", "YEAR", "NAME", "REACH"})


@lru_cache(maxsize=1)
def fragments() -> dict[str, str]:
    """The shared fragments, each expanded with the fragments defined above it."""
    table: dict[str, str] = {}
    for cells in load_tsv("fragments.tsv"):
        if len(cells) != 2 or cells[0] in table or cells[0] in LATE_PLACEHOLDERS:
            raise ValueError(f"{corpus_path('fragments.tsv')}: bad or repeated row {cells!r}")
        table[cells[0]] = _expand(cells[1], table, "fragments.tsv")
    return table


def _expand(text: str, table: dict[str, str], where: str) -> str:
    def fill(found: re.Match[str]) -> str:
        name = found.group(1)
        if name in table:
            return table[name]
        if name in LATE_PLACEHOLDERS:
            return found.group()
        raise ValueError(f"{corpus_path(where)}: unknown fragment {{{name}}} (not in corpora/fragments.tsv)")

    return _REFERENCE.sub(fill, text) if "{" in text else text


def _expanded(parts: tuple[str, ...]) -> tuple[str, ...]:
    table = fragments()
    return tuple(_expand(line, table, "/".join(parts)) for line in load_lines(*parts))


def lines(*parts: str) -> tuple[str, ...]:
    """The data lines of a corpora/ file (comment lines skipped, {FRAGMENT} references filled)."""
    return _expanded(parts)


def one(*parts: str) -> str:
    """The single regex of a one-pattern file: more or fewer data lines is an editing mistake."""
    found = _expanded(parts)
    if len(found) != 1:
        raise ValueError(f"{corpus_path(*parts)}: expected exactly one pattern line, found {len(found)}")
    return found[0]


def fields(row_type: type[R], *parts: str) -> R:
    """A file of one pattern a line read into the named fields of `row_type`, in file order."""
    found = _expanded(parts)
    if len(found) != len(row_type._fields):
        raise ValueError(
            f"{corpus_path(*parts)}: expected {len(row_type._fields)} lines "
            f"({', '.join(row_type._fields)}), found {len(found)}"
        )
    return row_type(*found)


def _cells(parts: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for line in _expanded(parts))


def rows(row_type: type[R], *parts: str) -> tuple[R, ...]:
    """The rows of a tab-separated file as `row_type` tuples (at least its required columns)."""
    need = len(row_type._fields) - len(getattr(row_type, "_field_defaults", {}))
    out = []
    for cells in _cells(parts):
        if not need <= len(cells) <= len(row_type._fields):
            raise ValueError(f"{corpus_path(*parts)}: row {cells!r} has {len(cells)} cells, expected {row_type._fields}")
        out.append(row_type(*cells))
    return tuple(out)


class Pair(NamedTuple):
    """A two-column row: a key and its regex or value."""

    key: str
    value: str


def keyed(row_type: type[R], *parts: str) -> R:
    """A `name <TAB> value` file read into the fields of `row_type` by name: a missing, unknown or
    repeated name is an error naming the file (reading by name, so rows may be reordered)."""
    found: dict[str, str] = {}
    for cells in _cells(parts):
        if len(cells) != 2 or cells[0] in found:
            raise ValueError(f"{corpus_path(*parts)}: bad or repeated row {cells!r} (expected name<TAB>value)")
        found[cells[0]] = cells[1]
    if set(found) != set(row_type._fields):
        raise ValueError(
            f"{corpus_path(*parts)}: names {sorted(found)} are not the expected {list(row_type._fields)}"
        )
    return row_type(**found)
