"""People, organisations and places found by the shipped CRF model (issue 13), a user's own
model loaded through the same finder, and the model file installed with the package."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT, shared_data

import kavosh.entities as entities
from kavosh.entities import find_entities, gazetteer
from kavosh.entities.crf import (
    CrfFinder,
    ModelMissing,
    packaged_model,
    sentence_features,
    spans,
    tokenize,
)
from kavosh.text.normalize import normalize

sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "bench"))
import ner_eval  # bench/ is not a package
import ner_synthetic
from train_ner import kavosh_labels, train


def _cables() -> dict[str, str]:
    manifest = json.loads((ROOT / "sample" / "manifest.json").read_text(encoding="utf-8"))
    return {c["id"]: c["text"] for c in manifest["cables"] if c["language"] == "fas"}





def test_the_sample_cables_people_places_and_organisations() -> None:
    found: set[tuple[str, str]] = set()
    for text in _cables().values():
        mentions = find_entities(text, "fas")
        assert all(text[m.start:m.end] == m.text for m in mentions)  # raw offsets
        found |= {(m.type, m.text) for m in mentions if m.finder.name == "crf"}
    assert {("PER", "سید مرتضی کاظمی‌نیا"), ("PER", "حمید رضوانی‌فر"),
            ("PER", "علی‌اکبر شجاعی‌مهر"), ("PER", "سلمان الفرطوسی"),
            ("PER", "ابوحیدر الساعدی"), ("PER", "ابوحيدر الساعدي"),  # Arabic yeh too
            ("LOC", "بغداد"), ("LOC", "نجف"), ("LOC", "کربلا"), ("LOC", "اربیل"),
            ("ORG", "وزارت اطلاعات"), ("ORG", "وزارت امور خارجه"),
            ("ORG", "نیروی قدس سپاه پاسداران")} <= found
    assert entities.MISSING == ()  # the model loaded: nothing is missing


def test_a_title_stays_outside_the_name_and_every_mention_names_its_finder() -> None:
    text = "سفر دوم هیئت به سرپرستی سرهنگ بهروز تقوی‌پور از ۱۴ مرداد ۱۳۹۴ به دمشق آغاز شد."
    crf = [m for m in find_entities(text, "fas") if m.finder.name == "crf"]
    assert [(m.type, m.text) for m in crf] == [("PER", "بهروز تقوی‌پور"), ("LOC", "دمشق")]
    assert {m.finder.version for m in crf} == {"2.5"}
    assert all(0 < m.score <= 1 for m in crf)


def test_the_words_of_correspondence_are_never_an_entity_alone() -> None:
    # «بازگشت به تلگراف شماره …» opens most Persian cables; the model reads its «تلگراف» as an
    # organisation, which would make it the commonest organisation of every cable archive.
    line = "بازگشت به تلگراف شماره ۳۱۲/۴۸۸۰/ک مورخ ۱۳۹۳/۰۸/۲۵ به اطلاع می‌رساند"
    assert [m.text for m in find_entities(line, "fas") if m.type in ("PER", "ORG", "LOC")] == []
    line = "پیرو تلگراف شماره ۱۲ درباره سفر آقای رضا کاظمی به بغداد"
    assert {(m.text, m.type) for m in find_entities(line, "fas")} >= {
        ("رضا کاظمی", "PER"), ("بغداد", "LOC")}


def test_lines_in_latin_script_are_left_alone() -> None:
    """The model learnt Persian: an English line gets no guesses, the Persian line its names."""
    text = ("Colonel Behrouz Taghavipour met Salman al-Fartousi in Baghdad.\n"
            "سرهنگ بهروز تقوی‌پور با سلمان الفرطوسی در بغداد دیدار کرد.")
    assert [(m.type, m.text) for m in find_entities(text, "fas")] == [
        ("PER", "بهروز تقوی‌پور"), ("PER", "سلمان الفرطوسی"), ("LOC", "بغداد")]
    # A line in both scripts (a list of spellings): the Latin label is no one's name.
    mixed = "Persian: سید مرتضی کاظمی‌نیا Arabic: السيد مرتضى كاظمي نيا"
    assert {m.text for m in find_entities(mixed, "fas") if m.finder.name == "crf"
            and m.type in ("PER", "ORG", "LOC")}.isdisjoint({"Persian", "Arabic", "Persian:"})


def test_tokens_keep_half_space_words_whole_with_raw_offsets() -> None:
    text = "دفتر «ستاد»،کاظمی‌نیا\u200c و\nگزارش‌های ۱۳۹۳/۰۸/۲۵"
    words = [text[t.start:t.end] for t in tokenize(text)]
    assert words == ["دفتر", "«", "ستاد", "»", "،", "کاظمی‌نیا", "و", "گزارش‌های", "۱۳۹۳", "/",
                     "۰۸", "/", "۲۵"]
    assert tokenize(text)[7].norm == "گزارشهای"


def test_bio_labels_become_spans_of_the_three_types() -> None:
    labels = ["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG", "I-ORG", "B-NAT"]
    assert spans(labels) == [(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 7, "ORG")]
    assert list(kavosh_labels(["O", "I-ORG", "B-POG", "I-POG", "I-PER"])) == [
        "O", "B-ORG", "O", "O", "B-PER"]


# A tiny model of the same features, trained here in a second, stands for a user's own.
TINY = [
    ("دیروز رستم فراهانی به اصفهان رفت .", "O B-PER I-PER O B-LOC O O"),
    ("رستم فراهانی در شرکت کشتیرانی آرمان کار می‌کند .", "B-PER I-PER O B-ORG I-ORG I-ORG O O O"),
    ("شرکت کشتیرانی آرمان در اصفهان است .", "B-ORG I-ORG I-ORG O B-LOC O O"),
]


def test_a_user_model_is_loaded_from_its_path(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    model = tmp_path / "mine.crfsuite"
    train(((s.split(), labels.split()) for s, labels in TINY), model, {"max_iterations": 30})
    text = "رستم فراهانی در اصفهان است ."
    finder = CrfFinder(model)
    mentions = find_entities(text, "fas", finders=(finder,))
    assert [(m.type, m.text) for m in mentions] == [("PER", "رستم فراهانی"), ("LOC", "اصفهان")]
    assert mentions[0].finder.version == "2.5+mine.crfsuite"  # provenance names the file
    monkeypatch.setenv("KAVOSH_NER_MODEL", str(model))  # the setting, for the registry's finder
    assert CrfFinder().model == model


def test_a_missing_model_says_so_and_nothing_is_made_up(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    absent = tmp_path / "absent.crfsuite"
    with pytest.raises(ModelMissing, match=r"no entity model at .*absent\.crfsuite"):
        CrfFinder(absent)
    monkeypatch.setenv("KAVOSH_NER_MODEL", str(absent))
    entities._defaults.cache_clear()
    try:
        text = "سرهنگ بهروز تقوی‌پور با شماره ۰۹۳۵۵۲۰۷۷۴۱ در بغداد است."
        assert [m.type for m in find_entities(text, "fas")] == ["PHONE"]
        assert entities.MISSING == ("PER", "ORG", "LOC")
        assert str(absent) in entities.MISSING_REASON
    finally:
        entities._defaults.cache_clear()


def test_the_gazetteer_tags_the_longest_entry_however_its_half_spaces_are_written() -> None:
    words = "نماینده سازمان ملل متحد در خرم آباد و خرم‌آباد و کرمانشاه".split()
    tags = gazetteer.tags([normalize(w) for w in words])
    assert tags[1:4] == [["ORG:B"], ["ORG:I"], ["ORG:I"]]  # not سازمان ملل alone
    assert tags[5:7] == [["LOC:B"], ["LOC:I"]] and tags[8] == ["LOC:B"]
    assert tags[10] == ["LOC:B"] and tags[0] == tags[4] == []
    features = sentence_features(words)
    assert "g=ORG:I" in features[2] and "-1:g=ORG:B" in features[2]
    assert "+1:g=LOC:B" in features[4]


def test_synthetic_news_sentences_are_the_same_on_every_run() -> None:
    """The training data made from templates is seeded: the shipped model is reproducible."""
    first = list(ner_synthetic.sentences(300))
    assert first == list(ner_synthetic.sentences(300))
    assert first != list(ner_synthetic.sentences(300, seed=14))
    kinds = set()
    for words, labels in first:
        assert len(words) == len(labels) and all(words)
        assert list(kavosh_labels(labels)) == labels  # well-formed BIO of the three types
        kinds |= {kind for _, _, kind in spans(labels)}
    assert kinds == {"PER", "ORG", "LOC"}


def test_the_fars_news_annotations_still_match_the_shared_text() -> None:
    """The hand annotations keep offsets only (the text may not be copied): each sentence they
    point at must still hash to what was annotated."""
    data = shared_data("farsnews").parent
    test, dev = ner_eval.fars_set(data, "test"), ner_eval.fars_set(data, "dev")
    test2 = ner_eval.fars_set(data, "test2")
    assert (len(test), len(dev), len(test2)) == (60, 100, 200)
    assert sum(len(gold) for _, gold in test) == 83
    assert sum(len(gold) for _, gold in test2) == 294
    assert len({text for text, _ in test + dev + test2}) == 360  # test2: new sentences
    test3, dev2 = ner_eval.fars_set(data, "test3"), ner_eval.fars_set(data, "dev2")
    assert len(test3) == 200 and sum(len(gold) for _, gold in test3) == 306
    assert len({text for text, _ in test + dev + test2 + dev2 + test3}) == 860  # test3: new
    text, gold = test[0]
    assert {(text[a:b], kind) for a, b, kind in gold} == {
        ("عمر كامليتي", "PER"), ("اتحاديه جهان اسلام", "ORG"), ("ايتاليا", "LOC")}


def test_the_shipped_model_is_package_data() -> None:
    model = packaged_model()
    assert model.is_file() and 0 < model.stat().st_size < 8_000_000
    assert model.with_name("name-words.txt").is_file()
    assert model.with_name("gazetteer.tsv").is_file()
    assert model.parent == Path(entities.__file__).parent / "data"
    assert CrfFinder().model == model
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "entities/data/*" in project["tool"]["setuptools"]["package-data"]["kavosh"]
    assert project["project"]["entry-points"]["kavosh.entity_finders"]["crf"] == (
        "kavosh.entities.crf:CrfFinder")
