"""The ``crf`` finder tags as python-crfsuite does (issue 13, throughput): it computes the
state scores itself from the model file and hands python-crfsuite a carrier copy of the model,
and the labels and marginals must be python-crfsuite's own for the model itself, to the last
bit, on real text, for the shipped model and for a model a user trains."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pycrfsuite
import pytest
from conftest import ROOT, shared_data

from kavosh.entities import crf, find_entities
from kavosh.entities.crf import CrfFinder, packaged_model, sentence_features
from kavosh.entities.crf_tagger import ModelFormatError


def _lines(texts: Sequence[str]) -> list[list[str]]:
    """The words of each line the finder tags (one with a letter of the Arabic script)."""
    return [line.words for text in texts for line in crf._lines(text)]


def _assert_tags_as_pycrfsuite(model: Path, finder: CrfFinder,
                               lines: list[list[str]]) -> None:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    assert finder.labels == tuple(tagger.labels())
    for words, (labels, marginals) in zip(lines, finder.tagged(lines), strict=True):
        tagger.set(sentence_features(words))
        assert labels == tagger.tag(), words
        expected = [[tagger.marginal(label, i) for label in finder.labels]
                    for i in range(len(words))]
        assert marginals == expected, words  # exactly, not nearly


def _cables() -> list[str]:
    manifest = json.loads((ROOT / "sample" / "manifest.json").read_text(encoding="utf-8"))
    return [c["text"] for c in manifest["cables"]]


def test_the_sample_cables_are_tagged_exactly_as_python_crfsuite_tags_them() -> None:
    lines = _lines(_cables())
    assert len(lines) > 100
    _assert_tags_as_pycrfsuite(packaged_model(), CrfFinder(), lines)


def test_fars_news_is_tagged_exactly_as_python_crfsuite_tags_it() -> None:
    folder = shared_data("farsnews")
    articles = ["\n".join(a["paragraphs"]) for a in
                json.loads(sorted(folder.glob("*.json"))[0].read_text(encoding="utf-8"))[:60]]
    lines = _lines(articles)
    assert sum(map(len, lines)) > 10_000
    _assert_tags_as_pycrfsuite(packaged_model(), CrfFinder(), lines)


def test_words_forgotten_between_documents_are_tagged_the_same(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The finder keeps each word's features in a bounded table, cleared when full."""
    monkeypatch.setattr(crf, "WORD_CACHE", 300)
    finder = CrfFinder()
    cables = [text for text in _cables() if crf._ARABIC.search(text)]
    first = [finder.find(text, "fas") for text in cables]
    assert len(finder._words.rows) <= 300
    assert [CrfFinder().find(text, "fas") for text in cables] == first
    _assert_tags_as_pycrfsuite(packaged_model(), finder, _lines(cables))


# A user's model of the same features: trained here, on a few sentences of fictional people,
# without any I-LOC (a model need not know every label, and its carriers differ).
TINY = [
    ("دیروز رستم فراهانی به اصفهان رفت .", "O B-PER I-PER O B-LOC O O"),
    ("رستم فراهانی در شرکت کشتیرانی آرمان کار می‌کند .", "B-PER I-PER O B-ORG I-ORG I-ORG O O O"),
    ("شرکت کشتیرانی آرمان در اصفهان است .", "B-ORG I-ORG I-ORG O B-LOC O O"),
    ("خانم نسرین کاویانی از یزد آمد .", "O B-PER I-PER O B-LOC O O"),
]


def _train_tiny(path: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for sentence, labels in TINY:
        trainer.append(sentence_features(sentence.split()), labels.split())
    trainer.set_params({"c1": 0.05, "c2": 0.01, "max_iterations": 40})
    trainer.train(str(path))


def test_a_model_a_user_trains_is_tagged_as_python_crfsuite_tags_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = tmp_path / "tiny.crfsuite"
    _train_tiny(model)
    monkeypatch.setenv("KAVOSH_NER_MODEL", str(model))  # the setting, as a user gives it
    finder = CrfFinder()
    assert finder.model == model and "I-LOC" not in finder.labels
    lines = [s.split() for s, _ in TINY] + _lines(_cables())
    _assert_tags_as_pycrfsuite(model, finder, lines)
    mentions = find_entities("رستم فراهانی در اصفهان است .", "fas", finders=(finder,))
    assert [(m.type, m.text) for m in mentions] == [("PER", "رستم فراهانی"), ("LOC", "اصفهان")]


def test_a_file_that_is_no_crfsuite_model_says_so(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.crfsuite"
    bogus.write_bytes(b"not a model at all, but long enough to have a header" * 4)
    with pytest.raises(ModelFormatError, match="not a CRFsuite"):
        CrfFinder(bogus)


def test_lines_are_cut_into_the_tokens_of_the_token_pattern() -> None:
    """The finder splits each line with a class of letters when it has no «_» (the one
    character of \\w that TOKEN's words leave out), else with TOKEN itself: the same tokens
    and raw offsets as TOKEN finds, line by line, and only the lines with Arabic script."""
    texts = [*_cables(), "سلام_دنیا و کاظمی‌نیا‌ها ، «بَغداد» ١٢٣_۴۵\nEnglish only_line\n\n x",
             "ـــ عبدالله‌‌\u200cزاده __ مَنْ؟ A_b ب_"]
    seen = 0
    for text in texts:
        expected = []
        at = 0
        for line in text.split("\n"):
            tokens = list(crf.TOKEN.finditer(line))
            if crf._ARABIC.search(line):
                expected.append(([t.group() for t in tokens], [at + t.start() for t in tokens],
                                 [at + t.end() for t in tokens]))
            at += len(line) + 1
        found = [(line.words, line.starts, line.ends) for line in crf._lines(text)]
        assert found == expected
        assert all(text[a:b] == w for words, starts, ends in found
                   for w, a, b in zip(words, starts, ends, strict=True))
        seen += len(found)
    assert seen > 100
