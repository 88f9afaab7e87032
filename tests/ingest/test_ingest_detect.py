"""Format sniffing from content: signatures win over names; unsupported kinds are named."""

from __future__ import annotations

import io
import zipfile

import pytest

from pipeline.ingest import ingest
from pipeline.ingest.detect import sniff


def _zip(*names: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in names:
            zf.writestr(name, b"application/epub+zip" if name == "mimetype" else b"<x/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"junk before the header %PDF-1.4\n", "pdf"),
        (b"x" * 2000 + b"%PDF-1.4", "txt"),  # negative: past the 1 KiB window it is just text
        (_zip("[Content_Types].xml", "word/document.xml"), "docx"),
        (_zip("[Content_Types].xml", "xl/workbook.xml"), "xlsx"),
        (_zip("[Content_Types].xml", "ppt/presentation.xml"), "pptx"),
        (_zip("mimetype", "OEBPS/a.xhtml"), "epub"),
        (_zip("a.txt", "b.pdf"), "zip"),
        (b"PK\x03\x04 truncated", "corrupt_zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 50, "ole2"),
        (b"{\\rtf1\\ansi text}", "rtf"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "png"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 20, "jpeg"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        (b"<!DOCTYPE html><html></html>", "html"),
        ("普通文本，不是网页。".encode(), "txt"),
        ("普通文本".encode("gbk"), "txt"),
    ],
)
def test_sniff_table(data, kind):
    assert sniff(data) == kind


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 50, "legacy Office file"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "PNG image"),
        (_zip("mimetype", "OEBPS/a.xhtml"), "EPUB"),
    ],
)
def test_unsupported_formats_are_failed_and_named(data, label):
    report = ingest("upload.doc", data)
    assert report.status == "failed"
    assert report.error.startswith(f"unsupported format: {label}")


def test_unknown_bytes_get_a_name_based_id_only_when_empty():
    """failed_report hashes the source when there are no bytes; ingest always hashes the bytes."""
    from pipeline.ingest import failed_report

    a, b = failed_report("a.txt", b"", "x"), failed_report("b.txt", b"", "x")
    assert a.doc_id != b.doc_id and a.status == "failed" and a.error == "x"
    assert ingest("a.txt", b"same").doc_id == ingest("b.txt", b"same").doc_id
