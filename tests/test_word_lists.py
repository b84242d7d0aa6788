"""The word lists the search ships are what their recipes make from their sources."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import ROOT, shared_data

from kavosh.entities.lexicon import ordinary_words
from kavosh.text.english import common_english, english_words

sys.path.insert(0, str(ROOT / "scripts"))


def test_the_ordinary_persian_words_are_remade_from_the_labelled_data() -> None:
    import ordinary_words as recipe

    data = shared_data("persian-twitter-ner")
    remade = recipe.ordinary(recipe.labelled_tokens(data))
    assert frozenset(remade) == ordinary_words()
    # everyday words in, words that are also names in the data out
    assert {"الان", "دستم"} <= ordinary_words()
    assert not {"مبارک", "روحانی", "ترامپ"} & ordinary_words()


def test_the_learnt_given_names_are_remade_from_the_labelled_data() -> None:
    import given_names as recipe

    from kavosh.text.derived import learnt_given_names

    data = shared_data("persian-twitter-ner")
    remade = recipe.given_names(recipe.labelled_sentences(data))
    shipped = learnt_given_names()
    assert remade == shipped
    # foreign given names in; words as often ordinary (leader, His Holiness) out
    assert {"سارا", "مایک", "پیتر"} <= set(shipped)
    assert not {"رهبر", "حضرت"} & set(shipped)


def test_the_english_words_are_remade_from_scowl() -> None:
    import english_words as recipe

    source = Path("/usr/share/dict/american-english-small")
    if not source.is_file():
        pytest.skip(f"{source} is absent (Debian's wamerican-small, installed by "
                    "scripts/install-system.sh test)")
    assert frozenset(recipe.common_words(source.read_text().splitlines())) == english_words()
    assert common_english("Onion") and common_english("query")
    assert not common_english("macron") and not common_english("putin")
