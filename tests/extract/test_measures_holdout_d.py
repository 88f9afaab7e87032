"""Measure rules found by the fresh held-out set D: invented (input, expected) rows with NEGATIVE cases.

Each block is one general rule: a person named in a clause after a two-body rate does not give the
rate its body; counts closing the items of an enumerated topic list ('集中在…方面:一是…,共11件') are
topic counts; a trailing '均为协办件' re-types the counts just listed; a count restated with
'全部按期答复' is the total; an explanation given in a later clause makes an unsolved count.
"""

from __future__ import annotations

import pytest
from test_measures import ALL, CPPCC, NPC, facts, run

CASES = [
    # --- a rater named in a later clause does not override a two-body scope
    ("承办建议提案,满意率97.6%,只有1位代表表示基本满意。", {("rate_satisfaction", ALL, 97.6, "eq")}),
    ("代表委员的满意率为99%,仅1位委员表示基本满意。", {("rate_satisfaction", ALL, 99, "eq")}),
    ("满意率97.6%的人大代表建议。", {("rate_satisfaction", NPC, 97.6, "eq")}),  # its own clause
    ("今年承办政协提案,满意率98%,只有1位委员表示基本满意。", {("rate_satisfaction", CPPCC, 98, "eq")}),
    # --- a count restated with 全部 + a timing adverb + a handling verb is the total
    ("局长:35件全部按期答复,答复率100%。", {("items_total", ALL, 35, "eq"), ("rate_reply", ALL, 100, "eq")}),
    ("所承办的17件代表建议全部如期办结。", {("items_total", NPC, 17, "eq")}),
    ("其中主办20件全部按期答复。", {("items_lead", ALL, 20, "eq")}),  # a role keyword wins
    ("已解决的12件全部按时答复。", {("items_solved", ALL, 12, "eq")}),  # an outcome wins
    ("35件建议中有33件按期答复。", set()),  # no 全部: a share, not the total
    ("比去年增加5件,全部按期答复。", set()),  # a difference
    # --- '共N件' closing an enumerated item of a topic list is a topic count
    ("提案主要集中在两个方面:一是城市交通,共7件;二是养老服务,共5件。", set()),
    ("建议主要涉及以下方面:(1)教育,共4件;(2)医疗,共3件。", set()),
    ("今年工作有两点:一是共收到代表建议11件;二是办结率100%。",
     {("items_total", NPC, 11, "eq"), ("rate_completion", NPC, 100, "eq")}),  # no topic head
    ("代表建议主要集中在以下方面:共收到建议30件。", {("items_total", NPC, 30, "eq")}),  # no enumerated item
    # --- a trailing '均为协办件' re-types the counts just listed, per body
    ("今年承办市政协提案5件、市人大代表建议3件,均为协办件。",
     {("items_total", CPPCC, 5, "eq"), ("items_total", NPC, 3, "eq"),
      ("items_assist", CPPCC, 5, "eq"), ("items_assist", NPC, 3, "eq")}),
    ("我局承办政协提案7件,均为主办件。", {("items_total", CPPCC, 7, "eq"), ("items_lead", CPPCC, 7, "eq")}),
    ("承办政协提案6件、人大代表建议4件,均已办结。",
     {("items_total", CPPCC, 6, "eq"), ("items_total", NPC, 4, "eq")}),  # no role named
    ("共承办提案12件;人大代表建议4件,均为主办件。",
     {("items_total", CPPCC, 12, "eq"), ("items_total", NPC, 4, "eq"), ("items_lead", NPC, 4, "eq")}),  # ';' ends the run
    ("其中主办8件,协办4件,均为协办件。",
     {("items_lead", ALL, 8, "eq"), ("items_assist", ALL, 4, "eq")}),  # only totals are re-typed
    # --- a count continuing an outcome list takes the outcome told in a later clause
    ("已解决的有20件,列入计划的有6件,还有2件因为涉及规划调整,我们向代表作了说明。",
     {("items_solved", ALL, 20, "eq"), ("items_planned", ALL, 6, "eq"), ("items_unsolved", ALL, 2, "eq")}),
    ("已解决15件,另有4件涉及资金安排,已列入明年计划。",
     {("items_solved", ALL, 15, "eq"), ("items_planned", ALL, 4, "eq")}),
    ("已解决15件,还有4件正在办理中。", {("items_solved", ALL, 15, "eq")}),  # no outcome named
    ("共承办建议30件,还有2件因涉及规划调整,向代表作了说明。", {("items_total", NPC, 30, "eq")}),  # after a total
    ("已解决15件,另有4件比去年增加,已作出解释。", {("items_solved", ALL, 15, "eq")}),  # a difference
    ("已解决15件,还有4件因情况复杂,有的列入计划,有的作了解释。", {("items_solved", ALL, 15, "eq")}),  # two outcomes
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_holdout_d_rules(text: str, expected: set[tuple[str, str, float, str]]) -> None:
    assert facts(text) == {(m, b, float(v), q) for m, b, v, q in expected}


def test_retyped_counts_keep_an_evidence_span_over_the_run_and_cue() -> None:
    report = run("今年承办市政协提案5件、市人大代表建议3件,均为协办件。")
    assist = [m for m in report.measures if m.metric == "items_assist"]
    assert {m.evidence for m in assist} == {"今年承办市政协提案5件、市人大代表建议3件,均为协办件"}
    assert all(report.text[m.start : m.end] == m.evidence and m.rule == "count_retype" for m in assist)
