"""Classify stage: a taxonomy category (with confidence and runner-up) for every topic, and the
report's category mix.

Adds `Topic.category`, `confidence`, `runner_up` and `Report.categories`. Modules: `stage` (the
stage), `model` (loading the shipped model safely; its numpy export in `linear`), `settings` (file
names, the `other` threshold), `data` (taxonomy and training phrases), `features`, `train`, `card`
(the model card) and `evaluate` (scores on gold phrases).

    classify(report) -> Report
"""

from __future__ import annotations

from pipeline.lazy import exports

__all__ = ["classify"]

__getattr__ = exports("pipeline.classify", {"classify": "stage"})
