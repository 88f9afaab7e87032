"""Bytes → a Report with `original` text: the format is sniffed from content, then one reader runs.

A bad document is not an exception here but a failed Report whose error names the reason
(encrypted PDF, no text layer, corrupt DOCX, unsupported format ...), so a batch goes on.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from pathlib import PurePosixPath

from pipeline.errors import IngestError
from pipeline.ingest import detect
from pipeline.ingest.chars import is_blank, strip_controls
from pipeline.ingest.folders import source_name
from pipeline.ingest.html import read_html
from pipeline.ingest.office import read_docx
from pipeline.ingest.pdf import DEFAULT_ENGINE, read_pdf
from pipeline.ingest.text import decode_text
from pipeline.record import Report

#: Extensions that promise a format; a file named so but sniffed as something else is flagged.
EXTENSION_FORMATS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".txt": "txt",
    ".text": "txt",
}


def doc_id(data: bytes) -> str:
    """Content address: the same bytes get the same id wherever and however often they arrive."""
    return hashlib.sha256(data).hexdigest()[:16]


def failed_report(source: str, data: bytes, error: str) -> Report:
    """A failed record for `source`; with no bytes (unreadable file) the id hashes the source name."""
    source, flags = source_name(source)
    ident = hashlib.sha256(data or source.encode("utf-8")).hexdigest()[:16]
    return Report(source=source, doc_id=ident).flagged(*flags).failed(error)


def _extension(source: str) -> str:
    return PurePosixPath(source.rsplit("!", 1)[-1].replace("\\", "/")).suffix.lower()


def _read_txt(base: Report, data: bytes) -> Report:
    decoded = decode_text(data)
    text = strip_controls(decoded.text)
    report = base.evolve(encoding=decoded.encoding, original=text).flagged(*decoded.flags)
    if is_blank(text):
        return report.flagged("empty").failed("empty file: only whitespace, control or invisible characters")
    return report


def _read_html(base: Report, data: bytes) -> Report:
    page = read_html(data)
    meta = base.meta + ((("html_title", page.title),) if page.title else ())
    report = base.evolve(encoding=page.decoded.encoding, original=page.text, meta=meta)
    return report.flagged(*page.decoded.flags, *page.flags)


def _read_pdf(base: Report, data: bytes) -> Report:
    text, starts, flags = read_pdf(data)
    meta = base.meta + (("pdf_pages", len(starts)), ("pdf_engine", DEFAULT_ENGINE))
    report = base.evolve(original=text, page_starts=starts, meta=meta).flagged(*flags)
    if "\ufffd" in text:
        report = report.flagged("replacement_chars_in_source")
    return report


def _read_docx(base: Report, data: bytes) -> Report:
    return base.evolve(original=read_docx(data))


def _read_corrupt_zip(base: Report, data: bytes) -> Report:
    """A zip signature but no readable directory: a truncated download or a damaged DOCX."""
    try:
        zipfile.ZipFile(io.BytesIO(data)).close()
        reason = "unreadable member list"
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError) as exc:
        reason = str(exc) or type(exc).__name__
    raise IngestError(f"corrupt or truncated zip container (DOCX or zip archive): {reason}")


READERS: dict[str, Callable[[Report, bytes], Report]] = {
    "txt": _read_txt,
    "html": _read_html,
    "pdf": _read_pdf,
    "docx": _read_docx,
    "corrupt_zip": _read_corrupt_zip,
}


#: Why a kind cannot be read, added to its "unsupported format" error.
_WHY = {
    "zip": "archives are opened by discover(), not read as one document",
    "binary": "no known file signature and not text in any supported encoding",
}


def _unsupported(kind: str, source: str) -> str:
    """'unsupported format: <what it is> (<why>)', plus a note when the name promised another format."""
    label = detect.LABELS.get(kind, kind)
    why = f" ({_WHY[kind]})" if kind in _WHY else ""
    ext = _extension(source)
    named = f"; the file is named {ext} but its content is not that format" if ext in EXTENSION_FORMATS else ""
    return f"unsupported format: {label}{why}{named}"


def ingest(source: str, data: bytes) -> Report:
    """Read one document's bytes into a Report (format, encoding, original text, page starts, flags).

    Never raises for a bad document: it returns a failed Report naming the reason.
    """
    source, name_flags = source_name(source)  # a name the dataset can hold, whatever the caller passed
    base = Report(source=source, doc_id=doc_id(data)).flagged(*name_flags)
    if not data:
        return base.flagged("empty").failed("empty file")
    kind = detect.sniff(data)
    reader = READERS.get(kind)
    if reader is None:
        return base.evolve(format=kind).failed(_unsupported(kind, source))
    base = base.evolve(format=kind)
    expected = EXTENSION_FORMATS.get(_extension(source))
    if expected and expected != kind and not (expected == "txt" and kind == "html"):
        base = base.flagged("extension_mismatch")
    try:
        return reader(base, data)
    except IngestError as exc:
        reason = str(exc)
        if kind == "txt" and reason.startswith("binary data"):
            return base.evolve(format="binary").failed(_unsupported("binary", source))
        return base.failed(reason)
