"""The case-wide ``relations`` stage (issue 14): after ``mentions`` (and ``entities``), each
document whose mentions or cable fields changed has its relation evidence found again.

Why a case-wide stage after ``entities`` rather than a document stage: it reads the
document's stored mentions (their ids are what evidence is keyed by) and its cable summary,
both written by earlier stages, and it must also forget documents that lost their mentions.
It is incremental all the same: each document's evidence carries a digest of what it was
computed from (:func:`document_digest`), and only documents whose digest changed are read
again. Evidence is keyed by mention ids, so a resolution or a curation (merge, split) needs
no new evidence: entities are joined when relations are read (:mod:`kavosh.entities.graph`).

A relation's day is the date written (to the day) in its sentence nearest its two mentions,
a cited document's date aside, else the document's own date. Cable relations: a cable's
sender station ``reported_on`` each person it names (one row per mention, in the mention's
sentence); and the sender sent a ``cable_to`` its recipient. Paragraph and document
co-occurrences are found over the whole document (its most mentioned names only).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from itertools import groupby
from operator import attrgetter

from kavosh.entities.relations import (
    CABLE_TO,
    CO_PARAGRAPH,
    PEOPLE,
    RELATIONS_VERSION,
    REPORTED_ON,
    Placed,
    Span,
    find_relations,
    find_wide_co_occurrences,
)
from kavosh.model import DateMention
from kavosh.model.progress import Progress
from kavosh.pipeline.context import RunContext
from kavosh.pipeline.stages import StageInfo, State
from kavosh.store import Store
from kavosh.store.cable_links import CableEntry
from kavosh.store.entities import StoredMention
from kavosh.store.relations import Evidence
from kavosh.text import index_text
from kavosh.text.sentences import split_sentences

RELATIONS = StageInfo("relations", RELATIONS_VERSION, ("mentions", "entities"),
                      ("relations",), "main", "case")


def document_digest(mentions: Sequence[StoredMention], cable: CableEntry | None) -> str:
    """What a document's evidence depends on: the stage's version (a new one finds every
    document's relations again), its mentions (ids, places, types) and its cable's sender
    and recipient."""
    h = hashlib.sha256(RELATIONS.version.encode())
    for m in mentions:
        h.update(f"{m.id}:{m.page}:{m.layer}:{m.start}:{m.end}:{m.type}|".encode())
    if cable is not None:
        h.update(f"cable:{cable.sender or ''}:{cable.recipient or ''}".encode())
    return h.hexdigest()[:32]


def document_evidence(store: Store, document_id: int, mentions: Sequence[StoredMention],
                      cable: CableEntry | None) -> list[Evidence]:
    """Every relation found in one document's pages, and its cable relations."""
    texts = {(p.number, p.layer.value): p.text for p in store.pages(document_id)}
    by_page: dict[tuple[int, str], list[StoredMention]] = defaultdict(list)
    for m in mentions:
        by_page[(m.page, m.layer)].append(m)
    dated = _dated(store.dates(document_id))
    found: list[Evidence] = []
    sender = (cable.sender or "").strip() if cable is not None else ""
    for (page, layer), on_page in sorted(by_page.items()):
        text = texts.get((page, layer))
        if text is None:
            continue
        spans = [Span(m.start, m.end, m.type) for m in on_page]
        for r in find_relations(text, spans):
            a, b = on_page[r.source], on_page[r.target]
            found.append(Evidence(document_id, page, layer, r.type, a.id, b.id,
                                  r.sentence_start, r.sentence_end,
                                  text[r.sentence_start:r.sentence_end], r.confidence, r.cue,
                                  day=_day_in(dated, text, page,
                                              (r.sentence_start, r.sentence_end),
                                              (min(a.start, b.start), max(a.end, b.end)))
                                  or a.day))
        if sender:
            found += _reported_on(document_id, page, layer, text, on_page, sender)
    found += _wide(document_id, texts, by_page, dated)
    recipient = (cable.recipient or "").strip() if cable is not None else ""
    if sender and recipient:
        found.append(Evidence(document_id, 0, "", CABLE_TO, None, None, 0, 0,
                              (cable.subject or "") if cable else "", 0.9,
                              source_label=sender, target_label=recipient,
                              day=mentions[0].day if mentions else None))
    return found


def _wide(document_id: int, texts: dict[tuple[int, str], str],
          by_page: dict[tuple[int, str], list[StoredMention]],
          dated: Sequence[tuple[int, int, int, int]]) -> list[Evidence]:
    """The document's paragraph and document co-occurrences (bounded: the most mentioned
    names only, :func:`kavosh.entities.relations.find_wide_co_occurrences`). A paragraph's
    day is the one written in it nearest the two names, else the document's."""
    keys = sorted(k for k in by_page if k in texts)
    placed: list[Placed] = []
    stored: list[StoredMention] = []
    for t, key in enumerate(keys):
        for m in by_page[key]:
            placed.append(Placed(t, m.start, m.end, m.type, m.text))
            stored.append(m)
    out: list[Evidence] = []
    for r in find_wide_co_occurrences([texts[k] for k in keys], placed):
        (page, layer), a, b = keys[r.text], stored[r.source], stored[r.target]
        day = a.day
        if r.type == CO_PARAGRAPH:
            day = _day_in(dated, texts[(page, layer)], page, (r.start, r.end),
                          (r.start, r.end)) or day
        out.append(Evidence(document_id, page, layer, r.type, a.id, b.id, r.start, r.end,
                            r.excerpt, r.confidence, day=day))
    return out


def _dated(dates: Sequence[DateMention]) -> list[tuple[int, int, int, int]]:
    """``(page, start, end, day)`` of each date written to the day."""
    out: list[tuple[int, int, int, int]] = []
    for d in dates:
        if d.precision == "day" and d.gregorian and not d.problems:
            try:
                out.append((d.page, d.start, d.end, date.fromisoformat(d.gregorian).toordinal()))
            except ValueError:
                continue
    return out


_CITED = re.compile(r"(?:مورخ|مورخه|المؤرخ|المؤرخة|dated)\s*$", re.IGNORECASE)


def _day_in(dated: Sequence[tuple[int, int, int, int]], text: str, page: int,
            sentence: tuple[int, int], pair: tuple[int, int]) -> int | None:
    """The relation's own day: of the days written in its sentence, the one nearest the two
    mentions (``pair``: from the first's start to the second's end) — «روز ۱۶ اردیبهشت ۱۳۹۴
    با … دیدار کرد» — leaving out a cited document's date (``مورخ …``, ``dated …``); None
    when the sentence names none."""
    found = [(max(pair[0] - b, a - pair[1], 0), a, day) for p, a, b, day in dated
             if p == page and sentence[0] <= a and b <= sentence[1]
             and not _CITED.search(text[max(0, a - 12):a])]
    return min(found)[2] if found else None


def _reported_on(document_id: int, page: int, layer: str, text: str,
                 mentions: Sequence[StoredMention], sender: str) -> list[Evidence]:
    """The sender station reported on each person named on the page, in its sentence — but
    in a sentence that names the station itself (``… - رئیس ایستگاه بغداد``: the signature,
    its own staff)."""
    sentences = split_sentences(text)
    own = _station_names(sender)
    out: list[Evidence] = []
    for m in mentions:
        if m.type not in PEOPLE:
            continue
        s = next((s for s in sentences if s.start <= m.start and m.end <= s.end), None)
        start, end = (s.start, s.end) if s else (m.start, m.end)
        written = index_text(text[start:end])
        if any(name in written for name in own):
            continue
        out.append(Evidence(document_id, page, layer, REPORTED_ON, None, m.id, start, end,
                            text[start:end], 0.9, source_label=sender, day=m.day))
    return out


_STATION_WORDS = ("ایستگاه", "station", "محطة")


def _station_names(sender: str) -> set[str]:
    """How a sentence names the sender station (normalised): the sender when written in two
    words or more, and "station" with its place (``ایستگاه بغداد``, ``Baghdad Station``)."""
    words = sender.split()
    place = " ".join(w for w in words if index_text(w) not in {index_text(x) for x in
                                                                 _STATION_WORDS})
    names = {sender} if len(words) > 1 else set()
    if place:
        names |= {f"ایستگاه {place}", f"{place} station", f"محطة {place}"}
    return {index_text(n) for n in names} - {""}


class RelationsStage:
    """Finds relation evidence again for each document whose digest changed."""

    def __init__(self, run: RunContext) -> None:
        self.store = run.store
        self.info = RELATIONS
        self.version = RELATIONS.version
        self.changed = 0

    def due(self, changed: bool) -> bool:
        """Whether to look: mentions changed, or it never ran with this version."""
        state = self.store.case_state(RELATIONS.name)
        return changed or state is None or state[:2] != (State.DONE, self.version)

    def run(self, progress: Progress) -> None:
        store = self.store
        try:
            self.changed = update_relations(store, progress)
        except Exception as error:
            store.set_case_state(RELATIONS.name, State.FAILED, self.version, str(error)[:500])
            raise
        store.set_case_state(RELATIONS.name, State.DONE, self.version)


PART = 500  # documents whose mentions are read at once to find what changed


def update_relations(store: Store, progress: Progress) -> int:
    """Find the evidence of every document whose digest changed, forget that of documents
    with no mentions left; return how many documents were done again.

    Memory stays bounded by the case's size in documents, not in mentions: the digests are
    computed over the mentions read :data:`PART` documents at a time, and each changed
    document's mentions are read again when its turn comes (a case of 100,000 documents
    holds about a million mentions, a gigabyte as objects)."""
    cables = {c.document_id: c for c in store.cable_links()}
    known = store.relation_digests()
    seen: set[int] = set()
    todo: list[tuple[int, str]] = []
    for part in store.mention_parts(PART):
        for document_id, mentions in groupby(part, key=attrgetter("document_id")):
            digest = document_digest(list(mentions), cables.get(document_id))
            seen.add(document_id)
            if known.get(document_id) != digest:
                todo.append((document_id, digest))
    store.drop_relation_evidence(d for d in known if d not in seen)
    progress.phase(RELATIONS.name, len(todo))
    for document_id, digest in todo:
        found = document_evidence(store, document_id, store.mentions(document_id),
                                  cables.get(document_id))
        store.put_relation_evidence(document_id, digest, found)
        progress.advance()
    return len(todo)
