"""The process's one jieba tokenizer, with the domain dictionary of corpora/dict/user_dict.txt.

Never the global `jieba` object (other libraries may configure it) and never `enable_parallel`
(it forks). jieba caches its prefix dictionary in a pickle under the temp dir, so after the first
run building a tokenizer costs about 0.3 s instead of about 0.7 s (measured on this machine).
"""

from __future__ import annotations

import logging
from functools import lru_cache

import jieba

from .resources import corpus_path


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """Build (once per process) and return the domain tokenizer."""
    jieba.setLogLevel(logging.WARNING)  # the 'Building prefix dict' banner is noise in a batch log
    tk = jieba.Tokenizer()
    tk.initialize()
    words = corpus_path("dict", "user_dict.txt").read_text(encoding="utf-8").splitlines()
    for line in words:
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 else None
        tag = parts[2] if len(parts) > 2 else None
        tk.add_word(parts[0], freq, tag)
    return tk


def crosses_word(left: str, right: str, window: int = 4) -> bool:
    """True when the best dictionary segmentation of left+right puts a word across the join.

    Used to tell a line broken inside a word ('政协提' + '案') from two separate lines. HMM is off so
    only dictionary words count; `window` characters on each side are enough for any word jieba
    knows that could span the break (most are 2-4 characters).
    """
    a, b = left[-window:], right[:window]
    pos = 0
    for token in tokenizer().cut(a + b, HMM=False):
        end = pos + len(token)
        if pos < len(a) < end:
            return True
        pos = end
    return False
