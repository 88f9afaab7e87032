"""Fitting on team phrases plus real titles, and cross-validation of real titles grouped by page.

One page lists several titles of one place and year ("…太湖科学城…", "…太湖…"), so folds that split
a page put near-copies on both sides and overstate accuracy: folds are grouped by `url`. Each fold's
model is trained exactly as the shipped one is (team train phrases + the decontaminated real titles
of the other folds, same weight) and scored with the run-time decision (threshold, lumped headings).
Seeded: the same files give the same figures.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sklearn.model_selection import StratifiedGroupKFold

from pipeline.classify import features as feats
from pipeline.classify.data import category_codes, normalise_phrase
from pipeline.classify.real import RealTitle, decontaminate
from pipeline.classify.settings import THRESHOLD

#: Weight of a real title against a team phrase (1); 0 means real titles are measured on, not
#: trained on. Grouped CV on real_titles.csv (chars + linsvc, frame stripped, before the issue 9
#: team rows, threshold 0.35): weight 0 0.7575, 1 0.7908, 5 0.8019, 10 0.8177, 20 0.8162.
#: With the shipped data, threshold and agency prior (/tmp grid, `tiban eval` scoring of the same
#: extractions): weight 0: real 0.7892, dev topic category 0.833, holdout 0.952, holdout_d 1.000;
#: 3: real 0.8273, dev 0.833, holdout 0.937 (< floor 0.94), holdout_d 0.931; 10: real 0.8288,
#: dev 0.838, holdout 0.937, holdout_d 0.897 (< floor 0.93). Every weight > 0 broke a held-out
#: floor because the real titles' labels follow other conventions than the team gold (燃气安全,
#: 疫情防控物资储备, 充电桩建设 pulled to public_safety; 青少年体育 to education; 双一流 to
#: economy). Floors only go up, so the shipped model is not trained on them until the conventions
#: are settled (see the card).
REAL_WEIGHT = 0.0
FOLDS = 5


@dataclass(frozen=True)
class GroupedCV:
    """Figures of grouped cross-validation on real titles."""

    n: int
    n_pages: int
    accuracy: float
    accuracy_alt: float
    confusion: tuple[tuple[str, str, int], ...]  # (gold, predicted, count), every non-zero cell

    def scores(self) -> dict[str, object]:
        return {"n": self.n, "pages": self.n_pages, "accuracy": round(self.accuracy, 4),
                "accuracy_alt": round(self.accuracy_alt, 4)}


def trained_titles(titles: tuple[RealTitle, ...], gold: frozenset[str]) -> tuple[RealTitle, ...]:
    """The real titles a model is trained on: the decontaminated ones, none while REAL_WEIGHT is 0."""
    return decontaminate(titles, gold) if REAL_WEIGHT > 0 else ()


def fit(features: str, classifier: str, team: tuple[list[str], list[str]], real: tuple[RealTitle, ...]):
    """A fitted pipeline on normalised team phrases (weight 1) and real titles (REAL_WEIGHT; none at 0)."""
    real = real if REAL_WEIGHT > 0 else ()
    x = list(team[0]) + [normalise_phrase(t.text) for t in real]
    y = list(team[1]) + [t.category for t in real]
    weights = [1.0] * len(team[0]) + [REAL_WEIGHT] * len(real)
    return feats.build(features, classifier).fit(x, y, clf__sample_weight=weights)


def folds(titles: tuple[RealTitle, ...]) -> list[tuple[list[int], list[int]]]:
    """(train, test) index lists, stratified by category, grouped by page."""
    cv = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=feats.SEED)
    y = [t.category for t in titles]
    return [(list(a), list(b)) for a, b in cv.split(y, y, [t.url for t in titles])]


def grouped_cv(features: str, classifier: str, team: tuple[list[str], list[str]],
               titles: tuple[RealTitle, ...], trainable: frozenset[str]) -> GroupedCV:
    """Every title predicted by a model that saw none of its page; only `trainable` texts are trained on."""
    from pipeline.classify.model import TopicModel

    predicted: dict[int, str] = {}
    for train_idx, test_idx in folds(titles):
        real = tuple(titles[i] for i in train_idx if titles[i].text in trainable)
        model = TopicModel(fit(features, classifier, team, real))
        for i, pred in zip(test_idx, model.predict([titles[i].text for i in test_idx], THRESHOLD)):
            predicted[i] = pred.category
    return summarise(titles, [predicted[i] for i in range(len(titles))])


def summarise(titles: tuple[RealTitle, ...], predicted: list[str]) -> GroupedCV:
    """Accuracy, accuracy counting alt_category, and the confusion cells of `predicted`."""
    n = len(titles)
    right = sum(p == t.category for p, t in zip(predicted, titles))
    right_alt = sum(p in (t.category, t.alt_category) for p, t in zip(predicted, titles))
    cells = Counter((t.category, p) for p, t in zip(predicted, titles))
    order = {c: i for i, c in enumerate(category_codes())}
    confusion = tuple(sorted(((g, p, k) for (g, p), k in cells.items()), key=lambda c: (order[c[0]], order[c[1]])))
    return GroupedCV(n, len({t.url for t in titles}), right / n if n else 0.0, right_alt / n if n else 0.0, confusion)


def confusion_table(cv: GroupedCV) -> str:
    """Markdown confusion table: gold category per row, predicted per column (codes abbreviated)."""
    codes = list(category_codes())
    cells = {(g, p): k for g, p, k in cv.confusion}
    short = [c[:6] for c in codes]
    lines = ["| gold \\ predicted | " + " | ".join(short) + " | n | recall |", "|---" * (len(codes) + 3) + "|"]
    for g in codes:
        row = [cells.get((g, p), 0) for p in codes]
        total = sum(row)
        recall = f"{row[codes.index(g)] / total:.2f}" if total else ""
        lines.append(f"| {g} | " + " | ".join(str(k) if k else "." for k in row) + f" | {total} | {recall} |")
    return "\n".join(lines)
