"""The fast tokenizer gives exactly jieba's tokens (HMM on and off), only sooner."""

from __future__ import annotations

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.resources import corpus_path
from pipeline.segment.tokenizer import FastTokenizer, crosses_word, tokenizer


@pytest.fixture(scope="module")
def reference() -> jieba.Tokenizer:
    """Plain jieba with the same user dictionary: the behaviour FastTokenizer must reproduce."""
    tk = jieba.Tokenizer()
    tk.initialize()
    for line in corpus_path("dict", "user_dict.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            parts = line.split()
            tk.add_word(parts[0], int(parts[1]) if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None)
    return tk


# invented sentences: dictionary words, unknown names for the HMM, digits, letters, mixed punctuation
SENTENCES = [
    "我局共承办人大代表建议12件,政协提案8件,办结率100%。",
    "針對代表提出的建議,我們高度重視。",  # traditional: many characters unknown to the simplified dictionary
    "扎西德勒路口的ETC-2通道于2023年12月开通",
    "",
    "   \n\n",
    "a",
    "满意率达98.5%。。,,",
    "沙坪坝区覃家岗街道办事处协调解决",
    "abc123 def_4 5.6.7 +#&",
]


@pytest.mark.parametrize("text", SENTENCES)
@pytest.mark.parametrize("hmm", [True, False])
def test_same_tokens_as_jieba(reference: jieba.Tokenizer, text: str, hmm: bool) -> None:
    fast = tokenizer()
    assert fast.tokens(text, hmm=hmm) == reference.lcut(text, HMM=hmm)
    assert fast.lcut(text, HMM=hmm) == reference.lcut(text, HMM=hmm)  # jieba's own cut() uses it too


def test_same_tokens_on_real_texts(reference: jieba.Tokenizer, dev_dir, seeds_dir) -> None:
    paths = sorted(dev_dir.glob("*.txt")) + sorted(seeds_dir.glob("*.txt"))
    assert paths
    fast = tokenizer()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for hmm in (True, False):
            assert fast.tokens(text, hmm=hmm) == reference.lcut(text, HMM=hmm), path.name


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="建议提案办理政协人大代表满意率件共区街道沙坪坝的了,。、 \n0123456789.%abcXY-", max_size=60))
def test_same_tokens_on_any_mix(text: str) -> None:
    ref, fast = _plain(), _fast()
    for hmm in (True, False):
        assert fast.tokens(text, hmm=hmm) == ref.lcut(text, HMM=hmm)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="建议提案 \t\n\r\u3000\x1c,。0123abc-", max_size=40))
def test_spaces_false_leaves_out_exactly_the_whitespace_tokens(text: str) -> None:
    fast = _fast()
    assert fast.tokens(text, spaces=False) == [t for t in fast.tokens(text) if t.strip()]
    assert fast.tokens("a b\r\nc", spaces=False) == ["a", "b", "c"]


_PLAIN: list[jieba.Tokenizer] = []


def _plain() -> jieba.Tokenizer:
    """Plain jieba with the default dictionary (hypothesis cannot take function-scoped fixtures)."""
    if not _PLAIN:
        tk = jieba.Tokenizer()
        tk.initialize()
        _PLAIN.append(tk)
    return _PLAIN[0]


def _fast() -> FastTokenizer:
    if len(_PLAIN) < 2:
        _plain()
        tk = FastTokenizer()
        tk.initialize()
        _PLAIN.append(tk)
    return _PLAIN[1]  # type: ignore[return-value]


def test_added_word_changes_the_cut() -> None:
    """The cached log-probabilities follow the dictionary: a word added later is used at once."""
    fast, ref = FastTokenizer(), jieba.Tokenizer()
    for tk in (fast, ref):
        tk.initialize()
    text = "覃家岗街道提案办理"
    assert fast.tokens(text) == ref.lcut(text)
    for tk in (fast, ref):
        tk.add_word("覃家岗街道", 50000)
    assert fast.tokens(text) == ref.lcut(text)
    assert "覃家岗街道" in fast.tokens(text)


@pytest.mark.parametrize(
    ("left", "right", "crosses"),
    [("政协提", "案", True), ("办理工作。", "我局", False), ("人大代", "表建议", True), ("共计", "三件", False)],
)
def test_crosses_word(left: str, right: str, crosses: bool) -> None:
    assert crosses_word(left, right) is crosses

