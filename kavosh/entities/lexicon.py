"""Ordinary Persian words: those the labelled data shows only outside names.

Name search adds a Persian spelling of a Latin name that the case never uses as a name only
when it is near-certain (``kavosh.views.search``); a word the labelled data knows as an
everyday word (الان, *now*, for Aoun; دستم, *my hand*, for Dostum) is not such a spelling.
The list is made by ``scripts/ordinary_words.py`` from persian-twitter-ner (MIT) and the
project's own annotated news sentences, and shipped beside the entity model.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

ORDINARY_WORDS = "ordinary-words.txt"


@lru_cache(maxsize=1)
def ordinary_words() -> frozenset[str]:
    """The shipped ordinary words (normalised as the index writes them); empty when the file
    is missing."""
    path = files("kavosh.entities") / "data" / ORDINARY_WORDS
    return frozenset(path.read_text(encoding="utf-8").split()) if path.is_file() else frozenset()
