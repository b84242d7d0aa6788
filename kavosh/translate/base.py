"""The translator seam.

A translator is a plain object with:

- ``name`` (its registered name) and ``version`` (recorded with every draft: provenance);
- ``remote``: True when it could send text off the machine (an online service; default False);
- ``translate(text, source, target) -> str``: a draft translation of one page's text from
  language ``source`` to ``target`` (ISO 639-3 codes; ``source`` "" when unknown); "" when it
  has none. The stage that runs it stores drafts as a page layer of kind translation, never
  as the page's source text.

It lives at layer 2, beside ingest and OCR: it reads text the lower layers hold, and the
pipeline (layer 3) runs it as a stage.
"""

from __future__ import annotations

from typing import Protocol


class Translator(Protocol):
    name: str
    version: str

    def translate(self, text: str, source: str, target: str) -> str: ...


class NullTranslator:
    """Translates nothing: for tests of everything around translation."""

    name = "null"
    version = "0"

    def translate(self, text: str, source: str, target: str) -> str:
        return ""
