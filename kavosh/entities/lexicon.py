"""Ordinary Persian words: those the labelled data shows only outside names.

Name search adds a Persian spelling of a Latin name that the case never uses as a name only
when it is near-certain (``kavosh.views.search``); a word the labelled data knows as an
everyday word (الان, *now*, for Aoun; دستم, *my hand*, for Dostum) is not such a spelling.
The list is made by ``scripts/ordinary_words.py`` from persian-twitter-ner (MIT) and the
project's own annotated news sentences, and shipped beside the entity model.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib.resources import files

from kavosh.text import normalize

ORDINARY_WORDS = "ordinary-words.txt"


@lru_cache(maxsize=1)
def ordinary_words() -> frozenset[str]:
    """The shipped ordinary words (normalised as the index writes them); empty when the file
    is missing."""
    path = files("kavosh.entities") / "data" / ORDINARY_WORDS
    return frozenset(path.read_text(encoding="utf-8").split()) if path.is_file() else frozenset()


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Persian and Arabic function words (از, این, آن, ما, در …), normalised: the
    ``stopwords`` of ``data/xref.toml``, where a mention holding one is a phrase, not a name
    (:mod:`kavosh.entities.xref`), and a word split into one is no compound
    (``kavosh.views.search``: مادر is not ما در)."""
    tables = tomllib.loads((files("kavosh.entities") / "data" / "xref.toml").read_text("utf-8"))
    return frozenset(normalize(w) for w in tables["stopwords"])
