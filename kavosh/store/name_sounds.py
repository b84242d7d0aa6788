"""The sounds of the vocabulary's tokens as the name prefilter reads them
(:func:`kavosh.text.names.prefilter.name_cells`), stored when a token enters the vocabulary so
a search builds a bucket's arrays without reading each token's name again. The contract is
:class:`NameSoundsStore`; :class:`NameSoundsSql` its SQL (table ``name_sounds``, step 22)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from kavosh.store.sql import SqlCore
from kavosh.text.names.prefilter import name_cells, stale_cells

_CHUNK = 500  # tokens per query: under SQLite's limit of bound parameters


class NameSoundsStore(Protocol):
    def add_name_sounds(self, rows: Iterable[tuple[str, str]]) -> None:
        """Store ``(token, cells)`` rows, replacing a token's cells stored before (they depend
        on the token and the version of the readings alone).
        :meth:`~kavosh.store.base.DerivedStore.add_vocabulary` stores its new tokens' cells
        itself."""

    def name_sounds(self, tokens: Sequence[str]) -> dict[str, str]:
        """Token → its stored cells, for those of ``tokens`` that have them (a case made
        before step 22 has none for its older tokens)."""


class NameSoundsSql(SqlCore):
    def add_name_sounds(self, rows: Iterable[tuple[str, str]]) -> None:
        with self.transaction():
            self._many("INSERT INTO name_sounds (token, cells) VALUES (?, ?)"
                       " ON CONFLICT (token) DO UPDATE SET cells = excluded.cells", list(rows))

    def name_sounds(self, tokens: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for start in range(0, len(tokens), _CHUNK):
            chunk = list(tokens[start:start + _CHUNK])
            marks = ", ".join("?" * len(chunk))
            found.update((r[0], r[1]) for r in self._all(
                f"SELECT token, cells FROM name_sounds WHERE token IN ({marks})", chunk))
        return found


def add_missing_sounds(store: NameSoundsSql, tokens: Sequence[str]) -> None:
    """Store the cells of those of ``tokens`` that have none yet, or cells of older readings
    (:func:`stale_cells`); reading a name is the costly part: a token seen again is not read
    again."""
    known = {t for t, cells in store.name_sounds(tokens).items() if not stale_cells(t, cells)}
    store.add_name_sounds((t, name_cells(t)) for t in dict.fromkeys(tokens) if t not in known)
