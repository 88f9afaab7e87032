"""Pinyin glosses that machine-converted pages put after characters ("協(xié)", "來(lái)源").

The gloss stays in the text (gold evidence keeps it); word and marker matching looks at the text
without it. One pattern for every stage: the fragment GLOSS of corpora/fragments.tsv, and
corpora/normalise/gloss.txt for a gloss right after the character it glosses (pipeline.data.gloss).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from pipeline import data


@lru_cache(maxsize=1)
def gloss_pattern() -> re.Pattern[str]:
    """A gloss right after a CJK character."""
    return re.compile(data.gloss().after_char)


def gloss_core() -> str:
    """The gloss alone, as a regex fragment (agency names may hold one: 国家卫(wèi)生健康委)."""
    return data.gloss().core


def strip_glosses(line: str) -> str:
    """The line without pinyin glosses ("来(lái)源" → "来源"), for marker and heading matching."""
    if "(" not in line:  # every gloss opens with "(" (gloss.txt); most lines have none: no regex pass
        return line
    return gloss_pattern().sub("", line)


def gloss_spans(text: str) -> Iterator[tuple[int, int]]:
    """[start, end) of every gloss in `text`."""
    if "(" not in text:
        return iter(())
    return (m.span() for m in gloss_pattern().finditer(text))
