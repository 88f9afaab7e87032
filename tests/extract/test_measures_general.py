"""Measure rules that generalise beyond dev: invented (input, expected) rows with NEGATIVE cases.

Each row exercises one general rule found by the held-out texts (corpora/holdout): qualifiers and
adverbs between a rate name and its value, Chinese decimals, lone 百/千, class letters whose meaning
was given by their first explained use, 'X中,' scope openers, 分别 after a role keyword, rates about
other business (surveys, hotlines) and the body of a bare percentage.
"""

from __future__ import annotations

import pytest

from test_measures import ALL, CPPCC, NPC, facts

CASES = [
    # --- a qualifier or an adverb between the rate name and its value
    ("提案采纳率约为84.6%。", {("rate_solved", CPPCC, 84.6, "approx")}),
    ("代表建议见面率大约达到95%。", {("rate_meeting", NPC, 95, "approx")}),
    ("与代表的沟通率仍达到100%。", {("rate_meeting", NPC, 100, "eq")}),
    ("委员满意率继续保持在98%以上。", {("rate_satisfaction", CPPCC, 98, "ge")}),
    ("办结率和答复率也均为100%。", {("rate_completion", ALL, 100, "eq"), ("rate_reply", ALL, 100, "eq")}),
    ("力争满意率仍达到100%。", set()),  # still a target
    # --- Chinese decimals and lone magnitude words
    ("满意率为百分之九十九点二。", {("rate_satisfaction", ALL, 99.2, "eq")}),
    ("共办理代表建议近百件。", {("items_total", NPC, 100, "approx")}),
    ("今年承办政协提案上百件。", {("items_total", CPPCC, 100, "ge")}),
    ("千方百计办好每一件建议。", set()),
    ("老百姓关心的建议得到办理。", set()),
    # --- a class letter explained at its first use keeps that meaning for its later bare uses
    ("人大代表建议中已经解决的(A类)21件,正在解决的(B类)13件;政协提案中A类16件、B类9件。",
     {("items_solved", NPC, 21, "eq"), ("items_planned", NPC, 13, "eq"),
      ("items_solved", CPPCC, 16, "eq"), ("items_planned", CPPCC, 9, "eq")}),
    ("A类8件(已采纳),B类3件(列入计划)。委员提案中A类5件。",
     {("items_solved", CPPCC, 8, "eq"), ("items_planned", CPPCC, 3, "eq"), ("items_solved", CPPCC, 5, "eq")}),
    ("政协提案中A类16件、B类9件。", set()),  # no explained use: letters alone carry no meaning
    ("已经解决的21件。政协提案中A类16件。", {("items_solved", CPPCC, 21, "eq")}),  # no letter was explained
    # --- a clause opening with a role noun and 中 sets the metric of the body-only counts after it
    ("主办件中,人大代表建议19件、政协提案27件。", {("items_lead", NPC, 19, "eq"), ("items_lead", CPPCC, 27, "eq")}),
    ("共收到建议提案50件;协办件中,人大代表建议6件。", {("items_total", ALL, 50, "eq"), ("items_assist", NPC, 6, "eq")}),
    ("主办件中,涉及教育的建议12件。", set()),  # a topic, not a body-only clause
    ("主办件中,已经解决的10件。", {("items_solved", ALL, 10, "eq")}),  # an outcome wins over the opener
    # --- 分别 after a role noun pairs its values with the bodies counted before
    ("共承办人大代表建议41件、政协提案35件,其中主办件分别为29件、22件。",
     {("items_total", NPC, 41, "eq"), ("items_total", CPPCC, 35, "eq"),
      ("items_lead", NPC, 29, "eq"), ("items_lead", CPPCC, 22, "eq")}),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_general_rules(text: str, expected: set[tuple[str, str, float, str]]) -> None:
    assert facts(text) == {(m, b, float(v), q) for m, b, v, q in expected}
