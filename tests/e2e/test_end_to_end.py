"""End to end through the `tiban` CLI: every input format and every kind of bad input in one batch.

The files are generated here (real PDF, DOCX, zip); the run goes through real worker processes and
the dataset is read back from disk. Good documents give their figures with exact evidence; each bad
one gives one failed row with a reason a person can act on; nothing is written outside OUTDIR.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from make_docs import make_docx, make_html, make_pdf, make_text, make_zip

from pipeline.cli import main

#: An invented report; every format below carries it, so every format must yield these figures.
REPORT = "2023年示例市交通运输局共承办市政协提案12件，办复率为100%，满意率为98%。"
TRAD = "2023年示例市交通運輸局共承辦市政協提案12件，辦復率為100%，滿意率為98%。"
EXPECTED = {("items_total", 12.0), ("rate_reply", 100.0), ("rate_satisfaction", 98.0)}


def _good_inputs(root: Path) -> dict[str, str]:
    """name → expected format, for one file of every supported kind."""
    make_text(REPORT, root / "utf8.txt")
    make_text(REPORT, root / "utf8_bom.txt", bom=True)
    make_text(REPORT, root / "utf16.txt", encoding="utf-16-le", bom=True)
    make_text(REPORT, root / "gbk.txt", encoding="gbk")
    make_text(TRAD, root / "big5.txt", encoding="big5")
    make_html([REPORT], root / "page.html", charset="gb2312")
    make_html([REPORT], root / "page_nometa.htm", declare_charset=False)
    make_docx(["示例市交通运输局提案办理情况", REPORT], [["项目", "数量"], ["提案", "12件"]], root / "r.docx")
    make_docx([REPORT], [], root / "renamed.dat")
    make_pdf(["一、基本情况\n今年以来，我局高度重视提案办理工作。", REPORT], root / "r.pdf")
    make_zip({"inside/a.txt": REPORT.encode("utf-8")}, root / "archive.zip")
    formats = {"page.html": "html", "page_nometa.htm": "html", "r.docx": "docx", "renamed.dat": "docx", "r.pdf": "pdf"}
    names = ["utf8.txt", "utf8_bom.txt", "utf16.txt", "gbk.txt", "big5.txt", *formats, "archive.zip!inside/a.txt"]
    return {name: formats.get(name, "txt") for name in names}


def _bad_inputs(root: Path) -> dict[str, str]:
    """name → a word the failed row's error must contain."""
    make_pdf([REPORT], root / "whole.pdf")
    data = (root / "whole.pdf").read_bytes()
    (root / "truncated.pdf").write_bytes(data[: len(data) // 2])
    (root / "whole.pdf").unlink()
    (root / "random.pdf").write_bytes(os.urandom(4096))
    make_pdf([REPORT], root / "locked.pdf", encrypted=True)
    (root / "random.docx").write_bytes(os.urandom(4096))
    (root / "empty.txt").write_bytes(b"")
    make_zip({"../evil.txt": REPORT.encode("utf-8")}, root / "hostile.zip")
    return {
        "truncated.pdf": "pdf",
        "random.pdf": "",
        "locked.pdf": "encrypted",
        "random.docx": "",
        "empty.txt": "empty",
    }


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("e2e")
    inputs = root / "in"
    inputs.mkdir()
    good, bad = _good_inputs(inputs), _bad_inputs(inputs)
    before = {p for p in root.parent.rglob("*")}
    out = root / "out"
    cwd = os.getcwd()
    os.chdir(inputs)  # a zip-slip write would land beside the archive: look for it there
    try:
        result = CliRunner().invoke(main, ["run", str(inputs), "-o", str(out), "-j", "2", "-q"])
    finally:
        os.chdir(cwd)
    after = {p for p in root.parent.rglob("*")}
    return result, out, good, bad, after - before


def _by_name(reports: pd.DataFrame, inputs_root: Path) -> dict[str, pd.Series]:
    return {str(src).split(str(inputs_root) + os.sep, 1)[-1]: row for src, row in reports.set_index("source").iterrows()}


def test_exit_status_is_1_when_some_inputs_failed(batch) -> None:
    result, *_ = batch
    assert result.exit_code == 1, result.output


def test_every_good_format_gives_the_figures_with_exact_evidence(batch) -> None:
    _, out, good, _, _ = batch
    reports = pd.read_parquet(out / "reports.parquet")
    measures = pd.read_parquet(out / "measures.parquet")
    rows = _by_name(reports, out.parent / "in")
    for name, fmt in good.items():
        row = rows[name]
        assert (row["status"], row["format"]) == ("ok", fmt), (name, row["error"])
        found = measures[measures.doc_id == row["doc_id"]]
        assert EXPECTED <= set(zip(found.metric, found.value)), (name, found[["metric", "value"]])
        assert (found.evidence.str.len() == found.end - found.start).all()


def test_pdf_figures_carry_their_page(batch) -> None:
    _, out, _, _, _ = batch
    reports = pd.read_parquet(out / "reports.parquet")
    measures = pd.read_parquet(out / "measures.parquet")
    pdf_id = reports.loc[reports.source.str.endswith("r.pdf"), "doc_id"].item()
    assert set(measures.loc[measures.doc_id == pdf_id, "page"]) == {2}


def test_traditional_input_is_recorded_as_such(batch) -> None:
    _, out, _, _, _ = batch
    reports = pd.read_parquet(out / "reports.parquet")
    assert reports.loc[reports.source.str.endswith("big5.txt"), "script"].item() == "traditional"


def test_every_bad_input_is_one_failed_row_with_a_reason(batch) -> None:
    _, out, _, bad, _ = batch
    rows = _by_name(pd.read_parquet(out / "reports.parquet"), out.parent / "in")
    for name, word in bad.items():
        row = rows[name]
        assert row["status"] == "failed", name
        assert row["error"] and word in row["error"].lower(), (name, row["error"])


def test_hostile_zip_member_is_read_in_memory_and_nothing_lands_outside_outdir(batch) -> None:
    _, out, _, _, created = batch
    outside = [p for p in created if out not in p.parents and p != out]
    assert outside == [], outside
    assert not (out.parent / "evil.txt").exists() and not (out.parent / "in" / "evil.txt").exists()


def test_usage_error_for_missing_input_exits_2(tmp_path) -> None:
    result = CliRunner().invoke(main, ["run", str(tmp_path / "missing"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "missing" in result.output
