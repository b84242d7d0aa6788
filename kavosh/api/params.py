"""The search parameters the JSON API and the web page share: query, sort and facet filters.

The URL holds a search's whole state (``q``, ``sort``, each facet value chosen, the page), so
a link to a page of results can be shared inside the newsroom.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import Query

from kavosh.views.results import FACETS, SORTS

QUERY_LIMIT = 2000
VALUE_LIMIT = 500
SORT_PATTERN = "^(" + "|".join(s.replace("-", "\\-") for s in SORTS) + ")$"

Q = Annotated[str, Query(max_length=QUERY_LIMIT, description=(
    "The query (docs/api.md: words, \"phrases\", prefix*, AND/OR/NOT, name:, date:, field "
    "filters). Empty: no hits."))]
Sort = Annotated[str, Query(pattern=SORT_PATTERN, description=(
    "relevance (best score first), date (oldest first), -date (newest first; undated "
    "documents last either way) or path."))]


def _facet(name: str) -> object:
    return Query(alias=name, max_length=VALUE_LIMIT,
                 description=f"Narrow to documents with this value of the {name!r} facet "
                             f"({FACETS[name]}); repeat for any of several values.")


def facet_filters(
    language: Annotated[list[str] | None, _facet("language")] = None,
    type_: Annotated[list[str] | None, _facet("type")] = None,
    year: Annotated[list[str] | None, _facet("year")] = None,
    jalali_year: Annotated[list[str] | None, _facet("jalali_year")] = None,
    folder: Annotated[list[str] | None, _facet("folder")] = None,
    sender: Annotated[list[str] | None, _facet("from")] = None,
    recipient: Annotated[list[str] | None, _facet("to")] = None,
    classification: Annotated[list[str] | None, _facet("classification")] = None,
    entity: Annotated[list[str] | None, _facet("entity")] = None,
) -> dict[str, list[str]]:
    """The facet values chosen, facet name → values (facets not chosen left out)."""
    given = {"language": language, "type": type_, "year": year, "jalali_year": jalali_year,
             "folder": folder, "from": sender, "to": recipient,
             "classification": classification, "entity": entity}
    return {name: [v for v in values if v] for name, values in given.items()
            if values and any(values)}


def search_url(path: str, q: str, sort: str, filters: dict[str, list[str]],
               page: int = 1) -> str:
    """The URL of a search's state: ``path?q=…&sort=…&<facet>=…&page=…`` (defaults left
    out)."""
    params: list[tuple[str, str | int]] = [("q", q)]
    if sort != SORTS[0]:
        params.append(("sort", sort))
    params += [(name, value) for name, values in filters.items() for value in values]
    if page > 1:
        params.append(("page", page))
    return f"{path}?{urlencode(params)}"
