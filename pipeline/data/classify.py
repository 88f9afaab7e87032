"""Topic-classifier domain data: the taxonomy, the labelled phrases, lumped-heading separators.

The two CSV files are parsed by pipeline/classify/data.py (typed Category and Phrase rows);
training may read phrases from another folder (`tiban train-topics --data DIR`), so the phrase
file is named here relative to a folder.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pipeline.data.read import lines
from pipeline.resources import READ, corpora_dir

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
