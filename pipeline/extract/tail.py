"""End-anchored patterns ("…$") that are searched only where a match can start.

WHY: the measure rules ask dozens of "does this text END with a rate name / link word / separator"
questions per figure (`_rate_token` alone tries every rate name on the text before each value).
`re.search` tries such a pattern at every start position of the text although a match of at most
W characters that ends at the end can only start in the last W (+1: `$` also matches before a final
newline) characters. `Tail.search` starts there: the same match, since a search with `pos` keeps
the whole string as context for lookbehinds and `^`, and no match can start before `pos`. Patterns
of unbounded width, or not anchored at the end, are searched whole.
"""

from __future__ import annotations

import re
from re import (
    _constants as sre_constants,  # the compiler's own opcodes: what `$` parses to
)
from re import (
    _parser as sre_parse,  # the compiler's own parser: the one source of a pattern's width
)
from typing import Any


def reach(pattern: str, flags: int = 0) -> int | None:
    """How far from the end a match of `pattern` can start, or None when that is not bounded."""
    try:
        parsed = sre_parse.parse(pattern, flags)
        _, widest = parsed.getwidth()
    except Exception:  # a private API may change between Python versions: fall back to a full search
        return None
    if (flags | parsed.state.flags) & re.MULTILINE:  # then `$` matches before every newline
        return None
    if not len(parsed) or parsed[-1] != (sre_constants.AT, sre_constants.AT_END) or widest >= sre_constants.MAXREPEAT:
        return None
    return widest + 1


class Tail:
    """A compiled end-anchored regex; `search(text)` as `re.Pattern.search`, everything else delegated."""

    __slots__ = ("regex", "reach")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.regex = re.compile(pattern, flags)
        self.reach = reach(pattern, flags)

    def search(self, text: str) -> re.Match[str] | None:
        if self.reach is None:
            return self.regex.search(text)
        return self.regex.search(text, max(0, len(text) - self.reach))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.regex, name)
