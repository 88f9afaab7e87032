"""Extract facts (stub, being built)."""

from __future__ import annotations

from ..record import Report


def extract_facts(report: Report) -> Report:
    return report
