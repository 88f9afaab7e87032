"""Ingest stage: find inputs (files, folders, zip archives) and read bytes into a Report.

    discover(inputs, limits=None) -> Iterator[Input]   files, folders, zips (nested), checked safely
    load_bytes(inp, limits=None) -> bytes              a file's or an archive member's bytes
    ingest(source, data) -> Report                     format from content; original text; flags
    failed_report(source, data, error) -> Report       the record of a document that could not be read

Formats: txt (UTF-8/16/32 with BOM, UTF-8, GB18030 family, Big5), html (trafilatura main text),
pdf (PDFium with pdfplumber where PDFium loses glyphs), docx (body order, tables in place).
Every reader deletes C0 controls but tab/LF/CR (pipeline.ingest.chars), so a NUL never splits a number.
Flags a reader may set: empty, bom, decode_replacements, replacement_chars_in_source,
charset_detected, charset_mismatch, charset_unknown_declared, charset_ambiguous (GB or Big5 of
fewer than 16 characters: a guess), html_fallback_extraction, html_nesting_flattened (tags beyond
200 open elements dropped, text kept), pdf_pages_without_text, pdf_fallback_engine,
extension_mismatch, source_name_not_utf8 (the file or member name shows its bytes escaped).
Meta: ("html_title", <title>) for pages, ("pdf_pages", n) and ("pdf_engine", name) for PDFs.
Failed records (status "failed", error starting with): "empty file" (also only whitespace, control
or invisible characters), "encrypted PDF", "truncated PDF", "corrupt PDF" (also a page tree PDFium
cannot load), "memory:" (a PDF stream that inflates beyond what the PDF engine may hold), "no text
layer: scanned?", "corrupt DOCX", "no text in DOCX body", "no text in HTML page", "corrupt or
truncated zip container", "unsupported format: <what it is>"; problems found by discovery arrive
as Input.error ("zip bomb suspected", "nested zip depth exceeds limit 3", "symlink to a file
outside the input folder: not read", "cannot read folder: <reason>", "cannot read: <reason>" ...).
Archive members get unique names: a second member of one name is "name#2".
"""

from __future__ import annotations

from pipeline.ingest.archive import ZipLimits, discover, load_bytes
from pipeline.ingest.document import failed_report, ingest

__all__ = ["ZipLimits", "discover", "failed_report", "ingest", "load_bytes"]
