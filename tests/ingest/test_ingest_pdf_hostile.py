"""Hostile PDFs (issue 10, item 11): a circular page tree and a FlateDecode bomb, written by the test.

Before: the page tree gave a raw "PdfiumError ... document.py:408" with format unknown, and the
bomb made PDFium abort its worker ("worker died (exit code -6)"). Now each is a failed pdf report
whose error says what is wrong.
"""

from __future__ import annotations

import zlib

import make_docs
import pytest

from pipeline.core import process_bytes
from pipeline.errors import IngestError
from pipeline.ingest import ingest
from pipeline.ingest.pdf import STREAM_MAX, check_streams

CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R >>"


def build_pdf(objects: list[bytes]) -> bytes:
    """A PDF of `objects` (numbered from 1, the first the catalog) with a correct xref table."""
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def flate_stream(payload: bytes, repeat: int) -> bytes:
    """A FlateDecode stream object holding `payload` * `repeat`, compressed as it is made."""
    packer = zlib.compressobj(9)
    packed = b"".join(packer.compress(payload) for _ in range(repeat)) + packer.flush()
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(packed), packed)


@pytest.mark.parametrize(
    "pages",
    [
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",  # the tree lists itself as a kid
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",  # two Pages nodes pointing at each other
    ],
)
def test_circular_page_tree_is_a_corrupt_pdf(pages):
    data = build_pdf([CATALOG, pages, PAGE, flate_stream(b"BT ET\n", 1),
                      b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>"])
    report = process_bytes("loop.pdf", data)
    assert report.status == "failed" and report.format == "pdf"
    assert report.error.startswith("corrupt PDF: page ") and "page tree" in report.error


def test_flate_bomb_says_memory_in_the_pdf_engine():
    """A content stream of 300 MiB of spaces in a ~0.3 MiB file (over the 256 MiB limit)."""
    data = build_pdf([CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", PAGE,
                      flate_stream(b" " * (1 << 20), (STREAM_MAX >> 20) + 44)])
    assert len(data) < 1 << 20
    report = ingest("bomb.pdf", data)
    assert report.status == "failed" and report.format == "pdf"
    assert report.error.startswith("memory: a compressed stream of this PDF expands beyond 256 MiB")


@pytest.mark.parametrize(
    ("stream", "limit", "refused"),
    [
        (flate_stream(b"x" * 1024, 2048), 1 << 20, True),  # 2 MiB inflated, limit 1 MiB
        (flate_stream(b"x" * 1024, 512), 1 << 20, False),  # negative: 0.5 MiB is within it
        (b"<< /Length 9 >>\nstream\nnot zlib!\nendstream", 1, False),  # negative: not Flate data
        (flate_stream(b"x" * 1024, 2048)[:200] + b"\nendstream", 1 << 20, False),  # cut: what is there
    ],
)
def test_check_streams(stream, limit, refused):
    data = build_pdf([CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", PAGE, stream])
    if refused:
        with pytest.raises(IngestError, match="^memory: "):
            check_streams(data, limit)
    else:
        check_streams(data, limit)


def test_real_pdf_passes_the_stream_check(tmp_path):
    """Negative: a generated report PDF reads as before."""
    path = make_docs.make_pdf(["今年共承办建议12件，办结率100%。"] * 3, tmp_path / "r.pdf")
    report = ingest(str(path), path.read_bytes())
    assert report.ok, report.error
    assert "12件" in report.original
