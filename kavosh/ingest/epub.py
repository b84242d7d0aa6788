"""E-books: EPUB 2 and 3; one page per chapter, in spine (reading) order.

Contract:

- the package document named by ``META-INF/container.xml`` gives the spine; each spine item
  that is (X)HTML becomes one page, read like HTML (:func:`kavosh.ingest.html.html_to_text`:
  nothing is executed or fetched), at most ``limits.max_pages`` pages;
- the parts are checked for zip bombs before anything is read (``IngestError``); the text of the
  whole book stops at ``limits.max_text_chars`` (``metadata["truncated"]``);
- an EPUB without a package document → ``IngestError("the EPUB file is damaged: …")``;
- metadata: ``title``, ``author``, ``language``, ``page_count``, ``chapters`` (the part names,
  in order).
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from kavosh.ingest.base import IngestContext, IngestError, IngestResult, Limits, Probe
from kavosh.ingest.html import decode_html, html_to_text
from kavosh.ingest.package import DAMAGED_PACKAGE, Package, TextBudget, paged_result
from kavosh.ingest.sniff import EPUB

VERSION = "1"
_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_OPF = "{http://www.idpf.org/2007/opf}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_HTML_TYPES = {"application/xhtml+xml", "text/html"}


def _spine(package: Package) -> tuple[list[str], dict[str, Any]]:
    """The (X)HTML parts in reading order, and the book's metadata."""
    container = package.xml("META-INF/container.xml")
    rootfile = container.find(f".//{_CONTAINER}rootfile") if container is not None else None
    path = rootfile.get("full-path") if rootfile is not None else None
    opf = package.xml(path) if path else None
    if path is None or opf is None:
        raise IngestError("the EPUB file is damaged: it has no package document")
    folder = posixpath.dirname(path)
    items = {item.get("id"): item for item in opf.iter(f"{_OPF}item")}
    parts: list[str] = []
    for ref in opf.iter(f"{_OPF}itemref"):
        item = items.get(ref.get("idref"))
        if item is None or (item.get("media-type") or "") not in _HTML_TYPES:
            continue
        href = unquote((item.get("href") or "").split("#", 1)[0])
        parts.append(posixpath.normpath(posixpath.join(folder, href)))
    metadata: dict[str, Any] = {}
    for tag, key in ((f"{_DC}title", "title"), (f"{_DC}creator", "author"),
                     (f"{_DC}language", "language")):
        value = (opf.findtext(f".//{tag}") or "").strip()
        if value:
            metadata[key] = value[:2000]
    return parts, metadata


def read_epub(source: Path, limits: Limits) -> tuple[list[str], dict[str, Any]]:
    """The chapters' texts in reading order, and the book's metadata."""
    budget = TextBudget(limits.max_text_chars)
    texts: list[str] = []
    with Package(source, limits, "EPUB") as package:
        parts, metadata = _spine(package)
        for part in parts[: limits.max_pages]:
            data = package.read(part, limits.max_text_chars - budget.used + 1)
            if data is None:
                continue
            markup, _ = decode_html(data, limits.max_text_chars)
            text = html_to_text(markup)
            if not budget.take(text):
                break
            texts.append(text)
    if budget.truncated or len(parts) > limits.max_pages:
        metadata["truncated"] = "the book is larger than the limits; the rest was not read"
    metadata["chapters"] = parts[: len(texts)]
    return texts, metadata


class EpubIngestor:
    """E-books (.epub), see the module contract."""

    name = "epub"
    version = VERSION

    def match(self, probe: Probe) -> float:
        return 1.0 if probe.mime == EPUB else 0.0

    def ingest(self, source: Path, ctx: IngestContext) -> IngestResult:
        try:
            texts, metadata = read_epub(source, ctx.limits)
        except DAMAGED_PACKAGE as error:
            raise IngestError(f"the EPUB file is damaged: {error}") from None
        return paged_result(EPUB, texts, metadata, self.name, self.version)
