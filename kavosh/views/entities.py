"""Entities as the CLI, the API and the web UI show them: the list with counts by type, an
entity with its names, its mentions in their sentences, its documents and dates, and the
entities mentioned beside it; and the documents ``entity:X`` in a search selects.

Every function returns plain dicts (JSON-ready), the same for the three interfaces.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from kavosh.case import Case
from kavosh.store.entities import EntityRow, StoredMention
from kavosh.text import index_text
from kavosh.text.names import MATCH_THRESHOLD, name_similarity

SENTENCE_CHARS = 160  # at most this much of the sentence on each side of a mention
_END = re.compile(r"[.!?؟\n]")
MENTIONS_SHOWN = 200


def sentence(text: str, start: int, end: int) -> tuple[str, str, str]:
    """The sentence around ``text[start:end]``: ``(before, mention, after)``, cut at the
    sentence's ends or :data:`SENTENCE_CHARS` from the mention."""
    left = max(0, start - SENTENCE_CHARS)
    ends = [m.end() for m in _END.finditer(text, left, start)]
    begin = ends[-1] if ends else left
    stop = _END.search(text, end, min(len(text), end + SENTENCE_CHARS))
    finish = stop.end() if stop else min(len(text), end + SENTENCE_CHARS)
    return text[begin:start].lstrip(), text[start:end], text[end:finish].rstrip()


def _iso(day: int | None) -> str | None:
    return date.fromordinal(day).isoformat() if day else None


def entity_list(case: Case, type: str | None = None, limit: int = 100,
                offset: int = 0) -> dict[str, Any]:
    """Entities most mentioned first, of one type or all, with the counts of each type."""
    store = case.store
    counts = store.entity_counts()
    rows = store.entities(type=type or None, limit=limit, offset=offset)
    return {"counts": counts, "type": type or "", "total": counts.get(type, 0) if type
            else sum(counts.values()), "offset": offset, "limit": limit,
            "entities": [e.to_json() for e in rows]}


def _mention(case: Case, m: StoredMention, paths: dict[int, str],
             texts: dict[tuple[int, int, str], str]) -> dict[str, Any]:
    key = (m.document_id, m.page, m.layer)
    if key not in texts:
        pages = case.store.pages(m.document_id, number=m.page)
        texts[key] = next((p.text for p in pages if p.layer.value == m.layer), "")
    if m.document_id not in paths:
        doc = case.store.document(m.document_id)
        paths[m.document_id] = doc.path if doc else ""
    before, found, after = sentence(texts[key], m.start, m.end)
    return {**m.to_json(), "document": m.document_id, "path": paths[m.document_id],
            "date": _iso(m.day), "before": before, "mention": found, "after": after}


WATCHLIST_SHOWN = 50  # watchlist matches of an entity's mentions, best first


def entity_detail(case: Case, entity_id: int,
                  mentions_shown: int = MENTIONS_SHOWN) -> dict[str, Any] | None:
    """An entity with its mentions (each in its sentence, with its document), documents,
    co-mentioned entities, the decisions about it and the watchlist entries its mentions
    matched (``kavosh xref``); None when there is no such entity."""
    store = case.store
    entity = store.entity(entity_id)
    if entity is None:
        return None
    mentions = store.mentions(entity_id=entity_id, limit=mentions_shown)
    paths: dict[int, str] = {}
    texts: dict[tuple[int, int, str], str] = {}
    return {**entity.to_json(),
            "mention_list": [_mention(case, m, paths, texts) for m in mentions],
            "document_ids": store.entity_documents([entity_id]),
            "co_mentioned": [{**e.to_json(), "shared": n}
                             for e, n in store.co_mentioned(entity_id)],
            "decisions": [d.to_json() for d in store.decisions()
                          if _about(d.data, entity)],
            "watchlist": [m.to_json() for m in store.xref_matches(
                entity_id=entity_id, limit=WATCHLIST_SHOWN)]}


def _about(data: dict[str, Any], entity: EntityRow) -> bool:
    """Whether a decision's data names ``entity`` (by key)."""
    refs = [data.get("entity"), data.get("into"), *data.get("from", [])]
    return any(isinstance(r, dict) and r.get("key") == entity.key for r in refs)


def matching_entities(case: Case, value: str, limit: int = 50) -> list[EntityRow]:
    """The entities ``entity:value`` names: ``value`` an entity id (``entity:12``), else a
    name or identifier matching one of an entity's aliases in any script (the names'
    similarity at least :data:`MATCH_THRESHOLD`, or the same normalised text)."""
    store = case.store
    value = value.strip()
    if value.isdigit():
        found = store.entity(int(value))
        return [found] if found else []
    wanted = index_text(value)
    out: list[EntityRow] = []
    for e in store.entities(limit=1_000_000):
        aliases = [e.name, e.latin, *e.aliases]
        if any(index_text(a) == wanted for a in aliases) or any(
                name_similarity(value, a) >= MATCH_THRESHOLD + 0.1 for a in aliases[:12]):
            out.append(e)
            if len(out) >= limit:
                break
    return out


def entity_document_ids(case: Case, value: str) -> frozenset[int]:
    """The documents mentioning an entity ``entity:value`` names (see
    :func:`matching_entities`)."""
    return frozenset(case.store.entity_documents(e.id for e in matching_entities(case, value)))
