"""Cross-referencing a case's mentions with a stored watchlist: resumable, with progress.

Mentions come from a :class:`MentionSource`, which hands them over by *unit* (a page): the
runner skips the units already compared against the list's version with the same stamp, and
stores each unit's matches with the unit done in one transaction, so a killed run resumes
where it stopped. The matcher (:class:`kavosh.entities.xref.WatchlistIndex`) knows nothing of
sources.

:class:`StoredMentionSource` hands over the mentions the ``mentions`` stage stored at ingest
(with their ``mention_id``); :class:`PageMentionSource` finds them on the fly with
:func:`kavosh.entities.find_entities` over each page's best text (slow: the finders run again
for every unit not yet done), for a case whose mentions were never stored.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from kavosh.entities import EntityFinder, default_finders, find_entities
from kavosh.entities.xref import MIN_SCORE, WatchlistIndex
from kavosh.model import Layer, PageText, best_pages
from kavosh.model.progress import NoProgress, Progress
from kavosh.store.base import Store
from kavosh.store.entities import StoredMention
from kavosh.store.watchlists import Watchlist, XrefMatch

# Identifiers are not names: a listed name is never looked for among them.
IDENTIFIER_TYPES = frozenset(("PHONE", "EMAIL", "URL", "IBAN", "CARD", "NATIONAL_ID",
                              "PASSPORT"))
_SENTENCE_END = re.compile(r"[.!?؟!۔\n]+(?=\s|$)|\n")
_SENTENCE_MAX = 400  # characters either side of a mention, when the sentence runs longer


@dataclass(frozen=True, slots=True)
class SourceMention:
    """A mention a source hands over: where (``document_id``, ``page``, raw offsets; the
    stored ``mention_id`` when there is one), its text and type, and its sentence."""

    document_id: int
    page: int
    start: int
    end: int
    text: str
    type: str
    sentence: str
    mention_id: int | None = None


@dataclass(frozen=True, slots=True)
class Unit:
    """What a source hands over at once: ``key`` names it (``"12:3"``: document 12, page 3);
    ``stamp`` says what it holds (finder versions, a hash of the text): a unit compared with
    the same stamp against a list's version is not compared again. ``payload`` is the
    source's own (the page text)."""

    key: str
    stamp: str
    document_id: int
    page: int
    payload: object = field(default=None, compare=False)


class MentionSource(Protocol):
    """Where the mentions to cross-reference come from."""

    def units(self) -> Iterator[Unit]:
        """Every unit of the case, in a stable order (cheap: no mentions found yet)."""

    def count(self) -> int:
        """How many units :meth:`units` yields (for progress)."""

    def mentions(self, unit: Unit) -> Sequence[SourceMention]:
        """The mentions of one unit."""


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding ``text[start:end]``: from the end of the sentence
    before to the next sentence end (``.!?؟`` followed by a space, or a line break), at most
    :data:`_SENTENCE_MAX` characters either side, whitespace collapsed."""
    begin = max(0, start - _SENTENCE_MAX)
    for m in _SENTENCE_END.finditer(text, begin, start):
        begin = m.end()
    found = _SENTENCE_END.search(text, end, min(len(text), end + _SENTENCE_MAX))
    stop = found.end() if found else min(len(text), end + _SENTENCE_MAX)
    return " ".join(text[begin:stop].split())


class PageMentionSource:
    """Mentions found now by :func:`kavosh.entities.find_entities` on each page's best text
    (one unit a page; stamp: the finders' names and versions and a hash of the text)."""

    BATCH = 50  # documents read at once

    def __init__(self, store: Store, finders: tuple[EntityFinder, ...] | None = None) -> None:
        self.store = store
        self.finders = finders if finders is not None else default_finders()
        self._finder_stamp = "+".join(f"{f.name}-{f.version}" for f in self.finders)

    def count(self) -> int:
        return int(self.store.execute(
            "SELECT COUNT(*) FROM (SELECT DISTINCT document_id, number FROM pages) AS p"
        ).fetchone()[0])

    def units(self) -> Iterator[Unit]:
        after = 0
        while rows := self.store.page_texts(after, self.BATCH):
            by_document: dict[int, list[PageText]] = {}
            for document_id, layer, number, text in rows:
                by_document.setdefault(document_id, []).append(
                    PageText(number, text, Layer(layer)))
            for document_id, pages in by_document.items():
                for page in best_pages(pages):
                    digest = hashlib.sha256(page.text.encode()).hexdigest()[:12]
                    yield Unit(f"{document_id}:{page.number}", f"{self._finder_stamp}:{digest}",
                               document_id, page.number, page.text)
            after = rows[-1][0]

    def mentions(self, unit: Unit) -> list[SourceMention]:
        text = str(unit.payload or "")
        return [SourceMention(unit.document_id, unit.page, m.start, m.end, m.text, m.type,
                              sentence_around(text, m.start, m.end))
                for m in find_entities(text, finders=self.finders)
                if m.type not in IDENTIFIER_TYPES]


class StoredMentionSource(PageMentionSource):
    """The mentions the ``mentions`` stage stored (:mod:`kavosh.store.entities`), one unit a
    best page as :class:`PageMentionSource`, each with its ``mention_id``. A unit's stamp
    names the stored mentions it holds, so a page is compared again when its mentions are
    found again (a new finder) or found for the first time (the stage had not run)."""

    def __init__(self, store: Store) -> None:
        super().__init__(store, finders=())
        self._document: tuple[int, list[StoredMention]] = (0, [])

    def _stored(self, document_id: int) -> list[StoredMention]:
        # units come a document at a time: keep its mentions for its pages
        if self._document[0] != document_id:
            self._document = (document_id, self.store.mentions(document_id))
        return self._document[1]

    def units(self) -> Iterator[Unit]:
        for unit in super().units():
            text = str(unit.payload or "")
            found = [m for m in self._stored(unit.document_id)
                     if m.page == unit.page and text[m.start:m.end] == m.text]
            ids = ",".join(f"{m.id}/{m.finder}-{m.finder_version}" for m in found)
            digest = hashlib.sha256(ids.encode()).hexdigest()[:12]
            yield Unit(unit.key, f"stored:{unit.stamp}:{digest}", unit.document_id,
                       unit.page, (text, found))

    def mentions(self, unit: Unit) -> list[SourceMention]:
        text, found = unit.payload if isinstance(unit.payload, tuple) else ("", [])
        return [SourceMention(m.document_id, m.page, m.start, m.end, m.text, m.type,
                              sentence_around(text, m.start, m.end), m.id)
                for m in found if m.type not in IDENTIFIER_TYPES]


@dataclass(slots=True)
class XrefRun:
    """What :func:`run_xref` did: units seen, compared now and skipped (done before), the
    mentions compared, the matches found now, the seconds taken."""

    watchlist: str
    units: int = 0
    compared: int = 0
    skipped: int = 0
    mentions: int = 0
    matches: int = 0
    seconds: float = 0.0
    unindexed: int = 0  # listed names with no distinctive part: never matched


def match_unit(index: WatchlistIndex, mentions: Sequence[SourceMention]) -> list[XrefMatch]:
    """The matches of a unit's mentions (identifier mentions skipped)."""
    found = []
    for m in mentions:
        if m.type in IDENTIFIER_TYPES:
            continue
        for hit in index.match(m.text, m.type):
            entry = index.entries[hit.entry]
            found.append(XrefMatch(entry.id, m.document_id, m.page, m.start, m.end, m.text,
                                   m.type, hit.name, hit.score, m.sentence, m.mention_id))
    return found


def run_xref(store: Store, watchlist: Watchlist, source: MentionSource,
             progress: Progress | None = None, min_score: float = MIN_SCORE,
             index: WatchlistIndex | None = None) -> XrefRun:
    """Compare every unit of ``source`` not yet compared against ``watchlist``'s version
    (or whose stamp changed) and store its matches; ``index`` may be given when built
    already (it must be of this list's entries, as stored, with their ids)."""
    begun = time.monotonic()
    progress = progress or NoProgress()
    run = XrefRun(watchlist.name)
    progress.phase(f"index {watchlist.name}", None)
    if index is None:
        index = WatchlistIndex(store.watch_entries(watchlist.id), min_score)
    run.unindexed = len(index.unindexed)
    done = store.xref_done(watchlist.id, watchlist.version)
    progress.phase(f"xref {watchlist.name}", source.count())
    with store.batch(every=200, seconds=2.0):
        for unit in source.units():
            run.units += 1
            progress.advance()
            if done.get(unit.key) == unit.stamp:
                run.skipped += 1
                continue
            mentions = source.mentions(unit)
            matches = match_unit(index, mentions)
            store.put_xref_unit(watchlist.id, watchlist.version, unit.key, unit.stamp, matches)
            run.compared += 1
            run.mentions += len(mentions)
            run.matches += len(matches)
    run.seconds = time.monotonic() - begun
    return run
