"""Segment stage: headings, section kinds, coverage of the text, tokens from the domain tokenizer."""

from __future__ import annotations

import pytest

from pipeline.normalise.stage import normalise
from pipeline.record import Report
from pipeline.segment.stage import heading_kind, heading_of, segment, split_sections
from pipeline.segment.tokenizer import crosses_word, tokenizer


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("一、基本情况", "一、基本情况"),
        ("二、主要做法。我局高度重视办理工作", "二、主要做法"),
        ("基本情况", "基本情况"),
        ("存在问题", "存在问题"),
        ("【下一步工作打算】", "下一步工作打算"),
        ("第二部分 主要措施", "第二部分 主要措施"),
        ("三.存在问题", "三.存在问题"),
        # negatives
        ("(一)加强组织领导", None),  # second level stays inside its section
        ("(三)注重办理", None),
        ("我局共承办建议12件。", None),
        ("今后,我局将继续加强办理工作,提高满意率。", None),  # a sentence with a keyword
        ("加强领导", None),  # an unnumbered short line needs a section word
        ("1、市政府交办的建议", None),  # arabic list items are not top-level
    ],
)
def test_heading_of(line, heading):
    assert heading_of(line) == heading


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("一、基本情况", "overview"),
        ("一、办理工作总体情况", "overview"),
        ("二、主要做法", "measures"),
        ("二、精心组织、严格程序,不断提升满意度", "measures"),
        ("三、存在的问题及下步措施", "problems"),
        ("四、下一步工作打算", "plans"),
        ("三、下一步计划及工作建议", "plans"),
        ("一、办理范围", None),
    ],
)
def test_heading_kind(heading, kind):
    assert heading_kind(heading) == kind


DOC = (
    "某局2022年提案办理工作总结\n"
    "2022年,我局共收到提案11件。\n"
    "一、基本情况\n我局主办6件,协办5件。\n"
    "二、主要措施\n(一)加强领导\n成立领导小组。\n"
    "三、存在问题\n沟通不够紧密。\n"
    "四、下一步打算\n继续做好办理工作。"
)


def test_split_sections_cover_text_in_order():
    sections = split_sections(DOC)
    assert [k for k, *_ in sections] == ["overview", "overview", "measures", "problems", "plans"]
    assert sections[0][2] == 0 and sections[-1][3] == len(DOC)
    assert all(a[3] == b[2] for a, b in zip(sections, sections[1:]))
    assert DOC[sections[2][2] :].startswith("二、主要措施")


def test_segment_tokens_and_domain_words():
    report = segment(Report(source="x", doc_id="x", text=DOC))
    assert len(report.sections) == 5
    measures = report.sections[2]
    assert measures.heading == "二、主要措施" and measures.kind == "measures"
    assert "协办" in report.sections[1].tokens
    assert all(tok.strip() for s in report.sections for tok in s.tokens)
    joined = "".join("".join(s.tokens) for s in report.sections)
    assert joined == "".join(DOC.split())  # tokens cover the text minus whitespace


def test_no_heading_is_one_overview():
    text = "本局共承办建议12件,办复率100%。"
    report = segment(Report(source="x", doc_id="x", text=text))
    assert [(s.kind, s.heading, s.start, s.end) for s in report.sections] == [("overview", "", 0, len(text))]


def test_empty_text_has_no_sections():
    assert segment(Report(source="x", doc_id="x")).sections == ()


@pytest.mark.parametrize("word", ["办复率", "面商率", "政协提案", "留作参考", "主办", "协办", "重点提案"])
def test_user_dictionary_words_are_tokens(word):
    assert word in list(tokenizer().cut(f"本局{word}情况", HMM=True))


def test_tokenizer_is_own_instance():
    import jieba

    assert tokenizer() is tokenizer() and tokenizer() is not jieba.dt


@pytest.mark.parametrize(
    ("left", "right", "crosses"),
    [("政协提", "案的办理", True), ("办理情况", "2019年", False), ("办理", "总结", False)],
)
def test_crosses_word(left, right, crosses):
    assert crosses_word(left, right) is crosses


def test_seeds_sections(seeds_dir):
    path = next(seeds_dir.glob("000_*.txt"))
    report = segment(normalise(Report(source=str(path), doc_id="s", original=path.read_text(encoding="utf-8"))))
    kinds = [s.kind for s in report.sections]
    assert kinds[-3:] == ["overview", "measures", "problems"]
    assert report.sections[-1].end == len(report.text)


@pytest.mark.parametrize(
    ("heading", "kind"),
    [("二、存在的不足", "problems"), ("三、存在問(wèn)題", "problems"), ("二、主要做(zuò)法", "measures")],
)
def test_heading_kind_variants_and_glosses(heading, kind):
    from pipeline.normalise.chars import normalise_string

    assert heading_kind(normalise_string(heading)) == kind


def test_inline_headings_of_flattened_text():
    text = "现将情况报告如下: 一、基本情况。本局共承办建议12件。 二、存在问题。沟通不够。"
    sections = split_sections(text)
    assert [(k, h) for k, h, *_ in sections] == [("overview", ""), ("overview", "一、基本情况"), ("problems", "二、存在问题")]
    assert text[sections[2][2] :].startswith("二、存在问题")


def test_inline_numbering_without_space_is_not_a_heading():
    assert len(split_sections("分为三类:一、二、三类提案各5件。")) == 1
