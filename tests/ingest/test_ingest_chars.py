"""Control characters and invisible-only files, alike in every format (issue 10, items 8 and 11).

Every case is a real file written to tmp_path and read back through ingest (and, for the figure,
through the whole pipeline): a NUL inside "47件" must not turn it into 7, and a file holding only a
BOM and zero-width characters is empty, not an ok report of 0 characters.
"""

from __future__ import annotations

import make_docs
import pytest

from pipeline.core import process_bytes
from pipeline.ingest import ingest
from pipeline.ingest.chars import is_blank, strip_controls
from pipeline.ingest.pdf import _clean

HEAD = "某县人民政府关于市人大代表建议办理情况的报告\n今年共承办建议"
TAIL = "件，办结率100%。\n"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("4\x007件", "47件"),  # the case: NUL between the digits
        ("4\x01\x02\x1b7件", "47件"),  # other C0 controls alike
        ("4\x7f7件", "47件"),  # DEL too
        ("第一页\f第二页\v第三行", "第一页\n第二页\n第三行"),  # page/line breaks stay breaks
        ("a\tb\nc\r\nd", "a\tb\nc\r\nd"),  # negative: tab, LF, CR are text layout and stay
        ("办结率100%", "办结率100%"),  # negative: nothing to strip, same string back
        ("", ""),
    ],
)
def test_strip_controls(text, want):
    assert strip_controls(text) == want


def test_pdf_path_uses_the_same_definition():
    """The PDF cleaner deletes what strip_controls deletes (it used to drop only NULs)."""
    assert _clean("4\x007\x01件\r\n") == "47件\n"


@pytest.mark.parametrize("fmt", ["txt", "html"])
@pytest.mark.parametrize(("middle", "want"), [("4\x007", 47.0), ("4\x00\x007", 47.0), ("47", 47.0)])
def test_nul_inside_a_number_keeps_the_number(tmp_path, fmt, middle, want):
    text = HEAD + middle + TAIL
    if fmt == "txt":
        path = make_docs.make_text(text, tmp_path / "r.txt")
    else:
        path = make_docs.make_html(text.splitlines(), tmp_path / "r.html")
    report = process_bytes(str(path), path.read_bytes())
    assert report.ok, report.error
    assert "\x00" not in report.original
    totals = [m.value for m in report.measures if m.metric == "items_total"]
    assert totals == [want]


@pytest.mark.parametrize(
    ("data", "empty"),
    [
        ("\ufeff\u200b\u200c".encode("utf-8"), True),  # the case: BOM + zero-width only
        ("\ufeff \n\u200d\u2060\u00ad\t".encode("utf-8"), True),
        (b"\x00" + b" " * 40 + b"\n", True),  # a NUL in whitespace: nothing readable
        ("\u200b".encode("utf-16"), True),
        (b" \n\r\n", True),
        ("\u200b报告".encode("utf-8"), False),  # negative: one real character is a document
        ("\ufeff1".encode("utf-8"), False),
    ],
)
def test_invisible_only_file_is_empty(tmp_path, data, empty):
    path = tmp_path / "r.txt"
    path.write_bytes(data)
    report = ingest(str(path), path.read_bytes())
    if empty:
        assert report.status == "failed"
        assert report.error.startswith("empty file")
        assert "empty" in report.flags
    else:
        assert report.ok, report.error


@pytest.mark.parametrize(
    ("text", "want"), [("\u200b\ufeff \n", True), ("", True), ("\u200b。", False), ("x", False)]
)
def test_is_blank(text, want):
    assert is_blank(text) is want


def test_html_of_invisible_characters_has_no_text(tmp_path):
    path = tmp_path / "r.html"
    path.write_text("<html><body><p>\u200b\u200c</p><p>\ufeff\x00</p></body></html>", encoding="utf-8")
    report = ingest(str(path), path.read_bytes())
    assert report.status == "failed" and report.error.startswith("no text in HTML page")
