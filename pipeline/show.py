"""Human-readable view of one processed document, for `tiban show`.

A reader checking an extraction wants each figure next to the words it came from, with where
they are (offsets, page), so the view prints evidence in context rather than bare numbers.
"""

from __future__ import annotations

import json

from pipeline.record import Measure, Report

#: Characters of context printed on each side of a figure's evidence: enough for the clause
#: that names the metric (report sentences in dev/ run 20-60 characters).
CONTEXT = 12


def _context(report: Report, start: int, end: int) -> str:
    left = report.text[max(0, start - CONTEXT) : start].replace("\n", " ")
    right = report.text[end : end + CONTEXT].replace("\n", " ")
    return f"…{left}[{report.text[start:end]}]{right}…"


def _measure_line(report: Report, m: Measure) -> str:
    value = f"{m.value:g}{m.unit}"
    notes = [m.qualifier] if m.qualifier != "eq" else []
    if m.implausible:
        notes.append("IMPLAUSIBLE" + (f", likely {m.likely:g}" if m.likely is not None else ""))
    where = f"{m.start}-{m.end}" + (f" p.{m.page}" if m.page else "")
    note = f" ({', '.join(notes)})" if notes else ""
    return f"  {m.metric:<20} {m.body:<6} {value:>8}{note}  @{where} {m.rule}\n      {_context(report, m.start, m.end)}"


def render_text(report: Report) -> str:
    """The whole extraction of one document as indented plain text."""
    head = [
        f"source    {report.source}",
        f"doc_id    {report.doc_id}   format {report.format}   encoding {report.encoding}   script {report.script}",
        f"status    {report.status}" + (f"   error: {report.error}" if report.error else ""),
        f"flags     {', '.join(report.flags) or '-'}",
        f"title     {report.title}",
        f"doc_type  {report.doc_type}   year {report.year}   agency {report.agency}",
    ]
    if report.categories:
        head.append("categories " + ", ".join(f"{c} {w:.2f}" for c, w in report.categories))
    body = [f"measures ({len(report.measures)})"]
    body += [_measure_line(report, m) for m in report.measures]
    body.append(f"topics ({len(report.topics)})")
    for t in report.topics:
        count = "" if t.count is None else f" ×{t.count}"
        conf = "" if t.confidence is None else f" {t.confidence:.2f}"
        body.append(f"  {t.phrase}{count}  → {t.category}{conf}  @{t.start}-{t.end}")
    body.append(f"sections ({len(report.sections)})")
    body += [f"  {s.kind:<9} {s.heading[:40]}  @{s.start}-{s.end}" for s in report.sections]
    return "\n".join(head + body)


def render_json(report: Report) -> str:
    """The rows tiban writes for this document, one key per table."""
    from pipeline.write.writer import rows

    return json.dumps(rows(report), ensure_ascii=False, indent=2, default=str)
