"""PDF text: one string per page, joined with "\\n", with the offset where each page starts.

Two engines read the text layer: pypdfium2 (PDFium, C++) and pdfplumber (pdfminer, pure Python).
bench/pdf_compare.py measures both on generated Chinese PDFs; the default is the engine the
bench chose (see DEFAULT_ENGINE), and the other engine is tried on pages where the default
finds no text, so a page PDFium cannot read still gets pdfplumber's reading.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from ..errors import IngestError

PageReader = Callable[[bytes], list[str]]

#: PDFium's FPDF_ERR_PASSWORD (fpdfview.h): the document needs a password we do not have.
_PDFIUM_ERR_PASSWORD = 4
#: The end-of-file marker sits in the last bytes of every complete PDF; 1 KiB is the window the
#: PDF 1.7 spec (7.5.5) lets readers search, so its absence there means an incomplete download.
_EOF_WINDOW = 1024
#: Glyphs sampled per page to judge PDFium's box metrics, and the height below which a box is
#: flat: healthy 12 pt text measures 6-8 pt, the broken CID case 0.012 pt (see _degenerate_boxes).
_BOX_SAMPLE = 16
_FLAT_BOX_PT = 0.5


def _clean(text: str) -> str:
    """One newline convention (PDFium emits CRLF) and no NULs, so offsets count real characters."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def _truncated(data: bytes) -> bool:
    return b"%%EOF" not in data[-_EOF_WINDOW:]


def _open_error(data: bytes, detail: str, password: bool) -> IngestError:
    """The reason a person can act on: password, truncation, or plain corruption."""
    if password:
        return IngestError("encrypted PDF: a password is needed to read it")
    if _truncated(data):
        return IngestError(f"truncated PDF: no %%EOF end marker (incomplete file?); reader said: {detail}")
    return IngestError(f"corrupt PDF: {detail}")


def _degenerate_boxes(textpage: object) -> bool:
    """True when PDFium measured the page's glyphs as flat boxes (it then drops one-glyph lines).

    Measured (bench/pdf_compare.py, tests/test_ingest_pdf.py): with reportlab's non-embedded
    STSong-Light CID font PDFium's glyph boxes are 0.012 pt high and a line holding a single
    Chinese character (a wrapped "。", a lone last character) vanishes from its text; Helvetica
    boxes are 6-8 pt high and nothing is lost. A sample of the first glyphs is enough: the
    metrics come from the font, which a page rarely mixes with healthy ones.
    """
    import pypdfium2.raw as pdfium_raw

    heights = []
    for i in range(textpage.count_chars()):
        if len(heights) >= _BOX_SAMPLE:
            break
        if chr(pdfium_raw.FPDFText_GetUnicode(textpage.raw, i)).isspace():
            continue  # spaces and line breaks have no ink, so their boxes are always flat
        left, bottom, right, top = textpage.get_charbox(i)
        heights.append(top - bottom)
    return bool(heights) and min(heights) < _FLAT_BOX_PT


def _pdfium_pages(data: bytes) -> list[tuple[str, bool]]:
    """(text, glyph boxes degenerate?) per page by PDFium; IngestError when it cannot open the file."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _open_error(data, str(exc), getattr(exc, "err_code", None) == _PDFIUM_ERR_PASSWORD) from exc
    try:
        pages = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            pages.append((_clean(textpage.get_text_range()), _degenerate_boxes(textpage)))
            textpage.close()
            page.close()
        return pages
    finally:
        doc.close()


def pages_pdfium(data: bytes) -> list[str]:
    """Page texts by PDFium alone; raises IngestError naming why a document cannot be opened."""
    return [text for text, _ in _pdfium_pages(data)]


def pages_pdfplumber(data: bytes) -> list[str]:
    """Page texts by pdfplumber (pdfminer); raises IngestError naming why a document cannot be opened."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [_clean(page.extract_text() or "") for page in pdf.pages]
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        cause = exc.__cause__ or (exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc)
        detail = f"{type(cause).__name__}: {cause}"
        raise _open_error(data, detail, isinstance(cause, PDFPasswordIncorrect)) from exc


def pages_hybrid(data: bytes) -> list[str]:
    """PDFium for every page whose glyph boxes it measured; pdfplumber for pages where it did not.

    PDFium is ~16x faster (bench/pdf_compare.py) but loses one-glyph lines when glyph boxes are
    flat; those pages, and only those, are read again by pdfplumber.
    """
    pages = _pdfium_pages(data)
    if not any(flat for _, flat in pages):
        return [text for text, _ in pages]
    other = pages_pdfplumber(data)
    if len(other) != len(pages):  # the engines disagree on the page tree: keep PDFium's reading
        return [text for text, _ in pages]
    return [other[i] if flat else text for i, (text, flat) in enumerate(pages)]


ENGINES: dict[str, PageReader] = {
    "pypdfium2": pages_pdfium,
    "pdfplumber": pages_pdfplumber,
    "pypdfium2+pdfplumber": pages_hybrid,
}
#: Chosen by bench/pdf_compare.py (table in the README): PDFium alone drops one-glyph lines on
#: flat-box fonts (fidelity 0.9994, 89% exact pages vs pdfplumber's 0.9996, 95%), so the default
#: is PDFium with pdfplumber for exactly those pages.
DEFAULT_ENGINE = "pypdfium2+pdfplumber"
FALLBACK_ENGINE = "pdfplumber"


def join_pages(pages: list[str]) -> tuple[str, tuple[int, ...]]:
    """Pages joined with "\\n" and the offset of each page's first character in the result."""
    starts, pos = [], 0
    for text in pages:
        starts.append(pos)
        pos += len(text) + 1
    return "\n".join(pages), tuple(starts)


def _fill_blank_pages(data: bytes, pages: list[str]) -> tuple[list[str], bool]:
    """Ask the fallback engine for pages the default engine found empty; True if it helped."""
    blank = [i for i, text in enumerate(pages) if not text.strip()]
    if not blank:
        return pages, False
    try:
        other = ENGINES[FALLBACK_ENGINE](data)
    except IngestError:
        return pages, False
    if len(other) != len(pages):
        return pages, False
    filled = list(pages)
    for i in blank:
        filled[i] = other[i] if other[i].strip() else pages[i]
    return filled, filled != pages


def read_pdf(data: bytes, engine: str = DEFAULT_ENGINE) -> tuple[str, tuple[int, ...], tuple[str, ...]]:
    """(text, page_starts, flags) of a PDF; raises IngestError for encrypted, corrupt, textless files."""
    pages = ENGINES[engine](data)
    flags: list[str] = []
    pages, helped = _fill_blank_pages(data, pages)
    if helped:
        flags.append("pdf_fallback_engine")
    if not pages:
        raise IngestError("PDF has no pages")
    if not any(text.strip() for text in pages):
        raise IngestError(f"no text layer: scanned? ({len(pages)} page(s) without extractable text)")
    if any(not text.strip() for text in pages):
        flags.append("pdf_pages_without_text")
    text, starts = join_pages(pages)
    return text, starts, tuple(flags)
