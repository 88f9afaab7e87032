"""Segment stage: the normalised text → sections tagged overview / measures / problems / plans /
other, each with its jieba tokens.

Adds `sections`. Modules: `stage` (headings and sections), `tokenizer` (the process's own
`jieba.Tokenizer` with the domain dictionary, and a faster route search giving the same tokens),
`hmm` (jieba's HMM for unknown runs, same model and tie-breaking).

    segment(report) -> Report
"""

from __future__ import annotations

from typing import Any

__all__ = ["segment"]


def __getattr__(name: str) -> Any:
    """`segment` loads jieba's dictionary on first use, not on import."""
    if name == "segment":
        from pipeline.segment.stage import segment

        return segment
    raise AttributeError(f"module 'pipeline.segment' has no attribute {name!r}")
