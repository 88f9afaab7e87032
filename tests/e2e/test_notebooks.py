"""Every notebook under notebooks/ executes top to bottom on a real kernel without a cell error.

The notebooks assert facts about the dataset in their cells, so running them checks the pipeline's
output the way a researcher meets it (pandas, DuckDB, Parquet parts), not only the Python API.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
CELL_TIMEOUT = 600  # seconds per cell: the sample run takes ~5 s; a cold start with model loading far less than this


def execute(path: Path) -> nbformat.NotebookNode:
    """Run a notebook in its own folder on the python3 kernel; raises CellExecutionError on failure."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=CELL_TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    return nb


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no notebook"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_on_the_samples(path: Path, tmp_path: Path, monkeypatch):
    monkeypatch.delenv("TIBAN_DATASET", raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # the kernel's temporary dataset lands here and is cleaned up
    nb = execute(path)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []


@pytest.mark.slow
def test_explore_notebook_reads_an_existing_dataset(tmp_path: Path, monkeypatch):
    """TIBAN_DATASET mode: the notebook explores a folder written by an earlier run."""
    import pipeline

    outdir = tmp_path / "dataset"
    pipeline.run([str(REPO / "corpora" / "samples" / "s01_utf8.txt")], outdir, quiet=True)
    monkeypatch.setenv("TIBAN_DATASET", str(outdir))
    execute(REPO / "notebooks" / "explore_dataset.ipynb")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_committed_without_outputs(path: Path):
    """Outputs hold temporary paths and timings: committing them makes every run a diff."""
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@pytest.mark.slow
def test_a_failing_cell_fails_the_run(tmp_path: Path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("assert 1 + 1 == 3, 'broken fact'")])
    path = tmp_path / "broken.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(CellExecutionError, match="broken fact"):
        execute(path)
