"""Document facts: doc_type, year, agency and title, each decided by named rules.

Rules come from corpora/extract/facts/ (see fact_rules); every decision leaves a flag such as
``year:handling_clause`` or ``doc_type:handling_report(item_count+rate_value)`` so a reviewer can
see why a value was chosen without re-running the pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.extract import fact_rules as rules
from pipeline.record import Report

#: Titles are looked for among the first non-empty lines only (dev/seeds titles sit within the
#: first 12 lines even after site banners; 40 leaves room for longer headers).
TITLE_WINDOW = 40
#: A title line longer than this is running text (the longest dev/seeds title is 47 characters).
TITLE_MAX = 60
#: More ASCII digits than this make a metadata line ("索引号: 002943395/2021-83466", dev b029);
#: real titles carry at most a year and a count ("…收到代表议案8件 代表建议252件", 4 digits).
TITLE_DIGITS = 6
#: A headline stands among the first lines (dev b032, c009: line 1) and is short (≤ 40 there).
HEADLINE_WINDOW = 5
HEADLINE_MAX = 40
#: A broken title's second half is short (seed 001 "案的办理情况报告", 8 characters).
TITLE_TAIL_MAX = 25
#: A broken title's first half is long (seed 001: 19, holdout hB08: 21 characters); one-word tag
#: lines ("林业局", "政协提案", holdout hB12: 2-4 characters) are not joined into a title.
TITLE_HEAD_MIN = 8
#: A line of this many space-separated words, none longer than TAG_WORD_MAX, is a keyword list
#: (holdout hB05/hB12: 5-6 words of 2-4 characters); spaced dev headlines have 3 words of 8-10
#: ("区十七届人大四次会议 收到代表议案8件 代表建议252件", dev b032).
TAG_WORDS = 4
TAG_WORD_MAX = 6
#: doc_type score at or above which a text naming suggestions/proposals is a handling report:
#: one real item count (3) or one rate value (2) or a handling title (2) is enough (dev/seeds).
HANDLING_MIN_SCORE = 2
#: A dateline (YYYY-MM-DD) counts only near the top of the page (dev c009/c025/b032 within 300).
DATELINE_WINDOW = 600

#: A numbered list item ("1、…", "(一)…") is body text, not a headline (dev a014).
_ENUMERATED = re.compile(r"^(?:[0-9]+[、.]|[(（][^)）]{1,3}[)）])")
_DATELINE = re.compile(r"((?:19|20)[0-9]{2})-[01][0-9]-[0-3][0-9]")


def _nonempty_lines(text: str, limit: int) -> list[str]:
    lines = [line.strip() for line in text.splitlines()]
    return [line for line in lines if line][:limit]


def _tag_line(line: str) -> bool:
    """A content-farm tag or search line: a labelled one (title_reject.txt) or a run of short
    keywords split by spaces ("提案办理  生态环境  工作总结  2023  范文", holdout hB05)."""
    words = line.split()
    keywords = len(words) >= TAG_WORDS and all(len(word) <= TAG_WORD_MAX for word in words)
    return keywords or bool(rules.title_reject().search(line))


def _title_like(line: str) -> bool:
    """A heading, not a sentence: short, no full stop, few digits, and shaped like a title."""
    if len(line) > TITLE_MAX or "。" in line or sum(ch.isascii() and ch.isdigit() for ch in line) > TITLE_DIGITS:
        return False
    return bool(rules.title_regex().search(rules.strip_glosses(line)))


def find_title(text: str, html_title: str | None = None) -> str | None:
    """The first title-like line, re-joining a title broken over two lines (seed 001).

    Tag and search lines of content farms ("【关键词】…", "相关搜索:…") are skipped (holdout hB05, hB12).
    """
    lines = [line for line in _nonempty_lines(text, TITLE_WINDOW) if not _tag_line(line)]
    for i, line in enumerate(lines):
        if _title_like(line):
            return line
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if nxt and _title_like(nxt):
            continue  # the next line is a whole title: this one is a banner, not its first half
        if len(line) >= TITLE_HEAD_MIN and nxt and len(nxt) <= TITLE_TAIL_MAX and "。" not in nxt and _title_like(line + nxt):
            return line + nxt
    if html_title and rules.title_regex().search(html_title):
        return html_title.strip()
    return _headline(lines[:HEADLINE_WINDOW])


def _headline(lines: list[str]) -> str | None:
    """A news headline naming the items, when no line has a report title's shape."""
    for line in lines:
        if len(line) > HEADLINE_MAX or "。" in line or _ENUMERATED.match(line) or line[-1] in ",，;；:：":
            continue
        if ":" not in line and "：" not in line and rules.title_fallback().search(line):
            return line
    return None


def _rate_is_goal(text: str, match: re.Match[str]) -> bool:
    before, after = rules.goal_context()
    head = text[max(0, match.start() - 20) : match.start()]
    return bool(before.search(head) or after.search(text[match.end() : match.end() + 20]))


def _signal_fires(name: str, regex: re.Pattern[str], text: str) -> bool:
    for match in regex.finditer(text):
        if name != "rate_value" or not _rate_is_goal(text, match):
            return True
    return False


def classify_doc(text: str, title: str | None) -> tuple[str, tuple[str, ...]]:
    """('handling_report' | 'other', names of the signals that fired)."""
    fired: list[str] = []
    score, gate = 0, False
    for name, weight, regex in rules.doctype_signals():
        if not _signal_fires(name, regex, text):
            continue
        fired.append(name)
        gate = gate or name == "body"
        score += weight
    if title and rules.title_regex().search(title):
        fired.append("title")
        score += 2  # a handling title weighs like a rate value (dev a012: masked figures, title only)
    kind = "handling_report" if gate and score >= HANDLING_MIN_SCORE else "other"
    return kind, tuple(fired)


def _first_match(ranked: Iterable[rules.Rule], text: str, group: str) -> tuple[str | None, str | None]:
    """(value, rule name) of the best-ranked rule, earliest in the text within a rank."""
    best: tuple[int, int, str, str] | None = None
    for rule in ranked:
        if best is not None and rule.rank > best[0]:
            break
        match = rule.regex.search(text)
        if match and (best is None or match.start() < best[1]):
            best = (rule.rank, match.start(), match.group(group), rule.name)
    return (best[2], best[3]) if best else (None, None)


def find_year(text: str, title: str | None, original: str = "") -> tuple[int | None, str | None]:
    """The handled year: from the title, then handling clauses, then a session dateline.

    The dateline is looked for in `original` too: boilerplate removal may drop the header line
    that carries it (dev c009 "2018-01-29 09:13:24 来源:…").
    """
    if title and rules.title_regex().search(title) and (found := rules.year_token().search(title)):
        return int(found.group(1)), "title"
    value, name = _first_match(rules.year_rules(), text, "y")
    dateline = _DATELINE.search(text[:DATELINE_WINDOW]) or _DATELINE.search(original[:DATELINE_WINDOW])
    if rules.multi_year().search(text):
        agreed = _agreed_year(text, value, dateline)
        return agreed, f"{name}+dateline" if agreed else "multi_year"
    if value:
        return int(value), name
    if dateline and rules.session_news().search(text):
        return int(dateline.group(1)), "session_dateline"
    return None, None


def _agreed_year(text: str, value: str | None, dateline: re.Match[str] | None) -> int | None:
    """Despite a span word ("近五年来最多"), one year when two independent witnesses agree on it:
    a handling clause and the page's dateline, and no other year is written (holdout hD04
    "2024-12-05 … 2024年市体育局承办的建议提案"); a five-year review names several years."""
    if not value or not dateline or dateline.group(1) != value:
        return None
    written = {found.group(1) for found in rules.year_token().finditer(text)}
    return int(value) if written <= {value} else None


def _valid_agency(name: str) -> bool:
    return bool(name) and not rules.agency_reject().search(name)


def _org(found: re.Match[str]) -> str:
    """The name a pattern caught, without a time word glued before it (去年市政府 → 市政府)."""
    return rules.agency_time_prefix().sub("", found.group("org").strip(), count=1)


def find_agency(text: str, title: str | None) -> tuple[str | None, str | None]:
    """The handling organisation as written: from the title, then from handling sentences."""
    if title and rules.title_regex().search(rules.strip_glosses(title)):  # not from a headline
        head = rules.agency_placeholder().sub("", title, count=1)  # "XX县公安局" → 县公安局
        for pattern in rules.title_org():
            found = pattern.match(head)
            if found and _valid_agency(_org(found)):
                return _handler_of_office(text, _org(found)) or (_org(found), "title")
    return _self_named(text, title) or _most_supported(rules.agency_placeholder().sub("", text))


def _self_endings(text: str) -> list[re.Pattern[str]]:
    """Endings of the unit a text calls itself in a handling clause ("我局共办理…" → …局)."""
    context = rules.agency_self_context()
    if not rules.any_agency_self().search(text):  # no self-reference at all: no pass per row
        return []
    return [
        ending
        for ref, ending in rules.agency_self()
        if any(context.match(text, found.end()) for found in ref.finditer(text))
    ]


def _self_named(text: str, title: str | None) -> tuple[str, str] | None:
    """The unit opening the title or a top line, when the text speaks of handling as "我局/我委…"
    and that unit has the matching ending: a report filed under another subject is still written
    by its author (holdout hC12: a disclosure report whose section says "我局共办理…")."""
    endings = _self_endings(rules.strip_glosses(text))
    if not endings:
        return None
    lines = ([title] if title else []) + _nonempty_lines(text, HEADLINE_WINDOW)
    for line in lines:
        head = rules.agency_placeholder().sub("", line, count=1)
        for pattern in rules.title_org():
            found = pattern.match(head)
            name = _org(found) if found else ""
            if _valid_agency(name) and any(ending.search(name) for ending in endings):
                return name, "self_reference"
    return None


def _handler_of_office(text: str, org: str) -> tuple[str, str] | None:
    """For an issuing office (…办公室), the subject of a leading handling sentence ("2017年,区政府
    共承办…", holdout hA04), which is the unit that handled the items; None otherwise."""
    if not rules.agency_office().search(org):
        return None
    for rule in rules.agency_rules():
        if rule.rank > 1:
            break
        for match in rule.regex.finditer(text):
            name = _org(match)
            if _valid_agency(name) and name != org:
                return name, f"{rule.name}_over_office"
    return None


def _most_supported(text: str) -> tuple[str | None, str | None]:
    """Among names found by the handling-sentence rules, the one the text repeats most.

    A news item quotes other units in passing (dev a034: 国务院部门 once, 国家卫生健康委 six
    times); ties go to the better-ranked rule, then to the earlier mention.
    """
    found: dict[str, tuple[int, int, str]] = {}
    for rule in rules.agency_rules():
        for match in rule.regex.finditer(text):
            name = _org(match)
            if _valid_agency(name) and (name not in found or found[name][:2] > (rule.rank, match.start())):
                found[name] = (rule.rank, match.start(), rule.name)
    if not found:
        return None, None
    best = max(found, key=lambda name: (text.count(name), -found[name][0], -found[name][1]))
    return best, found[best][2]


def _doc_year(plain: str, title: str | None, original: str, doc_type: str) -> tuple[int | None, str | None]:
    """A report's handled year; another text keeps only the year of a handling title (holdout
    hA10: a notice on handling the 2025 items is about 2025, though it reports nothing)."""
    if doc_type == "handling_report":
        return find_year(plain, title, original)
    if title and rules.title_regex().search(title) and (found := rules.year_token().search(title)):
        return int(found.group(1)), "title"
    return None, None


def extract_facts(report: Report) -> Report:
    """Fill doc_type, year, agency and title; a non-report gets no year (nothing was handled)."""
    if not report.ok:
        return report
    text = report.text
    title = find_title(text, dict(report.meta).get("html_title"))
    plain = rules.strip_glosses(text)  # word patterns must see 政协期间, not 政协(xié)期间
    doc_type, fired = classify_doc(plain, title)
    numbered = rules.arabic_years(title) if title else None  # "二〇二二年" read as 2022年
    year, year_rule = _doc_year(rules.arabic_years(plain), numbered, rules.arabic_years(report.original), doc_type)
    agency, agency_rule = find_agency(rules.arabic_years(text), numbered)  # names keep their glosses
    if "proposal_text" in fired:  # a member wrote it: the units it names did not report (hD11)
        agency, agency_rule = None, None
    flags = [f"doc_type:{doc_type}({'+'.join(fired)})"]
    flags += [f"year:{year_rule}"] if year_rule else []
    flags += [f"agency:{agency_rule}"] if agency_rule else []
    updated = report.evolve(doc_type=doc_type, year=year, agency=agency, title=title)
    return updated.flagged(*flags)


#: The doc_type signal (corpora/extract/facts/doctype_signals.tsv) that tells results in words: a
#: report may state no figure and still report handling results ('…办理均得到了代表的满意', dev b049).
RESULT_SIGNALS = ("narrative",)


def settle_doc_type(report: Report) -> Report:
    """After measures: a text taken for a handling report that states no figure and tells no result
    in words is news or a notice about the handling work, not a report of it (ANNOTATION.md; dev
    a026, b021, c007, w0176, w0184: headlines, goals and other bodies' counts)."""
    if report.doc_type != "handling_report" or report.measures:
        return report
    trace = next((f for f in report.flags if f.startswith("doc_type:")), "")
    if any(signal in trace for signal in RESULT_SIGNALS):
        return report
    flags = tuple("doc_type:other(no_figures)" if f == trace else f for f in report.flags)
    return report.evolve(doc_type="other", flags=flags)

