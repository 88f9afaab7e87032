"""PDF ingest on real reportlab PDFs: page mapping, engines, encrypted, truncated, textless, noise."""

from __future__ import annotations

import re

import make_docs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest import ingest
from pipeline.ingest.pdf import ENGINES, join_pages

PAGES = [
    "示例市交通运输局关于2023年建议办理情况的报告\n今年共承办市人大代表建议86件。",
    "一、办理情况\n按时办复率100%，代表满意率97.5%。",
    "二、下一步工作\n继续抓好建议办理。",
]
_WS = re.compile(r"\s+")


def _squash(text: str) -> str:
    return _WS.sub("", text)


def _page_texts(report) -> list[str]:
    """The slices of `original` the page starts delimit (the "\\n" between pages dropped)."""
    ends = [start - 1 for start in report.page_starts[1:]] + [len(report.original)]
    return [report.original[s:e] for s, e in zip(report.page_starts, ends)]


def test_multipage_pdf_maps_pages(tmp_path):
    path = make_docs.make_pdf(PAGES, tmp_path / "r.pdf")
    report = ingest(str(path), path.read_bytes())
    assert report.ok, report.error
    assert report.format == "pdf"
    assert len(report.page_starts) == 3 and report.page_starts[0] == 0
    assert [_squash(t) for t in _page_texts(report)] == [_squash(p) for p in PAGES]
    assert dict(report.meta)["pdf_pages"] == 3
    where = report.original.index("满意率")
    assert report.page_of(where) == 2
    assert report.page_of(report.original.index("下一步")) == 3
    assert report.page_of(0) == 1


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_every_engine_reads_every_page(tmp_path, engine):
    data = make_docs.make_pdf(PAGES, tmp_path / "r.pdf").read_bytes()
    pages = ENGINES[engine](data)
    assert [_squash(p) for p in pages] == [_squash(p) for p in PAGES]


def test_default_engine_keeps_one_glyph_lines(tmp_path):
    """PDFium alone drops a line holding one character when it measures flat glyph boxes
    (the built-in CID font with no Chinese system font); the default engine must not."""
    page = "前文一行\n案\n。\n后文一行"
    path = make_docs.make_pdf([page], tmp_path / "lone.pdf")
    report = ingest(str(path), path.read_bytes())
    assert _squash(report.original) == _squash(page)


def test_encrypted_pdf_fails_clearly(tmp_path):
    path = make_docs.make_pdf(PAGES, tmp_path / "locked.pdf", encrypted=True)
    report = ingest(str(path), path.read_bytes())
    assert report.status == "failed"
    assert report.error.startswith("encrypted PDF")
    assert report.format == "pdf"


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_every_engine_names_encryption(tmp_path, engine):
    from pipeline.errors import IngestError

    data = make_docs.make_pdf(PAGES, tmp_path / "locked.pdf", encrypted=True).read_bytes()
    with pytest.raises(IngestError, match="encrypted PDF"):
        ENGINES[engine](data)


def test_copy_protected_pdf_is_read_without_cid_garbage(tmp_path):
    """Negative for 'encrypted': an owner password alone does not stop reading. pdfplumber reads
    such files as "(cid:N)" codes, so even a page PDFium hands over (a one-glyph line) must keep
    PDFium's text."""
    pages = ["限制复制的报告\n办复率100%。", "前文一行\n案\n后文一行"]
    path = make_docs.make_pdf(pages, tmp_path / "protected.pdf", copy_protected=True)
    report = ingest(str(path), path.read_bytes())
    assert report.ok, report.error
    assert "(cid:" not in report.original
    assert _squash(_page_texts(report)[0]) == _squash(pages[0])


def test_truncated_pdf_fails_clearly(tmp_path):
    data = make_docs.make_pdf(PAGES, tmp_path / "r.pdf").read_bytes()
    report = ingest("cut.pdf", data[: len(data) // 2])
    assert report.status == "failed"
    assert report.error.startswith("truncated PDF")


def test_pdf_with_garbage_body_is_corrupt_not_truncated():
    """Negative for 'truncated': the end marker is there, the body is noise."""
    data = b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"
    report = ingest("noise.pdf", data)
    assert report.status == "failed"
    assert report.error.startswith("corrupt PDF")


def test_random_bytes_named_pdf_fail_with_the_name_in_the_reason():
    report = ingest("report.pdf", bytes(range(256)) * 32)
    assert report.status == "failed"
    assert "unsupported format: binary" in report.error
    assert "named .pdf" in report.error


def test_pdf_without_text_layer_fails_as_scanned(tmp_path):
    path = make_docs.make_blank_pdf(tmp_path / "scan.pdf", pages=2)
    report = ingest(str(path), path.read_bytes())
    assert report.status == "failed"
    assert report.error.startswith("no text layer: scanned?")


def test_one_blank_page_is_flagged_not_failed(tmp_path):
    path = make_docs.make_pdf([PAGES[0], "", PAGES[2]], tmp_path / "gap.pdf")
    report = ingest(str(path), path.read_bytes())
    assert report.ok
    assert "pdf_pages_without_text" in report.flags
    assert len(report.page_starts) == 3


def test_pdf_named_txt_is_read_as_pdf_and_flagged(tmp_path):
    data = make_docs.make_pdf(PAGES, tmp_path / "r.pdf").read_bytes()
    report = ingest("download.txt", data)
    assert report.ok and report.format == "pdf"
    assert "extension_mismatch" in report.flags


@pytest.mark.parametrize(
    ("pages", "text", "starts"),
    [([], "", ()), (["ab"], "ab", (0,)), (["ab", "", "c"], "ab\n\nc", (0, 3, 4))],
)
def test_join_pages_table(pages, text, starts):
    assert join_pages(pages) == (text, starts)


def _gb2312_level1() -> str:
    """The 3,755 most common hanzi (GB2312 level 1, rows 0xB0-0xD7), all in STSong-Light."""
    chars = []
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(chars)


_LINE = st.text(alphabet=_gb2312_level1() + "0123456789%", min_size=1, max_size=50)
_PAGE = st.lists(_LINE, min_size=1, max_size=4).map("\n".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pages=st.lists(_PAGE, min_size=1, max_size=4))
def test_page_starts_map_each_page(tmp_path, pages):
    path = make_docs.make_pdf(pages, tmp_path / "h.pdf")
    report = ingest(str(path), path.read_bytes())
    assert report.ok, report.error
    assert len(report.page_starts) == len(pages)
    assert [_squash(t) for t in _page_texts(report)] == [_squash(p) for p in pages]
    for k, start in enumerate(report.page_starts):
        assert report.page_of(start) == k + 1
