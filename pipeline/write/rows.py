"""The dataset rows of one document: plain dicts, table by table, built from the declared columns.

WHY a module of its own: workers (local pool, Dask) turn each Report into rows where it was
processed, so only rows travel back; building them needs no pyarrow, and importing pyarrow in every
worker (through pipeline.write) cost ~0.15 s of serial start-up and ~35 MB per process. The columns,
their order and how each value is read are `pipeline.write.columns.COLUMNS`, the one declaration.
"""

from __future__ import annotations

from pipeline.record import Report
from pipeline.write.columns import COLUMNS, ITEMS

Rows = dict[str, list[dict]]


def rows(report: Report) -> Rows:
    """The dataset rows of one document, table by table (a failed document has only its reports row)."""
    return {
        table: [{c.name: c.value(item, report) for c in columns} for item in ITEMS[table](report)]
        for table, columns in COLUMNS.items()
    }
