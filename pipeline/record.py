"""The one record that flows through every stage: ingest → normalise → segment → extract → classify.

Each stage takes a `Report` and returns a new one (``dataclasses.replace``); nothing is mutated,
so the original text and every earlier stage's output stay available for evidence and debugging,
the way pdfplumber's derived objects leave the page they came from untouched.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from typing import Any

#: The metric vocabulary of ../shared/corpus/ANNOTATION.md; the dataset's metric names are these.
COUNT_METRICS = (
    "items_total",
    "items_lead",
    "items_assist",
    "items_key",
    "items_solved",
    "items_planned",
    "items_unsolved",
)
RATE_METRICS = (
    "rate_reply",
    "rate_completion",
    "rate_satisfaction",
    "rate_meeting",
    "rate_implementation",
    "rate_solved",
)
METRICS = COUNT_METRICS + RATE_METRICS
BODIES = ("npc", "cppcc", "all")
QUALIFIERS = ("eq", "ge", "le", "approx")
SECTION_KINDS = ("overview", "measures", "problems", "plans", "other")


@dataclass(frozen=True)
class Measure:
    """One figure of the metric vocabulary, with the span of its evidence in `Report.text`."""

    metric: str
    body: str
    value: float
    qualifier: str
    evidence: str
    start: int
    end: int
    rule: str
    implausible: bool = False
    likely: float | None = None
    page: int | None = None

    @property
    def unit(self) -> str:
        return "%" if self.metric.startswith("rate_") else "件"


@dataclass(frozen=True)
class Topic:
    """A subject of the handled items as the text lists it (phrase as written, count if given)."""

    phrase: str
    count: int | None
    start: int
    end: int
    rule: str
    category: str | None = None
    confidence: float | None = None
    runner_up: str | None = None


@dataclass(frozen=True)
class Section:
    """A run of the normalised text under one heading, tagged with its kind."""

    kind: str
    heading: str
    start: int
    end: int
    tokens: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    """Everything tiban knows about one input document.

    `original` is the text as extracted from the file (decoded bytes, HTML main text, PDF/DOCX text);
    `text` is the normalised text every span points into. `offset_map[i]` is the index in `original`
    of `text[i]`; `page_starts[k]` is the offset in `original` where page k+1 starts (PDF only).
    """

    source: str
    doc_id: str
    format: str = "unknown"
    encoding: str | None = None
    status: str = "ok"
    error: str | None = None
    original: str = ""
    page_starts: tuple[int, ...] = ()
    text: str = ""
    offset_map: tuple[int, ...] = ()
    script: str | None = None
    flags: tuple[str, ...] = ()
    title: str | None = None
    doc_type: str | None = None
    year: int | None = None
    agency: str | None = None
    sections: tuple[Section, ...] = ()
    measures: tuple[Measure, ...] = ()
    topics: tuple[Topic, ...] = ()
    categories: tuple[tuple[str, float], ...] = ()
    timings: tuple[tuple[str, float], ...] = ()
    meta: tuple[tuple[str, Any], ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def evolve(self, **changes: Any) -> "Report":
        """A new record with `changes` applied; the shorthand every stage uses."""
        return replace(self, **changes)

    def flagged(self, *flags: str) -> "Report":
        """A new record with `flags` appended (kept unique, in order of first appearance)."""
        merged = tuple(dict.fromkeys(self.flags + tuple(flags)))
        return replace(self, flags=merged)

    def failed(self, error: str) -> "Report":
        """A new record marked failed with a reason that a person can act on."""
        return replace(self, status="failed", error=error)

    def original_offset(self, i: int) -> int:
        """Offset in `original` of normalised offset `i` (identity before normalisation)."""
        if not self.offset_map:
            return i
        if i >= len(self.offset_map):
            return len(self.original)
        return self.offset_map[i]

    def page_of(self, i: int) -> int | None:
        """1-based page of normalised offset `i`, or None for formats without pages."""
        if not self.page_starts:
            return None
        return bisect.bisect_right(self.page_starts, self.original_offset(i))

    def section_at(self, i: int) -> Section | None:
        """The section that holds normalised offset `i`, if segmentation ran."""
        for section in self.sections:
            if section.start <= i < section.end:
                return section
        return None


@dataclass(frozen=True)
class Input:
    """One document to process, found by `ingest.discover`: picklable, so workers can take it.

    `source` is the path as given, or ``archive.zip!path/inside`` for an archive member;
    `error` is set when a problem is known before reading (a zip bomb, an unreadable file);
    `flags` are quality flags known from discovery (source_name_not_utf8), added to the report.
    """

    source: str
    path: str
    member: str | None = None
    size: int = 0
    error: str | None = None
    flags: tuple[str, ...] = ()
