"""Write stage: records → the dataset's tables (reports, measures, topics, sections) in OUTDIR.

Modules: `columns` (tables, columns, type names, meanings and how each value is read: the one
declaration), `rows` (a record's rows, built from it in the worker without pyarrow), `schema` (the
Arrow schemas made from it), `writer` (parts written atomically, published once the
manifest records them, consolidated into CSV/JSON lines), `manifest` (what is done, what is stale).

    pipeline.write.rows.rows(report) -> Rows   a record's rows, table by table
    SCHEMA                      table → [(column, type name, meaning)]
"""

from __future__ import annotations

from pipeline.lazy import exports

__all__ = ["SCHEMA"]

__getattr__ = exports("pipeline.write", {"SCHEMA": "schema"})  # rows(): pipeline.write.rows
