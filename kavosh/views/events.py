"""Events (issue 14): what happened on a day, for the timeline — the same for the CLI
(``kavosh timeline``), the API (``/api/events``) and the web UI (``/timeline``).

Contract of :func:`events`:

- **A dated cable is an event** (kind ``cable``) on its own date: its number, subject,
  sender station, recipient and classification, its document, and as entities its station
  and the people it reports on (the ``reported_on`` relations of its sentences: not its own
  staff signing it).
- **A dated relation is an event** (kind = the relation type, one of :data:`EVENT_TYPES`) on
  each day its evidence gives (the day written nearest the two names in the sentence, else
  the document's date): one event per relation and day, with every sentence of that day as
  evidence (document, page, offsets). Co-occurrence is no event, and neither are the cable
  relations (``reported_on``, ``cable_to``): the cable's own event tells them. People's
  decisions apply as on the graph (:func:`kavosh.entities.graph.build_graph`): a rejected
  relation makes no event, a confirmed one has confidence 1; an added one has no day, so
  no event.
- **Filters** (:class:`EventFilters`): a day range (inclusive; Gregorian ordinals, see
  :func:`kavosh.entities.graph.parse_day` for Jalali input), an entity (a cable mentioning
  it anywhere, a relation with it at one end), a station (the cable's sender, or the sender
  of the cable a relation's sentence is in: words compared as the cable list does), a
  classification (compared whole, as the cable list does), kinds, least confidence. With a
  station or classification, a relation keeps only the sentences of cables that match.
- Events come by day, cables before relations on one day, then by label.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kavosh.cables import CableEntry, case_links
from kavosh.case import Case
from kavosh.entities.graph import Edge, Graph, Node, build_graph
from kavosh.entities.relations import SYMMETRIC
from kavosh.text.calendars import gregorian_to_jalali
from kavosh.views.cables import cable_list, two_calendars

CABLE = "cable"
EVENT_TYPES = ("met_with", "paid", "recruited", "reported_to", "appointed", "member_of",
               "relative_of", "special_relationship")
KINDS = (CABLE, *EVENT_TYPES)
_READ = (*EVENT_TYPES, "reported_on")  # the graph's types the events are made of


@dataclass(frozen=True, slots=True)
class EventFilters:
    """Which events (see the module's contract); None or empty: no filter."""

    since: int | None = None  # Gregorian ordinals, inclusive
    until: int | None = None
    entity: int | None = None
    station: str | None = None
    classification: str | None = None
    kinds: frozenset[str] = frozenset()
    min_confidence: float = 0.0


@dataclass(frozen=True, slots=True)
class EventEntity:
    id: str  # an entity id, or station:NAME
    name: str
    type: str

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "type": self.type}


@dataclass(frozen=True, slots=True)
class EventEvidence:
    """Where an event is told: a sentence (``start:end`` of the page's ``layer``), or for a
    cable its document (the subject as the sentence, no offsets)."""

    document_id: int
    page: int
    sentence: str
    start: int | None = None
    end: int | None = None
    layer: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"document": self.document_id, "page": self.page, "sentence": self.sentence,
                "start": self.start, "end": self.end, "layer": self.layer or None}


@dataclass(slots=True)
class Event:
    """One event on the timeline (see the module's contract)."""

    day: int  # Gregorian ordinal
    kind: str  # "cable" or a relation type
    label: str
    entities: list[EventEntity]
    evidence: list[EventEvidence]
    confidence: float = 1.0
    status: str = ""  # a relation's: found, confirmed
    directed: bool = False
    cable: CableEntry | None = None  # a cable's summary
    stations: list[str] = field(default_factory=list)  # senders of the evidence's cables
    classifications: list[str] = field(default_factory=list)

    @property
    def date(self) -> str:
        return date.fromordinal(self.day).isoformat()

    @property
    def jalali(self) -> str:
        """The day in the Jalali calendar, ``1394-06-03``."""
        y, m, d = gregorian_to_jalali(date.fromordinal(self.day))
        return f"{y:04d}-{m:02d}-{d:02d}"

    @property
    def calendars(self) -> tuple[str, str]:
        """``("۳ شهریور ۱۳۹۴", "25 August 2015")``."""
        shown = two_calendars(self.date)
        assert shown is not None
        return shown

    @property
    def documents(self) -> list[int]:
        return list(dict.fromkeys(e.document_id for e in self.evidence))

    def to_json(self) -> dict[str, Any]:
        jalali, gregorian = self.calendars
        out: dict[str, Any] = {
            "date": self.date, "jalali": self.jalali,
            "calendars": {"jalali": jalali, "gregorian": gregorian},
            "kind": self.kind, "label": self.label,
            "entities": [e.to_json() for e in self.entities],
            "documents": self.documents, "evidence": [e.to_json() for e in self.evidence],
            "confidence": round(self.confidence, 3), "stations": self.stations,
            "classifications": self.classifications}
        if self.cable is not None:
            c = self.cable
            out["cable"] = {"document": c.document_id, "number": c.raw, "from": c.sender,
                            "to": c.recipient, "classification": c.classification,
                            "subject": c.subject}
        else:
            out["status"], out["directed"] = self.status, self.directed
        return out


def events(case: Case, filters: EventFilters | None = None) -> list[Event]:
    """The case's events that pass ``filters`` (see the module's contract)."""
    f = filters or EventFilters()
    kinds = set(f.kinds) or set(KINDS)
    graph = build_graph(case.store, types=list(_READ), since=f.since, until=f.until)
    links = case_links(case.store)  # read once for both lists
    every = cable_list(case, links=links).rows
    wanted = cable_list(case, sender=f.station, classification=f.classification,
                        links=links).rows if (f.station or f.classification) else every
    cables = {row.document_id: row.entry for row in every}
    kept = {row.document_id for row in wanted}
    found: list[Event] = []
    if CABLE in kinds:
        mentioning = set(case.store.entity_documents([f.entity])) if f.entity else None
        found += _cable_events(graph, [cables[d] for d in sorted(kept)], f, mentioning)
    narrowed = kept if (f.station or f.classification) else None
    for edge in graph.edges:
        if edge.type in kinds and edge.type != "reported_on" and (
                f.entity is None or str(f.entity) in (edge.source, edge.target)):
            found += _relation_events(graph, edge, cables, narrowed, f.min_confidence)
    found.sort(key=lambda e: (e.day, e.kind != CABLE, e.label, e.kind))
    return found


def _within(day: int, f: EventFilters) -> bool:
    return (f.since is None or day >= f.since) and (f.until is None or day <= f.until)


def _cable_events(graph: Graph, entries: Iterable[CableEntry], f: EventFilters,
                  mentioning: set[int] | None) -> list[Event]:
    """A dated cable's event: its station and the people it reports on."""
    reported: dict[int, list[str]] = {}
    station_of: dict[int, str] = {}
    for edge in graph.edges:
        if edge.type == "reported_on":
            for ev in edge.evidence:
                reported.setdefault(ev.document_id, []).append(edge.target)
                station_of.setdefault(ev.document_id, edge.source)
    out: list[Event] = []
    for entry in entries:
        day = _day(entry.date)
        if day is None or not _within(day, f):
            continue
        if mentioning is not None and entry.document_id not in mentioning:
            continue
        ends = [station_of[entry.document_id]] if entry.document_id in station_of else []
        ends += reported.get(entry.document_id, [])
        label = entry.subject or entry.raw or f"#{entry.document_id}"
        out.append(Event(day, CABLE, label, _entities(graph, ends),
                         [EventEvidence(entry.document_id, 1, entry.subject or "")],
                         cable=entry, stations=[entry.sender] if entry.sender else [],
                         classifications=([entry.classification]
                                          if entry.classification else [])))
    return out


def _relation_events(graph: Graph, edge: Edge, cables: dict[int, CableEntry],
                     kept: set[int] | None, min_confidence: float) -> list[Event]:
    """A relation's events: one a day its evidence gives (of the kept cables only)."""
    if edge.confidence < min_confidence:
        return []
    by_day: dict[int, list[EventEvidence]] = {}
    for ev in edge.evidence:
        if ev.day is None or (kept is not None and ev.document_id not in kept):
            continue
        by_day.setdefault(ev.day, []).append(EventEvidence(
            ev.document_id, ev.page, ev.sentence, ev.start, ev.end, ev.layer))
    source, target = graph.nodes[edge.source], graph.nodes[edge.target]
    directed = edge.type not in SYMMETRIC
    label = f"{source.label} {'→' if directed else '—'} {target.label}"
    out = []
    for day, evidence in sorted(by_day.items()):
        entries = [cables[d] for d in dict.fromkeys(e.document_id for e in evidence)
                   if d in cables]
        out.append(Event(day, edge.type, label, _entities(graph, [edge.source, edge.target]),
                         evidence, edge.confidence, edge.status, directed,
                         stations=_distinct(e.sender for e in entries),
                         classifications=_distinct(e.classification for e in entries)))
    return out


def _distinct(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _entities(graph: Graph, ids: Sequence[str]) -> list[EventEntity]:
    nodes: list[Node] = [graph.nodes[i] for i in dict.fromkeys(ids) if i in graph.nodes]
    return [EventEntity(n.id, n.label, n.type) for n in nodes]


def _day(text: str | None) -> int | None:
    try:
        return date.fromisoformat(text or "").toordinal()
    except ValueError:
        return None


def span(found: Sequence[Event]) -> tuple[str, str] | None:
    """The first and last day of ``found`` (ISO), None when there is none."""
    return (found[0].date, found[-1].date) if found else None


__all__ = ["CABLE", "EVENT_TYPES", "KINDS", "Event", "EventEntity", "EventEvidence",
           "EventFilters", "events", "span"]
