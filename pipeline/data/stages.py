"""Domain data of ingest, segment, the engines and evaluation (corpora/{ingest,segment,dict,engine,eval}/)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from pipeline.data.read import Pair, keyed, lines, rows
from pipeline.resources import READ, corpora_dir, corpus_path


class HeadingStructure(NamedTuple):
    """Heading numbering and heading-line shapes of segment/headings.tsv."""

    numbered: str
    clause_end: str
    subnumbered: str
    standalone_measures: str
    inline_numbered: str


@dataclass(frozen=True)
class Headings:
    structure: HeadingStructure
    kinds: tuple[Pair, ...]  # (kind, regex), tried in order: the first match wins


@lru_cache(maxsize=1)
def headings() -> Headings:
    return Headings(
        structure=keyed(HeadingStructure, "segment", "headings.tsv"),
        kinds=rows(Pair, "segment", "heading_kinds.tsv"),
    )


def user_dict_path(must_exist: bool = True) -> Path:
    """The jieba user dictionary ("word freq tag" lines; read by jieba's format, not as patterns).
    The model card hashes it when present (`must_exist=False`), the tokenizer needs it."""
    if must_exist:
        return corpus_path("dict", "user_dict.txt")
    READ.add("dict/user_dict.txt")
    return corpora_dir() / "dict" / "user_dict.txt"


@lru_cache(maxsize=1)
def skip_extensions() -> tuple[str, ...]:
    """File extensions a folder walk or archive never treats as documents."""
    return lines("ingest", "skip_extensions.txt")


def warmup_path() -> Path:
    """The invented warm-up report each worker processes once before timed documents."""
    return corpus_path("engine", "warmup.txt")


@lru_cache(maxsize=1)
def warmup_lines() -> tuple[str, ...]:
    return lines("engine", "warmup.txt")


@lru_cache(maxsize=1)
def topic_trim() -> tuple[str, ...]:
    """ANNOTATION.md's affixes trimmed from topics before scoring."""
    return lines("eval", "topic_trim.txt")
