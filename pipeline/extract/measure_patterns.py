"""The measure rules' regexes, assembled once per process from corpora/extract/measures/*.

Python holds no Chinese here: keyword tables, link words, cue lists and body words are data files,
each with a `# source:` line. This module only joins them into compiled patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.resources import load_lines, load_tsv
from pipeline.text.firstchars import with_first_chars

_DIR = ("extract", "measures")


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


def _conventions(rows: tuple[tuple[str, ...], ...]) -> dict[int, dict[str, str]]:
    out: dict[int, dict[str, str]] = {}
    for n, letter, metric in rows:
        out.setdefault(int(n), {})[letter] = metric
    return out


def _table(name: str) -> tuple[tuple[str, ...], ...]:
    return load_tsv(*_DIR, name)


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
    return re.compile(_grouped(rows, "rate_keywords.tsv") + "$")


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    """Compile every pattern once per process (the corpora files are read once, too)."""
    rate_rows = sorted(_table("rate_keywords.tsv"), key=lambda r: len(r[0]), reverse=True)
    item_nouns = f"(?:的)?(?:{_alt(load_lines(*_DIR, 'verb_item_nouns.txt'))})*"
    verb_lead = f"(?:{_alt(load_lines(*_DIR, 'verb_adverbs.txt'))})*"
    return Patterns(
        rate_name_end=_rate_name_end(rate_rows),
        rate_metrics=tuple(metric for _, metric in rate_rows),
        rate_names_first=tuple(
            Keyword(re.compile(f"^(?:的)?(?:{frag})"), metric, "rate") for frag, metric in rate_rows
        ),
        rate_any=re.compile(r"[\u4e00-\u9fff]{1,6}[率度]$"),
        link_end=re.compile(f"(?:{_alt(load_lines(*_DIR, 'rate_links.txt'))})$"),
        separator_end=re.compile(f"(?:{_alt(load_lines(*_DIR, 'separators.txt'))})$"),
        modifier_end=re.compile(f"(?:{_alt(load_lines(*_DIR, 'rate_modifiers.txt'))})$"),
        paren_end=re.compile(r"\([^()]{1,12}\)$"),
        rate_verbs=tuple(
            Keyword(re.compile(f"^{item_nouns}{verb_lead}(?:{frag})"), metric, "verb")
            for frag, metric in _table("rate_verbs.tsv")
        ),
        target=re.compile(_alt(load_lines(*_DIR, "target_cues.txt"))),
        threshold=tuple(re.compile(line) for line in load_lines(*_DIR, "threshold_cues.txt")),
        count_keywords=tuple(
            Keyword(re.compile(frag), metric, kind) for frag, metric, kind in _table("count_keywords.tsv")
        ),
        count_right_any=first_of(_table("count_right.tsv"), "count_right.tsv"),
        count_right_metrics=tuple(metric for _, metric in _table("count_right.tsv")),
        count_negative=with_first_chars(_alt(load_lines(*_DIR, "count_negative.txt"))),  # firstchars.py
        bodies=tuple(Keyword(re.compile(frag), body, strength) for frag, body, strength in _table("bodies.tsv")),
        class_label=re.compile(_alt(load_lines(*_DIR, "outcome_classes.tsv"))),
        other_subject=re.compile(_alt(load_lines(*_DIR, "other_subjects.txt"))),
        legend=re.compile(load_lines(*_DIR, "class_legend.txt")[0]),
        change_end=re.compile(f"(?:{_alt(load_lines(*_DIR, 'change_cues.txt'))})$"),
        carry_end=re.compile(load_lines(*_DIR, "rate_carry.txt")[0]),
        lead_end=re.compile(f"(?:{_alt(load_lines(*_DIR, 'lead_against_assist.txt'))})$"),
        breakdown_start=re.compile(f"^(?:{_alt(load_lines(*_DIR, 'breakdown_cues.txt'))})"),
        proposer_types=re.compile(_alt(load_lines(*_DIR, "proposer_types.txt"))),
        share_of_total=re.compile(_alt(load_lines(*_DIR, "share_cues.txt"))),
        result_cue=re.compile(_alt(load_lines(*_DIR, "result_cues.txt"))),
        class_convention=_conventions(_table("class_convention.tsv")),
        role_after=tuple(Keyword(re.compile(frag), metric, "role") for frag, metric in _table("role_after.tsv")),
        split_cue=re.compile(_alt(load_lines(*_DIR, "split_cues.txt"))),
        fillers=with_first_chars(_alt(load_lines(*_DIR, "count_fillers.txt"))),  # firstchars.py
        aside=re.compile(load_lines(*_DIR, "aside_openers.txt")[0]),
        body_opener=re.compile(load_lines(*_DIR, "body_openers.txt")[0]),
        scope_opener=_scope_opener(),
        rate_scopes={kind: re.compile(rx) for kind, rx in _table("rate_scopes.tsv")},
    )


def _scope_opener() -> re.Pattern[str]:
    """The opener template of scope_openers.txt with the role keywords of its metrics filled in."""
    template, metrics = load_lines(*_DIR, "scope_openers.txt")
    wanted = metrics.split()
    roles = [frag for frag, metric, kind in _table("count_keywords.tsv") if kind == "role" and metric in wanted]
    return with_first_chars(template.replace("{role}", _alt(roles)))
