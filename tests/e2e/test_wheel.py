"""A built wheel runs: installed (not editable) into a fresh venv, `tiban run` works from a folder
outside the repository, reading the domain data and topic model the wheel carries.

WHY: a wheel without corpora/ stopped at the first document ("domain data file missing:
…/site-packages/corpora/ingest/skip_extensions.txt"); Dask workers and anyone installing tiban as
a package hit that. Slow: building takes ~15 s and installing the wheel with its dependencies into a
new venv ~100 s on this 2-core machine (pip resolves them from the index it is configured with).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow

#: (file name, invented content, categories its topics must get); the last two are negative cases:
#: a gold file that discovery skips (corpora/ingest/skip_extensions.txt) and a corrupt PDF → a failed row.
DOCS = [
    ("transport.txt", "某市交通运输局关于2023年市人大代表建议办理情况的报告\n一、基本情况\n"
     "今年我局共承办市人大代表建议45件，办结率100%。代表建议主要集中在公共交通线路优化、停车设施等方面。\n",
     {"transport"}),
    ("school.txt", "某区教育局关于2022年区政协提案办理情况的报告\n一、基本情况\n"
     "今年我局共承办区政协提案20件，办结率100%。提案主要集中在幼儿园建设、教师队伍建设等方面。\n",
     {"education"}),
    ("school.json", '{"measures": []}', None),
    ("broken.pdf", "%PDF-1.7\nnot really a pdf", None),
]
_IGNORED = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "out", ".hypothesis",
                                  ".pytest_cache", "_data")


def _shipped() -> set[str]:
    """What the wheel must carry under pipeline/_data/: corpora/ but its document sets, and models/."""
    out = set()
    for top in ("corpora", "models"):
        for path in (REPO / top).rglob("*"):
            rel = path.relative_to(REPO / top)
            if path.is_file() and not rel.parts[0].startswith(("samples", "holdout")) and "__pycache__" not in rel.parts:
                out.add(f"pipeline/_data/{top}/{rel.as_posix()}")
    return out


def _build_wheel(tmp: Path) -> Path:
    """Build from a clean copy of the checkout (a reused build/ could carry files since removed)."""
    src = tmp / "src"
    shutil.copytree(REPO, src, ignore=_IGNORED)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(src), "-w", str(tmp / "dist")],
                   check=True, capture_output=True, text=True)
    return next((tmp / "dist").glob("tiban-*.whl"))


def _install(wheel: Path, venv: Path) -> dict[str, str]:
    """A new venv with the wheel and its dependencies; the environment to run it in (no repo paths)."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
                   check=True, capture_output=True, text=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TIBAN_CORPORA", "TIBAN_MODELS")}
    return env


def test_wheel_installed_in_a_fresh_venv_runs_outside_the_repository(tmp_path):
    wheel = _build_wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    data = {n for n in names if n.startswith("pipeline/_data/")}
    assert data == _shipped(), f"missing {sorted(_shipped() - data)[:5]}, extra {sorted(data - _shipped())[:5]}"
    assert not any("samples" in n or "holdout" in n for n in names)

    venv, env = tmp_path / "venv", _install(wheel, tmp_path / "venv")
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, content, _ in DOCS:
        (docs / name).write_text(content, encoding="utf-8")
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import pipeline; print(pipeline.__file__)"],
                           cwd=tmp_path, env=env, check=True, capture_output=True, text=True).stdout
    assert where.startswith(str(venv)), where  # the installed copy, not the checkout
    run = subprocess.run([str(venv / "bin" / "tiban"), "run", "docs", "-o", "out", "--format", "jsonl", "-q"],
                         cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 1, run.stderr  # 1: the corrupt PDF failed, the rest was processed
    _check_dataset(tmp_path / "out")


def _check_dataset(out: Path) -> None:
    reports = {Path(r["source"]).name: r for r in map(json.loads, (out / "reports.jsonl").read_text().splitlines())}
    assert set(reports) == {"transport.txt", "school.txt", "broken.pdf"}  # school.json skipped as gold
    assert reports["broken.pdf"]["status"] == "failed" and "PDF" in reports["broken.pdf"]["error"]
    topics = [json.loads(line) for line in (out / "topics.jsonl").read_text().splitlines()]
    for name, _, categories in DOCS:
        if categories is not None:
            doc_id = reports[name]["doc_id"]
            got = {t["category"] for t in topics if t["doc_id"] == doc_id}
            assert reports[name]["status"] == "ok" and got == categories, (name, got)
