"""A text that remembers, for every character, where it came from in the original.

Normalisation only ever *changes one character into one character* (OpenCC t2s, full-width folding)
or *deletes* characters (boilerplate, page debris, line joins). Because nothing is ever inserted,
the normalised text is a subsequence of the character-normalised original, `map` stays
non-decreasing, and every evidence span in the normalised text points back to original offsets
(and through `Report.page_starts` to PDF pages).

The same class is the reading view of the extract rules (measure_view.build_view drops glosses and
layout whitespace, topic_rules.plain_view drops glosses): one type, one map, and two span ends
named for what they keep (`span`, `span_through`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain

Span = tuple[int, int]


@dataclass(frozen=True)
class MappedText:
    """`text` plus `map`, where `map[i]` is the offset in the original of `text[i]`; `source` is
    the original when a view keeps it (extract views cut evidence from it), else ""."""

    text: str
    map: tuple[int, ...]
    source: str = ""

    def __post_init__(self) -> None:
        if len(self.text) != len(self.map):
            raise ValueError(f"map length {len(self.map)} != text length {len(self.text)}")

    @property
    def index(self) -> tuple[int, ...]:
        """`map` under the name the extract views used for it."""
        return self.map

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span of text[start:end], from its first to just after its last character: what
        was dropped after it (a gloss, layout space) is left out (measure evidence, dev a032)."""
        return self.map[start], self.map[end - 1] + 1

    def span_through(self, start: int, end: int) -> tuple[int, int]:
        """Original span of text[start:end] up to the next kept character, so a gloss after the last
        character stays in it (topic phrases keep "环(huán)保" whole, as the gold does). Ends at the
        end of `source` when text[start:end] runs to the end; an empty span is empty there."""
        first = self._offset(start)
        return (first, first) if start >= end else (first, self._offset(end))

    def _offset(self, i: int) -> int:
        return self.map[i] if i < len(self.map) else len(self.source)

    @classmethod
    def identity(cls, original: str) -> "MappedText":
        """The original text mapped onto itself."""
        return cls(original, tuple(range(len(original))))

    def __len__(self) -> int:
        return len(self.text)

    def with_text(self, text: str) -> "MappedText":
        """Replace every character one-for-one (same length), keeping the map."""
        if len(text) != len(self.text):
            raise ValueError("with_text needs a one-for-one replacement")
        return MappedText(text, self.map)

    def translate(self, table: dict[int, str]) -> "MappedText":
        """`str.translate` restricted to one-character targets, so offsets stay aligned."""
        return self.with_text(self.text.translate(table))

    def delete(self, spans: Iterable[Span]) -> "MappedText":
        """Delete the given [start, end) spans (they may overlap or come unsorted)."""
        merged = merge_spans(spans)
        if not merged:
            return self
        texts: list[str] = []
        maps: list[tuple[int, ...]] = []
        pos = 0
        for start, end in merged:
            texts.append(self.text[pos:start])
            maps.append(self.map[pos:start])
            pos = end
        texts.append(self.text[pos:])
        maps.append(self.map[pos:])
        return MappedText("".join(texts), tuple(chain.from_iterable(maps)))

    def delete_matches(self, pattern: re.Pattern[str], group: int | str = 0) -> "MappedText":
        """Delete every match of `pattern` (or just one of its groups)."""
        return self.delete(m.span(group) for m in pattern.finditer(self.text) if m.group(group))

    def replace(self, edits: Iterable[tuple[int, int, str]]) -> "MappedText":
        """Replace [start, end) spans by new strings (non-overlapping edits).

        New character k of a replacement maps to the original of replaced character min(k, n-1), so
        the map stays non-decreasing; an insertion (empty span) maps to the character before it.
        The normalise stage itself only folds and deletes; this is for callers that must rewrite.
        """
        texts: list[str] = []
        maps: list[tuple[int, ...]] = []
        pos = 0
        for start, end, new in sorted(edits):
            if start < pos:
                raise ValueError("overlapping edits")
            texts.append(self.text[pos:start])
            maps.append(self.map[pos:start])
            anchor = self.map[start:end] or self.map[max(start - 1, 0) : start] or (0,)
            texts.append(new)
            maps.append(tuple(anchor[min(k, len(anchor) - 1)] for k in range(len(new))))
            pos = end
        texts.append(self.text[pos:])
        maps.append(self.map[pos:])
        return MappedText("".join(texts), tuple(chain.from_iterable(maps)))

    def sub(self, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]) -> "MappedText":
        """`pattern.sub` keeping the map (see `replace`)."""
        render = repl if callable(repl) else (lambda m: m.expand(repl))
        return self.replace((m.start(), m.end(), render(m)) for m in pattern.finditer(self.text))

    def lines(self) -> list[tuple[int, int]]:
        """[start, end) of every line, without its newline."""
        spans = []
        pos = 0
        for line in self.text.split("\n"):
            spans.append((pos, pos + len(line)))
            pos += len(line) + 1
        return spans


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Sorted, non-overlapping, non-empty spans."""
    merged: list[list[int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def convert_mapped(mt: MappedText, convert: Callable[[str], str]) -> MappedText:
    """Apply a string converter (OpenCC) keeping offsets.

    A converter that keeps the length is taken as one-for-one (t2s is, almost always). Where the
    length changes, fall back line by line and then character by character; a character that
    becomes several maps all of them to itself, one that vanishes is dropped.
    """
    converted = convert(mt.text)
    if len(converted) == len(mt.text):
        return mt.with_text(converted)
    texts: list[str] = []
    maps: list[int] = []
    pos = 0
    for line in mt.text.splitlines(keepends=True):
        out = convert(line)
        if len(out) == len(line):
            texts.append(out)
            maps.extend(mt.map[pos : pos + len(line)])
        else:
            for k, ch in enumerate(line):
                piece = convert(ch)
                texts.append(piece)
                maps.extend([mt.map[pos + k]] * len(piece))
        pos += len(line)
    return MappedText("".join(texts), tuple(maps))
