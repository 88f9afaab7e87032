"""One per-character offsets view (pipeline/text/textmap.MappedText) for normalise and extract.

Its two span ends, named for what they keep: `span` stops after the last kept character (measure
evidence), `span_through` runs to the next kept character, so a dropped gloss after the last one
stays inside (topic phrases). measure_view's View and topic_rules' Plain were separate classes
whose span() methods ended these two ways.
"""

from __future__ import annotations

import pytest

from pipeline.extract.measure_view import build_view
from pipeline.extract.topic_rules import plain_view
from pipeline.text.textmap import MappedText

SOURCE = "环(huán)保 共12件"


@pytest.mark.parametrize(
    "word, tight, through",
    [
        ("环保", "环(huán)保", "环(huán)保 "),  # a gloss inside: both keep it
        ("环", "环", "环(huán)"),  # a gloss right after: only span_through keeps it
        ("保", "保", "保 "),  # dropped space after: only span_through keeps it (in the measure view)
        ("12件", "12件", "12件"),  # at the end of the source
    ],
)
def test_span_ends(word: str, tight: str, through: str) -> None:
    view = build_view(SOURCE)
    start = view.text.index(word)
    s, e = view.span(start, start + len(word))
    assert SOURCE[s:e] == tight
    s, e = view.span_through(start, start + len(word))
    assert SOURCE[s:e] == through


@pytest.mark.parametrize(
    "text, start, end, expected",
    [
        ("环(huán)保", 0, 1, "环(huán)"),
        ("环(huán)保", 0, 2, "环(huán)保"),
        ("环(huán)保", 1, 1, ""),  # empty stays empty
        ("环(huán)", 0, 1, "环(huán)"),  # runs to the end of the source
    ],
)
def test_plain_view_spans_keep_a_trailing_gloss(text: str, start: int, end: int, expected: str) -> None:
    view = plain_view(text)
    s, e = view.span_through(start, end)
    assert text[s:e] == expected


def test_the_views_are_one_type() -> None:
    assert type(build_view(SOURCE)) is type(plain_view(SOURCE)) is MappedText
    assert build_view(SOURCE).index == build_view(SOURCE).map
    with pytest.raises(ValueError, match="map length"):
        MappedText("ab", (0,), "ab")
