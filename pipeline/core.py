"""The per-document core that the Python API, the CLI and every engine (local, Dask) call.

A document goes ingest → normalise → segment → extract → classify; writing is done by the caller
on whole batches. Any exception inside a stage becomes a `failed` record naming the stage and the
reason, so one bad file never stops a batch.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from pathlib import Path

from pipeline import ingest as ingest_stage
from pipeline.classify import classify
from pipeline.errors import TibanError, UsageError
from pipeline.extract import extract
from pipeline.normalise import normalise
from pipeline.record import Input, Report
from pipeline.segment import segment

Stage = Callable[[Report], Report]

#: The stages after ingest, in order; each takes a record and returns a new one.
STAGES: tuple[tuple[str, Stage], ...] = (
    ("normalise", normalise),
    ("segment", segment),
    ("extract", extract),
    ("classify", classify),
)


def _describe(exc: BaseException) -> str:
    """A one-line reason: typed errors speak for themselves, others get their type and origin."""
    if isinstance(exc, TibanError):
        return str(exc)
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
    return f"{type(exc).__name__}: {exc}{where}"


def run_stages(report: Report) -> Report:
    """Run every stage after ingest on an ingested record; stop at the first failure."""
    timings = list(report.timings)
    for name, stage in STAGES:
        if not report.ok:
            break
        t0 = time.perf_counter()
        try:
            report = stage(report)
        except Exception as exc:  # one bad document must never stop the batch
            report = report.failed(f"{name} failed: {_describe(exc)}")
        timings.append((name, time.perf_counter() - t0))
    return report.evolve(timings=tuple(timings))


def process_bytes(source: str, data: bytes) -> Report:
    """Process one document given as bytes; `source` names it in the dataset and in errors."""
    t0 = time.perf_counter()
    try:
        report = ingest_stage.ingest(source, data)
    except Exception as exc:
        report = ingest_stage.failed_report(source, data, f"ingest failed: {_describe(exc)}")
    report = report.evolve(timings=(("ingest", time.perf_counter() - t0),))
    return run_stages(report)


def process_input(inp: Input) -> Report:
    """Process one discovered input; a problem known before reading gives a failed record.

    Flags discovery found (a file name that is not UTF-8) are added to the record either way."""
    if inp.error:
        return ingest_stage.failed_report(inp.source, b"", inp.error).flagged(*inp.flags)
    try:
        data = ingest_stage.load_bytes(inp)
    except Exception as exc:
        return ingest_stage.failed_report(inp.source, b"", f"cannot read: {_describe(exc)}").flagged(*inp.flags)
    return process_bytes(inp.source, data).flagged(*inp.flags)


def process(path: str | Path) -> Report:
    """Process one file on disk (the Python API's single-document entry point)."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    return process_input(Input(source=str(path), path=str(path), size=path.stat().st_size))
