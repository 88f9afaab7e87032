"""Feature sets and classifiers the topic model is chosen from.

Words come from the pipeline's one domain tokenizer (pipeline.segment.tokenizer: an own jieba.Tokenizer,
no global jieba state, with the project's user dictionary); characters come from n-grams, which
carry the model through words jieba splits badly and through short headings ("城建", "农林水").
`words` is a module-level function so that skops can store a reference to it (never code) and the
loader can allow exactly this one function.
"""

from __future__ import annotations

import unicodedata

import jieba
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

#: Fixed seed: the same data must give the same model and the same card, byte for byte.
SEED = 20240501
#: Folds for calibration and for model selection; 5 keeps ≥ 17 train phrases per class per fold.
FOLDS = 5


def tokenizer() -> jieba.Tokenizer:
    """The process's one domain tokenizer (pipeline.segment.tokenizer: jieba's default dictionary plus
    corpora/dict/user_dict.txt, jieba's exact tokens, faster). A second instance of its own cost each
    process another load of the same dictionary: 0.6-1.7 s of start-up and ~100 MB (bench/throughput.py)."""
    from pipeline.segment.tokenizer import tokenizer as domain_tokenizer

    return domain_tokenizer()


def _is_word(token: str) -> bool:
    """A token with at least one letter or digit; punctuation and spaces are not features."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in token)


def words(text: str) -> list[str]:
    """jieba words of an already normalised phrase (the analyzer of the word vectorizer)."""
    return [tok for tok in tokenizer().tokens(text) if _is_word(tok)]


def _word_vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=words, sublinear_tf=True)


def _char_vectorizer(longest: int = 2) -> TfidfVectorizer:
    # 1–2-grams: most topic words are 2 characters. With the 5,100 phrases of the first model 1–3-grams
    # won CV (4-grams added nothing); with the scope-coverage rows (6,058 phrases) 1–2-grams win CV
    # (0.8924 against 0.8850 for 1–3, 0.8830 for 1–4; linsvc, C=1): 3-grams of short training
    # phrases mostly memorise them. `chars1-3` stays a candidate so every retrain re-checks this.
    return TfidfVectorizer(analyzer="char", ngram_range=(1, longest), sublinear_tf=True)


def feature_set(name: str) -> Pipeline | FeatureUnion | TfidfVectorizer:
    """The named feature extractor: 'words', 'chars' (1–2-grams), 'chars1-3' or 'words+chars'."""
    if name == "words":
        return _word_vectorizer()
    if name == "chars":
        return _char_vectorizer()
    if name == "chars1-3":
        return _char_vectorizer(3)
    if name == "words+chars":
        return FeatureUnion([("words", _word_vectorizer()), ("chars", _char_vectorizer())])
    raise ValueError(f"unknown feature set {name!r}")


def classifier(name: str) -> CalibratedClassifierCV:
    """The named classifier, wrapped in sigmoid calibration so confidences mean what they say."""
    if name == "linsvc":
        base = LinearSVC(C=1.0, random_state=SEED)
    elif name == "cnb":
        base = ComplementNB(alpha=0.3)
    else:
        raise ValueError(f"unknown classifier {name!r}")
    # cv=int: unshuffled stratified folds, deterministic, and no splitter object in the model file
    # ensemble=False: the classifier itself is fit on all train data (as good as uncalibrated) and only
    # the sigmoid is fit on out-of-fold scores; the 5-model ensemble lost ~1 point of test macro-F1.
    return CalibratedClassifierCV(base, method="sigmoid", cv=FOLDS, ensemble=False)


FEATURE_SETS = ("words", "chars", "chars1-3", "words+chars")
#: LogisticRegression (lbfgs) was tried too: same macro-F1 as linsvc (0.847 vs 0.852 with words+chars)
#: at 20-30x the fit time (36 s vs 1.5 s), so it is not among the candidates `train-topics` runs.
CLASSIFIERS = ("linsvc", "cnb")


def build(features: str, clf: str) -> Pipeline:
    """An unfitted pipeline: normalised phrase → features → calibrated classifier."""
    return Pipeline([("features", feature_set(features)), ("clf", classifier(clf))])
