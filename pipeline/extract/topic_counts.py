"""Counted topics: "其中,殡葬改革3件、社会组织管理3件,医疗救助和养老服务体系建设各2件".

A count may stand in brackets after its subject ("电信网络诈骗（32件）", holdout hB11) and the
last one may close with 等 ("地名标志设置1件等", hB02). Counts that follow one another closely
form a run; each count's label is the text since the previous count or the last clause break.
Labels that name a body, a handling role or an outcome class (stop_items.txt) are measures, not
subjects, and a run needs two subject labels (or one introduced by 其中) before any is taken:
lone "X 12件" is usually a measure.
"""

from __future__ import annotations

import re

from pipeline.extract.topic_rules import (
    Plain,
    alternation,
    make_topic,
    parse_count,
    regex_lines,
    scanner,
)
from pipeline.record import Topic

#: Counts further apart than this are separate runs (dev b037 repeats "…,占53.7%。围绕…" in
#: 20 characters; c027's gaps with shares are 35).
RUN_GAP = 40
#: A label longer than this is a sentence (longest dev counted label: c027, 22 characters).
LABEL_MAX = 30
_BREAK = re.compile(r"[,，;；。:：\n(（)）]")


def _label_start(view: Plain, lo: int, hi: int) -> int:
    """Start of the label that ends at `hi`: after the last clause break in [lo, hi)."""
    last = lo
    for found in _BREAK.finditer(view.text, lo, hi):
        last = found.end()
    return last


def _runs(view: Plain) -> list[list[re.Match[str]]]:
    runs: list[list[re.Match[str]]] = []
    for found in scanner("count_item").finditer(view.text):
        if runs and found.start() - runs[-1][-1].end() <= RUN_GAP:
            runs[-1].append(found)
        else:
            runs.append([found])
    return runs


def _parts(view: Plain, start: int, end: int, each: bool) -> list[tuple[int, int]]:
    """The label itself, or with 各 each phrase it covers: split at 、, and only the closing
    phrase at 和/及, as in lists ("地名管理、留守儿童和社区治理各1件" → three, seed 004;
    "校园及周边安全、学生营养餐各6件" → two, holdout hA01, hA11). A lone phrase is split at 和/及
    (a 各 covers at least two: "医疗救助和养老服务体系建设各2件", seed 004)."""
    if not each:
        return [(start, end)]
    spans, pos = [], start
    for sep in alternation("item_separators").finditer(view.text, start, end):
        spans.append((pos, sep.start()))
        pos = sep.end()
    spans.append((pos, end))
    last_start, last_end = spans[-1]
    conj = alternation("last_item_split").search(view.text, last_start, last_end)
    if conj:
        spans[-1:] = [(last_start, conj.start()), (conj.end(), last_end)]
    return spans


def _introduced(view: Plain, start: int) -> bool:
    """Whether the label opens with a 其中-type word (one subject may then stand alone)."""
    first = regex_lines("strip_prefix")[0]
    return bool(first.match(view.text[start : start + LABEL_MAX]))


def _label_span(view: Plain, lo: int, end: int) -> tuple[int, int]:
    """(start, end) of the label of the count at `end`; a count set off by a comma with only a
    linking word ("…投入，共11件", "…设施，有17件", count_link.txt) labels the clause before it."""
    start = _label_start(view, lo, end)
    if start - 1 > lo and view.text[start - 1] in ",，" and alternation("count_link").match(view.text[start:end]):
        return _label_start(view, lo, start - 1), start - 1
    return start, end


def counted_topics(view: Plain) -> list[Topic]:
    found: list[Topic] = []
    for run in _runs(view):
        topics, introduced = [], False
        prev_end = max(0, run[0].start() - RUN_GAP)
        for match in run:
            start, end = _label_span(view, prev_end, match.start())
            prev_end = match.end()
            if end - start > LABEL_MAX:
                continue
            count = parse_count(match.group("n"))
            for s, e in _parts(view, start, end, bool(match.group("each"))):
                topic = make_topic(view, s, e, count, "counted", "stop_items")
                if topic:
                    topics.append(topic)
                    introduced = introduced or _introduced(view, start)
        if len(topics) >= 2 or (topics and introduced):
            found.extend(topics)
    return found


#: A flattened table row: a label line, a count line, a share line (dev b029 "城建环保\n\n69\n\n41.57").
_TABLE_ROW = re.compile(
    r"(?m)^[ \t]*(?P<label>[\u4e00-\u9fff](?:[\u4e00-\u9fff \t]{0,20}[\u4e00-\u9fff])?)[ \t]*\n\s*"
    r"(?P<n>[0-9]+)[ \t]*\n\s*[0-9]+(?:\.[0-9]+)?[ \t]*$"
)
#: Fewer rows than this are not a category table (dev b029 has 7 rows plus 合计).
TABLE_MIN_ROWS = 3


def table_topics(view: Plain) -> list[Topic]:
    """Topics of category tables that HTML/PDF extraction flattened to one cell per line."""
    found: list[Topic] = []
    run: list[re.Match[str]] = []
    for match in list(_TABLE_ROW.finditer(view.text)) + [None]:
        if match is not None and (not run or not view.text[run[-1].end() : match.start()].strip()):
            run.append(match)
            continue
        if len(run) >= TABLE_MIN_ROWS:
            for row in run:
                topic = make_topic(view, *row.span("label"), int(row.group("n")), "table_row", "stop_items")
                found.extend([topic] if topic else [])
        run = [match] if match is not None else []
    return found
