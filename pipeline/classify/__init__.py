"""Classify stage: a taxonomy category (with confidence and runner-up) for every topic, and the
report's category mix.

Adds `Topic.category`, `confidence`, `runner_up` and `Report.categories`. Modules: `stage` (the
stage), `model` (loading the shipped model safely; its numpy export in `linear`), `settings` (file
names, the `other` threshold), `data` (taxonomy and training phrases), `features`, `train`, `card`
(the model card) and `evaluate` (scores on gold phrases).

    classify(report) -> Report
"""

from __future__ import annotations

from typing import Any

__all__ = ["classify"]


def __getattr__(name: str) -> Any:
    """`classify` loads the model on first use, not on import."""
    if name == "classify":
        from pipeline.classify.stage import classify

        return classify
    raise AttributeError(f"module 'pipeline.classify' has no attribute {name!r}")
