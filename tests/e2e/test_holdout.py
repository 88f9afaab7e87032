"""The held-out gold files (corpora/holdout*/*.json: sets A–E) keep the ANNOTATION.md contract.

Generic over every gold file in the folder (sets A and B, and any later set), so a malformed gold
file cannot silently distort the held-out figures. Each check has a negative case on a broken copy.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from pipeline.record import BODIES, METRICS, QUALIFIERS

REPO = Path(__file__).resolve().parents[2]
HOLDOUT = REPO / "corpora" / "holdout"
FOLDERS = ("holdout", "holdout_c", "holdout_d", "holdout_e")
GOLD_FILES = sorted(p for folder in FOLDERS for p in (REPO / "corpora" / folder).glob("*.json"))
KEYS = {"id", "url", "script", "doc_type", "year", "agency", "measures", "topics", "notes"}
MEASURE_KEYS = {"metric", "body", "value", "qualifier", "evidence"}
OPTIONAL_MEASURE_KEYS = {"implausible", "likely"}
SCRIPTS = ("simplified", "traditional", "mixed")
DOC_TYPES = ("handling_report", "other")
# evidence: ANNOTATION.md allows years from the archive's range; anything outside is a typo
YEAR_RANGE = (1990, 2030)


def _categories() -> set[str]:
    with (REPO / "corpora" / "taxonomy.csv").open(encoding="utf-8") as handle:
        return {row["code"] for row in csv.DictReader(handle)}


def gold_errors(gold: dict, text: str, categories: set[str]) -> list[str]:
    """Every way one gold record breaks the contract (empty when it is well-formed)."""
    errors = [f"keys {sorted(set(gold) ^ KEYS)}"] if set(gold) != KEYS else []
    if gold.get("script") not in SCRIPTS:
        errors.append(f"script {gold.get('script')!r}")
    if gold.get("doc_type") not in DOC_TYPES:
        errors.append(f"doc_type {gold.get('doc_type')!r}")
    year = gold.get("year")
    if year is not None and not (isinstance(year, int) and YEAR_RANGE[0] <= year <= YEAR_RANGE[1]):
        errors.append(f"year {year!r}")
    for measure in gold.get("measures", []):
        errors.extend(_measure_errors(measure, text))
    for topic in gold.get("topics", []):
        errors.extend(_topic_errors(topic, categories))
    return errors


def _measure_errors(measure: dict, text: str) -> list[str]:
    keys = set(measure)
    errors = []
    if not MEASURE_KEYS <= keys or keys - MEASURE_KEYS - OPTIONAL_MEASURE_KEYS:
        errors.append(f"measure keys {sorted(keys)}")
    if measure.get("metric") not in METRICS:
        errors.append(f"metric {measure.get('metric')!r}")
    if measure.get("body") not in BODIES:
        errors.append(f"body {measure.get('body')!r}")
    if measure.get("qualifier") not in QUALIFIERS:
        errors.append(f"qualifier {measure.get('qualifier')!r}")
    if not isinstance(measure.get("value"), (int, float)) or isinstance(measure.get("value"), bool):
        errors.append(f"value {measure.get('value')!r}")
    evidence = measure.get("evidence")
    if not isinstance(evidence, str) or not evidence or evidence not in text:
        errors.append(f"evidence not verbatim: {evidence!r}")
    if "likely" in measure and measure.get("implausible") is not True:
        errors.append("likely without implausible")
    return errors


def _topic_errors(topic: dict, categories: set[str]) -> list[str]:
    errors = []
    if set(topic) != {"phrase", "count", "category"}:
        errors.append(f"topic keys {sorted(topic)}")
    if not isinstance(topic.get("phrase"), str) or not topic.get("phrase"):
        errors.append(f"topic phrase {topic.get('phrase')!r}")
    count = topic.get("count")
    if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 0):
        errors.append(f"topic count {count!r}")
    if topic.get("category") not in categories:
        errors.append(f"category {topic.get('category')!r}")
    return errors


def _document(gold_path: Path) -> str:
    docs = [p for p in gold_path.parent.glob(gold_path.stem + ".*") if p.suffix != ".json"]
    assert docs, f"{gold_path.name} has no document beside it"
    return sorted(docs)[0].read_text(encoding="utf-8")


def test_holdout_has_gold_files() -> None:
    assert GOLD_FILES, "corpora/holdout holds no gold JSON"


def unpaired(folder: Path) -> list[str]:
    """Names of documents without a gold file and gold files without a document.

    `tiban eval` walks the gold files, so a document whose gold was forgotten is skipped without a
    word and a held-out set silently shrinks; this keeps every set whole.
    """
    files = [p for p in folder.iterdir() if p.is_file() and p.name != "README.md"]
    golds = {p.stem for p in files if p.suffix == ".json"}
    docs = {p.stem for p in files if p.suffix != ".json"}
    return sorted(p.name for p in files if (p.stem in golds) != (p.stem in docs))


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_document_has_gold_and_every_gold_a_document(folder: str) -> None:
    assert unpaired(REPO / "corpora" / folder) == []


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["a.txt", "a.json", "README.md"], []),
        (["a.txt", "a.json", "b.txt"], ["b.txt"]),
        (["a.txt", "a.json", "c.json"], ["c.json"]),
    ],
)
def test_unpaired_finds_a_lone_file(tmp_path: Path, names: list[str], expected: list[str]) -> None:
    for name in names:
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert unpaired(tmp_path) == expected


def test_set_e_has_the_promised_size() -> None:
    # evidence: issue 9 item 4 asks for at least 20 reports; the brief for set E for at least 24
    assert len(list((REPO / "corpora" / "holdout_e").glob("*.json"))) >= 24


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def test_gold_file_keeps_contract(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    assert gold["id"] == gold_path.stem
    assert gold_errors(gold, _document(gold_path), _categories()) == []


GOOD = {
    "id": "x", "url": None, "script": "simplified", "doc_type": "handling_report", "year": 2020,
    "agency": None, "notes": "",
    "measures": [{"metric": "items_total", "body": "npc", "value": 5, "qualifier": "eq", "evidence": "建议5件"}],
    "topics": [{"phrase": "养老", "count": None, "category": "social_welfare"}],
}
TEXT = "共收到建议5件，涉及养老。"


def _broken(path: str, value: object) -> dict:
    gold = json.loads(json.dumps(GOOD))
    section, _, key = path.partition(".")
    if key:
        gold[section][0][key] = value
    else:
        gold[section] = value
    return gold


@pytest.mark.parametrize(
    ("gold", "fragment"),
    [
        (GOOD, None),
        (_broken("measures.metric", "rate_other"), "metric"),
        (_broken("measures.body", "both"), "body"),
        (_broken("measures.qualifier", "about"), "qualifier"),
        (_broken("measures.evidence", "建议6件"), "evidence"),
        (_broken("measures.value", "5"), "value"),
        (_broken("measures.likely", 5), "likely"),
        (_broken("topics.category", "housing"), "category"),
        (_broken("topics.count", -1), "topic count"),
        (_broken("script", "trad"), "script"),
        (_broken("doc_type", "report"), "doc_type"),
        (_broken("year", 20200), "year"),
    ],
)
def test_gold_errors_catch_each_break(gold: dict, fragment: str | None) -> None:
    errors = gold_errors(gold, TEXT, _categories())
    if fragment is None:
        assert errors == []
    else:
        assert any(fragment in error for error in errors), errors
