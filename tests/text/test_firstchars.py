"""with_first_chars: a lookahead of a pattern's possible first characters changes no match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.firstchars import first_chars, with_first_chars


@pytest.mark.parametrize(
    "pattern, expected",
    [
        ("(?:内容|主要)?涉及", "[内主涉]"),  # an optional start: its characters and the next item's
        (r"[(（]?\s*(?P<n>[0-9]+)件", r"[\(（\s0-9]"),
        ("(?<!因)(?:都|均)?涉及", "[都均涉]"),  # a lookbehind consumes nothing
        (r"(?:^|[,，])在", "[,，在]"),  # ^ consumes nothing: what follows may start the match
        ("a{0,2}b", "[ab]"),
        ("a+b", "[a]"),
        # negative cases: no lookahead
        ("涉及", None),  # the engine already skips to a leading literal
        ("[ab]c", None),  # ... or to a leading class
        ("(?:甲|乙)丙", None),  # ... or to alternatives that each open with a literal
        (".涉及", None),  # any character may start it
        ("[^,]+等", None),  # a negated class
        ("[\u4e00-\u9fff]+局", None),  # a class too wide to help
        ("a*", None),  # can match the empty string
        ("(?i)(?:x)?abc", None),  # case folding
        (r"(?:\d|(?i:https?://))x", None),  # ... in a local group too ("HTTP://" starts with H)
        ("(?:x)?(?:y)?", None),
    ],
)
def test_first_chars(pattern: str, expected: str | None) -> None:
    assert first_chars(pattern) == expected


def test_inline_global_flags_fall_back_to_the_plain_pattern() -> None:
    assert with_first_chars("(?m)(?:x)?^ab$").pattern == "(?m)(?:x)?^ab$"


def _spans(rx: re.Pattern[str], text: str) -> list:
    return [(m.span(), m.groups(), m.groupdict()) for m in rx.finditer(text)]


PATTERNS = ["(?:内容|主要)?涉及(?:到)?", r"[(（]?\s*(?P<each>各)?\s*(?P<n>[0-9]+|[一二三]+)\s*件", r"(?<=[,，])以及(?=.{0,3}等)", r"(?:^|[,，])在(?=.{1,4}等)"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PATTERNS), st.text(alphabet="内容主要涉及到各件一二三0123 (（)）,，以及在等x\n", max_size=40))
def test_same_matches_on_generated_text(pattern: str, text: str) -> None:
    assert _spans(with_first_chars(pattern), text) == _spans(re.compile(pattern), text)


def test_pipeline_scanners_find_the_same_matches_in_dev_texts(dev_dir: Path) -> None:
    """Every pattern tiban scans whole texts with this way, against the same pattern without it."""
    from pipeline.extract import numbers
    from pipeline.extract.topic_rules import list_triggers, scanner, scanners
    from pipeline.normalise import boilerplate, debris

    scanning = [numbers._patterns()["count"], numbers._patterns()["pct"], scanner("count_item"),
                boilerplate._patterns()["inline"], boilerplate._patterns()["strong"], debris._patterns()["repair"]]
    from pipeline.extract.fact_rules import agency_placeholder
    from pipeline.extract.measure_patterns import patterns
    from pipeline.extract.measure_view import skip_pattern

    scanning += [patterns().count_negative, patterns().fillers, patterns().scope_opener]

    scanning += [rx for _, _, rx in list_triggers()] + list(scanners("item_titles")) + [agency_placeholder(), skip_pattern()]
    led = [rx for rx in scanning if rx.pattern.startswith("(?=")]
    assert len(led) >= 8  # the lookahead is really in use
    texts = [p.read_text(encoding="utf-8") for p in sorted(dev_dir.glob("*.txt"))]
    found = 0
    for rx in led:
        plain = re.compile(rx.pattern[rx.pattern.index(")(?:") + 4 : -1], rx.flags)
        for text in texts:
            assert _spans(rx, text) == _spans(plain, text), rx.pattern[:60]
            found += len(_spans(rx, text))
    assert found > 200


@pytest.mark.parametrize(
    "patterns, text, matches",
    [
        (["我局", "本局"], "本局共承办", True),
        (["(?:内容|主要)?涉及", "围绕"], "集中在", False),
        (["a$", "^b"], "xa", True),
        ([], "anything", False),  # no patterns: never matches
    ],
)
def test_any_of_matches_where_one_of_the_patterns_does(patterns: list[str], text: str, matches: bool) -> None:
    from pipeline.text.firstchars import any_of

    assert bool(any_of(patterns).search(text)) is matches
    assert matches is any(re.search(p, text) for p in patterns)
