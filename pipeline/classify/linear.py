"""The shipped topic model as plain arrays: sklearn's predict_proba without importing sklearn.

Loading models/topics.skops imports skops, all of scikit-learn and scipy.stats: ~2.2 s of serial
start-up in every run, and each predict_proba call spends ~2 ms validating a tiny matrix. The
model is linear (char n-gram TF-IDF → LinearSVC → one sigmoid per class), so its answers need only
the vocabulary, idf, weights and sigmoid parameters. `export` reads them from a fitted pipeline of
exactly that shape; `LinearTopicScorer` recomputes predict_proba with numpy in the same operation
order as sklearn/scipy, so the probabilities are equal bit for bit (tests/classify/test_linear.py).

The arrays are stored with np.savez and read with allow_pickle=False, so loading never runs code.
Strings are stored as Unicode code points plus offsets: numpy's fixed-width string arrays would
silently drop a trailing NUL of a term.
"""

from __future__ import annotations

import hashlib
import math
import re
import zipfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.errors import ModelError
from pipeline.pins import require

#: Bumped when the array layout changes; a file of another version is refused, never misread.
FORMAT = 1
LINEAR_SUFFIX = ".npz"
#: sklearn's _VectorizerMixin._white_spaces (feature_extraction/text.py, sklearn 1.9.1): runs of two
#: or more whitespace characters become one space; a single tab or newline is kept as it is.
_WHITE_SPACES = re.compile(r"\s\s+")
#: Vectorizer settings this scorer does not implement; export refuses any other value.
_FIXED_VECTORIZER = {
    "analyzer": "char", "binary": False, "input": "content", "norm": "l2", "preprocessor": None,
    "strip_accents": None, "tokenizer": None, "use_idf": True,
}
_KEYS = ("format", "skops_sha256", "terms", "term_offsets", "term_indices", "idf", "coef", "intercept",
         "sigmoid_a", "sigmoid_b", "classes", "class_offsets", "lowercase", "ngram_range", "sublinear_tf")


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes: ties an export to the exact skops file it came from."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def linear_path(skops_path: Path) -> Path:
    """Where the export of a skops model file lives (models/topics.skops → models/topics.npz)."""
    return skops_path.with_suffix(LINEAR_SUFFIX)


def _pack(strings: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Strings as one uint32 code-point array and n+1 offsets."""
    joined = "".join(strings)
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype="<u4").copy()
    offsets = np.cumsum([0] + [len(s) for s in strings], dtype=np.int64)
    return points, offsets


def _unpack(points: np.ndarray, offsets: np.ndarray) -> list[str]:
    joined = points.astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")
    return [joined[a:b] for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist())]


def _check(condition: bool, reason: str) -> None:
    if not condition:
        raise ValueError(f"not an exportable topic model: {reason}")


def _check_shape(pipeline: Any) -> tuple[Any, Any, Any]:
    """The vectorizer, calibrated wrapper and LinearSVC of a pipeline of exactly the shipped shape."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import Pipeline
    from sklearn.svm import LinearSVC

    _check(type(pipeline) is Pipeline and len(pipeline.steps) == 2, "expected Pipeline(vectorizer, classifier)")
    vec, clf = pipeline.steps[0][1], pipeline.steps[1][1]
    _check(type(vec) is TfidfVectorizer, f"first step is {type(vec).__name__}, not TfidfVectorizer")
    params = vec.get_params()
    for key, value in _FIXED_VECTORIZER.items():
        _check(params[key] == value, f"TfidfVectorizer {key}={params[key]!r} (need {value!r})")
    _check(params["dtype"] is np.float64 and params["ngram_range"][0] >= 1, "dtype or ngram_range")
    _check(type(clf) is CalibratedClassifierCV and clf.method == "sigmoid", "second step is no sigmoid calibration")
    _check(len(clf.calibrated_classifiers_) == 1, "ensemble calibration (need ensemble=False)")
    inner = clf.calibrated_classifiers_[0]
    est = inner.estimator
    _check(type(est) is LinearSVC, f"calibrated estimator is {type(est).__name__}, not LinearSVC")
    _check(len(clf.classes_) > 2 and est.coef_.shape == (len(clf.classes_), len(vec.idf_)), "coef_ shape")
    _check(list(est.classes_) == list(clf.classes_) == list(inner.classes), "class order differs between steps")
    _check(len(inner.calibrators) == len(clf.classes_), "one calibrator per class")
    return vec, clf, inner


def export(pipeline: Any, skops_sha256: str = "") -> dict[str, np.ndarray]:
    """The arrays `LinearTopicScorer` needs, read from a fitted pipeline of the shipped shape.

    Raises ValueError for any other shape or parameter, so a caller can keep the skops model, and
    pipeline.pins.DependencyError for a scikit-learn whose internals this module was not checked against.
    """
    import sklearn

    require("scikit-learn", sklearn.__version__)  # the scorer mirrors its internals: refuse other versions
    try:
        vec, clf, inner = _check_shape(pipeline)
    except AttributeError as exc:  # an unfitted step lacks its fitted attributes (vocabulary_, coef_, …)
        raise ValueError(f"not an exportable topic model: not fitted ({exc})") from exc
    terms = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
    points, offsets = _pack(terms)
    cpoints, coffsets = _pack([str(c) for c in clf.classes_])
    return {
        "format": np.array(FORMAT, dtype=np.int64),
        "skops_sha256": np.array(skops_sha256, dtype="<U64"),
        "terms": points, "term_offsets": offsets,
        "term_indices": np.array([vec.vocabulary_[t] for t in terms], dtype=np.int64),
        "idf": np.asarray(vec.idf_, dtype=np.float64),
        "coef": np.asarray(inner.estimator.coef_, dtype=np.float64),
        "intercept": np.asarray(inner.estimator.intercept_, dtype=np.float64),
        "sigmoid_a": np.array([float(c.a_) for c in inner.calibrators], dtype=np.float64),
        "sigmoid_b": np.array([float(c.b_) for c in inner.calibrators], dtype=np.float64),
        "classes": cpoints, "class_offsets": coffsets,
        "lowercase": np.array(bool(vec.lowercase)),
        "ngram_range": np.array(vec.ngram_range, dtype=np.int64),
        "sublinear_tf": np.array(bool(vec.sublinear_tf)),
    }


def save(arrays: dict[str, np.ndarray], path: Path) -> Path:
    """Write the arrays to `path` (np.savez appends .npz to a name without it, so pass one with it)."""
    with open(path, "wb") as handle:
        np.savez(handle, **arrays)
    return path


def export_file(pipeline: Any, skops_path: Path) -> Path:
    """Export the pipeline saved at `skops_path` beside it, stamped with that file's sha256."""
    return save(export(pipeline, file_sha256(skops_path)), linear_path(skops_path))


class LinearTopicScorer:
    """predict_proba of the exported pipeline, in numpy and plain Python (see module docstring)."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        terms = _unpack(arrays["terms"], arrays["term_offsets"])
        self.vocabulary: dict[str, int] = dict(zip(terms, arrays["term_indices"].tolist()))
        self.classes_ = np.array(_unpack(arrays["classes"], arrays["class_offsets"]))
        self.idf = arrays["idf"]
        # scipy's csr @ dense reads the dense operand as C-contiguous rows, one per feature
        self.weights = np.ascontiguousarray(arrays["coef"].T)
        self.intercept = arrays["intercept"]
        self.sigmoid = list(zip(arrays["sigmoid_a"].tolist(), arrays["sigmoid_b"].tolist()))
        self.lowercase = bool(arrays["lowercase"])
        self.min_n, self.max_n = (int(n) for n in arrays["ngram_range"])
        self.sublinear_tf = bool(arrays["sublinear_tf"])

    def _ngrams(self, text: str) -> list[str]:
        """sklearn's char analyzer: lowercase, collapse whitespace runs, n-grams by length."""
        text = _WHITE_SPACES.sub(" ", text.lower() if self.lowercase else text)
        return [text[i:i + n] for n in range(self.min_n, min(self.max_n, len(text)) + 1)
                for i in range(len(text) - n + 1)]

    def _row(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Sorted feature indices and their L2-normalised tf-idf values (a CSR row, as sklearn's)."""
        vocab = self.vocabulary
        known = sorted((k, n) for gram, n in Counter(self._ngrams(text)).items() if (k := vocab.get(gram)) is not None)
        idx = np.array([k for k, _ in known], dtype=np.int64)
        data = np.array([n for _, n in known], dtype=np.float64)
        if self.sublinear_tf:
            np.log(data, data)
            data += 1.0
        data *= self.idf[idx]
        norm = 0.0
        for value in (data * data).tolist():  # sequential, as sparsefuncs_fast does
            norm += value
        if norm != 0.0:
            data /= math.sqrt(norm)
        return idx, data

    def decision_function(self, texts: Sequence[str]) -> np.ndarray:
        """LinearSVC scores: a sequential sum over each row's features (scipy csr_matvecs) + intercept."""
        scores = np.zeros((len(texts), len(self.intercept)))
        for row, text in enumerate(texts):
            idx, data = self._row(text)
            if len(idx):
                scores[row] = np.cumsum(data[:, None] * self.weights[idx], axis=0)[-1]
        return scores + self.intercept

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Per class expit(-(a*T + b)), then rows normalised to 1 (uniform where all are 0).

        math.exp, not np.exp: scipy's expit uses the C library's exp, and numpy's vectorised exp
        differs from it in the last bit for ~2% of inputs (measured on 200,000 random scores).
        """
        scores = self.decision_function(texts)
        proba = np.zeros_like(scores)
        for col, (a, b) in enumerate(self.sigmoid):
            proba[:, col] = [_expit_neg(a * t + b) for t in scores[:, col].tolist()]
        denominator = np.sum(proba, axis=1)[:, np.newaxis]
        uniform = np.full_like(proba, 1 / proba.shape[1])
        return np.divide(proba, denominator, out=uniform, where=denominator != 0)


def _expit_neg(z: float) -> float:
    """expit(-z) = 1 / (1 + e^z), with e^z overflowing to infinity (probability 0) as in C."""
    try:
        return 1.0 / (1.0 + math.exp(z))
    except OverflowError:
        return 0.0


def read(path: Path) -> dict[str, np.ndarray]:
    """The arrays of an export, checked; ModelError naming the file and the reason otherwise.

    allow_pickle=False: an object array (the one kind that could run code) is refused by numpy.
    """
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in npz.files}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError) as exc:
        raise ModelError(f"{path}: not a topic model export ({type(exc).__name__}: {exc})") from exc
    try:
        _validate(arrays)
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise ModelError(f"{path}: broken topic model export ({exc})") from exc
    return arrays


def _validate(arrays: dict[str, np.ndarray]) -> None:
    """Raise ValueError unless every array has the kind and shape the scorer relies on."""
    missing = [key for key in _KEYS if key not in arrays]
    if missing:
        raise ValueError(f"missing arrays: {', '.join(missing)}")
    if arrays["format"].shape != () or int(arrays["format"]) != FORMAT:
        raise ValueError(f"format {arrays['format']!r}, this tiban reads {FORMAT}")
    k, n = arrays["coef"].shape if arrays["coef"].ndim == 2 else (0, 0)
    shapes = {"idf": (n,), "term_indices": (n,), "term_offsets": (n + 1,), "intercept": (k,), "sigmoid_a": (k,),
              "sigmoid_b": (k,), "class_offsets": (k + 1,), "ngram_range": (2,), "skops_sha256": ()}
    for key, shape in shapes.items():
        if arrays[key].shape != shape:
            raise ValueError(f"{key} has shape {arrays[key].shape}, expected {shape}")
    for key in ("terms", "term_offsets", "term_indices", "classes", "class_offsets", "ngram_range"):
        if arrays[key].dtype.kind not in "iu" or arrays[key].ndim != 1:
            raise ValueError(f"{key} is not a 1-d integer array")
    scalars = (arrays["lowercase"].shape, arrays["sublinear_tf"].shape)
    if arrays["skops_sha256"].dtype.kind != "U" or scalars != ((), ()):
        raise ValueError("skops_sha256, lowercase or sublinear_tf is not a scalar of the right kind")
    for key in ("idf", "coef", "intercept", "sigmoid_a", "sigmoid_b"):
        if arrays[key].dtype != np.float64 or not np.isfinite(arrays[key]).all():
            raise ValueError(f"{key} is not finite float64")
    if k < 3 or sorted(arrays["term_indices"].tolist()) != list(range(n)):
        raise ValueError("term indices are not a permutation of the features, or fewer than 3 classes")
    lo, hi = arrays["ngram_range"].tolist()
    if not 1 <= lo <= hi:
        raise ValueError(f"ngram_range {(lo, hi)}")
    _validate_strings(arrays, n)


def _validate_strings(arrays: dict[str, np.ndarray], n_terms: int) -> None:
    """Offsets that cut the code points into exactly the stored number of distinct terms."""
    for points, offsets in (("terms", "term_offsets"), ("classes", "class_offsets")):
        off = arrays[offsets]
        if off[0] != 0 or off[-1] != len(arrays[points]) or (np.diff(off) < 0).any():
            raise ValueError(f"{offsets} do not cut {points}")
    if len(set(_unpack(arrays["terms"], arrays["term_offsets"]))) != n_terms:
        raise ValueError("duplicate terms")


def stored_sha256(arrays: dict[str, np.ndarray]) -> str:
    return str(arrays["skops_sha256"])


def load_scorer(path: Path, skops_sha256: str) -> LinearTopicScorer | None:
    """The scorer of an export made from the skops file with this sha256, or None when the export
    is stale (from another skops file): then only the skops file itself gives the right answers."""
    arrays = read(path)
    if stored_sha256(arrays) != skops_sha256:
        return None
    return LinearTopicScorer(arrays)
