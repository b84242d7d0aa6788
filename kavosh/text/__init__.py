"""Pure functions on text: the lowest layer, used by ingest, search and the views alike.

- :mod:`kavosh.text.normalize` — the normaliser, the reference for Persian/Arabic/Latin matching,
  with an offset map back to the raw text;
- :mod:`kavosh.text.tokens` — what a word is, for the index and for queries;
- :mod:`kavosh.text.direction` — paragraphs and their writing direction;
- :mod:`kavosh.text.language` — the language of a passage (ISO 639-3);
- :mod:`kavosh.text.calendars`, :mod:`kavosh.text.dates` — Jalali, lunar Hijri and Gregorian
  dates found in raw text (``lexicon``, ``finder``, ``result``);
- :mod:`kavosh.text.visual` — right-to-left text stored in visual order, repaired;
- :mod:`kavosh.text.names` — names compared across Persian, Arabic and Latin spellings, and a
  readable Latin transliteration (``reading``, ``sounds``, ``distance``, ``transliteration``;
  the learned cross-script costs in :mod:`kavosh.text.name_costs`);
- :mod:`kavosh.text.visible` — names, paths and other strings from a leak with every control
  and bidi control shown, for terminals and pages;
- ``kavosh/text/data/`` — the hand-written tables of names and dates (TOML), read once.
"""

from kavosh.text.dates import FoundDate, find_dates
from kavosh.text.direction import (
    paragraph_direction,
    paragraph_spans,
    rtl_share,
    split_paragraphs,
)
from kavosh.text.language import detect_language, language_direction, paragraph_languages
from kavosh.text.names import name_key, name_similarity, name_variants, transliterate
from kavosh.text.normalize import Normalized, normalize, normalize_with_map
from kavosh.text.tokens import index_text, token_spans, tokenize
from kavosh.text.visible import visible

__all__ = [
    "FoundDate",
    "Normalized",
    "detect_language",
    "find_dates",
    "index_text",
    "language_direction",
    "name_key",
    "name_similarity",
    "name_variants",
    "normalize",
    "normalize_with_map",
    "paragraph_direction",
    "paragraph_languages",
    "paragraph_spans",
    "rtl_share",
    "split_paragraphs",
    "token_spans",
    "tokenize",
    "transliterate",
    "visible",
]
