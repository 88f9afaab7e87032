"""The invented sample corpus (corpora/samples/): gold files obey ANNOTATION.md and match their texts,
and make_samples.py rebuilds the committed binary samples exactly.

The samples are the repository's own end-to-end fixtures (the real corpus lives outside it), so a
gold file that drifts from its text, or a generator that stops being deterministic, must fail here.
"""

from __future__ import annotations

import copy
import csv
import html
import importlib.util
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pipeline.record import BODIES, METRICS, QUALIFIERS

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "corpora" / "samples"
DOC_SUFFIXES = (".txt", ".html", ".docx", ".pdf")
GOLD_KEYS = ("id", "url", "script", "doc_type", "year", "agency", "measures", "topics", "notes")
MEASURE_KEYS = {"metric", "body", "value", "qualifier", "evidence"}
OPTIONAL_MEASURE_KEYS = {"implausible", "likely"}


def _load_make_samples():
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_samples = _load_make_samples()


def documents() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.suffix in DOC_SUFFIXES)


# ---------------------------------------------------------------- text as extracted


def decode(path: Path) -> str:
    """Bytes → text with the codec the sample was generated with (UTF-8 for hand-written ones)."""
    codec = make_samples.ENCODINGS.get(path.name, "utf-8")
    return path.read_bytes().decode(codec)


def html_text(markup: str) -> str:
    """Visible text of a page: scripts/styles dropped, tags removed, entities unescaped."""
    markup = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", markup)
    return html.unescape(re.sub(r"(?s)<[^>]+>", "\n", markup))


def docx_text(data: bytes) -> str:
    """Paragraphs and table rows (cells joined by tabs) in body order."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = Document(io.BytesIO(data))
    lines = []
    for block in doc.element.body.iterchildren():
        if block.tag.endswith("}p"):
            lines.append(Paragraph(block, doc).text)
        elif block.tag.endswith("}tbl"):
            lines.extend("\t".join(c.text for c in row.cells) for row in Table(block, doc).rows)
    return "\n".join(lines)


def pdf_text(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def extracted_text(path: Path) -> str:
    """The text a gold file's evidence strings refer to."""
    if path.suffix == ".docx":
        return docx_text(path.read_bytes())
    if path.suffix == ".pdf":
        return pdf_text(path.read_bytes())
    text = decode(path)
    return html_text(text) if path.suffix == ".html" else text


# ---------------------------------------------------------------- gold validation


def measure_problems(m: dict, text: str) -> list[str]:
    """What is wrong with one gold measure (empty when it follows ANNOTATION.md)."""
    problems = []
    keys = set(m)
    if not MEASURE_KEYS <= keys or not keys <= MEASURE_KEYS | OPTIONAL_MEASURE_KEYS:
        return [f"measure keys {sorted(keys)}"]
    if m["metric"] not in METRICS:
        problems.append(f"unknown metric {m['metric']!r}")
    if m["body"] not in BODIES:
        problems.append(f"unknown body {m['body']!r}")
    if m["qualifier"] not in QUALIFIERS:
        problems.append(f"unknown qualifier {m['qualifier']!r}")
    if isinstance(m["value"], bool) or not isinstance(m["value"], (int, float)) or m["value"] < 0:
        return problems + [f"value {m['value']!r} is not a non-negative number"]
    # ANNOTATION.md: a rate above 100% cannot be true and must say so; nothing else is implausible here.
    over = m["metric"].startswith("rate_") and m["value"] > 100
    if over != bool(m.get("implausible", False)):
        problems.append(f"implausible flag {m.get('implausible')} for {m['metric']} {m['value']}")
    if "likely" in m and not (m.get("implausible") and isinstance(m["likely"], (int, float))):
        problems.append("likely without implausible")
    if not m["evidence"] or m["evidence"] not in text:
        problems.append(f"evidence not in text: {m['evidence']!r}")
    return problems


def topic_problems(t: dict, text: str, categories: set[str]) -> list[str]:
    problems = []
    if set(t) != {"phrase", "count", "category"}:
        return [f"topic keys {sorted(t)}"]
    if t["category"] not in categories:
        problems.append(f"category {t['category']!r} not in taxonomy")
    if t["count"] is not None and (not isinstance(t["count"], int) or t["count"] < 0):
        problems.append(f"count {t['count']!r}")
    if t["phrase"] not in text or t["phrase"].startswith("关于") or t["phrase"].endswith(("的问题", "等问题")):
        problems.append(f"phrase not as written (or not trimmed): {t['phrase']!r}")
    return problems


def gold_problems(gold: dict, stem: str, text: str, categories: set[str]) -> list[str]:
    """Everything wrong with one gold file against its document's extracted text."""
    if tuple(gold) != GOLD_KEYS:
        return [f"keys {list(gold)} (expected {list(GOLD_KEYS)})"]
    problems = []
    if gold["id"] != stem:
        problems.append(f"id {gold['id']!r} is not the file stem {stem!r}")
    if gold["script"] not in ("simplified", "traditional", "mixed"):
        problems.append(f"script {gold['script']!r}")
    if gold["doc_type"] not in ("handling_report", "other"):
        problems.append(f"doc_type {gold['doc_type']!r}")
    if gold["year"] is not None and not (isinstance(gold["year"], int) and 1949 < gold["year"] < 2100):
        problems.append(f"year {gold['year']!r}")
    if gold["agency"] is not None and gold["agency"] not in text:
        problems.append(f"agency not as written: {gold['agency']!r}")
    if gold["doc_type"] == "other" and gold["measures"]:
        problems.append("an 'other' document has measures")
    keys = [(m.get("metric"), m.get("body"), m.get("value")) for m in gold["measures"]]
    if len(keys) != len(set(keys)):
        problems.append("the same (metric, body, value) listed twice")
    for m in gold["measures"]:
        problems += measure_problems(m, text)
    for t in gold["topics"]:
        problems += topic_problems(t, text, categories)
    return problems


@pytest.fixture(scope="session")
def categories(shared_dir: Path) -> set[str]:
    with open(shared_dir / "taxonomy.csv", encoding="utf-8") as fh:
        return {row["code"] for row in csv.DictReader(fh)}


def load_gold(doc: Path) -> dict:
    return json.loads(doc.with_suffix(".json").read_text(encoding="utf-8"))


def test_every_document_has_gold_and_every_gold_a_document():
    docs = {p.stem for p in documents()}
    golds = {p.stem for p in SAMPLES.glob("*.json")}
    assert docs == golds
    assert len(docs) == len(documents()), "two documents share a stem"
    assert 8 <= len(docs) <= 12


@pytest.mark.parametrize("doc", documents(), ids=lambda p: p.name)
def test_gold_is_well_formed_and_matches_text(doc: Path, categories: set[str]):
    assert gold_problems(load_gold(doc), doc.stem, extracted_text(doc), categories) == []


GOOD_MEASURE = {"metric": "items_total", "body": "npc", "value": 11, "qualifier": "eq", "evidence": "共收到建议11件"}
GOOD_GOLD = {
    "id": "x1", "url": None, "script": "simplified", "doc_type": "handling_report", "year": 2020,
    "agency": "某局", "measures": [GOOD_MEASURE], "topics": [{"phrase": "道路维修", "count": 2, "category": "transport"}],
    "notes": "",
}
GOOD_TEXT = "某局今年共收到建议11件，其中道路维修2件。"

#: (what to change, expected problem fragment): each broken gold must be rejected.
BROKEN = [
    (lambda g: g["measures"][0].update(metric="items_done"), "unknown metric"),
    (lambda g: g["measures"][0].update(body="both"), "unknown body"),
    (lambda g: g["measures"][0].update(qualifier="about"), "unknown qualifier"),
    (lambda g: g["measures"][0].update(value="11"), "not a non-negative number"),
    (lambda g: g["measures"][0].update(evidence="共收到建议12件"), "evidence not in text"),
    (lambda g: g["measures"][0].update(metric="rate_reply", value=20230), "implausible flag"),
    (lambda g: g["measures"][0].update(implausible=True), "implausible flag"),
    (lambda g: g["measures"][0].update(likely=10), "likely without implausible"),
    (lambda g: g["measures"][0].update(unit="件"), "measure keys"),
    (lambda g: g["measures"].append(dict(GOOD_MEASURE)), "listed twice"),
    (lambda g: g["topics"][0].update(category="roads"), "not in taxonomy"),
    (lambda g: g["topics"][0].update(phrase="关于道路维修"), "phrase not as written"),
    (lambda g: g["topics"][0].update(count=-1), "count"),
    (lambda g: g.update(id="x2"), "file stem"),
    (lambda g: g.update(doc_type="news"), "doc_type"),
    (lambda g: g.update(script="traditional-ish"), "script"),
    (lambda g: g.update(year="2020"), "year"),
    (lambda g: g.update(agency="市公安局"), "agency not as written"),
    (lambda g: g.update(doc_type="other"), "'other' document has measures"),
    (lambda g: g.pop("notes"), "keys"),
]


def test_validator_accepts_a_good_gold():
    assert gold_problems(copy.deepcopy(GOOD_GOLD), "x1", GOOD_TEXT, {"transport"}) == []


@pytest.mark.parametrize("change,fragment", BROKEN, ids=[f for _, f in BROKEN])
def test_validator_rejects_broken_gold(change, fragment):
    gold = copy.deepcopy(GOOD_GOLD)
    change(gold)
    problems = gold_problems(gold, "x1", GOOD_TEXT, {"transport"})
    assert any(fragment in p for p in problems), problems


def test_corpus_covers_what_the_readme_promises():
    """Formats, scripts, doc types and the tricky cases the corpus exists to exercise."""
    golds = {p.stem: load_gold(p) for p in documents()}
    suffixes = {p.suffix for p in documents()}
    assert suffixes == set(DOC_SUFFIXES)
    assert {g["script"] for g in golds.values()} >= {"simplified", "traditional"}
    assert {g["doc_type"] for g in golds.values()} == {"handling_report", "other"}
    measures = [m for g in golds.values() for m in g["measures"]]
    assert {m["metric"] for m in measures} == set(METRICS)
    assert {m["qualifier"] for m in measures} == set(QUALIFIERS)
    assert any(m.get("implausible") for m in measures)
    assert any(m["value"] == 0 for m in measures)
    assert any(t["count"] is not None for g in golds.values() for t in g["topics"])
    assert set(make_samples.ENCODINGS.values()) == {"gb18030", "big5", "gb2312"}


_T2S = None


def script_label(text: str) -> str:
    """simplified / traditional / mixed by the share of CJK characters OpenCC t2s changes."""
    global _T2S
    if _T2S is None:  # one converter per process
        import opencc

        _T2S = opencc.OpenCC("t2s")
    cjk = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    changed = sum(a != b for a, b in zip(text, _T2S.convert(text)) if "\u4e00" <= a <= "\u9fff")
    if not changed:
        return "simplified"
    # a traditional text changes one CJK character in 4-6 (s03/s10: ~0.17); 0.1 leaves room for short texts
    return "traditional" if changed / max(len(cjk), 1) >= 0.1 else "mixed"


@pytest.mark.parametrize(
    "text,label",
    [("我们办理了代表建议十一件", "simplified"), ("我們辦理了代表建議十一件", "traditional"),
     ("我們办理了代表建议和政协提案共十一件", "mixed")],
)
def test_script_label(text: str, label: str):
    assert script_label(text) == label


@pytest.mark.parametrize("doc", documents(), ids=lambda p: p.name)
def test_gold_script_matches_the_text(doc: Path):
    assert script_label(extracted_text(doc)) == load_gold(doc)["script"]


def test_readme_describes_every_sample():
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    for doc in documents():
        assert doc.name in readme, doc.name


# ---------------------------------------------------------------- generation


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    result = subprocess.run(
        [sys.executable, str(SAMPLES / "make_samples.py"), "--out", str(out)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return out


def generated_names() -> list[str]:
    return [p.name[: -len(".src")] for p in make_samples.sources()]


def test_every_source_has_a_committed_sample_with_provenance():
    names = generated_names()
    assert {"s06_docx.docx", "s07_pdf.pdf"} <= set(names)
    for source in make_samples.sources():
        assert source.read_text(encoding="utf-8").startswith("# source:"), source.name
    for name in names:
        assert (SAMPLES / name).is_file(), name


@pytest.mark.parametrize("name", generated_names())
def test_regenerated_sample_extracts_to_the_committed_text(regenerated: Path, name: str):
    assert extracted_text(regenerated / name) == extracted_text(SAMPLES / name)


@pytest.mark.parametrize("name", generated_names())
def test_regeneration_is_byte_identical(regenerated: Path, name: str):
    assert (regenerated / name).read_bytes() == (SAMPLES / name).read_bytes()


@pytest.mark.parametrize("name", sorted(make_samples.ENCODINGS))
def test_encoded_samples_decode_to_their_source(name: str):
    source = make_samples.read_source(make_samples.SRC / f"{name}.src")
    newline = make_samples.NEWLINES.get(name, "\n")
    raw = (SAMPLES / name).read_bytes()
    assert raw.decode(make_samples.ENCODINGS[name]) == source.replace("\n", newline)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the point of these samples: not UTF-8


def test_docx_has_fixed_metadata_and_zip_times():
    data = (SAMPLES / "s06_docx.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert {info.date_time for info in zf.infolist()} == {make_samples.FIXED_TIME.timetuple()[:6]}
    from docx import Document

    assert Document(io.BytesIO(data)).core_properties.created.replace(tzinfo=None) == make_samples.FIXED_TIME
    assert len(Document(io.BytesIO(data)).tables) == 1


def test_pdf_has_three_pages_with_page_debris():
    import pdfplumber

    with pdfplumber.open(SAMPLES / "s07_pdf.pdf") as pdf:
        pages = [page.extract_text() for page in pdf.pages]
    assert len(pages) == 3
    assert all(re.search(r"\d页 共3页$", page) for page in pages)


def test_check_mode_reports_a_tampered_sample(tmp_path: Path, monkeypatch):
    """--check must notice a committed file that no longer matches its source."""
    for name in generated_names():
        (tmp_path / name).write_bytes((SAMPLES / name).read_bytes())
    monkeypatch.setattr(make_samples, "HERE", tmp_path)
    assert make_samples.check() == []
    (tmp_path / "s02_gbk.txt").write_bytes(b"tampered")
    assert make_samples.check() == ["s02_gbk.txt"]
