"""Measure rules on invented sentences: each rule with positive and NEGATIVE cases, plus offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.measures import extract_measures, likely_value
from pipeline.record import Report, Section

#: Invented sentences stand alone; real reports always name their subject somewhere, and a text that
#: never does gets no measures (see test_text_about_other_business_gets_no_measures). This closing line
#: names both bodies, so it changes no sentence's body.
CONTEXT = "\n建议提案办理情况"


def run(text: str, doc_type: str | None = "handling_report") -> Report:
    text += CONTEXT
    return extract_measures(Report(source="t.txt", doc_id="t", original=text, text=text, doc_type=doc_type))


def facts(text: str) -> set[tuple[str, str, float, str]]:
    return {(m.metric, m.body, m.value, m.qualifier) for m in run(text).measures}


NPC, CPPCC, ALL = "npc", "cppcc", "all"

CASES = [
    # --- counts: totals, sub-scopes, lead/assist, key
    ("今年我办共承办政协委员提案12件,其中主办8件,协办4件。",
     {("items_total", CPPCC, 12, "eq"), ("items_lead", CPPCC, 8, "eq"), ("items_assist", CPPCC, 4, "eq")}),
    ("我委共承办人大代表建议和政协提案共计30件,其中人大代表建议10件、政协提案20件。",
     {("items_total", ALL, 30, "eq"), ("items_total", NPC, 10, "eq"), ("items_total", CPPCC, 20, "eq")}),
    ("共收到代表建议十五件,含重点建议两件。",
     {("items_total", NPC, 15, "eq"), ("items_key", NPC, 2, "eq")}),
    ("本局主办的9件人大建议和3件政协提案均已办结。",
     {("items_lead", NPC, 9, "eq"), ("items_lead", CPPCC, 3, "eq")}),
    ("全国政协交办提案两万多件。", {("items_total", CPPCC, 20000, "ge")}),
    ("大会期间收到提案40件,闭会期间收到提案2件。",
     {("items_total", CPPCC, 40, "eq"), ("items_total", CPPCC, 2, "eq")}),
    # --- outcome classes by meaning, lumps, zeros
    ("已经解决或基本解决的(A类)10件,正在解决的(B类)5件,因条件限制暂不能解决的(C类)2件,留作参考的(D类)0件。",
     {("items_solved", ALL, 10, "eq"), ("items_planned", ALL, 5, "eq"),
      ("items_unsolved", ALL, 2, "eq"), ("items_unsolved", ALL, 0, "eq")}),
    ("列入计划逐步解决的(C类)3件。", {("items_planned", ALL, 3, "eq")}),
    ("已经解决或列入计划逐步解决的提案18件。", {("items_solved", CPPCC, 18, "eq")}),
    ("已落实20件;基本落实或计划落实6件。", {("items_solved", ALL, 20, "eq"), ("items_planned", ALL, 6, "eq")}),
    ("部分采纳的建议4件。", {("items_planned", NPC, 4, "eq")}),
    ("另有7件提案已被列入解决计划。", {("items_planned", CPPCC, 7, "eq")}),
    ("已经解决或列入计划的分别有12件、30件。", {("items_solved", ALL, 12, "eq"), ("items_solved", ALL, 30, "eq")}),
    ("牵头办理的代表建议、提案分别为50件、60件。", {("items_lead", NPC, 50, "eq"), ("items_lead", CPPCC, 60, "eq")}),
    # --- rates: chains, 均为, modifiers, qualifiers, standalone percentages
    ("见面率、办结率和满意率均达100%。",
     {("rate_meeting", ALL, 100, "eq"), ("rate_completion", ALL, 100, "eq"), ("rate_satisfaction", ALL, 100, "eq")}),
    ("政协提案办复率为100%,委员满意度达95%以上。",
     {("rate_reply", CPPCC, 100, "eq"), ("rate_satisfaction", CPPCC, 95, "ge")}),
    ("领导批示率、沟通见面率、代表满意率均达到100%。",
     {("rate_meeting", NPC, 100, "eq"), ("rate_satisfaction", NPC, 100, "eq")}),
    ("代表建议99.2%已经办复。", {("rate_reply", NPC, 99.2, "eq")}),
    ("委员提案近九成得到解决。", {("rate_solved", CPPCC, 90, "approx")}),
    ("满意或基本满意的占98%。", {("rate_satisfaction", ALL, 98, "eq")}),
    ("满意和基本满意率达到百分之九十九。", {("rate_satisfaction", ALL, 99, "eq")}),
    ("代表建议落实率为78%,采纳率约85%。",
     {("rate_implementation", NPC, 78, "eq"), ("rate_solved", NPC, 85, "approx")}),
    ("办结率和满意率分别为100%、98%。", {("rate_completion", ALL, 100, "eq"), ("rate_satisfaction", ALL, 98, "eq")}),
    ("A类60件(已解决或基本解决),B类30件(正在解决或列入计划解决),C类7件(留作参考)。",
     {("items_solved", ALL, 60, "eq"), ("items_planned", ALL, 30, "eq"), ("items_unsolved", ALL, 7, "eq")}),
    ("办理结果:A类12件,B类5件。注:A类为已解决或基本解决的;B类为正在解决或列入计划逐步解决的。",
     {("items_solved", ALL, 12, "eq"), ("items_planned", ALL, 5, "eq")}),
    ("我局共承办提案13件(除市发改委3件)。", {("items_total", CPPCC, 13, "eq")}),
    ("实现了见面率、办复率、满意率三个100%。",
     {("rate_meeting", ALL, 100, "eq"), ("rate_reply", ALL, 100, "eq"), ("rate_satisfaction", ALL, 100, "eq")}),
    ("答复满意率由去年的95%提高到98%。", {("rate_satisfaction", ALL, 98, "eq")}),
    ("代表建议、政协提案办复率分别为100%和98%。", {("rate_reply", NPC, 100, "eq"), ("rate_reply", CPPCC, 98, "eq")}),
    ("因资金限制暂时难以解决的C类建议9件。", {("items_unsolved", NPC, 9, "eq")}),
    ("已被采纳的12件,未被采纳的3件。", {("items_solved", ALL, 12, "eq"), ("items_unsolved", ALL, 3, "eq")}),
    ("满意率为百分之百。", {("rate_satisfaction", ALL, 100, "eq")}),
    ("独办件20件,协办件6件。", {("items_lead", ALL, 20, "eq"), ("items_assist", ALL, 6, "eq")}),
    ("因条件限制需今后解决的C类31件。", {("items_unsolved", ALL, 31, "eq")}),
    ("办理结果为“解决采纳”的125件,“正在解决”的43件。", {("items_solved", ALL, 125, "eq"), ("items_planned", ALL, 43, "eq")}),
    ("代表们对办理工作100%满意。", {("rate_satisfaction", NPC, 100, "eq")}),
    ("留作参考,已向委员作出解释的(D类)4件。", {("items_unsolved", ALL, 4, "eq")}),  # 委员 is who was told
    ("我局承办的建议、提案共9件。其中:市人大代表建议4件(主办件3件、会办件1件);市政协提案5件(主办件5件、会办件0件)。",
     {("items_total", ALL, 9, "eq"), ("items_total", NPC, 4, "eq"), ("items_lead", NPC, 3, "eq"),
      ("items_assist", NPC, 1, "eq"), ("items_total", CPPCC, 5, "eq"), ("items_lead", CPPCC, 5, "eq"),
      ("items_assist", CPPCC, 0, "eq")}),
    ("共接收建议提案31件(其中承办27件,协办4件)。",
     {("items_total", ALL, 31, "eq"), ("items_lead", ALL, 27, "eq"), ("items_assist", ALL, 4, "eq")}),
    ("共承办提案13件,其中协办5件。", {("items_total", CPPCC, 13, "eq"), ("items_assist", CPPCC, 5, "eq")}),
    ("承办人大代表建议11件,已经解决或基本解决11件;承办政协委员提案16件,已经解决14件,列入计划逐步解决2件。",
     {("items_total", NPC, 11, "eq"), ("items_solved", NPC, 11, "eq"), ("items_total", CPPCC, 16, "eq"),
      ("items_solved", CPPCC, 14, "eq"), ("items_planned", CPPCC, 2, "eq")}),
    ("8件人大代表建议所提问题已经解决(A类)1件。正在解决或列入计划逐步解决(B类)7件。",
     {("items_solved", NPC, 1, "eq"), ("items_planned", NPC, 7, "eq")}),
    ("实现了100%的办结率和98%的满意率。", {("rate_completion", ALL, 100, "eq"), ("rate_satisfaction", ALL, 98, "eq")}),
    ("提案做到100%面复。", {("rate_meeting", CPPCC, 100, "eq")}),
    ("提案答覆率为100%。", {("rate_reply", CPPCC, 100, "eq")}),  # 覆 kept by a per-character t2s
    # --- negatives: named without value, targets, thresholds, shares, other rates, other counts
    ("狠抓办理率、落实率、见面率、满意率。", set()),
    ("确保满意率达100%。", set()),
    ("力争办结率达到100%。", set()),
    ("满意率达80%以上的有20件,占90%。", set()),
    ("基本满意率为10%。", set()),
    ("立案率为93.6%,委员参与率达87%。", set()),
    ("占承办总数的23.91%。", set()),
    ("满意的16件,占96.39%。", set()),
    ("其中集体提案25件,委员个人提案67件。", set()),
    ("比去年增加6件。", set()),
    ("不予立案8件。", set()),
    ("参阅办理21件。", set()),
    ("公开办理复文600余件。", set()),
    ("分别交由12个部门承办,走访代表30人次。", set()),
    ("其中,殡葬改革3件、社区治理2件。", set()),
    ("围绕经济建设方面提出提案9件。", set()),
    ("代表建议**件,满意率**%。", set()),
    ("收到一件、办理一件、办结一件。", set()),
    ("受理群众来信来访120件,网络问政回复率90%。", set()),
    ("办好十件实事,其中3件事已经完成。", set()),
    ("满意率同比上升3个百分点。", set()),
    # letters nothing defines take ANNOTATION.md's convention (rule added with the 172-text dev corpus)
    ("办理结果:A类12件,B类5件。", {("items_solved", ALL, 12, "eq"), ("items_planned", ALL, 5, "eq")}),
    ("今年的目标是满意率达到95%以上。", set()),
    ("满意率达100%的承办单位有12个。", set()),
    ("数百件建议得到办理。", set()),
    ("今年共办理政务服务事项1200件。", set()),
    ("针对建议提出整改措施15件。", set()),
    ("确保做到三个100%,即100%办结率、100%面复率、100%满意率。", set()),
    ("立案2669件。其中,委员提案2511件,民主党派提案134件,界别提案19件。", {("items_total", CPPCC, 2669, "eq")}),
    ("共收到代表建议30件。其中涉台建议19件。", {("items_total", NPC, 30, "eq")}),
    ("在办理的建议中,答复为A类的15件,B类的6件。", {("items_solved", NPC, 15, "eq"), ("items_planned", NPC, 6, "eq")}),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_rules(text: str, expected: set[tuple[str, str, float, str]]) -> None:
    assert facts(text) == {(m, b, float(v), q) for m, b, v, q in expected}


def test_text_about_other_business_gets_no_measures() -> None:
    text = "网络问政平台受理咨询、投诉、建议等共计468件,转办件共计468件,平均回复率90%。"
    assert extract_measures(Report(source="t", doc_id="t", original=text, text=text)).measures == ()


def test_other_documents_get_no_measures() -> None:
    assert run("共收到提案11件,满意率为100%。", doc_type="other").measures == ()


def test_glosses_and_layout_spaces_inside_keywords() -> None:
    text = "承办单位办复(fù)率和满(mǎn)意率均为100%,共办理建议 4 件。"  # normalised text keeps glosses
    got = {(m.metric, m.value) for m in run(text).measures}
    assert got == {("rate_reply", 100.0), ("rate_satisfaction", 100.0), ("items_total", 4.0)}


def test_duplicates_keep_the_first() -> None:
    text = "共收到提案11件。会议期间,共收到提案11件。"
    measures = run(text).measures
    assert len(measures) == 1 and measures[0].end <= text.index("。")


def test_implausible_rate_keeps_value_and_gives_likely() -> None:
    (m,) = run("今年提案办结率达20230%。").measures
    assert (m.value, m.implausible, m.likely) == (20230.0, True, 100.0)


def test_implausible_rate_takes_likely_from_the_same_rate_elsewhere() -> None:
    measures = run("提案满意率达100%。经统计,满意率为1000%。").measures
    wrong = [m for m in measures if m.implausible]
    assert len(wrong) == 1 and wrong[0].likely == 100.0


@pytest.mark.parametrize(
    ("metric", "value", "plausible", "likely"),
    [
        ("rate_satisfaction", 20230, {}, 100.0),
        ("rate_satisfaction", 202399.5, {}, 99.5),
        ("rate_reply", 1000, {}, 100.0),
        ("rate_reply", 150, {"rate_reply": 98.0}, 98.0),
        ("rate_reply", 150, {}, None),  # nothing in the text says what was meant
        ("rate_reply", 987, {}, None),
    ],
)
def test_likely_value(metric: str, value: float, plausible: dict[str, float], likely: float | None) -> None:
    assert likely_value(metric, value, plausible) == likely


def test_flattened_table_rows_read_through_the_legend() -> None:
    text = "表2\n类别\n件数\n占比\nA\n20\n80\nB\n5\n20\n注:A类为已解决或基本解决;B类为列入计划逐步解决。"
    measures = run(text).measures
    assert {(m.metric, m.value, m.rule) for m in measures} == {
        ("items_solved", 20.0, "count_table"), ("items_planned", 5.0, "count_table")}
    assert all(text[m.start : m.end] == m.evidence for m in measures)


def test_table_rows_without_a_count_header_are_not_read() -> None:
    text = "表2\n类别\n占比\nA\n20\nB\n5\n注:A类为已解决或基本解决;B类为列入计划逐步解决。"
    assert run(text).measures == ()


def test_rule_and_page_are_set() -> None:
    (m,) = run("共收到提案11件。").measures
    assert m.rule == "count_keyword" and m.page is None


PIECES = [
    "共收到政协提案11件", "其中主办6件", "协办5件", "办复率和满意率均为100%", "满意度达90%以上",
    "已经解决或采纳的8件", "列入计划拟解决的4件", "用作参考的1件", "近九成得到解决", "确保满意率达100%",
    "人大代表建议 4 件", "辦復(fù)率100%", "殡葬改革3件",
]
NOISE = st.sampled_from(["", ",", "。", "\n", "\n\n   ", " ", "、", "(注)", "XX届X次会议"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), NOISE), min_size=1, max_size=8))
def test_evidence_is_always_the_text_at_its_offsets(parts: list[tuple[str, str]]) -> None:
    text = "".join(piece + noise for piece, noise in parts)
    report = run(text)
    for m in report.measures:
        assert report.text[m.start : m.end] == m.evidence == text[m.start : m.end]
        assert m.start < m.end


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes_and_offsets_hold(text: str) -> None:
    report = run(text)
    for m in report.measures:
        assert report.text[m.start : m.end] == m.evidence


def test_section_heading_gives_the_body_of_figures_that_name_none() -> None:
    text = "办理情况报告\n一、人大代表建议办理情况\n今年共承办45件,办复率100%。\n二、政协提案办理情况\n今年共承办62件,办复率98%。"
    first, second = text.index("一、"), text.index("二、")
    sections = (
        Section("overview", "", 0, first),
        Section("overview", "一、人大代表建议办理情况", first, second),
        Section("overview", "二、政协提案办理情况", second, len(text)),
    )
    report = Report(source="t", doc_id="t", original=text, text=text, doc_type="handling_report", sections=sections)
    got = {(m.metric, m.body, m.value) for m in extract_measures(report).measures}
    assert got == {
        ("items_total", "npc", 45.0), ("rate_reply", "npc", 100.0),
        ("items_total", "cppcc", 62.0), ("rate_reply", "cppcc", 98.0),
    }


BASE = "2023年我局共收到政协提案11件,其中主办6件,协办5件;办复率和满意率均为100%,已经解决的8件。"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=len(BASE)), st.sampled_from([" ", "  ", "(bàn)", "\t"]))))
def test_glosses_and_spaces_beside_chinese_change_nothing(inserts: list[tuple[int, str]]) -> None:
    chars = list(BASE)
    for pos, noise in sorted(dict(inserts).items(), reverse=True):  # one insert per position
        cjk_before = pos > 0 and "\u4e00" <= chars[pos - 1] <= "\u9fff"
        cjk_after = pos < len(chars) and "\u4e00" <= chars[pos] <= "\u9fff"
        if cjk_before and (cjk_after or not noise.strip()):  # glosses follow a character; spaces sit between
            chars.insert(pos, noise)
    noisy = "".join(chars)
    assert {(m.metric, m.value) for m in run(noisy).measures} == {(m.metric, m.value) for m in run(BASE).measures}
    for m in run(noisy).measures:
        assert (noisy + CONTEXT)[m.start : m.end] == m.evidence
