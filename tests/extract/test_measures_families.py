"""Construction families found on the 172-text dev corpus (issue 9), each with invented positive
and NEGATIVE sentences: other measure words (条/个/项), 件次, a total's share of a total, and an
outcome word in an earlier heading; rates not written "X率…N%" (百分百, 满意 without 率, the
share of solved items after its description)."""

from __future__ import annotations

import pytest
from test_measures import CPPCC, NPC, facts

from pipeline.extract.numbers import find_values

CASES = [
    # --- items counted with 条/个/项 (ANNOTATION.md): 条 right after an item noun ...
    ("本局今年共收到代表建议9条。", {("items_total", NPC, 9, "eq")}),
    ("今年共承办委员提案共6条。", {("items_total", CPPCC, 6, "eq")}),
    # ... and a 的-phrase after an item count of the same text
    ("共收到委员提案8条,其中已经解决的5个,列入计划逐步解决的3个。",
     {("items_total", CPPCC, 8, "eq"), ("items_solved", CPPCC, 5, "eq"), ("items_planned", CPPCC, 3, "eq")}),
    # negatives: 条/个/项 counting other things
    ("提案内容涉及6个方面。", set()),
    ("出台政策措施12项。", set()),
    ("分别交由18个部门办理。", set()),
    ("共采纳代表所提意见建议约900条。", set()),  # opinions inside the items, not items
    ("已经解决的5个。", set()),  # no item count before it: nothing says what the 5 are
    ("根据条例第5条,", set()),
    # --- 件次 counts handlings, not items
    ("市教育局承办提案38件次。", set()),
    ("本局共承办提案38件,答复52件次。", {("items_total", CPPCC, 38, "eq")}),
    # --- a total followed by its share of a total is a part picked out by a property
    ("在社会民生方面,提出提案120件,占总数的40.5%。", set()),
    ("其中由新任委员提出提案60件,占提案总数的35%。", set()),
    # negatives: a body split of the total, an outcome class, a role
    ("共收到建议提案300件,其中政协提案120件,占总数的40%。",
     {("items_total", "all", 300, "eq"), ("items_total", CPPCC, 120, "eq")}),
    ("已经解决的提案95件,占总数的76%。", {("items_solved", CPPCC, 95, "eq")}),
    ("共收到提案100件,其中主办60件,占60%。", {("items_total", CPPCC, 100, "eq"), ("items_lead", CPPCC, 60, "eq")}),
    # --- 百分百 is 百分之百; "三个百分百" after a list of rate names gives each 100
    ("做到办复率、见面率、满意率“三个百分百”。",
     {("rate_reply", "all", 100, "eq"), ("rate_meeting", "all", 100, "eq"), ("rate_satisfaction", "all", 100, "eq")}),
    ("百分百答复。", {("rate_reply", "all", 100, "eq")}),
    ("百分比有所提高。", set()),  # 百分 not before the bare unit
    # --- N成 with an Arabic digit; negatives: more digits, a decimal, 成 starting a word
    ("五年来提案100%办复,近8成得到解决和基本解决。", {("rate_reply", CPPCC, 100, "eq"), ("rate_solved", CPPCC, 80, "approx")}),
    ("满意率为19成。", set()),
    ("满意率为1.9成。", set()),
    ("共有3成员单位参加。", set()),
    # --- a satisfaction rate written without 率 at the end of a chain; 满意、基本满意 lumped
    ("见面率和满意均为100%。", {("rate_meeting", "all", 100, "eq"), ("rate_satisfaction", "all", 100, "eq")}),
    ("代表满意、基本满意达96%。", {("rate_satisfaction", NPC, 96, "eq")}),
    ("基本满意达5%。", set()),  # one class alone
    ("满意均为100%。", set()),  # no chain of rate names before it
    # --- the share of solved items standing as a result after its description
    ("所提问题得到解决或基本解决的占52.5%。", {("rate_solved", "all", 52.5, "eq")}),
    ("建议已被采纳的占61%。", {("rate_solved", NPC, 61, "eq")}),
    ("列入计划逐步解决的占30%。", set()),  # planned
    ("已经解决或计划解决的占76%。", set()),  # a lump of solved and planned
    ("部分采纳的占12%。", set()),  # partial adoption is planned (ANNOTATION.md)
    ("因条件限制暂不能解决的占4%。", set()),
    # --- a role noun right after the count names its role, before a total keyword
    ("今年,本局共有14件主办件、6件协办件。", {("items_lead", "all", 14, "eq"), ("items_assist", "all", 6, "eq")}),
    ("共收到代表建议9件(3件为主办,6件为会办)。",
     {("items_total", NPC, 9, "eq"), ("items_lead", NPC, 3, "eq"), ("items_assist", NPC, 6, "eq")}),
    ("区政协提案4件(协办),均已答复。", {("items_assist", CPPCC, 4, "eq")}),
    # negatives: a handler after the count, a bracketed breakdown, a total with its parts after
    ("共承办提案12件,主办单位为本局。", {("items_total", CPPCC, 12, "eq")}),
    ("共承办建议40件(主办31件、会办9件)。",
     {("items_total", NPC, 40, "eq"), ("items_lead", NPC, 31, "eq"), ("items_assist", NPC, 9, "eq")}),
    ("共承办建议9件,其中主办件6件、协办件3件。",
     {("items_total", NPC, 9, "eq"), ("items_lead", NPC, 6, "eq"), ("items_assist", NPC, 3, "eq")}),
    # --- role and key words: 主合办 is lead; 领衔督办, 领办 are key items
    ("梳理人大代表建议主合办120件。", {("items_lead", NPC, 120, "eq")}),
    ("市领导领衔督办提案11件。", {("items_key", CPPCC, 11, "eq")}),
    ("由领办单位负责办理提案5件。", {("items_total", CPPCC, 5, "eq")}),  # 领办单位 names a handler
    # --- once 承办 is set against 协办, the document's later bare 承办 counts are lead
    ("今年共接收建议提案20件(其中承办15件,协办5件)。其中,承办人大代表建议6件;承办政协委员提案9件。",
     {("items_total", "all", 20, "eq"), ("items_lead", "all", 15, "eq"), ("items_assist", "all", 5, "eq"),
      ("items_lead", NPC, 6, "eq"), ("items_lead", CPPCC, 9, "eq")}),
    ("今年共接收建议提案20件(其中承办15件,协办5件)。共承办政协提案9件。",  # 共承办 stays a total
     {("items_total", "all", 20, "eq"), ("items_lead", "all", 15, "eq"), ("items_assist", "all", 5, "eq"),
      ("items_total", CPPCC, 9, "eq")}),
    ("今年本局承办人大代表建议11件。", {("items_total", NPC, 11, "eq")}),  # no contrast in the document
    # --- a part picked out by a property in a (含…) aside is no further total
    ("共承办建议提案50件(含转交建议提案4件),其中主办30件。", {("items_total", "all", 50, "eq"), ("items_lead", "all", 30, "eq")}),
    # negatives: a body split and a timing split inside the aside stay
    ("共收到建议提案7件(其中人大代表建议4件、政协提案3件)。",
     {("items_total", "all", 7, "eq"), ("items_total", NPC, 4, "eq"), ("items_total", CPPCC, 3, "eq")}),
    ("共收到代表建议300件(其中,大会建议280件、闭会建议20件)。",
     {("items_total", NPC, 300, "eq"), ("items_total", NPC, 280, "eq"), ("items_total", NPC, 20, "eq")}),
    # --- the breakdown of a subject's count is not a breakdown of the items
    ("共承办建议20件(主办8件,会办12件),其中安全生产事项6件(主办2件,会办4件)。",
     {("items_total", NPC, 20, "eq"), ("items_lead", NPC, 8, "eq"), ("items_assist", NPC, 12, "eq")}),
    ("县人大代表建议4件(主办件3件、会办件1件)。",  # a body count's breakdown is read
     {("items_lead", NPC, 3, "eq"), ("items_assist", NPC, 1, "eq")}),
    # --- class letters nothing defines take the convention: A-C, or A-D when D类 is used
    ("办理结果为A类建议12件、B类建议5件、C类建议1件。",
     {("items_solved", NPC, 12, "eq"), ("items_planned", NPC, 5, "eq"), ("items_unsolved", NPC, 1, "eq")}),
    ("其中A类7件、B类3件、C类2件、D类0件。",
     {("items_solved", "all", 7, "eq"), ("items_planned", "all", 3, "eq"), ("items_planned", "all", 2, "eq"),
      ("items_unsolved", "all", 0, "eq")}),
    # negatives: the text's own legend wins; a letter that labels something else; a breakdown in a class
    ("注:C类为列入计划解决。其中A类8件,C类4件。", {("items_solved", "all", 8, "eq"), ("items_planned", "all", 4, "eq")}),
    ("走访A类企业12家。", set()),
    ("A类企业提出建议12件。", {("items_total", NPC, 12, "eq")}),
    # --- a target verb governs every rate of its list
    ("力争办复率达到100%,与代表委员见面率达到100%,满意率达到95%以上。", set()),
    ("努力做到沟通率达100%、按期办结率达100%。", set()),
    # negatives: a result after the goal; a goal and a result in two sentences
    ("力争满意率达100%,目前满意率为98%。", {("rate_satisfaction", "all", 98, "eq")}),
    ("确保办结率100%。去年满意率为97%。", {("rate_satisfaction", "all", 97, "eq")}),
    # --- an aside bracket between a keyword and its count belongs to the clause and names nothing
    ("其中,牵头主办(含独办,下同)提案35件。", {("items_lead", CPPCC, 35, "eq")}),
    ("共收到提案(含联名提案,下同)60件。", {("items_total", CPPCC, 60, "eq")}),
    ("其中集体提案25件。", set()),  # the proposer-type negative still holds outside an aside
    # --- per-body groups: each breaks its own total down, and a body's count after ';' opens a group
    ("本局共承办人大议案9件,其中主办件7件、协办件2件;政协提案6件,其中主办件4件、协办件2件。",
     {("items_total", NPC, 9, "eq"), ("items_lead", NPC, 7, "eq"), ("items_assist", NPC, 2, "eq"),
      ("items_total", CPPCC, 6, "eq"), ("items_lead", CPPCC, 4, "eq"), ("items_assist", CPPCC, 2, "eq")}),
    # negatives: a breakdown of totals of two bodies keeps 'all'; a continued list without ';'
    ("共收到人大代表建议17件、政协提案14件,主办20件,协办11件。",
     {("items_total", NPC, 17, "eq"), ("items_total", CPPCC, 14, "eq"), ("items_lead", "all", 20, "eq"),
      ("items_assist", "all", 11, "eq")}),
    ("共承办建议提案30件,其中主办18件,协办12件。",
     {("items_total", "all", 30, "eq"), ("items_lead", "all", 18, "eq"), ("items_assist", "all", 12, "eq")}),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_families(text: str, expected: set[tuple[str, str, float, str]]) -> None:
    assert facts(text) == expected


def test_an_outcome_word_in_an_earlier_heading_does_not_name_a_received_count() -> None:
    text = "二〇二一年建议办理和吸收采纳情况\n\n一、基本情况\n\n本局共收到代表建议12件,均已办结。"
    assert facts(text) == {("items_total", NPC, 12, "eq")}


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("收到建议11条,已解决的5个", [11, 5]),
        ("建议11条意见", []),  # a Chinese character after the measure word: not items
        ("涉及3个", []),
        ("提案7项,", []),  # 项 needs a 的-phrase and an item count before it
    ],
)
def test_other_measure_words_in_find_values(text: str, values: list[float]) -> None:
    assert [v.value for v in find_values(text, "count")] == values
