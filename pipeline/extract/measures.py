"""Extract measures (stub, being built)."""

from __future__ import annotations

from ..record import Report


def extract_measures(report: Report) -> Report:
    return report
