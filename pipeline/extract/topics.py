"""Extract topics (stub, being built)."""

from __future__ import annotations

from ..record import Report


def extract_topics(report: Report) -> Report:
    return report
