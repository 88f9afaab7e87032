"""HTML page → its article text, with the page's declared or detected encoding.

Scraped government pages wrap a report in navigation, footers, scripts and share buttons;
trafilatura keeps the main text. We favour recall (a lost paragraph loses figures for good,
while leftover boilerplate is cut by normalise) and keep its line breaks between paragraphs.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass

from pipeline.errors import IngestError
from pipeline.ingest import chinese
from pipeline.ingest.chars import is_blank, strip_controls
from pipeline.ingest.text import (
    BIG5_FAMILY,
    BOMS,
    Decoded,
    canonical,
    decode_as,
    decode_text,
)

#: A charset declared in <meta charset=...> or <meta http-equiv content="...; charset=...">; the
#: HTML standard (13.2.3.2, prescan) looks in the first 1024 bytes, we allow 2048 for long heads.
_META_CHARSET = re.compile(rb"<meta[^>]{0,512}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.IGNORECASE)
_PRESCAN = 2048
#: Single-byte Western codecs that decode every byte sequence: a Chinese page declaring one (a
#: server default left in place) would turn into mojibake without an error.
LATIN_CODECS = frozenset({"latin-1", "iso8859-1", "cp1252", "iso8859-15"})
_CHINESE_RESULTS = frozenset({"utf-8", "gb18030", "big5", "cp950", "big5hkscs"})
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_WS = re.compile(r"\s+")
#: Elements whose text is never article text, for the fallback extractor.
_DROP_TAGS = ("script", "style", "nav", "footer", "header", "noscript", "iframe", "form")
#: Open elements kept at most; deeper opening tags (and their closing tags) are dropped before
#: parsing, their text kept. libxml2 (lxml, trafilatura) stops at depth 256 (xmlParserMaxDepth):
#: 399 unclosed <font> lines were read only to line 254 and 100,000 nested <div>s gave no text at
#: all (issue 10); 200 leaves room for the html/body/article levels around them.
MAX_DEPTH = 200
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*>")
#: Elements that never hold content (HTML standard 13.1.2), so never deepen the tree.
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
#: Elements an opening tag of the same name closes (HTML standard 13.1.2.4, optional end tags).
_IMPLIED = frozenset("p li td th tr option dt dd".split())


@dataclass(frozen=True)
class HtmlText:
    """Article text of a page, how it was decoded, and the <title> (a title candidate for extract)."""

    text: str
    decoded: Decoded
    title: str | None
    flags: tuple[str, ...]


def declared_charset(data: bytes) -> str | None:
    """The charset the page declares in a <meta> tag, or None."""
    match = _META_CHARSET.search(data[:_PRESCAN])
    return match.group(1).decode("ascii", "ignore") if match else None


def decode_html(data: bytes) -> tuple[Decoded, tuple[str, ...]]:
    """Decode a page: BOM first, then the declared charset if it decodes cleanly, else detection."""
    if data.startswith(tuple(bom for bom, _ in BOMS)):
        return decode_text(data), ()
    declared = declared_charset(data)
    if declared is None:
        return decode_text(data), ("charset_detected",)
    try:
        codec = canonical(declared)
    except LookupError:
        return decode_text(data), ("charset_unknown_declared",)
    decoded = decode_as(data, codec)
    if codec in LATIN_CODECS and not data.isascii():
        return _check_latin(data, decoded)
    if "decode_replacements" not in decoded.flags:
        return _check_chinese(data, decoded)
    return decode_text(data), ("charset_mismatch",)  # the page lies about its encoding: detect


def _check_latin(data: bytes, declared: Decoded) -> tuple[Decoded, tuple[str, ...]]:
    """A Latin-1 declaration decodes any bytes, so it cannot be refuted by decoding; on a page
    with non-ASCII bytes we ask the detector, which wins when it finds a Chinese encoding."""
    detected = decode_text(data)
    if detected.encoding in _CHINESE_RESULTS and "decode_replacements" not in detected.flags:
        return detected, ("charset_mismatch",)
    return declared, ()


def _check_chinese(data: bytes, declared: Decoded) -> tuple[Decoded, tuple[str, ...]]:
    """A GB declaration decodes Big5 bytes without an error (and short GB text may pass as Big5):
    when both families decode the page, pipeline.ingest.chinese says which reading it is."""
    if declared.encoding not in _CHINESE_RESULTS - {"utf-8"}:
        return declared, ()
    choice = chinese.choose(data)
    if choice is None or not choice.both or (choice.codec in BIG5_FAMILY) == (declared.encoding in BIG5_FAMILY):
        return declared, ()
    decoded = decode_as(data, choice.codec)
    return decoded, ("charset_mismatch",) + (("charset_ambiguous",) if choice.ambiguous else ())


def page_title(markup: str) -> str | None:
    match = _TITLE.search(markup)
    if not match:
        return None
    title = _WS.sub(" ", html_lib.unescape(match.group(1))).strip()
    return title or None


def _fallback_text(markup: str) -> str:
    """Body text without scripts, styles, navigation and footers, one line per block."""
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(markup.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except Exception:  # lxml raises several types on garbage; nothing to salvage then
        return ""
    for bad in tree.xpath("|".join(f"//{tag}" for tag in _DROP_TAGS)):
        bad.drop_tree()
    lines = (_WS.sub(" ", line).strip() for line in tree.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def flatten_nesting(markup: str) -> tuple[str, bool]:
    """`markup` with opening tags beyond MAX_DEPTH open elements (and their closing tags) removed.

    Depth is counted as a stack of open tags a closing tag pops back to its match, and a <p>,
    <li>, <td> ... back to the open one of its name. True when anything was removed."""
    if markup.count("<") <= MAX_DEPTH:
        return markup, False
    stack: list[str] = []
    dropped: dict[str, int] = {}
    cuts: list[tuple[int, int]] = []
    for match in _TAG.finditer(markup):
        closing, name = match.group(1), match.group(2).lower()
        if name in _VOID or match.group().endswith("/>"):
            continue
        if not closing:
            if name in _IMPLIED and name in stack:  # a second <p> (<li>, <td> ...) closes the first
                del stack[len(stack) - 1 - stack[::-1].index(name) :]
            if len(stack) < MAX_DEPTH:
                stack.append(name)
            else:
                dropped[name] = dropped.get(name, 0) + 1
                cuts.append(match.span())
        elif dropped.get(name):
            dropped[name] -= 1
            cuts.append(match.span())
        elif name in stack:
            del stack[len(stack) - 1 - stack[::-1].index(name) :]
    if not cuts:
        return markup, False
    return _cut(markup, cuts), True


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` without the (sorted, disjoint) `spans`."""
    parts, pos = [], 0
    for start, end in spans:
        parts.append(text[pos:start])
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def article_text(markup: str) -> tuple[str, tuple[str, ...]]:
    """Main text by trafilatura (recall-oriented); the plain fallback flagged when it finds nothing."""
    import trafilatura

    text = trafilatura.extract(
        markup,
        favor_recall=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        output_format="txt",
        deduplicate=False,
    )
    if text and text.strip():
        return text, ()
    return _fallback_text(markup), ("html_fallback_extraction",)


def read_html(data: bytes) -> HtmlText:
    """Article text of an HTML page; raises IngestError when the page holds no text."""
    decoded, flags = decode_html(data)
    markup, flattened = flatten_nesting(strip_controls(decoded.text))
    if flattened:
        flags += ("html_nesting_flattened",)
    text, more = article_text(markup)
    text = strip_controls(text)
    if is_blank(text):
        raise IngestError("no text in HTML page (article extraction and plain fallback found nothing)")
    return HtmlText(text=text, decoded=decoded, title=page_title(markup), flags=flags + more)
