"""Entity finders: people, organisations, places and identifiers named in a page's text.

Finders are registered under ``kavosh.entity_finders`` (:data:`kavosh.registry.ENTITY_FINDERS`);
see :mod:`kavosh.entities.base` for the contract. Built in: ``patterns`` (identifiers found by
their form: :mod:`kavosh.entities.patterns`) and ``null``. No finder of people, organisations
and places ships yet: :func:`find_entities` returns identifiers only, and says so in
:data:`MISSING`.
"""

from __future__ import annotations

from dataclasses import dataclass

from kavosh.entities.base import EntityFinder, Found, NullFinder
from kavosh.entities.patterns import PatternFinder
from kavosh.model import Producer

__all__ = ["MISSING", "EntityFinder", "EntityMention", "Found", "NullFinder", "PatternFinder",
           "find_entities"]

# What find_entities cannot find yet, for callers to show rather than to return nothing silently.
MISSING = ("PER", "ORG", "LOC")


@dataclass(frozen=True, slots=True)
class EntityMention:
    """One mention: ``text[start:end]`` (raw offsets) of ``type``, found by ``finder``."""

    start: int
    end: int
    type: str
    text: str
    finder: Producer
    score: float
    value: str = ""  # the normalised form (a phone in E.164, an IBAN without spaces)


def find_entities(text: str, lang: str | None = None,
                  finders: tuple[EntityFinder, ...] | None = None) -> list[EntityMention]:
    """The entities named in ``text`` (one page or sentence; ``lang`` an ISO 639 code or None),
    sorted by position, from ``finders`` (default: the built-in ones)."""
    mentions = []
    for finder in finders if finders is not None else (PatternFinder(),):
        producer = Producer(finder.name, finder.version)
        mentions += [EntityMention(f.start, f.end, f.type, text[f.start:f.end], producer,
                                   f.score, f.value) for f in finder.find(text, lang or "")]
    return sorted(mentions, key=lambda m: (m.start, m.end))
