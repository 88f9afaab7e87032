"""Training data and text normalisation for the topic classifier.

The taxonomy (corpora/taxonomy.csv, a verbatim copy of ../shared/taxonomy.csv) and the labelled
phrases (corpora/topics/phrases.csv) are plain CSV files so analysts can read and extend them;
both loaders skip '#' comment lines so a file can carry its `# source:` note.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline import data as domain
from pipeline.normalise.chars import converter
from pipeline.text.gloss import strip_glosses

#: Whitespace inside a phrase is layout ("综    合"), never meaning.
_SPACE = re.compile(r"\s+")

SPLITS = ("train", "test")


@dataclass(frozen=True)
class Category:
    """One row of taxonomy.csv."""

    code: str
    zh: str
    en: str
    cap_major: int | None
    scope: str


@dataclass(frozen=True)
class Phrase:
    """One labelled training phrase with its fixed split."""

    text: str
    category: str
    split: str


def _csv_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV file whose leading '#' lines are comments."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines))


def taxonomy_path() -> Path:
    return domain.taxonomy_path()


@lru_cache(maxsize=None)
def load_taxonomy(path: Path | None = None) -> tuple[Category, ...]:
    """The categories in file order (the last one, `other`, has no CAP code)."""
    rows = _csv_rows(path or taxonomy_path())
    return tuple(
        Category(r["code"], r["zh"], r["en"], int(r["cap_major"]) if r["cap_major"] else None, r["scope"])
        for r in rows
    )


def category_codes() -> tuple[str, ...]:
    return tuple(c.code for c in load_taxonomy())


def default_data_dir() -> Path:
    return domain.topics_dir()


def load_phrases(data_dir: Path | None = None) -> tuple[Phrase, ...]:
    """Every labelled phrase of `data_dir`/phrases.csv, in file order."""
    rows = _csv_rows(domain.phrases_path(data_dir))
    return tuple(Phrase(r["text"], r["category"], r["split"]) for r in rows)


def data_hash(data_dir: Path | None = None) -> str:
    """sha256 over the training file and the taxonomy: what the model card pins the model to."""
    digest = hashlib.sha256()
    for path in (domain.phrases_path(data_dir), taxonomy_path()):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def normalise_phrase(text: str) -> str:
    """Simplified script, no pinyin glosses, no layout spaces: what the features see.

    NFKC first folds full-width letters, digits and brackets ("５Ｇ", "（") to ASCII, so a gloss
    written in full-width brackets is found too.
    """
    text = unicodedata.normalize("NFKC", text)
    text = strip_glosses(text)  # pinyin glosses ("活動(dòng)") carry no topic, only noise n-grams
    text = _SPACE.sub("", text)
    return strip_title_frame(converter().convert(text))


#: A subject shorter than this after the frame is taken off is no subject ("关于建议"): keep the phrase.
#: 2 is the shortest real subject ("城建", "交通"), as in model.first_item.
_MIN_SUBJECT = 2


@lru_cache(maxsize=1)
def _title_frame() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(prefixes, suffixes longest first) of corpora/topics/title_wrappers.tsv."""
    rows = domain.title_wrappers()
    prefixes = tuple(word for kind, word in rows if kind == "prefix")
    suffixes = tuple(sorted((word for kind, word in rows if kind == "suffix"), key=len, reverse=True))
    return prefixes, suffixes


def strip_title_frame(text: str) -> str:
    """A formal title's subject: "关于加强X的建议" → "加强X".

    Why: the frame says what kind of document it is, not what it is about, and team phrases are
    mostly bare subjects, so on real titles the frame's n-grams were noise the model had to outvote.
    One prefix and one suffix at most; a phrase that would lose its subject is kept whole.
    """
    prefixes, suffixes = _title_frame()
    out = text
    for prefix in prefixes:
        if out.startswith(prefix):
            out = out[len(prefix):]
            break
    for suffix in suffixes:
        if out.endswith(suffix):
            out = out[: -len(suffix)]
            break
    return out if len(out) >= _MIN_SUBJECT else text
