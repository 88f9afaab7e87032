"""Generators of real test documents (PDF, DOCX, HTML, text, zip) from known text.

Tests, benchmarks and the sample-corpus script import these instead of checking binary files in:
every document is built from text the caller chooses, so a test knows exactly what ingest must
return. Nothing here mocks a library: the PDFs are real reportlab PDFs, the DOCX files real
python-docx packages, the archives real zip files.

Import from a test module as ``import make_docs`` (pytest puts tests/ on sys.path) or, from
elsewhere, put ``<repo>/tests`` on sys.path first (bench/pdf_compare.py does).

Functions (each writes `path` and returns it as a Path):
    make_pdf(text_pages, path, encrypted=False, font_path=None, copy_protected=False)
                                                      one page per string, Chinese via STSong-Light
                                                      (or an embedded TTF at font_path)
    make_blank_pdf(path, pages=1)                     a PDF with drawings but no text layer ("scanned")
    make_docx(paragraphs, table_rows, path, table_index=None)   paragraphs with a table among them
    make_html(paragraphs, path, title=..., charset="utf-8", declare_charset=True)
    make_text(text, path, encoding="utf-8", bom=False)
    make_zip(members, path)                           members: {name: bytes}, names written as given
    make_zip_bomb(path, size, name="bomb.txt")        one highly compressible member, streamed
"""

from __future__ import annotations

import codecs
import html
import zipfile
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

#: reportlab's built-in Adobe-GB1 CID font: renders Chinese without any font file on disk.
CJK_FONT = "STSong-Light"
FONT_SIZE = 12
#: A4 is 595 x 842 pt; 50 pt margins leave 495 pt of line width and room for ~52 lines of 14.4 pt.
PAGE_W, PAGE_H, MARGIN, LEADING = 595.0, 842.0, 50.0, 14.4


@lru_cache(maxsize=None)
def _register_font(font_path: str | None = None) -> str:
    """Register a font once per process (reportlab keeps a global registry); returns its name.

    None gives the built-in CID font (not embedded: the reader substitutes a system font);
    a path to a .ttf/.ttc gives that font, embedded as a subset like a word processor's export.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    if font_path is None:
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
        return CJK_FONT
    name = "Embedded-" + Path(font_path).stem
    pdfmetrics.registerFont(TTFont(name, font_path, subfontIndex=0))
    return name


def _wrap(line: str, width: float, font: str) -> list[str]:
    """Split one line into pieces no wider than `width` points (Chinese has no spaces to break at)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pieces, current = [], ""
    for ch in line:
        if current and stringWidth(current + ch, font, FONT_SIZE) > width:
            pieces.append(current)
            current = ""
        current += ch
    pieces.append(current)
    return pieces


def page_lines(text: str, font_path: str | None = None) -> list[str]:
    """The lines one page of `text` is drawn as (wrapped to the page width)."""
    font = _register_font(font_path)
    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend(_wrap(line, PAGE_W - 2 * MARGIN, font))
    return lines


def _encryption(encrypted: bool, copy_protected: bool, password: str) -> object:
    """reportlab's `encrypt=` argument: a user password, an owner-only protection, or none."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    if encrypted:
        return password
    if copy_protected:
        return StandardEncryption("", ownerPassword=password, canCopy=0, canPrint=0, canModify=0)
    return None


def make_pdf(
    text_pages: Sequence[str],
    path: str | Path,
    encrypted: bool = False,
    password: str = "secret",
    font_path: str | None = None,
    copy_protected: bool = False,
) -> Path:
    """A PDF with one page per string of `text_pages`; `encrypted` sets a user password.

    `copy_protected` encrypts with an owner password only (opens without one, copying and
    printing forbidden), as many government sites publish their PDFs.
    `font_path` embeds that TrueType font instead of using the built-in STSong-Light.
    Raises ValueError when a page's text does not fit on one page, so a test never gets a
    page mapping other than the one it asked for.
    """
    from reportlab.pdfgen import canvas

    font = _register_font(font_path)
    path = Path(path)
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), encrypt=_encryption(encrypted, copy_protected, password))
    max_lines = int((PAGE_H - 2 * MARGIN) // LEADING)
    for text in text_pages:
        lines = page_lines(text, font_path)
        if len(lines) > max_lines:
            raise ValueError(f"page text needs {len(lines)} lines, a page holds {max_lines}")
        obj = c.beginText(MARGIN, PAGE_H - MARGIN)
        obj.setFont(font, FONT_SIZE, leading=LEADING)
        for line in lines:
            obj.textLine(line)
        c.drawText(obj)
        c.showPage()
    c.save()
    return path


def make_blank_pdf(path: str | Path, pages: int = 1) -> Path:
    """A PDF whose pages carry only drawings: what a scan without OCR looks like to a text extractor."""
    from reportlab.pdfgen import canvas

    path = Path(path)
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    for _ in range(pages):
        c.rect(MARGIN, MARGIN, 200, 300, fill=1)
        c.line(MARGIN, 700, 500, 720)
        c.showPage()
    c.save()
    return path


def make_docx(
    paragraphs: Sequence[str],
    table_rows: Sequence[Sequence[str]],
    path: str | Path,
    table_index: int | None = None,
) -> Path:
    """A DOCX with `paragraphs`, and a table of `table_rows` placed before paragraphs[table_index].

    `table_index=None` puts the table after the last paragraph; an empty `table_rows` adds no table.
    """
    import docx

    document = docx.Document()
    where = len(paragraphs) if table_index is None else table_index
    for i in range(len(paragraphs) + 1):
        if i == where and table_rows:
            ncols = max(len(row) for row in table_rows)
            table = document.add_table(rows=len(table_rows), cols=ncols)
            for r, row in enumerate(table_rows):
                for col, value in enumerate(row):
                    table.cell(r, col).text = value
        if i < len(paragraphs):
            document.add_paragraph(paragraphs[i])
    path = Path(path)
    document.save(str(path))
    return path


HTML_BOILERPLATE_NAV = ("首页", "政务公开", "办事服务", "互动交流")
HTML_BOILERPLATE_FOOTER = "版权所有：示例市人民政府办公室 备案号：示ICP备00000000号"


def make_html(
    paragraphs: Sequence[str],
    path: str | Path,
    title: str = "示例市交通局关于建议办理情况的报告",
    charset: str = "utf-8",
    declare_charset: bool = True,
) -> Path:
    """A government-site style page: nav, script, style, an article of `paragraphs`, a footer.

    The file is encoded in `charset`; `declare_charset=False` leaves out the <meta charset> so the
    reader has to detect the encoding.
    """
    meta = f'<meta charset="{charset}">' if declare_charset else ""
    nav = "".join(f'<li><a href="/{i}">{html.escape(x)}</a></li>' for i, x in enumerate(HTML_BOILERPLATE_NAV))
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page = (
        f"<!DOCTYPE html>\n<html><head>{meta}<title>{html.escape(title)}</title>"
        "<style>body { font-family: serif; } .nav { color: red; }</style>"
        "<script>var tracker = 'analytics-should-not-appear';</script></head>\n"
        f'<body><div class="nav"><ul>{nav}</ul></div>\n'
        f"<article><h1>{html.escape(title)}</h1>\n{body}\n</article>\n"
        f"<footer><p>{HTML_BOILERPLATE_FOOTER}</p></footer></body></html>\n"
    )
    path = Path(path)
    path.write_bytes(page.encode(charset))
    return path


_BOMS = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}


def make_text(text: str, path: str | Path, encoding: str = "utf-8", bom: bool = False) -> Path:
    """`text` encoded in `encoding`, with the encoding's byte-order mark first when `bom`."""
    path = Path(path)
    prefix = _BOMS[encoding.lower()] if bom else b""
    path.write_bytes(prefix + text.encode(encoding))
    return path


def make_zip(members: Mapping[str, bytes], path: str | Path) -> Path:
    """A deflated zip with `members` under exactly the names given (even '../evil.txt')."""
    path = Path(path)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return path


def make_zip_bomb(path: str | Path, size: int, name: str = "bomb.txt") -> Path:
    """A zip whose one member is `size` zero bytes, written in 1 MiB chunks so building it stays small."""
    path = Path(path)
    chunk = b"\0" * (1 << 20)
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w") as zf:
        with zf.open(info, "w", force_zip64=True) as out:
            left = size
            while left > 0:
                out.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
    return path
