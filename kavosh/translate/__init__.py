"""Translators and what keeps translations consistent (issue 15).

- :mod:`kavosh.translate.base` — the seam's contract (``Translator``), ``NullTranslator``,
  ``translate_all``, the errors; :mod:`kavosh.translate.engines` — ``make_translator`` and
  ``check_remote`` (a remote engine is refused unless text may leave the machine);
- backends, registered under ``kavosh.translators`` (:data:`kavosh.registry.TRANSLATORS`):
  ``ctranslate2`` (:mod:`~kavosh.translate.ct2`), ``argos`` (:mod:`~kavosh.translate.argos`),
  ``http`` and ``openai`` (:mod:`~kavosh.translate.http`), ``null``;
- :mod:`kavosh.translate.glossary` (starter glossary in ``data/glossary.toml``, case entries),
  :mod:`kavosh.translate.memory` (earlier human translations proposed with a score),
  :mod:`kavosh.translate.checks` (numbers that changed, two engines' disagreements);
- :mod:`kavosh.translate.tiny` — tiny random-weight models and a stub server for tests and
  benchmarks.

Sentences are cut by :mod:`kavosh.text.sentences`; the translation layers are stored by
:mod:`kavosh.store.translations`; :mod:`kavosh.pipeline.translate` runs it all over a case.
"""

from kavosh.translate.base import NullTranslator, Translator

__all__ = ["NullTranslator", "Translator"]
