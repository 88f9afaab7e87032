"""DOCX → text in reading order: body paragraphs and tables where they stand in the document.

Handling reports put their key figures in tables ("办复率 | 100%"), so a table must appear between
the paragraphs around it, not appended at the end: we walk the body's children in order
(python-docx's iter_inner_content). A table row becomes one line, its cells separated by a tab;
paragraphs inside a cell are joined by a space so a row stays one line and numbers in adjacent
paragraphs never run together. Headers, footers, footnotes and text boxes are left out: they
hold letterheads and page numbers, not report text.
"""

from __future__ import annotations

import io

from pipeline.errors import IngestError
from pipeline.ingest.chars import is_blank, strip_controls


def _cell_text(cell: object) -> str:
    from docx.table import Table

    parts = []
    for block in cell.iter_inner_content():
        if isinstance(block, Table):
            parts.extend(_table_lines(block))
        else:
            parts.append(block.text)
    return " ".join(part.strip() for part in parts if part.strip())


def _table_lines(table: object) -> list[str]:
    """One line per row; a merged cell (the same cell repeated in the row) is written once."""
    lines = []
    for row in table.rows:
        seen, cells = set(), []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(_cell_text(cell))
        lines.append("\t".join(cells))
    return lines


def _open(data: bytes) -> object:
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # BadZipFile, KeyError (missing part), ValueError, lxml XMLSyntaxError
        raise IngestError(f"corrupt DOCX: {type(exc).__name__}: {exc}") from exc


def read_docx(data: bytes) -> str:
    """The body text of a DOCX; raises IngestError for a damaged package or one without text."""
    from docx.table import Table

    document = _open(data)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        else:
            lines.append(block.text)
    text = strip_controls("\n".join(lines))
    if is_blank(text):
        raise IngestError("no text in DOCX body")
    return text
