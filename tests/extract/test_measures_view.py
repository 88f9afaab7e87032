"""The cleaned reading view the measure rules use, and its map back to real offsets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.measure_view import build_view, sentences

CASES = [
    ("办复(fù)率100%", "办复率100%"),  # pinyin gloss dropped
    ("共收 (shōu)到", "共收到"),  # a gloss after a space, too
    ("共办理建议 4 件", "共办理建议4件"),  # layout spaces around numbers dropped
    ("A\n\n114\n\n68.68", "A\n114\n68.68"),  # table cells stay apart
    ("满意率和回复率均为\n\n            100%", "满意率和回复率均为100%"),  # wrapped before a number
    ("2019年提案办理情况汇报\n\n民生工作", "2019年提案办理情况汇报\n民生工作"),  # a short title line ends
    ("共收到提案。\n其中主办6件", "共收到提案。\n其中主办6件"),
    ("12 34", "12 34"),  # two numbers never merge
    ("(注)", "(注)"),  # a parenthesis that is not a gloss stays
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_view_text(source: str, expected: str) -> None:
    assert build_view(source).text == expected


def test_long_wrapped_prose_line_is_joined() -> None:
    line = "这是一行很长的正文内容它在版面上被硬换行切断了并" * 2
    assert "\n" not in build_view(line + "\n\n以下继续").text


def test_sentences_split_at_full_stops_and_kept_breaks_only() -> None:
    text = "共收到提案11件;其中主办6件。协办5件\n第二行"
    assert [text[s:e] for s, e in sentences(text)] == ["共收到提案11件;其中主办6件", "协办5件", "第二行"]


@given(st.text(alphabet="办复率提案(fù)abc 12%\n\t。,", max_size=120))
def test_every_view_character_maps_back(source: str) -> None:
    view = build_view(source)
    assert len(view.text) == len(view.index)
    assert all(a < b for a, b in zip(view.index, view.index[1:]))
    for ch, i in zip(view.text, view.index):
        assert source[i] == ch or (ch in "\n " and source[i].isspace())
    if view.text:
        start, end = view.span(0, len(view.text))
        assert source[start:end].strip() == source[start:end]
