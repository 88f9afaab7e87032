"""Ingest stage: find inputs (files, folders, zip archives) and read bytes into a Report.

    discover(inputs, limits=None) -> Iterator[Input]   files, folders, zips (nested), checked safely
    load_bytes(inp, limits=None) -> bytes              a file's or an archive member's bytes
    ingest(source, data) -> Report                     format from content; original text; flags
    failed_report(source, data, error) -> Report       the record of a document that could not be read

Formats: txt (UTF-8/16/32 with BOM, UTF-8, GB18030 family, Big5), html (trafilatura main text),
pdf (PDFium with pdfplumber where PDFium loses glyphs), docx (body order, tables in place).
Flags a reader may set: empty, bom, decode_replacements, replacement_chars_in_source,
charset_detected, charset_mismatch, charset_unknown_declared, html_fallback_extraction,
pdf_pages_without_text, pdf_fallback_engine, extension_mismatch.
Meta: ("html_title", <title>) for pages, ("pdf_pages", n) and ("pdf_engine", name) for PDFs.
Failed records (status "failed", error starting with): "empty file", "encrypted PDF", "truncated
PDF", "corrupt PDF", "no text layer: scanned?", "corrupt DOCX", "no text in DOCX body", "no text in
HTML page", "corrupt or truncated zip container", "unsupported format: <what it is>"; archive
problems arrive as Input.error ("zip bomb suspected", "nested zip depth exceeds limit 3", ...).
"""

from __future__ import annotations

from pipeline.ingest.archive import ZipLimits, discover, load_bytes
from pipeline.ingest.document import failed_report, ingest

__all__ = ["ZipLimits", "discover", "failed_report", "ingest", "load_bytes"]
