"""Entity finders: people, organisations, places and identifiers named in a page's text.

Finders are registered under ``kavosh.entity_finders`` (:data:`kavosh.registry.ENTITY_FINDERS`);
see :mod:`kavosh.entities.base` for the contract. Built in: ``patterns`` (identifiers found by
their form: :mod:`kavosh.entities.patterns`), ``crf`` (people, organisations and places, from
the model shipped in the package: :mod:`kavosh.entities.crf`) and ``null``. By default
:func:`find_entities` runs ``patterns`` and ``crf``; when the model cannot be loaded (a broken
install) it finds identifiers only, logs why, and names the types it cannot find in
:data:`MISSING` (empty when the model loads) with the reason in :data:`MISSING_REASON`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from kavosh.entities.base import EntityFinder, Found, NullFinder
from kavosh.entities.crf import CrfFinder, ModelMissing
from kavosh.entities.patterns import PatternFinder
from kavosh.model import Producer

__all__ = ["MISSING", "MISSING_REASON", "CrfFinder", "EntityFinder", "EntityMention", "Found",
           "ModelMissing", "NullFinder", "PatternFinder", "default_finders", "find_entities"]

_log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _defaults() -> tuple[tuple[EntityFinder, ...], tuple[str, ...], str]:
    """The default finders, the types they cannot find and why (the model failed to load);
    made on first use, so importing this package opens no model."""
    try:
        return (PatternFinder(), CrfFinder()), (), ""
    except (ModelMissing, ImportError, OSError) as error:
        _log.warning("people, organisations and places will not be found: %s", error)
        return (PatternFinder(),), ("PER", "ORG", "LOC"), str(error)


def __getattr__(name: str) -> object:
    """``MISSING``: the types find_entities cannot find, for callers to show rather than to
    return nothing silently (empty when the model loads); ``MISSING_REASON``: why ("" then)."""
    if name == "MISSING":
        return _defaults()[1]
    if name == "MISSING_REASON":
        return _defaults()[2]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def default_finders() -> tuple[EntityFinder, ...]:
    """The finders :func:`find_entities` runs by default: ``patterns`` and ``crf``."""
    return _defaults()[0]


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
    sorted by position, from ``finders`` (default: :func:`default_finders`)."""
    mentions = []
    for finder in finders if finders is not None else default_finders():
        producer = Producer(finder.name, finder.version)
        mentions += [EntityMention(f.start, f.end, f.type, text[f.start:f.end], producer,
                                   f.score, f.value) for f in finder.find(text, lang or "")]
    return sorted(mentions, key=lambda m: (m.start, m.end))
