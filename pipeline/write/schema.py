"""The dataset's tables and columns: the one description of what tiban writes (the README's schema
section is printed from it, and a test keeps the two equal)."""

from __future__ import annotations

import pyarrow as pa

FORMATS = ("parquet", "csv", "jsonl")
TABLES = ("reports", "measures", "topics", "sections")

_S, _I32, _I64, _F64, _B = pa.string(), pa.int32(), pa.int64(), pa.float64(), pa.bool_()

#: table → [(column, pyarrow type, meaning)]; the one description of the dataset.
SCHEMA: dict[str, list[tuple[str, pa.DataType, str]]] = {
    "reports": [
        ("doc_id", _S, "first 16 hex digits of the SHA-256 of the file's bytes (same content → same id)"),
        ("source", _S, "input path as given; an archive member is 'archive.zip!path/inside'"),
        ("format", _S, "detected format: txt, html, pdf, docx ... ('unknown' when unreadable)"),
        ("encoding", _S, "text encoding of txt/html input (null for pdf/docx)"),
        ("script", _S, "script of the original text: simplified, traditional or mixed"),
        ("status", _S, "ok, or failed (the document could not be processed; see error)"),
        ("error", _S, "why the document failed, naming the stage and reason (null when ok)"),
        ("title", _S, "title of the report as written in the normalised text"),
        ("doc_type", _S, "kind of report (see ANNOTATION.md)"),
        ("year", _I32, "year the report is about"),
        ("agency", _S, "agency that handled the suggestions/proposals"),
        ("n_chars", _I64, "length of the normalised text in characters"),
        ("n_pages", _I32, "number of pages (PDF only; null otherwise)"),
        ("flags", _S, "quality flags joined by ';' (empty string when none)"),
        ("category", _S, "most likely taxonomy category (null when not classified)"),
        ("categories", _S, "JSON list of [category, weight] pairs, best first ('[]' when not classified)"),
    ],
    "measures": [
        ("doc_id", _S, "the report the figure is from (reports.doc_id)"),
        ("metric", _S, "metric name from the ANNOTATION.md vocabulary (items_total, rate_reply ...)"),
        ("body", _S, "whose suggestions/proposals: npc, cppcc or all"),
        ("value", _F64, "the value as written (a rate in percent, a count in items)"),
        ("unit", _S, "'%' for rates, '件' for counts"),
        ("qualifier", _S, "eq, ge (at least/over), le (at most) or approx"),
        ("implausible", _B, "true when the value as written cannot be right (e.g. a rate over 100)"),
        ("likely", _F64, "the likely intended value when implausible and recoverable (else null)"),
        ("evidence", _S, "the text the figure was read from: reports text[start:end]"),
        ("start", _I64, "start offset of the evidence in the normalised text"),
        ("end", _I64, "end offset (exclusive) of the evidence in the normalised text"),
        ("page", _I32, "1-based PDF page of the evidence (null for other formats)"),
        ("rule", _S, "name of the extraction rule that produced the figure"),
    ],
    "topics": [
        ("doc_id", _S, "the report the topic is from (reports.doc_id)"),
        ("phrase", _S, "the subject as written in the text"),
        ("count", _I64, "number of items on that subject when the text gives one (else null)"),
        ("category", _S, "taxonomy category of the phrase (null when not classified)"),
        ("confidence", _F64, "classifier probability of category (0..1)"),
        ("runner_up", _S, "second most likely category"),
        ("start", _I64, "start offset of the phrase in the normalised text"),
        ("end", _I64, "end offset (exclusive) of the phrase"),
        ("rule", _S, "name of the extraction rule that found the topic"),
    ],
    "sections": [
        ("doc_id", _S, "the report the section is from (reports.doc_id)"),
        ("kind", _S, "overview, measures, problems, plans or other"),
        ("heading", _S, "the heading line as written ('' for text before the first heading)"),
        ("text", _S, "the section's normalised text: reports text[start:end]"),
        ("tokens", _S, "jieba tokens of the section joined by single spaces"),
        ("start", _I64, "start offset of the section in the normalised text"),
        ("end", _I64, "end offset (exclusive) of the section"),
    ],
}

ARROW_SCHEMAS: dict[str, pa.Schema] = {
    table: pa.schema([pa.field(name, typ) for name, typ, _ in columns]) for table, columns in SCHEMA.items()
}



def schema_markdown() -> str:
    """SCHEMA as Markdown tables (one per table), for the README: `python -c "from pipeline.write
    import schema_markdown; print(schema_markdown())"`."""
    out = []
    for table, columns in SCHEMA.items():
        out += [f"#### {table}", "", "| column | type | meaning |", "|---|---|---|"]
        out += [f"| {name} | {typ} | {desc.replace('|', '/')} |" for name, typ, desc in columns]
        out.append("")
    return "\n".join(out)
