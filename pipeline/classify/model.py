"""The topic classifier: taxonomy categories for topic phrases (issue 3).

The model is a scikit-learn pipeline stored with skops, never pickle: loading a model file must
never run code, so `load` first lists the types the file would create and refuses any that is not
on an explicit allowlist. Beside it lives its numpy export (topics.npz, `pipeline.classify.linear`): the
same probabilities without importing scikit-learn, used whenever it was made from exactly that skops
file. Training lives in `pipeline.classify.train`; this module is what the classify stage and
`tiban classify` need at run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import data
from pipeline.classify.data import normalise_phrase
from pipeline.classify.linear import file_sha256, linear_path, load_scorer
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

    def predict(self, phrases: list[str], threshold: float = THRESHOLD, lists: bool = True) -> list[Prediction]:
        """Predictions for a batch of phrases (batch them: one model call per report).

        A lumped heading ("城建、交通、环保") goes by its first item, as the gold annotation does,
        unless the first item alone is too unclear (below `threshold`); then the whole phrase decides.
        `lists=False` turns that off for running text (a report's overview is no heading).
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
            pred = self._decide([float(p) for p in rows[text]], threshold)
            if first and first != text:
                lead = self._decide([float(p) for p in rows[first]], threshold)
                pred = pred if lead.below_threshold else lead
            out.append(pred)
        return out

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


def first_item(text: str) -> str:
    """The first item of a lumped heading, or "" when `text` is no list (or its first item is tiny).

    Items of one character ("城") carry no topic; 2 is the shortest real item ("城建", "交通").
    """
    cut = min((i for i in (text.find(sep) for sep in _separators()) if i >= 0), default=-1)
    first = text[:cut].strip() if cut >= 0 else ""
    return first if len(first) >= 2 else ""


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
