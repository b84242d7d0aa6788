"""Personal names across scripts: Persian, Arabic and Latin spellings of the same name.

A reporter types ``Soleimani``, ``Suleimani`` or ``Qasem Soleymani``; the cables write
``قاسم سلیمانی`` or ``قاسم سليماني``; a sanctions list writes ``SOLEIMANI, Qasem``. This module
decides how alike such names are, without any lookup table of the names themselves.

Public functions (all pure, cached, thread-safe):

- :func:`name_similarity` ``(a, b) -> float`` in ``[0, 1]``: how likely two written names are
  spellings of the same name. :data:`MATCH_THRESHOLD` is the recommended cut-off.
- :func:`name_key` ``(name) -> str``: a script-independent consonant skeleton for exact-key
  indexing (equal or near-equal for spellings of one name).
- :func:`transliterate` ``(text) -> str``: a readable Latin rendering of Persian/Arabic-script
  text, for display (Latin text passes through).
- :func:`name_variants` ``(name) -> list[str]``: other spellings (Latin for Arabic script, both
  Persian and Arabic letter forms for Latin) to expand a search query.

Part by part, for callers that compare names their own way (the watchlist matcher,
:mod:`kavosh.entities.xref`):

- :func:`name_parts` ``(name) -> tuple[NamePart, ...]``: the parts :func:`name_similarity`
  aligns, in reading order;
- :func:`part_similarity` ``(a, b) -> float``: how alike two parts are, in ``[0, 1]``;
- :func:`joined_part` ``(parts, i) -> NamePart``: parts ``i`` and ``i + 1`` read as one;
- :func:`part_key` ``(part) -> str``: one part's key (:func:`name_key` joins them).
- :func:`name_keys` ``(name) -> tuple[str, ...]``: every key another script's spelling of the
  name may be filed under (readings with and without an article), for finding candidates.

How a name is read and compared — one module per concern:

- :mod:`kavosh.text.names.reading` — a written name into parts: ``SURNAME, Given``,
  separators, the particles (``al-``/``ol-``, ``bin``/``ibn``, the ezafe, ``Abd``/``Abu``
  joined to the part they govern), compounds written solid (``-uddin``, ``-ollah``);
- :mod:`kavosh.text.names.sounds` — each part as strings over one sound alphabet for both
  scripts (the letter → sound maps of Latin and Arabic script);
- :mod:`kavosh.text.names.distance` — edit costs between sounds (hand-set for one script,
  learned for Latin ↔ Arabic script: :mod:`kavosh.text.name_costs`), the alignment of parts,
  :func:`name_similarity` and :func:`name_key`;
- :mod:`kavosh.text.names.transliteration` — :func:`transliterate` and :func:`name_variants`;
- :mod:`kavosh.text.names.confusables` — distinct people whose names sound close (Khamenei,
  Khomeini): a hand table, so a search for one never adds the other's spellings.

The hand-set tables (letter → sound maps, edit costs, particles, the transliteration
dictionary) are data files in ``kavosh/text/data/`` (``name_*.toml``), read once at import.
:data:`MATCH_THRESHOLD` (0.75) is where precision equals recall (0.958) on the held-out half
of the Wikidata Arabic-script ↔ Latin name words against random, same-skeleton and
one-letter-swapped negatives (``bench/names_learn.py``; ``bench/names_eval.py`` for the whole
set), and where sanctions-list alias spellings (Latin ↔ Latin) reach precision 0.997 / recall
0.953.

Limits: names are compared by sound, not meaning (translated names, nicknames and aliases do
not match; ``Jamal``/``Gamal`` do). At the recommended threshold, names one consonant or one
long vowel apart may still match (``Hassan``/``Hossein`` 0.79, ``Ahmadi``/``Mohammadi``
0.79, ``Khamenei``/``Khomeini`` 0.95: a/o and e/ei are each ordinary spelling variation),
though below the spellings of the same name: rank by the score. One-part names
match longer names containing that part. Arabic script does not write short vowels, so
``کرمی`` cannot tell ``Karami`` from ``Kerami``.
"""

# ``_ALPHABET``, ``_CROSS`` and ``_SAME`` (the sound alphabet and the cost tables in use) are
# read by the tests of the learned table; ``bench/names_learn.py`` installs the costs it tries
# in :mod:`.distance` itself.
from kavosh.text.names.distance import _CROSS as _CROSS
from kavosh.text.names.distance import _SAME as _SAME
from kavosh.text.names.distance import (
    MATCH_THRESHOLD,
    joined_part,
    name_key,
    name_keys,
    name_similarity,
    part_key,
    part_similarity,
)
from kavosh.text.names.reading import NamePart, name_parts
from kavosh.text.names.sounds import _ALPHABET as _ALPHABET
from kavosh.text.names.transliteration import name_variants, transliterate

__all__ = [
    "MATCH_THRESHOLD",
    "NamePart",
    "joined_part",
    "name_key",
    "name_keys",
    "name_parts",
    "name_similarity",
    "name_variants",
    "part_key",
    "part_similarity",
    "transliterate",
]
