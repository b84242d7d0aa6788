"""Translators: draft translations of a page's text.

Translators are registered under ``kavosh.translators`` (:data:`kavosh.registry.TRANSLATORS`);
see :mod:`kavosh.translate.base` for the contract. Only ``null`` exists yet.
"""

from kavosh.translate.base import NullTranslator, Translator

__all__ = ["NullTranslator", "Translator"]
