"""The entity-finder seam.

A finder is a plain object with:

- ``name`` (its registered name) and ``version`` (recorded with what it finds: provenance);
- ``remote``: True when it could send text off the machine (default False);
- ``find(text, language) -> list[Found]``: the entities named in one page's text, ``language``
  being its ISO 639-3 code ("" when unknown), each as a span of ``text`` with a type and a
  score. The stage that runs finders turns spans into stored mentions with their page, layer
  and the finder's name and version; a finder knows nothing of documents or storage.

It lives at layer 2, beside ingest and OCR: it reads text the lower layers hold, and the
pipeline (layer 3) runs it as a stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Found:
    """An entity named at ``text[start:end]``."""

    start: int
    end: int
    type: str  # PER, ORG, LOC, or an identifier's type (PHONE, EMAIL, IBAN …), upper case
    score: float = 1.0  # 0–1: how sure the finder is
    value: str = ""  # the normalised form, when the finder makes one (a phone in E.164)


class EntityFinder(Protocol):
    name: str
    version: str

    def find(self, text: str, language: str) -> list[Found]: ...


class NullFinder:
    """Finds nothing: for tests of everything around entity finding."""

    name = "null"
    version = "0"

    def find(self, text: str, language: str) -> list[Found]:
        return []
