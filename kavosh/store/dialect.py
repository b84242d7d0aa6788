"""The seam between the store's SQL and one database engine.

The table families (:mod:`kavosh.store.documents`, ``pages``, ``derived``, ``state``,
``custody``) write one SQL for every engine; whatever differs between engines is here:

- **connecting**, with the engine's settings (SQLite: WAL, ``synchronous``, ``foreign_keys``,
  ``busy_timeout``; rows readable by name and by position);
- **starting a write transaction** (SQLite: ``BEGIN IMMEDIATE``, which takes the write lock at
  once, so two writers never both read then both write);
- **the schema version** (SQLite: ``PRAGMA user_version``) and **the migration scripts**, split
  into statements;
- **placeholders**: the families write ``?``; :meth:`Dialect.sql` turns a statement into the
  engine's style (identity for SQLite; PostgreSQL drivers want ``%s``, and a literal ``%``
  doubled).

What needs no seam because both engines already accept the same text, and is written that way:
``INSERT … ON CONFLICT DO NOTHING`` for "insert unless present" (SQLite ≥ 3.24),
``INSERT … ON CONFLICT (…) DO UPDATE SET … = excluded.…`` for upserts, ``INSERT … RETURNING id``
for a new row's id (SQLite ≥ 3.35), quoted ``"end"``/``"left"`` columns, ``COALESCE``,
``EXISTS``. No family may use ``INSERT OR IGNORE``/``OR REPLACE``, ``PRAGMA``, JSON functions
or ``LIKE`` on JSON: a value a query filters on gets a column of its own.

**How a PostgreSQL store gets its schema.** Released migration steps are SQLite's own and never
change (step 7 uses ``instr`` and ``rtrim(x, chars)``; steps 1–5 ``INTEGER PRIMARY KEY``).
A PostgreSQL dialect brings its own list, one script per step number, ending in the same tables
and columns (``BIGINT GENERATED ALWAYS AS IDENTITY`` for ids); a new case starts at step 1 of
that list, its version kept in a one-row ``kavosh_schema`` table. Its steps that only move an old
SQLite case's data (6, 7, 8) may be empty there, since no PostgreSQL case predates them. Every
new step is then written twice, once per list, and the tests run both against the same cases.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from kavosh.store.records import DatabaseUnavailable
from kavosh.store.schema import MIGRATIONS

CACHE_KIB = 65_536  # SQLite page cache per connection, at most


class Cursor(Protocol):
    """What a statement gives back: rows read by name (``row["id"]``) or position."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """A DB-API connection in autocommit mode (the store sends ``BEGIN``/``COMMIT`` itself)."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Any: ...

    def executemany(self, sql: str, parameters: Any, /) -> Any: ...

    def close(self) -> None: ...


class Dialect(Protocol):
    """One database engine, as :class:`kavosh.store.sql.SqlStore` needs it."""

    name: str
    migrations: Sequence[str]  # one script per schema version, in order

    def connect(self) -> Connection:
        """A new connection, configured, with rows readable by name and position."""

    def begin(self, db: Connection) -> None:
        """Start a write transaction that holds the write lock from its first statement."""

    def schema_version(self, db: Connection) -> int:
        """How many migration steps the database has had."""

    def set_schema_version(self, db: Connection, version: int) -> None:
        """Record that ``version`` steps were applied (inside the step's transaction)."""

    def statements(self, script: str) -> Iterator[str]:
        """The complete statements of a migration script, in order."""

    def sql(self, statement: str) -> str:
        """``statement`` (written with ``?`` placeholders) as this engine wants it."""


SQLITE_MINIMUM = (3, 35, 0)  # RETURNING, ALTER TABLE … DROP COLUMN (migration 6)


class SqliteDialect:
    """An SQLite file: the embedded default, one file beside the case."""

    name = "sqlite"
    migrations: Sequence[str] = MIGRATIONS

    def __init__(self, path: Path) -> None:
        self.path = path

    def connect(self) -> Connection:
        if sqlite3.sqlite_version_info < SQLITE_MINIMUM:
            raise DatabaseUnavailable(
                f"this Python's SQLite is {sqlite3.sqlite_version}; Kavosh needs"
                f" {'.'.join(map(str, SQLITE_MINIMUM))} or later (Python 3.11 from python.org"
                " or a current Linux distribution has it)")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        db.row_factory = sqlite3.Row
        # WAL lets the web UI read while an ingest writes; NORMAL sync survives kill -9
        # (only a power cut can lose the last transactions).
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA busy_timeout=30000")
        # SQLite's default page cache is 2 MB: a case of a million documents (GBs of store)
        # then reads its indexes' pages through the OS on every statement. 64 MB at most,
        # per connection, only as used.
        db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        return db

    def begin(self, db: Connection) -> None:
        db.execute("BEGIN IMMEDIATE")

    def schema_version(self, db: Connection) -> int:
        return int(db.execute("PRAGMA user_version").fetchone()[0])

    def set_schema_version(self, db: Connection, version: int) -> None:
        db.execute(f"PRAGMA user_version={int(version)}")

    def statements(self, script: str) -> Iterator[str]:
        """Complete statements of ``script`` (a ``;`` in a comment or string is no end)."""
        pending = ""
        for line in script.splitlines(keepends=True):
            pending += line
            if sqlite3.complete_statement(pending):
                yield pending
                pending = ""
        if any(x.strip() and not x.strip().startswith("--") for x in pending.splitlines()):
            yield pending

    def sql(self, statement: str) -> str:
        return statement


# The PostgreSQL list's steps written so far, by number (the list itself comes with the
# PostgreSQL dialect; see the module's docstring): the same tables as SQLite's step of that
# number.
POSTGRESQL_STEPS: dict[int, str] = {
    14: """
    CREATE TABLE mentions (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        document_id BIGINT NOT NULL REFERENCES documents(id),
        page INTEGER NOT NULL,
        layer TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        type TEXT NOT NULL,
        text TEXT NOT NULL,
        value TEXT NOT NULL DEFAULT '',
        finder TEXT NOT NULL,
        finder_version TEXT NOT NULL,
        score DOUBLE PRECISION NOT NULL,
        day INTEGER
    );
    CREATE INDEX mentions_document ON mentions(document_id, page, start);
    CREATE TABLE entities (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        name TEXT NOT NULL,
        latin TEXT NOT NULL,
        aliases TEXT NOT NULL DEFAULT '[]',
        mentions INTEGER NOT NULL DEFAULT 0,
        documents INTEGER NOT NULL DEFAULT 0,
        first_day INTEGER,
        last_day INTEGER,
        added INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX entities_type ON entities(type, mentions);
    CREATE TABLE entity_mentions (
        mention_id BIGINT PRIMARY KEY REFERENCES mentions(id),
        entity_id BIGINT NOT NULL REFERENCES entities(id)
    );
    CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id);
    CREATE TABLE entity_decisions (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        action TEXT NOT NULL,
        data TEXT NOT NULL,
        actor TEXT NOT NULL,
        at TEXT NOT NULL
    );
    """,
    15: """
    CREATE TABLE translation_sentences (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        document_id BIGINT NOT NULL REFERENCES documents(id),
        page INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        layer TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        source TEXT NOT NULL,
        language TEXT NOT NULL DEFAULT '',
        UNIQUE (document_id, page, idx)
    );
    CREATE TABLE translation_versions (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        sentence_id BIGINT NOT NULL REFERENCES translation_sentences(id),
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        engine TEXT NOT NULL DEFAULT '',
        engine_version TEXT NOT NULL DEFAULT '',
        actor TEXT NOT NULL DEFAULT '',
        checked INTEGER NOT NULL DEFAULT 0,
        at TEXT NOT NULL
    );
    CREATE INDEX translation_versions_sentence ON translation_versions(sentence_id, seq);
    CREATE TABLE translation_pages (
        document_id BIGINT NOT NULL REFERENCES documents(id),
        page INTEGER NOT NULL,
        engine TEXT NOT NULL,
        engine_version TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (document_id, page, engine)
    );
    CREATE TABLE translation_glossary (
        source TEXT PRIMARY KEY,
        target TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        actor TEXT NOT NULL,
        at TEXT NOT NULL
    );
    """,
    16: """
    CREATE TABLE verify_people (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        person TEXT NOT NULL,
        position TEXT NOT NULL,
        titles TEXT NOT NULL DEFAULT '[]',
        start TEXT NOT NULL DEFAULT '',
        "end" TEXT NOT NULL DEFAULT '',
        aliases TEXT NOT NULL DEFAULT '[]',
        source TEXT NOT NULL DEFAULT ''
    );
    ALTER TABLE verify_done ADD COLUMN basis TEXT NOT NULL DEFAULT '';
    """,
    # 17: watchlists and their cross-reference (see kavosh.store.schema, step 17).
    17: """
    CREATE TABLE watchlists (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        version TEXT NOT NULL,
        format TEXT NOT NULL,
        source TEXT NOT NULL,
        entries BIGINT NOT NULL,
        loaded_at TEXT NOT NULL
    );
    CREATE TABLE watchlist_entries (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        list_id BIGINT NOT NULL REFERENCES watchlists(id),
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        aliases TEXT NOT NULL DEFAULT '[]',
        type TEXT NOT NULL DEFAULT '',
        country TEXT NOT NULL DEFAULT '',
        program TEXT NOT NULL DEFAULT '',
        data TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX watchlist_entries_list ON watchlist_entries(list_id);
    CREATE TABLE xref_matches (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        list_id BIGINT NOT NULL REFERENCES watchlists(id),
        entry_id BIGINT NOT NULL REFERENCES watchlist_entries(id),
        unit TEXT NOT NULL,
        document_id BIGINT NOT NULL,
        page BIGINT NOT NULL,
        start BIGINT NOT NULL,
        "end" BIGINT NOT NULL,
        mention_id BIGINT,
        mention TEXT NOT NULL,
        mention_type TEXT NOT NULL,
        listed_name TEXT NOT NULL,
        score DOUBLE PRECISION NOT NULL,
        sentence TEXT NOT NULL
    );
    CREATE INDEX xref_matches_unit ON xref_matches(list_id, unit);
    CREATE INDEX xref_matches_score ON xref_matches(list_id, score);
    CREATE INDEX xref_matches_document ON xref_matches(document_id, page);
    CREATE TABLE xref_done (
        list_id BIGINT NOT NULL REFERENCES watchlists(id),
        unit TEXT NOT NULL,
        version TEXT NOT NULL,
        stamp TEXT NOT NULL,
        PRIMARY KEY (list_id, unit)
    );
    """,
    18: """
    CREATE TABLE cable_links (
        document_id BIGINT PRIMARY KEY REFERENCES documents(id),
        number TEXT,
        raw TEXT,
        date TEXT,
        sender TEXT,
        recipient TEXT,
        classification TEXT,
        subject TEXT
    );
    CREATE INDEX cable_links_number ON cable_links(number);
    CREATE TABLE cable_refs (
        document_id BIGINT NOT NULL REFERENCES documents(id),
        idx INTEGER NOT NULL,
        key TEXT NOT NULL,
        raw TEXT NOT NULL,
        PRIMARY KEY (document_id, idx)
    );
    CREATE INDEX cable_refs_key ON cable_refs(key);
    """,
    19: """
    CREATE TABLE relation_evidence (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        document_id BIGINT NOT NULL REFERENCES documents(id),
        page INTEGER NOT NULL,
        layer TEXT NOT NULL,
        type TEXT NOT NULL,
        source_mention BIGINT,
        target_mention BIGINT,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        sentence TEXT NOT NULL,
        confidence DOUBLE PRECISION NOT NULL,
        cue TEXT NOT NULL DEFAULT '',
        source_label TEXT NOT NULL DEFAULT '',
        target_label TEXT NOT NULL DEFAULT '',
        day INTEGER
    );
    CREATE INDEX relation_evidence_document ON relation_evidence(document_id, page, start);
    CREATE INDEX relation_evidence_source ON relation_evidence(source_mention);
    CREATE INDEX relation_evidence_target ON relation_evidence(target_mention);
    CREATE TABLE relation_documents (
        document_id BIGINT PRIMARY KEY REFERENCES documents(id),
        digest TEXT NOT NULL
    );
    CREATE TABLE relation_decisions (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        action TEXT NOT NULL,
        type TEXT NOT NULL,
        source_key TEXT NOT NULL,
        target_key TEXT NOT NULL,
        data TEXT NOT NULL,
        actor TEXT NOT NULL,
        at TEXT NOT NULL
    );
    """,
    20: """
    CREATE TABLE saved_views (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        data TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        saved_by TEXT NOT NULL,
        saved_at TEXT NOT NULL
    );
    """,
    # 21: the source text each translation version translates (see kavosh.store.schema).
    21: """
    ALTER TABLE translation_versions ADD COLUMN source TEXT NOT NULL DEFAULT '';
    UPDATE translation_versions SET source = (SELECT s.source FROM translation_sentences s
        WHERE s.id = translation_versions.sentence_id);
    """,
    # 22: the sounds of the vocabulary's tokens (see kavosh.store.schema).
    22: """
    CREATE TABLE name_sounds (
        token TEXT PRIMARY KEY,
        cells TEXT NOT NULL
    );
    """,
    # 23: what each document's mentions were found in (see kavosh.store.schema).
    23: """
    CREATE TABLE mention_inputs (
        document_id BIGINT PRIMARY KEY REFERENCES documents(id),
        digest TEXT NOT NULL
    );
    """,
}
