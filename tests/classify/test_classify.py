"""Classify stage: every topic gets a category, each report a count-weighted category mix."""

from __future__ import annotations

import pytest

from pipeline.classify.data import category_codes
from pipeline.classify.stage import OVERVIEW_CHARS, classify, overview_text, weigh
from pipeline.record import Report, Section, Topic


def _topic(phrase: str, count: int | None = None, category: str | None = None) -> Topic:
    return Topic(phrase=phrase, count=count, start=0, end=len(phrase), rule="test", category=category)


def _report(text: str = "", topics: tuple[Topic, ...] = (), sections: tuple[Section, ...] = ()) -> Report:
    return Report(source="x.txt", doc_id="x", original=text, text=text, topics=topics, sections=sections)


def test_every_topic_gets_a_category_confidence_and_runner_up():
    topics = (_topic("老旧小区改造", 3), _topic("電信詐騙防範打擊", 1), _topic("关于加强农村留守儿童关爱保护的建议"))
    out = classify(_report("正文", topics))
    assert [t.category for t in out.topics] == ["urban_housing", "public_safety", "social_welfare"]
    for before, after in zip(topics, out.topics):
        assert after.category in category_codes() and 0 < after.confidence <= 1
        assert after.runner_up in category_codes() and after.runner_up != after.category
        assert (after.phrase, after.count, after.start, after.end) == (before.phrase, before.count, before.start, before.end)
    assert out.categories == (("urban_housing", 0.6), ("public_safety", 0.2), ("social_welfare", 0.2))


WEIGH = [
    # (category, count) per topic → expected categories
    ([("health", 3), ("transport", 1)], (("health", 0.75), ("transport", 0.25))),
    ([("health", None), ("transport", None)], (("health", 0.5), ("transport", 0.5))),  # no count: once
    ([("transport", 2), ("health", 2)], (("health", 0.5), ("transport", 0.5))),  # ties by code
    ([("health", 0), ("health", 1), ("culture", 1)], (("health", 2 / 3), ("culture", 1 / 3))),  # 0 counts once
    ([("health", 2), ("health", 2)], (("health", 1.0),)),  # one category summed
    ([(None, 5)], ()),  # negative: unclassified topics weigh nothing
    ([], ()),  # negative: no topics
]


@pytest.mark.parametrize("pairs, expected", WEIGH)
def test_weigh(pairs, expected):
    topics = tuple(_topic("x", count, category) for category, count in pairs)
    got = weigh(topics)
    assert [c for c, _ in got] == [c for c, _ in expected]
    assert [w for _, w in got] == pytest.approx([w for _, w in expected])
    if got:
        assert sum(w for _, w in got) == pytest.approx(1.0)


def test_report_without_topics_is_classified_from_its_overview_section():
    text = "市公安局办理情况。今年重点推进电信网络诈骗防范打击和社会治安防控。其他内容"
    overview = Section(kind="overview", heading="", start=9, end=31)
    out = classify(_report(text, sections=(overview, Section("plans", "", 31, len(text)))))
    assert overview_text(out) == text[9:31]
    assert out.categories == (("public_safety", 1.0),)
    assert ("categories_from", "overview") in out.meta
    assert out.topics == ()


def test_without_overview_section_the_opening_text_stands_in():
    text = "关于推进老旧小区改造和加装电梯工作的情况" + "。" * 400
    report = _report(text, sections=(Section("plans", "", 0, len(text)),))
    assert overview_text(report) == text[:OVERVIEW_CHARS].strip()
    assert classify(report).categories == (("urban_housing", 1.0),)


def test_empty_report_gets_no_categories():
    assert classify(_report("")).categories == ()


def test_failed_report_passes_unchanged():
    report = _report("老旧小区改造", (_topic("老旧小区改造"),)).failed("extract failed: x")
    assert classify(report) is report
