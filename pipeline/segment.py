"""Segment stage (stub, being built)."""

from __future__ import annotations

from .record import Report


def segment(report: Report) -> Report:
    return report
