"""Document facts on invented sentences (each rule with NEGATIVE cases) and on the real seeds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.core import process
from pipeline.extract.facts import (
    classify_doc,
    extract_facts,
    find_agency,
    find_title,
    find_year,
)
from pipeline.record import Report


def run(text: str, original: str | None = None) -> Report:
    return extract_facts(Report(source="t.txt", doc_id="t", original=original or text, text=text))


DOC_TYPES = [
    # item counts, rates, titles
    ("今年我办共承办政协委员提案12件,其中主办8件。", "handling_report"),
    ("我局认真办理代表建议,办复率为100%,满意率98%。", "handling_report"),
    ("区水务局2021年政协提案办理工作总结\n我局认真办理各项提案。", "handling_report"),
    ("全国政协办公厅督办重点提案480余件。", "handling_report"),
    ("镇人大将代表建议交有关部门办理,此建议的办理均得到了代表的肯定。", "handling_report"),
    # NEGATIVE: rules, opinion pieces, goals, other subjects, masked figures
    ("为做好人大代表建议和政协委员提案办理工作,制定本制度。", "other"),
    ("笔者认为,代表建议满意率达到100%应是基础性的目标。", "other"),
    ("各单位要确保代表建议满意率达100%。", "other"),
    ("本月受理市民咨询、投诉、建议共计120件,回复率95%。", "other"),
    ("截至*月*日,共收到提案***件,立案**件。", "other"),
    ("走访群众征求意见建议800多条。", "other"),
    ("代表建议的办理要注重实效。", "other"),
    # surveys, speeches and notices mention deputies, 满意率 or 办理 in passing
    ("全市群众安全感调查报告\n本次调查抽取样本1000个,受访的人大代表对公安工作的满意率达96%。", "other"),
    ("同志们:\n全年热线办结率100%。要认真办理人大代表建议和政协委员提案。", "other"),
    ("关于做好2030年政协提案办理工作的通知\n现就做好办理工作通知如下:确保办复率达到100%。", "other"),
    # NEGATIVE: real handling evidence outweighs one such marker
    ("同志们:\n今年共承办政协提案40件,办复率100%。", "handling_report"),
    ("我局共承办人大代表建议30件,通过问卷征求代表意见,满意率98%。", "handling_report"),
    # a member's own proposal (提案人 line, then 案由) quotes a rate as a finding, not a result
    ("关于改善河道水质的提案\n提案人:李某(区政协委员)\n案由:居民对河道水质的满意率不足30%。\n一、存在问题", "other"),
    ("提案人：王某\n附议人：赵某\n案由：去年县政府办理的同类提案12件,满意率60%。", "other"),
    # NEGATIVE: a handling report that names 提案人 without a 案由 line, or 案由 far from it
    ("县水务局承办提案12件,办复率100%。\n提案人:李某等委员对答复表示满意。", "handling_report"),
]


@pytest.mark.parametrize(("text", "expected"), DOC_TYPES)
def test_doc_type(text: str, expected: str) -> None:
    assert run(text).doc_type == expected


def test_doc_type_records_its_signals() -> None:
    kind, fired = classify_doc("共收到提案12件,办复率为100%。", None)
    assert kind == "handling_report" and {"body", "item_count", "rate_value"} <= set(fired)
    assert any(flag.startswith("doc_type:handling_report(") for flag in run("共收到提案12件。").flags)


YEARS = [
    ("2021年,区水务局共收到政协提案8件。", 2021),
    ("2021 年区水务局\n\n   共办理人大代表建议 4 件。", 2021),
    ("区水务局承办2022年区人大代表建议5件。", 2022),
    ("截至2018年9月30日,12件提案已全部办结。", 2018),
    ("区水务局2019年人大建议办理情况汇报\n共办理建议5件。", 2019),
    ("2023年,在区委的领导下,我局圆满完成了人大代表建议的办理工作。共办理建议5件。", 2023),
    # NEGATIVE: no year, placeholders, multi-year spans, 以来, plans
    ("区政协八届一次会议以来,共收到提案20件。", None),
    ("20XX年,我局共收到提案5件。", None),
    ("五年来,委员共提出提案500件,2016年共立案100件。", None),
    ("2016年以来,我局共收到建议30件。", None),
    ("我局共收到提案12件。2024年提案工作安排如下。", None),
    ("我局共收到提案12件。2035年远景目标纲要提出了要求。", None),
    # a report delivered to a session: the delivery line's year when no handling year is stated
    ("镇政府关于代表建议办理情况的报告\n——2030年12月20日在镇第三次会议上\n代表共提出建议9件,已全部办结。", 2030),
    ("区政府关于代表建议办理情况的报告\n(2031年3月2日在区人大常委会第五次会议上)\n共收到代表建议9件,已全部办结。", 2031),
    # NEGATIVE: a stated handling year wins; a dateline not at a line start is no delivery line
    ("镇政府关于代表建议办理情况的报告\n——2030年1月5日在镇第三次会议上\n2029年,镇政府共承办建议9件。", 2029),
    ("共收到建议9件,已全部办结,并于2030年12月20日在会议上通报。", None),
    # a cut-off date of the items, when no handling year is stated; it beats a delivery line
    ("区政协八届一次会议以来,截至2030年12月底,共收到提案120件。", 2030),
    ("截止到2031年6月,委员共提交提案80件,审查立案72件。", 2031),
    ("区政府关于代表建议办理情况的报告\n——2031年1月5日在区人大会议上\n截至2030年12月底,共收到代表建议9件。", 2030),
    # NEGATIVE: a cut-off of something else, a target date, a stated handling year
    ("截至2030年底,全县建成污水处理厂5座。共收到提案12件。", None),
    ("共收到建议12件。力争截至2030年底,所有建议全部办结。", None),
    ("2029年,区政府共承办人大代表建议9件。截至2030年3月底,建议已全部办复。", 2029),
    # years written digit by digit in Chinese numerals (〇, ○ or 零 for zero)
    ("二〇三〇年,区水务局共收到政协提案8件。", 2030),
    ("区水务局二○二九年度政协提案办理工作总结\n共办理提案8件。", 2029),
    ("截至二零三一年底,12件提案已全部办结。", 2031),
    ("一九九八年,县政府共承办人大代表建议9件。", 1998),
    # NEGATIVE: counted spans and plan years in numerals are no handled year
    ("十二年来,委员共提出提案500件。", None),
    ("我局共收到提案12件。二〇三五年远景目标纲要提出了要求。", None),
    ("三四年间,共收到建议30件。", None),
    # the period of a survey of the handling, when no handling year is stated
    ("提案委员会于二〇三〇年九月至十月,对十届二次会议以来提案办理情况进行了专题调研。共收到提案12件。", 2030),
    ("区人大常委会于2030年5月对代表建议办理工作开展视察。共收到建议12件。", 2030),
    # NEGATIVE: a stated handling year wins; a survey of something else
    ("2029年,区政府共承办人大代表建议9件。区人大常委会于2030年5月对代表建议办理工作开展视察。", 2029),
    ("区人大常委会于2030年5月对河道治理开展视察。共收到建议12件。", None),
]


@pytest.mark.parametrize(("text", "expected"), YEARS)
def test_year(text: str, expected: int | None) -> None:
    assert run(text).year == expected


def test_year_of_session_news_from_dateline_even_when_header_removed() -> None:
    original = "2020-01-10 09:00 来源:新闻网\n本次大会共收到提案100件。"
    assert find_year("本次大会共收到提案100件。", None, original) == (2020, "session_dateline")
    assert find_year("今年以来,区政府共承办建议120件。", None, "2021-06-01 来源:网\n")[0] == 2021
    # NEGATIVE: a dateline alone, without a session receipt, is a publication date
    assert find_year("共收到提案100件,已全部办结。", None, "2020-01-10 来源:网\n")[0] is None


AGREED_YEARS = [
    # a span word in passing ("近五年来最多"): the handling clause and the dateline agree on one year
    ("来源:网 2030-12-05\n问:2030年市体育局承办的建议多吗?\n答:共承办建议19件,是近五年来最多的。", 2030),
    # NEGATIVE: no dateline; the dateline names another year; another year is written
    ("问:2030年市体育局承办的建议多吗?\n答:共承办建议19件,是近五年来最多的。", None),
    ("来源:网 2031-01-05\n问:2030年市体育局承办的建议多吗?\n答:共承办建议19件,是近五年来最多的。", None),
    ("来源:网 2030-12-05\n2030年市体育局承办建议19件。五年来,2026年承办最少。", None),
]


@pytest.mark.parametrize(("text", "expected"), AGREED_YEARS)
def test_span_word_yields_to_agreeing_year_and_dateline(text: str, expected: int | None) -> None:
    assert find_year(text, None, text)[0] == expected


def test_other_documents_get_no_year() -> None:
    assert run("2021年共受理市民咨询、投诉、建议120件,回复率95%。").year is None


def test_a_notice_on_handling_keeps_its_title_year() -> None:
    report = run("关于做好2030年政协提案办理工作的通知\n现就做好办理工作通知如下。")
    assert (report.doc_type, report.year) == ("other", 2030)


AGENCIES = [
    ("2021年,区水务局共收到政协提案8件。", "区水务局"),
    ("交由市政府办理的提案共50件,办复率100%。", "市政府"),
    ("2022年县政府及各承办单位共承办建议100件。", "县政府"),
    ("全部由市人民政府负责组织办理。共办理建议30件。", "市人民政府"),
    ("2019年,国家卫(wèi)生委共承办建议50件。", "国家卫(wèi)生委"),
    ("县林业局2022年人大建议办理工作总结\n共办理建议5件。", "县林业局"),
    # NEGATIVE: deictic names, proposing bodies, bare unit words, generic units
    ("我局共承办提案10件。", None),
    ("该县政协共收到提案30件。", None),
    ("议案均属政府及相关部门办理的具体事务。共收到议案3件。", None),
    ("由承办单位和提案人面对面协商办理。共收到提案3件。", None),
    ("全区人大代表建议和政协提案交办会议召开\n会议部署了今年的工作。", None),
    ("东山区政协二届四次会议收到提案219件\n本次会议收到提案219件。", None),
    # placeholders are no part of a name; nested units keep their parent; any issuer before 关于
    ("XX县公安局2030年人大建议办理工作总结\n共办理建议5件。", "县公安局"),
    ("××县民政局20XX年度建议提案办理工作总结\n共办理提案5件。", "县民政局"),
    ("县公安局交警大队2030年建议提案办理情况汇报\n共办理建议5件。", "县公安局交警大队"),
    ("青山镇人民政府关于镇人大第三次会议代表建议办理情况的报告\n共办理建议5件。", "青山镇人民政府"),
    # an issuing office yields to the unit that handled the items; without one it stays
    ("东城区人民政府办公室关于2030年建议提案办理工作情况的通报\n2030年,区政府共承办建议50件。", "区政府"),
    ("市人民政府办公室关于做好2030年建议提案办理工作的通知\n现就有关事项通知如下。", "市人民政府办公室"),
    ("县消防支队2030年人大建议办理工作总结\n共办理建议5件。", "县消防支队"),
    ("2030年,XX县公安局共承办人大代表建议10件。", "县公安局"),
    # NEGATIVE: a placeholder alone names no agency; a bare 所 ends no name
    ("XX2030年人大建议办理工作总结\n共办理建议5件。", None),
    ("今年,对所承办的人大代表建议12件逐件研究。", None),
    ("2030年,某些单位共承办人大代表建议10件。", None),
    # units outside government: universities, companies, street offices (name endings)
    ("江北理工学院召开2030年度建议提案办理工作总结会\n学院共承办建议8件。", "江北理工学院"),
    ("市城投集团有限公司2030年人大代表建议办理情况\n共办理建议5件。", "市城投集团有限公司"),
    ("西湖街道办事处认真办理区人大代表建议\n共办理建议5件。", "西湖街道办事处"),
    # NEGATIVE: a bare 学校 names no unit; a proposing body opening a title is still no handler
    ("今年学校共承办建议8件。", None),
    ("市政协召开2030年度提案办理工作总结会\n共承办提案8件。", None),
    # "我局" in a handling clause: the unit opening the title line, though the title is about something else
    ("河口县林业局2030年政府信息公开工作年度报告\n四、建议提案办理情况\n2030年,我局共办理人大代表建议6件。", "河口县林业局"),
    ("河口县科技委2030年工作总结\n2030年,我委承办人大代表建议6件。", "河口县科技委"),
    # NEGATIVE: the ending differs, the self-reference is not about handling, no unit opens the title
    ("河口县林业局2030年政府信息公开工作年度报告\n2030年,我委共办理人大代表建议6件。", None),
    ("河口县林业局2030年政府信息公开工作年度报告\n我局网站共发布信息120条。共收到建议3件。", None),
    ("2030年政协提案办理情况汇报\n2030年我局共承办提案13件。", None),
    # a time word glued before the unit is not part of its name; a year in Chinese numerals is a year
    ("去年市政府办理的人大代表建议共50件,办复率100%。", "市政府"),
    ("二〇三〇年,市政府系统共承办建议提案50件。", "市政府系统"),
    ("江原市人民政府办公室关于二〇三〇年度建议提案办理工作情况的通报\n二〇三〇年,市政府系统共承办建议50件。", "市政府系统"),
    # NEGATIVE: a time word alone before a bare unit word names nothing; a member's proposal names no handler
    ("今年部门办理的人大代表建议共50件。", None),
    ("提案人:李某\n案由:去年市政府办理的同类提案中,有3件未解决。", None),
    # a unit that holds or leads items ('共有N件主办件', '牵头办理')
    ("今年,县水务局共有9件主办件、4件协办件。", "县水务局"),
    ("区民政局今年承担12件主办件和7件协办件。", "区民政局"),
    ("今年,县住建局牵头办理人大代表建议5件。", "县住建局"),
    # NEGATIVE: 共有 with no item count or item noun after it names no handler
    ("今年,县水务局共有职工120人。", None),
    # function words swallowed before a unit name are not part of it; names that begin alike stay
    ("2021年度政府系统共承办建议提案80件。", "政府系统"),
    ("2021年,于都县人民政府共承办建议30件。", "于都县人民政府"),
    ("本局协助其他部门办理提案3件。", None),
]


@pytest.mark.parametrize(("text", "expected"), AGENCIES)
def test_agency(text: str, expected: str | None) -> None:
    assert run(text).agency == expected


def test_agency_prefers_the_unit_the_text_repeats() -> None:
    text = "2023年国务院部门办理建议9000件。市卫健委高度重视建议提案办理工作,市卫健委2023年办理建议40件。"
    assert find_agency(text, None)[0] == "市卫健委"


TITLES = [
    ("县林业局2020年对人大建议、政协提\n案的办理情况报告\n正文", "县林业局2020年对人大建议、政协提案的办理情况报告"),
    ("某某范文网 —— 专注公文写作\n县林业局2022年政协提案办理工作总结\n正文", "县林业局2022年政协提案办理工作总结"),
    # a news headline naming the items, when nothing has a report title's shape
    ("区政协三届二次会议 收到提案120件\n2021-01-10\n本次会议共收到提案120件。", "区政协三届二次会议 收到提案120件"),
    # NEGATIVE: a sentence, a metadata line, a numbered item, a text without a title
    ("1、市政府交办的对公安局工作的建议;\n2、其他。", None),
    ("为做好提案办理工作,制定本制度。\n一、总则", None),
    ("索引号: 002943395/2021-83466 分类: 建议提案办理情况\n正文", None),
    ("今天天气很好。", None),
    # content-farm tag and search lines are skipped; one-word tag lines are not joined into a title
    ("【关键词】 提案办理  工作总结  2030\n县林业局2030年提案办理工作总结\n正文", "县林业局2030年提案办理工作总结"),
    ("相关搜索:林业局 提案 办理 总结\n林业局\n人大建议\n办理总结\n\n县林业局2030年人大建议办理工作总结\n正文",
     "县林业局2030年人大建议办理工作总结"),
    ("提案办理  生态环境  工作总结  2030  范文\n市水务局2030年提案办理工作总结\n正文", "市水务局2030年提案办理工作总结"),
    # NEGATIVE: a tag line is never a title, even when nothing else is; a spaced headline is no tag line
    ("【关键词】 提案办理  工作总结\n今天天气很好。", None),
    ("区政协三届二次会议 收到提案120件 收到建议80件\n本次会议共收到提案120件。", "区政协三届二次会议 收到提案120件 收到建议80件"),
]


@pytest.mark.parametrize(("text", "expected"), TITLES)
def test_title(text: str, expected: str | None) -> None:
    assert find_title(text) == expected


def test_title_falls_back_to_html_title() -> None:
    assert find_title("正文没有标题。", "区建议办理情况报告") == "区建议办理情况报告"
    assert find_title("正文没有标题。", "首页") is None


def test_failed_report_is_left_alone() -> None:
    failed = Report(source="t", doc_id="t").failed("cannot read")
    assert extract_facts(failed) is failed


def _seed(seeds_dir: Path, prefix: str) -> Path:
    (path,) = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
    return path


def test_seed_002_is_other(seeds_dir: Path) -> None:
    report = process(_seed(seeds_dir, "002"))
    assert report.doc_type == "other" and report.year is None


def test_seed_001_title_is_whole(seeds_dir: Path) -> None:
    report = process(_seed(seeds_dir, "001"))
    assert report.title == "张店公安分局2020年对人大建议、政协提案的办理情况报告"
    assert (report.year, report.agency) == (2020, "张店公安分局")


@pytest.mark.parametrize(
    ("prefix", "doc_type", "year"),
    [("000", "handling_report", 2022), ("003", "handling_report", 2023), ("004", "handling_report", 2019)],
)
def test_seed_facts(seeds_dir: Path, prefix: str, doc_type: str, year: int) -> None:
    report = process(_seed(seeds_dir, prefix))
    assert (report.doc_type, report.year) == (doc_type, year)


def test_seed_004_agency_is_not_stated(seeds_dir: Path) -> None:
    assert process(_seed(seeds_dir, "004")).agency is None


def _texts(*folders: Path) -> list[str]:
    return [process(p).text for folder in folders for p in sorted(folder.glob("*.txt"))]


def test_reach_lookaheads_change_no_agency_match(dev_dir: Path, seeds_dir: Path) -> None:
    """The {REACH} lookahead of an agency rule is only a quick necessary condition: with it removed
    the rule finds the same names at the same places in every dev and seed text."""
    from pipeline import data
    from pipeline.extract import fact_rules

    lookahead = re.compile(r"\(\?=\{REACH\}(?:\([^()]*\)|[^()])*\)")
    rows = [(name, rx) for _, name, rx in data.fact_data().agency_patterns if lookahead.search(rx)]
    assert len(rows) >= 3
    rules = {rule.name: rule.regex for rule in fact_rules.agency_rules()}
    texts = _texts(dev_dir, seeds_dir) + ["2023年,某某县人民政府共承办建议12件。", "，县教育局高度重视代表建议办理"]
    found = 0
    for name, rx in rows:
        plain = re.compile(fact_rules._expand(lookahead.sub("", rx)), re.M)
        assert plain.pattern != rules[name].pattern
        for text in texts:
            with_reach = [(m.span(), m.group("org")) for m in rules[name].finditer(text)]
            assert with_reach == [(m.span(), m.group("org")) for m in plain.finditer(text)], name
            found += len(with_reach)
    assert found > 10  # the rules do fire on these texts: the comparison is not between two empty lists


SETTLED = [
    # a headline about the handling work with no figure and no result told: news, not a report
    ("区水务局召开建议提案办理工作推进会\n会议要求各科室认真做好今年的代表建议和政协提案办理工作。", "other"),
    # goals only: the rates are targets, so no figure is stated
    ("市政府部署建议提案办理工作\n力争办复率达到100%,见面率达到100%。", "other"),
    # negatives: a figure, or results told in words, keep it a report
    ("区水务局2021年政协提案办理工作总结\n今年共承办政协提案12件,均已办结。", "handling_report"),
    ("区水务局2021年建议办理工作总结\n此建议的办理均得到了人大代表和群众的满意。", "handling_report"),
]


@pytest.mark.parametrize(("text", "doc_type"), SETTLED)
def test_a_report_without_figures_or_told_results_is_settled_as_other(text: str, doc_type: str) -> None:
    from pipeline.extract import extract

    report = extract(Report(source="t.txt", doc_id="t", original=text, text=text))
    assert report.doc_type == doc_type
    assert any(f.startswith(f"doc_type:{doc_type}") for f in report.flags)
