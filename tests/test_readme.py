"""The README's Quickstart is the contract for a fresh machine, and CI runs its test command."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

sys.path.insert(0, str(REPO / ".ci"))
from quickstart import quickstart_commands  # noqa: E402

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_quickstart_of_two_commands() -> None:
    first_heading = next(line for line in README.splitlines() if line.startswith("## "))
    assert first_heading == "## Quickstart"
    commands = quickstart_commands(README)
    assert len(commands) == 2
    assert "tiban run corpora/samples" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    printed = subprocess.run(
        [sys.executable, str(REPO / ".ci" / "quickstart.py"), "test"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert printed == quickstart_commands(README)[1]
    assert "quickstart.py test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_quickstart_parser_rejects_missing_section() -> None:
    import pytest

    with pytest.raises(IndexError):
        quickstart_commands("# no quickstart here\n")


def test_readme_documents_the_dataset_schema_exactly() -> None:
    from pipeline.write.writer import schema_markdown

    assert schema_markdown() in README, "README's schema differs from pipeline.write.columns: paste schema_markdown()"
