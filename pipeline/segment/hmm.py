"""jieba's HMM cut of unknown character runs (`jieba.finalseg.cut`), computed faster, same output.

WHY: after the dictionary route, about half of tokenising a report is jieba's HMM: every run of
single characters the dictionary does not join goes through `finalseg.cut` (~740 runs a
benchmark report), whose Viterbi builds a dict per character, a list of tuples per state and a
copy of every path per step. `cut` below is the same computation: the same model tables
(`finalseg.start_P/trans_P/emit_P`, read at call time, never copied), the same float sums in the
same order ((score + transition) + emission), the same tie-breaking (jieba's `max` over
(score, state) tuples keeps the later state letter on a tie: S over E, M over B), the same
blocks and force-split words. Only the bookkeeping differs: four floats and back-pointers instead
of dicts and copied paths. tests/segment/test_hmm.py compares it with `finalseg.cut` on generated runs and
on every run of the dev texts. Nothing is memoised: every run is computed (see pipeline/segment/tokenizer.py).
"""

from __future__ import annotations

from jieba import finalseg

MIN_FLOAT = finalseg.MIN_FLOAT


def _states(obs: str) -> list[str]:
    """The best state sequence (B/M/E/S per character) of jieba's Viterbi for `obs` (non-empty)."""
    start, trans, emit = finalseg.start_P, finalseg.trans_P, finalseg.emit_P
    e_b, e_m, e_e, e_s = emit["B"].get, emit["M"].get, emit["E"].get, emit["S"].get
    t_eb, t_sb = trans["E"].get("B", MIN_FLOAT), trans["S"].get("B", MIN_FLOAT)
    t_mm, t_bm = trans["M"].get("M", MIN_FLOAT), trans["B"].get("M", MIN_FLOAT)
    t_ss, t_es = trans["S"].get("S", MIN_FLOAT), trans["E"].get("S", MIN_FLOAT)
    t_be, t_me = trans["B"].get("E", MIN_FLOAT), trans["M"].get("E", MIN_FLOAT)
    c = obs[0]
    vb, vm = start["B"] + e_b(c, MIN_FLOAT), start["M"] + e_m(c, MIN_FLOAT)
    ve, vs = start["E"] + e_e(c, MIN_FLOAT), start["S"] + e_s(c, MIN_FLOAT)
    back: list[tuple[str, str, str, str]] = []  # per step: the best previous state of B, M, E, S
    for c in obs[1:]:
        em = e_b(c, MIN_FLOAT)
        x, y = ve + t_eb + em, vs + t_sb + em  # B comes from E or S
        nb, pb = (y, "S") if y >= x else (x, "E")
        em = e_m(c, MIN_FLOAT)
        x, y = vm + t_mm + em, vb + t_bm + em  # M comes from M or B
        nm, pm = (x, "M") if x >= y else (y, "B")
        em = e_e(c, MIN_FLOAT)
        x, y = vb + t_be + em, vm + t_me + em  # E comes from B or M
        ne, pe = (y, "M") if y >= x else (x, "B")
        em = e_s(c, MIN_FLOAT)
        x, y = vs + t_ss + em, ve + t_es + em  # S comes from S or E
        ns, ps = (x, "S") if x >= y else (y, "E")
        vb, vm, ve, vs = nb, nm, ne, ns
        back.append((pb, pm, pe, ps))
    return _backtrack(back, "S" if vs >= ve else "E")


def _backtrack(back: list[tuple[str, str, str, str]], state: str) -> list[str]:
    """The state sequence ending in `state`, read back through the per-step best predecessors."""
    out = [state]
    for pb, pm, pe, ps in reversed(back):
        state = {"B": pb, "M": pm, "E": pe, "S": ps}[state]
        out.append(state)
    out.reverse()
    return out


def _cut_han(sentence: str, out: list[str]) -> None:
    """jieba's `finalseg.__cut` plus the force-split check of `finalseg.cut`, into `out`."""
    begin = nexti = 0
    force = finalseg.Force_Split_Words
    words = []
    for i, pos in enumerate(_states(sentence)):
        if pos == "B":
            begin = i
        elif pos == "E":
            words.append(sentence[begin : i + 1])
            nexti = i + 1
        elif pos == "S":
            words.append(sentence[i])
            nexti = i + 1
    if nexti < len(sentence):
        words.append(sentence[nexti:])
    for word in words:
        if word in force:
            out.extend(word)
        else:
            out.append(word)


def cut(sentence: str) -> list[str]:
    """The words of `finalseg.cut(sentence)`, as a list."""
    out: list[str] = []
    for blk in finalseg.re_han.split(sentence):
        if not blk:
            continue
        if finalseg.re_han.match(blk):
            _cut_han(blk, out)
        else:
            out.extend(x for x in finalseg.re_skip.split(blk) if x)
    return out
