"""Score tiban against gold annotations, exactly as ../shared/corpus/ANNOTATION.md says a run is scored.

Measures: both sides reduced to distinct (metric, body, value); a prediction matches an unmatched gold
measure of the same metric whose value is within 0.01 (or equals the gold `likely`); micro P/R/F1,
and a strict variant that also requires the same body. Topics: phrases compared after t2s and
trimming 关于/的问题/等, greedy by difflib ratio ≥ 0.6; count and category accuracy on matched pairs.
doc_type and year exact; agency when one name contains the other.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline import data
from pipeline.errors import UsageError
from pipeline.normalise.chars import converter
from pipeline.record import Report, Topic

#: ANNOTATION.md: "a value within 0.01".
VALUE_TOLERANCE = 0.01
#: ANNOTATION.md: "similarity ratio (difflib.SequenceMatcher) is at least 0.6".
TOPIC_RATIO = 0.6


@dataclass
class Tally:
    """Counts for one precision/recall pair."""

    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def add(self, tp: int, n_pred: int, n_gold: int) -> None:
        self.tp += tp
        self.n_pred += n_pred
        self.n_gold += n_gold

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += int(ok)
        self.total += 1

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Scores:
    """Every figure `tiban eval` prints, plus per-document misses for tuning."""

    n_docs: int = 0
    measures: Tally = field(default_factory=Tally)
    measures_strict: Tally = field(default_factory=Tally)
    topics: Tally = field(default_factory=Tally)
    topic_count: Accuracy = field(default_factory=Accuracy)
    topic_category: Accuracy = field(default_factory=Accuracy)
    doc_type: Accuracy = field(default_factory=Accuracy)
    year: Accuracy = field(default_factory=Accuracy)
    agency: Accuracy = field(default_factory=Accuracy)
    failed: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    per_metric: dict[str, Tally] = field(default_factory=dict)  # measures P/R by metric
    fp_rules: Counter = field(default_factory=Counter)  # extraction rule → false positives
    confusion: Counter = field(default_factory=Counter)  # (gold category, predicted) of matched topics

    def as_dict(self) -> dict[str, float]:
        out: dict[str, float] = {"documents": self.n_docs, "failed": len(self.failed)}
        for name in ("measures", "measures_strict", "topics"):
            tally: Tally = getattr(self, name)
            out |= {f"{name}_precision": tally.precision, f"{name}_recall": tally.recall, f"{name}_f1": tally.f1}
        for name in ("topic_count", "topic_category", "doc_type", "year", "agency"):
            out[f"{name}_accuracy"] = getattr(self, name).value
        for metric, tally in sorted(self.per_metric.items()):
            out |= {f"{metric}_precision": tally.precision, f"{metric}_recall": tally.recall}
        return out

    def breakdown(self) -> str:
        """What to fix: P/R per metric, the rules behind the false positives, the category misses."""
        lines = ["", "per metric           P      R      F1     tp/pred/gold"]
        for metric, t in sorted(self.per_metric.items(), key=lambda kv: -kv[1].n_gold):
            lines.append(f"  {metric:<18} {t.precision:.3f}  {t.recall:.3f}  {t.f1:.3f}  {t.tp}/{t.n_pred}/{t.n_gold}")
        lines += ["", "false positives by rule"]
        lines += [f"  {rule:<24} {n}" for rule, n in self.fp_rules.most_common()] or ["  (none)"]
        misses = [(pair, n) for pair, n in self.confusion.most_common() if pair[0] != pair[1]]
        lines += ["", "topic category confusion (gold -> predicted, misses only)"]
        lines += [f"  {g:<15} -> {p or 'None':<15} {n}" for (g, p), n in misses] or ["  (none)"]
        return "\n".join(lines)

    def render(self) -> str:
        m, s, t = self.measures, self.measures_strict, self.topics
        lines = [
            f"documents            {self.n_docs} ({len(self.failed)} failed)",
            f"measures             P {m.precision:.3f}  R {m.recall:.3f}  F1 {m.f1:.3f}  (tp {m.tp}, pred {m.n_pred}, gold {m.n_gold})",
            f"measures (strict)    P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}",
            f"topics               P {t.precision:.3f}  R {t.recall:.3f}  F1 {t.f1:.3f}  (tp {t.tp}, pred {t.n_pred}, gold {t.n_gold})",
            f"topic count acc      {self.topic_count.value:.3f}  ({self.topic_count.right}/{self.topic_count.total})",
            f"topic category acc   {self.topic_category.value:.3f}  ({self.topic_category.right}/{self.topic_category.total})",
            f"doc_type acc         {self.doc_type.value:.3f}  ({self.doc_type.right}/{self.doc_type.total})",
            f"year acc             {self.year.value:.3f}  ({self.year.right}/{self.year.total})",
            f"agency acc           {self.agency.value:.3f}  ({self.agency.right}/{self.agency.total})",
        ]
        return "\n".join(lines)


@lru_cache(maxsize=1)
def _trim_pattern() -> re.Pattern[str]:
    affixes = data.topic_trim()
    return re.compile("|".join(re.escape(a) for a in sorted(affixes, key=len, reverse=True)))


def clean_phrase(phrase: str) -> str:
    """ANNOTATION.md's comparison form: simplified, without 关于 / 的问题 / 等."""
    return _trim_pattern().sub("", converter().convert(phrase or "")).strip()


def _distinct(measures: Iterable[tuple[str, str, float, float | None]]) -> list[tuple[str, str, float, float | None]]:
    seen: dict[tuple[str, str, float], float | None] = {}
    for metric, body, value, likely in measures:
        seen.setdefault((metric, body, round(float(value), 6)), likely)
    return [(m, b, v, lk) for (m, b, v), lk in seen.items()]


def _value_match(pred: float, gold: float, likely: float | None) -> bool:
    if abs(pred - gold) <= VALUE_TOLERANCE:
        return True
    return likely is not None and abs(pred - likely) <= VALUE_TOLERANCE


def match_measures(pred: list, gold: list, strict: bool) -> tuple[int, list, list]:
    """Greedy one-to-one matching; returns (tp, unmatched predictions, unmatched gold)."""
    remaining = list(gold)
    missed_pred = []
    tp = 0
    for metric, body, value, _ in pred:
        hit = next(
            (g for g in remaining if g[0] == metric and (not strict or g[1] == body) and _value_match(value, g[2], g[3])),
            None,
        )
        if hit is None:
            missed_pred.append((metric, body, value))
        else:
            remaining.remove(hit)
            tp += 1
    return tp, missed_pred, [(m, b, v) for m, b, v, _ in remaining]


def match_topics(pred: list[Topic], gold: list[dict]) -> list[tuple[Topic, dict]]:
    """Each predicted phrase takes the most similar unmatched gold phrase at ratio ≥ 0.6."""
    pairs = []
    pool = [(clean_phrase(g["phrase"]), g) for g in gold]
    for topic in pred:
        phrase = clean_phrase(topic.phrase)
        best, best_ratio = None, TOPIC_RATIO
        for item in pool:
            ratio = difflib.SequenceMatcher(None, phrase, item[0]).ratio()
            if ratio >= best_ratio and (best is None or ratio > best_ratio):
                best, best_ratio = item, ratio
        if best is not None:
            pool.remove(best)
            pairs.append((topic, best[1]))
    return pairs


def _agency_ok(pred: str | None, gold: str | None) -> bool:
    if not pred or not gold:
        return not pred and not gold
    pred, gold = converter().convert(pred), converter().convert(gold)
    return pred in gold or gold in pred


def score_document(report: Report, gold: dict, scores: Scores) -> None:
    """Add one document's comparison to `scores` (and a detail line per miss)."""
    stem = gold.get("id") or Path(report.source).stem
    scores.n_docs += 1
    if not report.ok:
        scores.failed.append(f"{stem}: {report.error}")
    pred = _distinct((m.metric, m.body, m.value, None) for m in report.measures)
    gold_m = _distinct((g["metric"], g["body"], g["value"], g.get("likely")) for g in gold.get("measures", []))
    tp, fp, fn = match_measures(pred, gold_m, strict=False)
    scores.measures.add(tp, len(pred), len(gold_m))
    _per_metric(scores, pred, gold_m, fp)
    tp_s, _, _ = match_measures(pred, gold_m, strict=True)
    scores.measures_strict.add(tp_s, len(pred), len(gold_m))
    pairs = match_topics(list(report.topics), gold.get("topics", []))
    scores.topics.add(len(pairs), len(report.topics), len(gold.get("topics", [])))
    for topic, g in pairs:
        scores.topic_count.add(topic.count == g.get("count"))
        if g.get("category"):
            scores.topic_category.add(topic.category == g["category"])
            scores.confusion[(g["category"], topic.category)] += 1
    scores.doc_type.add(report.doc_type == gold.get("doc_type"))
    scores.year.add(report.year == gold.get("year"))
    scores.agency.add(_agency_ok(report.agency, gold.get("agency")))
    _details(scores, stem, report, gold, fp, fn)


def _per_metric(scores: Scores, pred: list, gold: list, fp: list) -> None:
    """Per-metric tallies: a metric's true positives are its predictions that were not false."""
    for metric in {m for m, *_ in pred} | {m for m, *_ in gold}:
        n_pred = sum(m == metric for m, *_ in pred)
        tp = n_pred - sum(m == metric for m, *_ in fp)
        scores.per_metric.setdefault(metric, Tally()).add(tp, n_pred, sum(m == metric for m, *_ in gold))


def _details(scores: Scores, stem: str, report: Report, gold: dict, fp: list, fn: list) -> None:
    """A line per miss with its evidence: the rule and text behind a false positive, the gold
    evidence of a missed figure."""
    made = {}
    for m in report.measures:
        made.setdefault((m.metric, m.body, round(m.value, 6)), m)
    for item in fp:
        m = made.get((item[0], item[1], round(item[2], 6)))
        rule, evidence = (m.rule, m.evidence) if m else ("?", "")
        scores.fp_rules[rule] += 1
        scores.details.append(f"{stem}\tFP measure\t{item}\t{rule}\t{_one_line(evidence)}")
    wanted = {(g["metric"], g["body"], round(float(g["value"]), 6)): g.get("evidence", "") for g in gold.get("measures", [])}
    for item in fn:
        evidence = wanted.get((item[0], item[1], round(item[2], 6)), "")
        scores.details.append(f"{stem}\tFN measure\t{item}\tgold\t{_one_line(evidence)}")
    for name in ("doc_type", "year"):
        if getattr(report, name) != gold.get(name):
            scores.details.append(f"{stem}\t{name}\tpred={getattr(report, name)!r} gold={gold.get(name)!r}")
    if not _agency_ok(report.agency, gold.get("agency")):
        scores.details.append(f"{stem}\tagency\tpred={report.agency!r} gold={gold.get('agency')!r}")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def gold_pairs(golddir: Path) -> list[tuple[Path, Path]]:
    """(document, gold JSON) pairs of a folder, matched by file stem."""
    golddir = Path(golddir)
    pairs = []
    for gold in sorted(golddir.glob("*.json")):
        docs = [p for p in golddir.glob(gold.stem + ".*") if p.suffix != ".json"]
        if docs:
            pairs.append((sorted(docs)[0], gold))
    return pairs


def evaluate(golddir: str | Path) -> Scores:
    """Process every document of `golddir` that has a gold JSON beside it and score the results."""
    from pipeline.core import process

    scores = Scores()
    pairs = gold_pairs(Path(golddir))
    if not pairs:  # scoring nothing would print 1.000 everywhere
        raise UsageError(f"{golddir}: no gold files (ID.json beside ID.txt, ANNOTATION.md) to score against")
    for doc, gold in pairs:
        scores_gold = json.loads(gold.read_text(encoding="utf-8"))
        score_document(process(doc), scores_gold, scores)
    return scores


def main(argv: list[str] | None = None) -> int:
    """`python -m pipeline.evaluate GOLDDIR [--details]` for tuning without the CLI."""
    args = sys.argv[1:] if argv is None else argv
    scores = evaluate(args[0])
    print(scores.render())
    print(scores.breakdown())
    if "--details" in args:
        print("\n".join(scores.details))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
