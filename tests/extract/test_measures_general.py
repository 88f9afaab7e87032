"""Measure rules that generalise beyond dev: invented (input, expected) rows with NEGATIVE cases.

Each row exercises one general rule found by the held-out texts (corpora/holdout): qualifiers and
adverbs between a rate name and its value, Chinese decimals, lone 百/千, class letters whose meaning
was given by their first explained use, 'X中,' scope openers, 分别 after a role keyword, rates about
other business (surveys, hotlines) and the body of a bare percentage.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_measures import ALL, CPPCC, NPC, facts

from pipeline.extract import measure_body
from pipeline.extract.measures import extract_measures
from pipeline.record import Report, Section

CASES = [
    # --- a qualifier or an adverb between the rate name and its value
    ("提案采纳率约为84.6%。", {("rate_solved", CPPCC, 84.6, "approx")}),
    ("代表建议见面率大约达到95%。", {("rate_meeting", NPC, 95, "approx")}),
    ("与代表的沟通率仍达到100%。", {("rate_meeting", NPC, 100, "eq")}),
    ("委员满意率继续保持在98%以上。", {("rate_satisfaction", CPPCC, 98, "ge")}),
    ("办结率和答复率也均为100%。", {("rate_completion", ALL, 100, "eq"), ("rate_reply", ALL, 100, "eq")}),
    ("力争满意率仍达到100%。", set()),  # still a target
    ("提案办理满意率高达99%。", {("rate_satisfaction", CPPCC, 99, "eq")}),
    ("提案做到100%办结、100%答复。", {("rate_completion", CPPCC, 100, "eq"), ("rate_reply", CPPCC, 100, "eq")}),
    ("确保100%答复。", set()),
    ("满意率为95%,答复及时。", {("rate_satisfaction", ALL, 95, "eq")}),  # 答复 in the next clause is no verb of 95%
    ("见面率、办复率、满意率实现“三个100%”。",
     {("rate_meeting", ALL, 100, "eq"), ("rate_reply", ALL, 100, "eq"), ("rate_satisfaction", ALL, 100, "eq")}),
    # --- a parallel clause after a 分别 chain: only a body noun, the same names
    ("人大代表建议办结率、满意率分别为100%、95%,政协提案分别为100%、97%。",
     {("rate_completion", NPC, 100, "eq"), ("rate_satisfaction", NPC, 95, "eq"),
      ("rate_completion", CPPCC, 100, "eq"), ("rate_satisfaction", CPPCC, 97, "eq")}),
    ("办结率、满意率分别为100%、95%,其中分别为100%、97%。",
     {("rate_completion", ALL, 100, "eq"), ("rate_satisfaction", ALL, 95, "eq")}),  # no body noun: not parallel
    ("政协提案分别为100%、97%。", set()),  # no chain before
    # --- shares standing as results: only the whole satisfied share (ANNOTATION.md), never one class
    ("代表对办理结果表示满意的占95%。", {("rate_satisfaction", NPC, 95, "eq")}),
    ("代表对办理结果满意的占95.2%,基本满意的占4.8%。", set()),
    ("表示基本满意的占5%。", set()),
    ("委员对办理结果表示满意的占91.3%,基本满意的占8.1%。", set()),  # one class beside the other
    ("代表对办理工作满意率为97.4%,基本满意率为2.6%。", {("rate_satisfaction", NPC, 97.4, "eq")}),  # a named rate
    ("不满意的占2%。", set()),
    ("已经解决或计划解决的占总数的76%。", set()),  # a share of the total
    # --- a change in one clause, the result in the next
    ("满意率较去年提高2个百分点,达到97%。", {("rate_satisfaction", ALL, 97, "eq")}),
    ("建议办复率比上年上升1.5%,为99.5%。", {("rate_reply", NPC, 99.5, "eq")}),
    ("共收到提案30件,较去年增加5件,达到98%。", {("items_total", CPPCC, 30, "eq")}),  # no rate named
    ("满意率较去年提高,其中98%。", set()),  # more than link words before the value
    # --- Chinese decimals and lone magnitude words
    ("满意率为百分之九十九点二。", {("rate_satisfaction", ALL, 99.2, "eq")}),
    ("共办理代表建议近百件。", {("items_total", NPC, 100, "approx")}),
    ("今年承办政协提案上百件。", {("items_total", CPPCC, 100, "ge")}),
    ("千方百计办好每一件建议。", set()),
    ("老百姓关心的建议得到办理。", set()),
    # --- rates about something other than the handling: surveys, the public, hotlines
    ("全市群众对公安工作的满意率为93.5%。", set()),
    ("受访的人大代表、政协委员对公安工作的满意率达97.1%。", set()),
    ("公共文化服务群众满意率达92%。", set()),
    ("全年办结群众来信来访和12345热线转办件460件,按时办结率100%。", set()),
    ("市民对窗口服务的满意度为96%。", set()),
    ("代表委员对办理结果的满意率为98%。", {("rate_satisfaction", ALL, 98, "eq")}),
    ("委员对我局提案办理工作的满意率达100%。", {("rate_satisfaction", CPPCC, 100, "eq")}),
    ("群众反映的问题得到解决,代表满意率100%。", {("rate_satisfaction", NPC, 100, "eq")}),
    ("群众关心的建议满意率100%。", {("rate_satisfaction", NPC, 100, "eq")}),  # the rated are suggestions
    ("除热线工单外,人大代表建议办复率为100%。", {("rate_reply", NPC, 100, "eq")}),  # the body is named nearer
    # --- a bare percentage takes the scope set before it, not a body word in a clause after it
    ("我们与代表委员逐一沟通。目前95%已经办复,其余2件已向提案委员说明情况。", {("rate_reply", ALL, 95, "eq")}),
    ("代表建议办理进展顺利。目前95%已经办复,政协提案尚在办理。", {("rate_reply", NPC, 95, "eq")}),
    ("目前95%已经办复,政协提案尚在办理。", {("rate_reply", CPPCC, 95, "eq")}),  # nothing before: the clause after
    # --- a class letter explained at its first use keeps that meaning for its later bare uses
    ("人大代表建议中已经解决的(A类)21件,正在解决的(B类)13件;政协提案中A类16件、B类9件。",
     {("items_solved", NPC, 21, "eq"), ("items_planned", NPC, 13, "eq"),
      ("items_solved", CPPCC, 16, "eq"), ("items_planned", CPPCC, 9, "eq")}),
    ("A类8件(已采纳),B类3件(列入计划)。委员提案中A类5件。",
     {("items_solved", CPPCC, 8, "eq"), ("items_planned", CPPCC, 3, "eq"), ("items_solved", CPPCC, 5, "eq")}),
    # no explained use: the convention of ANNOTATION.md (A solved, B planned with three classes)
    ("政协提案中A类16件、B类9件。", {("items_solved", CPPCC, 16, "eq"), ("items_planned", CPPCC, 9, "eq")}),
    ("已经解决的21件。政协提案中A类16件。", {("items_solved", CPPCC, 21, "eq"), ("items_solved", CPPCC, 16, "eq")}),
    # --- outcome names: a bare 采纳 is solved unless a longer keyword holds it; class names ending in 类
    ("已办结的建议中,采纳或部分采纳的有15件。", {("items_solved", NPC, 15, "eq")}),
    ("解决采纳类20件,列入计划类8件,参考类3件。",
     {("items_solved", ALL, 20, "eq"), ("items_planned", ALL, 8, "eq"), ("items_unsolved", ALL, 3, "eq")}),
    ("未予采纳的2件。", {("items_unsolved", ALL, 2, "eq")}),
    ("提案采纳率为90%。", {("rate_solved", CPPCC, 90, "eq")}),  # a rate, not a count
    # --- synonyms of the role words
    ("共承接建议提案38件。", {("items_total", ALL, 38, "eq")}),
    ("我委牵头办理建议15件,参与办理8件。", {("items_lead", NPC, 15, "eq"), ("items_assist", NPC, 8, "eq")}),
    ("参与办理的干部12人。", set()),  # people, not items
    ("其中由我局主办的5件、配合市住建局等部门办理的2件。",
     {("items_lead", ALL, 5, "eq"), ("items_assist", ALL, 2, "eq")}),
    ("我办协助区教育局办理代表建议4件。", {("items_assist", NPC, 4, "eq")}),
    ("在各部门配合下办理代表建议6件。", {("items_total", NPC, 6, "eq")}),  # 'with the help of': a total
    ("配合,共办理提案8件。", {("items_total", CPPCC, 8, "eq")}),  # 配合 in another clause
    # --- an aside '(含…N件)' labels only the count inside it; the counts around keep the clause's metric
    ("共收到建议提案20件,其中人大代表建议12件(含重点建议一件),政协提案8件。",
     {("items_total", ALL, 20, "eq"), ("items_total", NPC, 12, "eq"), ("items_key", NPC, 1, "eq"),
      ("items_total", CPPCC, 8, "eq")}),
    ("共收到政协提案16件(含重点提案3件)。", {("items_total", CPPCC, 16, "eq"), ("items_key", CPPCC, 3, "eq")}),
    ("共收到代表建议十件(含重点建议)。", {("items_total", NPC, 10, "eq")}),  # the aside counts nothing
    ("另有6件(重点提案)。", {("items_key", CPPCC, 6, "eq")}),  # no 含: the aside describes the count
    # --- 'X中,' with X a body noun sets the body of the counts after it until the next opener or ';'
    ("人大代表建议中,已经解决的20件,正在解决的6件;政协提案中,已采纳的15件,留作参考的6件。",
     {("items_solved", NPC, 20, "eq"), ("items_planned", NPC, 6, "eq"),
      ("items_solved", CPPCC, 15, "eq"), ("items_unsolved", CPPCC, 6, "eq")}),
    ("共收到人大代表建议和政协提案40件,人大代表建议中,主办15件;协办8件。",  # the scope ends at ';'
     {("items_total", ALL, 40, "eq"), ("items_lead", NPC, 15, "eq"), ("items_assist", ALL, 8, "eq")}),
    ("教育领域中,已经解决的5件。", {("items_solved", ALL, 5, "eq")}),  # a topic, not a body
    # --- a rate takes the body named since the last ';' before the body named earlier in the sentence
    ("人大代表建议办复率100%,满意率为96%;政协提案办复率100%,满意率为97%。",
     {("rate_reply", NPC, 100, "eq"), ("rate_satisfaction", NPC, 96, "eq"),
      ("rate_reply", CPPCC, 100, "eq"), ("rate_satisfaction", CPPCC, 97, "eq")}),
    ("共收到人大代表建议和政协提案40件;办结率为100%。", {("items_total", ALL, 40, "eq"), ("rate_completion", ALL, 100, "eq")}),
    # --- a word or two between 列入 and 计划/规划
    ("已经解决的5件,列入年度计划的3件。", {("items_solved", ALL, 5, "eq"), ("items_planned", ALL, 3, "eq")}),
    ("另有4件建议已列入明年工作计划。", {("items_planned", NPC, 4, "eq")}),
    ("列入督办事项的3件。", set()),  # no plan named
    # --- an outcome after the count in its own clause beats one in the clause before
    ("已有10件建议得到解决,2件正在解决。", {("items_solved", NPC, 10, "eq"), ("items_planned", NPC, 2, "eq")}),
    ("已经解决或基本解决的,共10件。", {("items_solved", ALL, 10, "eq")}),  # nothing after: the description before
    # --- a clause opening with a role noun and 中 sets the metric of the body-only counts after it
    ("主办件中,人大代表建议19件、政协提案27件。", {("items_lead", NPC, 19, "eq"), ("items_lead", CPPCC, 27, "eq")}),
    ("共收到建议提案50件;协办件中,人大代表建议6件。", {("items_total", ALL, 50, "eq"), ("items_assist", NPC, 6, "eq")}),
    ("主办件中,涉及教育的建议12件。", set()),  # a topic, not a body-only clause
    ("主办件中,已经解决的10件。", {("items_solved", ALL, 10, "eq")}),  # an outcome wins over the opener
    # --- 分别 after a role noun pairs its values with the bodies counted before
    ("共承办人大代表建议41件、政协提案35件,其中主办件分别为29件、22件。",
     {("items_total", NPC, 41, "eq"), ("items_total", CPPCC, 35, "eq"),
      ("items_lead", NPC, 29, "eq"), ("items_lead", CPPCC, 22, "eq")}),
    ("共承办人大代表建议和政协提案76件,其中主办件分别为29件、22件。",
     {("items_total", ALL, 76, "eq"), ("items_lead", NPC, 29, "eq"), ("items_lead", CPPCC, 22, "eq")}),
    ("共承办人大代表建议76件,其中主办件分别为29件、22件。",  # one body named: nothing to pair with
     {("items_total", NPC, 76, "eq"), ("items_lead", NPC, 29, "eq"), ("items_lead", NPC, 22, "eq")}),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_general_rules(text: str, expected: set[tuple[str, str, float, str]]) -> None:
    assert facts(text) == {(m, b, float(v), q) for m, b, v, q in expected}


def _report(text: str, headings: tuple[str, ...] = ()) -> Report:
    """A report whose top-level sections start at `headings` (as segment would split them)."""
    cuts = [0] + [text.index(h) for h in headings] + [len(text)]
    names = ("",) + headings
    sections = tuple(Section("overview", names[i], cuts[i], cuts[i + 1]) for i in range(len(names)))
    return Report(source="t", doc_id="t", original=text, text=text, doc_type="handling_report", sections=sections)


def _got(report: Report) -> set[tuple[str, str, float]]:
    return {(m.metric, m.body, m.value) for m in extract_measures(report).measures}


def test_subheading_body_holds_until_the_next_subheading() -> None:
    text = (
        "今年共承办人大代表建议和政协提案50件。\n一、总体情况\n(一)人大代表建议办理情况。30件建议均已办复。"
        "其中A类(已经解决)20件,B类(正在解决)10件。(二)政协提案办理情况。其中A类15件、B类5件。"
        "(三)主要做法。其中已经解决的4件。"
    )
    assert _got(_report(text, ("一、总体情况",))) == {
        ("items_total", ALL, 50.0), ("items_solved", NPC, 20.0), ("items_planned", NPC, 10.0),
        ("items_solved", CPPCC, 15.0), ("items_planned", CPPCC, 5.0), ("items_solved", ALL, 4.0),
    }


def test_subheading_body_ends_at_the_next_section() -> None:
    text = "共收到人大代表建议和政协提案40件。\n一、办理情况\n(一)政协提案办理情况。办复率为100%。\n二、主要做法\n满意率为98%。"
    assert _got(_report(text, ("一、办理情况", "二、主要做法"))) == {
        ("items_total", ALL, 40.0), ("rate_reply", CPPCC, 100.0), ("rate_satisfaction", ALL, 98.0),
    }


def test_a_long_numbered_sentence_is_no_heading() -> None:
    text = "共收到人大代表建议和政协提案40件。(一)局领导多次带队深入基层走访提出提案的政协委员并听取意见。满意率为98%。"
    assert ("rate_satisfaction", ALL, 98.0) in _got(_report(text))


WORDS = st.sampled_from(["人大代表", "建议", "政协", "提案", "委员", "代表", "意见建议", "向委员", ",", "办复率", "的", "和"])


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=12), st.booleans())
def test_mentions_name_what_bodies_in_names(words: list[str], strong_only: bool) -> None:
    """The one-pass reading of a sentence's body words agrees with reading the whole text at once."""
    text = "".join(words)
    assert measure_body.named_between(text, 0, len(text), strong_only) == measure_body.decide(
        measure_body.bodies_in(text, strong_only=strong_only)
    )


def test_a_flattened_page_lends_no_body_from_far_away() -> None:
    """The paragraph before a bare rate is read only nearby: a page without line breaks is one paragraph."""
    text = "政协委员提出的意见已转交。" + "本局持续推进各项工作,成效明显。" * 12 + "目前95%已经办复。" + "人大代表建议办理。" * 6
    report = Report(source="t", doc_id="t", original=text, text=text, doc_type="handling_report")
    assert {(m.metric, m.body) for m in extract_measures(report).measures} == {("rate_reply", NPC)}
