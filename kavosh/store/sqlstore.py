"""The store for SQL databases, composed of its table families, and :func:`open_store`."""

from __future__ import annotations

from pathlib import Path

from kavosh.store.base import Store
from kavosh.store.cable_links import CableLinksSql
from kavosh.store.cables import CablesSql
from kavosh.store.custody import CustodySql
from kavosh.store.derived import DerivedSql
from kavosh.store.dialect import SqliteDialect
from kavosh.store.documents import DocumentsSql
from kavosh.store.entities import EntitiesSql
from kavosh.store.name_sounds import NameSoundsSql
from kavosh.store.pages import PagesSql
from kavosh.store.people import PeopleSql
from kavosh.store.records import DatabaseUnavailable, UnsupportedDatabase
from kavosh.store.relations import RelationsSql
from kavosh.store.searches import SearchesSql
from kavosh.store.state import StateSql
from kavosh.store.translations import TranslationsSql
from kavosh.store.verify import VerifySql
from kavosh.store.views import ViewsSql
from kavosh.store.watchlists import WatchlistsSql


class SqlStore(DocumentsSql, PagesSql, DerivedSql, CablesSql, StateSql, CustodySql,
               SearchesSql, VerifySql, CableLinksSql, PeopleSql,
               TranslationsSql, EntitiesSql,
               WatchlistsSql, RelationsSql, ViewsSql, NameSoundsSql):
    """:class:`kavosh.store.base.Store` on a database the dialect given connects to."""


def open_store(url: str) -> Store:
    """Open (and migrate) the database named by ``url``: ``sqlite:///path`` or a bare file
    path. ``postgresql://…`` is known but not available yet (:class:`DatabaseUnavailable`);
    any other scheme is :class:`UnsupportedDatabase`."""
    scheme, found, rest = url.partition("://")
    if not found:
        return SqlStore(SqliteDialect(Path(url)))
    if scheme == "sqlite" and rest.startswith("/"):
        return SqlStore(SqliteDialect(Path(rest)))
    if scheme in ("postgresql", "postgres"):
        error = DatabaseUnavailable("PostgreSQL case databases are not available yet")
        error.hint = "leave `database` empty in kavosh.toml for the case's SQLite file"
        raise error
    raise UnsupportedDatabase(f"unsupported database URL {scheme}://…; use sqlite:///PATH")
