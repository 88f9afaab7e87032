"""Accuracy of the topic model on gold topic phrases, predicted directly (no extraction in between).

`tiban eval` scores categories only on topics the extractor found and matched; this isolates the
classifier: every gold `topics[]` entry with a category is predicted as written, with the threshold
in use. Run: `python -m pipeline.classify.evaluate DIR [DIR ...] [--misses]` (folders of gold JSON).

`python -m pipeline.classify.evaluate --real-titles PATH` instead scores the shipped model's recipe
(features and classifier of its card) on real proposal titles by cross-validation grouped by page
(pipeline.classify.grouped): accuracy, accuracy counting alt_category, and the confusion table.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from pipeline.classify.model import TopicModel, load


@dataclass(frozen=True)
class GoldTopic:
    doc_id: str
    phrase: str
    category: str


def gold_topics(*dirs: Path) -> list[GoldTopic]:
    """Every categorised gold topic of the `*.json` files in `dirs`, in file order."""
    out = []
    for folder in dirs:
        for path in sorted(Path(folder).glob("*.json")):
            for topic in json.loads(path.read_text(encoding="utf-8")).get("topics", []):
                if topic.get("category"):
                    out.append(GoldTopic(path.stem, topic["phrase"], topic["category"]))
    return out


def misses(gold: list[GoldTopic], model: TopicModel | None = None) -> list[tuple[GoldTopic, str]]:
    """(gold topic, predicted category) for every wrongly classified gold topic."""
    preds = (model or load()).predict([g.phrase for g in gold])
    return [(g, p.category) for g, p in zip(gold, preds) if p.category != g.category]


def accuracy(gold: list[GoldTopic], model: TopicModel | None = None) -> float:
    """Share of gold topics whose predicted category is the gold one (0.0 for no topics)."""
    return _share_right(len(gold), len(misses(gold, model)))


def _share_right(n: int, n_wrong: int) -> float:
    return 1 - n_wrong / n if n else 0.0


def real_titles_cv(path: Path):
    """Grouped CV of the shipped recipe on the titles of `path` (training per fold: ~30 s)."""
    from pipeline.classify.card import read_card_scores
    from pipeline.classify.grouped import grouped_cv, trained_titles
    from pipeline.classify.real import gold_phrases, load_real_titles
    from pipeline.classify.settings import CARD_FILE
    from pipeline.classify.train import _split
    from pipeline.resources import models_dir

    features, classifier = read_card_scores(models_dir() / CARD_FILE)["model"].split(" + ")
    titles = load_real_titles(path)
    trainable = frozenset(t.text for t in trained_titles(titles, gold_phrases()))
    xtr, ytr, _, _ = _split(None)
    return grouped_cv(features, classifier, (xtr, ytr), titles, trainable)


def _main_real(path: Path) -> int:
    from pipeline.classify.grouped import confusion_table

    cv = real_titles_cv(path)
    print(f"real titles {cv.n} ({cv.n_pages} pages), grouped CV: accuracy {cv.accuracy:.4f}, "
          f"counting alt_category {cv.accuracy_alt:.4f}")
    print(confusion_table(cv))
    return 0


def main(argv: list[str]) -> int:
    if "--real-titles" in argv:
        return _main_real(Path(argv[argv.index("--real-titles") + 1]))
    dirs = [Path(a) for a in argv if not a.startswith("--")]
    gold = gold_topics(*dirs)
    wrong = misses(gold)
    print(f"{len(gold) - len(wrong)}/{len(gold)} = {_share_right(len(gold), len(wrong)):.4f}")  # one predict pass
    if "--misses" in argv:
        for g, pred in wrong:
            print(f"{g.doc_id}\t{g.phrase}\tgold={g.category}\tpred={pred}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
