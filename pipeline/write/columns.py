"""The dataset's tables and columns, each column declared once: name, type name, meaning, and how its
value is read from the record.

WHY one declaration: a new column used to mean touching the record, the stage, the schema, rows.py
and the README. Now `rows` builds every row from these columns, `pipeline.write.schema` maps the
type names to Arrow types for the writers, and `schema_markdown` prints the README's tables (a test
keeps the README equal to it). WHY type *names* (strings), not Arrow types: workers build rows with
this module and must not import pyarrow (~0.15 s of start-up and ~35 MB per process, measured when
rows moved out of the writer; tests/engine/test_engine_local.py checks a warm worker).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pipeline.record import Report

FORMATS = ("parquet", "csv", "jsonl")
#: the type names a column may have; pipeline.write.schema maps each to one Arrow type.
TYPE_NAMES = ("string", "int32", "int64", "double", "bool")

#: how a value is read: (item of the table, its report) → cell value.
Reader = Callable[[Any, Report], Any]


@dataclass(frozen=True)
class Column:
    """One column of a table; `read` is None when the value is the item's attribute of that name."""

    name: str
    type: str
    meaning: str
    read: Reader | None = None

    def __post_init__(self) -> None:
        if self.type not in TYPE_NAMES:  # a typo here would only surface in the parent's writer
            raise ValueError(f"column {self.name!r}: unknown type {self.type!r} (one of {', '.join(TYPE_NAMES)})")

    def value(self, item: Any, report: Report) -> Any:
        """The cell of this column for `item` (a measure, topic, section, or the report itself)."""
        return getattr(item, self.name) if self.read is None else self.read(item, report)


def _categories(r: Report) -> list[list]:
    return [[name, float(weight)] for name, weight in r.categories]


def _top_category(r: Report, _: Report) -> str | None:
    return r.categories[0][0] if r.categories else None


def _measure_page(m: Any, r: Report) -> int | None:
    return m.page if m.page is not None else r.page_of(m.start)


def _doc_id(_: Any, r: Report) -> str:
    return r.doc_id


def _c(name: str, typ: str, meaning: str, read: Reader | None = None) -> Column:
    return Column(name, typ, meaning, read)


_DOC_ID = "the report the {} is from (reports.doc_id)"

#: table → its columns, in the order they are written.
COLUMNS: dict[str, tuple[Column, ...]] = {
    "reports": (
        _c("doc_id", "string", "first 16 hex digits of the SHA-256 of the file's bytes (same content → same id)"),
        _c("source", "string", "input path as given; an archive member is 'archive.zip!path/inside'"),
        _c("format", "string", "detected format: txt, html, pdf, docx ... ('unknown' when unreadable)"),
        _c("encoding", "string", "text encoding of txt/html input (null for pdf/docx)"),
        _c("script", "string", "script of the original text: simplified, traditional or mixed"),
        _c("status", "string", "ok, or failed (the document could not be processed; see error)"),
        _c("error", "string", "why the document failed, naming the stage and reason (null when ok)"),
        _c("title", "string", "title of the report as written in the normalised text"),
        _c("doc_type", "string", "kind of report (see ANNOTATION.md)"),
        _c("year", "int32", "year the report is about"),
        _c("agency", "string", "agency that handled the suggestions/proposals"),
        _c("n_chars", "int64", "length of the normalised text in characters", lambda r, _: len(r.text)),
        _c("n_pages", "int32", "number of pages (PDF only; null otherwise)", lambda r, _: len(r.page_starts) or None),
        _c("flags", "string", "quality flags joined by ';' (empty string when none)", lambda r, _: ";".join(r.flags)),
        _c("category", "string", "most likely taxonomy category (null when not classified)", _top_category),
        _c("categories", "string", "JSON list of [category, weight] pairs, best first ('[]' when not classified)",
           lambda r, _: json.dumps(_categories(r), ensure_ascii=False)),
    ),
    "measures": (
        _c("doc_id", "string", _DOC_ID.format("figure"), _doc_id),
        _c("metric", "string", "metric name from the ANNOTATION.md vocabulary (items_total, rate_reply ...)"),
        _c("body", "string", "whose suggestions/proposals: npc, cppcc or all"),
        _c("value", "double", "the value as written (a rate in percent, a count in items)"),
        _c("unit", "string", "'%' for rates, '件' for counts"),
        _c("qualifier", "string", "eq, ge (at least/over), le (at most) or approx"),
        _c("implausible", "bool", "true when the value as written cannot be right (e.g. a rate over 100)"),
        _c("likely", "double", "the likely intended value when implausible and recoverable (else null)"),
        _c("evidence", "string", "the text the figure was read from: reports text[start:end]"),
        _c("start", "int64", "start offset of the evidence in the normalised text"),
        _c("end", "int64", "end offset (exclusive) of the evidence in the normalised text"),
        _c("page", "int32", "1-based PDF page of the evidence (null for other formats)", _measure_page),
        _c("rule", "string", "name of the extraction rule that produced the figure"),
    ),
    "topics": (
        _c("doc_id", "string", _DOC_ID.format("topic"), _doc_id),
        _c("phrase", "string", "the subject as written in the text"),
        _c("count", "int64", "number of items on that subject when the text gives one (else null)"),
        _c("category", "string", "taxonomy category of the phrase (null when not classified)"),
        _c("confidence", "double", "classifier probability of category (0..1)"),
        _c("runner_up", "string", "second most likely category"),
        _c("start", "int64", "start offset of the phrase in the normalised text"),
        _c("end", "int64", "end offset (exclusive) of the phrase"),
        _c("rule", "string", "name of the extraction rule that found the topic"),
    ),
    "sections": (
        _c("doc_id", "string", _DOC_ID.format("section"), _doc_id),
        _c("kind", "string", "overview, measures, problems, plans or other"),
        _c("heading", "string", "the heading line as written ('' for text before the first heading)"),
        _c("text", "string", "the section's normalised text: reports text[start:end]",
           lambda s, r: r.text[s.start:s.end]),
        _c("tokens", "string", "jieba tokens of the section joined by single spaces", lambda s, _: " ".join(s.tokens)),
        _c("start", "int64", "start offset of the section in the normalised text"),
        _c("end", "int64", "end offset (exclusive) of the section"),
    ),
}

#: table → the record's items that become its rows (one reports row per document, failed ones too).
ITEMS: dict[str, Callable[[Report], Iterable[Any]]] = {
    "reports": lambda r: (r,),
    "measures": lambda r: r.measures,
    "topics": lambda r: r.topics,
    "sections": lambda r: r.sections,
}

TABLES = tuple(COLUMNS)

#: table → [(column, type name, meaning)]: the declaration without its readers.
SCHEMA: dict[str, list[tuple[str, str, str]]] = {
    table: [(c.name, c.type, c.meaning) for c in columns] for table, columns in COLUMNS.items()
}


def schema_markdown() -> str:
    """The columns as Markdown tables (one per table), for the README: `python -c "from
    pipeline.write.columns import schema_markdown; print(schema_markdown())"`."""
    out = []
    for table, columns in COLUMNS.items():
        out += [f"#### {table}", "", "| column | type | meaning |", "|---|---|---|"]
        out += [f"| {c.name} | {c.type} | {c.meaning.replace('|', '/')} |" for c in columns]
        out.append("")
    return "\n".join(out)
