"""Characters every reader treats alike: control characters and "text" that shows nothing.

One definition for all formats, so a figure reads the same whatever file it came in. The PDF
path always deleted the NULs PDFium emits; a .txt or HTML page kept them, and "提案4\\x007件"
then read as 7 items where the PDF of the same text read 47. Now every reader passes its text
through `strip_controls`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline import data

#: Line and page breaks of the C0 set other than \\n: kept as a line break, so two lines a form
#: feed separated do not run together (one character for one: offsets stay those of the source).
_BREAKS = "\f\v"
#: C0 controls (and DEL) that carry no text: deleted. Tab, line feed and carriage return are text
#: layout and stay; the readers' own newline handling deals with CR.
_DELETED = "".join(chr(c) for c in [*range(0x20), 0x7F] if chr(c) not in "\t\n\r" + _BREAKS)
_CONTROL_RX = re.compile("[" + re.escape(_DELETED + _BREAKS) + "]")
_TABLE = {ord(ch): None for ch in _DELETED} | {ord(ch): "\n" for ch in _BREAKS}


def strip_controls(text: str) -> str:
    """`text` without C0 controls other than tab/LF/CR (form feed and vertical tab become LF).

    The regex search first: nearly every text has none, and a search at C speed is cheaper than
    translating every character."""
    if _CONTROL_RX.search(text) is None:
        return text
    return text.translate(_TABLE)


@lru_cache(maxsize=1)
def _invisible_rx() -> re.Pattern[str]:
    """Whitespace plus the invisible characters normalise deletes (corpora/normalise/deleted_chars.txt:
    zero-width space and joiners, BOM, soft hyphen): what is left of a text after normalise."""
    chars = "".join(chr(int(line.strip(), 16)) for line in data.char_tables().deleted)
    return re.compile(r"[\s" + re.escape(chars) + "]*")


def is_blank(text: str) -> bool:
    """True when `text` holds nothing but whitespace and invisible characters: an empty document.

    A file of a BOM and zero-width spaces was "ok" with 0 characters after normalise; it is empty."""
    return _invisible_rx().fullmatch(text) is not None
