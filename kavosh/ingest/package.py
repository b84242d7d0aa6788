"""Reading the XML parts of a ZIP-packaged document (OOXML, OpenDocument, EPUB) safely.

Contract of :class:`Package`:

- opening it checks the ZIP directory first (:func:`check_package`): a
  zip bomb in disguise → ``IngestError`` before any part is read; a damaged ZIP →
  ``IngestError("the <label> file is damaged: …")``;
- parts are parsed with entity expansion, DTD loading and network access off (no billion
  laughs, no XXE): an entity reference is dropped, the text around it kept;
- a part that is missing reads as None (:meth:`Package.xml`); one that is not well-formed raises
  ``etree.XMLSyntaxError``, which the readers turn into "the <label> file is damaged";
- :meth:`Package.rels` resolves an OOXML part's relationships to part names inside the package
  (external targets are dropped).

:class:`FormatFamily` is the ingestor of one family of formats (spreadsheets, presentations): the
OOXML format, its OpenDocument twin, and the legacy binary one LibreOffice converts into OOXML.

:class:`TextBudget` bounds the text of one document by ``limits.max_text_chars``: the readers
stop adding lines once it is spent and say so in ``metadata["truncated"]``.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from kavosh.ingest.base import IngestContext, IngestError, IngestResult, Limits, Probe
from kavosh.ingest.sniff import sniff
from kavosh.model import PageText

PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DC = "{http://purl.org/dc/elements/1.1/}"
_DCTERMS = "{http://purl.org/dc/terms/}"
_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"

_SAFE = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False,
         "remove_comments": True, "remove_pis": True}


def check_package(source: Path, limits: Limits, kind: str) -> None:
    """Refuse a ZIP-based document whose members would expand past the limits."""
    try:
        with zipfile.ZipFile(source) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise IngestError(f"the {kind} file is damaged: {error}") from None
    total = 0
    for info in infos:
        total += info.file_size
        ceiling = max(limits.ratio_floor, info.compress_size * limits.max_ratio)
        if info.file_size > ceiling:
            raise IngestError(
                f"the {kind} file looks like a zip bomb: its part {info.filename!r} would expand "
                f"from {info.compress_size:,} to {info.file_size:,} bytes; not opened"
            )
    if total > limits.max_file_size:
        raise IngestError(
            f"the {kind} file would expand to {total:,} bytes, more than the limit of "
            f"{limits.max_file_size:,} bytes; not opened"
        )


def _parser() -> etree.XMLParser:
    return etree.XMLParser(**_SAFE)


class Package:
    """An open ZIP package whose members are parsed as XML on demand (see the module)."""

    def __init__(self, source: Path, limits: Limits, label: str) -> None:
        check_package(source, limits, label)
        self.label = label
        try:
            self.zip = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise IngestError(f"the {label} file is damaged: {error}") from None
        self.names = set(self.zip.namelist())

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.zip.close()

    def xml(self, name: str) -> Any:
        """The root element of part ``name``, or None when the package has no such part."""
        if name not in self.names:
            return None
        with self.zip.open(name) as stream:
            return etree.parse(stream, _parser()).getroot()

    def iterparse(self, name: str, tags: tuple[str, ...],
                  events: tuple[str, ...] = ("end",)) -> Iterator[tuple[str, Any]]:
        """``(event, element)`` for each element named in ``tags`` of part ``name``, streamed;
        the caller clears what it has read (:func:`forget`)."""
        if name not in self.names:
            return
        with self.zip.open(name) as stream:
            yield from etree.iterparse(stream, events=events, tag=tags, **_SAFE)

    def read(self, name: str, limit: int) -> bytes | None:
        """At most ``limit`` bytes of part ``name``, or None when it is missing."""
        if name not in self.names:
            return None
        with self.zip.open(name) as stream:
            return stream.read(limit)

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type, part name) of ``part`` (``""`` for the package itself)."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", f"{base}.rels"))
        found: dict[str, tuple[str, str]] = {}
        if root is None:
            return found
        for rel in root.iter(f"{{{PACKAGE_RELS}}}Relationship"):
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External" or not target:
                continue
            path = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join(folder, target))
            found[rel.get("Id") or ""] = (rel.get("Type") or "", path)
        return found

    def ooxml_metadata(self) -> dict[str, Any]:
        """Title, author … from ``docProps/core.xml``, where recorded."""
        root = self.xml("docProps/core.xml")
        wanted = {f"{_DC}title": "title", f"{_DC}creator": "author", f"{_DC}subject": "subject",
                  f"{_CP}keywords": "keywords", f"{_CP}lastModifiedBy": "last_modified_by",
                  f"{_DCTERMS}created": "created", f"{_DCTERMS}modified": "modified"}
        return _fields(root, wanted)

    def odf_metadata(self) -> dict[str, Any]:
        """Title, author … from an OpenDocument's ``meta.xml``, where recorded."""
        root = self.xml("meta.xml")
        wanted = {f"{_DC}title": "title", f"{_DC}creator": "last_modified_by",
                  f"{_META}initial-creator": "author", f"{_DC}subject": "subject",
                  f"{_META}keyword": "keywords", f"{_META}creation-date": "created",
                  f"{_DC}date": "modified"}
        metadata = _fields(root, wanted)
        if "author" not in metadata and "last_modified_by" in metadata:
            metadata["author"] = metadata["last_modified_by"]
        return metadata


def _fields(root: Any, wanted: dict[str, str]) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    if root is None:
        return metadata
    for node in root.iter():
        key = wanted.get(node.tag) if isinstance(node.tag, str) else None
        value = "".join(node.itertext()).strip() if key else ""
        if key and value:
            metadata[key] = value[:2000]
    return metadata


class TextBudget:
    """Lines of one document's text, stopped once ``limit`` characters are spent."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0
        self.truncated = False

    def take(self, line: str) -> bool:
        """Count ``line``; False (and ``truncated``) when it no longer fits."""
        if self.used + len(line) + 1 > self.limit:
            self.truncated = True
            return False
        self.used += len(line) + 1
        return True


def paged_result(mime: str, texts: list[str], metadata: dict[str, Any], engine: str,
                 version: str) -> IngestResult:
    """One page per text (a sheet, a slide, a chapter), numbered from 1."""
    pages = [PageText(number=n, text=text, engine=engine, engine_version=version)
             for n, text in enumerate(texts, 1)]
    metadata["page_count"] = len(pages)
    return IngestResult(mime=mime, pages=pages, metadata=metadata)


def forget(element: Any) -> None:
    """Free a streamed element once read, and the siblings read before it."""
    element.clear()
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def local(tag: object) -> str:
    """An element's name without its namespace (``""`` for comments and the like)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


# What a damaged package raises while its parts are read.
DAMAGED_PACKAGE: tuple[type[Exception], ...] = (
    etree.LxmlError, KeyError, ValueError, EOFError, zipfile.BadZipFile, zlib.error,
    NotImplementedError, RuntimeError,  # a part compressed in an unknown way, or encrypted
)


class FormatFamily:
    """The ingestor of one family of formats; a subclass names them and reads the OOXML and
    OpenDocument ones into page texts and metadata. The legacy one (XLS, PPT) is converted to
    OOXML by LibreOffice first (``metadata["converted_by"]``); without LibreOffice it fails
    with a reason naming the Debian package to install."""

    name = ""
    version = ""
    what = ""  # how people call one file: "spreadsheet"
    ooxml = odf = legacy = ""  # MIME types
    legacy_suffix = ooxml_suffix = debian = ""

    def read_ooxml(self, source: Path, limits: Limits) -> tuple[list[str], dict[str, Any]]:
        raise NotImplementedError

    def read_odf(self, source: Path, limits: Limits) -> tuple[list[str], dict[str, Any]]:
        raise NotImplementedError

    def match(self, probe: Probe) -> float:
        if probe.mime in (self.ooxml, self.odf):
            return 1.0
        return 0.8 if probe.mime == self.legacy else 0.0

    def ingest(self, source: Path, ctx: IngestContext) -> IngestResult:
        with open(source, "rb") as stream:
            mime = sniff(stream.read(4096), "", source)
        try:
            if mime == self.odf:
                texts, metadata = self.read_odf(source, ctx.limits)
            elif mime == self.ooxml:
                texts, metadata = self.read_ooxml(source, ctx.limits)
            else:
                from kavosh.ingest.legacy import convert_with_libreoffice

                mime = self.legacy
                converted = convert_with_libreoffice(source, self.legacy_suffix, ctx.workdir,
                                                     self.ooxml_suffix, self.debian)
                texts, metadata = self.read_ooxml(converted, ctx.limits)
                metadata["converted_by"] = "LibreOffice"
        except DAMAGED_PACKAGE as error:
            raise IngestError(f"the {self.what} is damaged: {error}") from None
        return paged_result(mime, texts, metadata, self.name, self.version)
