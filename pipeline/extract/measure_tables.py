"""Counts in flattened tables: PDF and HTML tables reach the text one cell per line.

Two kinds of row are read, each only under a header cell that names an item-count column (件数):
- a class letter and its count (dev b029: 'A' / '114' / '68.68'), when a legend elsewhere in the text
  gives the letter its meaning (ANNOTATION.md: classes go by meaning, never by letter);
- a body label and its cells (invented after holdout_c hC12: header '类别/件数/已办结/满意', rows
  '人大代表建议/9/9/8', '政协提案/12/12/11'): the cell under 件数 is that body's total. The row must
  have exactly one cell per header column, so a table whose shape is unclear gives nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline import data
from pipeline.extract import measure_body
from pipeline.extract.measure_view import Hit

#: How far (characters) a table row may sit after its header cell; b029's rows end 70 characters after.
HEADER_REACH = 200
_ROW = re.compile(r"(?<=\n)([A-Da-d])\n(\d+)(?=\n)")
#: A header cell is a short line without digits; the longest in dev b029 and hC12 is 6 (百分比(%)).
HEADER_CELL = 8
#: Header columns read at most (hC12 has 5; a wider "table" is more likely a list of short lines).
MAX_COLUMNS = 8
#: A numeric cell; the view glues a CJK label line to the digit line after it ('政协提案12').
_CELL = re.compile(r"\d+(?:\.\d+)?")
_LABELLED = re.compile(r"([^\d\n]{1,12})(\d+(?:\.\d+)?)")


@lru_cache(maxsize=1)
def _header() -> re.Pattern[str]:
    cells = sorted(data.measure_data().table_headers, key=len, reverse=True)
    return re.compile("|".join(f"(?:^|(?<=\\n)){re.escape(c)}(?=\\n)" for c in cells))


def table_counts(view_text: str, legend: dict[str, str], body: str) -> list[Hit]:
    """Hits for table rows 'letter / count' under an item-count header, letters read via `legend`."""
    if not legend:
        return []
    hits: list[Hit] = []
    for header in _header().finditer(view_text):
        window_end = header.end() + HEADER_REACH
        for row in _ROW.finditer(view_text, header.end(), window_end):
            metric = legend.get(row.group(1).upper())
            if metric:
                hits.append(Hit(metric, body, float(row.group(2)), "eq", row.start(), row.end(), "count_table"))
    return hits


def _is_header_cell(line: str) -> bool:
    return 0 < len(line) <= HEADER_CELL and not any(ch.isdigit() for ch in line) and not line.endswith(":")


def _header_row(lines: list[str], at: int) -> tuple[int, int, int]:
    """(line after the header row, value cells per row, index of the count among them) for the 件数
    cell at line `at`. The header row is the short digit-free lines around it; when 件数 opens it, the
    label column's header ('类别') was glued to the sentence before (a long line keeps no break)."""
    first = at
    while first > 0 and _is_header_cell(lines[first - 1]) and at - first < MAX_COLUMNS:
        first -= 1
    end = at
    while end + 1 < len(lines) and _is_header_cell(lines[end + 1]) and end - first < MAX_COLUMNS:
        end += 1
    width, column = end - first + 1, at - first
    return (end + 1, width, 0) if column == 0 else (end + 1, width - 1, column - 1)


def body_rows(view_text: str) -> list[Hit]:
    """Totals of body-labelled rows ('人大代表建议' / 9 / 9 / 8) under a header with a 件数 column."""
    lines = view_text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    header_lines = {c.strip() for c in data.measure_data().table_headers}
    hits: list[Hit] = []
    for at, line in enumerate(lines):
        if line in header_lines:
            first_row, n_values, index = _header_row(lines, at)
            if n_values >= 2:  # one value column: a list of short lines, not a table
                hits.extend(_rows(lines, starts, first_row, n_values, index))
    return hits


def _rows(lines: list[str], starts: list[int], i: int, n_values: int, index: int) -> list[Hit]:
    """Rows from line `i` on: a label glued to its first value, then n_values - 1 numeric lines, and
    then no further numeric line (the row has exactly the header's shape)."""
    hits: list[Hit] = []
    while i + n_values - 1 < len(lines):
        m = _LABELLED.fullmatch(lines[i])
        cells = lines[i + 1 : i + n_values]
        after = lines[i + n_values] if i + n_values < len(lines) else ""
        if not m or not all(_CELL.fullmatch(c) for c in cells) or _CELL.fullmatch(after):
            break
        body = measure_body.decide(measure_body.bodies_in(m.group(1)))
        if body and not measure_body.strip_bodies(m.group(1)).strip():
            k = i + index  # the line holding the count cell
            value = float(([m.group(2), *cells])[index])
            hits.append(Hit("items_total", body, value, "eq", starts[i], starts[k] + len(lines[k]), "count_table_row"))
        i += n_values
    return hits
