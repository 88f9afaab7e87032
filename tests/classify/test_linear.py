"""The numpy export of the topic model: same probabilities as the skops pipeline, safe to load,
used only when made from the very skops file beside it, and no scikit-learn import at run time."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from pipeline.classify import features as feats
from pipeline.classify.data import load_phrases, normalise_phrase
from pipeline.classify.linear import (
    LinearTopicScorer,
    _pack,
    _unpack,
    export,
    export_file,
    file_sha256,
    linear_path,
    read,
    save,
)
from pipeline.classify.model import load, load_skops, load_uncached, model_path
from pipeline.errors import ModelError
from pipeline.resources import models_dir

REPO = Path(__file__).resolve().parents[2]
PHRASES = load_phrases()
#: The brief's bound; the scorer follows sklearn's operation order and is in fact exact (diff 0.0).
TOLERANCE = 1e-9


@lru_cache(maxsize=1)
def _skops():
    return load_skops(model_path()).pipeline


@lru_cache(maxsize=1)
def _scorer() -> LinearTopicScorer:
    return LinearTopicScorer(read(linear_path(model_path())))


def _gold_phrases(*dirs: Path) -> list[str]:
    return [topic["phrase"] for folder in dirs for path in sorted(folder.glob("*.json"))
            for topic in json.loads(path.read_text(encoding="utf-8")).get("topics", []) if topic.get("phrase")]


def _max_diff(pipeline, scorer, texts: list[str]) -> float:
    return float(np.abs(pipeline.predict_proba(texts) - scorer.predict_proba(texts)).max())


# --- same probabilities -------------------------------------------------------------------------

EDGE_TEXTS = [
    "",  # no features: decision = intercept
    "   ",  # whitespace run collapsed to one space
    "\t",  # a single tab is kept as it is (sklearn collapses only runs of 2+)
    "a \n\t b",
    "關於加強農村留守兒童關愛保護的建議",  # traditional script
    "5G基站建设 AND Wi-Fi",  # latin letters, upper case
    "İSTANBUL ǅ ẞ",  # lower() changes the length of İ
    "𠀀𠀁𪚥\u0000\x7f",  # unseen characters, astral plane, NUL
    "老旧小区改造" * 40,  # long: repeated n-grams, sublinear tf
]


def test_scorer_equals_pipeline_on_training_phrases():
    texts = [p.text for p in PHRASES]
    texts += [normalise_phrase(t) for t in texts]
    assert len(texts) > 11800  # 5,941 phrases and their normalised forms (6,021 before the 2026-12 leak removal)
    assert _max_diff(_skops(), _scorer(), texts) <= TOLERANCE


def test_scorer_equals_pipeline_on_gold_phrases(dev_dir, seeds_dir):
    texts = _gold_phrases(dev_dir, seeds_dir)
    assert len(texts) >= 200
    assert _max_diff(_skops(), _scorer(), texts + [normalise_phrase(t) for t in texts]) <= TOLERANCE


@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_scorer_equals_pipeline_on_edge_texts(text):
    assert _max_diff(_skops(), _scorer(), [text]) <= TOLERANCE


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=60), min_size=1, max_size=4))
def test_scorer_equals_pipeline_on_any_text(texts):
    assert _max_diff(_skops(), _scorer(), texts) <= TOLERANCE


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_char_ngrams_are_sklearns(text):
    analyzer = _skops().steps[0][1].build_analyzer()
    assert Counter(_scorer()._ngrams(text)) == Counter(analyzer(text))


def test_predictions_equal_skops_model(dev_dir, seeds_dir):
    """TopicModel.predict gives the same Prediction values through either file."""
    texts = _gold_phrases(dev_dir, seeds_dir) + [p.text for p in PHRASES if p.split == "test"][:300] + EDGE_TEXTS
    fast, slow = load(), load_skops(model_path())
    assert isinstance(fast.pipeline, LinearTopicScorer)
    assert fast.classes == slow.classes
    assert fast.predict(texts) == slow.predict(texts)
    assert fast.predict(texts, lists=False) == slow.predict(texts, lists=False)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(), max_size=6))
def test_strings_round_trip_through_code_points(strings):
    points, offsets = _pack(strings)
    assert points.dtype == np.uint32 and len(offsets) == len(strings) + 1
    assert _unpack(points, offsets) == strings


# --- the shipped pair and the loader's choice ---------------------------------------------------


def test_shipped_export_is_made_from_the_shipped_skops_file():
    arrays = read(models_dir() / "topics.npz")
    assert str(arrays["skops_sha256"]) == file_sha256(models_dir() / "topics.skops")
    assert all(a.dtype != object for a in arrays.values())


def _copy_model(tmp_path: Path) -> Path:
    target = tmp_path / "topics.skops"
    shutil.copyfile(model_path(), target)
    return target


def test_current_export_is_used(tmp_path):
    skops = _copy_model(tmp_path)
    export_file(_skops(), skops)
    assert isinstance(load_uncached(skops).pipeline, LinearTopicScorer)


def test_stale_export_falls_back_to_skops(tmp_path):
    skops = _copy_model(tmp_path)
    save(export(_skops(), "0" * 64), linear_path(skops))
    assert type(load_uncached(skops).pipeline).__name__ == "Pipeline"


def test_missing_export_falls_back_to_skops(tmp_path):
    skops = _copy_model(tmp_path)
    assert type(load_uncached(skops).pipeline).__name__ == "Pipeline"


def test_export_without_skops_file_is_not_used(tmp_path):
    """Negative: the export alone is no model (nothing to check its sha256 against)."""
    skops = tmp_path / "topics.skops"
    save(export(_skops(), file_sha256(model_path())), linear_path(skops))
    with pytest.raises(ModelError, match="train-topics"):
        load_uncached(skops)


# --- broken exports: ModelError, because a corrupt file is a broken install, never a silent fallback


def _valid_arrays() -> dict[str, np.ndarray]:
    return export(_skops(), file_sha256(model_path()))


def _write(tmp_path: Path, arrays: dict) -> Path:
    skops = _copy_model(tmp_path)
    save(arrays, linear_path(skops))
    return skops


def test_truncated_export_is_refused(tmp_path):
    skops = _copy_model(tmp_path)
    export_file(_skops(), skops)
    data = linear_path(skops).read_bytes()
    linear_path(skops).write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError, match="topics.npz: not a topic model export"):
        load_uncached(skops)


def test_random_bytes_export_is_refused(tmp_path):
    skops = _copy_model(tmp_path)
    linear_path(skops).write_bytes(os.urandom(4096))
    with pytest.raises(ModelError, match="topics.npz"):
        load_uncached(skops)


class _Payload:
    """Unpickling this creates `marker`: proof that a loader ran code from the file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_object_array_is_refused_without_unpickling(tmp_path):
    marker = tmp_path / "ran"
    arrays = _valid_arrays()
    arrays["coef"] = np.array([_Payload(marker)], dtype=object)
    skops = _write(tmp_path, arrays)
    with pytest.raises(ModelError, match="not a topic model export"):
        load_uncached(skops)
    assert not marker.exists()


def _broken(key: str, value) -> dict:
    arrays = _valid_arrays()
    if value is None:
        del arrays[key]
    else:
        arrays[key] = value
    return arrays


BROKEN = [
    ("idf", None, "missing arrays: idf"),
    ("format", np.array(99), "format"),
    ("coef", np.full((14, 7), 0.5), "shape"),
    ("intercept", np.array([np.nan] * 14), "not finite"),
    ("terms", np.array([1.5, 2.5]), "integer"),
    ("term_offsets", np.zeros(1), "shape"),
    ("skops_sha256", np.array(12345), "scalar"),
    ("ngram_range", np.array([2, 1]), "ngram_range"),
]


@pytest.mark.parametrize("key, value, reason", BROKEN)
def test_inconsistent_export_is_refused(tmp_path, key, value, reason):
    skops = _write(tmp_path, _broken(key, value))
    with pytest.raises(ModelError, match=reason):
        load_uncached(skops)


def test_valid_rewritten_export_is_accepted(tmp_path):
    """Negative of the table above: the untouched arrays load (the test helpers break nothing)."""
    skops = _write(tmp_path, _valid_arrays())
    assert isinstance(load_uncached(skops).pipeline, LinearTopicScorer)


# --- export refuses other shapes, reproduces other parameters -----------------------------------


@lru_cache(maxsize=1)
def _small_data() -> tuple[list[str], list[str]]:
    """12 training phrases per category: enough for 5-fold calibration, fast to fit."""
    seen: Counter[str] = Counter()
    texts, labels = [], []
    for p in PHRASES:
        if p.split == "train" and seen[p.category] < 12:
            seen[p.category] += 1
            texts.append(normalise_phrase(p.text))
            labels.append(p.category)
    return texts, labels


def _fit(vectorizer, classifier=None):
    classifier = classifier or CalibratedClassifierCV(LinearSVC(random_state=1), method="sigmoid", cv=5,
                                                      ensemble=False)
    return Pipeline([("features", vectorizer), ("clf", classifier)]).fit(*_small_data())


OTHER_SHAPES = [
    ("words", lambda: feats.build("words", "linsvc").fit(*_small_data()), "analyzer"),
    ("char_wb", lambda: _fit(TfidfVectorizer(analyzer="char_wb")), "analyzer"),
    ("binary", lambda: _fit(TfidfVectorizer(analyzer="char", binary=True)), "binary"),
    ("l1", lambda: _fit(TfidfVectorizer(analyzer="char", norm="l1")), "norm"),
    ("no idf", lambda: _fit(TfidfVectorizer(analyzer="char", use_idf=False)), "use_idf"),
    ("cnb", lambda: feats.build("chars", "cnb").fit(*_small_data()), "LinearSVC"),
    ("union", lambda: feats.build("words+chars", "linsvc").fit(*_small_data()), "TfidfVectorizer"),
    ("ensemble", lambda: _fit(TfidfVectorizer(analyzer="char"),
                              CalibratedClassifierCV(LinearSVC(), method="sigmoid", cv=5)), "ensemble"),
    ("isotonic", lambda: _fit(TfidfVectorizer(analyzer="char"),
                              CalibratedClassifierCV(LinearSVC(), method="isotonic", cv=5, ensemble=False)),
     "sigmoid"),
    ("bare svc", lambda: Pipeline([("f", TfidfVectorizer(analyzer="char")), ("c", LinearSVC())]).fit(
        *_small_data()), "sigmoid"),
]


@pytest.mark.parametrize("name, make, reason", OTHER_SHAPES, ids=[s[0] for s in OTHER_SHAPES])
def test_export_refuses_other_shapes(name, make, reason):
    with pytest.raises(ValueError, match=reason):
        export(make())


def test_export_refuses_an_unfitted_or_foreign_object():
    with pytest.raises(ValueError):
        export(object())
    with pytest.raises(ValueError):
        export(Pipeline([("f", TfidfVectorizer(analyzer="char"))]))
    with pytest.raises(ValueError, match="not fitted"):
        export(feats.build("chars", "linsvc"))


@pytest.mark.parametrize("params", [
    {"lowercase": False, "ngram_range": (1, 3), "sublinear_tf": False},
    {"lowercase": True, "ngram_range": (2, 2), "sublinear_tf": True},
])
def test_export_reproduces_other_supported_parameters(params):
    model = _fit(TfidfVectorizer(analyzer="char", **params))
    scorer = LinearTopicScorer(export(model))
    texts = [p.text for p in PHRASES[:400]] + EDGE_TEXTS
    assert list(scorer.classes_) == list(model.classes_)
    assert _max_diff(model, scorer, texts) <= TOLERANCE


# --- start-up: no scikit-learn --------------------------------------------------------------------

NO_SKLEARN = """
import sys
from pipeline.classify.model import load
model = load()
preds = model.predict(["老旧小区改造", "電信詐騙防範打擊", ""])
print(type(model.pipeline).__name__, [p.category for p in preds])
print(sorted({name.split(".")[0] for name in sys.modules} & {"sklearn", "scipy", "skops", "joblib"}))
"""


def test_loading_and_predicting_does_not_import_sklearn():
    env = {k: v for k, v in os.environ.items() if k != "TIBAN_MODELS"}
    out = subprocess.run([sys.executable, "-c", NO_SKLEARN], cwd=REPO, env=env, capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out[0] == "LinearTopicScorer ['urban_housing', 'public_safety', 'other']"
    assert out[1] == "[]"
