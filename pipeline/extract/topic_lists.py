"""Topic lists: "内容涉及A、B、C等问题" and "主要涉及八个方面:A;B;C。".

A trigger (list_triggers.tsv) opens the list; it closes at 等, at a counted head ("三个方面"),
or at the clause end. Items are split at 、 (and semicolons); only the last item is split on
和/及/以及, because the gold keeps "农业和农村发展" whole inside a list but splits the closing
"消防管理及人口管理" (dev a042, a012). Continuations of a counted run ("其余为A、B等方面",
"，以及A、B等方面") and an outcome class's subjects ("已解决的9件，主要是A、B等"; "正在解决的4件，
涉及A和B") are lists too (holdout hA05, hA08, hB03, hB08).
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.extract.topic_rules import (
    Plain,
    about_items,
    alternation,
    list_triggers,
    make_topic,
    parse_count,
)
from pipeline.record import Topic

#: How far a list may run after its trigger (longest dev list: c025, about 150 characters).
LIST_SPAN = 240
#: A list item shorter than this on either side of 和/及 is not split (dev a042 "农业和农村发展").
SPLIT_MIN = 2
#: How far the counts of a "分别为…" list may run (five counts with separators: ~25 characters).
COUNTS_SPAN = 80
_HARD_STOP = re.compile(r"[。；;!！?？\n]")
#: A comma ends the list unless it is scrape noise before 、 (dev a034 "投入保障,、县域…").
_COMMA = re.compile(r"[,，](?!、)")


def _items(view: Plain, start: int, end: int, seps: str = "item_separators") -> list[tuple[int, int]]:
    """Spans of the items of plain[start:end], split at the separators of `seps`."""
    spans, pos = [], start
    for sep in alternation(seps).finditer(view.text, start, end):
        spans.append((pos, sep.start()))
        pos = sep.end()
    spans.append((pos, end))
    return [(s, e) for s, e in spans if e > s]


def _split_last(view: Plain, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split the closing item of a multi-item list at its first 和/及/以及/与."""
    if len(spans) < 2:
        return spans
    s, e = spans[-1]
    for conj in alternation("last_item_split").finditer(view.text, s, e):
        if conj.start() - s >= SPLIT_MIN and e - conj.end() >= SPLIT_MIN:
            return spans[:-1] + [(s, conj.start()), (conj.end(), e)]
    return spans


def _list_end(view: Plain, start: int) -> tuple[int, bool]:
    """(end of the list that starts at `start`, whether it closed with 等)."""
    limit = min(len(view.text), start + LIST_SPAN)
    stops = (_HARD_STOP.search(view.text, start, limit), _COMMA.search(view.text, start, limit))
    ends = [(found.start(), False) for found in stops if found]
    deng = alternation("list_close").search(view.text, start, limit)
    if deng:
        ends.append((deng.start(), True))
    for name in ("list_end", "respectively"):
        head = alternation(name).search(view.text, start, limit)
        if head:
            ends.append((head.start(), False))
    return min(ends) if ends else (limit, False)


def _emit(view: Plain, spans: list[tuple[int, int]], rule: str, stop: str = "stop_list_items") -> list[Topic]:
    """All items as topics, or none: one non-subject item shows the 'list' is running text
    (dev b009 "涉及发展规划、项目建设和综合经济类工作占比最大,有206件")."""
    topics = [make_topic(view, s, e, None, rule, stop) for s, e in _split_last(view, spans)]
    return [t for t in topics if t is not None] if all(topics) else []


def _with_counts(view: Plain, end: int, topics: list[Topic]) -> list[Topic]:
    """Give each item its count when "分别为N件、M件…" follows with one count per item."""
    marker = alternation("respectively").match(view.text, end)
    if not marker or not topics:
        return topics
    counts, pos = [], marker.end()
    for found in alternation("count_item").finditer(view.text, pos, pos + COUNTS_SPAN):
        if view.text[pos : found.start()].strip(" 、,，") or len(counts) == len(topics):
            break
        counts.append(parse_count(found.group("n")))
        pos = found.end()
    if len(counts) != len(topics):
        return topics
    return [replace(topic, count=n) for topic, n in zip(topics, counts)]


#: How far back the count of an outcome class may end before its 涉及 ("的4件，涉及": 4 characters).
AFTER_COUNT_SPAN = 12


def _after_count(view: Plain, start: int) -> bool:
    """Whether the trigger at `start` follows an item count ("正在解决的4件，涉及…", list_after_count.txt)."""
    return bool(alternation("list_after_count").search(view.text[max(0, start - AFTER_COUNT_SPAN) : start]))


def _split_pair(view: Plain, span: tuple[int, int]) -> list[tuple[int, int]]:
    """A lone "A和B" as two items (both at least SPLIT_MIN long), else the span unchanged."""
    s, e = span
    for conj in alternation("last_item_split").finditer(view.text, s, e):
        if conj.start() - s >= SPLIT_MIN and e - conj.end() >= SPLIT_MIN:
            return [(s, conj.start()), (conj.end(), e)]
    return [span]


def trigger_lists(view: Plain, taken: list[tuple[int, int]]) -> list[Topic]:
    """Topics of every "涉及/集中在/围绕 … 等" list outside the `taken` plain spans."""
    found: list[Topic] = []
    for name, mode, trigger in list_triggers():
        for match in trigger.finditer(view.text):
            if any(s <= match.end() < e for s, e in taken):
                continue
            end, closed = _list_end(view, match.end())
            spans = _items(view, match.end(), end)
            counted = mode == "free" and _after_count(view, match.start())  # "4件，涉及…": the items' subjects
            if len(spans) == 1 and not closed and counted:
                spans = _split_pair(view, spans[0])
            if (mode != "free" and not closed) or (len(spans) < 2 and not closed):
                continue  # a lone phrase without 等 is a sentence, not a list
            stop = "stop_items" if mode == "cont" else "stop_list_items"
            if counted or about_items(view.text, match.start(), end):
                found.extend(_with_counts(view, end, _emit(view, spans, f"list:{name}", stop)))
    return found


def colon_lists(view: Plain) -> tuple[list[Topic], list[tuple[int, int]]]:
    """Topics of "N个方面:A;B;C。" lists, and the plain spans they cover."""
    found: list[Topic] = []
    taken: list[tuple[int, int]] = []
    for head in alternation("colon_lists").finditer(view.text):
        stop = view.text.find("。", head.end())
        end = stop if stop >= 0 else len(view.text)
        spans = [_cut_example(view, s, e) for s, e in _items(view, head.end(), end, "colon_separators")]
        if about_items(view.text, head.start(), head.end()):
            found.extend(_emit(view, spans, "colon_list"))
        taken.append((head.start(), end))
    return found, taken


def _cut_example(view: Plain, start: int, end: int) -> tuple[int, int]:
    """Drop an example clause after a comma (dev c017 "医政医管工作,如分级诊疗…等")."""
    example = alternation("example_marker").search(view.text, start, end)
    return (start, example.start()) if example else (start, end)


def bare_lists(view: Plain) -> list[Topic]:
    """Topics of three or more short items closed by 等 + a head noun, with no trigger word."""
    found: list[Topic] = []
    for match in alternation("bare_list").finditer(view.text):
        if about_items(view.text, match.start(), match.end()):
            found.extend(_emit(view, _items(view, *match.span("list")), "bare_list", "stop_items"))
    return found
