"""Write stage: records → the dataset's tables (reports, measures, topics, sections) in OUTDIR.

Modules: `schema` (tables, columns, types, meanings: the one declaration), `rows` (a record's rows,
built in the worker without pyarrow), `writer` (parts written atomically, published once the
manifest records them, consolidated into CSV/JSON lines), `manifest` (what is done, what is stale).

    rows(report) -> Rows        a record's rows, table by table
    SCHEMA                      table → [(column, type, meaning)]
"""

from __future__ import annotations

from typing import Any

__all__ = ["SCHEMA", "rows"]


def __getattr__(name: str) -> Any:
    """Lazy: workers import `pipeline.write.rows` and must not load pyarrow (~0.15 s, ~35 MB each)."""
    if name == "rows":
        from pipeline.write.rows import rows

        return rows
    if name == "SCHEMA":
        from pipeline.write.schema import SCHEMA

        return SCHEMA
    raise AttributeError(f"module 'pipeline.write' has no attribute {name!r}")
