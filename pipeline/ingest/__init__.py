"""Ingest stage (stub, being built): find inputs and read bytes into a Report with `original` text."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable, Iterator

from ..record import Input, Report


def discover(inputs: Iterable[str]) -> Iterator[Input]:
    for item in inputs:
        path = Path(item)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            yield Input(source=str(f), path=str(f), size=f.stat().st_size)


def load_bytes(inp: Input) -> bytes:
    return Path(inp.path).read_bytes()


def failed_report(source: str, data: bytes, error: str) -> Report:
    doc_id = hashlib.sha256(data or source.encode("utf-8")).hexdigest()[:16]
    return Report(source=source, doc_id=doc_id).failed(error)


def ingest(source: str, data: bytes) -> Report:
    doc_id = hashlib.sha256(data).hexdigest()[:16]
    return Report(source=source, doc_id=doc_id, format="txt", encoding="utf-8", original=data.decode("utf-8", "replace"))
