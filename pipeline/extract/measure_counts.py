"""Count measures (N件): which metric a count of items belongs to, read from the words around it.

Order of evidence, most specific first:
1. an outcome-class description before the count in its sentence (已经解决…的(A类)22件); the FIRST
   outcome it names wins (ANNOTATION.md: a lumped class goes to its first outcome), unless that outcome
   already has a class of its own in the document, then the next one;
2. the role/scope keyword closest to the count in its clause (其中主办6件, 共收到…11件), when only
   item nouns stand between them;
3. a list member (40件人大建议和5件政协提案) inherits the metric of the count before it;
4. a keyword after the count in its clause (另有207件提案已被列入解决计划);
5. a clause of only body nouns and fillers (其中人大代表建议1件) inherits the previous count's metric,
   and parentheses nest (州人大代表建议2件(主办件2件、会办件0件);州政协提案3件);
6. a class letter given a meaning by a legend elsewhere (A类12件 … 注:A类为已解决…) or by its first
   explained use ('已经解决的(A类)21件' … '政协提案中A类16件').
An outcome word after the count in its own clause beats a description in the clause before it
('已有10件得到解决,2件正在解决'); a clause opening with a role noun and 中 ('主办件中,') gives its
metric to the body-only counts after it.
Counts of other things are never read: the unit must be 件, and negative cues (增加, 不予立案, 信访)
veto. 承办 set against 协办 is lead (ANNOTATION.md).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from pipeline.extract import measure_body, measure_lists
from pipeline.extract.count_context import (
    ASIDE,
    SPUN_CHARS,
    body_only,
    body_openers,
    group_body,
    in_aside,
    lead_in_document,
    names_property,
    opened_body,
    opens_group,
    other_words,
    own_end,
    own_letter,
    part_of_total,
    role_after,
    under_unread,
)
from pipeline.extract.measure_lists import (
    in_topic_item,
    later_outcome,
    lead_against_assist,
    retyped,
)
from pipeline.extract.measure_patterns import Keyword, patterns
from pipeline.extract.measure_view import Hit, clause_end, clause_start
from pipeline.extract.numbers import Value, find_values
from pipeline.text.firstchars import any_of

#: Characters after "N件" read for the noun that names the body ('40件人大建议'); the longest such
#: noun in dev is 政协委员提案 (6 characters).
NOUN_WINDOW = 12
#: Characters other than item nouns allowed between a keyword and its count: '各方面' (dev c035,
#: '共提出各方面建议、批评和意见100件') is 3; an object like 整改措施 (4) or 政务服务事项 (6) names
#: other business.
OBJECT_CHARS = 3
#: Characters before a count read for its outcome-class description; the longest in dev and samples
#: ('因法律、法规、政策已有明确规定或受财力限制…难以解决的') is about 35.
OUTCOME_REACH = 60
_NOUN_STOP = re.compile(r"[,、;。\d(]")
#: A legend entry's description ends at the end of its clause list item or sentence.
LEGEND_STOP = r"[;。\n]"
#: Metrics of outcome classes: what a class letter can mean.
OUTCOME_METRICS = ("items_solved", "items_planned", "items_unsolved")
#: Rules that read a count as an outcome class (its body may come from the class list it continues).
OUTCOME_RULES = ("count_outcome", "count_legend")


@dataclass
class CountState:
    """What earlier counts in the document tell later ones."""

    pure_outcomes: set[str] = field(default_factory=set)  # outcomes named alone in a class description
    legend: dict[str, str] = field(default_factory=dict)  # class letter → outcome, from a legend
    last_outcome_body: str | None = None  # body of the last count if it was an outcome class
    last_metric: str | None = None  # metric of the last count, for a sentence opening with 其中
    bodies_before: list[str] = field(default_factory=list)  # bodies of the counts seen so far, in order
    lead_contrast: bool = False  # 承办 was set against 协办 earlier: 承办 means lead in this document
    convention: dict[str, str] = field(default_factory=dict)  # letters no legend defines (ANNOTATION.md)

    def remember(self, metric: str, body: str, rule: str) -> None:
        """Note a count just read, for the counts after it."""
        self.bodies_before.append(body)
        self.last_outcome_body = body if rule in OUTCOME_RULES else None
        self.last_metric = metric

    def learn_letter(self, seg: str, metric: str, rule: str) -> None:
        """A class letter explained where it is first used ('已经解决的(A类)21件') keeps that meaning
        for its later bare uses ('政协提案中A类16件'); a legend written as such wins (setdefault)."""
        if rule not in ("count_outcome", "count_after") or metric not in OUTCOME_METRICS:
            return
        labels = [m.group(1).upper() for m in patterns().legend.finditer(seg)]
        if labels:
            self.legend.setdefault(labels[-1], metric)


@cache
def _keywords(kinds: tuple[str, ...]) -> tuple[tuple[Keyword, ...], re.Pattern[str]]:
    """The count keywords of `kinds` in table order, and one alternation of them all: a text it
    does not match names none of them, so the pass per keyword is skipped (most clauses)."""
    keywords = tuple(kw for kw in patterns().count_keywords if kw.kind in kinds)
    return keywords, any_of(kw.pattern.pattern for kw in keywords)


def _outcomes_named(text: str) -> list[tuple[int, str]]:
    """Outcome classes a description names, in order of mention (text position, metric); a keyword
    inside a longer one is not a mention of its own (被采纳 inside 未被采纳)."""
    keywords, any_keyword = _keywords(("outcome",))
    if not any_keyword.search(text):
        return []
    found = []
    for kw in keywords:
        found.extend((m.start(), -m.end(), kw.metric) for m in kw.pattern.finditer(text))
    seen: list[tuple[int, str]] = []
    reach = -1
    for pos, neg_end, metric in sorted(found):
        if pos < reach:
            continue
        reach = -neg_end
        if metric not in (m for _, m in seen):
            seen.append((pos, metric))
    return seen


def read_legend(text: str) -> dict[str, str]:
    """Class letters given a meaning anywhere in the text ('A类代表所提问题已解决' → A: items_solved)."""
    legend: dict[str, str] = {}
    matches = list(patterns().legend.finditer(text))
    for i, m in enumerate(matches):
        stop = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        description = re.split(LEGEND_STOP, text[m.end() : stop], maxsplit=1)[0]
        named = _outcomes_named(description)
        if named and not find_values(description, "count"):  # a description, not a class with its count
            legend.setdefault(m.group(1).upper(), named[0][1])
    return legend


def _outcome(segment: str, state: CountState) -> str | None:
    named = [metric for _, metric in _outcomes_named(segment)]
    if not named:
        return None
    if len(named) == 1:
        state.pure_outcomes.add(named[0])
        return named[0]
    if named[0] in state.pure_outcomes:  # "已落实122件；基本落实或计划落实24件" → planned
        return named[1]
    return named[0]


def _closest(clause: str, kinds: tuple[str, ...]) -> str | None:
    """The metric of the keyword ending closest to the end of `clause` (ties: the longer one).

    What stands between that keyword and the count must be item nouns: in '办理政务服务事项1200件'
    the object named is other business, so the verb names no metric."""
    keywords, any_keyword = _keywords(kinds)
    if not any_keyword.search(clause):
        return None
    best: tuple[int, int, str] | None = None
    for kw in keywords:
        for m in kw.pattern.finditer(clause):
            key = (m.end(), m.end() - m.start(), kw.metric)
            if best is None or key[:2] > best[:2]:
                best = key
    if best is None or len(other_words(ASIDE.sub("", clause[best[0] :]))) > OBJECT_CHARS:
        return None
    return best[2]


def _first_right(text: str) -> str | None:
    """The metric of the count_right.tsv row found leftmost in `text` (the earlier row on a tie):
    one search of their alternation, a group per row (see measure_patterns.first_of)."""
    p = patterns()
    m = p.count_right_any.search(text)
    return p.count_right_metrics[m.lastindex - 1] if m else None


def _classify(
    v: Value, seg: str, clause: str, right: str, prev: tuple[str | None, bool, bool], state: CountState
) -> tuple[str, str] | None:
    """(metric, rule) of the count `v`, or None when nothing in reach names a metric.

    `prev` is (metric of the count just before, whether it is in the same clause, whether it was
    carried over from the sentence before): a list member ('分别有47件、237件') inherits it, and
    so does a clause of body nouns only."""
    p = patterns()
    plain = ASIDE.sub("", clause) if ")" in clause else clause  # an aside closed before the count
    if p.count_negative.search(plain) or p.other_subject.search(plain):  # is not its description
        return None
    after = None if p.class_label.match(right) else _first_right(right)
    outcome = _outcome(p.class_label.sub("", seg[-OUTCOME_REACH:]), state)
    if outcome and after and not _outcomes_named(clause):  # '已有10件得到解决,2件正在解决': its own clause
        return after, "count_after"
    role = _closest(clause, ("role",))
    if outcome and not (role and not _outcomes_named(clause)):  # an outcome word in an earlier clause
        return outcome, "count_outcome"  # or heading ('…吸收采纳情况 / 共收到建议11条', dev a023) yields
    if role:
        return role, "count_keyword"
    own = own_letter(clause)
    if own and own not in state.legend and own in state.convention:  # 'B类建议2件': its own letter,
        return state.convention[own], "count_class_convention"  # defined nowhere
    metric, same_clause, carried = prev
    filler_only = not p.fillers.sub("", clause).strip()
    if metric and same_clause and (filler_only or body_only(clause)):  # a list: 40件人大建议和5件政协提案
        return metric, "count_inherit"
    if after:
        return after, "count_after"
    if metric and body_only(clause, 0 if carried else SPUN_CHARS):  # '其中涉台建议19件' is a topic
        return metric, "count_inherit"
    labels = [m.group(1).upper() for m in p.legend.finditer(seg)]
    if labels and labels[-1] in state.legend:  # 'A类60件' with the meaning of A given in a legend
        return state.legend[labels[-1]], "count_legend"
    weak = _closest(clause, ("weak",))
    return (weak, "count_keyword") if weak else None


def _noun_after(sentence: str, end: int) -> str:
    text = sentence[end : end + NOUN_WINDOW]
    stop = _NOUN_STOP.search(text)
    return text[: stop.start()] if stop else text


@dataclass
class _Scope:
    """What the counts before this one in its sentence say: the metric a list member inherits, the
    body of the last one, and the enclosing counts of parenthetical breakdowns
    ('州人大代表建议2件(主办件2件、会办件0件);州政协提案3件' → 3 is a total again, not an assist)."""

    prev: str | None = None
    prev_body: str | None = None
    stack: list[tuple[str | None, str | None]] = field(default_factory=list)
    opened: str | None = None  # body of a '政协提案中,' opener before the count, until the next ';'
    totals: list[tuple[int, str]] = field(default_factory=list)  # (start, body) of the totals read

    def enter(self, seg: str) -> None:
        if "(" not in seg and ")" not in seg:  # nothing opens or closes: most segments
            return
        for ch in seg:
            if ch == "(":
                self.stack.append((self.prev, self.prev_body))
            elif ch == ")" and self.stack:
                self.prev, self.prev_body = self.stack.pop()

    def enclosing_body(self) -> str | None:
        return self.stack[-1][1] if self.stack else None


class _Reach(NamedTuple):
    """The text a count's rules read: its segment (since the figure before), its clause, the words
    after it, and whether the count before sits in the same clause (a list)."""

    seg_start: int
    clause_start: int
    seg: str
    clause: str
    right: str
    same_clause: bool


def _reach(sentence: str, counts: list[Value], ends: list[int], i: int) -> _Reach:
    v = counts[i]
    k = bisect.bisect_right(ends, v.start)
    seg_start = ends[k - 1] if k else 0
    cstart = clause_start(sentence, v.start, seg_start)
    nxt = counts[i + 1].start if i + 1 < len(counts) else len(sentence)
    cend = clause_end(sentence, v.end)
    right = sentence[v.end : cend] if nxt >= cend else ""  # words before a next count describe it
    aside = patterns().aside.search(right)  # '十四件(含重点建议)': the aside labels a part, not this count
    right = right[: aside.start()] if aside else right
    same = i > 0 and cstart == seg_start == counts[i - 1].end
    return _Reach(seg_start, cstart, sentence[seg_start : v.start], sentence[cstart : v.start], right, same)


def extract_counts(sentence: str, doc_body: str, state: CountState) -> list[Hit]:
    """Count hits in one sentence of the view (offsets relative to the sentence)."""
    p = patterns()
    counts = find_values(sentence, "count")
    if not counts:  # no count, no hit and no state change (2 of 3 sentences in a report)
        return []
    ends = sorted([own_end(sentence, v.end) for v in counts] + [v.end for v in find_values(sentence, "pct")])
    hits: list[Hit] = []
    clauses: list[str] = []
    scope = _Scope(prev=state.last_metric if p.breakdown_start.match(sentence) else None)
    by_proposer = bool(p.proposer_types.search(sentence))  # a split by who proposed: nothing inherits
    split_bodies: list[str] = []
    openers = body_openers(sentence)
    unread: list[int] = []  # ends of the counts not read as measures that count a subject
    for i, v in enumerate(counts):
        r = _reach(sentence, counts, ends, i)
        if in_topic_item(sentence, v.start) or under_unread(sentence, v.start, unread):
            scope.prev = None  # a topic's count ('一是…,共11件'), or a breakdown of one
            unread.append(v.end)
            continue
        scope.enter(sentence[counts[i - 1].end if i else 0 : v.start])
        scope.opened = opened_body(openers, v.start)
        carried = i == 0 and scope.prev is not None
        opener = _opener(r.seg)
        if opener:  # '主办件中,人大代表建议19件': the clause names the metric of the counts after it
            scope.prev, carried = opener, True
        inherit = (None if by_proposer else scope.prev, r.same_clause, carried)
        found, end = _read(sentence, counts, i, r, inherit, state, scope.prev)
        if found and found[1] == "count_inherit" and in_aside(sentence, v.start) and names_property(r.clause):
            found = None  # '69件(含平字建议提案6件)': a part picked out by a property
        if found is None:
            scope.prev = None
            if names_property(r.clause, SPUN_CHARS):  # '消防事项13件' unread (not '州人大代表建议2件')
                unread.append(v.end)
            continue
        metric, rule = found
        if p.split_cue.search(r.clause):
            split_bodies = measure_lists.split_bodies(r.clause, counts, v, sentence, state.bodies_before)
        if split_bodies:
            body, rule = split_bodies.pop(0), "count_split"
        else:
            group = metric != "items_total" and scope.totals  # read only when the body falls back
            body = _body(sentence, v, r.clause, doc_body, scope, state, rule in OUTCOME_RULES, group)
        if not carried and opens_group(sentence, counts, i, rule, metric, body, scope.prev_body):
            metric, rule = "items_total", "count_group_total"
        if metric == "items_total":
            scope.totals.append((v.start, body))
        start = r.seg_start if rule == "count_inherit" else r.clause_start
        hits.append(Hit(metric, body, v.value, v.qualifier, start, end, rule))
        clauses.append(r.clause)
        state.remember(metric, body, rule)
        state.learn_letter(r.seg, metric, rule)
        scope.prev, scope.prev_body = metric, body
    hits, state.lead_contrast = lead_in_document(lead_against_assist(hits, clauses), clauses, state.lead_contrast)
    return hits + retyped(sentence, hits)


def _read(
    sentence: str, counts: list[Value], i: int, r: _Reach, inherit: tuple[str | None, bool, bool],
    state: CountState, prev: str | None,
) -> tuple[tuple[str, str] | None, int]:
    """((metric, rule) or None, evidence end) of count i: from the words in reach, else from an
    outcome class told after it when the count before (`prev`) was one ('已解决的有28件,还有3件…,
    我们向代表委员作了说明')."""
    v = counts[i]
    found = _classify(v, r.seg, r.clause, r.right, inherit, state)
    role = role_after(sentence, counts, i)
    if role and (found is None or found[0] == "items_total" and found[1] in ("count_keyword", "count_inherit")):
        return (role[0], "count_role_after"), v.end + role[1]
    if found and part_of_total(found[0], sentence, v, r.clause):
        return None, v.end
    if found:
        return found, v.end
    rest = sentence[v.end : counts[i + 1].start if i + 1 < len(counts) else len(sentence)]
    later = later_outcome(rest, r.clause, prev, OUTCOME_METRICS)
    return ((later[0], "count_outcome_later"), v.end + later[1]) if later else (None, v.end)


def _opener(seg: str) -> str | None:
    """The metric a scope opener in `seg` names ('主办件中,' → items_lead), if any."""
    found = list(patterns().scope_opener.finditer(seg))
    return _closest(found[-1].group(1), ("role",)) if found else None


def _body(
    sentence: str, v: Value, clause: str, doc_body: str, scope: _Scope, state: CountState, outcome: bool,
    group: list[tuple[int, str]] | bool = False,
) -> str:
    """The noun right after the count, else the one right before it, else its clause; else the
    count it breaks down (in parentheses, or the count before an outcome class), or the totals of its
    ';'-group (a per-body group); else its sentence
    ('其中主办6件' breaks down the total named earlier), else the document's body."""
    for found in (
        measure_body.leading_run(_noun_after(sentence, v.end)),
        measure_body.trailing_run(clause),
        measure_body.bodies_in(clause),
    ):
        body = measure_body.decide(found)
        if body:
            return body
    if scope.enclosing_body():
        return scope.enclosing_body()
    if scope.opened:
        return scope.opened
    in_group = group_body(sentence, v.start, group) if group else None  # the totals read before it
    if in_group:
        return in_group
    if outcome and scope.prev_body:
        return scope.prev_body
    in_sentence = measure_body.in_sentence(sentence, doc_body)
    if outcome and not in_sentence and state.last_outcome_body:  # a class list continued after 。
        return state.last_outcome_body
    return in_sentence or doc_body
