"""The model card written beside models/topics.skops, and the summary `tiban train-topics` prints.

The card ends with the scores as JSON so a test can check that retraining reproduces the shipped
model exactly; everything else in it is for people.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import data
from pipeline.classify.grouped import FOLDS, REAL_WEIGHT, confusion_table
from pipeline.classify.real import LEAK_RATIO

if TYPE_CHECKING:
    from pipeline.classify.train import TrainResult

LIBRARIES = ("scikit-learn", "skops", "jieba", "opencc", "numpy", "scipy")
_SCORES_BLOCK = re.compile(r"```json scores\n(.*?)\n```", re.S)


def library_versions() -> tuple[tuple[str, str], ...]:
    return tuple((name, version(name)) for name in LIBRARIES)


def user_dict_hash() -> str:
    """sha256 of the jieba user dictionary the word features were built with ('none' if absent)."""
    path = data.user_dict_path(must_exist=False)
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "none"


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def per_category_table(result: "TrainResult") -> str:
    rows = [[s.category, f"{s.precision:.4f}", f"{s.recall:.4f}", f"{s.f1:.4f}", s.support]
            for s in result.per_category]
    rows.append(["**macro**", "", "", f"{result.macro_f1:.4f}", result.n_test])
    return _table(["category", "precision", "recall", "F1", "support"], rows)


def candidates_table(result: "TrainResult") -> str:
    best = (result.features, result.classifier)
    rows = [[c.features, c.classifier, f"{c.cv_macro_f1:.4f}", f"{c.test_macro_f1:.4f}",
             "**shipped**" if (c.features, c.classifier) == best else ""] for c in result.candidates]
    return _table(["features", "classifier", "CV macro-F1 (train)", "test macro-F1", ""], rows)


def sweep_table(result: "TrainResult") -> str:
    rows = [[f"{r.threshold:.2f}", f"{r.accuracy:.4f}", f"{r.share_below:.4f}",
             "" if r.accuracy_below is None else f"{r.accuracy_below:.4f}"] for r in result.sweep]
    return _table(["threshold", "accuracy with fallback", "share below", "top-1 accuracy below"], rows)


def real_titles_section(result: "TrainResult") -> str:
    """What was taken from real_titles.csv and how the model does on it (grouped CV)."""
    real = result.real
    if real is None:
        return "Not trained on real titles."
    cv = real.cv
    used = (f"**{real.n_trained} were trained on** (weight {REAL_WEIGHT:g} each against 1 for a team phrase)"
            if real.n_trained else "**none was trained on** (REAL_WEIGHT 0: measured on only; why in "
            "`pipeline/classify/grouped.py`)")
    return f"""Read at training time from `{real.path}` (sha256 `{real.file_sha256}`), never copied into
the repository: {real.n_rows} rows, of which {used}. Titles within difflib ratio {LEAK_RATIO} of a
gold topic phrase of ../shared/corpus/dev, ../shared/corpus/seeds or corpora/holdout* are never
trained on. sha256 of the texts trained on (file order, joined by newlines): `{real.trained_sha256}`.

Cross-validation grouped by page (`url`, {cv.n_pages} pages, {FOLDS} folds, StratifiedGroupKFold
seeded): every title predicted by a model trained as this one is (team train phrases, plus the
decontaminated titles of the other folds when real titles are trained on) that saw no title of its page, with threshold and
lumped-heading rule as at run time. Accuracy **{cv.accuracy:.4f}** ({cv.n} titles), counting
`alt_category` **{cv.accuracy_alt:.4f}**. Rerun: `python -m pipeline.classify.evaluate --real-titles PATH`.

{confusion_table(cv)}"""


def summary(result: "TrainResult") -> str:
    cv = result.real.cv if result.real else None
    real = (f"real titles, grouped CV by page: accuracy {cv.accuracy:.4f}, counting alt_category "
            f"{cv.accuracy_alt:.4f} ({cv.n} titles, {result.real.n_trained} trained on)") if cv else "no real titles"
    return "\n\n".join([
        f"topic model: {result.features} + {result.classifier}; test macro-F1 {result.macro_f1:.4f}, "
        f"accuracy {result.accuracy:.4f} ({result.n_train} train / {result.n_test} test phrases)",
        per_category_table(result), candidates_table(result), real,
        confusion_table(cv) if cv else "",
        f"model: {result.model_path}\ncard: {result.card_path}",
    ])


def card(result: "TrainResult") -> str:
    """The markdown model card."""
    from pipeline.classify.settings import THRESHOLD

    versions = "\n".join(f"- {name} {ver}" for name, ver in result.versions)
    return f"""# Topic classifier — model card

Classifies topic phrases of handling reports (and, as a fallback, a report's overview) into the
categories of `corpora/taxonomy.csv`. Built by `tiban train-topics` from `corpora/topics/phrases.csv`
(see `corpora/topics/README.md`) and the real proposal titles of `../shared/topics/real_titles.csv`
(section below); stored with skops, loaded only with an explicit type allowlist. Phrases lose a
formal title's frame (`corpora/topics/title_wrappers.tsv`) before features are built.

- model: {result.features} features + {result.classifier}, sigmoid-calibrated (5-fold)
- training data sha256 (phrases.csv + taxonomy.csv): `{result.data_hash}`
- jieba user dictionary sha256: `{user_dict_hash()}`
- team phrases: {result.n_train} train, {result.n_test} test (fixed split column in phrases.csv)
- real titles trained on: {result.real.n_trained if result.real else 0} (see "Real titles")
- `other` threshold in use: {THRESHOLD}

## Libraries
{versions}

## Test-split scores per category (team phrases)
{per_category_table(result)}

Accuracy {result.accuracy:.4f}. Scores are of the raw classifier (no `other` fallback).

## Real titles
{real_titles_section(result)}

## Candidates compared
Chosen by 5-fold cross-validated macro-F1 on the team train split (without real titles); test
macro-F1 shown for reference only.
Features: `chars` = character 1–2-grams, `chars1-3` = character 1–3-grams, `words` = words of an own
jieba tokenizer with the project's user dictionary (all TF-IDF, sublinear tf).

{candidates_table(result)}

## Threshold sweep (out-of-fold predictions on the train split)
A phrase whose top probability is below the threshold is labelled `other`. Each fold's model is
trained as the shipped one is (its train phrases + the decontaminated real titles).

{sweep_table(result)}

## Scores (machine-readable; a retrain must reproduce them exactly)
```json scores
{json.dumps(result.scores(), ensure_ascii=False, indent=1, sort_keys=True)}
```
"""


def read_card_scores(path: Path) -> dict[str, Any]:
    """The JSON scores block of a model card."""
    match = _SCORES_BLOCK.search(path.read_text(encoding="utf-8"))
    if not match:
        raise ValueError(f"{path}: no scores block")
    return json.loads(match.group(1))


def write_model(model: Any, result: "TrainResult", out_dir: Path) -> "TrainResult":
    """Save the fitted pipeline with skops and the card beside it."""
    import skops.io as sio

    from pipeline.classify.settings import CARD_FILE, MODEL_FILE

    out_dir.mkdir(parents=True, exist_ok=True)
    model_path, card_path = out_dir / MODEL_FILE, out_dir / CARD_FILE
    sio.dump(model, model_path)
    result = replace(result, model_path=model_path, card_path=card_path)
    card_path.write_text(card(result), encoding="utf-8")
    return result
