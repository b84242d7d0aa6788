"""Entity finders: people, organisations, places … named in a page's text.

Finders are registered under ``kavosh.entity_finders`` (:data:`kavosh.registry.ENTITY_FINDERS`);
see :mod:`kavosh.entities.base` for the contract. Only ``null`` exists yet.
"""

from kavosh.entities.base import EntityFinder, Found, NullFinder

__all__ = ["EntityFinder", "Found", "NullFinder"]
