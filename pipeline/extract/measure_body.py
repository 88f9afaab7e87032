"""Which body a figure belongs to: npc (人大代表建议/议案), cppcc (政协提案) or all.

ANNOTATION.md: `all` where the figure covers both or the text does not say which. The nearest text
that names a body decides (the words right after a count, then its clause, then its sentence); with
none, the document's single body if only one is ever named strongly, else `all`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline import data
from pipeline.extract.measure_patterns import patterns
from pipeline.extract.measure_view import clause_end
from pipeline.text.firstchars import any_of

BODIES = ("npc", "cppcc")


@lru_cache(maxsize=1)
def _neutral() -> tuple[tuple[re.Pattern[str], ...], re.Pattern[str]]:
    """The neutral phrases' patterns in table order, and one alternation of them all."""
    rows = tuple(kw.pattern for kw in patterns().bodies if kw.kind == "neutral")
    return rows, any_of(rx.pattern for rx in rows)


def _mask_neutral(text: str) -> str:
    """Blank out phrases that name no body (意见建议, 建议、批评和意见): their 建议 is not npc.
    (A text their alternation does not match holds none of them: left as it is, in one search.)"""
    rows, anything = _neutral()
    if not anything.search(text):
        return text
    for rx in rows:
        text = rx.sub(lambda m: " " * len(m.group()), text)
    return text


@lru_cache(maxsize=64)  # a sentence is asked again for every figure in it: keep that linear
def bodies_in(text: str, strong_only: bool = False) -> frozenset[str]:
    """The bodies named in `text` (weak words like bare 提案 count unless `strong_only`)."""
    text = _mask_neutral(text)
    found: set[str] = set()
    for kw in patterns().bodies:
        if kw.kind == "neutral" or (strong_only and kw.kind != "strong"):
            continue
        if kw.pattern.search(text):
            found.add(kw.metric)
    return frozenset(found)


def decide(found: set[str] | frozenset[str]) -> str | None:
    """One body from a set of named bodies: both → all, one → it, none → undecided."""
    if not found:
        return None
    return "all" if len(found) > 1 else next(iter(found))


#: A body named this many times more often than the other is the document's body: a CPPCC report may
#: cite a notice about 人大代表建议政协提案 once or twice (seed 004: 2 npc against 20+ cppcc mentions).
DOMINANCE = 5


def names_a_body(text: str) -> bool:
    """Whether `text` is about deputies' suggestions or proposals at all: a body named by more than
    the everyday word 建议 (dev a017, citizens' enquiries: '咨询、投诉、建议 … 回复率90%')."""
    masked = _mask_neutral(text)
    return any(kw.pattern.search(masked) for kw in patterns().bodies if kw.kind in ("strong", "weak"))


def document_body(text: str) -> str:
    """The document's single body if only one is named strongly (or one dominates), else all."""
    text = _mask_neutral(text)
    counts = {b: 0 for b in BODIES}
    for kw in patterns().bodies:
        if kw.kind == "strong":
            counts[kw.metric] += len(kw.pattern.findall(text))
    npc, cppcc = counts["npc"], counts["cppcc"]
    if npc >= max(1, DOMINANCE * cppcc):
        return "npc"
    if cppcc >= max(1, DOMINANCE * npc):
        return "cppcc"
    return "all"


def in_sentence(sentence: str, default: str) -> str | None:
    """The body a sentence names. Where the document has one body, only strong words count: a stray
    委员 in an NPC report ('已向委员作出解释') does not make its figures cppcc."""
    return decide(bodies_in(sentence, strong_only=default != "all"))


@lru_cache(maxsize=64)  # every figure of a sentence asks: one pass per sentence keeps a long one linear
def mentions(sentence: str) -> tuple[tuple[int, int, str, str], ...]:
    """(start, end, body, strength) of every body word in `sentence` (neutral phrases masked)."""
    masked = _mask_neutral(sentence)
    found = (
        (m.start(), m.end(), kw.metric, kw.kind)
        for kw in patterns().bodies
        if kw.kind != "neutral"
        for m in kw.pattern.finditer(masked)
    )
    return tuple(sorted(found))


def named_between(sentence: str, lo: int, hi: int, strong_only: bool) -> str | None:
    """The body named by the words of `sentence` that lie within [lo, hi)."""
    return decide({b for s, e, b, k in mentions(sentence) if lo <= s and e <= hi and (k == "strong" or not strong_only)})


def last_mention(sentence: str, at: int) -> int:
    """End of the last body word of `sentence` before `at`, or -1 when none is named there."""
    return max((e for _, e, _, _ in mentions(sentence) if e <= at), default=-1)


def resolve_rate(clause: str, sentence: str, at: int, context: str, default: str) -> str:
    """The body of a rate whose value ends at `at` in `sentence`: named in its clause, else earlier in
    its sentence, else earlier in its paragraph (`context`), and only then later in its sentence. A
    scope set before the figure wins over a word in a clause after it ('…代表委员的沟通率达100%。
    99.2%已经办复,剩余1件已向提案委员说明情况' is all, holdout hB05). Earlier in its sentence, the
    part since the last ';' is read first: '人大代表建议办复率100%,满意率96%;政协提案办复率100%,
    满意率97%' gives 97% to the proposals alone (holdout_c hC10). Where the document has one
    body, only strong words count (as in `in_sentence`). Where the scope covers both bodies, only the
    value's own clause is read after it: '满意率97.6%,只有1位代表表示基本满意' names one rater of a
    two-body rate (holdout_d hD04), not the rate's body."""
    strong = default != "all"
    after_end = clause_end(sentence, at) if default == "all" else len(sentence)
    return (
        decide(bodies_in(clause))
        or named_between(sentence, sentence.rfind(";", 0, at) + 1, at, strong)
        or named_between(sentence, 0, at, strong)
        or in_sentence(context, default)
        or named_between(sentence, at, after_end, strong)
        or default
    )


def ordered(text: str) -> list[str]:
    """Bodies in order of mention ("代表建议、提案分别为…" → [npc, cppcc]), repeats merged."""
    text = _mask_neutral(text)
    spans: list[tuple[int, int, str]] = []
    for kw in patterns().bodies:
        if kw.kind != "neutral":
            spans.extend((m.start(), -m.end(), kw.metric) for m in kw.pattern.finditer(text))
    out: list[str] = []
    reach = -1
    for start, neg_end, body in sorted(spans):
        if start < reach:
            continue
        reach = -neg_end
        if not out or out[-1] != body:
            out.append(body)
    return out


def strip_bodies(text: str) -> str:
    """`text` without its body nouns (neutral phrases too): what is left says what the figure is."""
    for kw in sorted(patterns().bodies, key=lambda k: len(k.pattern.pattern), reverse=True):
        text = kw.pattern.sub("", text)
    return text


@dataclass(frozen=True)
class _Runs:
    """Patterns for reading a body noun phrase ('人大代表建议和政协委员提案') from either end."""

    words: tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...]  # (at start, at end, body)
    connector_start: re.Pattern[str]
    connector_end: re.Pattern[str]
    count_suffix: re.Pattern[str]  # 共计, 合计 … between the phrase and its count
    prefix_start: re.Pattern[str]  # 的, 全国 … allowed before the first body noun
    any_start: re.Pattern[str]  # some body word at the start: else no word needs trying
    any_end: re.Pattern[str]  # some body word at the end


@lru_cache(maxsize=1)
def _run_patterns() -> _Runs:
    words = sorted((kw for kw in patterns().bodies if kw.kind != "neutral"), key=lambda kw: -len(kw.pattern.pattern))
    anchored = tuple(
        (re.compile(f"^(?:{kw.pattern.pattern})"), re.compile(f"(?:{kw.pattern.pattern})$"), kw.metric) for kw in words
    )
    coordinator, prefix, suffix = data.measure_data().body_connectors
    connector = f"(?:{coordinator}|{prefix})"
    every = "|".join(f"(?:{kw.pattern.pattern})" for kw in words)
    return _Runs(
        anchored, re.compile(f"^{connector}"), re.compile(f"{connector}$"), re.compile(f"{suffix}$"),
        re.compile(f"^{prefix}"), re.compile(f"^(?:{every})"), re.compile(f"(?:{every})$"),
    )


def _word_at_end(rest: str, runs: _Runs) -> tuple[str, int] | None:
    """(body, start) of the first body word (longest pattern first) that ends `rest`. One search of
    all words first: a text none of them ends needs no search per word (most clauses)."""
    if not runs.any_end.search(rest):
        return None
    for _, at_end, body in runs.words:
        m = at_end.search(rest)
        if m:
            return body, m.start()
    return None


def _word_at_start(rest: str, runs: _Runs) -> tuple[str, int] | None:
    """(body, end) of the first body word (longest pattern first) that starts `rest` (see _word_at_end)."""
    if not runs.any_start.match(rest):
        return None
    for at_start, _, body in runs.words:
        m = at_start.match(rest)
        if m:
            return body, m.end()
    return None


def trailing_run(text: str) -> set[str]:
    """Bodies of the noun phrase that ends `text` ('…人大代表建议和政协委员提案共计' → both)."""
    runs = _run_patterns()
    rest = _mask_neutral(text)
    m = runs.count_suffix.search(rest)
    if m:
        rest = rest[: m.start()]
    found: set[str] = set()
    while rest:
        word = _word_at_end(rest, runs)
        if word:
            found.add(word[0])
            rest = rest[: word[1]]
            continue
        m = runs.connector_end.search(rest) if found else None
        if not m:
            break
        rest = rest[: m.start()]
    return found


def leading_run(text: str) -> set[str]:
    """Bodies of the noun phrase that starts `text` ('人大建议和政协提案…' after '866件')."""
    runs = _run_patterns()
    rest = _mask_neutral(text)
    found: set[str] = set()
    while rest:
        word = _word_at_start(rest, runs)
        if word:
            found.add(word[0])
            rest = rest[word[1] :]
            continue
        # before the first body noun only prefixes (的, 全国): '4件和政协提案3件' names no body for 4
        m = (runs.connector_start if found else runs.prefix_start).match(rest)
        if not m:
            break
        rest = rest[m.end() :]
    return found


def last_run(text: str) -> set[str]:
    """Bodies of the last body noun phrase in `text` (the one nearest a figure that follows)."""
    last_end = last_mention(text, len(text))
    return trailing_run(_mask_neutral(text)[:last_end]) if last_end > 0 else set()
