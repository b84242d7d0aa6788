"""The embedder seam: text to vectors, for searching by meaning.

Embedders are registered under ``kavosh.embedders`` (:data:`kavosh.registry.EMBEDDERS`). An
embedder is a plain object with:

- ``name`` (its registered name) and ``version`` (vectors of two versions do not compare);
- ``remote``: True when it could send text off the machine (default False);
- ``dimensions``: the length of every vector it returns;
- ``embed(texts) -> list[list[float]]``: one vector per text, in order.

It lives with search (layer 1) because a search backend embeds the query it is asked with the
same embedder it indexed pages with; the pipeline (layer 3) runs it on pages as a stage.
Only ``null`` exists yet.
"""

from __future__ import annotations

from typing import Protocol


class Embedder(Protocol):
    name: str
    version: str
    dimensions: int

    def embed(self, texts: list[str]) -> list[list[float]]: ...


class NullEmbedder:
    """Embeds into nothing (vectors of no dimensions): for tests of everything around it."""

    name = "null"
    version = "0"
    dimensions = 0

    def embed(self, texts: list[str]) -> list[list[float]]:
        return [[] for _ in texts]
