"""Write stage: records → the dataset's tables (reports, measures, topics, sections) in OUTDIR.

Modules: `columns` (tables, columns, type names, meanings and how each value is read: the one
declaration), `rows` (a record's rows, built from it in the worker without pyarrow), `schema` (the
Arrow schemas made from it), `writer` (parts written atomically, published once the
manifest records them, consolidated into CSV/JSON lines), `manifest` (what is done, what is stale).

    rows(report) -> Rows        a record's rows, table by table
    SCHEMA                      table → [(column, type name, meaning)]
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
        from pipeline.write.columns import SCHEMA

        return SCHEMA
    raise AttributeError(f"module 'pipeline.write' has no attribute {name!r}")
