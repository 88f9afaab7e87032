"""pipeline.segment.hmm gives jieba's own HMM words (finalseg.cut) for every run."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jieba import finalseg

from pipeline.segment import hmm
from pipeline.segment.tokenizer import tokenizer


def _jieba(text: str) -> list[str]:
    return list(finalseg.cut(text))


@pytest.mark.parametrize(
    "text",
    ["", "a", "永", "永川区", "张店区公安分局", "2023年", "办结率98.5%", "abc123", "。,、", "区   政府", "犇骉猋"],
)
def test_cut_equals_jieba_on_written_runs(text: str) -> None:
    assert hmm.cut(text) == _jieba(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="永川区张店犇骉人大代表建议提案办结率年件的了0123456789.%abcXY ,。", max_size=16))
def test_cut_equals_jieba_on_generated_runs(text: str) -> None:
    assert hmm.cut(text) == _jieba(text)


def test_force_split_words_are_split_as_jieba_splits_them() -> None:
    word = hmm.cut("永川区")[0]
    finalseg.add_force_split(word)
    try:
        assert hmm.cut("永川区") == _jieba("永川区") == list(word) + hmm.cut("永川区")[len(word) :]
    finally:
        finalseg.Force_Split_Words.discard(word)


def test_cut_equals_jieba_on_every_run_the_dev_texts_send_to_the_hmm(dev_dir: Path) -> None:
    """The runs the tokenizer really hands to the HMM: single characters the dictionary left."""
    runs = []
    for path in sorted(dev_dir.glob("*.txt")):
        tk = tokenizer()
        for block in path.read_text(encoding="utf-8").split("\n"):
            end, buf = tk.route(block) if block else [], ""
            x = 0
            while x < len(block):
                if end[x] - x == 1:
                    buf += block[x]
                elif buf:
                    runs.append(buf)
                    buf = ""
                x = end[x]
            if len(buf) > 1:
                runs.append(buf)
    runs = [r for r in runs if len(r) > 1]
    assert len(runs) > 500
    assert [hmm.cut(r) for r in runs] == [_jieba(r) for r in runs]
