"""Outcome classes in flattened tables: a class letter on one line, its item count on the next.

PDF and HTML tables reach the text one cell per line (dev b029: 'A' / '114' / '68.68'). A row is read
only when a header cell names an item-count column (件数) shortly before it and a legend elsewhere in
the text gives the letter its meaning (ANNOTATION.md: classes go by meaning, never by letter).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..resources import load_lines
from .measure_view import Hit

#: How far (characters) a table row may sit after its header cell; b029's rows end 70 characters after.
HEADER_REACH = 200
_ROW = re.compile(r"(?<=\n)([A-Da-d])\n(\d+)(?=\n)")


@lru_cache(maxsize=1)
def _header() -> re.Pattern[str]:
    cells = sorted(load_lines("extract", "measures", "table_headers.txt"), key=len, reverse=True)
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
