"""The context of a count that decides whether it is a measure and whose it is: asides and
breakdown brackets, role nouns after it, class letters, shares of a total, per-body groups.

Split out of measure_counts (which orders the rules) so each stays a readable size; every function
here reads one construction family (README "Extraction families") and is tested by its sentences in
tests/extract/test_measures_families.py.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from pipeline.extract import measure_body
from pipeline.extract.measure_patterns import patterns
from pipeline.extract.measure_view import Hit
from pipeline.extract.numbers import Value, find_values

#: Characters besides body nouns and fillers a clause may hold and still be "body only": spinner
#: substitutions like 天下 for 全国 (dev c022) are two characters; topic labels are longer (殡葬改革).
SPUN_CHARS = 2


#: A closed bracket between a keyword and its count is an aside ('牵头主办(含独办、分办,下同)的建议、
#: 提案35件', dev a021): it names no object of the keyword.
ASIDE = re.compile(r"\([^()]*\)")


def own_letter(clause: str) -> str | None:
    """The class letter labelling the count that ends `clause` ('B类建议2件'), when only body nouns
    and fillers stand between them ('A类企业12件' counts firms of class A)."""
    found = list(patterns().legend.finditer(clause))
    if not found or other_words(clause[found[-1].end() :]):
        return None
    return found[-1].group(1).upper()


def class_convention(text: str) -> dict[str, str]:
    """Letter → metric for the class letters of `text` by the common convention (three classes
    A–C, or four A–D when D类 is used); the text's own legend and first explained uses win."""
    letters = {m.group(1).upper() for m in patterns().legend.finditer(text)} & set("ABCD")
    if not letters:
        return {}
    return dict(patterns().class_convention[4 if "D" in letters else 3])


def other_words(text: str) -> str:
    """`text` without body nouns and fillers: what else it names."""
    return patterns().fillers.sub("", measure_body.strip_bodies(text)).strip()


def body_only(clause: str, spun: int = SPUN_CHARS) -> bool:
    """True when a clause holds body nouns and fillers only (nothing that names another metric);
    a spun word or two beside the body noun is tolerated ('天下政协提案4868件', dev c022)."""
    if not measure_body.bodies_in(clause):
        return False
    return len(other_words(clause)) <= spun


def open_bracket(sentence: str, at: int) -> int:
    """Position of the bracket still open at `at`, or -1."""
    i = sentence.rfind("(", 0, at)
    return i if i >= 0 and ")" not in sentence[i:at] else -1


def names_property(clause: str, spun: int = 0) -> bool:
    """True when a clause holds more than body nouns and fillers (and `spun` other characters):
    '含平字建议提案' picks a part out by a property, where '其中人大代表建议' (a body split) and
    '其中市属' (a filler) do not."""
    return bool(patterns().fillers.sub("", clause).strip()) and not body_only(clause, spun)


def in_aside(sentence: str, at: int) -> bool:
    """True inside a '(含…', '(包括…', '(其中…' aside (aside_openers.txt)."""
    i = open_bracket(sentence, at)
    return i >= 0 and bool(patterns().aside.match(sentence, i))


def under_unread(sentence: str, at: int, unread: list[int]) -> bool:
    """True inside a bracket that opens right after a count of a subject not read as a measure: its
    breakdown ('其中消防事项13件(主办6件,会办7件)', dev w0166) splits a topic, not the items; a body
    count left unread ('州人大代表建议2件(主办件2件…)') still has its breakdown read."""
    i = open_bracket(sentence, at)
    return i >= 0 and i in unread


#: Where the words right after a count end (a role noun after it: '22件主办件、10件协办件').
NEXT_STOP = re.compile(r"[,、;。:]")


def role_after(sentence: str, counts: list[Value], i: int) -> tuple[str, int] | None:
    """(metric, length) of a role noun right after count i ('22件主办件', '5件为汇办'), read up to
    the next separator or count."""
    nxt = counts[i + 1].start if i + 1 < len(counts) else len(sentence)
    return role_words(sentence, counts[i].end, nxt)


@lru_cache(maxsize=1)
def _role_start() -> re.Pattern[str]:
    """Every role_after.tsv row as one alternation, tried where a count ends before anything else."""
    return re.compile("|".join(f"(?:{kw.pattern.pattern})" for kw in patterns().role_after))


def role_words(sentence: str, end: int, nxt: int) -> tuple[str, int] | None:
    """The role noun that is all the words from `end` to the next separator; words running into
    the next count ('22件主办' + '15件') say nothing sure."""
    if not _role_start().match(sentence, end):  # most counts: no role word right after them
        return None
    words = sentence[end:nxt]
    stop = NEXT_STOP.search(words)
    if not stop and nxt < len(sentence) and not words.endswith(")"):
        return None
    words = words[: stop.start()] if stop else words
    inner = words[:-1] if words.endswith(")") and "(" not in words else words  # '(2件为主办,5件为汇办)'
    for kw in patterns().role_after:
        if kw.pattern.fullmatch(inner):
            return kw.metric, len(inner)
    return None


#: Characters after a count read for its share of a total (',占立案总数的92%' is 11).
SHARE_WINDOW = 16


def part_of_total(metric: str, sentence: str, v: Value, clause: str) -> bool:
    """A total followed by its share of a total ('…方面提出提案101件,占总数的9.9%') is a part picked
    out by a property (ANNOTATION.md: subsets are not totals), unless its clause names bodies only
    (a body split of the total)."""
    if metric != "items_total":
        return False
    after = sentence[v.end : v.end + SHARE_WINDOW]
    return bool(patterns().share_of_total.match(after)) and not body_only(clause, 0)


def opens_group(
    sentence: str, counts: list[Value], i: int, rule: str, metric: str, body: str, prev_body: str | None
) -> bool:
    """True for a body's count after ';' that would inherit the lead/assist of the group before it
    ('…协办件1件;政协提案13件,其中主办件11件'): it is the next group's total, not a breakdown
    (the caller leaves out counts whose metric a scope opener such as '协办件中,' carries)."""
    if rule != "count_inherit" or metric not in ("items_lead", "items_assist") or not i:
        return False
    return ";" in sentence[counts[i - 1].end : counts[i].start] and body not in (prev_body, "all")


def group_body(sentence: str, at: int, totals: list[tuple[int, str]]) -> str | None:
    """The body of the totals read in the ';'-part of the sentence holding `at`, when they name one
    body: a per-body group breaks its own total down ('承办人大议案14件,其中主办件13件、协办件1件;
    政协提案13件,其中主办件11件…', dev a015, a036, w0030)."""
    part = sentence.rfind(";", 0, at)
    bodies = {body for start, body in totals if start > part}
    return bodies.pop() if len(bodies) == 1 and "all" not in bodies else None


def body_openers(sentence: str) -> list[tuple[int, int, str | None]]:
    """(start, end of scope, body) of each body opener ('人大代表建议中,…'): the counts after it
    that name no body are that body's until the next opener or ';' (holdout_c hC10). One pass per
    sentence, so a sentence with many counts stays linear."""
    out = []
    for m in patterns().body_opener.finditer(sentence):
        if body_only(m.group(1), 0):
            stop = sentence.find(";", m.end())
            body = measure_body.decide(measure_body.bodies_in(m.group(1)))
            out.append((m.end(), stop if stop >= 0 else len(sentence), body))
    return out


def opened_body(openers: list[tuple[int, int, str | None]], at: int) -> str | None:
    """The body of the last opener before `at` whose scope still holds `at`."""
    k = bisect.bisect_right([start for start, _, _ in openers], at)
    return openers[k - 1][2] if k and at <= openers[k - 1][1] else None


def lead_in_document(hits: list[Hit], clauses: list[str], contrast: bool) -> tuple[list[Hit], bool]:
    """Once a document sets 承办 against 协办 ('共接收…31件(其中承办27件,协办4件)'), its later bare
    承办 counts are lead too ('承办人大代表议案建议11件', dev a003): the document has said what 承办
    means. A 共承办 total stays a total (lead_end excludes it). Returns the hits and whether the
    document has now made the contrast (`contrast`: it had before this sentence)."""
    contrast = contrast or any(h.rule == "count_lead" for h in hits)
    if not contrast:
        return hits, contrast
    lead_end = patterns().lead_end
    return [
        h._replace(metric="items_lead", rule="count_lead") if h.metric == "items_total"
        and h.rule == "count_keyword" and lead_end.search(measure_body.strip_bodies(c).strip()) else h
        for h, c in zip(hits, clauses)
    ], contrast


#: A parenthetical right after a count (at most 30 characters: the longest class description in dev
#: is 24); no digits, since "(除市扶贫办3件)" holds a count of its own.
OWN_PAREN = re.compile(r"\([^()\d]{1,30}\)")


def own_end(sentence: str, end: int) -> int:
    """End of a count with the parenthetical or role noun right after it ('A类60件(已解决或基本解决)',
    '22件主办件'), which describes this count and must not be read as the description of the next one."""
    role = role_words(sentence, end, len(sentence))
    if role:
        return end + role[1]
    m = OWN_PAREN.match(sentence, end)
    if not m or find_values(m.group(), "count"):  # '(含重点建议一件)' holds a count of its own
        return end
    return m.end()
