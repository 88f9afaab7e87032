"""Extract-stage domain data: measure patterns, fact rules, topic rules (corpora/extract/*/).

Files of one pattern a line that are joined as one alternation are read as a tuple of lines into
the field of that name (field `rate_links` is rate_links.txt); tables and files whose lines mean
different things are read into named rows and fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from functools import lru_cache
from typing import NamedTuple

from pipeline.data.read import Pair, fields, lines, one, rows

_MEASURES = ("extract", "measures")
_FACTS = ("extract", "facts")
_TOPICS = ("extract", "topics")


class Named(NamedTuple):
    """A keyword table row: regex fragment, the metric (or body) it names, its kind (or strength)."""

    fragment: str
    name: str
    kind: str


class Metric(NamedTuple):
    fragment: str
    metric: str


class Qualifier(NamedTuple):
    position: str  # before / after the number
    fragment: str
    qualifier: str  # eq / ge / le / approx


class Ranked(NamedTuple):
    """A ranked named rule (lower rank wins); the regex may hold {ORG}-style placeholders."""

    rank: str
    name: str
    regex: str


class Signal(NamedTuple):
    """doc_type evidence: its name, weight and regex (the 'body' row is the gate)."""

    name: str
    weight: str
    regex: str


class Trigger(NamedTuple):
    """A topic-list trigger: its name, mode (how the list closes) and regex."""

    name: str
    mode: str
    regex: str


class SelfRef(NamedTuple):
    ref: str  # a self-reference ("我局")
    ends: str  # endings the opening unit must have


class BodyConnectors(NamedTuple):
    coordinator: str  # only between body nouns
    prefix: str  # also before the first one
    suffix: str  # between the phrase and its count


class TopicHeads(NamedTuple):
    head: str  # opens a topic list ('集中在三个方面:')
    item: str  # an enumerated item of it


class ScopeOpener(NamedTuple):
    template: str  # {role} is filled with the role keywords of `metrics`
    metrics: str  # space-separated metric names


class ClassConvention(NamedTuple):
    classes: str  # how many class letters the document uses (3 or 4)
    letter: str
    metric: str


class RateGoal(NamedTuple):
    before: str
    after: str


@dataclass(frozen=True)
class MeasureData:
    rate_keywords: tuple[Metric, ...]
    rate_verbs: tuple[Metric, ...]
    count_keywords: tuple[Named, ...]
    count_right: tuple[Metric, ...]
    bodies: tuple[Named, ...]  # name = body, kind = strength
    rate_scopes: tuple[Pair, ...]  # kind → regex
    numerals: tuple[Pair, ...]  # kind → characters
    qualifiers: tuple[Qualifier, ...]
    body_connectors: BodyConnectors
    topic_heads: TopicHeads
    scope_openers: ScopeOpener
    class_legend: str
    rate_carry: str
    aside_openers: str
    body_openers: str
    subheadings: str
    retype_cues: str
    outcome_classes: tuple[str, ...]
    verb_item_nouns: tuple[str, ...]
    verb_adverbs: tuple[str, ...]
    rate_links: tuple[str, ...]
    separators: tuple[str, ...]
    rate_modifiers: tuple[str, ...]
    target_cues: tuple[str, ...]
    threshold_cues: tuple[str, ...]
    count_negative: tuple[str, ...]
    other_subjects: tuple[str, ...]
    change_cues: tuple[str, ...]
    lead_against_assist: tuple[str, ...]
    breakdown_cues: tuple[str, ...]
    proposer_types: tuple[str, ...]
    split_cues: tuple[str, ...]
    count_fillers: tuple[str, ...]
    table_headers: tuple[str, ...]
    share_cues: tuple[str, ...]
    result_cues: tuple[str, ...]
    role_after: tuple[Metric, ...]
    class_convention: tuple[ClassConvention, ...]


@dataclass(frozen=True)
class FactData:
    doctype_signals: tuple[Signal, ...]
    year_patterns: tuple[Ranked, ...]
    agency_patterns: tuple[Ranked, ...]
    year_digits: tuple[Pair, ...]  # numeral → ASCII digit
    agency_self: tuple[SelfRef, ...]
    rate_goal: RateGoal
    year_digit_run: str
    year_token: str  # group 1 is the year
    title_patterns: tuple[str, ...]
    title_fallback: tuple[str, ...]
    year_multi: tuple[str, ...]
    year_session_news: tuple[str, ...]
    agency_suffixes: tuple[str, ...]
    agency_time_prefix: tuple[str, ...]
    title_org: tuple[str, ...]
    agency_reject: tuple[str, ...]
    title_reject: tuple[str, ...]
    agency_placeholder: tuple[str, ...]
    agency_office: tuple[str, ...]
    agency_self_context: tuple[str, ...]


@dataclass(frozen=True)
class TopicData:
    list_triggers: tuple[Trigger, ...]
    skip_sections: tuple[Pair, ...]  # section kind → comma-separated rule families
    bare_list: tuple[str, ...]
    colon_lists: tuple[str, ...]
    colon_separators: tuple[str, ...]
    count_item: tuple[str, ...]
    count_link: tuple[str, ...]
    example_marker: tuple[str, ...]
    item_separators: tuple[str, ...]
    item_titles: tuple[str, ...]
    last_item_split: tuple[str, ...]
    list_after_count: tuple[str, ...]
    list_close: tuple[str, ...]
    list_context: tuple[str, ...]
    list_end: tuple[str, ...]
    respectively: tuple[str, ...]
    stop_items: tuple[str, ...]
    stop_list_items: tuple[str, ...]
    strip_prefix: tuple[str, ...]
    strip_suffix: tuple[str, ...]
    strip_suffix_counted: tuple[str, ...]
    title_stop: tuple[str, ...]


def _line_fields(cls: type, folder: tuple[str, ...], given: dict[str, object]) -> dict[str, object]:
    """`given`, plus every tuple-of-lines field of `cls` not in it read from folder/<field>.txt."""
    out = dict(given)
    for field in dataclass_fields(cls):
        if field.name not in out:
            out[field.name] = lines(*folder, f"{field.name}.txt")
    return out


@lru_cache(maxsize=1)
def measure_data() -> MeasureData:
    d = _MEASURES
    return MeasureData(**_line_fields(MeasureData, d, {
        "rate_keywords": rows(Metric, *d, "rate_keywords.tsv"),
        "rate_verbs": rows(Metric, *d, "rate_verbs.tsv"),
        "count_keywords": rows(Named, *d, "count_keywords.tsv"),
        "count_right": rows(Metric, *d, "count_right.tsv"),
        "role_after": rows(Metric, *d, "role_after.tsv"),
        "class_convention": rows(ClassConvention, *d, "class_convention.tsv"),
        "bodies": rows(Named, *d, "bodies.tsv"),
        "rate_scopes": rows(Pair, *d, "rate_scopes.tsv"),
        "numerals": rows(Pair, *d, "numerals.txt"),
        "qualifiers": rows(Qualifier, *d, "qualifiers.tsv"),
        "body_connectors": fields(BodyConnectors, *d, "body_connectors.txt"),
        "topic_heads": fields(TopicHeads, *d, "topic_heads.txt"),
        "scope_openers": fields(ScopeOpener, *d, "scope_openers.txt"),
        "outcome_classes": lines(*d, "outcome_classes.tsv"),
        **{name: one(*d, f"{name}.txt") for name in
           ("class_legend", "rate_carry", "aside_openers", "body_openers", "subheadings", "retype_cues")},
    }))


@lru_cache(maxsize=1)
def fact_data() -> FactData:
    d = _FACTS
    return FactData(**_line_fields(FactData, d, {
        "doctype_signals": rows(Signal, *d, "doctype_signals.tsv"),
        "year_patterns": rows(Ranked, *d, "year_patterns.tsv"),
        "agency_patterns": rows(Ranked, *d, "agency_patterns.tsv"),
        "year_digits": rows(Pair, *d, "year_digits.tsv"),
        "agency_self": rows(SelfRef, *d, "agency_self.tsv"),
        "rate_goal": fields(RateGoal, *d, "rate_goal.txt"),
        "year_digit_run": one(*d, "year_digit_run.txt"),
        "year_token": one(*d, "year_token.txt"),
    }))


@lru_cache(maxsize=1)
def topic_data() -> TopicData:
    d = _TOPICS
    return TopicData(**_line_fields(TopicData, d, {
        "list_triggers": rows(Trigger, *d, "list_triggers.tsv"),
        "skip_sections": rows(Pair, *d, "skip_sections.tsv"),
    }))
