"""Numbers as reports write them: Arabic, Chinese (via cn2an), mixed, 百分之…, N成, with qualifiers."""

from __future__ import annotations

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.numbers import find_values, parse_number

# (text, kind, expected [(value, qualifier, matched text)])
CASES = [
    ("共收到提案11件", "count", [(11, "eq", "11件")]),
    ("代表建议十一件", "count", [(11, "eq", "十一件")]),
    ("交办两件", "count", [(2, "eq", "两件")]),
    ("共一百二十件", "count", [(120, "eq", "一百二十件")]),
    ("两万多件提案", "count", [(20000, "ge", "两万多件")]),
    ("1万余件全部办结", "count", [(10000, "ge", "1万余件")]),
    ("督办480余件", "count", [(480, "ge", "480余件")]),
    ("约300件", "count", [(300, "approx", "约300件")]),
    ("不到50件", "count", [(50, "le", "不到50件")]),
    ("共计1,470件", "count", [(1470, "eq", "1,470件")]),
    ("满意率达90%以上", "pct", [(90, "ge", "90%以上")]),
    ("办结率 100 %", "pct", [(100, "eq", "100 %")]),
    ("满意率为99.16%", "pct", [(99.16, "eq", "99.16%")]),
    ("百分之九十五", "pct", [(95, "eq", "百分之九十五")]),
    ("近九成得到解决", "pct", [(90, "approx", "近九成")]),
    ("满意率95%左右", "pct", [(95, "approx", "95%左右")]),
    ("不满意的在5%以下", "pct", [(5, "le", "5%以下")]),
    # Chinese decimals (点), lone 百/千 with a qualifier, a link verb after 约
    ("满意率百分之九十八点五", "pct", [(98.5, "eq", "百分之九十八点五")]),
    ("办复率九十九点二%", "pct", [(99.2, "eq", "九十九点二%")]),
    ("共收到三点五件", "count", [(3.5, "eq", "三点五件")]),
    ("近百件提案", "count", [(100, "approx", "近百件")]),
    ("上百件建议", "count", [(100, "ge", "上百件")]),
    ("逾千件", "count", [(1000, "ge", "逾千件")]),
    ("百余件", "count", [(100, "ge", "百余件")]),
    ("采纳率约为84.6%", "pct", [(84.6, "approx", "约为84.6%")]),
    ("大约有30件", "count", [(30, "approx", "大约有30件")]),
    ("满意率百分之百", "pct", [(100, "eq", "百分之百")]),
    # negatives: ordinals, words with numerals, masked numbers, other units, 成 as a verb
    ("百件提案", "count", []),  # a bare 百 needs a qualifier
    ("数百件建议", "count", []),
    ("千家万户3件", "count", [(3, "eq", "3件")]),
    ("上两件提案", "count", []),  # 上 qualifies only a lone 百/千
    ("九点整", "pct", []),
    ("第一件提案", "count", []),
    ("每一件建议", "count", []),
    ("收到一件、办理一件", "count", []),
    ("含重点建议一件", "count", [(1, "eq", "一件")]),  # an item noun before it: one item
    ("其中政协提案一件", "count", [(1, "eq", "一件")]),
    ("办好一件是一件", "count", []),
    ("把代表建议一件一件抓落实", "count", []),  # one by one
    ("对每一件提案", "count", []),
    ("代表建议**件", "count", []),
    ("满意率**.*%", "pct", []),
    ("一成不变", "pct", []),
    ("九成为", "pct", []),
    ("全面完成任务", "pct", []),
    ("13位代表", "count", []),
    ("件件有着落", "count", []),
]


@pytest.mark.parametrize(("text", "kind", "expected"), CASES)
def test_find_values(text: str, kind: str, expected: list[tuple[float, str, str]]) -> None:
    got = [(v.value, v.qualifier, text[v.start : v.end]) for v in find_values(text, kind)]
    assert got == [(float(v), q, s) for v, q, s in expected]


@pytest.mark.parametrize(
    ("raw", "value"),
    [("十一", 11), ("两", 2), ("一百二十", 120), ("八百一十九", 819), ("1.5万", 15000), ("3,281", 3281), ("0", 0)],
)
def test_parse_number(raw: str, value: float) -> None:
    assert parse_number(raw) == value


@pytest.mark.parametrize("raw", ["万", "", "**", "abc", "百分之"])
def test_parse_number_rejects_non_numbers(raw: str) -> None:
    assert parse_number(raw) is None


@given(st.integers(min_value=2, max_value=99_999))
def test_chinese_counts_round_trip(n: int) -> None:
    text = f"共收到提案{cn2an.an2cn(n)}件"
    (v,) = find_values(text, "count")
    assert v.value == n and text[v.start : v.end] == f"{cn2an.an2cn(n)}件"


@given(
    st.integers(min_value=0, max_value=100),
    st.integers(min_value=0, max_value=99),
    st.text(alphabet="办理情况提案建议,。、的了在 \n", max_size=20),
    st.text(alphabet="办理情况提案建议,。、的了在 \n", max_size=20),
)
def test_percent_offsets(whole: int, frac: int, before: str, after: str) -> None:
    number = f"{whole}.{frac:02d}"
    text = f"{before}满意率为{number}%{after}"
    values = find_values(text, "pct")
    assert len(values) == 1
    v = values[0]
    assert abs(v.value - float(number)) < 1e-9
    assert text[v.start : v.end] == f"{number}%"


@given(st.integers(min_value=1, max_value=99), st.integers(min_value=1, max_value=9))
def test_chinese_decimal_percentages_round_trip(whole: int, tenth: int) -> None:
    written = f"{cn2an.an2cn(whole)}点{cn2an.an2cn(tenth)}"
    text = f"满意率百分之{written}。"
    (v,) = find_values(text, "pct")
    assert abs(v.value - (whole + tenth / 10)) < 1e-9 and text[v.start : v.end] == f"百分之{written}"
