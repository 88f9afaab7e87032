"""The measure rules' regexes, assembled once per process from corpora/extract/measures/*.

Python holds no Chinese here: keyword tables, link words, cue lists and body words are data files,
each with a `# source:` line. This module only joins them into compiled patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline import data
from pipeline.text.firstchars import with_first_chars


def _alt(fragments: list[str] | tuple[str, ...]) -> str:
    """One alternation; longer fragments first so a longer keyword wins at the same position."""
    return "|".join(f"(?:{f})" for f in sorted(fragments, key=len, reverse=True))


@dataclass(frozen=True)
class Keyword:
    """A compiled keyword of a table row: its pattern, the metric it names and its kind."""

    pattern: re.Pattern[str]
    metric: str
    kind: str


@dataclass(frozen=True)
class Patterns:
    """Every compiled rule fragment the measure extractors use."""

    rate_name_end: re.Pattern[str]  # every rate name at the end of a text; group k+1 is row k of rate_metrics
    rate_metrics: tuple[str, ...]  # the metric of each rate name, longest name first
    rate_names_first: tuple[Keyword, ...]  # rate names right after a value ('100%的办结率')
    rate_any: re.Pattern[str]  # any "…率/…度" token at the end (a rate outside the vocabulary)
    link_end: re.Pattern[str]  # link words (均为, 达到 …) at the end of the text before a value
    separator_end: re.Pattern[str]
    modifier_end: re.Pattern[str]  # words before a rate name inside a chain (沟通见面率)
    paren_end: re.Pattern[str]  # a parenthetical gloss like (含基本满意) at the end
    rate_verbs: tuple[Keyword, ...]  # anchored at the start of the text after a value
    target: re.Pattern[str]
    threshold: tuple[re.Pattern[str], ...]
    count_keywords: tuple[Keyword, ...]
    count_right_any: re.Pattern[str]  # every count_right.tsv row, a group each (first_of)
    count_right_metrics: tuple[str, ...]
    count_negative: re.Pattern[str]
    bodies: tuple[Keyword, ...]  # metric field holds the body, kind the strength
    class_label: re.Pattern[str]
    other_subject: re.Pattern[str]  # 信访, 热线 …: figures about something other than proposals
    legend: re.Pattern[str]  # a class letter with its meaning after it (group 1: the letter)
    change_end: re.Pattern[str]  # 由去年的: an earlier value follows, the later one is the result
    carry_end: re.Pattern[str]  # 较去年提高2个百分点 ending a clause: the next clause's value is the rate's
    lead_end: re.Pattern[str]  # 承办 right before a count: lead when an assist count follows
    breakdown_start: re.Pattern[str]  # 其中 opening a sentence: it breaks down the count before
    proposer_types: re.Pattern[str]  # 党派, 界别 …: a sentence splitting a total by proposer
    share_of_total: re.Pattern[str]  # ',占总数的9.9%' after a count: the count is a part of a total
    role_after: tuple[Keyword, ...]  # '22件主办件', '5件为协办': a role noun right after a count
    result_cue: re.Pattern[str]  # 目前, 实际 …: a rate after a goal that is a result again
    class_convention: dict[int, dict[str, str]]  # classes in use → letter → metric (undefined letters)
    split_cue: re.Pattern[str]  # 分别: values pair up in order with the names before them
    fillers: re.Pattern[str]  # words that add no metric to a clause holding a body noun
    aside: re.Pattern[str]  # '(含…': a parenthesised breakdown after a count labels only its part
    body_opener: re.Pattern[str]  # '政协提案中,': group 1 names the body of the counts after it
    scope_opener: re.Pattern[str]  # '主办件中,': group 1 is the role keyword whose metric later counts take
    rate_scopes: dict[str, re.Pattern[str]]  # channel / rater / object / handling (rate_scopes.tsv)


def _conventions(rows) -> dict[int, dict[str, str]]:
    """classes in use → letter → metric, from class_convention.tsv's rows."""
    out: dict[int, dict[str, str]] = {}
    for n, letter, metric in rows:
        out.setdefault(int(n), {})[letter] = metric
    return out


def _grouped(rows: tuple[tuple[str, ...], ...], name: str) -> str:
    """The rows' patterns as one alternation, a capturing group per row (group k+1 is row k)."""
    for frag, *_ in rows:
        if re.compile(frag).groups:
            raise ValueError(f"{name}: a pattern read with others may not hold a capturing group: {frag}")
    return "(?:" + "|".join(f"({frag})" for frag, *_ in rows) + ")"


def first_of(rows: tuple[tuple[str, ...], ...], name: str) -> re.Pattern[str]:
    """One search for "the row whose match starts leftmost, the earlier row on a tie".

    WHY: that is what trying each row in turn and keeping the leftmost gives; the alternation finds
    the leftmost position where any row matches, and there the first row that does (m.lastindex),
    in one pass instead of one per row."""
    return re.compile(_grouped(rows, name))


def _rate_name_end(rows: tuple[tuple[str, ...], ...]) -> re.Pattern[str]:
    """The rate names (longest first) as `first_of`, anchored at the end: ~30 searches per figure
    become one."""
    return re.compile(_grouped(rows, "rate_keywords") + "$")


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    """Compile every pattern once per process (the corpora files are read once, too)."""
    m = data.measure_data()
    rate_rows = sorted(m.rate_keywords, key=lambda r: len(r[0]), reverse=True)
    item_nouns = f"(?:的)?(?:{_alt(m.verb_item_nouns)})*"
    verb_lead = f"(?:{_alt(m.verb_adverbs)})*"
    return Patterns(
        rate_name_end=_rate_name_end(rate_rows),
        rate_metrics=tuple(metric for _, metric in rate_rows),
        rate_names_first=tuple(
            Keyword(re.compile(f"^(?:的)?(?:{frag})"), metric, "rate") for frag, metric in rate_rows
        ),
        rate_any=re.compile(r"[\u4e00-\u9fff]{1,6}[率度]$"),
        link_end=re.compile(f"(?:{_alt(m.rate_links)})$"),
        separator_end=re.compile(f"(?:{_alt(m.separators)})$"),
        modifier_end=re.compile(f"(?:{_alt(m.rate_modifiers)})$"),
        paren_end=re.compile(r"\([^()]{1,12}\)$"),
        rate_verbs=tuple(
            Keyword(re.compile(f"^{item_nouns}{verb_lead}(?:{frag})"), metric, "verb")
            for frag, metric in m.rate_verbs
        ),
        target=re.compile(_alt(m.target_cues)),
        threshold=tuple(re.compile(line) for line in m.threshold_cues),
        count_keywords=tuple(
            Keyword(re.compile(frag), metric, kind) for frag, metric, kind in m.count_keywords
        ),
        count_right_any=first_of(m.count_right, "count_right"),
        count_right_metrics=tuple(metric for _, metric in m.count_right),
        count_negative=with_first_chars(_alt(m.count_negative)),  # firstchars.py
        bodies=tuple(Keyword(re.compile(frag), body, strength) for frag, body, strength in m.bodies),
        class_label=re.compile(_alt(m.outcome_classes)),
        other_subject=re.compile(_alt(m.other_subjects)),
        legend=re.compile(m.class_legend),
        change_end=re.compile(f"(?:{_alt(m.change_cues)})$"),
        carry_end=re.compile(m.rate_carry),
        lead_end=re.compile(f"(?:{_alt(m.lead_against_assist)})$"),
        breakdown_start=re.compile(f"^(?:{_alt(m.breakdown_cues)})"),
        proposer_types=re.compile(_alt(m.proposer_types)),
        share_of_total=re.compile(_alt(m.share_cues)),
        result_cue=re.compile(_alt(m.result_cues)),
        class_convention=_conventions(m.class_convention),
        role_after=tuple(Keyword(re.compile(frag), metric, "role") for frag, metric in m.role_after),
        split_cue=re.compile(_alt(m.split_cues)),
        fillers=with_first_chars(_alt(m.count_fillers)),  # firstchars.py
        aside=re.compile(m.aside_openers),
        body_opener=re.compile(m.body_openers),
        scope_opener=_scope_opener(),
        rate_scopes={kind: re.compile(rx) for kind, rx in m.rate_scopes},
    )


def _scope_opener() -> re.Pattern[str]:
    """The opener template of scope_openers.txt with the role keywords of its metrics filled in."""
    m = data.measure_data()
    template, metrics = m.scope_openers.template, m.scope_openers.metrics
    wanted = metrics.split()
    roles = [frag for frag, metric, kind in m.count_keywords if kind == "role" and metric in wanted]
    return with_first_chars(template.replace("{role}", _alt(roles)))
