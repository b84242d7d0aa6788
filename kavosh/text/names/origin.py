"""Whether a Latin name's Arabic-script spelling may use the letters Arabic has for its own sounds.

Persian and Arabic write a name of Arabic or Persian origin with the letters Arabic keeps for
its own sounds and the lone hamza, :data:`ARABIC_OWN` (Qassem قاسم, Talabani طالبانی,
Mosaddegh مصدق), but a European, African or East Asian name with the letters of the nearest
common sounds (Comey کومی, not قمی *from Qom*; Zoellick زولیک, not ذلک *that*; Palacio
پالاسیو, not بالسوء).
Sounding alike is not enough to tell them: a name search comparing ``Comey`` with a whole
vocabulary meets قمی as close as کومی.

The letters of the Latin name tell: :func:`log_odds` sums, over its letter n-grams, how much
likelier each is in a name spelt with those letters (a naive Bayes model fitted on Wikidata's
Latin and Arabic labels of people by ``scripts/name_origin.py``, shipped as
``kavosh/text/data/name_origin.tsv.gz``). :func:`looks_foreign` is true below
:data:`FOREIGN_LOG_ODDS`: on the held-out fifth of that data 42 % of all names fall below it,
and 3.4 % of those spelt with Arabic's own letters (most of them labels translated, not
transliterated: *kidnapping* عملية; or Maghrebi ق for g: Gallois قالوا). Pure, cached,
thread-safe.
"""

from __future__ import annotations

import gzip
from functools import cache, lru_cache
from importlib.resources import files

# Arabic's own letters, and a lone hamza (بالسوء, *with evil*, is no Palacio); not غ, ث: Arabic
# writes a foreign g, th with them
ARABIC_OWN = frozenset("عحقصضطظذء")
FOREIGN_LOG_ODDS = -12.0
MODEL = "name_origin.tsv.gz"
PRIOR = "<prior>"  # the model's line holding the prior log-odds
MAX_GRAM = 4


def grams(word: str) -> set[str]:
    """The distinct letter n-grams (one to :data:`MAX_GRAM` letters) of ``word`` between ``^``
    and ``$``."""
    framed = f"^{word}$"
    return {framed[i:i + n] for n in range(1, MAX_GRAM + 1) for i in range(len(framed) - n + 1)}


@cache
def _model() -> dict[str, float]:
    data = gzip.decompress((files("kavosh.text.data") / MODEL).read_bytes()).decode("utf-8")
    return {gram: float(value) for gram, value in
            (line.split("\t") for line in data.splitlines() if line)}


def log_odds_with(model: dict[str, float], word: str) -> float:
    """``word``'s log-odds under ``model`` (n-gram → log ratio, and the prior)."""
    return model.get(PRIOR, 0.0) + sum(model.get(g, 0.0) for g in grams(word.lower()))


@lru_cache(maxsize=65_536)  # words typed: bounded, as a server meets new ones for ever
def log_odds(word: str) -> float:
    """How much the Latin ``word``'s letters speak for an Arabic-script spelling with
    :data:`ARABIC_OWN` letters (above 0: for; far below: against)."""
    return log_odds_with(_model(), word)


def looks_foreign(word: str) -> bool:
    """Whether the Latin ``word`` is a name whose Arabic-script spellings are written without
    :data:`ARABIC_OWN` letters, as far as its letters tell (Comey, Palacio; not Qassem,
    Hakim, Pirmoazen); False for a word with letters other than a–z (nothing to tell)."""
    lower = word.lower()
    return lower.isascii() and lower.isalpha() and log_odds(lower) < FOREIGN_LOG_ODDS


def arabic_own(token: str) -> bool:
    """Whether the Arabic-script ``token`` holds one of :data:`ARABIC_OWN`."""
    return not ARABIC_OWN.isdisjoint(token)
