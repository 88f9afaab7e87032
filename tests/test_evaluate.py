"""pipeline.evaluate: what `tiban eval` tells about a run (invented gold, scored for real)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.errors import UsageError
from pipeline.evaluate import evaluate

TEXT = "今年本局共承办政协提案12件,其中主办8件、协办4件,满意率为100%。主要涉及交通出行、义务教育等方面。\n"


def _gold(folder: Path, measures: list[dict], topics: list[dict] | None = None) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "d1.txt").write_text(TEXT, encoding="utf-8")
    gold = {"id": "d1", "script": "simplified", "doc_type": "handling_report", "year": None, "agency": None,
            "measures": measures, "topics": topics or []}
    (folder / "d1.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return folder


def _m(metric: str, value: float, evidence: str, body: str = "cppcc") -> dict:
    return {"metric": metric, "body": body, "value": value, "qualifier": "eq", "evidence": evidence}


def test_per_metric_precision_recall_and_the_rule_behind_each_false_positive(tmp_path: Path) -> None:
    # gold forgets the assist count and says the total is 13: one FP of each, one FN
    gold = [_m("items_total", 13, "共承办政协提案13件"), _m("items_lead", 8, "主办8件"),
            _m("rate_satisfaction", 100, "满意率为100%")]
    scores = evaluate(_gold(tmp_path / "g", gold))
    total, assist, lead = (scores.per_metric[k] for k in ("items_total", "items_assist", "items_lead"))
    assert (total.tp, total.n_pred, total.n_gold) == (0, 1, 1)
    assert (assist.tp, assist.n_pred, assist.n_gold) == (0, 1, 0)
    assert (lead.precision, lead.recall) == (1.0, 1.0)
    assert sum(scores.fp_rules.values()) == 2 and all(rule != "?" for rule in scores.fp_rules)
    fp = [d for d in scores.details if "\tFP measure\t" in d]
    fn = [d for d in scores.details if "\tFN measure\t" in d]
    assert any("共承办政协提案12件" in d for d in fp)  # the evidence of the false figure
    assert fn == ["d1\tFN measure\t('items_total', 'cppcc', 13.0)\tgold\t共承办政协提案13件"]
    assert "per metric" in scores.breakdown() and "false positives by rule" in scores.breakdown()
    assert scores.as_dict()["items_total_precision"] == 0.0


def test_category_confusion_counts_matched_topics(tmp_path: Path) -> None:
    folder = _gold(tmp_path / "g", [], [{"phrase": "交通出行", "count": None, "category": "culture"}])
    scores = evaluate(folder)
    assert sum(scores.confusion.values()) == 1
    ((gold, pred), n), = scores.confusion.items()
    assert gold == "culture" and n == 1 and pred != "culture"  # a wrong gold label shows as a miss
    assert "culture" in scores.breakdown()


def test_a_folder_without_gold_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(TEXT, encoding="utf-8")
    with pytest.raises(UsageError, match="no gold files"):
        evaluate(tmp_path)
    cli = subprocess.run([sys.executable, "-m", "pipeline.cli", "eval", str(tmp_path)], capture_output=True, text=True)
    assert cli.returncode == 2 and "no gold files" in cli.stderr and "1.000" not in cli.stdout
