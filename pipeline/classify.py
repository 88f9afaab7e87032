"""Classify stage (stub, being built)."""

from __future__ import annotations

from .record import Report


def classify(report: Report) -> Report:
    return report
