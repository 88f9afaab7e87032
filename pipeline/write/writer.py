"""The dataset: four tables (reports, measures, topics, sections) with one fixed schema.

Columns are declared once in `pipeline.write.columns` (name, type name, meaning, how the value is
read; the README copies it); `pipeline.write.schema` maps them to fixed Arrow schemas so an empty
table, or a column that is null in every row, reads back with the same dtype as a full one, in
Parquet, CSV and JSON lines alike.

List-like values are stored as strings so the three formats agree cell for cell:
``flags`` joined by ';', ``tokens`` joined by spaces, ``categories`` as a JSON string.

Writing is by *parts*: each batch of documents becomes one part file per table, written under a
hidden temporary name, fsynced, then renamed once the manifest has recorded it (see
`pipeline.write.manifest`). With ``fmt="parquet"`` the folder ``OUTDIR/<table>.parquet/`` *is* the table:
``pandas.read_parquet("OUTDIR/reports.parquet")``, ``duckdb.sql("select * from
'OUTDIR/reports.parquet/*.parquet'")`` and ``pyarrow.dataset.dataset(...)`` read it as one
(readers skip names starting with '.', so uncommitted temporary parts are never seen). With
``csv``/``jsonl`` the parts are kept as Parquet in ``OUTDIR/.parts/`` and `consolidate` streams them,
one part at a time, into ``OUTDIR/<table>.csv`` (UTF-8 with BOM, for Excel) or ``<table>.jsonl``,
replacing the old file atomically.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from pipeline.errors import OutputError, UsageError, retried
from pipeline.write.manifest import RETRY
from pipeline.write.rows import Rows, rows  # noqa: F401 - the writer's API: rows(report) -> Rows
from pipeline.write.schema import (  # noqa: F401
    ARROW_SCHEMAS,
    FORMATS,
    SCHEMA,
    TABLES,
    schema_markdown,
)


def warm() -> None:
    """Write one tiny Parquet table to memory: pyarrow's first write costs ~1.5 s of one-time set-up
    (measured), which `run` overlaps with worker start-up by calling this in a thread."""
    import io

    pq.write_table(to_table("reports", []), io.BytesIO(), compression="zstd")


def check_format(fmt: str) -> str:
    """`fmt` if it is one tiban writes; a UsageError naming the choices otherwise."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown output format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return fmt


def to_table(table: str, records: list[dict]) -> pa.Table:
    """An Arrow table of `records` with the fixed schema (works for zero rows too)."""
    return pa.Table.from_pylist(records, schema=ARROW_SCHEMAS[table])


def parts_dir(outdir: Path, table: str, fmt: str) -> Path:
    """Where committed part files of `table` live: the visible table folder for parquet, else staging."""
    if fmt == "parquet":
        return Path(outdir) / f"{table}.parquet"
    return Path(outdir) / ".parts" / table


def _tmp_name(part: str) -> str:
    return f".part-{part}.parquet.tmp"  # leading '.': pyarrow/pandas/DuckDB dataset readers skip it


def _final_name(part: str) -> str:
    return f"part-{part}.parquet"


def fsync_dir(path: Path) -> None:
    """Make a rename inside `path` durable (POSIX needs the directory itself fsynced)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_part(outdir: Path, fmt: str, part: str, batch: Rows) -> None:
    """Write one part of every table under its temporary name and fsync it (step 1 of a commit).

    On an OSError (disk full, read-only) the part's temporary files are removed before it is raised:
    nothing was committed, so nothing of it may stay behind.
    """
    try:
        for table in TABLES:
            folder = parts_dir(outdir, table, fmt)
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / _tmp_name(part)
            pq.write_table(to_table(table, batch.get(table, [])), tmp, compression="zstd")
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
    except OSError:
        discard_part(outdir, fmt, part)
        raise


def discard_part(outdir: Path, fmt: str, part: str) -> None:
    """Remove the temporary files of an uncommitted part (best effort: the next run's `recover` also does)."""
    for table in TABLES:
        with contextlib.suppress(OSError):
            (parts_dir(outdir, table, fmt) / _tmp_name(part)).unlink(missing_ok=True)


EMPTY_PART = "0-empty"  # the schema-only part of a table that has no rows yet


def publish_part(outdir: Path, fmt: str, part: str) -> None:
    """Rename a committed part to its visible name (step 3, after the manifest line); idempotent."""
    for table in TABLES:
        folder = parts_dir(outdir, table, fmt)
        tmp = folder / _tmp_name(part)
        if tmp.exists():
            os.replace(tmp, folder / _final_name(part))
            fsync_dir(folder)


def recover(outdir: Path, fmt: str, committed: set[str]) -> None:
    """Finish renames of committed parts, delete temporary parts that were never committed."""
    for table in TABLES:
        folder = parts_dir(outdir, table, fmt)
        if not folder.is_dir():
            continue
        for tmp in folder.glob(".part-*.parquet.tmp"):
            part = tmp.name[len(".part-"): -len(".parquet.tmp")]
            if part in committed:
                os.replace(tmp, folder / _final_name(part))
            else:
                tmp.unlink()
        for stray in folder.glob(".rewrite-*"):
            stray.unlink()  # an interrupted prune: the part it would have replaced is still intact
        for final in folder.glob("part-*.parquet"):
            part = final.name[len("part-"): -len(".parquet")]
            if part not in committed and part != EMPTY_PART:
                final.unlink()  # not in the manifest (e.g. a --force cut short): not part of the dataset


def _part_id(name: str) -> str:
    return name[len("part-"): -len(".parquet")]


def check_parts(outdir: Path, fmt: str, committed: set[str]) -> list[str]:
    """What in OUTDIR disagrees with the manifest: visible parts it does not name, named parts not on disk.

    WHY: `recover` deletes visible parts the manifest does not name (a --force cut short), and a run
    skips inputs the manifest says are done. With a damaged or deleted manifest both cost committed
    rows, silently; so `run` stops on any disagreement before `recover` touches a file.
    """
    problems = []
    for table in TABLES:
        for where in {"parquet", fmt, "csv"}:  # parquet folders and the csv/jsonl staging folder
            folder = parts_dir(outdir, table, where)
            unknown = sorted(p.name for p in folder.glob("part-*.parquet")
                             if _part_id(p.name) not in committed and _part_id(p.name) != EMPTY_PART)
            if unknown:
                problems.append(f"{folder} holds {len(unknown)} part(s) the manifest does not name ({unknown[0]} ...)")
        folder = parts_dir(outdir, table, fmt)
        missing = sorted(p for p in committed
                         if not (folder / _final_name(p)).exists() and not (folder / _tmp_name(p)).exists())
        if missing:
            problems.append(f"{len(missing)} committed part(s) are missing from {folder} (part-{missing[0]}.parquet ...)")
    return problems


def part_sources(outdir: Path, fmt: str) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(part id, [(source, doc_id, status)]) of every visible part, in commit order: a manifest's content
    (status ``retry`` for a document failed by the installation, so it is redone).

    Raises OutputError naming a reports part that cannot be read (it is left where it is).
    """
    result = []
    for path in committed_parts(outdir, fmt, "reports"):
        if _part_id(path.name) == EMPTY_PART:
            continue
        try:
            data = pq.read_table(path, columns=["source", "doc_id", "status", "error"]).to_pylist()
        except (OSError, pa.ArrowException) as exc:
            raise OutputError(f"{path}: cannot read this part to rebuild the manifest ({exc}); move it aside and retry") from None
        docs = [(r["source"], r["doc_id"], RETRY if retried(r["error"]) else r["status"]) for r in data]
        result.append((_part_id(path.name), docs))
    return result


def prune(outdir: Path, fmt: str, part: str, stale: set[tuple[str, str]], keep_ids: set[str]) -> None:
    """Remove rows of stale (source, doc_id) entries from one part, atomically per table.

    Reports rows are matched on (source, doc_id); rows of the other tables carry only doc_id, so
    they go only when no live document of the part has that doc_id.
    """
    drop_pairs = {(s, d) for s, d in stale}
    drop_ids = {d for _, d in stale} - keep_ids
    for table in TABLES:
        path = parts_dir(outdir, table, fmt) / _final_name(part)
        if not path.exists():
            continue
        data = pq.read_table(path, schema=ARROW_SCHEMAS[table]).to_pylist()
        if table == "reports":
            kept = [r for r in data if (r["source"], r["doc_id"]) not in drop_pairs]
        else:
            kept = [r for r in data if r["doc_id"] not in drop_ids]
        if len(kept) != len(data):
            tmp = path.with_name(f".rewrite-{part}.parquet")
            try:
                pq.write_table(to_table(table, kept), tmp, compression="zstd")
            except OSError:
                tmp.unlink(missing_ok=True)  # the part itself is intact; the next run prunes again
                raise
            os.replace(tmp, path)


def committed_parts(outdir: Path, fmt: str, table: str) -> list[Path]:
    """The visible part files of `table`, in commit order (part ids sort by time)."""
    folder = parts_dir(outdir, table, fmt)
    return sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []


def _write_csv(parts: Iterable[Path], table: str, dest: Path) -> None:
    schema = ARROW_SCHEMAS[table]
    with open(dest, "wb") as fh:
        fh.write("\ufeff".encode("utf-8"))  # BOM: Excel then opens the UTF-8 file as UTF-8
        header = True
        for part in parts:
            data = pq.read_table(part, schema=schema)
            pacsv.write_csv(data, fh, pacsv.WriteOptions(include_header=header))
            header = False
        if header:  # no part at all: still write the header line
            pacsv.write_csv(schema.empty_table(), fh, pacsv.WriteOptions(include_header=True))
        fh.flush()
        os.fsync(fh.fileno())


def _write_jsonl(parts: Iterable[Path], table: str, dest: Path) -> None:
    with open(dest, "w", encoding="utf-8", newline="\n") as fh:
        for part in parts:
            for record in pq.read_table(part, schema=ARROW_SCHEMAS[table]).to_pylist():
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def consolidate(outdir: Path, fmt: str) -> list[Path]:
    """Make the visible tables from the committed parts; returns the table paths.

    Parquet needs nothing (the part folder is the table) except an empty part when a table has no
    part yet, so it still reads with its schema. CSV/JSONL are rebuilt from all parts, streamed one
    part at a time (flat memory), every table to a temporary file first; only when all are written do
    they replace the old ones (a full disk used to leave reports new and measures stale, and the .tmp).
    """
    outdir = Path(outdir)
    if fmt == "parquet":
        paths = [_parquet_table(outdir, table) for table in TABLES]
        fsync_dir(outdir)
        return paths
    made = {table: outdir / f".{table}.{fmt}.tmp" for table in TABLES}
    try:
        for table, tmp in made.items():  # every table first under its temporary name ...
            (_write_csv if fmt == "csv" else _write_jsonl)(committed_parts(outdir, fmt, table), table, tmp)
    except OSError:
        for tmp in made.values():
            tmp.unlink(missing_ok=True)  # the visible tables stay all of the old state
        raise
    paths = []
    for table, tmp in made.items():  # ... then all renamed: renames need no space, so all or none
        os.replace(tmp, outdir / f"{table}.{fmt}")
        paths.append(outdir / f"{table}.{fmt}")
    fsync_dir(outdir)
    return paths


def _parquet_table(outdir: Path, table: str) -> Path:
    """The table folder, with an empty part when it has none yet (so it still reads with its schema)."""
    folder = parts_dir(outdir, table, "parquet")
    if not committed_parts(outdir, "parquet", table):
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(to_table(table, []), folder / _final_name(EMPTY_PART))
    return folder


def clear(outdir: Path) -> None:
    """Remove a dataset tiban wrote (tables, staging parts, manifest) so `--force` starts clean."""
    outdir = Path(outdir)
    (outdir / "manifest.jsonl").unlink(missing_ok=True)  # first: without it every part is garbage
    for table in TABLES:
        for name in (f"{table}.parquet", f"{table}.csv", f"{table}.jsonl", f".{table}.csv.tmp", f".{table}.jsonl.tmp"):
            target = outdir / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
    if (outdir / ".parts").is_dir():
        shutil.rmtree(outdir / ".parts")
