"""Accuracy gate (trafilatura-style): scores on the real dev corpus, the seeds and the team's holdout
texts may only go up.

The floors live in tests/accuracy_floor.json; raise them when the pipeline improves, never lower them.
`corpora/holdout` is invented text written after the first rules (see its README); it has since been
tuned on too, so it guards against regressions rather than measuring generalisation.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO

from pipeline.evaluate import evaluate

FLOORS = json.loads((Path(__file__).parent / "accuracy_floor.json").read_text(encoding="utf-8"))
CASES = [(corpus, metric) for corpus in sorted(FLOORS) for metric in sorted(FLOORS[corpus])]


@pytest.fixture(scope="module")
def scores(request) -> dict[str, dict[str, float]]:
    """corpus → scores, computed once per module for every corpus that has floors."""
    dirs = {
        "dev": lambda: request.getfixturevalue("dev_dir"),
        "seeds": lambda: request.getfixturevalue("seeds_dir"),
        "holdout": lambda: REPO / "corpora" / "holdout",
        "holdout_c": lambda: REPO / "corpora" / "holdout_c",
        "holdout_d": lambda: REPO / "corpora" / "holdout_d",
        "samples": lambda: REPO / "corpora" / "samples",
    }
    return {corpus: evaluate(dirs[corpus]()).as_dict() for corpus in FLOORS}


@pytest.mark.parametrize(("corpus", "metric"), CASES)
def test_scores_meet_floor(scores, corpus: str, metric: str) -> None:
    got = scores[corpus][metric]
    assert got >= FLOORS[corpus][metric], f"{corpus} {metric} {got:.3f} < floor {FLOORS[corpus][metric]}"


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_no_document_fails(scores, corpus: str) -> None:
    assert scores[corpus]["failed"] == 0


def test_floors_cover_the_issue_targets() -> None:
    """The issue's bars (measure F1 ≥ 0.90, doc_type ≥ 0.95, category ≥ 0.85) are never below the floors."""
    dev = FLOORS["dev"]
    assert dev["measures_f1"] >= 0.90 and dev["doc_type_accuracy"] >= 0.95
    assert dev["topic_category_accuracy"] >= 0.85
