"""What is this file? Decided from its bytes (signatures), never from its name alone.

Uploads arrive renamed (a DOCX saved as .dat, a PDF as .txt) and scraped files often carry no
extension at all, so the extension is only used to word an error message ("named .pdf but ...").
"""

from __future__ import annotations

import re
import zipfile
import zlib

#: File signatures (magic bytes at offset 0) of formats we recognise, to name them in errors.
#: Sources: each format's specification (PNG 5.2, JFIF, GIF89a, RFC 1952, 7z/RAR/xz docs, OLE2 CFB).
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),  # an empty archive has only its end-of-central-directory record
    (b"PK\x07\x08", "zip"),  # spanned archive marker
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole2"),
    (b"{\\rtf", "rtf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "rar"),
    (b"\x7fELF", "elf"),
)

#: Human names of every kind `sniff` returns, used in "unsupported format: ..." errors.
LABELS = {
    "pdf": "PDF",
    "docx": "Word document (DOCX)",
    "html": "HTML page",
    "txt": "plain text",
    "zip": "zip archive",
    "xlsx": "Excel workbook (XLSX)",
    "pptx": "PowerPoint presentation (PPTX)",
    "ooxml": "Office Open XML package (not a Word document)",
    "odf": "OpenDocument file (ODT/ODS/ODP)",
    "epub": "EPUB e-book",
    "ole2": "legacy Office file (.doc/.xls/.ppt, OLE2 compound file)",
    "rtf": "RTF document",
    "png": "PNG image",
    "jpeg": "JPEG image",
    "gif": "GIF image",
    "tiff": "TIFF image",
    "gzip": "gzip archive",
    "bzip2": "bzip2 archive",
    "xz": "xz archive",
    "7z": "7-Zip archive",
    "rar": "RAR archive",
    "elf": "executable (ELF)",
    "corrupt_zip": "corrupt zip container",
    "binary": "binary data",
}

#: The PDF spec (7.5.2) lets readers find %PDF- within the first 1024 bytes (junk may precede it).
_PDF_WINDOW = 1024
#: HTML markers are looked for in the first 1 KiB: every page we scraped opens with its doctype,
#: <html> or <head> well inside that.
_HTML_WINDOW = 1024
_HTML_STRONG = re.compile(rb"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
_HTML_WEAK = re.compile(rb"<(head|body|title|meta|div|p|table|br)[\s/>]", re.IGNORECASE)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _html_prefix(data: bytes) -> bytes:
    """The first KiB as ASCII-compatible bytes (a UTF-16 page is decoded first)."""
    head = data[: _HTML_WINDOW * 2]
    if head.startswith(_UTF16_BOMS):
        return head.decode("utf-16", "ignore").encode("ascii", "ignore")[:_HTML_WINDOW]
    return head[:_HTML_WINDOW]


def looks_like_html(data: bytes) -> bool:
    """A doctype/<html> tag near the start, or a file that opens with a tag and has typical HTML tags."""
    head = _html_prefix(data)
    if _HTML_STRONG.search(head):
        return True
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") and bool(_HTML_WEAK.search(head))


def zip_kind(zf: zipfile.ZipFile) -> str:
    """Is a zip a document package (docx, xlsx, odf, epub) or a plain archive ("zip")?"""
    names = set(zf.namelist())
    if "word/document.xml" in names:
        return "docx"
    if "[Content_Types].xml" in names:
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(n.startswith("ppt/") for n in names):
            return "pptx"
        return "ooxml"
    if "mimetype" in names:
        try:
            mimetype = zf.read("mimetype")[:100]
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, ValueError, zlib.error):
            return "odf"  # a damaged mimetype member still marks an OpenDocument-style package
        return "epub" if b"epub" in mimetype else "odf"
    return "zip"


def _zip_bytes_kind(data: bytes) -> str:
    from pipeline.ingest.zipnames import from_bytes

    try:
        with from_bytes(data) as zf:
            return zip_kind(zf)
    except (zipfile.BadZipFile, OSError, KeyError, EOFError, ValueError):
        return "corrupt_zip"


def sniff(data: bytes) -> str:
    """The kind of `data`: pdf, docx, html, txt, or another key of LABELS (all unsupported)."""
    if b"%PDF-" in data[:_PDF_WINDOW]:
        return "pdf"
    for magic, kind in SIGNATURES:
        if data.startswith(magic):
            return _zip_bytes_kind(data) if kind == "zip" else kind
    return "html" if looks_like_html(data) else "txt"


def is_zip_magic(head: bytes) -> bool:
    """True when a file's first bytes are a zip signature (archive or document package)."""
    return any(head.startswith(magic) for magic, kind in SIGNATURES if kind == "zip")
