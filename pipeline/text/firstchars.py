"""Whole-text patterns that tell the regex engine which characters a match can start with.

WHY: extract and normalise scan each report with ~60 patterns. CPython's `re` skips quickly to the
possible start characters only when a pattern begins with a literal or a plain character class;
a pattern that begins with an optional part (`(?:内容|主要)?涉及`, `[(（]?\\s*(?P<n>[0-9]+)件`) or a
lookbehind is tried at EVERY position. `with_first_chars` prepends a lookahead `(?=[…])` listing
the characters a match can begin with, computed from the parsed pattern: a necessary condition,
so the matches, their spans and groups are exactly those of the pattern alone, but the engine
now skips to candidate positions (count_item: 0.65 -> 0.15 ms a benchmark report).
A pattern whose first character can be anything, or that can match the empty string, is returned
as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from re import (
    _constants as c,  # the parser's own opcodes: the one source of what a pattern is
)
from re import _parser as sre_parse

#: Parsed category → how it is written in a class.
_CATEGORIES = {c.CATEGORY_DIGIT: r"\d", c.CATEGORY_SPACE: r"\s", c.CATEGORY_WORD: r"\w"}
#: A first-character set wider than this many class items is not worth a lookahead (measured: a
#: CJK range or a negated class makes the lookahead cost more than it saves).
MAX_ITEMS = 64


class _Any(Exception):
    """The first character of a match can be (almost) anything: no useful lookahead."""


def _class_items(items: list) -> list[str]:
    """Class items of a parsed `[...]`, written back; negated classes and wide ranges give up."""
    out = []
    for op, av in items:
        if op is c.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is c.RANGE and av[1] - av[0] < MAX_ITEMS:
            out.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is c.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:  # NEGATE, a wide range (all CJK), other categories
            raise _Any
    return out


def _first(seq, out: list[str]) -> bool:
    """Add to `out` the characters a match of the sequence can start with; True if it can be empty."""
    for op, av in seq:
        if op is c.LITERAL:
            out.append(re.escape(chr(av)))
            return False
        if op is c.IN:
            out.extend(_class_items(av))
            return False
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):  # zero width: the next item starts the match
            continue
        if op is c.SUBPATTERN:
            if av[1] & re.IGNORECASE:  # a local (?i:...) folds case: its letters stand for more
                raise _Any
            if not _first(av[-1], out):
                return False
        elif op is c.BRANCH:
            empty = [_first(alt, out) for alt in av[1]]
            if not any(empty):
                return False
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            lo, _, item = av
            if not _first(item, out) and lo > 0:
                return False
        else:  # ANY, NOT_LITERAL, GROUPREF, ...
            raise _Any
    return True


def _engine_skips(parsed) -> bool:
    """Whether `re` already skips to the first characters by itself: the pattern opens with a
    literal or a class, or with alternatives that each open with a literal. A lookahead would
    only slow it (measured: a leading 等 is found 10x slower behind a lookahead)."""
    if not len(parsed):
        return False
    op, av = parsed[0]
    if op in (c.LITERAL, c.IN):
        return True
    if op is c.SUBPATTERN:
        return _engine_skips(av[-1])
    return op is c.BRANCH and all(len(alt) and alt[0][0] is c.LITERAL for alt in av[1])


def first_chars(pattern: str, flags: int = 0) -> str | None:
    """A class `[...]` of the characters any match of `pattern` starts with, or None when unknown
    or when the engine already skips to them by itself."""
    try:
        parsed = sre_parse.parse(pattern, flags)
        if (flags | parsed.state.flags) & (re.IGNORECASE | re.VERBOSE):
            return None  # case folding widens the set; verbose text is not what was parsed
        if _engine_skips(parsed):
            return None
        items: list[str] = []
        if _first(parsed, items) or not items:
            return None  # can match the empty string: any position may start a match
    except (_Any, re.error, TypeError, ValueError, AttributeError):
        return None
    unique = list(dict.fromkeys(items))
    return None if len(unique) > MAX_ITEMS else "[" + "".join(unique) + "]"


def any_of(patterns: Iterable[str]) -> re.Pattern[str]:
    """The patterns as one alternation, led by its first characters: a text it does not match holds
    a match of none of them, so a rule that tries each pattern in turn can skip that text in one
    search. No patterns give a pattern that never matches."""
    return with_first_chars("|".join(f"(?:{p})" for p in patterns) or "(?!)")


def with_first_chars(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`pattern` compiled, led by a lookahead of its possible first characters when known."""
    chars = first_chars(pattern, flags)
    if chars:
        try:
            return re.compile(f"(?={chars})(?:{pattern})", flags)
        except re.error:  # e.g. inline global flags, which must open the pattern
            pass
    return re.compile(pattern, flags)
