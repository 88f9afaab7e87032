"""Lazy exports for the stage packages: `from pipeline.segment import segment` loads the stage (jieba,
OpenCC, the topic model, pyarrow) on first use, not on `import pipeline.segment` — a run's parent
imports the packages' light helpers and must not pay for the stages (0.3 s of serial start-up)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def exports(package: str, names: dict[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` giving each name of `names` (name → module under `package`) on first use."""

    def __getattr__(name: str) -> Any:
        if name in names:
            return getattr(importlib.import_module(f"{package}.{names[name]}"), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
