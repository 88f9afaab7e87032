"""Topic-classifier domain data: the taxonomy, the labelled phrases, lumped-heading separators.

The two CSV files are parsed by pipeline/classify/data.py (typed Category and Phrase rows);
training may read phrases from another folder (`tiban train-topics --data DIR`), so the phrase
file is named here relative to a folder.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pipeline.data.read import Pair, lines, rows
from pipeline.resources import READ, ROOT, corpora_dir

PHRASES_FILE = "phrases.csv"


def taxonomy_path() -> Path:
    """corpora/taxonomy.csv, a verbatim copy of ../shared/taxonomy.csv."""
    READ.add("taxonomy.csv")
    return corpora_dir() / "taxonomy.csv"


def topics_dir() -> Path:
    """The folder of the labelled training phrases (corpora/topics/)."""
    return corpora_dir() / "topics"


def phrases_path(folder: Path | None = None) -> Path:
    """The labelled phrases of `folder` (default corpora/topics/)."""
    if folder is None:
        READ.add(f"topics/{PHRASES_FILE}")
    return (folder or topics_dir()) / PHRASES_FILE


@lru_cache(maxsize=1)
def list_separators() -> tuple[str, ...]:
    """Separators of a lumped topic heading ("城乡建设、城管、交通"), tried in file order."""
    return lines("topics", "list_separators.txt")


@lru_cache(maxsize=1)
def agency_domains() -> tuple[Pair, ...]:
    """(agency keyword, category) rows: the agency's own domain, a prior for weak phrases."""
    return rows(Pair, "topics", "agency_domains.tsv")


@lru_cache(maxsize=1)
def title_wrappers() -> tuple[Pair, ...]:
    """(prefix|suffix, word) rows: the frame of a formal title (关于…的建议), not its subject."""
    return rows(Pair, "topics", "title_wrappers.tsv")


def holdout_dirs() -> tuple[Path, ...]:
    """The team's held-out gold folders (corpora/holdout*), which no training text may come near."""
    return tuple(sorted(corpora_dir().glob("holdout*")))


def shared_dir() -> Path:
    """../shared beside the repository (TIBAN_SHARED overrides it, as in the tests)."""
    return Path(os.environ.get("TIBAN_SHARED", ROOT.parent / "shared"))


def real_titles_path() -> Path:
    """Where training reads real titles from (TIBAN_REAL_TITLES overrides ../shared/topics/real_titles.csv)."""
    return Path(os.environ.get("TIBAN_REAL_TITLES", shared_dir() / "topics" / "real_titles.csv"))
