"""Engines run `pipeline.core.process_input` on many inputs and yield one `DocResult` per input.

Every engine calls the same `execute` (core + conversion to dataset rows) so the local pool and a
Dask cluster write the same dataset. Rows are made where the document was processed: a `Report`
carries its whole text and offset map, the rows are what the dataset keeps, so only they travel.

* ``local`` (`pipeline.engine.local.LocalPool`): our own pool of worker processes with a per-document
  deadline and memory watch; a worker past either is killed and replaced.
* ``dask`` (`pipeline.engine.dask_engine.DaskEngine`): batches of inputs as tasks on a Dask
  distributed cluster (a LocalCluster when no scheduler address is given).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from pipeline.errors import UsageError
from pipeline.record import Input, Report
from pipeline.write.rows import Rows, rows

ENGINES = ("local", "dask")


@dataclass
class DocResult:
    """What an engine hands back for one input: summary fields for progress plus the dataset rows."""

    source: str
    doc_id: str
    status: str
    format: str
    error: str | None
    elapsed: float
    rows: Rows
    timings: tuple[tuple[str, float], ...] = ()
    size: int = 0
    n_pages: int = 0

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def result_of(report: Report, elapsed: float, size: int = 0) -> DocResult:
    """The `DocResult` of a finished report."""
    return DocResult(
        source=report.source, doc_id=report.doc_id, status=report.status, format=report.format,
        error=report.error, elapsed=elapsed, rows=rows(report), timings=report.timings,
        size=size, n_pages=len(report.page_starts),
    )


def execute(inp: Input) -> DocResult:
    """Process one input with the core and turn it into rows (runs inside a worker)."""
    from pipeline.core import process_input
    from pipeline.engine import hooks

    t0 = time.perf_counter()
    hooks.apply(inp)
    report = process_input(inp)
    return result_of(report, time.perf_counter() - t0, inp.size)


def failed_result(inp: Input, reason: str, elapsed: float = 0.0) -> DocResult:
    """A failed record for an input whose worker was stopped (timeout, memory) or died.

    The doc_id is still the hash of the file's bytes, read here in the parent, so a document that
    always times out keeps one stable id across runs.
    """
    from pipeline import ingest

    try:
        data = ingest.load_bytes(inp)
    except Exception:  # unreadable now: the id falls back to the source name, as ingest does
        data = b""
    report = ingest.failed_report(inp.source, data, reason)
    return result_of(report, elapsed, inp.size)


def check_engine(name: str) -> str:
    """`name` if it is a known engine; a UsageError naming the choices otherwise."""
    if name not in ENGINES:
        raise UsageError(f"unknown engine {name!r}: choose one of {', '.join(ENGINES)}")
    return name
