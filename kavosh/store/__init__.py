"""Records, metadata, processing state and the custody log, in one database.

``open_store(url)`` opens a database from a URL. The embedded default is an SQLite file
(``sqlite:///path/to/kavosh.db``). Schema changes are ordered migrations in ``schema.py``.
"""

from kavosh.store.db import Store, open_store

__all__ = ["Store", "open_store"]
