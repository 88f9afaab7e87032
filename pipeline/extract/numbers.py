"""Numbers as handling reports write them: Arabic, Chinese (十一, 两, 一百二十), mixed (1万), 百分之九十, 九成.

Chinese numerals are converted by cn2an (its "smart" mode also reads mixed forms like 1.5万) rather
than by a converter of our own. The characters involved live in
corpora/extract/measures/numerals.txt; this module only assembles them into regexes, once per process.
Every value found keeps the span of the number and of its qualifier words so the caller can cut an
evidence span that is an exact substring of the text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import cn2an

from pipeline import data
from pipeline.text.firstchars import with_first_chars


class Value(NamedTuple):
    """One number found in a string: what it says, how it is qualified, and where it sits.
    (A NamedTuple: made for every number of every sentence, at a third of a frozen dataclass's cost.)"""

    kind: str  # "pct" (a percentage or tenths) or "count" (followed by the item unit 件)
    value: float
    qualifier: str  # eq / ge / le / approx
    start: int  # start of the qualifier-before words, or of the number
    end: int  # end of the unit and any qualifier-after words
    raw: str  # the number as written (digits only, without qualifier or unit)


@lru_cache(maxsize=1)
def _numerals() -> dict[str, str]:
    return {row.key: row.value for row in data.measure_data().numerals}


@lru_cache(maxsize=1)
def _qualifiers() -> dict[str, list[tuple[str, str]]]:
    """position → [(regex fragment, qualifier)], from qualifiers.tsv."""
    out: dict[str, list[tuple[str, str]]] = {"before": [], "after": []}
    for position, fragment, qualifier in data.measure_data().qualifiers:
        out[position].append((fragment, qualifier))
    return out


def _alt(rows: list[tuple[str, str]]) -> str:
    return "|".join(f"(?:{fragment})" for fragment, _ in rows)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    """The number regexes, compiled once per process."""
    n = _numerals()
    cn_digit, cn_unit, cn_big = n["digits"], n["units"], n["big"]
    arabic = r"\d+(?:,\d{3})*(?:\.\d+)?"
    chinese = f"[{cn_digit}{cn_unit[0]}][{cn_digit}{cn_unit}{cn_big}]*(?:{n['decimal']}[{cn_digit}]+)?"
    lone = f"[{n['lone_units']}](?![{cn_digit}{cn_unit}{cn_big}])"  # 近百件; find_values wants a qualifier
    number = f"(?:{arabic}(?:[{cn_big}])?|{chinese}|{lone})"
    before, after = _alt(_qualifiers()["before"]), _alt(_qualifiers()["after"])
    pct = (
        f"(?P<qb>{before})?(?:(?P<num>{number}) ?[%\uff05]|(?:{n['pct_prefix']}|{n['pct_prefix_short']}(?={n['pct_bare_unit']}))(?P<pnum>{number}|{n['pct_bare_unit']})"
        f"|(?P<tnum>[{cn_digit}十]|(?<![0-9.,])[1-9]){n['tenths']}(?![{n['blocked_after_tenths']}]))(?P<qa>{after})?"
    )
    other_unit = f"(?P<mw>[{n['other_units']}])(?![\u4e00-\u9fff])"
    count = (
        f"(?P<qb>{before})?(?P<num>{number})(?P<qa>{after})?"
        f"(?:件(?!件|{n['blocked_after_unit']})|{other_unit})"
    )
    return {
        "pct": with_first_chars(pct),  # whole-sentence scans: see pipeline/text/firstchars.py
        "count": with_first_chars(count),
        "noun_before": re.compile(n["other_unit_noun"]),
        # a numeral right before 条/个/项 with no Chinese character after: the only texts without 件
        # that can hold a count (个 alone is in most sentences; this keeps them off the long regex)
        "other_unit_hint": re.compile(f"[0-9{cn_digit}{cn_unit}{cn_big}][{n['other_units']}](?![\u4e00-\u9fff])"),
        "number": re.compile(f"^{number}$"),
        "any_number": re.compile(number),
    }


def parse_number(raw: str) -> float | None:
    """The value of a number as written, or None when it is not one (e.g. a bare 万)."""
    text = raw.replace(",", "").strip()
    if text == _numerals()["pct_bare_unit"]:  # 百分之百
        return 100.0
    if len(text) == 1 and text in _numerals()["lone_units"]:  # 近百 = about one hundred
        return float(cn2an.cn2an("1" + text, "smart"))  # smart mode reads 1百 as 100
    if not text or not _patterns()["number"].match(text):
        return None
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, TypeError):  # cn2an raises ValueError on text it cannot read
        return None


def _qualifier_of(words: str | None, position: str) -> str | None:
    if not words:
        return None
    for fragment, qualifier in _qualifiers()[position]:
        if re.fullmatch(fragment, words):
            return qualifier
    return None


def _blocked(text: str, i: int, raw: str) -> bool:
    """A Chinese numeral glued to a word or an ordinal (第一, 每一件, 同一), or a cut-off number."""
    if i == 0:
        return False
    prev = text[i - 1]
    n = _numerals()
    if prev.isdigit() or prev in n["digits"] + n["units"] + n["big"] or prev in ".":
        return True
    return not raw[0].isdigit() and prev in n["blocked_before"]


@lru_cache(maxsize=1)
def _item_noun_end() -> re.Pattern[str]:
    return re.compile(_numerals()["count_alone_after"])


def _slogan_one(text: str, i: int, raw: str) -> bool:
    """A count written as the single numeral 一 is a slogan ('收到一件、办理一件') unless an item
    noun stands right before it ('含重点建议一件'), which counts one item."""
    return raw == _numerals()["count_alone_skip"] and not _item_noun_end().search(text, 0, i)


@lru_cache(maxsize=1)
def _required() -> dict[str, tuple[str, ...]]:
    """kind → strings one of which every match of its pattern contains (a count ends with the unit;
    a percentage has %, ％, pct_prefix or tenths): a sentence holding none of them is skipped
    without running the long regex (most sentences; bench/throughput.py)."""
    n = _numerals()
    whole = n["pct_prefix_short"] + n["pct_bare_unit"]  # 百分百: 百分 alone is common (百分比)
    return {"count": ("件",), "pct": ("%", "\uff05", n["pct_prefix"], whole, n["tenths"])}


def _counts_items(text: str, lead: int, unit: str, found: list[Value]) -> bool:
    """A count in 条/个/项 counts items when its measure word is 条 right after an item noun
    ('代表建议11条'), or when a 的-phrase ends right before it and an item count came earlier in
    the same text ('收到代表建议11条,其中已解决的5个'); otherwise it counts something else."""
    n = _numerals()
    if unit in n["noun_unit"] and _patterns()["noun_before"].search(text, max(0, lead - 8), lead):
        return True
    return bool(found) and text[lead - 1 : lead] == "的"


def find_values(text: str, kind: str) -> list[Value]:
    """Every percentage (kind "pct") or item count (kind "count") in `text`, left to right."""
    return list(_find_values(text, kind))


#: Each sentence is read for percentages twice (by the count rules and by the rate rules) right
#: after each other: a few recent answers cover it. Values are frozen, so sharing them is safe.
RECENT = 64


@lru_cache(maxsize=RECENT)
def _find_values(text: str, kind: str) -> tuple[Value, ...]:
    found: list[Value] = []
    if not any(marker in text for marker in _required()[kind]) and not (
        kind == "count" and _patterns()["other_unit_hint"].search(text)
    ):
        return ()
    for m in _patterns()[kind].finditer(text):
        group = next(g for g in ("num", "pnum", "tnum") if m.groupdict().get(g))
        raw = m.group(group)
        # a qualifier word or 百分之 starts the match; otherwise the number itself does
        lead = m.start() if (m.group("qb") or group == "pnum") else m.start(group)
        if _blocked(text, lead, raw) or (kind == "count" and _slogan_one(text, lead, raw)):
            continue
        if kind == "count" and m.group("mw") and not _counts_items(text, lead, m.group("mw"), found):
            continue
        if raw in _numerals()["lone_units"] and group != "pnum" and not (m.group("qb") or m.group("qa")):
            continue  # a bare 百/千 is part of a word (百姓, 千家万户), not a number
        value = parse_number(raw)
        if value is None:
            continue
        if group == "tnum":
            value *= 10  # N成 = N tenths (ANNOTATION.md: 近九成 → 90)
        qualifier = _qualifier_of(m.group("qb"), "before") or _qualifier_of(m.group("qa"), "after") or "eq"
        found.append(Value(kind, value, qualifier, m.start(), m.end(), raw))
    return tuple(found)
