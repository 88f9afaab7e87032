"""Normalise stage: the record's `original` → `text`, the clean text every evidence span points into.

Adds `text`, `offset_map` (each character's offset in the original, and so its PDF page), `script`
(simplified, traditional or mixed) and the cleaning flags. Modules: `stage` (the steps in order),
`chars` (OpenCC t2s and width folding, one converter per process), `debris` (page-break debris,
line re-joining, punctuation repair), `boilerplate` (site chrome and spam), `script`.

    normalise(report) -> Report
"""

from __future__ import annotations

from pipeline.lazy import exports

__all__ = ["normalise"]

__getattr__ = exports("pipeline.normalise", {"normalise": "stage"})
