"""One registry per seam: the backends Kavosh can use, found by name through entry points.

Every seam — ingestors, OCR engines, search backends, executors, entity finders, translators,
embedders — is an entry-point group ``kavosh.<seam>``. Kavosh's own backends are declared in
its ``pyproject.toml`` under those groups and load through :mod:`importlib.metadata` exactly
like a third-party plugin's: there is no second list of built-ins. A name is declared once; the
seam's module documents what the entry point must name (a class or factory and its arguments).

Contract of a :class:`Registry`:

- ``names()``: the registered names, sorted; nothing is imported to list them;
- ``get(name)``: what the entry point names (imported on first use, then cached); an unknown
  name raises :class:`UnknownBackend` (a ``ValueError``) that lists the known names;
- ``remote(name)``: whether the backend could send text off the machine, declared by the
  loaded object as ``remote = True`` (default False). Nothing is refused for it yet; callers
  and the user interface may show it;
- ``load_all()``: every backend that loads, Kavosh's own first, then plugins; one that fails
  to import is logged and skipped so that a broken plugin cannot stop every run;
- every seam has a ``null`` backend (does nothing, for tests of what surrounds it). Its absence
  means Kavosh's package metadata is missing — run from a bare source tree, or an install made
  before the seam existed — and raises :class:`NotInstalled` on first use, saying how to
  install, rather than silently running with no backends;
- a name declared by two packages: Kavosh's own wins, then the first on ``sys.path``; the other
  is logged and ignored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from kavosh.model.errors import UnavailableError, UsageError

NULL = "null"
DISTRIBUTION = "kavosh"

log = logging.getLogger(__name__)


class UnknownBackend(UsageError, ValueError):
    """A name no installed package registers for this seam; the message lists the known ones."""


class NotInstalled(UnavailableError, RuntimeError):
    """Kavosh's package metadata (its entry points) cannot be found."""


@dataclass(slots=True)
class Registry:
    """The backends of one seam (see the module's contract)."""

    seam: str  # the group is kavosh.<seam>
    what: str  # how people call one backend, for messages: "OCR engine"
    _entries: dict[str, EntryPoint] | None = field(default=None, repr=False)
    _loaded: dict[str, Any] = field(default_factory=dict, repr=False)
    _broken: set[str] = field(default_factory=set, repr=False)  # logged once, then skipped

    @property
    def group(self) -> str:
        return f"kavosh.{self.seam}"

    def names(self) -> tuple[str, ...]:
        return tuple(sorted(self._found()))

    def get(self, name: str) -> Any:
        if name not in self._loaded:
            self.check(name)
            self._loaded[name] = self._found()[name].load()
        return self._loaded[name]

    def check(self, name: str) -> None:
        """Raise :class:`UnknownBackend` unless ``name`` is registered (without importing it)."""
        if name not in self._found():
            raise UnknownBackend(
                f"unknown {self.what} {name!r}; one of: {', '.join(self.names())}")

    def remote(self, name: str) -> bool:
        return bool(getattr(self.get(name), "remote", False))

    def load_all(self) -> list[tuple[str, Any]]:
        loaded: list[tuple[str, Any]] = []
        for name in self._found():
            if name in self._broken:
                continue
            try:
                loaded.append((name, self.get(name)))
            except Exception as error:  # a broken plugin must not stop every run
                log.warning("%s %s could not be loaded: %s", self.what, name, error)
                self._broken.add(name)
        return loaded

    def forget(self) -> None:
        """Look the entry points up again on next use (after installing a plugin)."""
        self._entries = None
        self._loaded.clear()
        self._broken.clear()

    def _found(self) -> dict[str, EntryPoint]:
        if self._entries is None:
            self._entries = _by_name(self.group, self.what)
        return self._entries


def _by_name(group: str, what: str) -> dict[str, EntryPoint]:
    found = sorted(entry_points(group=group), key=lambda e: not _own(e))  # stable: ours first
    entries: dict[str, EntryPoint] = {}
    for entry in found:
        if entry.name in entries:
            log.warning("%s %r is registered twice; %s ignored", what, entry.name, entry.value)
            continue
        entries[entry.name] = entry
    if NULL not in entries:
        raise NotInstalled(
            f"no {what} is registered under the entry-point group {group!r}, not even "
            f"{NULL!r}: Kavosh's package metadata is missing or older than this code. Install "
            "Kavosh (`pip install -e .` in its source folder) instead of running it from a "
            "bare source tree.")
    return entries


def _own(entry: EntryPoint) -> bool:
    dist = getattr(entry, "dist", None)
    return dist is not None and dist.metadata["Name"] == DISTRIBUTION


INGESTORS = Registry("ingestors", "ingestor")
OCR_ENGINES = Registry("ocr_engines", "OCR engine")
SEARCH_BACKENDS = Registry("search_backends", "search backend")
EXECUTORS = Registry("executors", "executor")
ENTITY_FINDERS = Registry("entity_finders", "entity finder")
TRANSLATORS = Registry("translators", "translator")
EMBEDDERS = Registry("embedders", "embedder")
SEAMS = (INGESTORS, OCR_ENGINES, SEARCH_BACKENDS, EXECUTORS, ENTITY_FINDERS, TRANSLATORS,
         EMBEDDERS)


def forget_all() -> None:
    """Every registry looks its entry points up again on next use."""
    for registry in SEAMS:
        registry.forget()
