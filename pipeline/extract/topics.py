"""Topics: the subjects of the handled items as the text lists them, with counts when given.

Four constructions (each a module or function with its corpora rules): counted runs
("殡葬改革3件、社会组织管理3件", topic_counts), colon lists ("八个方面:A;B;C"), trigger lists
("内容涉及A、B等问题", topic_lists) and item titles ("关于整治…的问题", here). Category and
confidence are left to the classifier. Each topic's span satisfies ``text[start:end]`` == phrase,
except that line breaks inside a phrase (PDF layout) are removed from the phrase.
"""

from __future__ import annotations

from pipeline.extract.topic_counts import counted_topics, table_topics
from pipeline.extract.topic_lists import bare_lists, colon_lists, trigger_lists
from pipeline.extract.topic_rules import (
    Plain,
    make_topic,
    plain_view,
    scanners,
    skipped_families,
)
from pipeline.record import Report, Topic


def item_titles(view: Plain) -> list[Topic]:
    """Subjects named by single items' titles ("关于X的建议", "第55号X的答复")."""
    found = []
    for rx in scanners("item_titles"):
        for match in rx.finditer(view.text):
            topic = make_topic(view, *match.span("item"), None, "item_title", "title_stop")
            if topic:
                found.append(topic)
    return found


def _seen(topic: Topic, kept: dict[str, Topic]) -> bool:
    """Whether the phrase was taken already, or is part of a listed phrase that a later item title
    mentions again ("关于智慧安防小区建设的建议" after the list item "社区警务与智慧安防小区建设",
    holdout hB11)."""
    if topic.phrase in kept:
        return True
    return topic.rule == "item_title" and any(topic.phrase in phrase for phrase in kept)


def _merge(groups: list[list[Topic]]) -> tuple[Topic, ...]:
    """One topic per phrase, earlier groups first (a counted mention beats a bare one)."""
    kept: dict[str, Topic] = {}
    spans: list[tuple[int, int]] = []
    for group in groups:
        for topic in group:
            if _seen(topic, kept) or any(s < topic.end and topic.start < e for s, e in spans):
                continue
            kept[topic.phrase] = topic
            spans.append((topic.start, topic.end))
    return tuple(sorted(kept.values(), key=lambda t: t.start))


def find_topics(text: str) -> tuple[Topic, ...]:
    view = plain_view(text)
    colon, taken = colon_lists(view)
    groups = [counted_topics(view), table_topics(view), colon, trigger_lists(view, taken)]
    return _merge(groups + [item_titles(view), bare_lists(view)])


def _in_handled_part(report: Report, topic: Topic) -> bool:
    """False for a topic where its rule does not speak of handled items (skip_sections.tsv):
    problems and plans sections, and lists inside the measures section."""
    section = report.section_at(topic.start)
    skipped = skipped_families().get(section.kind, frozenset()) if section else frozenset()
    return not ("*" in skipped or topic.rule.split(":")[0] in skipped)


def extract_topics(report: Report) -> Report:
    """Topics of a handling report; a text of another kind lists no handled items."""
    if not report.ok or report.doc_type == "other":
        return report.evolve(topics=()) if report.ok else report
    topics = tuple(t for t in find_topics(report.text) if _in_handled_part(report, t))
    return report.evolve(topics=topics)
