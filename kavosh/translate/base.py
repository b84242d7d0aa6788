"""The translator seam.

A translator is a plain object with:

- ``name`` (its registered name) and ``version`` (recorded with every draft: provenance);
- ``remote``: True when it could send text off the machine (an online service; default False),
  a class attribute so the registry can tell without making one; ``where`` (an instance
  attribute): where the text would go, for the refusal and the page that shows it;
- ``translate(text, source, target) -> str``: a draft translation of one sentence from
  language ``source`` to ``target`` (ISO 639-3 codes; ``source`` "" when unknown); "" when it
  has none. Drafts are stored as translation layers (kavosh.store.translations), never as
  the page's source text;
- optionally ``translate_batch(texts, source, target) -> list[str]``, one draft per text, for
  engines that decode several sentences at once (:func:`translate_all` uses it when present).

Entry points of the group ``kavosh.translators`` name classes made with keyword settings only
(``model``, ``endpoint``, ``source_spm``, ``target_spm``, ``api_model``, ``beam_size``; each
backend takes those it uses and ignores the others, so that one settings table serves all):
:func:`kavosh.translate.engines.make_translator` makes them. A backend whose package is
missing, or whose model is absent, raises :class:`TranslatorUnavailable` saying what to do.

It lives at layer 2, beside ingest and OCR: it reads text the lower layers hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from kavosh.model.errors import UnavailableError, UsageError


class TranslatorUnavailable(UnavailableError, RuntimeError):
    """A translator cannot be used here: its package is not installed, its model is missing
    or unreadable, its server does not answer (the message says which and what to do)."""


class RemoteRefused(UsageError, PermissionError):
    """A remote translator was asked for without the case or the person allowing text to leave
    the machine; the message says where it would have gone."""


class Translator(Protocol):
    name: str
    version: str
    remote: bool
    where: str

    def translate(self, text: str, source: str, target: str) -> str: ...


class NullTranslator:
    """Translates nothing: the human workflow with no machine draft, and tests."""

    name = "null"
    version = "0"
    remote = False
    where = "nowhere (no machine draft)"

    def __init__(self, **settings: Any) -> None:
        pass

    def translate(self, text: str, source: str, target: str) -> str:
        return ""


def translate_all(translator: Translator, texts: Sequence[str], source: str,
                  target: str) -> list[str]:
    """One draft per text, through ``translate_batch`` when the translator has one."""
    batch = getattr(translator, "translate_batch", None)
    if batch is not None:
        drafts: list[str] = batch(list(texts), source, target)
        return drafts
    return [translator.translate(text, source, target) for text in texts]
