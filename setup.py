"""Build step that ships the domain data in the wheel: corpora/ and models/ stay the repository's
top-level folders, and a built (non-editable) tiban carries a copy of them as `pipeline/_data/`.

WHY a build step: tiban reads corpora/ (dictionaries, patterns, training phrases) and models/ (the
topic model) at run time; a wheel without them stopped at the first document with "domain data file
missing: …/site-packages/corpora/ingest/skip_extensions.txt". setuptools' package-dir can only map
whole packages, and these folders are data, not packages, so build_py copies them in.
`pipeline/resources.py` reads `pipeline/_data/` when it exists (an installed tiban) and the
checkout's folders otherwise; tests/e2e/test_wheel.py installs a built wheel and runs it.
"""

from __future__ import annotations

import fnmatch
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent

#: top-level folder → patterns of its entries (first path part) that stay out of the wheel: the invented
#: document sets with gold (samples, held-out sets) are test data, not something tiban reads to run.
SHIPPED = {"corpora": ("samples*", "holdout*"), "models": ()}


def shipped_files() -> list[tuple[Path, str]]:
    """(source file, path under pipeline/_data/) of every data file the wheel carries."""
    out = []
    for top, excluded in SHIPPED.items():
        for path in sorted((HERE / top).rglob("*")):
            rel = path.relative_to(HERE / top).as_posix()
            first = rel.split("/", 1)[0]
            if path.is_file() and "__pycache__" not in rel and not any(fnmatch.fnmatch(first, p) for p in excluded):
                out.append((path, f"{top}/{rel}"))
    return out


class BuildWithData(build_py):
    """build_py that also copies the shipped corpora/ and models/ files into pipeline/_data/."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):  # an editable install reads the checkout itself
            return
        data = Path(self.build_lib) / "pipeline" / "_data"
        shutil.rmtree(data, ignore_errors=True)  # build/ is reused between builds: no file removed since
        for source, rel in shipped_files():
            target = data / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


setup(cmdclass={"build_py": BuildWithData})
