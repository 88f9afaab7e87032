"""Segment stage: the normalised text → sections tagged overview / measures / problems / plans /
other, each with its jieba tokens.

Adds `sections`. Modules: `stage` (headings and sections), `tokenizer` (the process's own
`jieba.Tokenizer` with the domain dictionary, and a faster route search giving the same tokens),
`hmm` (jieba's HMM for unknown runs, same model and tie-breaking).

    segment(report) -> Report
"""

from __future__ import annotations

from pipeline.lazy import exports

__all__ = ["segment"]

__getattr__ = exports("pipeline.segment", {"segment": "stage"})
