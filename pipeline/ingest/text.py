"""Bytes → text for plain-text and HTML files: BOMs, UTF-8, the GB family, Big5, UTF-16.

Order matters for speed and for correctness. A byte-order mark is certain; a strict UTF-8 decode
runs at C speed and almost never succeeds on GBK/Big5 Chinese, so the common case (UTF-8 scraped
text) costs one decode and no detection. Only when UTF-8 fails is charset-normalizer asked, on a
prefix, and restricted to the encodings Chinese documents use: unrestricted, it called short GBK
texts Korean cp949; restricted, it mis-read 5 of 106 dev-text prefixes of 8 characters (GBK vs
Big5), 2 of 106 at 16, and none at 40 or more (GBK and Big5 re-encodings of ../shared dev texts).
A file that decodes only with replacement characters is flagged, never silently mangled.
When the bytes decode cleanly as both GB18030 and Big5 (short texts, mostly), the detector only
guesses: pipeline.ingest.chinese decides by which reading is made of its own standard's common
characters, and flags charset_ambiguous below 16 non-ASCII characters.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from pipeline.errors import IngestError
from pipeline.ingest import chinese

#: BOM → codec; UTF-32 first because its little-endian BOM begins with UTF-16's.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: Candidates for detection: GB18030 decodes every GB2312/GBK file, Big5 covers Taiwan/HK texts.
CHINESE_CODECS = ("gb18030", "big5")
#: Detected names decoded as GB18030 instead (supersets: GB2312 ⊂ GBK ⊂ GB18030).
GB_ALIASES = frozenset({"gb2312", "gbk", "cp936", "ms936", "euc_cn", "gb18030"})
#: Big5 flavours tried in order: plain Big5, Microsoft's cp950 (extra symbols), HKSCS (extra hanzi).
BIG5_FAMILY = chinese.BIG5_FAMILY
#: Every codec name a Chinese reading may carry (canonical names).
CHINESE_RESULTS = frozenset({"gb18030", *BIG5_FAMILY})
#: Bytes handed to the detector; its verdict on 64 KiB equals the whole-file verdict on every dev
#: text, and detection time grows with input length.
DETECT_PREFIX = 64 * 1024
#: Share of the non-ASCII characters of a lenient UTF-8 decode that may be U+FFFD for the file to
#: count as "UTF-8 with a few damaged bytes": GBK/Big5 read as UTF-8 turn nearly every non-ASCII
#: character into U+FFFD (share near 1), one damaged sequence in a Chinese page gives under 1%.
UTF8_DAMAGE_MAX = 0.05
#: A text whose first 4096 characters are more than 5% control characters is binary data: random
#: bytes give ~11% (29 of 256 byte values), real text under 0.1% (stray form feeds).
BINARY_CONTROL_SHARE = 0.05
_BINARY_SAMPLE = 4096
_HARMLESS_CONTROLS = frozenset("\t\n\r\f\v\x1b")
#: Share of NUL bytes at even or odd offsets that marks BOM-less UTF-16 (ASCII in UTF-16 is half NUL).
UTF16_NUL_SHARE = 0.3


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the codec that produced it, and flags about how clean the decode was."""

    text: str
    encoding: str
    flags: tuple[str, ...] = ()


def canonical(codec: str) -> str:
    """Python's canonical codec name, with the GB family mapped to GB18030."""
    name = codecs.lookup(codec).name
    return "gb18030" if name.replace("-", "_") in GB_ALIASES else name


def decode_as(data: bytes, codec: str) -> Decoded:
    """Decode with one codec; on bad bytes decode with U+FFFD and flag it instead of failing."""
    codec = canonical(codec)
    candidates = BIG5_FAMILY if codec in BIG5_FAMILY else (codec,)
    for name in candidates:
        try:
            return Decoded(data.decode(name), name)
        except UnicodeDecodeError:
            continue
    return Decoded(data.decode(codec, "replace"), codec, ("decode_replacements",))


def _bom(data: bytes) -> Decoded | None:
    for bom, codec in BOMS:
        if data.startswith(bom):
            body = data if codec == "utf-8-sig" else data[len(bom) :]
            decoded = decode_as(body, codec)
            return Decoded(decoded.text, codec, decoded.flags + ("bom",))
    return None


def _bomless_utf16(data: bytes) -> str | None:
    sample = data[:_BINARY_SAMPLE]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) / len(odd) > UTF16_NUL_SHARE and even.count(0) < odd.count(0) / 4:
        return "utf-16-le"
    if even.count(0) / len(even) > UTF16_NUL_SHARE and odd.count(0) < even.count(0) / 4:
        return "utf-16-be"
    return None


def _prefix(data: bytes) -> bytes:
    """At most DETECT_PREFIX bytes, cut after a newline (0x0A is never a GBK/Big5 trail byte)."""
    if len(data) <= DETECT_PREFIX:
        return data
    head = data[:DETECT_PREFIX]
    cut = head.rfind(b"\n")
    return head[: cut + 1] if cut > 0 else head


def detect_codec(data: bytes) -> str | None:
    """charset-normalizer's guess among Chinese codecs, else among all codecs, else None."""
    from charset_normalizer import from_bytes

    prefix = _prefix(data)
    best = from_bytes(prefix, cp_isolation=list(CHINESE_CODECS)).best()
    if best is None:
        best = from_bytes(prefix).best()
    return best.encoding if best is not None else None


#: The control characters counted by is_binary: C0 and DEL without the harmless ones (regex: no
#: Python step per character on every text file).
_CONTROLS = re.compile("[" + "".join(
    re.escape(chr(c)) for c in [*range(0x20), 0x7F] if chr(c) not in _HARMLESS_CONTROLS
) + "]")


def is_binary(text: str) -> bool:
    """True when the decoded text is mostly control characters, i.e. not text at all."""
    sample = text[:_BINARY_SAMPLE]
    if not sample:
        return False
    controls = len(_CONTROLS.findall(sample))
    return controls / len(sample) > BINARY_CONTROL_SHARE


def _decode_unknown(data: bytes) -> Decoded:
    lenient = data.decode("utf-8", "replace")
    non_ascii = len(lenient) - len(lenient.encode("ascii", "ignore"))  # the ASCII characters stay
    if lenient.count("\ufffd") <= UTF8_DAMAGE_MAX * non_ascii:
        return Decoded(lenient, "utf-8", ("decode_replacements",))
    utf16 = _bomless_utf16(data)
    if utf16:
        return decode_as(data, utf16)
    choice = chinese.choose(data)
    if choice is not None and choice.both:  # GB and Big5 both decode: the detector only guesses
        return _chosen(data, choice)
    codec = detect_codec(data)
    if choice is not None and (codec is None or canonical(codec) not in CHINESE_RESULTS):
        return _chosen(data, choice)  # a short Chinese text the detector gave up on or called cp1006
    if codec is None:
        return Decoded(lenient, "utf-8", ("decode_replacements",))
    return decode_as(data, codec)


def _chosen(data: bytes, choice: chinese.Choice) -> Decoded:
    """The text in the codec pipeline.ingest.chinese chose, flagged when that was a guess."""
    decoded = decode_as(data, choice.codec)
    return Decoded(decoded.text, decoded.encoding, decoded.flags + (("charset_ambiguous",) if choice.ambiguous else ()))


def decode_text(data: bytes) -> Decoded:
    """Decode a text file; raises IngestError when the bytes are binary data, not text."""
    decoded = _bom(data)
    if decoded is None:
        try:
            decoded = Decoded(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            decoded = _decode_unknown(data)
    if is_binary(decoded.text):
        raise IngestError("binary data: no known file signature and not text in any supported encoding")
    if "\ufffd" in decoded.text and "decode_replacements" not in decoded.flags:
        decoded = Decoded(decoded.text, decoded.encoding, decoded.flags + ("replacement_chars_in_source",))
    return decoded
