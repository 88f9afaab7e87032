"""Page-break debris and broken lines: page markers, repeated titles, lines split mid-sentence.

All edits are deletions (of markers, of newlines and indentation between two halves of a
sentence), so offsets stay exact. Joins are conservative: a line is joined to the next only when it
does not end a sentence, the next line is not a heading or list item, and either the line ends with
a continuing mark (, 、 “) or the break falls inside a dictionary word ('政协提' + '案').
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline import data
from pipeline.segment.tokenizer import crosses_word
from pipeline.text.firstchars import with_first_chars
from pipeline.text.textmap import MappedText, Span

#: A page number glued to the start of a line ("2、专门研究...") is debris only when the line before it
#: is at least this long and unterminated: seed 002's flattened pages are 100-300 characters per line,
#: while list items and headings that end without punctuation are short.
LEAD_PREV_MIN = 40
#: ... and only when at least this many of them fall on a sure mid-sentence break (seed 002: 10 of 14).
LEAD_MIN_SURE = 2
#: Two halves of a broken sentence may be separated by at most this many blank lines (dev a032's
#: flip-book layout puts 1-3 blank lines inside sentences; more is a real paragraph gap).
MAX_GAP_BLANKS = 3
#: A line at least this long that stops without punctuation was wrapped, not ended (dev c003: broken
#: lines are 60-150 characters; unpunctuated titles and headings in the corpus are under 40).
LONG_LINE = 40
#: ... but only in a text with at least this many sure mid-sentence breaks (dev c003 has 9).
STRONG_MIN_JOINS = 2
#: Hard-wrapped layouts (PDF, flip-books) cut lines at one display width: a line within this share of
#: the widest line was wrapped (dev a032: 28-31 wide lines of width 60-62 columns).
WRAP_SHARE = 0.85
#: ... and a text counts as hard-wrapped when at least this many lines reach that width unterminated,
WRAP_MIN_LINES = 3
#: ... and that width is at least this many columns (20 CJK characters): short equal lines are
#: table cells, tags or repeated titles, not a wrapped page.
WRAP_MIN_WIDTH = 40
#: A line at a page edge is a running header or footer when it repeats on at least this many pages.
RUNNING_MIN_PAGES = 2
#: A repeated line is a repeated title only when it has at least this many characters (shorter
#: repeats are table cells such as "15" or "9.04", dev b029).
DUPLICATE_MIN_CHARS = 8


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    found = data.debris()
    rows = found.page_debris
    by_kind = {kind: re.compile("|".join(f"(?:{rx})" for k, rx in rows if k == kind)) for kind, _ in rows}
    by_kind.update({name: re.compile(rx) for name, rx in found.structure._asdict().items()})
    by_kind["dangling"] = re.compile("[" + "".join(found.dangling_chars) + "]$")
    by_kind["repair"] = with_first_chars("|".join(f"(?:{p})" for p in found.punct_repair))
    return by_kind


def _line_texts(mt: MappedText) -> tuple[list[Span], list[str]]:
    spans = mt.lines()
    return spans, [mt.text[s:e].strip() for s, e in spans]


def _is_nav(line: str) -> bool:
    """Page navigation: three or more consecutive page numbers ("5 6 7 8")."""
    if not _patterns()["nav"].match(line):
        return False
    numbers = [int(n) for n in line.split()]
    return all(b == a + 1 for a, b in zip(numbers, numbers[1:]))


def page_marker_spans(mt: MappedText) -> list[Span]:
    """Whole-line page markers (with their newline) and page markers at the end of a line."""
    p = _patterns()
    spans, lines = _line_texts(mt)
    out: list[Span] = []
    for (start, end), line in zip(spans, lines):
        if line and (p["line"].match(line) or _is_nav(line)):
            out.append((start, min(end + 1, len(mt.text))))
            continue
        trail = p["trail"].search(mt.text, start, end)
        if trail:
            out.append(trail.span())
    return out


def tail_counter_spans(text: str) -> list[Span]:
    """A bare page or hit counter left as the last line once the footer around it is gone."""
    m = _patterns()["tail"].search(text)
    return [m.span()] if m else []


def running_header_spans(mt: MappedText, page_starts: tuple[int, ...]) -> list[Span]:
    """Running headers/footers of a paged document: a line that opens or closes at least
    RUNNING_MIN_PAGES pages with the same text is deleted everywhere it opens or closes a page."""
    if len(page_starts) < RUNNING_MIN_PAGES:
        return []
    spans, lines = _line_texts(mt)
    origin = [mt.map[s] if e > s else -1 for s, e in spans]
    edges: dict[str, list[int]] = {}
    for k, (line, start) in enumerate(zip(lines, origin)):
        if not line:
            continue
        nxt = next((origin[j] for j in range(k + 1, len(lines)) if lines[j]), None)
        prv = next((origin[j] for j in range(k - 1, -1, -1) if lines[j]), None)
        opens = prv is None or any(prv < ps <= start for ps in page_starts)
        closes = nxt is None or any(start < ps <= nxt for ps in page_starts)
        if opens or closes:
            edges.setdefault(line, []).append(k)
    return [
        (spans[k][0], min(spans[k][1] + 1, len(mt.text)))
        for line, ks in edges.items()
        if len(ks) >= RUNNING_MIN_PAGES and len(line) >= DUPLICATE_MIN_CHARS
        for k in ks
    ]


def duplicate_spans(mt: MappedText) -> list[Span]:
    """Later copies of a title-like line (seed 004 repeats its title 3x, dev c003 5x)."""
    p = _patterns()
    spans, lines = _line_texts(mt)
    seen: set[str] = set()
    out: list[Span] = []
    for (start, end), line in zip(spans, lines):
        key = p["duplicate_strip"].sub("", line).strip()
        if len(key) < DUPLICATE_MIN_CHARS or key.endswith("。"):  # a repeated sentence is the author's
            continue
        if key in seen:
            out.append((start, min(end + 1, len(mt.text))))
        seen.add(key)
    return out


def indentation_spans(text: str) -> list[Span]:
    """Horizontal whitespace at line starts and ends (PDF indentation, trailing blanks): each whole
    run of spaces and tabs that touches a line's start or end. (One pass over the runs; the regex
    `(?m)^[ \t]+|[ \t]+$` gives the same spans but tries its second branch at every character.)"""
    size = len(text)
    return [
        (s, e)
        for s, e in (m.span() for m in _BLANK_RUN.finditer(text))
        if s == 0 or text[s - 1] == "\n" or e == size or text[e] == "\n"
    ]


_BLANK_RUN = re.compile(r"[ \t]+")


def blank_line_spans(text: str) -> list[Span]:
    """Blank lines beyond one between paragraphs, and blank lines at the document edges."""
    spans = [(m.start() + 2, m.end()) for m in re.finditer(r"\n{3,}", text)]
    lead = len(text) - len(text.lstrip("\n"))
    spans.append((0, lead))
    spans.append((len(text.rstrip("\n")), len(text)))
    return spans


def punctuation_spans(text: str) -> list[Span]:
    """Stray doubled punctuation of scraped pages (",," ",。" "。。。")."""
    return [m.span() for m in _patterns()["repair"].finditer(text)]


def _nonblank(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line]


def _sure_break(prev: str, rest: str) -> bool:
    """The text runs on across the break: after a comma, digit into digit or %, into a mark, or
    inside a dictionary word ("居民群" + "众")."""
    if not rest:
        return False
    p = _patterns()
    if p["continuation"].search(prev) or rest[0] in "。,、;:%" or prev[-1].isdigit() and rest[0].isdigit():
        return True
    return _is_cjk(prev[-1]) and _is_cjk(rest[0]) and crosses_word(prev, rest)


def lead_marker_spans(mt: MappedText) -> list[Span]:
    """Page numbers glued to the start of a continuing line (seed 002: '会议,\\n2、专门研究').

    The newline before the marker goes too, re-joining the sentence the page break split. A long
    unterminated list item followed by "2、" looks the same, so markers are taken only when at least
    LEAD_MIN_SURE of them sit on a sure mid-sentence break; then a "1、" opening the document is the
    first page's number.
    """
    p = _patterns()
    spans, lines = _line_texts(mt)
    idx = _nonblank(lines)
    found: list[tuple[bool, Span]] = []
    for prev, cur in zip(idx, idx[1:]):
        marker = p["lead"].match(lines[cur])
        if not marker or len(lines[prev]) < LEAD_PREV_MIN or p["terminal"].search(lines[prev]):
            continue
        sure = _sure_break(lines[prev], lines[cur][marker.end() :])
        found.append((sure, (spans[prev][1], spans[cur][0] + marker.end())))  # lines are stripped
    if sum(sure for sure, _ in found) < LEAD_MIN_SURE:
        return []
    out = [span for _, span in found]
    if idx and lines[idx[0]].startswith("1、"):
        first = spans[idx[0]][0]
        out.append((first, first + 2))
    return out


_NARROW = re.compile(r"[^\u2e80-\U0010ffff]+")


@lru_cache(maxsize=4096)
def _width(line: str) -> int:
    """Display width: CJK and full-width characters take two columns. Counted as what is left once
    the narrow runs are deleted (no Python step per character; 1.7x faster than a findall of the
    wide ones), and cached: join_spans asks for the width of each line twice."""
    return len(line) + len(_NARROW.sub("", line))


def _wrap_width(lines: list[str]) -> int | None:
    """The width a hard-wrapped text was cut at, or None when lines were not cut at one width."""
    widths = {line: _width(line) for line in lines if line}
    if not widths:
        return None
    cut = WRAP_SHARE * max(widths.values())
    if cut < WRAP_MIN_WIDTH:
        return None
    terminal = _patterns()["terminal"]
    wrapped = [line for line in lines if line and widths[line] >= cut and not terminal.search(line)]
    return int(cut) if len(wrapped) >= WRAP_MIN_LINES else None


def _join_reason(prev: str, cur: str, wrap: int | None) -> str | None:
    """'strong' when the break is surely inside a sentence, 'long' when only the line length says so.

    A short heading line ("(一)强化组织领导") is joined only on sure evidence (a comma at its end, a
    word across the break), never for its width or length.
    """
    p = _patterns()
    if p["heading"].match(cur):
        return None
    if prev.endswith(";") and wrap is not None and _width(prev) >= wrap:
        return "strong"  # a clause mark at the wrap width: the sentence runs on (PDF layouts)
    if p["terminal"].search(prev):
        return None
    if p["continuation"].search(prev) or p["dangling"].search(prev) and _is_cjk(cur[0]):
        return "strong"
    if _is_cjk(prev[-1]) and _is_cjk(cur[0]) and crosses_word(prev, cur):
        return "strong"
    if p["heading"].match(prev) and len(prev) < LEAD_PREV_MIN:
        return None
    if wrap is not None and _width(prev) >= wrap:
        return "strong"
    return "long" if len(prev) >= LONG_LINE else None


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def join_spans(mt: MappedText) -> list[Span]:
    """Newlines (and indentation, blank lines) inside sentences broken across lines.

    A long unterminated line alone is weak evidence (headlines are long too, dev c006, c020): it is
    joined only in a text that shows at least STRONG_MIN_JOINS sure breaks (inside a word, after a
    comma, at a hard-wrap width), i.e. a text whose lines were broken by layout.
    """
    spans, lines = _line_texts(mt)
    idx = _nonblank(lines)
    wrap = _wrap_width(lines)
    found: list[tuple[str, Span]] = []
    for prev, cur in zip(idx, idx[1:]):
        reason = None if cur - prev - 1 > MAX_GAP_BLANKS else _join_reason(lines[prev], lines[cur], wrap)
        if reason is None:
            continue
        end_prev = spans[prev][0] + len(mt.text[spans[prev][0] : spans[prev][1]].rstrip())
        raw = mt.text[spans[cur][0] : spans[cur][1]]
        found.append((reason, (end_prev, spans[cur][0] + len(raw) - len(raw.lstrip()))))
    strong = sum(1 for reason, _ in found if reason == "strong")
    return [span for reason, span in found if reason == "strong" or strong >= STRONG_MIN_JOINS]
