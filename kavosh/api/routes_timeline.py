"""Events and the timeline over HTTP (issue 14).

Routes::

    GET /api/events?entity=&station=&classification=&from=&to=&kind=&min_confidence=&limit=
                        {"events": [...], "total", "from", "to"}: dated cables and dated
                        relations in day order (kavosh.views.events)
    GET /timeline?…     the same filters as a plain form, the events on one axis labelled in
                        Jalali (above) and Gregorian (below), drawn as SVG on the server, and
                        listed with their evidence; each period of the axis narrows the
                        timeline, and the period shown links to the search (``date:A..B``)
                        and the network (``since``/``until``) of the same days

Dates are ``YYYY-MM-DD``, Gregorian or Jalali (a year before 1700). The page has no script:
it keeps the script-free CSP of :mod:`kavosh.api.security` (the SVG's colours come from
``/static/timeline.css``).
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse

from kavosh.api.context import CaseAccess, access
from kavosh.api.routes_graph import RELATION_LABELS
from kavosh.api.routes_html import render
from kavosh.api.routes_json import JSONUTF8Response
from kavosh.entities.graph import parse_day
from kavosh.views.cables import cable_choices
from kavosh.views.events import CABLE, KINDS, Event, EventFilters, events
from kavosh.views.timeline import Period, Timeline, layout

router = APIRouter()
Access = Annotated[CaseAccess, Depends(access)]
Since = Annotated[str, Query(alias="from", max_length=20,
                             description="From this day: YYYY-MM-DD, Gregorian or Jalali.")]
Until = Annotated[str, Query(alias="to", max_length=20,
                             description="To this day: YYYY-MM-DD, Gregorian or Jalali.")]
Station = Annotated[str, Query(max_length=500, description=(
    "Cables sent by this station (words of the sender), and the relations they tell."))]
Classification = Annotated[str, Query(max_length=200, description=(
    "Cables of this classification (compared whole), and the relations they tell."))]
Kinds = Annotated[list[str] | None, Query(
    description="Event kinds (repeatable): cable, met_with, paid, recruited …")]
EntityQuery = Annotated[int | None, Query(ge=1, description="Events of this entity.")]
Limit = Annotated[int, Query(ge=1, le=100_000, description="Events at most.")]
MinConfidence = Annotated[float, Query(ge=0, le=1, description="Least confidence.")]
KIND_LABELS = {CABLE: "تلگراف", **{k: RELATION_LABELS.get(k, k) for k in KINDS if k != CABLE}}
LISTED = 2000  # events listed under the axis at most (all are drawn)


def _filters(since: str, until: str, entity: int | None, station: str,
             classification: str, kind: list[str] | None,
             min_confidence: float) -> EventFilters:
    return EventFilters(parse_day(since), parse_day(until), entity, station.strip() or None,
                        classification.strip() or None, frozenset(kind or ()),
                        min_confidence)


@router.get("/api/events", response_class=JSONUTF8Response)
def api_events(cases: Access, since: Since = "",
               until: Until = "", entity: EntityQuery = None,
               station: Station = "", classification: Classification = "", kind: Kinds = None,
               min_confidence: MinConfidence = 0.0,
               limit: Limit = 10_000) -> JSONUTF8Response:
    """Dated cables and relations, in day order."""
    filters = _filters(since, until, entity, station, classification, kind, min_confidence)
    with cases.use() as case:
        found = events(case, filters)
    return JSONUTF8Response({"events": [e.to_json() for e in found[:limit]],
                             "total": len(found), "from": since or None,
                             "to": until or None})


@router.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
def timeline_page(cases: Access, since: Since = "",
                  until: Until = "", entity: EntityQuery = None,
                  station: Station = "", classification: Classification = "", kind: Kinds = None,
                  min_confidence: MinConfidence = 0.0) -> HTMLResponse:
    """The timeline: filters, the axis (SVG), and the events with their evidence."""
    filters = _filters(since, until, entity, station, classification, kind, min_confidence)
    with cases.use() as case:
        found = events(case, filters)
        stations = cable_choices(case, "sender")
        classifications = cable_choices(case, "classification")
        chosen = case.store.entity(entity) if entity is not None else None
    drawn = layout(found, filters.since, filters.until)
    kept: list[tuple[str, str]] = [(k, v) for k, v in (
        ("entity", str(entity) if entity else ""), ("station", station),
        ("classification", classification)) if v] + [("kind", k) for k in kind or []]
    if min_confidence:
        kept.append(("min_confidence", str(min_confidence)))

    def narrow(period: Period) -> str:
        return "/timeline?" + urlencode([*kept, ("from", period.since),
                                         ("to", period.until)])

    return render("timeline.html", events=found[:LISTED], every=found, total=len(found),
                  drawn=drawn, narrow=narrow, labels=KIND_LABELS, entity=chosen,
                  entity_id=entity or "", since=since, until=until, station=station,
                  classification=classification, kinds=set(kind or []),
                  min_confidence=min_confidence or "",
                  stations=stations, classifications=classifications,
                  links=_period_links(drawn, since, until, entity), title_of=_title)


def _period_links(drawn: Timeline | None, since: str, until: str,
                  entity: int | None) -> dict[str, str]:
    """The search and the network narrowed to the period shown: the days the filter wrote
    (in its calendar), else the axis's."""
    if drawn is None:
        return {}
    since, until = since or drawn.since, until or drawn.until
    network = [("since", since), ("until", until)] + (
        [("entity", str(entity))] if entity else [])
    return {"search": "/search?" + urlencode({"q": f"date:{_slashed(since)}..{_slashed(until)}"}),
            "network": "/network?" + urlencode(network)}


def _slashed(day: str) -> str:
    """A Jalali day as Persian writing has it (``1394/06/01``); a Gregorian one as ISO."""
    return day.replace("-", "/") if day[:4].isdigit() and int(day[:4]) < 1700 else day


def _title(event: Event) -> str:
    """A mark's tooltip: the day in both calendars, the kind and the label."""
    jalali, gregorian = event.calendars
    return f"{jalali} ({gregorian}) · {KIND_LABELS.get(event.kind, event.kind)}: {event.label}"
