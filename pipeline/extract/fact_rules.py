"""Compiled rule sets for document facts, read once from corpora/extract/facts/.

Every Chinese pattern lives in a corpora file (with its evidence); this module only loads and
compiles them, and builds the organisation-name sub-patterns the agency rules share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline import data
from pipeline.text.firstchars import any_of, with_first_chars
from pipeline.text.gloss import gloss_core, strip_glosses  # noqa: F401 (strip_glosses: facts.py reads it here)

#: What may stand between a delimiter and the verb of an agency rule: name characters, glosses
#: (the letters of the GLOSS fragment, corpora/fragments.tsv), digits (a year) and spaces, lazily;
#: rules look ahead with it before trying {ORG} at every delimiter.
REACH = r"[\u4e00-\u9fff()a-zA-Z\u00e0-\u01dc\u0251\u02610-9\s]*?"
#: Longest agency name taken (dev gold names are at most 15 characters: 市政府各相关部门 with glosses).
MAX_NAME = 18


@dataclass(frozen=True)
class Rule:
    """One ranked, named pattern; lower rank wins when several rules fire."""

    rank: int
    name: str
    regex: re.Pattern[str]


def name_char() -> str:
    """A character of a name: a CJK ideograph, or a pinyin gloss "(wèi)" that machine-converted
    traditional pages insert inside words (dev a034 "国家卫(wèi)生健康委")."""
    return rf"(?:[\u4e00-\u9fff]|{gloss_core()})"


def _alternation(lines: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{line})" for line in lines))


@lru_cache(maxsize=1)
def doctype_signals() -> tuple[tuple[str, int, re.Pattern[str]], ...]:
    """(name, weight, regex) of the doc_type evidence; the 'body' row is the gate."""
    return tuple((name, int(weight), re.compile(rx)) for name, weight, rx in data.fact_data().doctype_signals)


@lru_cache(maxsize=1)
def goal_context() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(before, after) patterns that make a stated rate a target rather than a result."""
    before, after = data.fact_data().rate_goal
    return re.compile(before), re.compile(after)


@lru_cache(maxsize=1)
def title_regex() -> re.Pattern[str]:
    return _alternation(data.fact_data().title_patterns)


@lru_cache(maxsize=1)
def title_fallback() -> re.Pattern[str]:
    return _alternation(data.fact_data().title_fallback)


@lru_cache(maxsize=1)
def year_rules() -> tuple[Rule, ...]:
    rows = data.fact_data().year_patterns
    return tuple(sorted((Rule(int(r), n, re.compile(rx)) for r, n, rx in rows), key=lambda rule: rule.rank))


@lru_cache(maxsize=1)
def multi_year() -> re.Pattern[str]:
    return _alternation(data.fact_data().year_multi)


@lru_cache(maxsize=1)
def session_news() -> re.Pattern[str]:
    return _alternation(data.fact_data().year_session_news)


@lru_cache(maxsize=1)
def org_pattern() -> str:
    """A name that ends in a unit word (局, 政府, 部 …), non-greedy so the ending is the first one."""
    suffixes = "|".join(sorted(data.fact_data().agency_suffixes, key=len, reverse=True))
    return rf"{name_char()}{{0,{MAX_NAME}}}?(?:{suffixes})(?:{gloss_core()})?"


@lru_cache(maxsize=1)
def _year_digits() -> tuple[re.Pattern[str], dict[str, str]]:
    table = {numeral: digit for numeral, digit in data.fact_data().year_digits}
    return re.compile(data.fact_data().year_digit_run), table


def arabic_years(text: str) -> str:
    """The text with years written digit by digit ("二〇二二年") in ASCII digits ("2022年").

    Same length as the input, so positions still hold; only year rules read it, every name and
    title keeps the script it was written in (holdout hD01, hD07, hD08, hD10).
    """
    run, table = _year_digits()
    return run.sub(lambda found: "".join(table[ch] for ch in found.group()), text)


@lru_cache(maxsize=1)
def agency_time_prefix() -> re.Pattern[str]:
    """A time word glued before a unit name ("去年市政府" → 市政府; agency_time_prefix.txt)."""
    return _alternation(data.fact_data().agency_time_prefix)


@lru_cache(maxsize=1)
def year_token() -> re.Pattern[str]:
    """A written year (group 1), from year_token.txt."""
    return re.compile(data.fact_data().year_token)


def _expand(rx: str) -> str:
    any_name = rf"{name_char()}{{2,{MAX_NAME}}}?"
    year = year_token().pattern.replace("(", "(?:", 1)  # the same token, without its group
    expanded = rx.replace("{ORG}", org_pattern()).replace("{ANY}", any_name).replace("{YEAR}", year)
    return expanded.replace("{NAME}", name_char()).replace("{REACH}", REACH)


@lru_cache(maxsize=1)
def agency_rules() -> tuple[Rule, ...]:
    rows = data.fact_data().agency_patterns
    rules = (Rule(int(r), n, re.compile(_expand(rx), re.M)) for r, n, rx in rows)
    return tuple(sorted(rules, key=lambda rule: rule.rank))


@lru_cache(maxsize=1)
def title_org() -> tuple[re.Pattern[str], ...]:
    """Patterns for an agency that opens a title line (with a unit ending, then a bare name)."""
    return tuple(re.compile(_expand(line)) for line in data.fact_data().title_org)


@lru_cache(maxsize=1)
def agency_reject() -> re.Pattern[str]:
    return _alternation(data.fact_data().agency_reject)


@lru_cache(maxsize=1)
def title_reject() -> re.Pattern[str]:
    """Tag and search lines of content farms that are never a title (title_reject.txt)."""
    return _alternation(data.fact_data().title_reject)


@lru_cache(maxsize=1)
def agency_placeholder() -> re.Pattern[str]:
    """A template placeholder before a name ("XX县公安局", "××县民政局"; agency_placeholder.txt);
    removed from whole texts, so led by its first characters (pipeline/text/firstchars.py)."""
    return with_first_chars(_alternation(data.fact_data().agency_placeholder).pattern)


@lru_cache(maxsize=1)
def agency_office() -> re.Pattern[str]:
    """Endings of an issuing office, which reports for the handler (agency_office.txt)."""
    return _alternation(data.fact_data().agency_office)


@lru_cache(maxsize=1)
def agency_self() -> tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]:
    """(self-reference, endings its unit must have) rows of agency_self.tsv ("我局" → …局)."""
    return tuple((re.compile(ref), re.compile(ends)) for ref, ends in data.fact_data().agency_self)


@lru_cache(maxsize=1)
def any_agency_self() -> re.Pattern[str]:
    """Every self-reference of agency_self.tsv in one alternation (a text it misses holds none)."""
    return any_of(ref.pattern for ref, _ in agency_self())


@lru_cache(maxsize=1)
def agency_self_context() -> re.Pattern[str]:
    """What follows a self-reference that speaks of handling (agency_self_context.txt)."""
    return _alternation(data.fact_data().agency_self_context)
