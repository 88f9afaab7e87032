"""The versions of the libraries whose internals tiban relies on, and the check that refuses others.

WHY: `pipeline/segment/tokenizer.py` and `hmm.py` re-implement jieba's route search and HMM cut
over jieba's own internals (`Tokenizer.FREQ`/`total`, `re_han_default`, `finalseg`'s tables), and
`pipeline/classify/linear.py` mirrors scikit-learn's tf-idf analyzer, LinearSVC scores and sigmoid
calibration (`_white_spaces`, `calibrated_classifiers_`, `calibrators`). A release that changes them
would give other tokens or probabilities without any error, so pyproject.toml bounds both to the
versions these modules were verified against (tests/test_pins.py keeps the two equal) and `require`
stops with the version and the module relying on it when another one is installed.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from pipeline.errors import TibanError


class DependencyError(TibanError):
    """An installed library is outside the versions tiban's reimplementations were verified against."""


class Pin(NamedTuple):
    low: tuple[int, ...]  # inclusive
    high: tuple[int, ...]  # exclusive
    verified: str  # the version the relying modules were last checked against (what .venv had)
    relied_on_by: str


PINS: dict[str, Pin] = {
    # 0.42.1 is the version in .venv on 2026-12-04; tokens equal jieba.lcut on the dev texts
    # (tests/segment/test_tokenizer.py, test_hmm.py).
    "jieba": Pin((0, 42), (0, 43), "0.42.1", "pipeline/segment/tokenizer.py and pipeline/segment/hmm.py "
                 "(reimplement jieba.Tokenizer's route search and jieba.finalseg's HMM over their internals)"),
    # 1.9.1 is the version in .venv on 2026-12-04; probabilities equal predict_proba bit for bit
    # (tests/classify/test_linear.py). The bound admits that minor series' patch releases.
    "scikit-learn": Pin((1, 4), (1, 10), "1.9.1", "pipeline/classify/linear.py "
                        "(mirrors TfidfVectorizer's analyzer, LinearSVC scores and sigmoid calibration)"),
}


def _parse(version: str) -> tuple[int, ...]:
    """The leading numeric release of a version ('1.9.1' → (1, 9, 1); '1.10.0rc1' → (1, 10, 0))."""
    match = re.match(r"\d+(?:\.\d+)*", version.strip())
    return tuple(int(part) for part in match.group().split(".")) if match else ()


def _dotted(parts: tuple[int, ...]) -> str:
    return ".".join(map(str, parts))


def specifier(dist: str) -> str:
    """The pip requirement of `dist` these pins mean, as pyproject.toml writes it ('jieba>=0.42,<0.43')."""
    pin = PINS[dist]
    return f"{dist}>={_dotted(pin.low)},<{_dotted(pin.high)}"


def require(dist: str, version: str) -> None:
    """Raise DependencyError naming `version` and the relying modules when it is outside `dist`'s pin."""
    pin = PINS[dist]
    parsed = _parse(version)
    if not parsed or not pin.low <= parsed < pin.high:
        raise DependencyError(
            f"{dist} {version} is installed, but {pin.relied_on_by} rely on its internals and were verified "
            f"with {dist} {pin.verified} (supported: {specifier(dist)}); install a version in that range"
        )
