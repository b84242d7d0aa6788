"""Response models of the JSON API, for its OpenAPI document (``/api/openapi.json``).

The routes build their JSON themselves (``kavosh.views`` ``to_json``); these models describe
it, and a test checks that real answers validate against them.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class ErrorResponse(BaseModel):
    error: str = Field(description="What went wrong, in one sentence.")
    position: int | None = Field(None, description="Where in the query (0-based), if known.")


class PageScore(BaseModel):
    page: int = Field(description="Page number (1-based).")
    score: float


class SearchHit(BaseModel):
    document_id: int
    path: str = Field(description="Where the document was first found.")
    page: int = Field(description="Its best-scoring matching page (the snippet's).")
    score: float = Field(description="That page's score.")
    mime: str
    type: str = Field(description="pdf, html, email, image, office, text, ebook, archive, "
                                  "other.")
    language: str = Field(description="ISO 639-3 code of its main language.")
    date: str | None = Field(description="The document's own date (ISO), if known.")
    snippet: str
    highlights: list[list[int]] = Field(description="[start, end] spans of the snippet that "
                                                    "the query matches.")
    page_count: int = Field(description="How many of its pages match.")
    pages: list[PageScore] = Field(description="Its matching pages, best first (the first "
                                               "100).")


class FacetCount(BaseModel):
    value: str
    count: int = Field(description="Documents matched (after the filters) with this value.")


class SearchResponse(BaseModel):
    query: str
    total: int = Field(description="Documents matched (the same as total_documents).")
    total_documents: int
    total_pages: int = Field(description="Pages matched, over all documents.")
    limit: int
    offset: int
    sort: str
    filters: dict[str, list[str]] = Field(description="Facet values chosen.")
    hits: list[SearchHit] = Field(description="One per document, in the order of sort.")
    facets: dict[str, list[FacetCount]] = Field(description=(
        "language, type, year, jalali_year, folder, from, to, classification, entity → "
        "values, most documents first (at most 50)."))
    expansions: dict[str, list[str]] = Field(description="Word typed → other spellings "
                                                         "searched too.")
    spelling_hits: dict[str, int] = Field(description="Pages holding each added spelling.")
    unexpanded: list[str] = Field(description="Spellings switched off with -expand:.")
    as_words: list[str] = Field(description=(
        "Words typed in lower case that are common English words: searched as words, not "
        "as names (name:word searches one as a name)."))


class ExportLine(BaseModel):
    """One line of ``/api/search/export`` (NDJSON; the CSV has the same columns)."""

    rank: int = Field(description="The document's place in the sorted list (1 first).")
    document_id: int
    path: str
    page: int
    score: float
    type: str
    mime: str
    language: str
    date: str | None
    snippet: str | None
    cursor: str = Field(description="Pass as cursor= to resume after this row.")
