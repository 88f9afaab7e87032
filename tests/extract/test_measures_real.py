"""Measures on the real seed and dev texts (read through the fixtures, never copied into the repo)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.core import process
from pipeline.evaluate import evaluate


def _seed(seeds_dir: Path, prefix: str) -> Path:
    (path,) = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
    return path


def test_seed_004_traditional_outcome_classes(seeds_dir: Path) -> None:
    report = process(_seed(seeds_dir, "004"))
    got = {(m.metric, m.value, m.qualifier) for m in report.measures}
    assert got == {
        ("items_total", 13.0, "eq"),
        ("items_key", 1.0, "eq"),
        ("rate_reply", 100.0, "eq"),
        ("rate_satisfaction", 90.0, "ge"),
        ("items_solved", 8.0, "eq"),
        ("items_planned", 4.0, "eq"),
        ("items_unsolved", 1.0, "eq"),
    }
    assert {m.body for m in report.measures} == {"cppcc"}


def test_seed_003_corrupted_rate_is_flagged_not_fixed(seeds_dir: Path) -> None:
    report = process(_seed(seeds_dir, "003"))
    satisfaction = [m for m in report.measures if m.metric == "rate_satisfaction"]
    assert len(satisfaction) == 1  # the target '确保…满意率达20230%' is not a second one
    (m,) = satisfaction
    assert (m.value, m.implausible, m.likely) == (20230.0, True, 100.0)


def test_seed_001_rates_named_without_values_give_nothing(seeds_dir: Path) -> None:
    report = process(_seed(seeds_dir, "001"))
    assert {(m.metric, m.value) for m in report.measures} == {("rate_satisfaction", 100.0), ("rate_reply", 100.0)}


@pytest.mark.parametrize("corpus", ["seeds", "dev"])
def test_evidence_spans_on_real_texts(corpus: str, seeds_dir: Path, dev_dir: Path) -> None:
    folder = seeds_dir if corpus == "seeds" else dev_dir
    for path in sorted(folder.glob("*.txt")):
        report = process(path)
        for m in report.measures:
            assert report.text[m.start : m.end] == m.evidence, (path.name, m)


def test_measure_f1_on_dev_and_seeds(seeds_dir: Path, dev_dir: Path) -> None:
    # the floors of tests/e2e/accuracy_floor.json (dev: what main measured on the 172 texts; they only rise)
    floors = json.loads((Path(__file__).parents[1] / "e2e" / "accuracy_floor.json").read_text(encoding="utf-8"))
    for name, folder in (("dev", dev_dir), ("seeds", seeds_dir)):
        scores = evaluate(folder).as_dict()
        assert scores["measures_f1"] >= floors[name]["measures_f1"], (name, scores["measures_f1"])
