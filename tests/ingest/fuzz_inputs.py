"""Inputs and the property for fuzzing the ingest boundary: bytes in, a Report out, never an exception.

Shared by tests/ingest/test_ingest_fuzz.py (a bounded, derandomized run in the suite) and
bench/fuzz_ingest.py (a long run). The inputs are built to reach every reader rather than to be
uniformly random: random bytes rarely get past format sniffing, so the strategies also write text
in the encodings Chinese documents use (with controls, BOMs, cut sequences), HTML with lying
charsets and deep nesting, zip containers (duplicate and non-UTF-8 names, nested zips, damaged
directories), and real PDF and DOCX files with bytes flipped, cut or spliced.
"""

from __future__ import annotations

import io
import tempfile
import warnings
import zipfile
from functools import lru_cache
from pathlib import Path

import make_docs
from hypothesis import strategies as st

from pipeline.core import process_bytes
from pipeline.ingest import discover, ingest, load_bytes
from pipeline.errors import IngestError
from pipeline.record import Report

#: Invented report text: the characters the extractors look at (digits, 件, %, 、) and a few more.
ALPHABET = "今年共承办建议提案件其中主办协办办结率满意度百分之代表委员会议政府关於報告辦理議，。、：%（）0123456789 \n\t"
CONTROLS = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\r\u200b\ufeff\ufffd\ud7ff"
ENCODINGS = ("utf-8", "gb18030", "gbk", "big5", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1")
CHARSETS = ("utf-8", "gb2312", "gbk", "big5", "latin-1", "iso-8859-1", "x-bogus", "utf-16")
#: Reasons ingest gives on purpose start like this; anything else ("ingest failed: ...") was an
#: exception nobody meant, which is what the fuzzer is looking for.
STAGE_CRASH = " failed: "


@lru_cache(maxsize=1)
def seed_files() -> dict[str, bytes]:
    """One small real PDF and DOCX, made once per process (reportlab and python-docx are slow-ish)."""
    folder = Path(make_docs.__file__).resolve().parent.parent / ".pytest_cache" / "fuzz_seeds"
    folder.mkdir(parents=True, exist_ok=True)
    pdf = make_docs.make_pdf(["今年共承办建议12件，办结率100%。", "二、主要做法"], folder / "seed.pdf")
    docx = make_docs.make_docx(["今年共承办建议12件。"], [["办结率", "100%"]], folder / "seed.docx")
    return {"pdf": pdf.read_bytes(), "docx": docx.read_bytes()}


def _text(draw) -> str:
    chars = st.sampled_from(ALPHABET + CONTROLS) | st.characters(codec="utf-8")
    return draw(st.text(chars, max_size=200))


@st.composite
def encoded_text(draw) -> bytes:
    text = _text(draw)
    data = text.encode(draw(st.sampled_from(ENCODINGS)), "replace" if draw(st.booleans()) else "ignore")
    if draw(st.booleans()):  # cut anywhere, even inside a multi-byte character
        data = data[: draw(st.integers(0, len(data)))]
    return data


@st.composite
def html_page(draw) -> bytes:
    depth = draw(st.integers(0, 600))
    tag = draw(st.sampled_from(["font", "div", "span", "table", "p", "b"]))
    close = draw(st.booleans())
    meta = f'<meta charset="{draw(st.sampled_from(CHARSETS))}">' if draw(st.booleans()) else ""
    body = f"<{tag}>" * depth + _text(draw) + (f"</{tag}>" * depth if close else "")
    page = f"<!DOCTYPE html><html><head>{meta}<title>{_text(draw)[:20]}</title></head><body>{body}</body></html>"
    return page.encode(draw(st.sampled_from(ENCODINGS)), "replace")


@st.composite
def zip_archive(draw) -> bytes:
    buf = io.BytesIO()
    names = st.sampled_from(["a.txt", "a.txt", "报告.txt", "x/../y.txt", "b.pdf", "c.docx", "d.zip", "a.txt#2",
                             "mimetype", "word/document.xml", "[Content_Types].xml", "dir/", "._a.txt"])
    members = [(n, draw(mutated_seed()) if n.endswith((".pdf", ".docx")) else draw(encoded_text()))
               for n in draw(st.lists(names, max_size=4))]
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w", compression=draw(st.sampled_from(_COMPRESSION))) as zf:
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name": one of the cases
        for name, member in members:
            zf.writestr(name, member)
    data = buf.getvalue()
    if members and draw(st.booleans()):  # damage one name's bytes: everywhere, or in one header only
        raw = members[draw(st.integers(0, len(members) - 1))][0].encode()
        other = draw(st.binary(min_size=len(raw), max_size=len(raw)))
        data = data.replace(raw, other, -1 if draw(st.booleans()) else 1)
    return _mutate(draw, data) if draw(st.booleans()) else data


_COMPRESSION = [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]


@st.composite
def mutated_seed(draw) -> bytes:
    return _mutate(draw, seed_files()[draw(st.sampled_from(["pdf", "docx"]))])


def _mutate(draw, data: bytes) -> bytes:
    """Flip, cut, duplicate or delete a few bytes of `data`."""
    data = bytearray(data)
    for _ in range(draw(st.integers(0, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "dup", "del"]))
        if action == "flip":
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at:]
        elif action == "dup":
            data[at:at] = data[at : at + draw(st.integers(1, 64))]
        else:
            del data[at : at + draw(st.integers(1, 64))]
    return bytes(data)


def documents() -> st.SearchStrategy[bytes]:
    """Every kind of input above, plus plain random bytes."""
    return st.one_of(st.binary(max_size=300), encoded_text(), html_page(), zip_archive(), mutated_seed())


def sources() -> st.SearchStrategy[str]:
    """Names as a run or an API caller may pass them: extensions that lie, surrogates, '!' members."""
    ext = st.sampled_from([".txt", ".html", ".pdf", ".docx", ".zip", "", ".TXT"])
    stem = st.sampled_from(["r", "报告", "p\udcff", "a.zip!in/x", "\ud800", "../x"])
    return st.builds(lambda s, e: s + e, stem, ext)


def check_report(report: Report) -> None:
    """What every report must be, whatever the input: a valid, complete record."""
    assert isinstance(report, Report)
    report.source.encode("utf-8")  # the writer's flush must not fail on it
    assert report.status in ("ok", "failed")
    assert len(report.doc_id) == 16
    if report.status == "failed":
        assert report.error, "a failed report names its reason"
        assert not report.error.startswith("ingest failed:"), report.error  # an exception nobody meant
    (report.original or "").encode("utf-8", "surrogatepass")
    assert "\x00" not in report.original


def check_ingest(source: str, data: bytes) -> None:
    """The ingest boundary alone: a Report, never an exception."""
    check_report(ingest(source, data))


def check_process(source: str, data: bytes) -> None:
    """The whole per-document core: a Report, never an exception; no stage crashed on the text."""
    report = process_bytes(source, data)
    check_report(report)
    assert not (report.error and STAGE_CRASH in report.error and report.error.split(STAGE_CRASH)[0] in
                ("normalise", "segment", "extract", "classify")), report.error


def check_discover(data: bytes, name: str = "in.zip") -> int:
    """`data` as a file in a fresh folder, discovered and each input read and ingested as a worker
    does: discovery never raises, every input is an errored Input or readable bytes (or a typed
    IngestError). Returns the number of inputs found."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        inputs = list(discover([folder]))
        for inp in inputs:
            inp.source.encode("utf-8")
            if inp.error:
                continue
            try:
                check_ingest(inp.source, load_bytes(inp))
            except IngestError:
                pass
        return len(inputs)
