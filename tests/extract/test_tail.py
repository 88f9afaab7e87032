"""Tail: end-anchored patterns searched from where a match can start give re's own answers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.measure_body import _run_patterns
from pipeline.extract.measure_patterns import patterns
from pipeline.extract.tail import Tail, reach


@pytest.mark.parametrize(
    "pattern, flags, expected",
    [
        ("(?:满意率|办结率)$", 0, 4),  # 3 characters, +1 for `$` before a final newline
        (r"[\u4e00-\u9fff]{1,6}[率度]$", 0, 8),
        (r"(?<=[”\"])问题$", 0, 3),  # a lookbehind adds no width: it reads before the match
        ("a*$", 0, None),  # unbounded: searched whole
        ("ab", 0, None),  # not anchored at the end
        ("(?:a$|b)", 0, None),  # `$` inside a branch only
        ("a$|b$", 0, None),
        ("ab$", re.MULTILINE, None),  # `$` before every newline
        ("(?m)ab$", 0, None),
    ],
)
def test_reach(pattern: str, flags: int, expected: int | None) -> None:
    assert reach(pattern, flags) == expected


def _tails() -> list[Tail]:
    p, runs = patterns(), _run_patterns()
    tails = [
        p.rate_name_end, p.rate_any, p.link_end, p.separator_end, p.modifier_end, p.paren_end, p.change_end, p.lead_end,
        runs.connector_end, runs.count_suffix,
    ] + [at_end for _, at_end, _ in runs.words]
    assert all(isinstance(t, Tail) for t in tails)
    return tails


def _same(tail: Tail, text: str) -> bool:
    got, want = tail.search(text), tail.regex.search(text)
    return (got and got.span()) == (want and want.span())


def test_measure_tails_are_bounded_but_the_connector() -> None:
    """Otherwise the speed-up silently does nothing; the body connector allows "第[0-9]+届" (any width)."""
    unbounded = [t for t in _tails() if t.reach is None]
    assert unbounded == [_run_patterns().connector_end]


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_tail_search_equals_re_search_on_generated_text(data: st.DataObject) -> None:
    tails = _tails()
    tail = data.draw(st.sampled_from(tails))
    alphabet = sorted({ch for ch in tail.pattern if not ch.isascii()} | set("率度()、,和及\n件x "))
    text = data.draw(st.text(alphabet=alphabet, max_size=40))
    assert _same(tail, text)


def test_tail_search_equals_re_search_on_real_clause_ends(dev_dir: Path) -> None:
    """Every prefix end at a clause break of the dev texts (where the rules ask their questions)."""
    tails = _tails()
    hits = 0
    for path in sorted(dev_dir.glob("*.txt"))[:20]:
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"[,，。;；:：%％件]", text):
            left = text[max(0, m.start() - 48) : m.start()]
            for tail in tails:
                assert _same(tail, left), (tail.pattern, left)
                hits += bool(tail.regex.search(left))
    assert hits > 50  # the patterns do match on these texts: not a comparison of two Nones


def _rate_token_one_by_one(rest: str) -> tuple[str, int] | None:
    """The rule as first written: each rate name on its own, the leftmost start wins, ties to the
    longer (earlier) name; else any '…率/…度'."""
    from pipeline.resources import load_tsv

    rows = sorted(load_tsv("extract", "measures", "rate_keywords.tsv"), key=lambda r: len(r[0]), reverse=True)
    best = None
    for frag, metric in rows:
        m = re.search(f"(?:{frag})$", rest)
        if m and (best is None or m.start() < best[1]):
            best = (metric, m.start())
    if best is None and (m := re.search(r"[\u4e00-\u9fff]{1,6}[率度]$", rest)):
        best = ("none", m.start())
    return best


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_rate_token_equals_trying_each_name(data: st.DataObject) -> None:
    from pipeline.extract.measure_rates import _rate_token

    names = sorted({ch for ch in patterns().rate_name_end.pattern if not ch.isascii()})
    text = data.draw(st.text(alphabet=names + list("、和的率度 "), max_size=24))
    assert _rate_token(text) == _rate_token_one_by_one(text)


@pytest.mark.parametrize("rest", ["代表满意率", "按时办结率和满意率", "见面沟通率", "满意度", "办理", "", "率"])
def test_rate_token_on_written_names(rest: str) -> None:
    from pipeline.extract.measure_rates import _rate_token

    assert _rate_token(rest) == _rate_token_one_by_one(rest)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=",:;，：；的件x", max_size=80), st.integers(0, 90))
def test_clause_end_is_the_first_break_within_the_window(text: str, pos: int) -> None:
    from pipeline.extract.measure_view import CLAUSE_BREAKS, RIGHT_WINDOW, clause_end

    pos = min(pos, len(text))
    limit = min(len(text), pos + RIGHT_WINDOW)
    ends = [k for k in (text.find(ch, pos, limit) for ch in CLAUSE_BREAKS) if k >= 0]
    assert clause_end(text, pos) == (min(ends) if ends else limit)


def _first_right_one_by_one(text: str) -> str | None:
    from pipeline.resources import load_tsv

    best = None
    for frag, metric in load_tsv("extract", "measures", "count_right.tsv"):
        m = re.search(frag, text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), metric)
    return best[1] if best else None


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_first_right_equals_trying_each_row(data: st.DataObject) -> None:
    from pipeline.extract.measure_counts import _first_right

    chars = sorted({ch for ch in patterns().count_right_any.pattern if not ch.isascii()})
    text = data.draw(st.text(alphabet=chars + list("的了,件 "), max_size=20))
    assert _first_right(text) == _first_right_one_by_one(text)
