"""Shared pieces of topic extraction: corpora rule files, the gloss-free view and span trimming.

Topic rules match on a *plain* view of the text with pinyin glosses removed (machine-converted
pages write 环(huán)保), and every span found there is mapped back, so a phrase keeps its glosses
exactly as written (the gold does too) and `text[start:end]` stays the evidence.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import cn2an

from pipeline import data
from pipeline.record import Topic
from pipeline.text.firstchars import any_of, with_first_chars
from pipeline.text.gloss import gloss_spans
from pipeline.text.textmap import MappedText

#: A phrase longer than this is running text, not a subject (longest dev gold phrase: 41
#: characters with glosses, c037 "加强公共卫(wèi)生建设,加大对…的防治力度").
MAX_PHRASE = 60
#: Layout whitespace inside a phrase that a PDF line break split (dev a032 "予以扶\n\n\n   持").
_LINE_BREAK = re.compile(r"\s*\n\s*")
#: Rules whose labels stand before a count and may carry a category head (方面, 类).
COUNTED_RULES = ("counted", "table_row")
_EDGE = " \t\r\n,，、;；:：。.\"'“”‘’()（）[]【】"


#: `text` without glosses, `index[i]` the offset in `source` of `text[i]`; topic spans are taken
#: with `span_through`, which keeps a gloss after the last character (pipeline/text/textmap.py).
Plain = MappedText


def plain_view(text: str) -> Plain:
    """Strip glosses, remembering where each kept character came from."""
    keep: list[int] = []
    pieces: list[str] = []  # kept runs joined at once: no Python step per character
    pos = 0
    for start, end in gloss_spans(text):
        keep.extend(range(pos, start))
        pieces.append(text[pos:start])
        pos = end
    keep.extend(range(pos, len(text)))
    pieces.append(text[pos:])
    return MappedText("".join(pieces), tuple(keep), text)


def parse_count(raw: str) -> int | None:
    """Digits or Chinese numerals (cn2an) as an int; a masked count ("**") is unknown."""
    if raw.isdigit():
        return int(raw)
    try:
        return int(cn2an.cn2an(raw, "smart"))
    except (ValueError, KeyError):
        return None  # "**" masks, or numerals cn2an cannot read


def _lines(name: str) -> tuple[str, ...]:
    """The lines of rule list `name`, a field of pipeline.data.TopicData (its corpora file)."""
    return getattr(data.topic_data(), name)


@cache
def alternation(name: str) -> re.Pattern[str]:
    """All lines of a topic rule list (a corpora/extract/topics file) as one alternation."""
    return re.compile("|".join(f"(?:{line})" for line in _lines(name)))


@cache
def scanner(name: str) -> re.Pattern[str]:
    """`alternation(name)` for scanning a whole text: led by its possible first characters
    (pipeline/text/firstchars.py: the same matches, found without trying every position)."""
    return with_first_chars(alternation(name).pattern)


@cache
def scanners(name: str) -> tuple[re.Pattern[str], ...]:
    """`regex_lines(name)` for scanning whole texts (see `scanner`)."""
    return tuple(with_first_chars(rx.pattern) for rx in regex_lines(name))


@cache
def regex_lines(name: str) -> tuple[re.Pattern[str], ...]:
    """Each line of a file as its own regex, in file order (order matters for stripping)."""
    return tuple(re.compile(line) for line in _lines(name))


@lru_cache(maxsize=1)
def list_triggers() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(name, mode, regex) rows; 'deng' and 'cont' lists must close with 等 ('cont' items also pass stop_items)."""
    rows = data.topic_data().list_triggers
    return tuple((name, mode, with_first_chars(rx)) for name, mode, rx in rows)  # whole-text scans


@lru_cache(maxsize=1)
def skipped_families() -> dict[str, frozenset[str]]:
    """Section kind → rule families whose topics are dropped there ('*' = all)."""
    return {kind: frozenset(families.split(",")) for kind, families in data.topic_data().skip_sections}


#: How far before a list its subject noun (建议/提案/议案) may stand: anywhere earlier in the
#: same paragraph up to PARAGRAPH_BEFORE (dev c017: 380 characters from "代表建议和委员提案" to
#: the second list of the paragraph), else CONTEXT_BEFORE (a007: 61 characters from "801件提案中"
#: to "主要涉及"); and how far after (b042 "等方面提出了…建议": 9).
PARAGRAPH_BEFORE = 400
CONTEXT_BEFORE = 80
CONTEXT_AFTER = 20


def about_items(plain: str, start: int, end: int) -> bool:
    """Whether a list at plain[start:end] is near a word for the handled items."""
    paragraph = plain.rfind("\n", 0, start) + 1
    begin = max(0, min(start - CONTEXT_BEFORE, max(paragraph, start - PARAGRAPH_BEFORE)))
    window = plain[begin : end + CONTEXT_AFTER]
    return bool(alternation("list_context").search(window))


def trim(plain: str, start: int, end: int, counted: bool = False) -> tuple[int, int]:
    """Shrink [start, end) past edge punctuation and the prefix/suffix words of strip_*.txt.

    Counted labels also lose a category head ("财政经济类20件" → 财政经济); list items keep it
    (dev c037 gold "卫生工作的其他方面").
    """
    suffixes = regex_lines("strip_suffix") + (regex_lines("strip_suffix_counted") if counted else ())
    any_prefix, any_suffix = alternation("strip_prefix"), _any_suffix(counted)
    changed = True
    while changed and start < end:
        changed = False
        while start < end and plain[start] in _EDGE and not _opens(plain, start, end):
            start, changed = start + 1, True
        while end > start and plain[end - 1] in _EDGE and not _closes(plain, start, end):
            end, changed = end - 1, True
        # each rule in turn, but only when one of them can apply: none matches where their
        # alternation does not (one regex call instead of 15 for the usual piece)
        for rx in regex_lines("strip_prefix") if any_prefix.match(plain[start:end]) else ():
            found = rx.match(plain[start:end])  # on the piece: "^" never matches at a pos > 0
            if found and found.end() > 0:
                start, changed = start + found.end(), True
        for rx in suffixes if any_suffix.search(plain[start:end]) else ():
            found = _suffix(rx, plain[start:end])
            if found:
                end, changed = end - found, True
    return start, end


@cache
def _any_suffix(counted: bool) -> re.Pattern[str]:
    """Every suffix rule of `trim` in one alternation (a piece none of them matches skips them all)."""
    names = ("strip_suffix", "strip_suffix_counted") if counted else ("strip_suffix",)
    return any_of(alternation(name).pattern for name in names)


_PAIRS = {")": "(", "）": "（", "”": "“", "】": "【"}


def _closes(plain: str, start: int, end: int) -> bool:
    """Whether the last character closes a bracket opened inside the piece ("政策协调(计划生育)")."""
    opener = _PAIRS.get(plain[end - 1])
    return opener is not None and opener in plain[start : end - 1]


def _opens(plain: str, start: int, end: int) -> bool:
    """Whether the first character opens a quote or bracket that closes inside the piece and does
    not wrap all of it ("“双一流”建设" keeps its opening quote, holdout hC04; "“放管服”" loses both)."""
    closer = next((c for c, o in _PAIRS.items() if o == plain[start]), None)
    if closer is None:
        return False
    inside = plain.find(closer, start + 1, end)
    return 0 <= inside < end - 1


def _suffix(rx: re.Pattern[str], piece: str) -> int:
    """Length of the suffix `rx` matches at the end of `piece` (0 if none or all of it)."""
    for found in rx.finditer(piece):
        if found.end() == len(piece) and 0 < found.end() - found.start() < len(piece):
            return found.end() - found.start()
    return 0


def make_topic(view: Plain, start: int, end: int, count: int | None, rule: str, stop: str) -> Topic | None:
    """A Topic for plain[start:end] after trimming, or None when nothing subject-like is left."""
    start, end = trim(view.text, start, end, counted=rule in COUNTED_RULES)
    piece = view.text[start:end]
    if len(piece) < 2 or alternation(stop).search(piece):
        return None
    fstart, fend = view.span_through(start, end)
    phrase = _LINE_BREAK.sub("", view.source[fstart:fend])
    if len(phrase) > MAX_PHRASE:
        return None
    return Topic(phrase=phrase, count=count, start=fstart, end=fend, rule=rule)
