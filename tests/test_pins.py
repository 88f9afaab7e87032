"""pipeline.pins: jieba and scikit-learn are bounded to the versions whose internals tiban mirrors."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version

import pytest

from conftest import REPO
from pipeline.pins import PINS, DependencyError, require, specifier


@pytest.mark.parametrize(
    ("dist", "installed", "ok"),
    [
        ("jieba", "0.42.1", True), ("jieba", "0.42", True), ("jieba", "0.43.0", False), ("jieba", "0.41.9", False),
        ("jieba", "1.0", False), ("jieba", "unknown", False),
        ("scikit-learn", "1.9.1", True), ("scikit-learn", "1.4.0", True), ("scikit-learn", "1.9.9", True),
        ("scikit-learn", "1.10.0", False), ("scikit-learn", "1.10.0rc1", False), ("scikit-learn", "1.3.2", False),
        ("scikit-learn", "2.0", False),
    ],
)
def test_versions_inside_the_pin_pass_and_others_are_refused(dist, installed, ok):
    if ok:
        require(dist, installed)
    else:
        with pytest.raises(DependencyError, match=re.escape(f"{dist} {installed} is installed")):
            require(dist, installed)


@pytest.mark.parametrize(
    ("dist", "installed", "module"),
    [("jieba", "0.43.0", "pipeline/segment/tokenizer.py"), ("jieba", "0.43.0", "pipeline/segment/hmm.py"),
     ("scikit-learn", "1.10.0", "pipeline/classify/linear.py")],
)
def test_the_refusal_names_the_version_the_relying_module_and_the_range(dist, installed, module):
    with pytest.raises(DependencyError) as caught:
        require(dist, installed)
    message = str(caught.value)
    assert installed in message and module in message and specifier(dist) in message
    assert PINS[dist].verified in message


def test_pyproject_bounds_are_the_pins():
    deps = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    for dist in PINS:
        assert specifier(dist) in deps, f"pyproject.toml's {dist} requirement differs from pipeline/pins.py"


@pytest.mark.parametrize("dist", sorted(PINS))
def test_the_installed_versions_are_inside_the_pins(dist):
    require(dist, version(dist))


def test_building_the_tokenizer_refuses_another_jieba(monkeypatch):
    import jieba

    from pipeline.segment.tokenizer import tokenizer

    monkeypatch.setattr(jieba, "__version__", "0.43.0")
    with pytest.raises(DependencyError, match="jieba 0.43.0 is installed.*tokenizer.py"):
        tokenizer.__wrapped__()


def test_exporting_the_topic_model_refuses_another_scikit_learn(monkeypatch):
    import sklearn

    from pipeline.classify.linear import export

    monkeypatch.setattr(sklearn, "__version__", "1.10.0")
    with pytest.raises(DependencyError, match="scikit-learn 1.10.0 is installed.*linear.py"):
        export(None)
