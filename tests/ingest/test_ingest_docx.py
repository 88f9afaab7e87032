"""DOCX ingest on real python-docx files: reading order, tables in place, renamed and broken files."""

from __future__ import annotations

import docx
import make_docs

from pipeline.ingest import ingest

PARAGRAPHS = ["关于2023年建议办理情况的报告", "今年共承办建议和提案如下表。", "下一步将继续做好办理工作。"]
ROWS = [["类别", "件数", "办复率"], ["人大代表建议", "86", "100%"], ["政协提案", "54", "100%"]]


def _read(path, name=None):
    return ingest(name or str(path), path.read_bytes())


def test_table_stands_where_it_is_in_the_body(tmp_path):
    path = make_docs.make_docx(PARAGRAPHS, ROWS, tmp_path / "r.docx", table_index=2)
    report = _read(path)
    assert report.ok, report.error
    assert report.format == "docx"
    assert report.original.splitlines() == [
        PARAGRAPHS[0],
        PARAGRAPHS[1],
        "类别\t件数\t办复率",
        "人大代表建议\t86\t100%",
        "政协提案\t54\t100%",
        PARAGRAPHS[2],
    ]


def test_table_at_end_is_not_moved_before_text(tmp_path):
    """Negative: a table after the last paragraph stays last."""
    report = _read(make_docs.make_docx(PARAGRAPHS, ROWS, tmp_path / "r.docx"))
    assert report.original.splitlines()[-1] == "政协提案\t54\t100%"
    assert report.original.splitlines()[0] == PARAGRAPHS[0]


def test_merged_cells_are_written_once(tmp_path):
    path = tmp_path / "merged.docx"
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "办理情况统计"
    for col, value in enumerate(["建议", "86", "件"]):
        table.cell(1, col).text = value
    document.save(str(path))
    assert _read(path).original.splitlines() == ["办理情况统计", "建议\t86\t件"]


def test_cell_paragraphs_stay_on_the_row_line(tmp_path):
    path = tmp_path / "cellparas.docx"
    document = docx.Document()
    cell = document.add_table(rows=1, cols=2).cell(0, 0)
    cell.text = "满意率"
    cell.add_paragraph("98%")
    document.save(str(path))
    assert _read(path).original == "满意率 98%\t"


def test_docx_saved_as_dat_is_a_docx(tmp_path):
    path = make_docs.make_docx(PARAGRAPHS, ROWS, tmp_path / "upload.dat", table_index=1)
    report = _read(path)
    assert report.ok and report.format == "docx"
    assert PARAGRAPHS[2] in report.original
    assert "extension_mismatch" not in report.flags  # .dat promises nothing


def test_random_bytes_named_docx_fail_clearly():
    report = ingest("report.docx", bytes(range(256)) * 32)
    assert report.status == "failed"
    assert report.error.startswith("unsupported format: binary")
    assert "named .docx" in report.error


def test_zip_that_is_not_docx_fails_in_ingest(tmp_path):
    path = make_docs.make_zip({"a.txt": "正文".encode()}, tmp_path / "files.docx")
    report = _read(path)
    assert report.status == "failed"
    assert report.error.startswith("unsupported format: zip archive")


def test_docx_with_broken_document_part_fails_clearly(tmp_path):
    path = make_docs.make_zip(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document>not xml"}, tmp_path / "bad.docx"
    )
    report = _read(path)
    assert report.status == "failed"
    assert report.error.startswith("corrupt DOCX")


def test_truncated_docx_fails_clearly(tmp_path):
    data = make_docs.make_docx(PARAGRAPHS, ROWS, tmp_path / "r.docx").read_bytes()
    report = ingest("cut.docx", data[: len(data) // 2])
    assert report.status == "failed"
    assert report.error.startswith("corrupt or truncated zip container")


def test_docx_without_text_fails(tmp_path):
    report = _read(make_docs.make_docx([""], [], tmp_path / "blank.docx"))
    assert report.status == "failed"
    assert report.error == "no text in DOCX body"


def test_xlsx_like_package_is_unsupported_by_name(tmp_path):
    path = make_docs.make_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}, tmp_path / "t.xlsx")
    report = _read(path)
    assert report.status == "failed"
    assert report.error == "unsupported format: Excel workbook (XLSX)"
