"""HTML, XHTML and SVG as text: parsed with lexbor, never rendered, never fetched, never run.

Contract:

- ``script``, ``style``, ``noscript``, ``template``, ``iframe``, ``object``, ``embed``, ``svg``
  (and comments) contribute no text; nothing referenced by the page is ever loaded.
- Block elements (``p``, ``div``, ``br``, ``li``, ``tr``, ``h1``–``h6`` …) become line breaks
  (never an empty line); table cells are separated by a tab; inside ``pre`` the line breaks
  are kept, elsewhere runs of whitespace become one space.
- The title, ``<meta name=description>`` and ``<meta name=author>`` go to metadata.
- The charset comes from a BOM, then ``<meta charset>`` / ``http-equiv`` / the XML declaration
  (when the bytes really decode with it), then the plain-text decoder of ``kavosh.ingest.text``.
- An SVG file yields only the text of its ``<title>``, ``<desc>`` and ``<text>`` elements.
- Elements nested deeper than ``limits.max_nesting`` lose their tags before parsing (their
  text is kept, a block's as a line break): lexbor's tree builder takes time quadratic in
  the nesting depth (1,000,000 nested ``<div>``: hours), the flattening is one linear pass.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from kavosh.ingest.base import IngestContext, IngestError, IngestResult, Limits, Probe
from kavosh.ingest.sniff import HTML, SVG, XHTML, utf16_without_bom
from kavosh.ingest.text import UNDECODABLE, codec_name, decode_text, read_capped
from kavosh.model import PageText

VERSION = "1"

DROPPED = frozenset({
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "head",
    "frameset", "frame", "applet", "canvas", "audio", "video", "math", "input", "select",
})
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd",
    "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "legend",
    "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
    "tfoot", "thead", "title", "tr", "ul",
})
CELLS = frozenset({"td", "th"})
# Tags that never deepen the tree: void elements, and those a parser closes by themselves when
# the next one opens (``<p><p>`` are siblings), so counting them would see depth that is not.
FLAT = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "p", "li", "dt", "dd", "td", "th", "tr", "option",
})
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/<>]*)[^<>]*>")  # [^<>]: each try stops at the next <

_DECLARED = re.compile(
    rb"""<meta[^>]{0,400}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE
)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]{0,200}encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""")
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n{2,}")


def decode_html(data: bytes, max_chars: int | None = None) -> tuple[str, str]:
    """Decode an HTML or XML document's bytes; return ``(markup, codec)``."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data, max_chars)
    if utf16_without_bom(data[:4096]) is None:
        head = data[:4096]
        match = _XML_DECL.match(head) or _DECLARED.search(head)
        if match is not None:
            declared = match.group(1).decode("ascii").lower()
            try:
                codec = codec_name(declared)
                if codec.startswith("utf-16"):  # a meta tag cannot be read in UTF-16: ignore it
                    raise LookupError(codec)
                decoder = codecs.getincrementaldecoder(codec)()
                text = decoder.decode(data, final=False)
            except (LookupError, UnicodeDecodeError, ValueError):
                pass
            else:
                if codec != "utf-8" and _is_utf8_with_non_ascii(data):
                    return decode_text(data, max_chars)  # mislabelled UTF-8, very common
                return (text if max_chars is None else text[:max_chars]), codec
    return decode_text(data, max_chars)


def _is_utf8_with_non_ascii(data: bytes) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return any(b >= 0x80 for b in data[:1_000_000])


def bounded_nesting(markup: str, limit: int) -> str:
    """``markup`` with the tags of elements nested deeper than ``limit`` removed, their text
    kept (a run of removed block tags becomes one ``<br>``). Depth is counted on the tags as
    written (end tags a parser would imply are not), so it is never under the real depth;
    markup with fewer tags than ``limit`` is returned as it is without a scan."""
    if markup.count("<") <= limit:
        return markup
    parts: list[str] = []
    depth = last = 0
    broken = -1  # where the last <br> put for removed block tags ends in ``markup``
    for match in _TAG.finditer(markup):
        name = match.group(2).lower()
        if name in FLAT or match.group(0).endswith("/>"):
            continue
        if match.group(1):  # an end tag
            deep, depth = depth > limit, max(0, depth - 1)
        else:
            depth += 1
            deep = depth > limit
        if deep:
            parts.append(markup[last:match.start()])
            if name in BLOCKS:
                if broken != match.start():
                    parts.append("<br>")
                broken = match.end()
            last = match.end()
    if not parts:
        return markup
    parts.append(markup[last:])
    return "".join(parts)


def html_to_text(markup: str, max_nesting: int = Limits().max_nesting) -> str:
    """The readable text of an HTML document or fragment (see the module contract)."""
    tree = LexborHTMLParser(bounded_nesting(markup, max_nesting))
    start = tree.body or tree.root
    return node_text(start) if start is not None else ""


def node_text(start: LexborNode) -> str:
    """Text of ``start``'s subtree, blocks as line breaks; iterative, so deep nesting is safe."""
    parts: list[str] = []
    pre_depth = 0
    stack: list[LexborNode | str] = [start]  # a str is the closing of that element's tag
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if item in BLOCKS:
                parts.append("\n")
            if item == "pre":
                pre_depth -= 1
            continue
        if item.is_text_node:
            value = item.text_content or ""
            parts.append(value if pre_depth else _SPACES.sub(" ", value))
            continue
        if not item.is_element_node:
            continue
        tag = (item.tag or "").lower()
        if tag in DROPPED:
            continue
        if tag in BLOCKS:
            parts.append("\n")
        elif tag in CELLS:
            parts.append("\t")
        if tag == "pre":
            pre_depth += 1
        stack.append(tag)
        children: list[LexborNode] = []
        child = item.first_child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend(reversed(children))
    return _tidy("".join(parts))


def _tidy(text: str) -> str:
    """Lines stripped, cells separated by one tab, no empty lines."""
    lines = ["\t".join(cell.strip() for cell in line.strip().split("\t")).strip("\t")
             for line in text.split("\n")]
    return _BLANK_LINES.sub("\n", "\n".join(lines)).strip("\n")


def _metadata(tree: LexborHTMLParser) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    title = tree.css_first("title")
    if title is not None and title.text(strip=True):
        metadata["title"] = _SPACES.sub(" ", title.text(strip=True))
    for meta in tree.css("meta[name]"):
        name = (meta.attributes.get("name") or "").strip().lower()
        content = (meta.attributes.get("content") or "").strip()
        if name in ("description", "author", "keywords", "generator") and content:
            metadata.setdefault(name, content[:2000])
    return metadata


class HtmlIngestor:
    """HTML and XHTML pages: one page of text, scripts and styles removed."""

    name = "html"
    version = VERSION

    def match(self, probe: Probe) -> float:
        return 0.9 if probe.mime in (HTML, XHTML) else 0.0

    def ingest(self, source: Path, ctx: IngestContext) -> IngestResult:
        data, _ = read_capped(source, ctx.limits.max_text_chars)
        markup, codec = decode_html(data, ctx.limits.max_text_chars)
        tree = LexborHTMLParser(bounded_nesting(markup, ctx.limits.max_nesting))
        metadata = _metadata(tree)
        metadata["encoding"] = codec
        start = tree.body or tree.root
        text = node_text(start) if start is not None else ""
        page = PageText(number=1, text=text, engine=self.name, engine_version=self.version)
        return IngestResult(mime="", pages=[page], metadata=metadata)


class SvgIngestor:
    """SVG drawings: only the words in ``<title>``, ``<desc>`` and ``<text>``; nothing is run."""

    name = "svg"
    version = VERSION

    def match(self, probe: Probe) -> float:
        return 0.9 if probe.mime == SVG else 0.0

    def ingest(self, source: Path, ctx: IngestContext) -> IngestResult:
        data, _ = read_capped(source, ctx.limits.max_text_chars)
        try:
            markup, codec = decode_html(data, ctx.limits.max_text_chars)
        except IngestError:
            raise IngestError(f"the SVG drawing is not readable text ({UNDECODABLE})") from None
        # Parsed as an HTML fragment: lexbor builds the SVG elements without running anything.
        tree = LexborHTMLParser(f"<div>{bounded_nesting(markup, ctx.limits.max_nesting)}</div>")
        lines: list[str] = []
        for element in tree.css("title, desc, text"):
            words = _SPACES.sub(" ", element.text(deep=True, strip=True))
            if words:
                lines.append(words)
        page = PageText(number=1, text="\n".join(lines), engine=self.name,
                        engine_version=self.version)
        return IngestResult(mime=SVG, pages=[page], metadata={"encoding": codec})
