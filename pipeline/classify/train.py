"""Training of the topic classifier: compare candidates, fit the best, write model and card.

Candidates (feature set × classifier) are ranked by 5-fold cross-validated macro-F1 on the train
split only, so the fixed test split stays an honest estimate of the shipped model. The chosen one is
then fit on the team's train phrases plus the real proposal titles of ../shared/topics (read at
training time, decontaminated against the gold, weighted: pipeline.classify.grouped), and scored on
those titles by cross-validation grouped by page. Everything is seeded: the same data gives the same
scores, model and card.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sklearn.metrics import f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedGroupKFold, cross_val_predict

from pipeline.classify import features as feats
from pipeline.classify.data import (
    category_codes,
    data_hash,
    default_data_dir,
    load_phrases,
    normalise_phrase,
)
from pipeline.classify.grouped import GroupedCV, fit, grouped_cv, trained_titles
from pipeline.classify.linear import export_file, file_sha256
from pipeline.classify.real import (
    RealTitle,
    gold_phrases,
    load_real_titles,
    real_titles_path,
    texts_sha256,
)
from pipeline.errors import ModelError
from pipeline.resources import ROOT, models_dir

#: Thresholds swept for the `other` fallback (0.05 steps cover the whole useful range).
SWEEP = tuple(round(0.1 + 0.05 * i, 2) for i in range(11))
#: The fallback rule: below the threshold the model's own guess must be right less than one time in
#: three, i.e. wrong at least twice as often as right, so `other` (guess kept as runner-up) is the
#: more honest label. The largest swept threshold meeting it is the one to use.
GUESS_RIGHT_BELOW = 1 / 3


@dataclass(frozen=True)
class CategoryScore:
    category: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Candidate:
    features: str
    classifier: str
    cv_macro_f1: float
    test_macro_f1: float


@dataclass(frozen=True)
class SweepRow:
    """What a threshold does to out-of-fold train predictions."""

    threshold: float
    accuracy: float
    share_below: float
    accuracy_below: float | None


@dataclass(frozen=True)
class RealData:
    """What the shipped model took from real_titles.csv: pinned in the card."""

    path: str
    file_sha256: str
    n_rows: int
    n_trained: int
    trained_sha256: str  # real.texts_sha256 of the texts trained on, in file order
    cv: GroupedCV


@dataclass(frozen=True)
class TrainResult:
    features: str
    classifier: str
    macro_f1: float
    accuracy: float
    per_category: tuple[CategoryScore, ...]
    candidates: tuple[Candidate, ...]
    sweep: tuple[SweepRow, ...]
    data_hash: str
    n_train: int
    n_test: int
    real: RealData | None = None
    model_path: Path | None = None
    card_path: Path | None = None
    versions: tuple[tuple[str, str], ...] = field(default=())

    @property
    def threshold(self) -> float:
        """The largest swept threshold below which out-of-fold guesses are right < 1/3 of the time."""
        ok = [r.threshold for r in self.sweep if (r.accuracy_below or 0.0) < GUESS_RIGHT_BELOW]
        return max(ok, default=SWEEP[0])

    def scores(self) -> dict[str, object]:
        """The numbers a retrain must reproduce exactly (rounded as the card prints them)."""
        return {
            "model": f"{self.features} + {self.classifier}",
            "macro_f1": round(self.macro_f1, 4),
            "threshold": self.threshold,
            "accuracy": round(self.accuracy, 4),
            "per_category": {s.category: [round(s.precision, 4), round(s.recall, 4), round(s.f1, 4), s.support]
                             for s in self.per_category},
            "candidates": {f"{c.features} + {c.classifier}": [round(c.cv_macro_f1, 4), round(c.test_macro_f1, 4)]
                           for c in self.candidates},
            "real_titles": None if self.real is None else {
                **self.real.cv.scores(), "file_sha256": self.real.file_sha256,
                "trained": self.real.n_trained, "trained_sha256": self.real.trained_sha256},
        }

    def render(self) -> str:
        """The summary `tiban train-topics` prints."""
        from pipeline.classify.card import summary

        return summary(self)


def _cv() -> StratifiedGroupKFold:
    """Folds that keep a phrase and its traditional variant together (groups = normalised text):
    plain folds put one in each and rewarded memorising (CV 0.89 against 0.85 on the test split)."""
    return StratifiedGroupKFold(n_splits=feats.FOLDS, shuffle=True, random_state=feats.SEED)


def _split(data_dir: Path | None) -> tuple[list[str], list[str], list[str], list[str]]:
    phrases = load_phrases(data_dir)
    known = set(category_codes())
    unknown = sorted({p.category for p in phrases} - known)
    if unknown:
        raise ModelError(f"training data has categories not in taxonomy.csv: {', '.join(unknown)}")
    train = [p for p in phrases if p.split == "train"]
    test = [p for p in phrases if p.split == "test"]
    if not train or not test:
        raise ModelError("training data needs both a train and a test split")
    return ([normalise_phrase(p.text) for p in train], [p.category for p in train],
            [normalise_phrase(p.text) for p in test], [p.category for p in test])


def _compare(xtr, ytr, xte, yte) -> tuple[list[Candidate], dict]:
    """Every candidate's CV macro-F1 on train and (for the table only) test macro-F1."""
    candidates, fitted = [], {}
    for fname in feats.FEATURE_SETS:
        for cname in feats.CLASSIFIERS:
            oof = cross_val_predict(feats.build(fname, cname), xtr, ytr, cv=_cv(), groups=xtr)
            model = feats.build(fname, cname).fit(xtr, ytr)
            test_f1 = f1_score(yte, model.predict(xte), average="macro")
            candidates.append(Candidate(fname, cname, f1_score(ytr, oof, average="macro"), test_f1))
            fitted[(fname, cname)] = model
    return candidates, fitted


def _oof_proba(best: Candidate, xtr, ytr, real: tuple[RealTitle, ...]) -> list:
    """Out-of-fold probabilities of the train split from models fit as the shipped one is (+ real titles)."""
    proba: list = [None] * len(xtr)
    for a, b in _cv().split(xtr, ytr, groups=xtr):
        model = fit(best.features, best.classifier, ([xtr[i] for i in a], [ytr[i] for i in a]), real)
        for i, row in zip(b, model.predict_proba([xtr[i] for i in b])):
            proba[i] = row
    return proba


def _sweep(best: Candidate, xtr, ytr, real: tuple[RealTitle, ...] = ()) -> list[SweepRow]:
    """Accuracy of out-of-fold train predictions when those below each threshold become `other`."""
    proba = _oof_proba(best, xtr, ytr, real)
    classes = sorted(set(ytr))
    rows = []
    for t in SWEEP:
        below = right = right_below = 0
        for probs, gold in zip(proba, ytr):
            k = max(range(len(classes)), key=lambda i: probs[i])
            label = classes[k] if probs[k] >= t else "other"
            right += label == gold
            if probs[k] < t:
                below += 1
                right_below += classes[k] == gold
        rows.append(SweepRow(t, right / len(ytr), below / len(ytr), right_below / below if below else None))
    return rows


def _per_category(yte, pred) -> list[CategoryScore]:
    codes = list(category_codes())
    p, r, f, s = precision_recall_fscore_support(yte, pred, labels=codes, zero_division=0)
    return [CategoryScore(c, float(p[i]), float(r[i]), float(f[i]), int(s[i])) for i, c in enumerate(codes)]


def _shown(path: Path) -> str:
    """`path` relative to the repository when it can be (the card must not depend on the clone's place)."""
    try:
        return os.path.relpath(path, ROOT)
    except ValueError:
        return str(path)


def _real_data(best: Candidate, team: tuple[list[str], list[str]], path: Path) -> tuple[RealData, tuple[RealTitle, ...]]:
    """Real titles that may be trained on, and the grouped-CV figures of the chosen candidate on them."""
    titles = load_real_titles(path)
    trainable = trained_titles(titles, gold_phrases())
    cv = grouped_cv(best.features, best.classifier, team, titles, frozenset(t.text for t in trainable))
    data = RealData(_shown(path), file_sha256(path), len(titles), len(trainable),
                    texts_sha256([t.text for t in trainable]), cv)
    return data, trainable


def train(data_dir: Path | None = None, out_dir: Path | None = None, real_path: Path | None = None) -> TrainResult:
    """Rebuild the topic model from `data_dir` (corpora/topics) and the real titles into `out_dir` (models/)."""
    from pipeline.classify.card import library_versions, write_model

    data_dir = data_dir or default_data_dir()
    xtr, ytr, xte, yte = _split(data_dir)
    real_path = real_path or real_titles_path()
    load_real_titles(real_path)  # say what is missing before minutes of training, not after
    candidates, _ = _compare(xtr, ytr, xte, yte)
    best = max(candidates, key=lambda c: round(c.cv_macro_f1, 4))  # first of equals wins: stable
    real, trainable = _real_data(best, (xtr, ytr), real_path)
    model = fit(best.features, best.classifier, (xtr, ytr), trainable)
    pred = model.predict(xte)
    result = TrainResult(
        features=best.features, classifier=best.classifier,
        macro_f1=float(f1_score(yte, pred, average="macro")),
        accuracy=float(sum(a == b for a, b in zip(yte, pred)) / len(yte)),
        per_category=tuple(_per_category(yte, pred)), candidates=tuple(candidates),
        sweep=tuple(_sweep(best, xtr, ytr, trainable)), data_hash=data_hash(data_dir),
        n_train=len(xtr), n_test=len(xte), real=real, versions=library_versions(),
    )
    result = write_model(model, result, out_dir or models_dir())
    # the numpy export the run-time loader prefers (no sklearn import), stamped with the skops file's sha256
    export_file(model, result.model_path)
    return result
