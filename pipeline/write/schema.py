"""The writers' Arrow schemas, made from the declared columns (`pipeline.write.columns`).

WHY apart from the declaration: this module imports pyarrow, which only the parent (writing) needs;
workers build rows from `columns` alone. Types are fixed so an empty table, or a column null in
every row, reads back with the same dtype as a full one, in Parquet, CSV and JSON lines alike.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa

from pipeline.write.columns import (
    COLUMNS,
    FORMATS,
    SCHEMA,
    TABLES,
    TYPE_NAMES,
    Column,
    schema_markdown,
)

__all__ = ["ARROW_SCHEMAS", "ARROW_TYPES", "arrow_schema", "FORMATS", "SCHEMA", "TABLES", "schema_markdown"]

#: type name of a column → its Arrow type (str() of each is its name, so the README shows the same word).
ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(), "int32": pa.int32(), "int64": pa.int64(), "double": pa.float64(), "bool": pa.bool_(),
}
if set(ARROW_TYPES) != set(TYPE_NAMES):  # a type name added to columns.TYPE_NAMES needs its Arrow type here
    raise ImportError(f"pipeline.write.schema: no Arrow type for {sorted(set(TYPE_NAMES) - set(ARROW_TYPES))}")


def arrow_schema(columns: Iterable[Column]) -> pa.Schema:
    """The Arrow schema of a table's declared columns, in their order."""
    return pa.schema([pa.field(c.name, ARROW_TYPES[c.type]) for c in columns])


ARROW_SCHEMAS: dict[str, pa.Schema] = {table: arrow_schema(columns) for table, columns in COLUMNS.items()}
