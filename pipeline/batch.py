"""`run`: process many inputs into a dataset folder, in parallel, resumably, in flat memory.

The parent process discovers inputs, skips those OUTDIR's manifest already holds (same source,
size and mtime), hands the rest to an engine (local worker pool or Dask), and writes results in
parts as they come: every `batch_size` documents (or `FLUSH_SECONDS`) one part per table is
written under a temporary name, the manifest line is appended, then the part is made visible
(see `pipeline.write.manifest` for why that order makes SIGKILL at any moment safe). At the end, rows
of inputs that changed since an earlier run are pruned from old parts and csv/jsonl tables are
consolidated. Memory holds one buffer of rows, the manifest index and the list of pending inputs.

OUTDIR layout::

    reports.parquet/part-*.parquet   one folder per table (parquet): read the folder as one table
    measures.parquet/ topics.parquet/ sections.parquet/
    reports.csv ... / reports.jsonl ...   one file per table (csv, jsonl), rebuilt at the end of a run
    .parts/<table>/part-*.parquet     committed parts behind the csv/jsonl files
    manifest.jsonl                    which source (size, mtime) → doc_id is in which part
    .lock                             held while a run writes (a second run into OUTDIR is refused)

Inputs that disappear are not removed from an OUTDIR: runs into one folder accumulate; a file
whose content changed replaces its old rows.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.engine import DocResult, check_engine
from pipeline.engine.progress import Progress
from pipeline.errors import ManifestError, OutputError, UsageError, retried
from pipeline.ingest import discover
from pipeline.record import Input
from pipeline.write import writer as write
from pipeline.write.manifest import RETRY, Entry, Manifest, damaged_message
from pipeline.write.manifest import rebuild as rebuild_from_parts

FLUSH_SECONDS = 30.0  # a kill loses at most this much work even on a slow run
LOCAL_BATCH = 200  # docs per part: ~1-5 MB of rows per part at typical report sizes; few files at 1e6 docs
DASK_BATCH = 50  # docs per Dask task: 1e6 docs → 20,000 tasks, well within what a scheduler handles
SLOWEST = 5  # documents listed as slowest in the summary


@dataclass
class RunSummary:
    """What a run did. Beyond the CLI's fields: `failures` (first (source, error) pairs),
    `stage_seconds` (summed per stage incl. 'write'), `bytes_by_format`, `pages`, `replaced_workers`."""

    total: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    by_status: Counter = field(default_factory=Counter)
    by_format: Counter = field(default_factory=Counter)
    slowest: list[tuple[str, float]] = field(default_factory=list)
    outdir: str = ""
    elapsed: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)
    stage_seconds: Counter = field(default_factory=Counter)
    bytes_by_format: Counter = field(default_factory=Counter)
    seconds_by_format: Counter = field(default_factory=Counter)
    pages: int = 0
    replaced_workers: int = 0
    tables: list[str] = field(default_factory=list)

    def add(self, result: DocResult) -> None:
        """Count one processed document."""
        self.ok += result.ok
        self.failed += not result.ok
        self.by_status[result.status] += 1
        self.by_format[result.format] += 1
        self.bytes_by_format[result.format] += result.size
        self.seconds_by_format[result.format] += result.elapsed
        self.pages += result.n_pages
        for stage, seconds in result.timings:
            self.stage_seconds[stage] += seconds
        if not result.ok and len(self.failures) < 20:
            self.failures.append((result.source, result.error or ""))
        self.slowest = sorted([*self.slowest, (result.source, result.elapsed)], key=lambda x: -x[1])[:SLOWEST]

    def render(self) -> str:
        """The end-of-run summary a person reads."""
        rate = (self.ok + self.failed) / self.elapsed if self.elapsed else 0.0
        lines = [
            f"tiban: {self.total} inputs: {self.ok} ok, {self.failed} failed, {self.skipped} already done "
            f"({self.elapsed:.1f} s, {rate:.1f} docs/s)",
        ]
        if self.by_status:
            lines.append("  by status: " + ", ".join(f"{k} {v}" for k, v in sorted(self.by_status.items())))
        if self.by_format:
            lines.append("  by format: " + ", ".join(f"{k} {v}" for k, v in sorted(self.by_format.items())))
        if self.slowest:
            lines.append("  slowest: " + ", ".join(f"{src} ({sec:.2f} s)" for src, sec in self.slowest))
        for source, error in self.failures[:5]:
            lines.append(f"  failed: {source}: {error}")
        if len(self.failures) > 5 or self.failed > len(self.failures):
            lines.append(f"  ... {self.failed - 5} more failures: see status/error in the reports table")
        lines.append(f"  dataset: {self.outdir} (" + ", ".join(Path(t).name for t in self.tables) + ")")
        return "\n".join(lines)


def _stat(inp: Input) -> tuple[int, int]:
    """(size, mtime_ns) that identify this version of the input without reading it."""
    try:
        st = os.stat(inp.path)
    except OSError:
        return inp.size, 0
    return (inp.size if inp.member else st.st_size), st.st_mtime_ns


def _plan(inputs: Sequence[str], manifest: Manifest) -> tuple[list[Input], dict[str, tuple[int, int]], int, int]:
    """Inputs to process now, their (size, mtime), how many are already done, how many were found."""
    todo, stats, skipped, seen = [], {}, 0, set()
    for inp in discover(inputs):
        if inp.source in seen:
            continue  # the same file named twice (e.g. a folder and a file in it): once is enough
        seen.add(inp.source)
        size, mtime = _stat(inp)
        if manifest.is_done(inp.source, size, mtime):
            skipped += 1
            continue
        todo.append(inp)
        stats[inp.source] = (size, mtime)
    return todo, stats, skipped, len(seen)


class _Committer:
    """Buffers rows and commits them as one part: temp files → manifest line → rename."""

    def __init__(self, outdir: Path, fmt: str, manifest: Manifest, batch_size: int):
        self.outdir, self.fmt, self.manifest, self.batch_size = outdir, fmt, manifest, batch_size
        self.buffer: write.Rows = {t: [] for t in write.TABLES}
        self.entries: list[Entry] = []
        self.seq = 0
        self.last = time.monotonic()
        self.seconds = 0.0

    def add(self, result: DocResult, size: int, mtime_ns: int) -> None:
        for table, records in result.rows.items():
            self.buffer[table].extend(records)
        status = RETRY if retried(result.error) else result.status  # not done: the next run redoes it
        self.entries.append(Entry(result.source, result.doc_id, size, mtime_ns, status, part=""))
        if len(self.entries) >= self.batch_size or time.monotonic() - self.last >= FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if not self.entries:
            return
        t0 = time.perf_counter()
        self.seq += 1
        part = f"{time.time_ns():020d}-{os.getpid()}-{self.seq:05d}"  # sorts by commit time
        with _writing(self.outdir):
            write.write_part(self.outdir, self.fmt, part, self.buffer)  # removes its temporary files on failure
            try:
                self.manifest.commit(part, self.entries)  # the commit point
            except OSError:
                write.discard_part(self.outdir, self.fmt, part)  # a torn line the next open drops
                raise
            write.publish_part(self.outdir, self.fmt, part)
        self.buffer = {t: [] for t in write.TABLES}
        self.entries = []
        self.last = time.monotonic()
        self.seconds += time.perf_counter() - t0


@contextlib.contextmanager
def _writing(outdir: Path) -> Iterator[None]:
    """Turn an OSError of writing OUTDIR (full disk, read-only, not a folder) into an OutputError
    naming the folder and the reason, instead of a traceback with exit 1 ('some documents failed')."""
    try:
        yield
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        raise OutputError(f"{outdir}: cannot write the dataset: {exc.strerror or exc}{where}; "
                          "the visible tables are as the last completed run left them") from exc


@contextlib.contextmanager
def _lock(outdir: Path) -> Iterator[None]:
    """One run per OUTDIR at a time: two writers would interleave parts and manifest lines."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory lock; do not run twice into one folder
        yield
        return
    with _writing(outdir):
        fh = open(outdir / ".lock", "w")
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(f"{outdir}: another tiban run is writing this folder") from None
        yield


def _engine(engine: str, jobs: int, timeout: float, max_memory: int, scheduler: str | None, batch_size: int | None):
    if engine == "dask":
        from pipeline.engine.dask_engine import DaskEngine

        return DaskEngine(jobs, scheduler, batch_size or DASK_BATCH, timeout=timeout, max_memory=max_memory)
    from pipeline.engine.local import LocalPool

    return LocalPool(jobs, timeout=timeout, max_memory=max_memory)


def _prune(outdir: Path, fmt: str, manifest: Manifest) -> None:
    """Drop rows of inputs re-processed because they changed, from the parts that held the old version."""
    done = []
    for part, stale in list(manifest.stale.items()):
        write.prune(outdir, fmt, part, stale, manifest.live_doc_ids(part))
        done.extend((part, source) for source, _ in stale)
    manifest.pruned(done)


def run(
    inputs: Sequence[str], outdir: str | Path, *, fmt: str = "parquet", jobs: int | None = None,
    timeout: float = 60.0, max_memory: int = 2 * 1024**3, force: bool = False, engine: str = "local",
    scheduler: str | None = None, quiet: bool = False, batch_size: int | None = None,
    rebuild_manifest: bool = False,
) -> RunSummary:
    """Process `inputs` (files, folders, zip archives) into the dataset in `outdir`.

    `batch_size`: documents per part file (local, default 200) or per Dask task (default 50; also
    the part size). `rebuild_manifest`: make OUTDIR's manifest anew from its part files first.
    Raises UsageError for an unknown fmt/engine or an OUTDIR written in another format,
    ManifestError (nothing changed) when OUTDIR's manifest and parts disagree, OutputError when
    OUTDIR cannot be written (the visible tables left as they were).
    """
    write.check_format(fmt)
    check_engine(engine)
    from pipeline.engine.local import default_jobs

    t0 = time.monotonic()
    outdir = Path(outdir)
    with _writing(outdir):
        outdir.mkdir(parents=True, exist_ok=True)
    summary = RunSummary(outdir=str(outdir))
    with _lock(outdir):
        with _writing(outdir):
            manifest = _open_manifest(outdir, fmt, force, rebuild_manifest)
        todo, stats, summary.skipped, summary.total = _plan(inputs, manifest)
        committer = _Committer(outdir, fmt, manifest, batch_size or LOCAL_BATCH)
        progress = Progress(len(todo), quiet=quiet)
        threading.Thread(target=write.warm, daemon=True).start()  # overlaps the workers' start-up
        if todo:
            workers = min(jobs or default_jobs(), len(todo))  # no idle workers for a handful of new inputs
            with _engine(engine, workers, timeout, max_memory, scheduler, batch_size) as eng:
                _process(eng, todo, stats, committer, summary, progress)
        committer.flush()
        progress.close()
        _finish(committer, summary)
    summary.elapsed = time.monotonic() - t0
    return summary


def _finish(committer: _Committer, summary: RunSummary) -> None:
    """Prune rows of changed inputs and make the visible tables (an OSError: OutputError)."""
    t_write = time.perf_counter()
    with _writing(committer.outdir):
        _prune(committer.outdir, committer.fmt, committer.manifest)
        summary.tables = [str(p) for p in write.consolidate(committer.outdir, committer.fmt)]
    summary.stage_seconds["write"] = committer.seconds + time.perf_counter() - t_write


def _open_manifest(outdir: Path, fmt: str, force: bool, rebuild: bool = False) -> Manifest:
    """OUTDIR's manifest, after --force cleared it, --rebuild-manifest remade it from the parts, and
    parts a killed run left half-made are recovered.

    Raises ManifestError before any file is touched when the manifest and the parts disagree (a
    damaged or deleted manifest): `recover` would otherwise delete the parts it no longer names.
    """
    if force:
        write.clear(outdir)
    elif rebuild:
        rebuild_from_parts(outdir, fmt, write.part_sources(outdir, fmt))
    manifest = Manifest.open(outdir, repair=False)
    if manifest.fmt not in (None, fmt):
        raise UsageError(f"{outdir} holds a {manifest.fmt} dataset: use --format {manifest.fmt}, or --force")
    problems = write.check_parts(outdir, fmt, manifest.parts)
    if problems:
        raise ManifestError(damaged_message(manifest.path, "; ".join(problems)))
    manifest.repair()
    write.recover(outdir, fmt, manifest.parts)
    manifest.start(fmt)
    return manifest


def _process(eng, todo: list[Input], stats: dict, committer: _Committer, summary: RunSummary, progress: Progress) -> None:
    """Hand `todo` to the engine and commit each result as it comes; Ctrl-C keeps what is finished."""
    try:
        for result in eng.results(todo):
            committer.add(result, *stats.pop(result.source, (result.size, 0)))
            summary.add(result)
            progress.update(result.ok)
    except KeyboardInterrupt:
        committer.flush()  # keep what is finished; the next run does the rest
        raise
    summary.replaced_workers = getattr(eng, "replaced", 0)
