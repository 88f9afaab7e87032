"""The topic classifier: taxonomy categories for topic phrases (issue 3).

The model is a scikit-learn pipeline stored with skops, never pickle: loading a model file must
never run code, so `load` first lists the types the file would create and refuses any that is not
on an explicit allowlist. Beside it lives its numpy export (topics.npz, `pipeline.classify.linear`): the
same probabilities without importing scikit-learn, used whenever it was made from exactly that skops
file. Training lives in `pipeline.classify.train`; this module is what the classify stage and
`tiban classify` need at run time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import data
from pipeline.classify.data import normalise_phrase
from pipeline.classify.linear import file_sha256, linear_path, load_scorer
from pipeline.classify.prior import blend
from pipeline.errors import ModelError
from pipeline.resources import models_dir

if TYPE_CHECKING:
    from pipeline.classify.train import TrainResult

from pipeline.classify.settings import CARD_FILE, MODEL_FILE, OTHER, THRESHOLD  # noqa: F401 - re-exported

#: Types a topic model file may hold beyond those skops trusts by default (numpy, scipy and the
#: public scikit-learn estimators): calibration internals and the word analyzer, a reference to a
#: function of this package stored by name. Anything else means the file is not a tiban topic
#: model, and it is refused before a single object is built.
TRUSTED_TYPES = frozenset(
    {
        "pipeline.classify.features.words",
        "sklearn.calibration._CalibratedClassifier",
        "sklearn.calibration._SigmoidCalibration",
    }
)


@dataclass(frozen=True)
class Prediction:
    """A category for one phrase.

    `confidence` is the model's top probability. When it is below THRESHOLD the category is
    `other` and `runner_up` keeps the model's best guess; otherwise `runner_up` is the second
    most probable category. `runner_up_confidence` is the runner-up's probability.
    """

    category: str
    confidence: float
    runner_up: str | None
    runner_up_confidence: float
    below_threshold: bool = False


class TopicModel:
    """A fitted pipeline (normalised phrase → calibrated probabilities) and the classes it knows."""

    def __init__(self, pipeline: Any, path: Path | None = None) -> None:
        if not hasattr(pipeline, "predict_proba") or not hasattr(pipeline, "classes_"):
            raise ModelError(f"{path or 'model'}: not a fitted classifier ({type(pipeline).__name__})")
        self.pipeline = pipeline
        self.classes: tuple[str, ...] = tuple(str(c) for c in pipeline.classes_)
        self.path = path

    def predict(self, phrases: list[str], threshold: float = THRESHOLD, lists: bool = True,
                prior: str | None = None) -> list[Prediction]:
        """Predictions for a batch of phrases (batch them: one model call per report).

        A lumped heading ("城建、交通、环保") goes by its first item, as the gold annotation does,
        unless the first item alone is too unclear (below `threshold`); then the whole phrase decides.
        `lists=False` turns that off for running text (a report's overview is no heading).
        `prior` is the category of the handling agency's domain (pipeline.classify.prior): it is
        blended into a phrase's probabilities only where the phrase alone is weak.
        """
        texts = [normalise_phrase(p) for p in phrases]
        firsts = [first_item(t) if lists else "" for t in texts]
        batch = sorted({t for t in texts + firsts if t})
        rows = dict(zip(batch, self.pipeline.predict_proba(batch))) if batch else {}
        out = []
        for text, first in zip(texts, firsts):
            if not text:
                out.append(Prediction(OTHER, 0.0, None, 0.0, True))
                continue
            pred = self._decide(self._probs(rows[text], prior), threshold)
            if first and first != text:
                lead = self._decide(self._probs(rows[first], prior), threshold)
                pred = pred if lead.below_threshold else lead
            out.append(pred)
        return out

    def _probs(self, row: Any, prior: str | None) -> list[float]:
        probs = [float(p) for p in row]
        return blend(probs, self.classes, prior) if prior else probs

    def _decide(self, probs: list[float], threshold: float) -> Prediction:
        order = sorted(range(len(probs)), key=lambda k: (-probs[k], self.classes[k]))
        top, second = order[0], order[1]
        top_cls, top_p = self.classes[top], probs[top]
        if top_p >= threshold:
            return Prediction(top_cls, top_p, self.classes[second], probs[second])
        if top_cls == OTHER:
            return Prediction(OTHER, top_p, self.classes[second], probs[second], True)
        return Prediction(OTHER, top_p, top_cls, top_p, True)


@lru_cache(maxsize=1)
def _separators() -> tuple[str, ...]:
    return data.list_separators()


#: A lumped heading lists field names ("城乡建设、城管、交通、环保": 2–4 characters each); an item longer
#: than this makes the phrase a sentence whose clauses are no fields ("…要求，进一步加快行政审批制度改革").
#: Measured (first item decides only when every item is at most N characters): grouped CV on
#: ../shared/topics/real_titles.csv no limit 0.8225, 4 0.8336, 6 0.8320, 8 0.8320, 10 0.8288;
#: dev topic category acc 0.8526, 0.8501, 0.8526, 0.8526, 0.8550; team sets 0.9418 throughout.
#: 6 is the smallest limit that keeps dev as it was.
MAX_LIST_ITEM = 6


def first_item(text: str) -> str:
    """The first item of a lumped heading, or "" when `text` is no list (or its first item is tiny).

    Items of one character ("城") carry no topic; 2 is the shortest real item ("城建", "交通").
    A phrase with an item longer than MAX_LIST_ITEM is a sentence, not a list of fields.
    """
    items = _splitter().split(text)
    if len(items) < 2 or max(len(item.strip()) for item in items) > MAX_LIST_ITEM:
        return ""
    first = items[0].strip()
    return first if len(first) >= 2 else ""


@lru_cache(maxsize=1)
def _splitter() -> re.Pattern[str]:
    """One pattern of every separator of corpora/topics/list_separators.txt."""
    return re.compile("|".join(re.escape(sep) for sep in _separators()))


def model_path() -> Path:
    return models_dir() / MODEL_FILE


def _untrusted_types(path: Path) -> list[str]:
    """Types the file would create that skops does not trust by default; errors say why not."""
    import skops.io as sio

    try:
        return list(sio.get_untrusted_types(file=path))
    except RecursionError:  # a schema nested 50,000 deep (issue 10): json or skops' tree walk gives up
        raise ModelError(f"{path}: not a skops model file (its schema is nested too deeply to read)") from None
    except Exception as exc:  # noqa: BLE001 - crafted content raises anything (a JSON list: AttributeError)
        raise ModelError(f"{path}: not a skops model file ({type(exc).__name__}: {exc})") from exc


def load_uncached(path: Path) -> TopicModel:
    """Load a model file: its numpy export when that was made from exactly this file, else the file.

    The export (models/topics.npz, see topicmodel_linear) gives the same probabilities without
    importing scikit-learn, which saves ~2 s of start-up per process. Its recorded sha256 must equal
    this file's, so a stale or missing export can never change an answer; a corrupt one is an
    error (ModelError), not a silent fallback, because it means a broken install or a bad write.
    """
    if not path.is_file():
        raise ModelError(f"{path}: topic model missing; build it with `tiban train-topics`")
    fast = linear_path(path)
    if fast.is_file():
        scorer = load_scorer(fast, file_sha256(path))
        if scorer is not None:
            return TopicModel(scorer, path)
    return load_skops(path)


def load_skops(path: Path) -> TopicModel:
    """Load a skops model file, refusing unknown types before anything is built."""
    import skops.io as sio

    if not path.is_file():
        raise ModelError(f"{path}: topic model missing; build it with `tiban train-topics`")
    untrusted = _untrusted_types(path)
    refused = sorted(set(untrusted) - TRUSTED_TYPES)
    if refused:
        raise ModelError(f"{path}: refusing to load, unexpected types in model file: {', '.join(refused)}")
    try:
        obj = sio.load(path, trusted=untrusted)
    except RecursionError:
        raise ModelError(f"{path}: cannot load topic model (nested too deeply)") from None
    except Exception as exc:  # skops raises many types on corrupt content; all mean the same to us
        raise ModelError(f"{path}: cannot load topic model ({type(exc).__name__}: {exc})") from exc
    return TopicModel(obj, path)


@lru_cache(maxsize=4)
def _load_cached(path: Path) -> TopicModel:
    return load_uncached(path)


def load(path: Path | None = None) -> TopicModel:
    """The topic model at `path` (default models/topics.skops), loaded once per process."""
    # not resolved: a realpath per call cost ~50 µs of every classify call; two spellings of one
    # file only mean one extra load
    target = Path(path) if path else model_path()
    return _load_cached(target if target.is_absolute() else target.absolute())


def train(data_dir: Path | None = None, out_dir: Path | None = None) -> TrainResult:
    """Rebuild the model from corpora/topics into models/ and return its scores (see pipeline.classify.train)."""
    from pipeline.classify.train import train as _train

    result = _train(data_dir, out_dir)
    _load_cached.cache_clear()
    return result


def classify_lines(lines: Iterable[str]) -> Iterator[tuple[str, str, float]]:
    """(text, category, confidence) per input line, in order, for `tiban classify`.

    Line ends are stripped; an empty or blank line still gets its row, as `other` with confidence 0,
    so output rows stay aligned with input lines.
    """
    texts = [line.rstrip("\r\n").lstrip("\ufeff") for line in lines]
    model = load()
    for text, pred in zip(texts, model.predict(texts)):
        yield text, pred.category, pred.confidence
