"""The process's one jieba tokenizer, with the domain dictionary of corpora/dict/user_dict.txt.

Never the global `jieba` object (other libraries may configure it) and never `enable_parallel`
(it forks). jieba caches its prefix dictionary (marshal format) so that after the first run building
a tokenizer costs about 0.3 s instead of about 0.7 s (measured on this machine). jieba's default place
is one shared file in the temp dir, which any local user can plant (marshal is unsafe on crafted data,
and a planted cache changed tokens: issue 10): so the cache lives in a private per-user folder,
``$XDG_CACHE_HOME/tiban`` or ``~/.cache/tiban`` (mode 0700, ours), and when no such folder can be had
the dictionary is built in a fresh private temporary folder that is removed at once (no cache).

WHY a subclass: tokenising is the largest single cost of a document (bench/throughput.py), and
jieba's pure-Python word graph builds a dict of lists (`get_DAG`), then walks it again calling
`math.log` per candidate (`calc`). `FastTokenizer` finds the same best route in one backward pass
with cached log-probabilities: the SAME tokens (same dictionary, same arithmetic, same
tie-breaking; tests/segment/test_tokenizer.py compares it with `jieba.Tokenizer` on the real dev texts) at
about half the cost. The HMM of unknown runs is jieba's model and arithmetic, computed with less
bookkeeping (pipeline/segment/hmm.py, same words) and NOT memoised: memoising it saved 21 % of tokenising on
the invented benchmark texts (95 % of runs repeat: template sentences) and nothing measurable on the
real dev/seed/holdout texts, so it would flatter the benchmark only.
"""

from __future__ import annotations

import logging
import os
import stat
import tempfile
from functools import lru_cache
from math import log
from pathlib import Path

import jieba

from pipeline import data
from pipeline.pins import require
from pipeline.segment import hmm

#: jieba's own block patterns (jieba/__init__.py re_han_default, re_skip_default; 0.42.1).
_HAN = jieba.re_han_default
_SKIP = jieba.re_skip_default
_ENG = jieba.re_eng
_hmm = hmm.cut  # jieba's HMM cut of a run the dictionary does not join: same words, 2.5-3.5x faster


class FastTokenizer(jieba.Tokenizer):
    """A `jieba.Tokenizer` whose accurate-mode cut (HMM on or off) is computed faster, same output."""

    _lp: dict[str, float]
    _lp_total: float = -1.0

    def _logp(self) -> dict[str, float]:
        """word → log(freq) − log(total), filled as words are met; reset when the dictionary's total
        changes (add_word), so the values are exactly those jieba's `calc` computes."""
        if self._lp_total != self.total:
            self._lp, self._lp_total = {}, self.total
        return self._lp

    def route(self, sentence: str) -> list[int]:
        """For each position, the end (exclusive) of the word jieba's best route starts there.

        jieba's `get_DAG` + `calc` in one backward pass: the candidates at k are the dictionary words
        sentence[k:i+1] (a prefix chain in FREQ), each scored log P(word) + best score after it; the
        largest score wins, ties to the longer word (jieba's max over (score, end) tuples).
        """
        self.check_initialized()
        freq, lp = self.FREQ, self._logp()
        logtotal = log(self.total)
        n = len(sentence)
        score = [0.0] * (n + 1)
        end = [0] * (n + 1)
        for k in range(n - 1, -1, -1):
            best, best_end = None, k
            i, frag = k, sentence[k]
            while i < n:
                f = freq.get(frag)
                if f is None:
                    break
                if f:
                    p = lp.get(frag)
                    if p is None:
                        p = lp[frag] = log(f) - logtotal
                    s = p + score[i + 1]
                    if best is None or s >= best:
                        best, best_end = s, i
                i += 1
                frag = sentence[k : i + 1]
            if best is None:  # no word starts here: the character alone, at frequency 1
                best = 0.0 - logtotal + score[k + 1]
            score[k], end[k] = best, best_end + 1
        return end

    def _Tokenizer__cut_DAG(self, sentence: str):
        yield from self._cut_block(sentence, [])

    def _Tokenizer__cut_DAG_NO_HMM(self, sentence: str):
        yield from self._cut_block_no_hmm(sentence, [])

    def _cut_block(self, sentence: str, out: list[str]) -> list[str]:
        """jieba's `__cut_DAG`: dictionary words; runs of single characters not in the dictionary
        go to the HMM."""
        end, freq = self.route(sentence), self.FREQ
        x, buf, n = 0, "", len(sentence)
        while x <= n:
            y = end[x] if x < n else n + 1
            if x < n and y - x == 1:
                buf += sentence[x]
            else:
                if len(buf) == 1:
                    out.append(buf)
                elif buf:
                    out.extend(buf if freq.get(buf) else _hmm(buf))
                buf = ""
                if x < n:
                    out.append(sentence[x:y])
            x = y
        return out

    def _cut_block_no_hmm(self, sentence: str, out: list[str]) -> list[str]:
        """jieba's `__cut_DAG_NO_HMM`: dictionary words; single letters/digits glued together."""
        end = self.route(sentence)
        x, buf, n = 0, "", len(sentence)
        while x < n:
            y = end[x]
            word = sentence[x:y]
            if y - x == 1 and _ENG.match(word):
                buf += word
            else:
                if buf:
                    out.append(buf)
                    buf = ""
                out.append(word)
            x = y
        if buf:
            out.append(buf)
        return out

    def tokens(self, text: str, hmm: bool = True, spaces: bool = True) -> list[str]:
        """`lcut(text, HMM=hmm)` built as one list (no generator per block and per token).

        `spaces=False` leaves out the whitespace tokens (the only tokens that are whitespace are the
        pieces jieba's skip pattern splits off: one whitespace character or "\r\n"), which is what
        filtering them afterwards gives, without a pass over every token."""
        out: list[str] = []
        cut_block = self._cut_block if hmm else self._cut_block_no_hmm
        for blk in _HAN.split(text):
            if not blk:
                continue
            if _HAN.match(blk):
                cut_block(blk, out)
                continue
            for piece in _SKIP.split(blk):
                if _SKIP.match(piece):
                    if spaces:
                        out.append(piece)
                else:
                    out.extend(piece)
        return out


def private_cache_dir() -> Path | None:
    """``$XDG_CACHE_HOME/tiban`` (else ``~/.cache/tiban``), made 0700; None unless it is a folder we own."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "tiban"
    try:
        folder.mkdir(parents=True, mode=0o700, exist_ok=True)
        st = folder.lstat()  # lstat: a symlink planted in its place is refused, not followed
        if not stat.S_ISDIR(st.st_mode) or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
            return None
        if st.st_mode & 0o077:
            os.chmod(folder, 0o700)
    except (OSError, RuntimeError):  # RuntimeError: no home folder to expand
        return None
    return folder


def _initialize(tk: FastTokenizer) -> None:
    """Load jieba's dictionary with its cache in our private folder, or with none (see the module doc)."""
    tk.cache_file = f"jieba-{jieba.__version__}.cache"  # a cache of another jieba version is never read
    folder = private_cache_dir()
    if folder is not None:
        tk.tmp_dir = str(folder)
        tk.initialize()
        return
    with tempfile.TemporaryDirectory(prefix="tiban-jieba-") as scratch:  # 0700, ours, gone afterwards
        tk.tmp_dir = scratch
        tk.initialize()


@lru_cache(maxsize=1)
def tokenizer() -> FastTokenizer:
    """Build (once per process) and return the domain tokenizer."""
    require("jieba", jieba.__version__)  # FastTokenizer and hmm reimplement its internals: refuse others
    jieba.setLogLevel(logging.WARNING)  # the 'Building prefix dict' banner is noise in a batch log
    tk = FastTokenizer()
    _initialize(tk)
    words = data.user_dict_path().read_text(encoding="utf-8").splitlines()
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
    for token in tokenizer().tokens(a + b, hmm=False):
        end = pos + len(token)
        if pos < len(a) < end:
            return True
        pos = end
    return False
