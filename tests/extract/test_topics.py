"""Topic rules on invented sentences (each construction with NEGATIVE cases), span exactness
under hypothesis, and the seeds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core import process
from pipeline.extract.topics import extract_topics
from pipeline.record import Report, Section

_BREAKS = re.compile(r"\s*\n\s*")


def run(text: str, doc_type: str = "handling_report", sections: tuple[Section, ...] = ()) -> Report:
    report = Report(source="t.txt", doc_id="t", original=text, text=text, doc_type=doc_type, sections=sections)
    return extract_topics(report)


def pairs(text: str) -> list[tuple[str, int | None]]:
    return [(t.phrase, t.count) for t in run(text).topics]


CASES = [
    # trigger lists: 涉及 / 集中在 / 划分为 / 内容包括, closed by 等, a counted head or the clause end
    ("今年共收到提案10件,内容涉及河道治理、垃圾分类、停车管理等问题。",
     [("河道治理", None), ("垃圾分类", None), ("停车管理", None)]),
    ("提案内容涉及有森林防火、水土保持及湿地保护。",
     [("森林防火", None), ("水土保持", None), ("湿地保护", None)]),
    ("建议集中体现在道路交通、农业和农村发展、城乡建设等方面。",
     [("道路交通", None), ("农业和农村发展", None), ("城乡建设", None)]),
    ("代表建议主要集中在产业升级、城乡融合、民生保障三个方面。",
     [("产业升级", None), ("城乡融合", None), ("民生保障", None)]),
    ("建议主要涉及城建、环(huán)保、交通设(shè)施等方面。",
     [("城建", None), ("环(huán)保", None), ("交通设(shè)施", None)]),
    ("提案主要围绕河道治理、垃圾分类等方面的工作。", [("河道治理", None), ("垃圾分类", None)]),
    ("提案内容涵盖教育、医疗、交通等领域。", [("教育", None), ("医疗", None), ("交通", None)]),
    ("委员提案聚焦乡村振兴、生态环保等方面。", [("乡村振兴", None), ("生态环保", None)]),
    # NEGATIVE: 聚焦/关注 lists need 等 (a running clause is no list)
    ("委员提案聚焦乡村振兴、生态环保,提出了很好的意见。", []),
    # counted runs, 各 sharing a count, category heads, masked counts
    ("其中,河道治理4件、垃圾分类2件,停车管理和公园建设各3件,路灯维修1件。",
     [("河道治理", 4), ("垃圾分类", 2), ("停车管理", 3), ("公园建设", 3), ("路灯维修", 1)]),
    ("立案的30件提案中,经济建设方面12件,社会事业类10件,其他方面8件。",
     [("经济建设", 12), ("社会事业", 10), ("其他", 8)]),
    ("一是财政经济类20件,占50%;二是内务司法类20件,占50%。", [("财政经济", 20), ("内务司法", 20)]),
    ("有关经济建设方面的提案**件,有关文化建设方面的提案**件。", [("经济建设", None), ("文化建设", None)]),
    ("其中河道治理七件、垃圾分类两件、停车管理十一件。", [("河道治理", 7), ("垃圾分类", 2), ("停车管理", 11)]),
    ("提案涉及河道治理、垃圾分类和停车管理的分别为5件、3件、2件。", [("河道治理", 5), ("垃圾分类", 3), ("停车管理", 2)]),
    # NEGATIVE: counts that do not pair one-to-one with the items are not assigned
    ("提案涉及河道治理、垃圾分类和停车管理的分别为5件、3件。", [("河道治理", None), ("垃圾分类", None), ("停车管理", None)]),
    ("每一件建议都认真办理,做到一件一件抓落实。", []),
    ("对重点建议提案,做到“一件一方案、一件一专班”。", []),
    ("其中涉农建议19件,占一半以上。", [("涉农", 19)]),
    # colon lists split on semicolons only, example clauses dropped
    ("建议主要涉及三个方面:加强河道治理;推进垃圾分类、加大投入;完善停车设施。",
     [("加强河道治理", None), ("推进垃圾分类、加大投入", None), ("完善停车设施", None)]),
    ("提案关注度最高的2个方面分别为:医政管理,如分级诊疗等;老龄健康。", [("医政管理", None), ("老龄健康", None)]),
    ("提案主要集中在以下几个方面:一是河道治理;二是垃圾分类;三是停车管理。",
     [("河道治理", None), ("垃圾分类", None), ("停车管理", None)]),
    # NEGATIVE: a colon list far from the items' nouns
    ("工作分为以下几个方面:组织;宣传;考核。", []),
    # item titles
    ("一是关于整治河道污染的问题;二是关于增设公交站点的问题。", [("整治河道污染", None), ("增设公交站点", None)]),
    ("办理了第 12 号关于修复村道的答复。", [("修复村道", None)]),
    # flattened tables and bare 等-lists
    ("类别\n件数\n比例\n河道治理\n5\n50.0\n垃圾分类\n3\n30.0\n停车管理\n2\n20.0\n合    计\n10\n100\n",
     [("河道治理", 5), ("垃圾分类", 3), ("停车管理", 2)]),
    ("建议提案中,养老、教育、医疗、交通等民生议题热度不减。",
     [("养老", None), ("教育", None), ("医疗", None), ("交通", None)]),
    # NEGATIVE: measure sentences, units, reasons, lone phrases, handling titles, short tables
    ("共收到提案11件,其中主办6件,协办5件。", []),
    ("已经解决的8件,列入计划解决的3件,留作参考的1件。", []),
    ("集体提案5件,个人提案20件,联名提案3件。", []),
    ("会议期间收到14件,闭会期间收到1件。", []),
    ("共涉及承办单位34个。", []),
    ("因涉及政策调整、资金保障,暂时无法解决。", []),
    ("涉及财政局、交通局等多个部门。", []),
    ("围绕市委中心工作、群众关心问题,积极建言。", []),
    ("涉及发展规划、项目建设和综合工作占比最大,有20件。", []),
    ("按照《关于认真办理人大代表建议的通知》要求。", []),
    ("相关阅读\n关于加强河道治理的提案办理情况\n关于增设路灯的建议办理工作总结", []),
    ("类别\n件数\n比例\n河道治理\n5\n50.0\n垃圾分类\n3\n30.0\n", []),
    ("建议提案中,养老、教育等民生议题热度不减。", []),
    ("财政局、交通局、公安局等单位的工作。建议5件。", []),
    # NEGATIVE: a list far from any word for the handled items is about something else
    ("这项工作涉及面广,内容涉及河道治理、垃圾分类等问题。", []),
    ("今年天气多变。养老、教育、医疗、交通等民生议题热度不减。", []),
    ("城建5件。", []),
    # 各 lists split at 、 and only the closing phrase at 和/及 (one subject may hold 和/及)
    ("其中,河道及周边治理、垃圾分类各3件,停车管理1件。", [("河道及周边治理", 3), ("垃圾分类", 3), ("停车管理", 1)]),
    ("其中,公交和地铁换乘、路灯维修和保养各2件。",
     [("公交和地铁换乘", 2), ("路灯维修", 2), ("保养", 2)]),
    # counts in parentheses and a last count before 等
    ("建议提案主要集中在河道治理（12件）、垃圾分类（8件）、停车管理（3件）等方面。",
     [("河道治理", 12), ("垃圾分类", 8), ("停车管理", 3)]),
    ("内容涉及河道治理4件、垃圾分类2件、停车管理1件等。", [("河道治理", 4), ("垃圾分类", 2), ("停车管理", 1)]),
    ("提案内容主要涉及河道治理4件、垃圾分类2件。", [("河道治理", 4), ("垃圾分类", 2)]),
    # NEGATIVE: a breakdown by body or timing in parentheses names no subject
    ("共收到代表建议（12件）、政协提案（8件）。", []),
    ("人大代表建议14件（大会期间12件，闭会期间2件）。", []),
    # continuation lists after a counted run, and an outcome class's subjects
    ("提案中,河道治理4件、垃圾分类2件,其余主要是路灯维修、公园建设等方面。",
     [("河道治理", 4), ("垃圾分类", 2), ("路灯维修", None), ("公园建设", None)]),
    ("提案中,河道治理4件、垃圾分类2件,以及路灯维修、公园建设等方面。",
     [("河道治理", 4), ("垃圾分类", 2), ("路灯维修", None), ("公园建设", None)]),
    ("代表建议已经解决的5件,主要是路灯维修、公园建设等;正在解决的2件,涉及河道清淤和桥梁加固,年内完成。",
     [("路灯维修", None), ("公园建设", None), ("河道清淤", None), ("桥梁加固", None)]),
    ("共收到建议9件。已落实的5件,主要包括路灯维修、停车管理等。", [("路灯维修", None), ("停车管理", None)]),
    ("建议提案主要集中在河道治理、垃圾分类（各3件）、停车管理（2件）等方面。",
     [("河道治理", 3), ("垃圾分类", 3), ("停车管理", 2)]),
    # NEGATIVE: continuation words without 等, and 涉及 not after a count, are running text
    ("其余主要是历史遗留问题,协调难度较大。建议5件。", []),
    ("提案办理中,以及在调研中,我们发现了问题。", []),
    ("这些建议涉及河道清淤和桥梁加固,年内完成。", []),
    ("提案中,已经解决的20件,其余为正在解决、列入计划等情况。", []),
    # 占 is a share word only before 比/总/全/到/了/digits: "占道经营" is a subject
    ("其中,占道经营治理5件、垃圾分类3件。", [("占道经营治理", 5), ("垃圾分类", 3)]),
    ("其中,占总数的一半12件、占全部的三成8件。", []),
    # a conjunction before the last counted label is no part of it; 及时 opens a subject (NEGATIVE)
    ("其中,道路绿化（3件）及其他（4件）。", [("道路绿化", 3), ("其他", 4)]),
    ("其中,道路绿化3件、以及河道治理2件。", [("道路绿化", 3), ("河道治理", 2)]),
    ("其中,道路绿化3件,及时救助困难群众2件。", [("道路绿化", 3), ("及时救助困难群众", 2)]),
    # a quote closed inside the phrase keeps its opening mark
    ("提案内容涉及“双一流”建设、“放管服”改革等方面。", [("“双一流”建设", None), ("“放管服”改革", None)]),
    # NEGATIVE: quotes around the whole phrase, or split over two items, are dropped
    ("提案内容涉及“放管服”、河道治理等方面。", [("放管服", None), ("河道治理", None)]),
    ("提案内容涉及“河道治理、垃圾分类”等方面。", [("河道治理", None), ("垃圾分类", None)]),
    # handling words stop only a whole handling phrase: subjects may hold 处理/办/解决
    ("其中,农村生活污水处理4件、办学条件改善3件,解决校门口停车难2件。",
     [("农村生活污水处理", 4), ("办学条件改善", 3), ("解决校门口停车难", 2)]),
    ("其中,垃圾处理3件、污水处理2件、医疗垃圾处置1件。", [("垃圾处理", 3), ("污水处理", 2), ("医疗垃圾处置", 1)]),
    # NEGATIVE: roles, outcome classes, handling steps and 处理 after a handling qualifier
    ("其中,主办6件、协办3件。", []),
    ("其中,集团公司主办17件,协办6件。", []),
    ("其中,并案处理5件、作为意见处理2件。", []),
    ("所提问题已经解决的9件,正在解决的8件,因条件限制暂时无法解决的2件。", []),
    ("其中,已办结10件、提案已办复2件,留作参考的1件。", []),
    ("其中,列入年度计划3件、经审查立案12件。", []),
    ("其中,部分采纳、正在推进的3件,不满意1件。", []),
    # a later item title repeating part of a listed subject is no new topic
    ("建议提案主要集中在社区警务与智慧小区建设（5件）、河道治理（3件）等方面。将代表关于智慧小区建设的建议吸收进规划。",
     [("社区警务与智慧小区建设", 5), ("河道治理", 3)]),
    # a count set off by a comma with only a linking word (共/有) labels the clause before it
    ("代表建议主要集中在三个方面:一是河道治理和水质提升,共12件;二是老旧小区改造,共7件;三是停车管理,共5件;另有其他方面2件。",
     [("河道治理和水质提升", 12), ("老旧小区改造", 7), ("停车管理", 5), ("其他", 2)]),
    ("提案里比较集中的是社区养老服务,有14件;其次是托育服务,有6件;还有老年助餐,有4件。",
     [("社区养老服务", 14), ("托育服务", 6), ("老年助餐", 4)]),
    # NEGATIVE: handling roles and bodies before 共/有 stay measures; a lone linked count is no run
    ("其中主办,共5件;协办,共3件。", []),
    ("收到代表建议,共120件;政协提案,共80件。", []),
    ("今年的重点是河道治理,共12件。", []),
    # a policy being carried out is a subject; an outcome ending in 落实 is not
    ("从内容看,建议涉及减税降费政策落实12件、纳税服务优化9件、营商环境改善5件。",
     [("减税降费政策落实", 12), ("纳税服务优化", 9), ("营商环境改善", 5)]),
    ("其中,已全部落实9件、基本落实3件。", []),
    # an item cited as an example (比如/例如关于…的建议) names no subject of its own; a listed item title does
    ("共承办建议12件。比如关于增设社区健身步道的建议,今年已建成步道8公里。", []),
    ("共承办提案9件。例如关于改造老旧管网的提案,已完成改造3公里。", []),
    ("共承办建议12件,一是关于增设社区健身步道的建议。", [("增设社区健身步道", None)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_topics(text: str, expected: list[tuple[str, int | None]]) -> None:
    assert pairs(text) == expected


def test_topics_leave_category_to_the_classifier() -> None:
    (topic, *_) = run("提案内容涉及河道治理、垃圾分类等问题。").topics
    assert topic.category is None and topic.confidence is None and topic.rule.startswith("list")


def test_other_documents_have_no_topics() -> None:
    assert run("内容涉及河道治理、垃圾分类等问题。", doc_type="other").topics == ()


def test_lists_in_problem_and_plan_sections_are_skipped() -> None:
    text = "三、存在问题\n提案涉及城建、环保等多个方面。"
    problems = (Section(kind="problems", heading="三、存在问题", start=0, end=len(text)),)
    assert run(text, sections=problems).topics == ()
    overview = (Section(kind="overview", heading="三、存在问题", start=0, end=len(text)),)
    assert [t.phrase for t in run(text, sections=overview).topics] == ["城建", "环保"]


def test_line_break_inside_a_phrase_is_removed_from_the_phrase_only() -> None:
    text = "办理了第 8 号关于修复连\n\n      村道路的答复。"
    (topic,) = run(text).topics
    assert topic.phrase == "修复连村道路"
    assert _BREAKS.sub("", text[topic.start : topic.end]) == topic.phrase


# Characters that form no trigger, separator, stop or strip word, so any item built from them
# must come back whole.
ITEM = st.text(alphabet="河道治理停车路灯维修绿化森林防火水土保持公园街巷环境", min_size=2, max_size=6)
ITEMS = st.lists(ITEM, min_size=2, max_size=5, unique=True)


@settings(max_examples=60, deadline=None)
@given(ITEMS, st.text(alphabet="今年我们认真履职。", max_size=20))
def test_list_spans_are_exact(items: list[str], lead: str) -> None:
    text = f"{lead}共收到提案9件,内容涉及{'、'.join(items)}等问题。"
    topics = run(text).topics
    assert [t.phrase for t in topics] == items
    assert all(text[t.start : t.end] == t.phrase for t in topics)


@settings(max_examples=60, deadline=None)
@given(ITEMS, st.lists(st.integers(min_value=1, max_value=999), min_size=5, max_size=5))
def test_counted_spans_are_exact(items: list[str], counts: list[int]) -> None:
    text = "其中," + "、".join(f"{item}{n}件" for item, n in zip(items, counts)) + "。"
    topics = run(text).topics
    assert [(t.phrase, t.count) for t in topics] == list(zip(items, counts))
    assert all(text[t.start : t.end] == t.phrase for t in topics)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="涉及内容、等方面件其中关于的建议提案河道治理停车12,。;:\n (wèi)", max_size=80))
def test_any_topic_span_is_its_phrase(text: str) -> None:
    for topic in run(text).topics:
        assert _BREAKS.sub("", text[topic.start : topic.end]) == topic.phrase


def _seed(seeds_dir: Path, prefix: str) -> Path:
    (path,) = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
    return path


def test_seed_004_seven_counted_topics(seeds_dir: Path) -> None:
    topics = process(_seed(seeds_dir, "004")).topics
    assert [t.count for t in topics] == [3, 3, 2, 2, 1, 1, 1]
    assert all(t.rule == "counted" for t in topics)


def test_seed_000_list_and_seed_002_none(seeds_dir: Path) -> None:
    seed0 = process(_seed(seeds_dir, "000"))
    assert len(seed0.topics) == 5 and seed0.topics[-1].phrase == "寄递业综合管理"
    assert all(seed0.text[t.start : t.end] == t.phrase for t in seed0.topics)
    assert process(_seed(seeds_dir, "002")).topics == ()


def _trim_every_rule(plain: str, start: int, end: int, counted: bool) -> tuple[int, int]:
    """topic_rules.trim as first written: every prefix and suffix rule tried on every pass."""
    from pipeline.extract import topic_rules as tr

    suffixes = tr.regex_lines("strip_suffix") + (tr.regex_lines("strip_suffix_counted") if counted else ())
    changed = True
    while changed and start < end:
        changed = False
        while start < end and plain[start] in tr._EDGE and not tr._opens(plain, start, end):
            start, changed = start + 1, True
        while end > start and plain[end - 1] in tr._EDGE and not tr._closes(plain, start, end):
            end, changed = end - 1, True
        for rx in tr.regex_lines("strip_prefix"):
            found = rx.match(plain[start:end])
            if found and found.end() > 0:
                start, changed = start + found.end(), True
        for rx in suffixes:
            found = tr._suffix(rx, plain[start:end])
            if found:
                end, changed = end - found, True
    return start, end


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(["其中", "涉及", "主要", "全市", "有", "以及", "关于", "提案", "建议", "方面", "类", "的", "等",
                              "问题", "的问题", "“", "”", "(", ")", ",", "交通", "教育", "卫生", "城乡建设"]), max_size=8),
    st.booleans(),
)
def test_trim_skips_rules_only_when_none_applies(words: list[str], counted: bool) -> None:
    from pipeline.extract.topic_rules import trim

    plain = "".join(words)
    assert trim(plain, 0, len(plain), counted) == _trim_every_rule(plain, 0, len(plain), counted)
