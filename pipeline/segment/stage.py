"""Segment stage: split the normalised text into sections at headings, tag each, tokenise each once.

Top-level headings are numbered lines (一、 二、 ..., 第一部分) or standalone short lines that name a
section (基本情况, 存在问题, 下一步打算); second-level headings ((一) ...) stay inside their section.
Each section gets a kind from the keyword table corpora/segment/heading_kinds.tsv (first matching
row wins); text before the first heading is the overview. Tokens come from the process's one jieba
tokenizer (pipeline/segment/tokenizer.py), cut once per section with HMM on, whitespace tokens dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline import data
from pipeline.record import Report, Section
from pipeline.segment.tokenizer import tokenizer
from pipeline.text.gloss import strip_glosses

#: A standalone heading line without numbering is at most this long (corpus: "基本情况", "存在问题及
#: 下一步打算", "2020年提案工作安排" are 4-12 characters; body sentences are far longer).
STANDALONE_MAX = 16
#: The heading text kept for a run-in numbered heading is cut at this length (corpus headings are
#: 4-30 characters; a numbered line with no clause end is a whole paragraph).
HEADING_MAX = 40


@lru_cache(maxsize=1)
def _patterns() -> tuple[dict[str, re.Pattern[str]], tuple[tuple[str, re.Pattern[str]], ...]]:
    """(structure patterns, ordered (kind, regex) rows), compiled once per process."""
    found = data.headings()
    structure = {name: re.compile(rx) for name, rx in found.structure._asdict().items()}
    kinds = tuple((kind, re.compile(rx)) for kind, rx in found.kinds)
    return structure, kinds


def heading_kind(heading: str) -> str | None:
    """The section kind a heading names, or None when no keyword row matches."""
    plain = strip_glosses(heading)
    for kind, rx in _patterns()[1]:
        if rx.search(plain):
            return kind
    return None


def heading_of(line: str) -> str | None:
    """The heading text when `line` (stripped) is a top-level heading line, else None."""
    structure, _ = _patterns()
    if structure["numbered"].match(line):
        end = structure["clause_end"].search(line)
        return (line[: end.start()] if end else line)[:HEADING_MAX]
    if len(line) > STANDALONE_MAX or structure["clause_end"].search(line) or "," in line:
        return None
    if structure["subnumbered"].match(line):
        return None
    core = line.strip("【】[]")
    kind = heading_kind(core)
    if kind in ("overview", "problems", "plans") or structure["standalone_measures"].search(core):
        return core
    return None


def find_headings(text: str) -> list[tuple[int, str]]:
    """(offset of the heading, heading text) for every top-level heading of `text`: heading lines,
    and numbered headings run into flattened lines after a sentence end and a space."""
    structure, _ = _patterns()
    found = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        heading = heading_of(stripped) if stripped else None
        if heading:
            found.append((pos + line.index(stripped[0]), heading))
        for m in structure["inline_numbered"].finditer(line):
            end = structure["clause_end"].search(line, m.start())
            found.append((pos + m.start(), line[m.start() : end.start() if end else len(line)][:HEADING_MAX]))
        pos += len(line) + 1
    return sorted(found)


def split_sections(text: str) -> list[tuple[str, str, int, int]]:
    """(kind, heading, start, end) runs covering `text` from 0 to len(text)."""
    headings = find_headings(text)
    bounds = [(0, "")] if not headings or headings[0][0] > 0 else []
    bounds += headings
    out = []
    for k, (start, heading) in enumerate(bounds):
        end = bounds[k + 1][0] if k + 1 < len(bounds) else len(text)
        kind = "overview" if not heading else heading_kind(heading) or "other"
        out.append((kind, heading, 0 if k == 0 else start, end))
    return out


def tokens_of(text: str) -> tuple[str, ...]:
    """jieba tokens (HMM on) of `text`, whitespace tokens dropped."""
    return tuple(tokenizer().tokens(text, hmm=True, spaces=False))


def segment(report: Report) -> Report:
    """Fill `sections`: kind, heading, span and tokens of each section of the normalised text."""
    if not report.text:
        return report
    sections = tuple(
        Section(kind=kind, heading=heading, start=start, end=end, tokens=tokens_of(report.text[start:end]))
        for kind, heading, start, end in split_sections(report.text)
    )
    return report.evolve(sections=sections)
