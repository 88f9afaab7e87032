"""Site boilerplate: which lines and inline spans of a normalised text are not the document.

Every rule is a general marker pattern kept in corpora/normalise/ (share/扫码/download notices,
metadata lines, breadcrumbs, navigation bars, spam headers, related-links tails, notice blocks of
document-sharing sites, GBK mojibake). A line that carries a report figure (corpora/normalise/
figure.txt) is never deleted by a line rule: losing a figure is worse than keeping some furniture.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline import data
from pipeline.text.firstchars import with_first_chars
from pipeline.text.gloss import strip_glosses
from pipeline.text.textmap import MappedText, Span

#: A line led by a metadata key ("来源:...", "终审:...") is metadata only when this short; longer
#: lines led by a key are body sentences (dev: credit lines are 5-30 characters).
META_LEAD_MAX = 40
#: A line is metadata when it has at least this many key/date/URL hits (dev a004, b012, b029, b049)
#: and is at most META_MAX long (dev metadata lines are 20-80 characters; longer ones are sentences).
META_MIN_HITS = 2
META_MAX = 120
#: A line with this many distinct spam words is a keyword-stuffing header (dev c020 has 8, c037 7).
SPAM_MIN_WORDS = 3
#: Metadata bullet lists above the body (dev a022: "• 发文字号", "• 索引号" ...) have at least this many lines.
BULLET_MIN_RUN = 3
#: Keyword-tag runs (seed 003: "2023/城管/人大/政协提案/办理/总结/新编") are at least this many
#: consecutive one-word lines, each at most TAG_MAX_CHARS long, before the body starts.
TAG_MIN_RUN = 4
_BARE_NUMBER = re.compile(r"^\d+(?:\.\d+)?%?$")  # a table cell; never a tag or a banner
TAG_MAX_CHARS = 6
#: The body starts at the first line at least this long that ends a sentence: tags sit above it.
BODY_LINE_MIN = 30
#: A mojibake line decodes back to UTF-8 with at most this share of U+FFFD (dev a007: 10-25%, from
#: characters lost at the scrape; real Chinese text re-encoded as GBK is invalid UTF-8 almost throughout).
MOJIBAKE_MAX_BAD = 0.35
MOJIBAKE_MIN_CHARS = 6
#: ... and repairs to at least this share of its CJK count (ideal 2/3; dev a007: 0.55-0.6).
MOJIBAKE_MIN_SHARE = 0.4


@lru_cache(maxsize=1)
def _patterns() -> dict[str, object]:
    """Compile every marker file once per process."""
    found = data.boilerplate()
    keys = "|".join(re.escape(k) for k in found.meta_keys)
    notice = [(re.compile(a), re.compile(b)) for a, b in found.notice_blocks]
    return {
        "line": re.compile("|".join(f"(?:{p})" for p in found.lines)),
        "strong": with_first_chars("|".join(f"(?:{p})" for p in found.strong)),
        "inline": with_first_chars("|".join(f"(?:{p})" for p in found.inline), re.MULTILINE),
        "figure": re.compile("|".join(f"(?:{p})" for p in found.figure)),
        "meta_key": re.compile(rf"(?:{keys})\s*:"),
        "meta_lead": re.compile(rf"^[(【\[•·\s]*(?:{keys})\s*(?::|$)"),
        "meta_stamp": re.compile(
            r"\d{4}-\d{1,2}-\d{1,2}(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?|\d{4}年\d{1,2}月\d{1,2}日\s*\d{1,2}:\d{2}"
            r"|(?i:https?://|www\.)\S+"
        ),
        "stamp_only": re.compile(r"^\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"),
        "spam": tuple(found.spam_words),
        "tail": [re.compile(p) for p in found.tail_markers],
        "notice": notice,
        "bullet": re.compile(r"^[•·▪●◆■]\s*\S.{0,24}$"),
        "tag": re.compile(rf"^(?:[\u4e00-\u9fff]{{1,{TAG_MAX_CHARS}}}|\d{{4}})$"),
        "sentence_end": re.compile(r"[。!?;]$"),
    }


def has_figure(line: str) -> bool:
    """True when the line states a count (件) or a rate (%) with a number."""
    return bool(_patterns()["figure"].search(line))


def is_meta_line(line: str) -> bool:
    """Page metadata: source, publication time, hit counters, credits, index numbers."""
    p = _patterns()
    if p["stamp_only"].match(line):
        return True
    hits = len(p["meta_key"].findall(line)) + len(p["meta_stamp"].findall(line))
    if hits >= META_MIN_HITS and len(line) <= META_MAX:
        return True
    return len(line) <= META_LEAD_MAX and bool(p["meta_lead"].match(line))


def is_spam_line(line: str) -> bool:
    return sum(1 for word in _patterns()["spam"] if word in line) >= SPAM_MIN_WORDS


_CJK = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=4096)  # each line is asked twice: for line deletion and for the script count
def is_mojibake(original_line: str) -> bool:
    """UTF-8 text that was decoded as GBK: re-encoding as GBK gives back valid UTF-8 Chinese.

    Each three-byte UTF-8 character became 1.5 GBK characters, so the repaired line has about two
    thirds as many CJK characters as the garbled one; real Chinese re-encoded this way yields
    almost none (and ASCII, which round-trips unchanged, is not counted at all).
    """
    if original_line.isascii():
        return False
    try:
        raw = original_line.encode("gbk")
    except UnicodeEncodeError:
        return False
    decoded = raw.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd")
    if decoded == original_line or 2 * bad > len(decoded):  # ASCII-like, or real Chinese: cheap exits
        return False
    cjk = len(_CJK.findall(original_line))
    repaired = len(_CJK.findall(decoded))
    if cjk < MOJIBAKE_MIN_CHARS:
        return False
    return repaired >= MOJIBAKE_MIN_SHARE * cjk and bad <= MOJIBAKE_MAX_BAD * (repaired + bad)


def without_mojibake(text: str) -> str:
    """`text` without its mojibake lines (they would count as traditional characters)."""
    return "\n".join(line for line in text.split("\n") if not is_mojibake(line))


def is_boilerplate_line(line: str) -> bool:
    """A single line that is site furniture by itself (never one with a figure, but for site promos)."""
    p = _patterns()
    if line and p["strong"].search(line):
        return True
    if not line or has_figure(line):
        return False
    return bool(p["line"].search(line)) or is_meta_line(line) or is_spam_line(line)


def _notice_blocks(lines: list[str]) -> set[int]:
    """Notice blocks of document-sharing sites: a '温馨提示' line and the numbered notes after it."""
    dropped: set[int] = set()
    for start_rx, cont_rx in _patterns()["notice"]:
        for i, line in enumerate(lines):
            if not start_rx.search(line):
                continue
            dropped.add(i)
            j = i + 1
            while j < len(lines) and (not lines[j] or cont_rx.search(lines[j])) and not has_figure(lines[j]):
                dropped.add(j)
                j += 1
    return dropped


def _tail_block(lines: list[str]) -> set[int]:
    """Related-links tails: the marker line, and everything after it when no figure follows."""
    for i, line in enumerate(lines):
        if any(rx.search(line) for rx in _patterns()["tail"]):
            rest = range(i + 1, len(lines))
            if any(has_figure(lines[j]) for j in rest):
                return {i}
            return {i, *rest}
    return set()


def _runs(lines: list[str], rx: re.Pattern[str], min_run: int, limit: int) -> set[int]:
    """Runs of at least `min_run` consecutive non-blank lines matching `rx`, above line `limit`.

    A run followed by a bare number is the header row of a table flattened one cell per line
    (类别 / 件数 / 已办结 … then 9), not a block of keyword tags: it stays (holdout hC12).
    """
    dropped: set[int] = set()
    run: list[int] = []
    padded = lines[:limit] + [""]
    for i, line in enumerate(padded):
        if line and rx.match(line) and not has_figure(line):
            run.append(i)
            continue
        after = lines[i] if i < len(lines) else ""
        if len(run) >= min_run and not _BARE_NUMBER.match(after):
            dropped.update(run)
        run = []
    return dropped


def _body_start(lines: list[str], dropped: set[int]) -> int:
    """Index of the first kept line that is a real sentence; tags and banners sit above it."""
    end = _patterns()["sentence_end"]
    for i, line in enumerate(lines):
        if i not in dropped and len(line) >= BODY_LINE_MIN and end.search(line):
            return i
    return len(lines)


def boilerplate_lines(mt: MappedText, original: str) -> tuple[list[Span], set[str]]:
    """Spans of whole lines to delete (each with its newline), and the flags they earn."""
    spans = mt.lines()
    lines = [strip_glosses(mt.text[s:e]).strip() for s, e in spans]
    flags: set[str] = set()
    mojibake = {i for i, (s, e) in enumerate(spans) if e > s and is_mojibake(original[mt.map[s] : mt.map[e - 1] + 1])}
    if mojibake:
        flags.add("mojibake_removed")
    dropped = {i for i, line in enumerate(lines) if is_boilerplate_line(line)}
    dropped |= _notice_blocks(lines) | _tail_block(lines) | mojibake
    body = _body_start(lines, dropped)  # metadata bullets and keyword tags sit above the body
    dropped |= _runs(lines, _patterns()["bullet"], BULLET_MIN_RUN, body)
    dropped |= _runs(lines, _patterns()["tag"], TAG_MIN_RUN, body)
    dropped -= {i for i, line in enumerate(lines) if not line}
    if dropped - mojibake:
        flags.add("boilerplate_removed")
    return [_with_newline(spans[i], len(mt.text)) for i in sorted(dropped)], flags


def _with_newline(span: Span, size: int) -> Span:
    start, end = span
    return (start, min(end + 1, size))


def inline_spans(text: str) -> list[Span]:
    """Ads and markers inside lines (corpora/normalise/boilerplate_inline.txt)."""
    return [m.span() for m in _patterns()["inline"].finditer(text) if m.end() > m.start()]
