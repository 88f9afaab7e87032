"""Pinyin glosses that machine-converted pages put after characters ("協(xié)", "來(lái)源").

The gloss stays in the text (gold evidence keeps it); word and marker matching looks at the text
without it. The pattern is corpora/normalise/gloss.txt.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline import data


@lru_cache(maxsize=1)
def gloss_pattern() -> re.Pattern[str]:
    return re.compile("|".join(data.gloss()))


def strip_glosses(line: str) -> str:
    """The line without pinyin glosses ("来(lái)源" → "来源"), for marker and heading matching."""
    if "(" not in line:  # every gloss opens with "(" (gloss.txt); most lines have none: no regex pass
        return line
    return gloss_pattern().sub("", line)
