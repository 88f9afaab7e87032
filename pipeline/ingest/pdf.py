"""PDF text: one string per page, joined with "\\n", with the offset where each page starts.

Two engines read the text layer: pypdfium2 (PDFium, C++) and pdfplumber (pdfminer, pure Python).
bench/pdf_compare.py measures both on generated Chinese PDFs. The default reads every page with
PDFium and re-reads with pdfplumber only the pages where PDFium visibly lost glyphs or found no
text at all, which beat both single engines on fidelity at a fraction of pdfplumber's cost."""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Callable

from pipeline.errors import IngestError
from pipeline.ingest.chars import strip_controls

PageReader = Callable[[bytes], list[str]]

#: PDFium's FPDF_ERR_PASSWORD (fpdfview.h): the document needs a password we do not have.
_PDFIUM_ERR_PASSWORD = 4
#: The end-of-file marker sits in the last bytes of every complete PDF; 1 KiB is the window the
#: PDF 1.7 spec (7.5.5) lets readers search, so its absence there means an incomplete download.
_EOF_WINDOW = 1024
_CID_GLYPH = re.compile(r"\(cid:\d+\)")
#: Where a stream's data starts ("endstream" excluded): every Flate stream is tried from there.
_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")
#: A Flate stream may expand to 1/8 of the memory a worker may still take, at most 256 MiB (1/8 of
#: the default --max-memory of 2 GiB). Measured (issue 10): under a 2 GiB RLIMIT_AS, PDFium aborted
#: the process (exit -6) on a content stream of 512 MiB of path operators, and read 768 MiB of
#: spaces; the largest legitimate Flate stream we can think of, a 600 dpi A4 RGB page image, is ~100 MiB.
STREAM_SHARE, STREAM_MAX = 8, 256 * 1024**2
_INFLATE_STEP = 1 << 24  # 16 MiB of output per step: counting, not keeping, the inflated bytes


def _clean(text: str) -> str:
    """One newline convention (PDFium emits CRLF) and no NULs or other controls (the one definition
    every reader shares, pipeline.ingest.chars), so offsets count real characters."""
    return strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))


def _truncated(data: bytes) -> bool:
    return b"%%EOF" not in data[-_EOF_WINDOW:]


def _open_error(data: bytes, detail: str, password: bool) -> IngestError:
    """The reason a person can act on: password, truncation, or plain corruption."""
    if password:
        return IngestError("encrypted PDF: a password is needed to read it")
    if _truncated(data):
        return IngestError(f"truncated PDF: no %%EOF end marker (incomplete file?); reader said: {detail}")
    return IngestError(f"corrupt PDF: {detail}")


def _memory_budget() -> int:
    """Bytes of address space this process may still take (RLIMIT_AS, set by the local engine's
    workers from --max-memory), or the default --max-memory when there is no limit."""
    try:
        import resource

        import psutil

        soft = resource.getrlimit(resource.RLIMIT_AS)[0]
        if soft != resource.RLIM_INFINITY:
            return max(0, soft - psutil.Process().memory_info().vms)
    except (ImportError, OSError, ValueError):
        pass
    return 2 * 1024**3


def _inflated_size(data: bytes, start: int, limit: int) -> int:
    """Bytes the zlib stream at `start` inflates to, counted up to just past `limit` (0 if none)."""
    inflater, total, chunk = zlib.decompressobj(), 0, data[start : start + _INFLATE_STEP]
    try:
        while chunk and total <= limit:
            total += len(inflater.decompress(chunk, _INFLATE_STEP))
            chunk = inflater.unconsumed_tail
            if not chunk and not inflater.eof and inflater.unused_data == b"":
                start += _INFLATE_STEP
                chunk = data[start : start + _INFLATE_STEP]
    except zlib.error:
        pass
    return total


def check_streams(data: bytes, limit: int | None = None) -> None:
    """Refuse a PDF whose Flate streams expand beyond what the PDF engine can hold in memory.

    PDFium inflates a stream whole; a stream of ~1 MiB that inflates to gigabytes made it abort the
    worker ("worker died (exit code -6)"), which told nobody why. Counting the inflated bytes
    ourselves, in steps and without keeping them, turns that into a reason."""
    if limit is None:
        limit = min(STREAM_MAX, _memory_budget() // STREAM_SHARE)
    for match in _STREAM_START.finditer(data):
        size = _inflated_size(data, match.end(), limit)
        if size > limit:
            raise IngestError(
                f"memory: a compressed stream of this PDF expands beyond {limit / 1024**2:.0f} MiB, more than "
                "the PDF engine can hold within --max-memory (decompression bomb?); not opened"
            )


def _lost_glyphs(page: object, textpage: object) -> bool:
    """True when a text object on the page drew glyphs that PDFium's text page left out.

    Measured (bench/pdf_compare.py, tests/ingest/test_ingest_pdf.py): with a non-embedded CID font and
    no Chinese system font to substitute, PDFium measures glyph boxes 0.012 pt high and drops a
    line that holds a single Chinese character (a wrapped "。", a lone last character); the text
    object that drew it then yields no text. A text object drawing only spaces also yields none:
    that false alarm costs a pdfplumber read of the page, never text.
    """
    import pypdfium2.raw as pdfium_raw

    for obj in page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_TEXT]):
        # the size in bytes of the object's UTF-16 text including its terminator: 2 means empty
        if pdfium_raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0) <= 2:
            return True
    return False


def _load_page(doc: object, i: int) -> object:
    """Page `i`; a page PDFium cannot load (a circular or damaged page tree) is a corrupt PDF, not a
    raw PdfiumError from deep inside pypdfium2."""
    import pypdfium2 as pdfium

    try:
        return doc[i]
    except pdfium.PdfiumError as exc:
        raise IngestError(
            f"corrupt PDF: page {i + 1} of {len(doc)} cannot be loaded (PDFium: {str(exc).rstrip('.')}): "
            "a damaged or circular page tree?"
        ) from exc


def _pdfium_pages(data: bytes) -> list[tuple[str, bool]]:
    """(text, glyphs lost?) per page by PDFium; IngestError when it cannot open the file."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _open_error(data, str(exc), getattr(exc, "err_code", None) == _PDFIUM_ERR_PASSWORD) from exc
    try:
        pages = []
        for i in range(len(doc)):
            page = _load_page(doc, i)
            textpage = page.get_textpage()
            pages.append((_clean(textpage.get_text_range()), _lost_glyphs(page, textpage)))
            textpage.close()
            page.close()
        return pages
    finally:
        doc.close()


def pages_pdfium(data: bytes) -> list[str]:
    """Page texts by PDFium alone; raises IngestError naming why a document cannot be opened."""
    return [text for text, _ in _pdfium_pages(data)]


def _plumber_pages(data: bytes, wanted: set[int] | None = None) -> tuple[int, dict[int, str]]:
    """(page count, texts of the `wanted` pages, all when None) by pdfplumber; IngestError if unreadable."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            count = len(pdf.pages)
            chosen = range(count) if wanted is None else sorted(i for i in wanted if i < count)
            return count, {i: _clean(pdf.pages[i].extract_text() or "") for i in chosen}
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        cause = exc.__cause__ or (exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc)
        detail = f"{type(cause).__name__}: {cause}"
        raise _open_error(data, detail, isinstance(cause, PDFPasswordIncorrect)) from exc


def _unmapped(text: str) -> bool:
    """pdfminer writes "(cid:123)" for glyphs it cannot map to Unicode: seen on copy-protected
    (owner-password) PDFs whose text PDFium reads fine; such a reading must not replace PDFium's."""
    return _CID_GLYPH.search(text) is not None


def pages_pdfplumber(data: bytes) -> list[str]:
    """Page texts by pdfplumber (pdfminer); raises IngestError naming why a document cannot be opened."""
    count, texts = _plumber_pages(data)
    return [texts[i] for i in range(count)]


def pages_hybrid(data: bytes) -> list[str]:
    """PDFium for every page, pdfplumber again for the pages where PDFium lost glyphs.

    PDFium is ~10-15x faster (bench/pdf_compare.py) but can drop one-glyph lines (see
    _lost_glyphs); those pages, and only those, are read again by pdfplumber.
    """
    pages = _pdfium_pages(data)
    lost = {i for i, (_, glyphs_lost) in enumerate(pages) if glyphs_lost}
    if not lost:
        return [text for text, _ in pages]
    count, other = _plumber_pages(data, lost)
    if count != len(pages):  # the engines disagree on the page tree: keep PDFium's reading
        return [text for text, _ in pages]
    return [text if _unmapped(other.get(i, "")) else other.get(i, text) for i, (text, _) in enumerate(pages)]


ENGINES: dict[str, PageReader] = {
    "pypdfium2": pages_pdfium,
    "pdfplumber": pages_pdfplumber,
    "pypdfium2+pdfplumber": pages_hybrid,
}
#: Chosen by bench/pdf_compare.py (table in the README). On 64 pages of Chinese text with a
#: non-embedded font and no Chinese system font, PDFium alone drops one-glyph lines (89% of pages
#: exact), pdfplumber drops bullets (95%), the hybrid gets 98% at ~4x pdfplumber's speed; with a
#: Chinese font available PDFium alone is exact and the hybrid rarely calls pdfplumber.
DEFAULT_ENGINE = "pypdfium2+pdfplumber"


def join_pages(pages: list[str]) -> tuple[str, tuple[int, ...]]:
    """Pages joined with "\\n" and the offset of each page's first character in the result."""
    starts, pos = [], 0
    for text in pages:
        starts.append(pos)
        pos += len(text) + 1
    return "\n".join(pages), tuple(starts)


def _fill_blank_pages(data: bytes, pages: list[str]) -> tuple[list[str], bool]:
    """Ask pdfplumber for the pages the default engine found empty; True if it found text."""
    blank = {i for i, text in enumerate(pages) if not text.strip()}
    if not blank:
        return pages, False
    try:
        count, other = _plumber_pages(data, blank)
    except IngestError:
        return pages, False
    if count != len(pages):
        return pages, False
    usable = {i: t for i, t in other.items() if t.strip() and not _unmapped(t)}
    filled = [usable.get(i, text) for i, text in enumerate(pages)]
    return filled, filled != pages


def read_pdf(data: bytes, engine: str = DEFAULT_ENGINE) -> tuple[str, tuple[int, ...], tuple[str, ...]]:
    """(text, page_starts, flags) of a PDF; raises IngestError for encrypted, corrupt, textless files."""
    check_streams(data)
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
