"""Helpers for the run/engine tests: invented documents and reading a dataset back, sorted.

The documents are invented sentences (never real report text), one small report per file, each
distinct so every doc_id differs.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.write.writer import SCHEMA, TABLES

_TEMPLATE = (
    "某{n}县人民政府办公室关于{year}年市人大代表建议办理情况的报告\n"
    "一、基本情况\n今年我办共承办建议{n}件，其中主办{lead}件，办结率100%，满意率9{d}.{n}%。\n"
    "二、主要做法\n围绕城乡道路、学校建设等问题，逐件研究答复。\n"
    "三、下一步工作\n进一步提高办理质量。\n"
)


def invented_text(n: int) -> str:
    """A short invented handling report, different for every `n`."""
    return _TEMPLATE.format(n=n, year=2000 + n % 25, lead=max(1, n // 2), d=n % 10)


def make_corpus(folder: Path, count: int, start: int = 0, prefix: str = "") -> list[Path]:
    """`count` invented reports as UTF-8 .txt files in `folder`; `prefix` lines go first (test hooks)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        path = folder / f"doc{n:04d}.txt"
        path.write_text(prefix + invented_text(n), encoding="utf-8")
        paths.append(path)
    return paths


def read_dataset(outdir: Path, fmt: str = "parquet") -> dict[str, pd.DataFrame]:
    """Every table of a dataset as a DataFrame with rows in a canonical order (runs differ in order)."""
    tables = {}
    for table in TABLES:
        if fmt == "parquet":
            df = pd.read_parquet(outdir / f"{table}.parquet")
        elif fmt == "csv":
            df = pd.read_csv(outdir / f"{table}.csv", encoding="utf-8-sig", keep_default_na=False)
        else:
            df = pd.read_json(outdir / f"{table}.jsonl", lines=True, dtype=False)
            df = df.reindex(columns=[name for name, _, _ in SCHEMA[table]])  # an empty JSONL file has no keys
        cols = list(df.columns)
        tables[table] = df.astype(str).sort_values(cols).reset_index(drop=True)
    return tables


def assert_same_dataset(a: Path, b: Path, fmt: str = "parquet") -> None:
    """The two dataset folders hold exactly the same rows in every table."""
    left, right = read_dataset(a, fmt), read_dataset(b, fmt)
    for table in TABLES:
        pd.testing.assert_frame_equal(left[table], right[table], obj=table)


def hostile(folder: Path, name: str, marker: str) -> Path:
    """A document carrying a TIBAN_TEST_HOOKS marker (pipeline.engine.hooks): it really sleeps,
    allocates or kills its worker when the hooks are on."""
    path = folder / name
    path.write_text(marker + "\n这是一份会出问题的文件。\n", encoding="utf-8")
    return path


def by_source(outdir: Path) -> dict:
    """The reports table of a parquet dataset, one row per source."""
    reports = pd.read_parquet(outdir / "reports.parquet")
    return {row.source: row for row in reports.itertuples()}
