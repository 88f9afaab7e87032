"""Classify stage: a taxonomy category for every topic, and the report's category mix.

Analysts compare what proposals are about across agencies and years, so every topic gets a
category (with the model's confidence and its runner-up) and every report gets `categories`,
its topic categories weighted by their counts. A report that lists no topics is classified from
its overview, the part of a handling report that says what the items were about. The handling
agency's own domain (pipeline.classify.prior) decides phrases the model alone is unsure of.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from pipeline.classify.model import Prediction, load
from pipeline.classify.prior import agency_category
from pipeline.record import Report, Topic

#: How much text stands in for a report without topics when no overview section was found:
#: handling reports state their subjects in the opening paragraph, which rarely exceeds 300 chars.
OVERVIEW_CHARS = 300


def classify(report: Report) -> Report:
    """A new record with topics classified and `categories` set (failed records pass unchanged)."""
    if not report.ok:
        return report
    if report.topics:
        return _classify_topics(report)
    return _classify_overview(report)


def _classify_topics(report: Report) -> Report:
    predictions = load().predict([t.phrase for t in report.topics], prior=agency_category(report.agency))
    topics = tuple(_with_prediction(t, p) for t, p in zip(report.topics, predictions))
    return report.evolve(topics=topics, categories=weigh(topics))


def _with_prediction(topic: Topic, pred: Prediction) -> Topic:
    return replace(topic, category=pred.category, confidence=round(pred.confidence, 4), runner_up=pred.runner_up)


def weigh(topics: tuple[Topic, ...]) -> tuple[tuple[str, float], ...]:
    """(category, weight) by topic counts (a topic without a count counts once), summing to 1.

    Sorted by weight, then by category code so equal weights come out in a stable order.
    """
    weights: Counter[str] = Counter()
    for topic in topics:
        if topic.category:
            weights[topic.category] += topic.count if topic.count is not None and topic.count > 0 else 1
    total = sum(weights.values())
    if not total:
        return ()
    return tuple(sorted(((c, w / total) for c, w in weights.items()), key=lambda cw: (-cw[1], cw[0])))


def overview_text(report: Report) -> str:
    """The overview sections' text if segmentation found any, else the opening of the text."""
    parts = [report.text[s.start:s.end] for s in report.sections if s.kind == "overview"]
    text = "".join(parts) if parts else report.text
    return text[:OVERVIEW_CHARS].strip()


def _classify_overview(report: Report) -> Report:
    text = overview_text(report)
    if not text:
        return report
    pred = load().predict([text], lists=False)[0]
    meta = report.meta + (("categories_from", "overview"),)
    return report.evolve(categories=((pred.category, 1.0),), meta=meta)
