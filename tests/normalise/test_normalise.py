"""Normalise stage: folding, boilerplate, page debris, joins, script — tables with negative cases,
and the regression over the real corpus: every gold evidence survives normalisation."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalise import debris
from pipeline.normalise.chars import fold, fold_table, normalise_string
from pipeline.normalise.script import detect_script
from pipeline.normalise.stage import clean, normalise
from pipeline.record import Report


def norm(text: str) -> str:
    return clean(text)[0].text


BODY = "本局共承办建议12件,办复率为100%。"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("满意率１００％", "满意率100%"),
        ("（Ａ类）５件", "(A类)5件"),
        ("共收到提案１２件，其中：主办５件；协办７件。", "共收到提案12件,其中:主办5件;协办7件。"),
        ("建议、提案。", "建议、提案。"),  # 、 and 。 keep their Chinese form
        ("辦復率為100%", "办复率为100%"),
        ("99．16％", "99.16%"),
        ("市政协XX届X次会议××局", "市政协XX届X次会议××局"),  # placeholders kept as written
        ("会议\u200b提案", "会议提案"),
    ],
)
def test_character_folding(raw, expected):
    assert norm(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (f"某某范文网\n{BODY}", BODY),  # site-name banner
        (f"位置:首页 > 范文 > 总结\n{BODY}", BODY),  # breadcrumb
        (f"首页 | 要闻 | 专题 | 视频 | 图片\n{BODY}", BODY),  # navigation bar
        (f"来源:某某局 发布时间:2021-03-01 浏览次数:12\n{BODY}", BODY),  # metadata line
        (f"{BODY}\n扫一扫在手机打开当前页", BODY),
        (f"{BODY}\n微信扫码分享", BODY),
        (f"共计1200个字,预计阅读时长5分钟。\n{BODY}", BODY),
        (f"{BODY}\n责任编辑:张三", BODY),
        (f"{BODY}\n相关文章:\n某地召开会议部署工作", BODY),  # tail block without figures goes
        (f"温馨提示:\n1. 本文档由用户上传,请放心下载。\n2. 下载前请联系客服。\n{BODY}", BODY),
        ("本局共承办建议12件(更多精彩文章来自某网站),办复率为100%。", BODY),  # inline ad
        (f"2021\n城建\n人大\n提案\n办理\n{BODY}", BODY),  # keyword tags before the body
        (f"视频精品一区二区在线观看国产\n{BODY}", BODY),  # spam header
    ],
)
def test_boilerplate_removed(raw, expected):
    assert norm(raw) == expected


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("来源于群众的建议共12件,已全部办结。", "来源于群众的建议共12件"),  # 来源 inside a sentence
        ("办理时间:3月15日至6月30日,全部答复,办复率100%。", "办复率100%"),  # key-led line with a figure
        ("位置偏远的村庄道路问题建议3件。", "位置偏远"),  # 位置 in a sentence
        ("首页:本局共承办建议12件 | 提案3件 | 议案1件 | 其他2件", "提案3件"),  # bar line with figures
        ("相关文章:\n本局承办建议12件。", "本局承办建议12件。"),  # tail with a figure keeps it
        ("温馨提示:\n本局共承办建议12件,满意率100%。", "满意率100%"),  # the body follows the notice
        ("这是一个足够长的正文句子,用来说明下面几行在正文开始之后出现。\n城建\n人大\n提案\n办理", "城建\n人大"),
        ("城建\n69\n人大\n45\n这是一个足够长的正文句子,用来说明前面几行是表格而不是标签。", "城建\n69"),
        (  # a table header flattened one cell per line is followed by a bare number: not tags
            "类别\n件数\n已办结\n满意\n人大代表建议\n9\n9\n8\n这是一个足够长的正文句子,说明上面几行是一张表格。",
            "类别\n件数\n已办结\n满意\n人大代表建议\n9",
        ),
        ("2024年9月9日", "2024年9月9日"),  # a signature date is not a web time stamp
        ("某某公司的视频会议:精品工程,办理建议5件。", "精品工程"),  # two spam words are not spam
    ],
)
def test_boilerplate_negative(raw, kept):
    assert kept in norm(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (f"{BODY}\n第 3 页", BODY),
        (f"{BODY} 第9页 共9页", BODY),
        (f"- 3 -\n{BODY}", BODY),
        (f"{BODY}\n   5   6   7   8", BODY),
        (f"Page 10 - 某局年度报告\n{BODY}", BODY),
        # page numbers glued into sentences that run on across page breaks
        ("本局高度重视建议提案办理工作,召开专题会议研究部署办理任务,明确责任领导和承办人员,\n"
         "2、及时答复代表委员,对每件建议提案都逐件研究,逐项落实,切实做到件件有回音,让代表委员和人民群\n"
         "3、众满意。",
         "本局高度重视建议提案办理工作,召开专题会议研究部署办理任务,明确责任领导和承办人员,"
         "及时答复代表委员,对每件建议提案都逐件研究,逐项落实,切实做到件件有回音,让代表委员和人民群众满意。"),
    ],
)
def test_page_debris_removed(raw, expected):
    assert norm(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "一、办理范围\n1、市政府交办的建议;\n2、政协委员的提案。",  # a real list keeps its numbers
        "第3页的表格列出建议12件。",  # 第N页 inside a sentence
        "表1\n\n15\n\n9.04\n\n农业\n\n15\n\n9.04",  # table cells, repeated numbers kept
        "2019 2021 2023",  # not consecutive: not page navigation
    ],
)
def test_page_debris_negative(raw):
    assert norm(raw).replace("\n", "") == raw.replace("\n", "")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("某局2020年对人大建议、政协提\n\n案的办理情况报告\n正文。", "某局2020年对人大建议、政协提案的办理情况报告\n正文。"),
        # a long unterminated line is joined in a text broken by layout (two breaks inside words)
        ("各分管领导为负\n责,各科室承办。做到答复及时、准确,能办\n理的立即办理。"
         "我们把办理工作作为一项重要任务,认真研究每一件建议,逐件分析代表所提问题的原因和对策,并\n以正式文件答复代表。",
         "各分管领导为负责,各科室承办。做到答复及时、准确,能办理的立即办理。"
         "我们把办理工作作为一项重要任务,认真研究每一件建议,逐件分析代表所提问题的原因和对策,并以正式文件答复代表。"),
        ("主要负责协调、\n催办和督办。", "主要负责协调、催办和督办。"),
        ("某局年度建议办理报告\n某局年度建议办理报告\n\n【某局年度建议办理报告】\n正文。", "某局年度建议办理报告\n\n正文。"),  # repeated title kept once
        ("会议要求,,各单位抓紧办理,。", "会议要求,各单位抓紧办理。"),
    ],
)
def test_joins_and_repairs(raw, expected):
    assert norm(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "一、基本情况\n本局共承办建议12件。",  # heading then body
        "(一)加强领导\n我局高度重视。",  # sub-heading then body
        "办理情况汇报\n2019年我局共承办提案13件。",  # title then body: no word across the break
        "工作总结\n一、基本情况",  # heading never joined
        "满意率达100%。\n下一步,我局将继续努力。",  # terminated line
        "短标题行\n短标题行\n短标题行",  # short equal lines are not a hard-wrapped page
        # a long headline alone is not a broken line
        "从解决看病难看病贵到推进公共卫生应急体系建设国家卫健委推动落实代表委员建议提案\n新华社记者某某",
    ],
)
def test_joins_negative(raw):
    assert norm(raw) == raw


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("本局共承办政协提案十三件,办复率为百分之百,满意率达九成。", "simplified"),
        ("本局共承辦政協提案十三件,辦復率為百分之百,滿意率達九成。", "traditional"),
        ("本局共承辦政協提案十三件,辦復率為百分之百,满意率达九成,会议协办国家。", "mixed"),
        ("", "simplified"),
    ],
)
def test_detect_script(text, script):
    assert detect_script(text) == script


def test_normalise_fills_record():
    report = normalise(Report(source="x", doc_id="x", original="辦復率為１００％\n第 2 页"))
    assert report.text == "办复率为100%"
    assert len(report.offset_map) == len(report.text)
    assert report.script == "traditional"
    assert "page_debris_removed" in report.flags


def test_page_offsets_follow_map():
    original = "第一页内容。\f满意率为１００％。"
    report = normalise(Report(source="x", doc_id="x", original=original, page_starts=(0, 7)))
    at = report.text.index("100%")
    assert report.page_of(at) == 2


def _read(path):
    return path.read_text(encoding="utf-8")


def test_seed_001_title_whole(seeds_dir):
    text = norm(_read(next(seeds_dir.glob("001_*.txt"))))
    assert text.split("\n")[0] == "张店公安分局2020年对人大建议、政协提案的办理情况报告"


def test_seed_004_site_lines_gone(seeds_dir):
    text = norm(_read(next(seeds_dir.glob("004_*.txt"))))
    assert "位置:" not in text and "范文站" not in text
    assert text.count("2019年政协提案办理情况汇报") == 1


def test_seed_003_notice_and_tags_gone(seeds_dir):
    text = norm(_read(next(seeds_dir.glob("003_*.txt"))))
    assert "温馨提示" not in text and "客服" not in text
    assert text.startswith("城管人大政协提案办理总结")


def test_seed_002_page_numbers_gone(seeds_dir):
    text = norm(_read(next(seeds_dir.glob("002_*.txt"))))
    assert "第9页" not in text and "更多精彩" not in text
    assert "12022余份" in text  # "120\n6、22余份" re-joined across the page break


def _gold_docs(*dirs):
    for folder in dirs:
        for gold in sorted(folder.glob("*.json")):
            yield gold.with_suffix(".txt"), json.loads(gold.read_text(encoding="utf-8"))


def _as_normalised(evidence: str) -> tuple[str, ...]:
    """The gold evidence (quoted from the original) as it may stand in the normalised text: as
    written, or after the two deletions normalisation documents for running text: stray doubled
    punctuation repaired (dev b041 "668件,、782件") and a line break inside a sentence re-joined
    (dev c026 "立案41\n件", c028). Nothing else is forgiven."""
    text = normalise_string(evidence)
    repaired = "".join(text[a:b] for a, b in _kept(text, debris.punctuation_spans(text)))
    return text, repaired, re.sub(r"[ \t\u3000]*\n\s*", "", repaired)


def _kept(text: str, deleted: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans, at = [], 0
    for a, b in deleted:
        spans.append((at, a))
        at = b
    return spans + [(at, len(text))]


def test_every_gold_evidence_survives(dev_dir, seeds_dir):
    """The key regression: no figure the gold annotates is lost or altered by normalisation."""
    lost = []
    for path, gold in _gold_docs(dev_dir, seeds_dir):
        text = norm(_read(path))
        lost += [(path.name, m["evidence"]) for m in gold["measures"] if not any(v in text for v in _as_normalised(m["evidence"]))]
    assert lost == []


def test_as_normalised_forgives_only_joins_and_repairs():
    assert _as_normalised("立案41\n件")[-1] == "立案41件"
    assert _as_normalised("分别达到668件,、782件")[1] == "分别达到668件、782件"
    assert _as_normalised("建\n议共 117 件")[-1] == "建议共 117 件"
    assert set(_as_normalised("提案4 7件")) == {"提案4 7件"}  # a space inside a line is kept: "47" would not match


def test_figure_sentences_survive(dev_dir, seeds_dir):
    """Every original line with a digit and 件 or % keeps its figures (digits next to 件/%)."""
    import re

    figure = re.compile(r"\d+(?:\.\d+)?\s*[件%]")
    for path, _ in _gold_docs(dev_dir, seeds_dir):
        original = normalise_string(_read(path))
        text = norm(_read(path))
        squeezed = "".join(text.split())
        for line in original.split("\n"):
            for m in figure.finditer(line):
                assert "".join(m.group().split()) in squeezed, (path.name, m.group())


#: Gold `script` entries that break ANNOTATION.md's rule ("the characters of the body text") and
#: contradict other gold entries of the same shape; listed, not tuned to (closing note of issue 9).
DISPUTED_SCRIPT = {
    # a traditional body with a single 采 (in 采納); b041 has three 采 and is 'traditional' in gold
    "a048": "mixed",
    # a simplified keyword-spam header over a traditional body; c020 and c037, the same shape, are
    # 'mixed' in gold, and the header is no part of the body either way
    "b020": "traditional",
}


def test_script_matches_gold(dev_dir, seeds_dir):
    """Script agrees with the gold of every real document (58/58 when written; 175/177 since the
    dev corpus grew, the two others being the disputed entries above, which must stay the only ones)."""
    wrong = {}
    for path, gold in _gold_docs(dev_dir, seeds_dir):
        report = normalise(Report(source=str(path), doc_id=path.stem, original=_read(path)))
        if report.script != gold["script"]:
            wrong[path.stem] = gold["script"]
    assert wrong == DISPUTED_SCRIPT


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("本報告說明辦理議案採納情況，所提建議充分採納，意見均已答覆" * 3 + "采納采取采用", "traditional"),  # 3 weak: 2.4
        ("本報告說明辦理議案採納情況，所提建議充分採納，意見均已答覆" * 3 + "采納范例咨詢采用", "mixed"),  # 4 weak: 3.2
        ("本報告說明辦理議案採納情況，所提建議充分採納，意見均已答覆" * 3 + "采納国采取采用", "mixed"),  # 1 + 2.4
    ],
)
def test_weak_simplified_characters_count_less(text, script):
    assert detect_script(text) == script


def test_mojibake_line_removed():
    garbled = "对不起,您访问的页面不存在或已被删除".encode().decode("gbk", errors="ignore")
    report = normalise(Report(source="x", doc_id="x", original=f"{BODY}\n{garbled}"))
    assert report.text == BODY and "mojibake_removed" in report.flags


@pytest.mark.parametrize(
    "line",
    [
        "本局共承办建议十二件,办复率为百分之百,满意率达九成以上",  # real Chinese
        '"evidence": "共承办市人大代表建议和政协委员提案四十七件"',  # Chinese inside ASCII markup
        "plain ascii line without any chinese",
    ],
)
def test_mojibake_negative(line):
    from pipeline.normalise.boilerplate import is_mojibake

    assert not is_mojibake(line)


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("前言:本站为你精心整理了提案办理总结范文12件\n" + BODY, BODY),  # promo goes even with a figure
        ("(来(lái)源:某某网 记者:张三)\n" + BODY, BODY),  # glosses do not hide a metadata line
        ("以下是小编为大家整理的提案办理工作总结范文\n" + BODY, BODY),
        ("还剩3页未读,继续阅读\n" + BODY, BODY),
    ],
)
def test_site_promos_and_glossed_markers(raw, kept):
    assert norm(raw) == kept


@pytest.mark.parametrize(
    "raw",
    [
        # long unterminated list items: their numbers are not page numbers
        "1、加强组织领导,成立以局长为组长的领导小组,明确责任分工,层层落实办理责任到具体科室\n"
        "2、注重沟通协调,办前办中办后与代表委员保持联系,认真听取代表委员意见建议并逐项落实\n"
        "3、强化督查督办,对办理进度实行台账管理,定期通报办理情况",
        "群众可登录www.example.gov.cn查询办理结果。",  # a body sentence naming a website
        "代表委员可通过扫码方式对办理结果进行评价,评价结果纳入年度考核,作为改进工作的重要依据。",
        "这是一个足够长的正文句子,用来说明下面的列表是正文的一部分。\n• 加强领导\n• 完善制度\n• 强化督办",
    ],
)
def test_body_lines_that_look_like_furniture_are_kept(raw):
    assert norm(raw) == raw


def test_running_headers_of_a_paged_document_go():
    page1 = "某局关于2021年建议提案办理工作的报告\n本局共承办建议12件,办复率为100%。\n第1页 共2页\n"
    page2 = "某局建议提案办理工作报告(续)\n满意率为98%。\n第2页 共2页"
    page3 = "\n某局建议提案办理工作报告(续)\n下一步继续努力。"
    original = page1 + page2 + page3
    starts = (0, len(page1), len(page1) + len(page2) + 1)
    report = normalise(Report(source="x", doc_id="x", original=original, page_starts=starts))
    assert "(续)" not in report.text and "第1页" not in report.text
    assert report.page_of(report.text.index("98%")) == 2


def test_repeated_line_without_pages_keeps_first():
    text = "某局建议提案办理工作报告(续)\n满意率为98%。\n某局建议提案办理工作报告(续)\n下一步继续努力。"
    assert norm(text).count("(续)") == 1


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        (f"{BODY}\n【广告】公文写作不求人,开通会员立享优惠>>", BODY),
        (f"{BODY}\nCopyright © 2024 某某网 All Rights Reserved.", BODY),
        (f"{BODY}\n(某某局 供稿)", BODY),
    ],
)
def test_ads_copyright_credits(raw, kept):
    assert norm(raw) == kept


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("关于2020年度建议提案办理情况的\n报告\n正文。", "关于2020年度建议提案办理情况的报告\n正文。"),  # dangling 的
        ("第一行。\r\n第二行。", "第一行。\n第二行。"),  # CRLF
        ("第一行。\r第二行。", "第一行。\n第二行。"),  # lone CR
        ("第一页。\f第二页。", "第一页。\n第二页。"),  # form feed
    ],
)
def test_line_ends_and_dangling_breaks(raw, expected):
    assert norm(raw) == expected


def test_dangling_negative():
    raw = "满意率为100%,群众满意的\n2021年工作总结"  # a digit follows: no join on a particle alone
    assert norm(raw) == raw


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="办结率１２３％（）：；，。、ａＢ～\u3000abc 12%国會\n", max_size=80))
def test_fold_is_the_fold_table(text: str) -> None:
    """The regex fold changes exactly what str.translate with the fold table changes, one for one."""
    folded = fold(text)
    assert folded == text.translate(fold_table())
    assert len(folded) == len(text)


@pytest.mark.parametrize(
    ("text", "folded"),
    [("满意率１００％（含基本满意）", "满意率100%(含基本满意)"), ("共办理，", "共办理,"), ("不变。、", "不变。、"), ("", "")],
)
def test_fold_table(text: str, folded: str) -> None:
    assert fold(text) == folded


@given(st.text(alphabet=" \t\n\u3000a中。", max_size=60))
def test_indentation_spans_are_the_runs_at_line_edges(text: str) -> None:
    """The one-pass version gives exactly the spans of the regex it replaced."""
    import re

    from pipeline.normalise.debris import indentation_spans

    assert indentation_spans(text) == [m.span() for m in re.finditer(r"(?m)^[ \t]+|[ \t]+$", text)]


@pytest.mark.parametrize(
    "line, expected",
    [("来(lái)源:市政府", "来源:市政府"), ("来源:市政府", "来源:市政府"), ("(一)基本情况", "(一)基本情况"), ("a(b)", "a(b)")],
)
def test_strip_glosses(line: str, expected: str) -> None:
    from pipeline.normalise.boilerplate import strip_glosses

    assert strip_glosses(line) == expected
