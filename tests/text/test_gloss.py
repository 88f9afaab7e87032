"""One pinyin-gloss pattern for every stage (pipeline/text/gloss.py, corpora fragment GLOSS).

Before issue 8 there were five: normalise (gloss.txt), fact_rules.GLOSS (no CJK before it),
measure_view._GLOSS (with capitals, ɑ, ɡ and Extension A), topic_rules' plain view (fact_rules'),
classify (up to 8 letters, no CJK before it). Each stage now strips the same spans.
"""

from __future__ import annotations

import re

import pytest

from pipeline.classify.data import normalise_phrase
from pipeline.extract import fact_rules
from pipeline.extract.measure_view import build_view
from pipeline.extract.topic_rules import plain_view
from pipeline.text.gloss import gloss_spans, strip_glosses

CASES = [
    ("来(lái)源:市政府", "来源:市政府"),
    ("政协(xié)期间", "政协期间"),
    ("鄧(Dèng)小平", "鄧小平"),  # a capital: measure_view took it, normalise and facts did not
    ("㐀(ɑ)字", "㐀字"),  # Extension A character, ɑ (U+0251): only measure_view took them
    ("(一)基本情况", "(一)基本情况"),  # a heading number is no gloss
    ("2023年(2022)", "2023年(2022)"),  # digits are no gloss
    ("a(b)", "a(b)"),  # not after a CJK character
    ("国家(abcdefgh)", "国家(abcdefgh)"),  # eight letters: longer than any pinyin syllable
    ("来源", "来源"),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_strip_glosses(text: str, expected: str) -> None:
    assert strip_glosses(text) == expected


@pytest.mark.parametrize("text, expected", CASES)
def test_every_stage_strips_the_same_spans(text: str, expected: str) -> None:
    assert fact_rules.strip_glosses(text) == expected
    assert plain_view(text).text == expected
    assert build_view(text).text == re.sub(r"\s+", "", expected)
    assert normalise_phrase(text) == normalise_phrase(expected)


def test_gloss_spans_map_back() -> None:
    text = "办复(fù)率100%,来(lái)源"
    assert [text[s:e] for s, e in gloss_spans(text)] == ["(fù)", "(lái)"]
    assert list(gloss_spans("没有注音")) == []


@pytest.mark.parametrize(
    "text, expected",
    [("国家卫(wèi)生健康委承办", "国家卫(wèi)生健康委"), ("国家卫(Wèi)生健康委承办", "国家卫(Wèi)生健康委")],
)
def test_agency_names_may_hold_a_gloss(text: str, expected: str) -> None:
    assert re.search(fact_rules.org_pattern(), text).group() == expected
