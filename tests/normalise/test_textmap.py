"""MappedText keeps offsets through one-for-one changes and deletions."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalise.chars import fold_char, normalise_chars
from pipeline.normalise.stage import clean
from pipeline.text.textmap import MappedText, convert_mapped, merge_spans

# Characters whose t2s form does not depend on context, full-width forms, layout and markers.
ALPHABET = "國會議協辦提案件年满意率为达共收到一二三、。,:;（）％０１２３ＡＢ　 \n\t|>第页共-12345abcXX××"


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([(0, 1), (3, 5)], "bcf"),
        ([(1, 3), (2, 4)], "aef"),  # overlapping spans merge
        ([(4, 4)], "abcdef"),  # empty span deletes nothing
        ([], "abcdef"),
    ],
)
def test_delete_table(spans, expected):
    mt = MappedText.identity("abcdef").delete(spans)
    assert mt.text == expected
    assert all("abcdef"[o] == ch for o, ch in zip(mt.map, mt.text))


def test_with_text_rejects_length_change():
    with pytest.raises(ValueError):
        MappedText.identity("ab").with_text("abc")


def test_merge_spans_sorts_and_merges():
    assert merge_spans([(5, 7), (0, 2), (1, 3), (7, 8)]) == [(0, 3), (5, 8)]


def test_convert_mapped_falls_back_when_length_changes():
    # A converter that doubles one character: every output character still maps to its source.
    mt = convert_mapped(MappedText.identity("ab\ncd"), lambda s: s.replace("c", "cc"))
    assert mt.text == "ab\nccd"
    assert mt.map == (0, 1, 2, 3, 3, 4)


def test_delete_matches_group():
    mt = MappedText.identity("x(ad)y").delete_matches(re.compile(r"\((ad)\)"), 1)
    assert mt.text == "x()y" and mt.map == (0, 1, 4, 5)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=200))
def test_char_normalisation_keeps_offsets(original):
    mt = normalise_chars(original)
    assert len(mt.map) == len(mt.text)
    assert list(mt.map) == sorted(mt.map)
    for ch, offset in zip(mt.text, mt.map):
        assert fold_char(normalise_chars(original[offset]).text or "") == ch


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=300))
def test_clean_keeps_offsets(original):
    mt, _ = clean(original)
    assert len(mt.map) == len(mt.text)
    assert all(a < b for a, b in zip(mt.map, mt.map[1:]))  # strictly increasing: nothing inserted
    for ch, offset in zip(mt.text, mt.map):
        assert normalise_chars(original[offset]).text == ch


@pytest.mark.parametrize(
    ("pattern", "repl", "text", "expected", "mapping"),
    [
        (r"百分之(\d+)", r"\1%", "率百分之90", "率90%", (0, 1, 2, 3)),  # shorter
        (r"%", "个百分点", "升5%", "升5个百分点", (0, 1, 2, 2, 2, 2)),  # longer: extra chars repeat the last
        (r"x", "y", "axb", "ayb", (0, 1, 2)),  # same length
    ],
)
def test_sub_table(pattern, repl, text, expected, mapping):
    mt = MappedText.identity(text).sub(re.compile(pattern), repl)
    assert mt.text == expected and mt.map == mapping


def test_replace_insertion_maps_to_previous_char():
    mt = MappedText.identity("ab").replace([(1, 1, "-")])
    assert mt.text == "a-b" and mt.map == (0, 0, 1)


def test_replace_rejects_overlaps():
    with pytest.raises(ValueError):
        MappedText.identity("abcd").replace([(0, 2, "x"), (1, 3, "y")])


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab%百分之0123", max_size=60), st.sampled_from(["", "z", "zzz"]))
def test_sub_keeps_map_monotonic(text, repl):
    mt = MappedText.identity(text).sub(re.compile(r"百分之|%+|a"), repl)
    assert len(mt.map) == len(mt.text)
    assert list(mt.map) == sorted(mt.map)
    assert all(0 <= o < max(len(text), 1) for o in mt.map)


FRAGMENTS = [
    "本局共承办建议12件,", "办复率为100%。", "满意率达98%以上。", "第 3 页", "- 2 -", "温馨提示:", "1. 请放心下载。",
    "扫一扫在手机打开当前页", "位置:首页 > 范文 > 总结", "来源:某局 发布时间:2021-03-01", "相关文章:", "政协提",
    "案的办理情况", "一、基本情况", "(一)加强领导", "會(huì)議", "2、", "XX届", "××", ",,", "。。", "\n", "\n\n", "  ", "\t",
    "（Ａ类）", "１２件", "\r\n", "\ufeff", "国产精品视频一区二区在线观看",
]
FIGURES = ("12件", "100%", "98%")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_clean_on_composed_pages(parts):
    original = "".join(parts)
    mt, _ = clean(original)
    assert len(mt.map) == len(mt.text)
    assert all(a < b for a, b in zip(mt.map, mt.map[1:]))
    for ch, offset in zip(mt.text, mt.map):
        assert normalise_chars(original[offset]).text == ch
    squeezed = "".join(mt.text.split())
    for figure in FIGURES:  # a figure (件 or %) is never lost, whatever furniture surrounds it
        if figure in "".join(normalise_chars(original).text.split()):
            assert figure in squeezed
