"""The values people type in field filters, read into what the index holds.

The index stores a document's language as an ISO 639-3 code (``fas``), its type as the MIME
type its reader decided (HTML as ``application/xhtml+xml``), its path as found (folders and
archive members joined by ``/``). People type ``lang:en``, ``lang:Persian``,
``mime:text/html``, ``type:pdf``, ``path:Leaks/2010``, ``ext:.PDF``: each reader here turns
such a value into the index values it means, or raises :class:`ValueError` with a sentence
for the person who typed it (the parser adds the position).

A value ending in ``*`` is a prefix of the index value (``image/*``); the backends read it so.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache

from kavosh.text import index_text
from kavosh.text.calendars import gregorian_to_jalali

# ISO 639-3 code → the ISO 639-1 code, other 639-2 (bibliographic) codes and names people type.
_LANGUAGES: dict[str, tuple[str, ...]] = {
    "fas": ("fa", "per", "persian", "farsi", "فارسی", "پارسی"),
    "prs": ("dari", "دری"),
    "ara": ("ar", "arabic", "عربی"),
    "eng": ("en", "english", "انگلیسی"),
    "fra": ("fr", "fre", "french", "فرانسوی"),
    "deu": ("de", "ger", "german", "آلمانی"),
    "spa": ("es", "spanish", "اسپانیایی"),
    "ita": ("it", "italian"),
    "rus": ("ru", "russian", "روسی"),
    "tur": ("tr", "turkish", "ترکی"),
    "aze": ("az", "azerbaijani", "azeri"),
    "urd": ("ur", "urdu", "اردو"),
    "pus": ("ps", "pashto", "پشتو"),
    "kur": ("ku", "kurdish", "کردی"),
    "ckb": ("sorani", "central kurdish"),
    "heb": ("he", "hebrew", "عبری"),
    "zho": ("zh", "chi", "chinese", "چینی"),
    "und": ("unknown", "undetermined", "نامعلوم"),
}
LANGUAGE_CODES: dict[str, str] = {
    alias: code for code, aliases in _LANGUAGES.items() for alias in (code, *aliases)}

# type: → the MIME types (or prefixes) a reader gives such files.
_WORD = ("application/msword", "application/rtf",
         "application/vnd.oasis.opendocument.text",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
_SHEET = ("application/vnd.ms-excel", "application/vnd.oasis.opendocument.spreadsheet",
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          "text/csv", "text/tab-separated-values")
_SLIDES = ("application/vnd.ms-powerpoint", "application/vnd.oasis.opendocument.presentation",
           "application/vnd.openxmlformats-officedocument.presentationml.presentation")
_ARCHIVE = ("application/zip", "application/x-tar", "application/gzip", "application/x-bzip2",
            "application/x-xz", "application/x-7z-compressed", "application/x-ole-storage")
TYPES: dict[str, tuple[str, ...]] = {
    "pdf": ("application/pdf",),
    "html": ("text/html", "application/xhtml+xml"),
    "email": ("message/rfc822", "application/vnd.ms-outlook", "application/mbox"),
    "image": ("image/*",),
    "word": _WORD,
    "sheet": _SHEET,
    "slides": _SLIDES,
    "office": _WORD + _SHEET + _SLIDES,
    "text": ("text/plain", "text/markdown"),
    "xml": ("application/xml", "text/xml"),
    "json": ("application/json",),
    "epub": ("application/epub+zip",),
    "archive": _ARCHIVE,
}
_TYPE_ALIASES = {"htm": "html", "web": "html", "mail": "email", "eml": "email", "msg": "email",
                 "mbox": "email", "picture": "image", "photo": "image", "scan": "image",
                 "doc": "word", "docx": "word", "spreadsheet": "sheet", "xls": "sheet",
                 "xlsx": "sheet", "csv": "sheet", "presentation": "slides", "ppt": "slides",
                 "pptx": "slides", "txt": "text", "zip": "archive"}
# mime: values that mean the same documents as another type (HTML is stored either way).
_MIME_ALIKE = {"text/html": TYPES["html"], "application/xhtml+xml": TYPES["html"],
               "text/xml": TYPES["xml"], "application/xml": TYPES["xml"]}
_MIME = re.compile(r"^[a-z0-9.+-]+/(?:[a-z0-9.+-]+|\*)$")


def language_codes(value: str) -> tuple[str, ...]:
    """``lang:`` values: an ISO 639-1 or 639-3 code, or an English or Persian name."""
    key = " ".join(value.lower().replace("_", " ").split())
    if key in LANGUAGE_CODES:
        return (LANGUAGE_CODES[key],)
    if re.fullmatch("[a-z]{3}", key):  # a 639-3 code not listed: stored as such
        return (key,)
    raise ValueError(f"unknown language {value!r}: write a code or a name "
                     "(lang:fa, lang:fas, lang:persian, lang:en, lang:arabic)")


def type_mimes(value: str) -> tuple[str, ...]:
    """``type:`` values: a kind of document (:data:`TYPES`), as MIME types or prefixes."""
    key = value.lower().lstrip(".")
    key = _TYPE_ALIASES.get(key, key)
    if key not in TYPES:
        raise ValueError(f"unknown type {value!r}: use one of {', '.join(sorted(TYPES))}")
    return TYPES[key]


def mimes(value: str) -> tuple[str, ...]:
    """``mime:`` values: a MIME type as people write it (``text/html`` also finds the
    ``application/xhtml+xml`` HTML is stored as), ``image/*`` or ``image``; a type name
    (``mime:pdf``) as :func:`type_mimes`."""
    key = value.lower().split(";", 1)[0].strip()
    if key in _MIME_ALIKE:
        return _MIME_ALIKE[key]
    if _MIME.match(key):
        return (key,)
    if key in ("image", "text", "message", "application", "audio", "video"):
        return (f"{key}/*",)
    try:
        return type_mimes(key)
    except ValueError:
        raise ValueError(f"cannot read the MIME type {value!r}: write it as text/html, "
                         "application/pdf, image/* (or use type:html, type:pdf …)") from None


def path_key(path: str) -> str:
    """A path as the ``path:`` filter compares it: ``/`` between parts (Windows ``\\`` too),
    no leading ``./`` or ``/``, lower case."""
    key = path.replace("\\", "/").lower()
    while key.startswith(("./", "/")):
        key = key[2:] if key.startswith("./") else key[1:]
    return key


def path_prefix(value: str) -> tuple[str, ...]:
    """``path:`` values: a folder or the start of a path (``path:leaks/2010``), inside
    containers too (``path:mail.zip/inbox``); matched as a prefix of :func:`path_key`."""
    key = path_key(value).rstrip("*")
    if not key:
        raise ValueError("path: needs the start of a path, like path:leaks/2010")
    return (key + "*",)


def extensions(path: str) -> tuple[str, ...]:
    """The ``ext:`` values a file answers to: its last extension, and its last two for a
    double one (``a.tar.gz`` → ``gz``, ``tar.gz``), lower case, no dot."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower().lstrip(".")
    parts = name.split(".")[1:]
    return tuple(".".join(parts[-n:]) for n in (1, 2) if len(parts) >= n and all(parts[-n:]))


def extension(value: str) -> tuple[str, ...]:
    """``ext:`` values: ``pdf``, ``.PDF``, ``tar.gz``."""
    key = value.lower().strip().lstrip(".").rstrip("*")
    if not key or "/" in key:
        raise ValueError(f"cannot read the extension {value!r}: write it as ext:pdf or ext:.eml")
    return (key,)


def file_name(path: str) -> str:
    """The last part of ``path`` (a file's name, or an archive member's)."""
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def file_words(value: str) -> tuple[str]:
    """``file:`` values: words of a file name, in a row (``file:"board minutes"``), the last
    one a prefix when it ends in ``*``; as one value, words joined by spaces."""
    words = index_text(value.rstrip("*"))
    if not words:
        raise ValueError(f"file: needs words of a file name, like file:minutes, not {value!r}")
    return (words + ("*" if value.endswith("*") else ""),)


# --- a document's facet values, as the index holds them ----------------------------------

# The facets the index holds for every document (the entity facet is the store's: entities
# are found after indexing). kavosh.views.results lists them, with ``entity``.
INDEXED_FACETS = ("language", "type", "year", "jalali_year", "folder", "from", "to",
                  "classification")
CABLE_FACETS = ("from", "to", "classification")
NO_DATE = "none"  # the year facets' value for a document without a date

# MIME type → the type people ask for (the first prefix that matches)
_TYPE_PREFIXES: tuple[tuple[str, str], ...] = (
    ("application/pdf", "pdf"),
    ("text/html", "html"), ("application/xhtml+xml", "html"),
    ("message/", "email"), ("application/vnd.ms-outlook", "email"), ("application/mbox", "email"),
    ("image/", "image"),
    ("application/epub+zip", "ebook"),
    ("application/vnd.", "office"), ("application/msword", "office"),
    ("application/rtf", "office"), ("application/x-ole-storage", "office"),
    ("text/", "text"), ("application/json", "text"), ("application/xml", "text"),
    ("application/zip", "archive"), ("application/x-", "archive"),
    ("application/gzip", "archive"),
)


@lru_cache(maxsize=1024)
def document_type(mime: str) -> str:
    """The type a person names (``pdf``, ``html``, ``email``, ``image``, ``office``, ``text``,
    ``ebook``, ``archive``; else ``other``) for a stored MIME type."""
    return next((kind for prefix, kind in _TYPE_PREFIXES if mime.startswith(prefix)), "other")


@lru_cache(maxsize=8192)
def years(day: int | None) -> tuple[str, str]:
    """The Gregorian and Jalali years of the day ``day`` (a proleptic Gregorian ordinal;
    :data:`NO_DATE` for none)."""
    if day is None:
        return NO_DATE, NO_DATE
    gregorian = date.fromordinal(day)
    return str(gregorian.year), str(gregorian_to_jalali(gregorian)[0])


def folder_of(path: str) -> str:
    """The folder facet's value: the folder ``path`` is in (``/`` for none)."""
    return posixpath.dirname(path) or "/"


def folders_above(path: str) -> tuple[str, ...]:
    """Every folder ``path`` is in or below (``a/b/c.txt`` → ``a``, ``a/b``): a folder
    chosen narrows to the paths that start with it and ``/`` (:func:`folder_chosen`)."""
    return tuple(dict.fromkeys(path[:i] for i, char in enumerate(path) if char == "/" and i))


def folder_chosen(value: str) -> str:
    """The :func:`folders_above` value a chosen folder matches ('' for ``/``: every path)."""
    return value.rstrip("/")


def facet_values(language: str, mime: str, day: int | None, path: str,
                 cable: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """A document's value(s) of each of :data:`INDEXED_FACETS` (several for a cable's
    recipients, each once; none for a field it lacks): one rule for the index and for the
    documents shown (``kavosh.views.results``)."""
    year, jalali = years(day)
    return {"language": (language or "und",), "type": (document_type(mime),),
            "year": (year,), "jalali_year": (jalali,), "folder": (folder_of(path),),
            **{name: tuple(dict.fromkeys(cable.get(name, ()))) for name in CABLE_FACETS}}
