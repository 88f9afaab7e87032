"""Real proposal titles (../shared/topics/real_titles.csv): read at training time, never copied here.

The team's phrases alone get ~0.76 of real titles right; real titles are longer, framed, and
name places and programmes the team did not think of. They are other people's words, so they stay
in ../shared: training reads them from there (TIBAN_REAL_TITLES overrides the path) and says what
is missing when they are not there. Titles close to a gold topic phrase of the texts tiban is
scored on are never trained on (decontamination), so dev/seeds/held-out scores stay honest.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from pipeline import data
from pipeline.classify.data import category_codes, normalise_phrase
from pipeline.data.classify import real_titles_path, shared_dir  # noqa: F401 - part of this API
from pipeline.errors import ModelError

#: A real title at least this similar (difflib ratio, after normalisation) to a gold topic phrase is
#: not trained on: the same bar tests/classify/test_model.py holds phrases.csv to.
LEAK_RATIO = 0.8
COLUMNS = ("text", "category", "alt_category", "url")


@dataclass(frozen=True)
class RealTitle:
    """One row of real_titles.csv; `url` (the page) is the group of grouped cross-validation."""

    text: str
    category: str
    alt_category: str
    url: str


def gold_dirs() -> tuple[Path, ...]:
    """The gold folders no training text may come close to: dev, seeds and every corpora/holdout*."""
    shared = shared_dir() / "corpus"
    return (shared / "dev", shared / "seeds", *data.holdout_dirs())


def _require(path: Path, what: str) -> Path:
    if not path.exists():
        raise ModelError(f"{path}: {what} missing; training reads it from ../shared beside the repository "
                         "(set TIBAN_SHARED or TIBAN_REAL_TITLES to where it is)")
    return path


def load_real_titles(path: Path | None = None) -> tuple[RealTitle, ...]:
    """Every row of real_titles.csv in file order; a malformed file is an error naming it and why."""
    path = _require(path or real_titles_path(), "real proposal titles (real_titles.csv)")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise ModelError(f"{path}: columns missing: {', '.join(missing)}")
        rows = tuple(RealTitle(r["text"].strip(), r["category"], r["alt_category"] or "", r["url"]) for r in reader)
    unknown = sorted({r.category for r in rows} - set(category_codes()))
    if unknown:
        raise ModelError(f"{path}: categories not in taxonomy.csv: {', '.join(unknown)}")
    return rows


def gold_phrases(dirs: tuple[Path, ...] | None = None) -> frozenset[str]:
    """Normalised `topics[].phrase` of every gold JSON in `dirs` (default gold_dirs())."""
    out = set()
    for folder in dirs or gold_dirs():
        for path in sorted(_require(folder, "gold folder").glob("*.json")):
            for topic in json.loads(path.read_text(encoding="utf-8")).get("topics", []):
                if topic.get("phrase"):
                    out.add(normalise_phrase(topic["phrase"]))
    return frozenset(out)


def near_gold(text: str, gold: frozenset[str]) -> str | None:
    """The first gold phrase (sorted) within LEAK_RATIO of `text`, or None."""
    mine = normalise_phrase(text)
    for phrase in sorted(gold):
        m = difflib.SequenceMatcher(None, mine, phrase)
        if m.real_quick_ratio() >= LEAK_RATIO and m.quick_ratio() >= LEAK_RATIO and m.ratio() >= LEAK_RATIO:
            return phrase
    return None


def decontaminate(titles: tuple[RealTitle, ...], gold: frozenset[str]) -> tuple[RealTitle, ...]:
    """The titles that may be trained on: none within LEAK_RATIO of a gold phrase."""
    return tuple(t for t in titles if near_gold(t.text, gold) is None)


def texts_sha256(texts: list[str] | tuple[str, ...]) -> str:
    """sha256 of texts joined by newlines: what the card pins the real titles trained on to."""
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()
