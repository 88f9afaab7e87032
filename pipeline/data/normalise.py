"""Normalise-stage domain data: site boilerplate, page debris, character tables (corpora/normalise/)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from pipeline.data.read import Pair, fragments, keyed, lines, one, rows

_DIR = "normalise"


class NoticeRow(NamedTuple):
    """A notice block: the line that opens it, and what each following line must match to belong."""

    start: str
    member: str


class Structure(NamedTuple):
    """Heading/list markers and sentence ends that decide which broken lines may be re-joined."""

    heading: str
    terminal: str
    continuation: str
    duplicate_strip: str


class FoldRow(NamedTuple):
    """One extra one-to-one fold, as hex code points."""

    source: str
    target: str
    why: str = ""


@dataclass(frozen=True)
class Boilerplate:
    """Marker patterns of site furniture (one regex a line unless said otherwise)."""

    lines: tuple[str, ...]
    strong: tuple[str, ...]
    inline: tuple[str, ...]
    figure: tuple[str, ...]
    meta_keys: tuple[str, ...]  # literal words, longest first
    notice_blocks: tuple[NoticeRow, ...]
    spam_words: tuple[str, ...]  # literal words
    tail_markers: tuple[str, ...]


@dataclass(frozen=True)
class Debris:
    """Page-break debris and the structure marks line joins look at."""

    page_debris: tuple[Pair, ...]  # key = kind (line, trail, lead, nav, tail)
    structure: Structure
    dangling_chars: tuple[str, ...]
    punct_repair: tuple[str, ...]


@dataclass(frozen=True)
class CharTables:
    """Character folding, deletion and script evidence."""

    fold: tuple[FoldRow, ...]
    deleted: tuple[str, ...]  # hex code points
    script_weak: tuple[str, ...]


@lru_cache(maxsize=1)
def boilerplate() -> Boilerplate:
    return Boilerplate(
        lines=lines(_DIR, "boilerplate_lines.txt"),
        strong=lines(_DIR, "boilerplate_strong.txt"),
        inline=lines(_DIR, "boilerplate_inline.txt"),
        figure=lines(_DIR, "figure.txt"),
        meta_keys=lines(_DIR, "meta_keys.txt"),
        notice_blocks=rows(NoticeRow, _DIR, "notice_blocks.tsv"),
        spam_words=lines(_DIR, "spam_words.txt"),
        tail_markers=lines(_DIR, "tail_markers.txt"),
    )


@lru_cache(maxsize=1)
def debris() -> Debris:
    return Debris(
        page_debris=rows(Pair, _DIR, "page_debris.tsv"),
        structure=keyed(Structure, _DIR, "structure.tsv"),
        dangling_chars=lines(_DIR, "dangling_chars.txt"),
        punct_repair=lines(_DIR, "punct_repair.txt"),
    )


@lru_cache(maxsize=1)
def char_tables() -> CharTables:
    return CharTables(
        fold=rows(FoldRow, _DIR, "fold.tsv"),
        deleted=lines(_DIR, "deleted_chars.txt"),
        script_weak=lines(_DIR, "script_weak.txt"),
    )


class Gloss(NamedTuple):
    """The one pinyin-gloss pattern: `core` the parenthesised gloss itself (fragment GLOSS, used
    inside agency names), `after_char` a gloss right after the CJK character it glosses."""

    core: str
    after_char: str


@lru_cache(maxsize=1)
def gloss() -> Gloss:
    return Gloss(core=fragments()["GLOSS"], after_char=one(_DIR, "gloss.txt"))
