"""Extract stage: document facts, measures and topics, each with its span into `Report.text`.

Sub-modules own one kind of fact each (facts, measures, topics); this module only orders them:
facts first, because measures read the document's body (npc/cppcc) and doc_type from them; the
doc_type is settled last, once it is known whether the text states any figure.
"""

from __future__ import annotations

from pipeline.record import Report


def extract(report: Report) -> Report:
    """Fill doc_type, year, agency, title, measures and topics."""
    from pipeline.extract import (
        facts,  # noqa: PLC0415 — sub-modules load their corpora files lazily
        measures,
        topics,
    )

    report = facts.extract_facts(report)
    report = topics.extract_topics(measures.extract_measures(report))
    return facts.settle_doc_type(report)  # no figure and no result told: not a report after all
