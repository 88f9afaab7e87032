"""A cleaned reading view of `Report.text` for measure rules, with a map back to real offsets.

Scraped texts put noise inside the very words the rules look for: pinyin glosses after characters
(辦復(fù)率, dev a037), spaces around numbers from PDF layout (建议 4 件, dev a032) and hard line breaks
inside sentences (dev c003). Rules read the view; every span is mapped back through `index`, so the
evidence cut from `Report.text` is an exact substring (glosses and spaces included).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from pipeline.text.firstchars import with_first_chars
from pipeline.text.gloss import gloss_core, gloss_pattern
from pipeline.text.textmap import MappedText

#: Characters that end a sentence; a line break ends one too when the line before ends with them or is short.
_SENTENCE_END = "。！？!?"
#: A line shorter than this that ends without punctuation is a title or a table cell (dev b029, seed 004
#: titles are 1–20 characters), so the break after it is a boundary; longer lines are hard-wrapped prose.
SHORT_LINE = 24


#: The cleaned view: `text`, and `index[i]` the offset in the source of `text[i]`; its `span` runs
#: from the first to the last kept character (pipeline/text/textmap.py, the one offsets view).
View = MappedText


def _keep_break(source: str, ws_start: int, line_start: int, next_char: str) -> bool:
    """Whether a whitespace run holding a line break ends a sentence. A break between a CJK
    character and a digit is a wrapped line ('满意率均为' / '100%'), whatever the line length."""
    prev = source[ws_start - 1] if ws_start else ""
    if prev in _SENTENCE_END:
        return True
    if next_char.isdigit() and "\u3400" <= prev <= "\u9fff":
        return False
    return ws_start - line_start < SHORT_LINE


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@lru_cache(maxsize=1)
def skip_pattern() -> re.Pattern[str]:
    """What the view drops or rewrites: a gloss (pipeline/text/gloss.py; tried first, with the layout
    space or tab a PDF may put before it, "辦復 (fù)") or a whitespace run. Scans whole texts, so led
    by its first characters (pipeline/text/firstchars.py)."""
    gloss = gloss_pattern().pattern.replace(gloss_core(), rf"[ \t]?{gloss_core()}", 1)
    return with_first_chars(f"(?P<gloss>{gloss})|\\s+")


def build_view(source: str) -> View:
    """Drop glosses and whitespace; keep a newline where a line break is a boundary, a space
    between two Latin letters/digits (so table cells '114' '68.68' stay apart).

    Runs between glosses and whitespace are copied whole (no Python step per character: this
    runs on every document's full text)."""
    pieces: list[str] = []
    index: list[int] = []
    last, pos, line_start, n = "", 0, 0, len(source)  # last: the last character kept so far
    for m in skip_pattern().finditer(source):
        start, end = m.span()
        if start > pos:
            pieces.append(source[pos:start])
            index.extend(range(pos, start))
            last = source[start - 1]
        pos = end
        if m.group("gloss") is not None:
            continue
        newline = "\n" in m.group()
        if newline and last and end < n and _keep_break(source, start, line_start, source[end]):
            pieces.append("\n")
            index.append(start)
            last = "\n"
        elif last and end < n and _latin(last) and _latin(source[end]):
            pieces.append(" ")
            index.append(start)
            last = " "
        if newline:
            line_start = start + m.group().rfind("\n") + 1
    pieces.append(source[pos:])
    index.extend(range(pos, n))
    return MappedText("".join(pieces), tuple(index), source)


_SENTENCE = re.compile(f"[^{_SENTENCE_END}\n]+")


def sentences(view_text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of the view (split at 。！？ and kept line breaks; ； only ends a clause,
    since outcome classes are often listed with it: '已落实122件；基本落实或计划落实24件')."""
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(view_text)]


class Hit(NamedTuple):
    """A figure a rule found, in view offsets; measures.py maps it back and builds the Measure.
    (A NamedTuple: hundreds are made per report, at a third of a frozen dataclass's cost.)"""

    metric: str
    body: str
    value: float
    qualifier: str
    start: int
    end: int
    rule: str


#: Characters that end a clause inside a sentence (commas, colons) after full-width folding.
CLAUSE_BREAKS = ",:;，：；"


def clause_start(text: str, pos: int, floor: int = 0) -> int:
    """Start of the clause holding `pos` in `text`, never before `floor`. A break inside a bracket
    that closes before `pos` is an aside's ('牵头主办(含独办、分办,下同)的建议35件', dev a021):
    the clause goes on before the bracket."""
    best = floor
    for ch in CLAUSE_BREAKS:
        k = text.rfind(ch, floor, pos)
        if k + 1 > best:
            best = k + 1
    close = text.find(")", best, pos)
    if close >= 0 and "(" not in text[best:close]:
        opened = text.rfind("(", floor, best)
        if opened >= 0:
            return clause_start(text, opened, floor)
    return best


#: Rules read at most this many characters after a figure (the longest right context in dev,
#: '经承办单位认真办理', is 9); bounding it keeps a sentence with thousands of figures linear.
RIGHT_WINDOW = 60


_BREAK = re.compile(f"[{re.escape(CLAUSE_BREAKS)}]")


def clause_end(text: str, pos: int) -> int:
    """End of the clause that starts at or holds `pos` (looked for within RIGHT_WINDOW): the first
    clause break there, found in one search rather than one `find` per break character."""
    limit = min(len(text), pos + RIGHT_WINDOW)
    found = _BREAK.search(text, pos, limit)
    return found.start() if found else limit
