"""Which PDF engine should ingest use by default? Measure pdfplumber vs pypdfium2 on Chinese PDFs.

Builds multi-page PDFs with reportlab's built-in CID font STSong-Light (tests/make_docs.py) from
known text, once with the built-in font (not embedded: PDFium substitutes a system font, and
without a Chinese one installed it measures flat glyph boxes) and, when a Chinese TrueType font is
on the machine (--font, default: the first of `fc-list :lang=zh`), once with that font embedded as word processors
do. The texts are the real report texts of ../shared/corpus/dev when present (read at run time, never
copied), else invented sentences. Each engine then reads every PDF through the same functions
ingest uses (pipeline/ingest/pdf.py). Fidelity is difflib's ratio between the source page text and
the extracted page text with all whitespace removed (line wrapping adds newlines); speed is
pages per second over all documents, best of `--repeat` runs.

    .venv/bin/python bench/pdf_compare.py [--docs 53] [--repeat 3]
"""

from __future__ import annotations

import argparse
import difflib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

import make_docs  # noqa: E402

from pipeline.ingest.pdf import ENGINES  # noqa: E402

DEV = REPO.parent / "shared" / "corpus" / "dev"
_WS = re.compile(r"\s+")
#: Lines per generated page: fewer than a page holds (52), so wrapped long lines still fit.
LINES_PER_PAGE = 30


def source_texts(limit: int) -> list[str]:
    """Real dev texts when the shared corpus is beside the repo, else invented report sentences."""
    files = sorted(DEV.glob("*.txt"))[:limit] if DEV.exists() else []
    if files:
        return [f.read_text(encoding="utf-8") for f in files]
    line = "2023年共承办市人大代表建议{}件，按时办复率100%，代表满意率{}%。"
    return ["\n".join(line.format(i + k, 90 + k % 10) for k in range(60)) for i in range(limit)]


def find_cjk_font() -> str | None:
    """A Chinese TrueType font file fontconfig knows of (None when there is none or no fc-match)."""
    if not shutil.which("fc-list"):
        return None
    out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True).stdout
    files = sorted(line.rstrip(": ") for line in out.splitlines() if line.rstrip(": ").endswith((".ttf", ".ttc")))
    return files[0] if files else None


def paginate(text: str) -> list[str]:
    """Split a text into pages of whole lines that each fit one PDF page after wrapping."""
    pages, current, used = [], [], 0
    for line in text.split("\n"):
        need = len(make_docs.page_lines(line))  # STSong is the wider font: pages fit both
        if current and used + need > LINES_PER_PAGE:
            pages.append("\n".join(current))
            current, used = [], 0
        current.append(line)
        used += need
    pages.append("\n".join(current))
    return pages


def fidelity(source: str, extracted: str) -> float:
    a, b = _WS.sub("", source), _WS.sub("", extracted)
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def measure(engine: str, docs: list[tuple[list[str], bytes]], repeat: int) -> dict[str, float]:
    reader = ENGINES[engine]
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        outputs = [reader(data) for _, data in docs]
        best = min(best, time.perf_counter() - t0)
    scores, pages_ok = [], 0
    for (pages, _), got in zip(docs, outputs):
        if len(got) != len(pages):
            scores.extend([0.0] * len(pages))
            continue
        for want, have in zip(pages, got):
            score = fidelity(want, have)
            scores.append(score)
            pages_ok += score == 1.0
    n_pages = sum(len(p) for p, _ in docs)
    return {
        "pages": n_pages,
        "mean": statistics.mean(scores),
        "min": min(scores),
        "exact": pages_ok / n_pages,
        "pps": n_pages / best,
    }


def build(texts: list[str], tmp: Path, font_path: str | None) -> list[tuple[list[str], bytes]]:
    docs = []
    for i, text in enumerate(texts):
        pages = paginate(text)
        path = make_docs.make_pdf(pages, tmp / f"d{i}.pdf", font_path=font_path)
        docs.append((pages, path.read_bytes()))
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=53)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--font", default=None, help="Chinese .ttf/.ttc to embed (default: fc-list :lang=zh)")
    args = parser.parse_args()
    texts = source_texts(args.docs)
    origin = "shared/corpus/dev texts" if DEV.exists() else "invented text"
    font = args.font or find_cjk_font()
    print(f"{len(texts)} PDFs from {origin}, best of {args.repeat} runs; system Chinese font: {font or 'none'}\n")
    print("| font | engine | pages | fidelity mean | fidelity min | exact pages | pages/s |")
    print("|---|---|---:|---:|---:|---:|---:|")
    setups = [("STSong-Light (not embedded)", None)] + ([(f"{Path(font).name} (embedded)", font)] if font else [])
    for label, font_path in setups:
        with tempfile.TemporaryDirectory() as tmp:
            docs = build(texts, Path(tmp), font_path)
        for engine in ENGINES:
            r = measure(engine, docs, args.repeat)
            cells = f"{r['pages']} | {r['mean']:.4f} | {r['min']:.4f} | {r['exact']:.1%} | {r['pps']:.0f}"
            print(f"| {label} | {engine} | {cells} |")


if __name__ == "__main__":
    main()
