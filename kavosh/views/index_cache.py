"""Values a view derives from a case's index, held until the index changes.

Spellings found for a name, the vocabulary's buckets: each depends on the case's vocabulary,
name uses and index, which indexing changes together, so a web UI or API answering many
queries of one case reuses them until the index's generation changes.
"""

from __future__ import annotations

from typing import TypeVar

from kavosh.case import Case

K = TypeVar("K")
V = TypeVar("V")


def index_cache(holder: dict[str, tuple[object, dict[K, V]]], case: Case,
                most: int | None = None) -> dict[K, V] | None:
    """The dict ``holder`` keeps for ``case`` and its index's current generation: a new empty
    one when the index changed since (or it holds more than ``most`` entries); None when the
    case's search backend cannot tell its generation (nothing can be held)."""
    generation = getattr(case.search_backend(), "generation", None)
    if generation is None:
        return None
    now = generation()
    key = str(case.root)
    held = holder.get(key)
    if held is None or held[0] != now or (most is not None and len(held[1]) > most):
        held = holder[key] = (now, {})
    return held[1]
