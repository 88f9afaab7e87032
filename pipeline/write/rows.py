"""The dataset rows of one document: plain dicts, table by table.

WHY a module of its own: workers (local pool, Dask) turn each Report into rows where it was
processed, so only rows travel back; building them needs no pyarrow, and importing pyarrow in every
worker (through pipeline.write) cost ~0.15 s of serial start-up and ~35 MB per process. The column
set and types are pipeline.write's SCHEMA (tests/write/test_write.py checks these rows against it).
"""

from __future__ import annotations

import json

from pipeline.record import Report

Rows = dict[str, list[dict]]


def _report_row(r: Report) -> dict:
    cats = [[name, float(weight)] for name, weight in r.categories]
    return {
        "doc_id": r.doc_id, "source": r.source, "format": r.format, "encoding": r.encoding,
        "script": r.script, "status": r.status, "error": r.error, "title": r.title,
        "doc_type": r.doc_type, "year": r.year, "agency": r.agency, "n_chars": len(r.text),
        "n_pages": len(r.page_starts) or None, "flags": ";".join(r.flags),
        "category": cats[0][0] if cats else None, "categories": json.dumps(cats, ensure_ascii=False),
    }


def rows(report: Report) -> Rows:
    """The dataset rows of one document, table by table (a failed document has only its reports row)."""
    out: Rows = {"reports": [_report_row(report)], "measures": [], "topics": [], "sections": []}
    d = report.doc_id
    for m in report.measures:
        page = m.page if m.page is not None else report.page_of(m.start)
        out["measures"].append({
            "doc_id": d, "metric": m.metric, "body": m.body, "value": m.value, "unit": m.unit,
            "qualifier": m.qualifier, "implausible": m.implausible, "likely": m.likely,
            "evidence": m.evidence, "start": m.start, "end": m.end, "page": page, "rule": m.rule,
        })
    for t in report.topics:
        out["topics"].append({
            "doc_id": d, "phrase": t.phrase, "count": t.count, "category": t.category,
            "confidence": t.confidence, "runner_up": t.runner_up, "start": t.start, "end": t.end, "rule": t.rule,
        })
    for s in report.sections:
        out["sections"].append({
            "doc_id": d, "kind": s.kind, "heading": s.heading, "text": report.text[s.start:s.end],
            "tokens": " ".join(s.tokens), "start": s.start, "end": s.end,
        })
    return out
