"""Rate measures (办复率, 满意率 …): a percentage and the rate names that govern it.

Read right to left from each percentage: link words (均为, 达到), then a chain of rate names joined
by 、/和 ("见面率、办结率和满意率均达100%" → three measures); with 分别 the values that follow pair
up with the names (or with the bodies named before them). A later value of a change ("由去年的95%
提高到98%") takes the chain of the earlier one. A percentage with no rate name before it may still
be a result: a rate name right after it ("100%的办结率") or a result verb ("99.2%已经办复" →
rate_reply). Targets (确保/力争 before the chain) and thresholds ("满意率达80%以上的有229件") are
skipped, and so are figures about other business: 信访/热线 in the clause or nearer than any body
word, raters other than proposers (群众满意率), objects other than the handling (对公安工作的满意率).
A change clause hands its rate to the value after it ('满意率较去年提高2个百分点,达到97%'), and a
body-only 分别 clause repeats the names of the split chain before it. Rates outside the vocabulary
(立案率, 领导批示率) may sit in a chain but give nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.extract import measure_body
from pipeline.extract.measure_patterns import patterns
from pipeline.extract.measure_view import RIGHT_WINDOW, Hit, clause_start
from pipeline.extract.numbers import Value, find_values

#: How far back (characters) a chain of rate names is read; the longest chain in dev (a022,
#: '领导批示率、沟通见面率、代表委员满意率均达到') is 24 characters.
CHAIN_WINDOW = 48


def _rate_token(rest: str) -> tuple[str, int] | None:
    """The rate name ending `rest`: (metric or "none", its start); the longest vocabulary name wins."""
    p = patterns()
    m = p.rate_name_end.search(rest)
    if m:
        return p.rate_metrics[m.lastindex - 1], m.start()
    m = p.rate_any.search(rest)
    return ("none", m.start()) if m else None


def parse_chain(left: str) -> tuple[list[str], int, str]:
    """Rate names ending `left` (before the link words): metrics left to right, chain start, link."""
    p = patterns()
    link_m = p.link_end.search(left)
    link = link_m.group() if link_m else ""
    rest = left[: link_m.start()] if link_m else left
    metrics: list[str] = []
    start = len(left)
    while rest:
        paren = p.paren_end.search(rest)
        if paren:
            rest = rest[: paren.start()]
        token = _rate_token(rest)
        if token is None:
            break
        metrics.append(token[0])
        start = token[1]
        rest = rest[:start]
        sep = p.separator_end.search(rest)
        modifier = None if sep else p.modifier_end.search(rest)
        if modifier:  # a modifier (沟通, 代表委员) may stand between the separator and the name
            sep = p.separator_end.search(rest[: modifier.start()])
        if not sep:
            break
        rest = rest[: sep.start()]
    return metrics[::-1], start, link


def _changed(sentence: str, earlier: Value) -> tuple[list[str], int, str, int]:
    """The chain before an earlier value ('满意率由去年的95%提高到98%'): it names the later one too."""
    cstart = clause_start(sentence, earlier.start)
    left = sentence[cstart : earlier.start]
    cue = patterns().change_end.search(left)
    if not cue or not cue.group():
        return [], len(left), "", cstart
    metrics, chain_at, _ = parse_chain(left[: cue.start()])
    return metrics, chain_at, "", cstart


def _carried(sentence: str, cstart: int) -> tuple[list[str], int, str, int]:
    """The chain of the clause before ('满意率较去年提高2个百分点,达到97%') when that clause ends
    with a change: a value after link words only is then the result of that rate."""
    if cstart < 2:
        return [], 0, "", cstart
    pstart = clause_start(sentence, cstart - 1)
    prev = sentence[pstart : cstart - 1]
    cue = patterns().carry_end.search(prev)
    if not cue:
        return [], 0, "", cstart
    metrics, chain_at, _ = parse_chain(prev[: cue.start()])
    return metrics, chain_at, "", pstart


def _parallel(left: str, names: list[str]) -> tuple[list[str], int, str]:
    """A clause of only a body noun and a 分别 link after a 分别 chain ('人大代表建议办结率、满意率
    分别为100%、95%,政协提案分别为100%、97%') takes that chain's names: (names, 0, link)."""
    link = patterns().link_end.search(left)
    if not names or not link or not patterns().split_cue.search(link.group()):
        return [], len(left), ""
    rest = left[: link.start()]
    if not measure_body.bodies_in(rest) or patterns().fillers.sub("", measure_body.strip_bodies(rest)).strip():
        return [], len(left), ""
    return names, 0, link.group()


def _split_values(sentence: str, values: list[Value], i: int) -> list[Value]:
    """Values after values[i] joined to it by separators only ("分别为98%和95%")."""
    run = [values[i]]
    for nxt in values[i + 1 :]:
        if not patterns().separator_end.fullmatch(sentence[run[-1].end : nxt.start]):
            break
        run.append(nxt)
    return run


@lru_cache(maxsize=16)  # asked for every figure of a sentence
def _channel_ends(sentence: str) -> tuple[int, ...]:
    return tuple(m.end() for m in patterns().rate_scopes["channel"].finditer(sentence))


def _other_scope(sentence: str, cstart: int, at: int) -> bool:
    """Whether the rate whose name starts at `at` is about something other than the handling of
    suggestions and proposals: other business (信访, 热线) in its clause, or named in its sentence
    nearer to it than any body word; people other than proposers rating ('群众满意率'); or an
    object of satisfaction that is not the handling ('对公安工作的满意率', holdout hB06)."""
    scopes = patterns().rate_scopes
    clause = sentence[cstart:at]
    rater = scopes["rater"].search(clause)
    if patterns().other_subject.search(clause) or (rater and not measure_body.bodies_in(rater.group(1))):
        return True
    channel = max((e for e in _channel_ends(sentence) if e <= at), default=-1)
    if channel > measure_body.last_mention(sentence, at):
        return True
    obj = scopes["object"].search(clause)
    return bool(obj) and not scopes["handling"].search(obj.group(1))


def _is_threshold(after: str) -> bool:
    return any(p.search(after) for p in patterns().threshold)


def _verb_metric(after: str) -> tuple[str, int] | None:
    """(metric, length of the words read) when a result verb follows a bare percentage."""
    for kw in patterns().rate_verbs:
        m = kw.pattern.match(after)
        if m:
            return kw.metric, m.end()
    return None


def _chain_of(
    sentence: str, values: list[Value], i: int, reach: tuple[str, int, int], split_names: list[str]
) -> tuple[list[str], int, str, int]:
    """(rate names, chain start relative to the offset, link, offset) of values[i]: the chain ending
    right before it, else that of the earlier value of a change, of a change clause before, or of the
    split chain a parallel clause repeats. `reach` is (text left of the value, its offset, clause start)."""
    left, offset, cstart = reach
    metrics, chain_at, link = parse_chain(left)
    if not metrics and i > 0 and values[i - 1].end == offset and not patterns().link_end.sub("", left):
        metrics, chain_at, link, offset = _changed(sentence, values[i - 1])
    if not metrics and cstart >= offset and patterns().link_end.fullmatch(left):
        metrics, chain_at, link, offset = _carried(sentence, cstart)
    if not metrics and cstart >= offset:
        metrics, chain_at, link = _parallel(left, split_names)
    return metrics, chain_at, link, offset


def extract_rates(sentence: str, doc_body: str, context: str = "") -> list[Hit]:
    """Rate hits in one sentence of the view (offsets relative to the sentence); `context` is the
    text of its paragraph before it, read for the body when the sentence names none before a value."""
    values = find_values(sentence, "pct")
    hits: list[Hit] = []
    floor = 0
    skip_until = -1
    split_names: list[str] = []  # the names of the last 分别 chain, for a parallel clause after it
    goal_end = -1  # end of the last value read as a target: a list of rates after it shares the verb
    for i, v in enumerate(values):
        if i <= skip_until:
            continue
        cstart = clause_start(sentence, v.start, floor)
        floor = v.end
        left = sentence[max(cstart, v.start - CHAIN_WINDOW) : v.start]
        offset = v.start - len(left)
        after = sentence[v.end : v.end + RIGHT_WINDOW]
        if _is_threshold(after):
            continue
        metrics, chain_at, link, offset = _chain_of(sentence, values, i, (left, offset, cstart), split_names)
        named = [m for m in metrics if m != "none"]
        if patterns().target.search(sentence[cstart : offset + chain_at]) or _goal_list(
            sentence, goal_end, offset + chain_at if metrics else v.start
        ):
            goal_end = v.end
            continue
        if _other_scope(sentence, cstart, offset + chain_at if metrics else v.start):
            continue
        body = measure_body.resolve_rate(sentence[cstart : v.end], sentence, v.end, context, doc_body)
        if named:
            run = _split_values(sentence, values, i) if patterns().split_cue.search(link) else [v]
            skip_until = i + len(run) - 1
            split_names = named if len(run) == len(named) > 1 else split_names
            hits.extend(_chain_hits(sentence, named, run, offset + chain_at, body, cstart))
            continue
        if not metrics:
            hits.extend(_value_first(sentence, v, after, body))
    return hits


#: Characters that may stand between one goal and the next rate of its list ('、按期' or
#: ',人大代表、政协委员对答复意见的', dev b021: 17); a longer run is a sentence of its own.
GOAL_GAP = 24
_GOAL_BREAK = re.compile(r"[。;\d]")


def _goal_list(sentence: str, goal_end: int, chain_start: int) -> bool:
    """A rate right after a target's value, in the same list ('力争办复率达到100%,见面率达到100%,
    满意率达到100%', dev b013/b021): the target verb governs every rate of the list (ANNOTATION.md:
    a target is not a measure)."""
    if goal_end < 0 or chain_start < goal_end:
        return False
    gap = sentence[goal_end:chain_start]
    return len(gap) <= GOAL_GAP and not _GOAL_BREAK.search(gap) and not patterns().result_cue.search(gap)


@lru_cache(maxsize=16)  # asked for every bare percentage of a sentence: one search per sentence
def _target_end(sentence: str) -> int:
    """End of the first target cue of `sentence` (确保, 力争), or past its end when it states none."""
    m = patterns().target.search(sentence)
    return m.end() if m else len(sentence) + 1


def _value_first(sentence: str, v: Value, after: str, body: str) -> list[Hit]:
    """A percentage before what it measures: a rate name ('100%办结率') or a result verb
    ('99.2%已经办复'). Nothing when the sentence states a target before it ('确保做到…100%办结率')."""
    if _target_end(sentence) <= v.start:
        return []
    for kw in patterns().rate_names_first:
        m = kw.pattern.match(after)
        if m:
            if kw.metric == "none":
                return []
            return [Hit(kw.metric, body, v.value, v.qualifier, v.start, v.end + m.end(), "rate_value_first")]
    verb = _verb_metric(after)
    if verb:
        return [Hit(verb[0], body, v.value, v.qualifier, v.start, v.end + verb[1], "rate_verb")]
    return []


def _chain_hits(sentence: str, named: list[str], run: list[Value], start: int, body: str, cstart: int) -> list[Hit]:
    """Hits of a rate chain: one value to every name, or pairwise when 分别 gives one value each."""
    end = run[-1].end
    if len(run) == 1:
        return [Hit(m, body, run[0].value, run[0].qualifier, start, end, "rate_chain") for m in named]
    if len(named) == len(run):
        return [Hit(m, body, v.value, v.qualifier, start, end, "rate_split") for m, v in zip(named, run)]
    order = measure_body.ordered(sentence[cstart:start])
    if len(named) == 1 and len(order) == len(run):
        return [Hit(named[0], b, v.value, v.qualifier, start, end, "rate_split_body") for b, v in zip(order, run)]
    return [Hit(m, body, run[0].value, run[0].qualifier, start, run[0].end, "rate_chain") for m in named]

