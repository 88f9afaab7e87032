"""Normalise stage: the record's `original` → `text`, the clean text every evidence span points into.

Adds `text`, `offset_map` (each character's offset in the original, and so its PDF page), `script`
(simplified, traditional or mixed) and the cleaning flags. Modules: `stage` (the steps in order),
`chars` (OpenCC t2s and width folding, one converter per process), `debris` (page-break debris,
line re-joining, punctuation repair), `boilerplate` (site chrome and spam), `script`.

    normalise(report) -> Report
"""

from __future__ import annotations

from typing import Any

__all__ = ["normalise"]


def __getattr__(name: str) -> Any:
    """`normalise` loads OpenCC and the corpora files on first use, not on `import pipeline.normalise`
    (a run's parent imports `pipeline.normalise.chars` helpers without needing the stage)."""
    if name == "normalise":
        from pipeline.normalise.stage import normalise

        return normalise
    raise AttributeError(f"module 'pipeline.normalise' has no attribute {name!r}")
