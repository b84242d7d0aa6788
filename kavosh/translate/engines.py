"""Making a translator by name, and the rule that keeps leaked text on the machine.

:func:`make_translator` looks the name up in :data:`kavosh.registry.TRANSLATORS` and makes the
backend with the settings given (see :mod:`kavosh.translate.base`). :func:`check_remote`
refuses a remote backend unless text may leave the machine; it is called before the backend
sends anything, by whoever runs translation (the command line, the web page).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kavosh.registry import TRANSLATORS
from kavosh.translate.base import RemoteRefused, Translator


def make_translator(name: str, settings: Mapping[str, Any] | None = None) -> Translator:
    """The translator registered as ``name``, made with ``settings`` (empty values dropped)."""
    options = {k: v for k, v in (settings or {}).items() if v not in (None, "")}
    translator: Translator = TRANSLATORS.get(name)(**options)
    return translator


def check_remote(translator: Translator, allowed: bool) -> None:
    """Raise :class:`RemoteRefused` when ``translator`` is remote and ``allowed`` is False."""
    if getattr(translator, "remote", False) and not allowed:
        raise RemoteRefused(
            f"the {translator.name} translator would send the documents' text to "
            f"{translator.where}; leaked text leaves this machine only when you say so: give "
            "--allow-remote, or set translate_allow_remote = true in the case's kavosh.toml")
