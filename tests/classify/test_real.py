"""Real titles (read from ../shared at training time), grouped cross-validation, the agency prior and
the title frame. Every title and agency here is invented by the team; real_titles.csv is only read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.classify.card import read_card_scores
from pipeline.classify.data import strip_title_frame
from pipeline.classify.grouped import GroupedCV, confusion_table, folds, summarise
from pipeline.classify.linear import file_sha256
from pipeline.classify.model import load
from pipeline.classify.prior import PRIOR_BELOW, agency_category, blend
from pipeline.classify.real import (
    RealTitle,
    decontaminate,
    gold_phrases,
    load_real_titles,
    near_gold,
    real_titles_path,
    texts_sha256,
)
from pipeline.classify.stage import classify
from pipeline.errors import ModelError
from pipeline.record import Report, Topic
from pipeline.resources import models_dir

CARD = models_dir() / "topics_card.md"
FLOOR = json.loads((Path(__file__).parent / "classifier_floor.json").read_text(encoding="utf-8"))

# --- the title frame -------------------------------------------------------------------------------

FRAME = [
    ("关于加快县域物流枢纽建设的建议", "加快县域物流枢纽建设"),
    ("对于规范夜市摊点经营的提案", "规范夜市摊点经营"),
    ("关于完善乡镇卫生院药品配送的有关建议", "完善乡镇卫生院药品配送"),
    ("加强校车安全管理的议案", "加强校车安全管理"),
    ("关于", "关于"),  # negative: nothing would be left
    ("关于的建议", "关于的建议"),  # negative: the subject would be empty
    ("政协提案", "政协提案"),  # negative: a bare 提案 (no 的) is the head noun, kept
    ("老旧小区改造", "老旧小区改造"),  # negative: no frame
    ("建议关于", "建议关于"),  # negative: frame words in the wrong places
]


@pytest.mark.parametrize("text, expected", FRAME)
def test_strip_title_frame(text, expected):
    assert strip_title_frame(text) == expected


# --- the agency prior --------------------------------------------------------------------------------

AGENCY = [
    ("宜丰县交通运输局", "transport"),
    ("市衛生健康委員會", "health"),  # traditional script
    ("县公安局交警大队", "transport"),  # the rightmost keyword wins: the traffic police
    ("县公安局", "public_safety"),
    ("市生态环境局、水利局", "environment"),
    ("区住房和城乡建设局", "urban_housing"),
    ("区人力资源和社会保障局", "employment"),
    ("市民政局", "social_welfare"),
    ("市政府", None),  # negative: a government's remit is everything
    ("县人民政府办公室", None),  # negative
    ("市市场监督管理局", None),  # negative: deliberately absent (food safety is health, prices economy)
    ("", None),  # negative: no agency
    (None, None),  # negative
]


@pytest.mark.parametrize("agency, expected", AGENCY)
def test_agency_category(agency, expected):
    assert agency_category(agency) == expected


CLASSES = ("economy", "other", "transport")
BLEND = [
    # probabilities, prior → blended
    ([0.4, 0.25, 0.35], "transport", [0.28, 0.175, 0.545]),  # weak: the agency's category gains 0.3
    ([0.3, 0.4, 0.3], "economy", [0.51, 0.28, 0.21]),
    ([0.45, 0.1, 0.0], "transport", [0.45, 0.1, 0.0]),  # negative: the mix (0.315, 0.07, 0.3) leaves economy on top
    ([0.8, 0.1, 0.1], "transport", [0.8, 0.1, 0.1]),  # negative: a clear phrase is never overruled
    ([PRIOR_BELOW, 0.2, 0.1], "transport", [PRIOR_BELOW, 0.2, 0.1]),  # negative: at the bound: unchanged
    ([0.5, 0.2, 0.3], None, [0.5, 0.2, 0.3]),  # negative: no prior
    ([0.5, 0.2, 0.3], "health", [0.5, 0.2, 0.3]),  # negative: a category the model does not know
]


@pytest.mark.parametrize("probs, prior, expected", BLEND)
def test_blend(probs, prior, expected):
    got = blend(probs, CLASSES, prior)
    assert got == pytest.approx(expected)
    assert sum(got) == pytest.approx(sum(probs))


def _report(agency: str | None, *phrases: str) -> Report:
    topics = tuple(Topic(phrase=p, count=None, start=0, end=len(p), rule="test") for p in phrases)
    return Report(source="x.txt", doc_id="x", original="正文", text="正文", topics=topics, agency=agency)


STAGE = [
    # agency, phrase → category
    ("区交通运输局", "行业管理", "transport"),  # a weak phrase takes the agency's domain
    ("县卫生健康局", "队伍建设", "health"),
    ("区交通运输局", "老旧小区改造", "urban_housing"),  # negative: a clear phrase keeps its category
    ("县卫生健康局", "安全生产监管", "public_safety"),  # negative
    ("区政府", "行业管理", None),  # negative: no domain, the phrase alone decides (same as no agency)
]


@pytest.mark.parametrize("agency, phrase, expected", STAGE)
def test_classify_stage_uses_the_agency_prior(agency, phrase, expected):
    got = classify(_report(agency, phrase)).topics[0].category
    alone = classify(_report(None, phrase)).topics[0].category
    assert got == (expected or alone)
    if expected is None:
        assert got != "transport"


# --- real_titles.csv loading and decontamination (invented files) ------------------------------------

HEADER = "text,category,alt_category,url\n"


def _csv(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "titles.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_load_real_titles_reads_rows_in_order(tmp_path):
    path = _csv(tmp_path, "关于修缮村口小桥的建议,agriculture,transport,http://a/1\n夜市管理,urban_housing,,http://a/2\n")
    assert load_real_titles(path) == (
        RealTitle("关于修缮村口小桥的建议", "agriculture", "transport", "http://a/1"),
        RealTitle("夜市管理", "urban_housing", "", "http://a/2"),
    )


BAD_FILES = [
    ("text,category,url\n", "x,economy,u\n", "columns missing: alt_category"),
    (HEADER, "x,roads,,u\n", "categories not in taxonomy.csv: roads"),
]


@pytest.mark.parametrize("header, body, reason", BAD_FILES)
def test_bad_real_titles_file_names_file_and_reason(tmp_path, header, body, reason):
    path = _csv(tmp_path, body, header)
    with pytest.raises(ModelError, match=reason) as info:
        load_real_titles(path)
    assert str(path) in str(info.value)


def test_missing_real_titles_say_what_is_missing(tmp_path):
    with pytest.raises(ModelError, match="real_titles.csv.*missing.*TIBAN_REAL_TITLES"):
        load_real_titles(tmp_path / "real_titles.csv")


def test_training_without_real_titles_stops_before_training(tmp_path, monkeypatch):
    from pipeline.classify.model import train

    monkeypatch.setenv("TIBAN_REAL_TITLES", str(tmp_path / "absent.csv"))
    with pytest.raises(ModelError, match="absent.csv.*missing"):
        train(out_dir=tmp_path / "models")
    assert not (tmp_path / "models").exists()  # nothing half-written


def test_decontaminate_drops_titles_close_to_gold(tmp_path):
    doc = {"topics": [{"phrase": "村口小桥修缮", "category": "agriculture"}, {"phrase": "", "category": None}]}
    (tmp_path / "g1.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    gold = gold_phrases((tmp_path,))
    titles = (
        RealTitle("关于村口小桥修缮的建议", "agriculture", "", "u1"),  # frame off: the gold phrase itself
        RealTitle("村口小桥的修缮", "agriculture", "", "u1"),  # ratio 0.92
        RealTitle("规范夜市摊点经营", "urban_housing", "", "u2"),  # negative: unrelated
        RealTitle("小桥", "transport", "", "u3"),  # negative: ratio 0.5
    )
    assert gold == frozenset({"村口小桥修缮"})
    assert near_gold(titles[1].text, gold) == "村口小桥修缮"
    assert decontaminate(titles, gold) == titles[2:]


def test_missing_gold_folder_is_an_error(tmp_path):
    with pytest.raises(ModelError, match="gold folder missing"):
        gold_phrases((tmp_path / "dev",))


# --- grouped folds and figures -------------------------------------------------------------------------

def _titles(n_pages: int = 12, per_page: int = 3) -> tuple[RealTitle, ...]:
    cats = ("economy", "transport", "health")
    return tuple(RealTitle(f"t{p}-{i}", cats[p % 3], "", f"http://p/{p}") for p in range(n_pages) for i in range(per_page))


def test_folds_never_split_a_page_and_are_deterministic():
    titles = _titles()
    got = folds(titles)
    assert got == folds(titles)
    assert sorted(i for _, test in got for i in test) == list(range(len(titles)))  # each title tested once
    for train, test in got:
        assert not {titles[i].url for i in train} & {titles[i].url for i in test}


SUMMARY = [
    # predictions for (economy/alt technology, transport, health/alt social_welfare) → accuracy, with alt
    (["economy", "transport", "health"], 1.0, 1.0),
    (["technology", "transport", "social_welfare"], 1 / 3, 1.0),  # the alt categories count only in the second
    (["other", "other", "other"], 0.0, 0.0),  # negative
]


@pytest.mark.parametrize("pred, acc, acc_alt", SUMMARY)
def test_summarise(pred, acc, acc_alt):
    titles = (RealTitle("a", "economy", "technology", "u1"), RealTitle("b", "transport", "", "u1"),
              RealTitle("c", "health", "social_welfare", "u2"))
    cv = summarise(titles, pred)
    assert (cv.n, cv.n_pages) == (3, 2)
    assert cv.accuracy == pytest.approx(acc) and cv.accuracy_alt == pytest.approx(acc_alt)
    assert sum(k for _, _, k in cv.confusion) == 3
    assert {(g, p) for g, p, _ in cv.confusion} == {(t.category, p) for t, p in zip(titles, pred)}


def test_confusion_table_has_a_row_per_category():
    cv = GroupedCV(2, 1, 0.5, 0.5, (("economy", "economy", 1), ("economy", "technology", 1)))
    table = confusion_table(cv)
    assert len(table.splitlines()) == 2 + 14
    assert "| economy | " in table and "| 2 | 0.50 |" in table


# --- the shipped model: what it was trained on, and its grouped-CV figure ------------------------------

def _real(shared_dir) -> tuple[tuple[RealTitle, ...], tuple[RealTitle, ...]]:
    from pipeline.classify.grouped import trained_titles

    titles = load_real_titles(real_titles_path())
    return titles, trained_titles(titles, gold_phrases())


def test_card_pins_the_real_titles_trained_on(shared_dir):
    scores = read_card_scores(CARD)["real_titles"]
    titles, trainable = _real(shared_dir)
    assert scores["file_sha256"] == file_sha256(real_titles_path())
    assert scores["n"] == len(titles) and scores["trained"] == len(trainable)
    assert scores["trained_sha256"] == texts_sha256([t.text for t in trainable])
    assert "real_titles.csv" in CARD.read_text(encoding="utf-8")


def test_card_grouped_cv_meets_the_floor():
    scores = read_card_scores(CARD)["real_titles"]
    assert scores["accuracy"] >= FLOOR["real_titles_grouped_cv"], scores
    assert scores["accuracy_alt"] >= FLOOR["real_titles_grouped_cv_alt"], scores


@pytest.mark.slow
def test_grouped_cv_is_reproduced_and_meets_the_floor(shared_dir):
    """The figure in the card is recomputed exactly (training per fold, ~30 s)."""
    from pipeline.classify.evaluate import real_titles_cv

    cv = real_titles_cv(real_titles_path())
    assert cv.scores() == {k: v for k, v in read_card_scores(CARD)["real_titles"].items()
                           if k in ("n", "pages", "accuracy", "accuracy_alt")}
    assert cv.accuracy >= FLOOR["real_titles_grouped_cv"]


def test_shipped_model_still_needs_no_real_titles_at_run_time(tmp_path, monkeypatch):
    monkeypatch.setenv("TIBAN_REAL_TITLES", str(tmp_path / "absent.csv"))
    assert load().predict(["老旧小区改造"])[0].category == "urban_housing"
