"""The people table a newsroom keeps in a case (issue 16): who held which position when, with
the other spellings of the person and of the position. The titles check
(:mod:`kavosh.verify.titles`) reads it; ``kavosh verify people load FILE`` replaces it.

The contract is :class:`PeopleStore`; :class:`PeopleSql` its SQL (migration 16;
:data:`kavosh.store.dialect.POSTGRESQL_STEPS` holds the same step for PostgreSQL).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from kavosh.store.sql import SqlCore


@dataclass(frozen=True, slots=True)
class Position:
    """One row of the table: ``person`` held ``position`` from ``start`` to ``end`` (ISO
    days, inclusive; '' when open). ``titles`` are the position's spellings (the first is
    ``position`` itself: ``وزیر امور خارجه``, ``Minister of Foreign Affairs``, ``Foreign
    Minister``); ``aliases`` the person's other spellings (``Bahram Kouhestani``)."""

    person: str
    position: str
    start: str = ""
    end: str = ""
    titles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    source: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """Every spelling of the person: the name, then the aliases."""
        return (self.person, *self.aliases)

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every spelling of the position."""
        return (self.position, *[t for t in self.titles if t != self.position])

    def held_on(self, day: str) -> bool:
        """Whether the position was held on ``day`` (ISO)."""
        return (not self.start or self.start <= day) and (not self.end or day <= self.end)

    def period(self) -> str:
        return f"{self.start or '…'} – {self.end or '…'}"

    def to_json(self) -> dict[str, Any]:
        return {"person": self.person, "position": self.position, "start": self.start,
                "end": self.end, "titles": list(self.spellings), "aliases": list(self.aliases),
                "source": self.source}


def people_digest(rows: Sequence[Position]) -> str:
    """A short digest of the table: what a check read from it (changes when any row does)."""
    text = json.dumps([r.to_json() for r in rows], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class PeopleStore(Protocol):
    """The people table."""

    def replace_people(self, rows: Sequence[Position]) -> None:
        """Replace the whole table with ``rows`` (one transaction)."""

    def people(self) -> list[Position]:
        """Every row, in the order loaded."""


class PeopleSql(SqlCore):
    def replace_people(self, rows: Sequence[Position]) -> None:
        with self.transaction():
            self.execute("DELETE FROM verify_people")
            self._many(
                'INSERT INTO verify_people (person, position, titles, start, "end", aliases,'
                " source) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(r.person, r.position, json.dumps(list(r.spellings), ensure_ascii=False),
                  r.start, r.end, json.dumps(list(r.aliases), ensure_ascii=False), r.source)
                 for r in rows])

    def people(self) -> list[Position]:
        rows = self._all('SELECT person, position, titles, start, "end", aliases, source'
                         " FROM verify_people ORDER BY id")
        return [Position(r[0], r[1], r[3], r[4], tuple(json.loads(r[2])),
                         tuple(json.loads(r[5])), r[6]) for r in rows]
