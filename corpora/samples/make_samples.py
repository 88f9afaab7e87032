"""Regenerate the binary sample documents of corpora/samples/ from their UTF-8 sources in ../samples_src/.

Why: GBK/Big5 text, DOCX and PDF files cannot be reviewed in a diff, so each one is built from a
UTF-8 source `src/<name>.src` (first line a `# source:` comment) and the generated file is committed
beside its gold JSON. Output is deterministic (fixed document metadata, fixed zip timestamps,
reportlab's invariant mode), so a rerun reproduces the committed bytes.

    python corpora/samples/make_samples.py            # rewrite the samples in place
    python corpora/samples/make_samples.py --out DIR  # write them to DIR instead
    python corpora/samples/make_samples.py --check    # exit 1 if a committed file differs

The script holds no Chinese text: every string drawn or encoded comes from the sources.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "samples_src"  # outside samples/ so a run on samples/ never reads them

#: Target file → codec for the text-like samples (GB18030 is a superset of GBK; the HTML page
#: declares gb2312 in its <meta>, so it is encoded strictly as GB2312 to keep the declaration true).
ENCODINGS = {"s02_gbk.txt": "gb18030", "s03_big5.txt": "big5", "s04_html_gb2312.html": "gb2312"}
#: Line ends per target: the GBK file imitates a Windows-era upload (CRLF); the rest keep LF.
NEWLINES = {"s02_gbk.txt": "\r\n"}

#: Fixed metadata so regenerated DOCX/PDF files are byte-identical to the committed ones.
FIXED_TIME = dt.datetime(2024, 1, 1, 0, 0, 0)
AUTHOR = "tiban samples"

# PDF layout (points; A4 is 595 x 842). 12 pt CJK glyphs are 12 pt wide, so the 32-character
# source lines (the longest in s07) take 384 pt, inside the 451 pt between 72 pt margins.
PAGE_W, PAGE_H = 595.0, 842.0
MARGIN = 72.0
BODY_SIZE, LEADING = 12, 20
MARK_SIZE = 9
PDF_FONT = "STSong-Light"


def read_source(path: Path) -> str:
    """Source text without its leading `#` comment lines (provenance, not document content)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "\n".join(lines) + "\n"


def encode_text(name: str, text: str) -> bytes:
    """Encode a text sample strictly: a character the codec lacks is a bug in the source."""
    newline = NEWLINES.get(name, "\n")
    return text.replace("\n", newline).encode(ENCODINGS[name], errors="strict")


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with constant timestamps and attributes (python-docx stamps the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def render_docx(text: str) -> bytes:
    """DOCX from the mini markup: '= ' heading, '| a | b' table rows (consecutive), else paragraphs."""
    from docx import Document

    doc = Document()
    props = doc.core_properties
    props.author = props.last_modified_by = AUTHOR
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    rows: list[list[str]] = []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
            continue
        if rows:
            _add_table(doc, rows)
            rows = []
        if line.startswith("= "):
            doc.add_heading(line[2:], level=1)
        elif line.strip():
            doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_zip(buf.getvalue())


def _add_table(doc, rows: list[list[str]]) -> None:
    """A grid table; the first row is the header, as in a typical statistics table."""
    table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    table.style = "Table Grid"
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            table.cell(i, j).text = cell


def _pdf_pages(text: str) -> list[dict]:
    """Split the PDF markup into pages of {'header', 'footer', 'lines'}."""
    pages: list[dict] = []
    for line in text.splitlines():
        if line == "@page":
            pages.append({"header": None, "footer": None, "lines": []})
        elif line.startswith("@header "):
            pages[-1]["header"] = line[len("@header ") :]
        elif line.startswith("@footer "):
            pages[-1]["footer"] = line[len("@footer ") :]
        else:
            pages[-1]["lines"].append(line)
    return pages


def render_pdf(text: str) -> bytes:
    """PDF drawn line by line in reportlab's built-in CID font (no font file to ship)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1)
    pdf.setAuthor(AUTHOR)
    pdf.setTitle("s07_pdf")
    for page in _pdf_pages(text):
        if page["header"]:
            pdf.setFont(PDF_FONT, MARK_SIZE)
            pdf.drawCentredString(PAGE_W / 2, PAGE_H - MARGIN / 2, page["header"])
        pdf.setFont(PDF_FONT, BODY_SIZE)
        y = PAGE_H - MARGIN
        for line in page["lines"]:
            if line.strip():
                pdf.drawString(MARGIN, y, line)
            y -= LEADING
        if page["footer"]:
            pdf.setFont(PDF_FONT, MARK_SIZE)
            pdf.drawCentredString(PAGE_W / 2, MARGIN / 2, page["footer"])
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def build(source: Path) -> tuple[str, bytes]:
    """(target file name, bytes) for one `src/<target>.src` file."""
    name = source.name[: -len(".src")]
    text = read_source(source)
    if name.endswith(".docx"):
        return name, render_docx(text)
    if name.endswith(".pdf"):
        return name, render_pdf(text)
    return name, encode_text(name, text)


def sources() -> list[Path]:
    return sorted(SRC.glob("*.src"))


def generate(out: Path) -> list[Path]:
    """Write every generated sample into `out`; returns the written paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sources():
        name, data = build(source)
        (out / name).write_bytes(data)
        written.append(out / name)
    return written


def check() -> list[str]:
    """Names of committed samples whose bytes differ from a fresh build (empty when all match)."""
    with tempfile.TemporaryDirectory() as tmp:
        return [p.name for p in generate(Path(tmp)) if p.read_bytes() != (HERE / p.name).read_bytes()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="output folder (default: beside this script)")
    parser.add_argument("--check", action="store_true", help="compare a fresh build with the committed files")
    args = parser.parse_args(argv)
    if args.check:
        differing = check()
        for name in differing:
            print(f"differs from a fresh build: {name}", file=sys.stderr)
        return 1 if differing else 0
    for path in generate(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
