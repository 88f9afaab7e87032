"""Normalise stage (first cut; the full version with boilerplate and page-debris removal is being built).

OpenCC t2s per character run keeps offsets 1:1; full-width ASCII is folded to half-width.
"""

from __future__ import annotations

from functools import lru_cache

import opencc

from .record import Report


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    """One OpenCC converter per process (building one costs ~10 ms and it is thread-safe to reuse)."""
    return opencc.OpenCC("t2s")


def _fold(ch: str) -> str:
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    if code == 0x3000:
        return " "
    return ch


def normalise(report: Report) -> Report:
    original = report.original
    simplified = _converter().convert(original)
    if len(simplified) != len(original):  # phrase conversions may change length: go char by char
        simplified = "".join(_converter().convert(ch) or ch for ch in original)
    text = "".join(_fold(ch) for ch in simplified)
    return report.evolve(text=text, offset_map=tuple(range(len(text))))
