"""The CLI is thin but complete: every command has help, is documented, and maps errors to exit codes."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from conftest import REPO

from pipeline.cli import main

COMMANDS = sorted(main.commands)


def test_expected_commands_exist() -> None:
    assert {"run", "show", "eval", "train-topics", "classify"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert main.commands[name].help, f"tiban {name} has no docstring"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_documented_in_readme(name: str) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"^### `tiban {re.escape(name)}", readme, re.M), f"README lacks a '### `tiban {name}' section"


@pytest.mark.parametrize(
    "args",
    [
        ["run"],  # no inputs
        ["run", "x.txt"],  # no -o
        ["run", "x.txt", "-o", "out", "--format", "xlsx"],  # unknown format
        ["show"],
        ["eval", "/nonexistent/gold"],
        ["nosuchcommand"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert CliRunner().invoke(main, args).exit_code == 2


def test_show_prints_evidence_for_a_written_report(tmp_path) -> None:
    doc = tmp_path / "r.txt"
    doc.write_text("2023年市交通局共承办市政协提案12件，办复率为100%。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["show", str(doc)])
    assert result.exit_code == 0, result.output
    assert "status    ok" in result.output
    assert str(doc) in result.output
    assert "items_total" in result.output and "共承办市政协提案12件]" in result.output
    assert "rate_reply" in result.output and "[办复率为100%]" in result.output


def test_show_json_prints_the_rows_tiban_writes(tmp_path) -> None:
    import json

    doc = tmp_path / "r.txt"
    doc.write_text("2023年市交通局共承办市政协提案12件，办复率为100%。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["show", "--json", str(doc)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert set(rows) == {"reports", "measures", "topics", "sections"}
    assert {(m["metric"], m["value"]) for m in rows["measures"]} == {("items_total", 12.0), ("rate_reply", 100.0)}


def test_show_of_a_bad_file_exits_1_with_the_reason(tmp_path) -> None:
    doc = tmp_path / "empty.txt"
    doc.write_bytes(b"")
    result = CliRunner().invoke(main, ["show", str(doc)])
    assert result.exit_code == 1
    assert "failed" in result.output and "empty" in result.output


def test_classify_reads_stdin_and_writes_one_csv_row_per_line_in_order() -> None:
    import csv
    import io

    lines = ["老旧小区改造", "", "電信詐騙防範打擊", "农村留守儿童关爱保护"]
    result = CliRunner().invoke(main, ["classify", "-"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == ["text", "category", "confidence"]
    assert [r[0] for r in rows[1:]] == lines
    assert [r[1] for r in rows[1:]] == ["urban_housing", "other", "public_safety", "social_welfare"]
    assert all(0.0 <= float(r[2]) <= 1.0 for r in rows[1:])


def test_classify_takes_phrases_as_arguments() -> None:
    result = CliRunner().invoke(main, ["classify", "学校周边安全", "医疗保险报销"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1].startswith("学校周边安全,")
    assert len(result.output.splitlines()) == 3
