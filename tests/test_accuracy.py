"""Accuracy gate on the real dev corpus and seeds (trafilatura-style): scores may only go up.

The floors live in tests/accuracy_floor.json; raise them when the pipeline improves, never lower them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluate import evaluate

FLOORS = json.loads((Path(__file__).parent / "accuracy_floor.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def dev_scores(dev_dir):
    return evaluate(dev_dir).as_dict()


@pytest.fixture(scope="module")
def seed_scores(seeds_dir):
    return evaluate(seeds_dir).as_dict()


@pytest.mark.parametrize("metric", sorted(FLOORS["dev"]))
def test_dev_scores_meet_floor(dev_scores, metric: str) -> None:
    assert dev_scores[metric] >= FLOORS["dev"][metric], f"dev {metric} {dev_scores[metric]:.3f} < floor"


@pytest.mark.parametrize("metric", sorted(FLOORS["seeds"]))
def test_seed_scores_meet_floor(seed_scores, metric: str) -> None:
    assert seed_scores[metric] >= FLOORS["seeds"][metric], f"seeds {metric} {seed_scores[metric]:.3f} < floor"


def test_no_document_fails(dev_scores, seed_scores) -> None:
    assert dev_scores["failed"] == 0 and seed_scores["failed"] == 0
