"""Access to the versioned domain data under corpora/ (dictionaries, patterns, markers).

Code holds no Chinese word lists: every list lives in a file under corpora/ whose first comment
line says where it came from. Files are read once per process and cached.
"""

from __future__ import annotations

import importlib.resources
import os
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Every corpora/ file asked for in this process (relative to corpora/): the coverage test
#: (tests/test_data.py) calls every loader of pipeline.data and fails on a file none of them reads.
READ: set[str] = set()


@lru_cache(maxsize=1)
def _data_root() -> Path:
    """Where corpora/ and models/ are: `pipeline/_data/` in an installed (non-editable) tiban, whose
    build copies them there (setup.py), else the checkout's top-level folders. WHY the packaged copy
    first: installed, ROOT is site-packages, where a folder named corpora/ may belong to anyone."""
    packaged = Path(str(importlib.resources.files("pipeline").joinpath("_data")))
    return packaged if packaged.is_dir() else ROOT


def corpora_dir() -> Path:
    """The corpora/ folder (TIBAN_CORPORA overrides it)."""
    return Path(os.environ.get("TIBAN_CORPORA", _data_root() / "corpora"))


def models_dir() -> Path:
    """The models/ folder (TIBAN_MODELS overrides it)."""
    return Path(os.environ.get("TIBAN_MODELS", _data_root() / "models"))


def corpus_path(*parts: str) -> Path:
    """Path of a file under corpora/, which must exist: a missing data file is a packaging bug."""
    path = corpora_dir().joinpath(*parts)
    READ.add("/".join(parts))
    if not path.exists():
        raise FileNotFoundError(f"domain data file missing: {path}")
    return path


@lru_cache(maxsize=None)
def load_lines(*parts: str) -> tuple[str, ...]:
    """Non-empty lines of a corpora/ file, without '#' comment lines and trailing whitespace."""
    text = corpus_path(*parts).read_text(encoding="utf-8")
    return tuple(
        line.rstrip("\n\r") for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    )


@lru_cache(maxsize=None)
def load_tsv(*parts: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated corpora/ file (comment lines skipped, cells stripped)."""
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for line in load_lines(*parts))
