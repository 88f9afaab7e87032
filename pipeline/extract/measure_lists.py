"""Counts whose meaning comes from the list they stand in, not from the words beside them.

Two shapes found by holdout_d: an enumerated topic list under a head ('主要集中在三个方面:一是…,共11件;
二是…,共9件') whose '共N件' counts one topic, not the items; and a clause after a run of counts that
re-types all of them ('承办市政协提案6件、市人大代表建议4件,均为协办件' → each is also an assist count);
and a count continuing a list of outcome classes whose outcome is told in a later clause ('已解决的有28件,
还有3件因为涉及用地规划调整,我们向代表委员作了说明').
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from pipeline import data
from pipeline.extract import measure_body
from pipeline.extract.measure_patterns import patterns
from pipeline.extract.measure_view import Hit
from pipeline.extract.numbers import Value


@lru_cache(maxsize=1)
def _topic_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The head and the item pattern; the item's leading '^' is dropped because it is only ever
    used with `match(text, pos, endpos)`, which anchors at `pos` itself (a '^' would fail there)."""
    head, item = data.measure_data().topic_heads
    return re.compile(head), re.compile(item.removeprefix("^"))


_SEMICOLON = re.compile(";")


@lru_cache(maxsize=4)
def _marks(sentence: str) -> tuple[list[int], list[int]]:
    """Ends of the topic-list heads and positions of ';' in `sentence`, found once per sentence.

    WHY: searching both again before every count cost O(length) per count, so a sentence of many
    counts and no break was quadratic (2.8 / 6.3 / 21.9 s at 100 / 200 / 400 KB, issue 10). The ends
    are those `head.finditer(sentence, 0, at)` finds for any `at`: a head ends at the first ':' after
    its opening word and holds no other ':' ([^。;:]), so no match is cut or shifted by an endpos.
    """
    head, _ = _topic_patterns()
    if ";" not in sentence:  # most sentences: no per-character pass at all
        return [m.end() for m in head.finditer(sentence)], []
    return [m.end() for m in head.finditer(sentence)], [m.start() for m in _SEMICOLON.finditer(sentence)]


def in_topic_item(sentence: str, at: int) -> bool:
    """True when the count at `at` closes an enumerated item ('二是民生支出保障,共9件') of a topic list
    opened earlier in its sentence by a head ('集中在三个方面:'). The item runs from the last ';' (or
    the head's colon) before the count; without an enumerator it is no list item ('另有…')."""
    head_ends, semicolons = _marks(sentence)
    last_head = bisect.bisect_right(head_ends, at) - 1
    if last_head < 0:
        return False
    last_semicolon = bisect.bisect_left(semicolons, at) - 1  # a ';' at index < at, as rfind(";", 0, at)
    start = max(head_ends[last_head], semicolons[last_semicolon] + 1 if last_semicolon >= 0 else 0)
    return bool(_topic_patterns()[1].match(sentence, start, at))


@lru_cache(maxsize=1)
def _retype_cue() -> re.Pattern[str]:
    return re.compile(data.measure_data().retype_cues)


def _role_metric(word: str) -> str | None:
    """The metric of a role word ('协办' → items_assist) from count_keywords.tsv."""
    for kw in patterns().count_keywords:
        if kw.kind == "role" and kw.pattern.fullmatch(word):
            return kw.metric
    return None


def retyped(sentence: str, hits: list[Hit]) -> list[Hit]:
    """Extra hits for a '均为协办件' clause right after a run of totals: each total of the run, per
    body, is also a count of that role. The run is the totals before the cue with only list
    separators (no ';' or ':') between them."""
    out: list[Hit] = []
    cue = _retype_cue()
    for i, h in enumerate(hits):
        m = cue.match(sentence, h.end)
        role = _role_metric(m.group(1)) if m and h.metric == "items_total" else None
        if role is None:
            continue
        run = [h]
        for prev in reversed(hits[:i]):
            if prev.metric != "items_total" or re.search("[;:。]", sentence[prev.end : run[0].end]):
                break
            run.insert(0, prev)
        start = run[0].start
        out.extend(r._replace(metric=role, start=start, end=m.end(), rule="count_retype") for r in run)
    return out


def later_outcome(rest: str, clause: str, prev: str | None, outcomes: tuple[str, ...]) -> tuple[str, int] | None:
    """(outcome metric, end of its cue in `rest`) for a count no rule read, when the count before it in
    its sentence was an outcome class (`prev`, so the count continues that class list) and the text
    after it up to the next count (`rest`) names one outcome. Only then: a count with nothing named
    after it, or after a total, stays unread; a negative cue in its clause or after it (增加) vetoes it."""
    if prev not in outcomes or patterns().count_negative.search(clause + rest):
        return None
    found: list[tuple[int, int, str]] = []
    for kw in patterns().count_keywords:
        if kw.kind == "outcome":
            found.extend((m.start(), m.end(), kw.metric) for m in kw.pattern.finditer(rest))
    if len({metric for _, _, metric in found}) != 1:  # none, or two outcomes: not clear which
        return None
    return found[0][2], max(end for _, end, _ in found)


def lead_against_assist(hits: list[Hit], clauses: list[str]) -> list[Hit]:
    """ANNOTATION.md: 承办 is items_lead when set against 协办 ('其中承办27件,协办4件')."""
    out = list(hits)
    for i in range(len(out) - 1):
        pair = (out[i].metric, out[i + 1].metric)
        if pair == ("items_total", "items_assist") and patterns().lead_end.search(clauses[i]):
            out[i] = out[i]._replace(metric="items_lead", rule="count_lead")
    return out


def split_bodies(clause: str, counts: list[Value], v: Value, sentence: str, bodies_before: list[str]) -> list[str]:
    """Bodies for a 分别 run of counts: named before 分别 in the clause, else the last ones named earlier
    in the sentence ('…人大代表建议和政协提案76件,其中主办件分别为29件、22件'), else those of the
    counts before."""
    run = [c for c in counts if c.start >= v.start]
    n = 1
    while n < len(run) and patterns().separator_end.fullmatch(sentence[run[n - 1].end : run[n].start]):
        n += 1
    if n < 2:
        return []
    order = measure_body.ordered(patterns().split_cue.split(clause)[0])
    if len(order) == n:
        return order
    earlier = measure_body.ordered(sentence[: v.start - len(clause)])[-n:]
    if len(earlier) == n and len(set(earlier)) == n:
        return earlier
    if len(bodies_before) >= n:
        return bodies_before[-n:]
    return []
