"""Common English words: what a Latin word typed or found is when it is not a name.

Name search expands a Latin word into the spellings of the same name in other scripts and in
Latin (``kavosh.views.search``). A word of everyday English typed in lower case (``onion``,
``senate``) is a word, not a name, and a common English word is no spelling of a name
(``query`` is not Kerry, ``rise`` not Rice), unless the case itself writes it as one.

The list is SCOWL's common words (size 35: about 40,000 in lower case, less those it also lists
as proper nouns), shipped in ``data/english-words.txt.gz`` and remade by
``scripts/english_words.py``. Some are family names too (``bush``, ``rice``): the search asks
this list only about a word typed in lower case, or one the case never writes as a name.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib.resources import files

WORDS = "english-words.txt.gz"


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The shipped common English words (lower case), read once."""
    data = (files("kavosh.text.data") / WORDS).read_bytes()
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def common_english(word: str) -> bool:
    """Whether ``word`` (any case) is a common English word of the shipped list."""
    return word.lower() in english_words()
