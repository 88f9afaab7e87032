"""Flattened tables with body-labelled rows (one cell per line): the cell under 件数 is that body's
total; rows whose shape does not match the header, or whose label names no body, give nothing."""

from __future__ import annotations

import pytest
from test_measures import CPPCC, NPC, run

HEADER = "具体情况如下表所示:\n类别\n件数\n已办结\n满意\n"
ROWS = "人大代表建议\n7\n7\n6\n政协提案\n15\n15\n14\n合计\n22\n22\n20\n"

CASES = [
    # the label column's header glued to the long line before it, as the reading view keeps it
    (HEADER + ROWS, {("items_total", NPC, 7.0), ("items_total", CPPCC, 15.0)}),
    # the label column's header on a line of its own
    ("表1\n类别\n件数\n已办结\n满意\n" + ROWS, {("items_total", NPC, 7.0), ("items_total", CPPCC, 15.0)}),
    # the count column second after the label: its own cell is read, not the first one
    ("表2\n类别\n已办结\n件数\n政协提案\n3\n5\n", {("items_total", CPPCC, 5.0)}),
    # labels that name topics, not bodies
    (HEADER + "城建环保\n7\n7\n6\n社会事业\n15\n15\n14\n", set()),
    # a row with one cell too many: the shape is unclear
    (HEADER + "人大代表建议\n7\n7\n6\n5\n", set()),
    # no item-count header
    ("具体情况如下表所示:\n类别\n已办结\n满意\n" + ROWS, set()),
    # one value column only: a list of short lines, not a table
    ("表3\n件数\n人大代表建议\n7\n", set()),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_body_rows(text: str, expected: set[tuple[str, str, float]]) -> None:
    got = {(m.metric, m.body, m.value) for m in run(text).measures if m.rule == "count_table_row"}
    assert got == expected


def test_row_evidence_is_the_label_and_its_count_cell() -> None:
    report = run(HEADER + ROWS)
    rows = [m for m in report.measures if m.rule == "count_table_row"]
    assert [m.evidence for m in rows] == ["人大代表建议\n7", "政协提案\n15"]
    assert all(report.text[m.start : m.end] == m.evidence for m in rows)
