"""pipeline.write.columns: each column declared once; rows, Arrow schemas and the README follow from it."""

from __future__ import annotations

import subprocess
import sys

import pyarrow as pa
import pytest

from pipeline.record import Report, Topic
from pipeline.write import columns, rows, schema


def _report() -> Report:
    return Report(source="a.txt", doc_id="d" * 16, text="教育和交通", topics=(Topic("交通", None, 3, 5, "list"),))


def test_a_column_declared_once_reaches_rows_arrow_schema_and_readme(monkeypatch):
    added = columns.Column("length", "int32", "characters of the phrase", lambda t, _: t.end - t.start)
    monkeypatch.setitem(columns.COLUMNS, "topics", columns.COLUMNS["topics"] + (added,))
    row = rows.rows(_report())["topics"][0]
    assert list(row)[-1] == "length" and row["length"] == 2
    assert schema.arrow_schema(columns.COLUMNS["topics"]).field("length").type == pa.int32()
    assert "| length | int32 | characters of the phrase |" in columns.schema_markdown()


@pytest.mark.parametrize(
    ("type_name", "arrow"),
    [("string", pa.string()), ("int32", pa.int32()), ("int64", pa.int64()), ("double", pa.float64()),
     ("bool", pa.bool_())],
)
def test_every_type_name_maps_to_the_arrow_type_of_that_name(type_name, arrow):
    assert schema.ARROW_TYPES[type_name] == arrow and str(arrow) == type_name  # README shows str(arrow) before


@pytest.mark.parametrize("bad", ["str", "float64", "int", "", "List[str]"])
def test_an_unknown_type_name_is_refused_naming_the_column(bad):
    with pytest.raises(ValueError, match="column 'x': unknown type"):
        columns.Column("x", bad, "meaning")


@pytest.mark.parametrize(
    ("table", "column", "expected"),
    [("reports", "n_chars", 5), ("reports", "n_pages", None), ("reports", "category", None),
     ("reports", "categories", "[]"), ("reports", "flags", ""), ("topics", "doc_id", "d" * 16),
     ("topics", "phrase", "交通"), ("topics", "count", None)],
)
def test_readers_give_the_cells_of_the_record(table, column, expected):
    assert rows.rows(_report())[table][0][column] == expected


def test_building_rows_imports_no_pyarrow():
    """Workers build rows: the declaration they read must not pull pyarrow in (~0.15 s, ~35 MB each)."""
    code = "import sys, pipeline.write.rows, pipeline.write.columns; print('pyarrow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
