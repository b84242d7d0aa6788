"""Plain text in any encoding an Iranian archive is likely to hold (TXT, CSV, TSV, Markdown …).

Decoding order (:func:`decode_text`):

1. a byte-order mark: UTF-8, UTF-16 LE/BE, UTF-32;
2. UTF-16 without a BOM, recognised by NUL bytes alternating with ASCII;
3. strict UTF-8;
4. Windows-1256 (the Arabic code page of older Iranian files) when the bytes it decodes are
   mostly Arabic-script letters — checked before any statistical guess, which often mistakes
   Persian bytes for Cyrillic or Greek code pages;
5. charset-normalizer's best guess.

The result must still look like text (few control characters and replacement marks);
otherwise :class:`IngestError` "the text could not be decoded in any known encoding".
``metadata["encoding"]`` is the codec used, lowercase (``utf-8``, ``utf-16``, ``cp1256`` …).
The text is capped at ``limits.max_text_chars`` characters (``metadata["truncated"]``);
newlines are normalised to ``\\n``; form feeds split pages.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from kavosh.ingest.base import IngestContext, IngestError, IngestResult, Probe
from kavosh.ingest.sniff import utf16_without_bom
from kavosh.model import PageText

VERSION = "1"
UNDECODABLE = "the text could not be decoded in any known encoding"

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
_NAMES = {"windows-1256": "cp1256", "utf_8": "utf-8", "utf_16": "utf-16", "ascii": "utf-8"}
_TEXT_MIMES = {"application/json", "application/xml", "text/xml"}


def decode_text(data: bytes, max_chars: int | None = None) -> tuple[str, str]:
    """Decode ``data``; return ``(text, codec)``. Raise :class:`IngestError` when it is not text.

    ``data`` may end in the middle of a character (it was read with a cap); that tail is dropped.
    """
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return _checked(_decode(data[len(bom):], codec), label, max_chars)
    codec16 = utf16_without_bom(data[:65536])
    if codec16 is not None:
        return _checked(_decode(data, codec16), codec16, max_chars)
    try:
        return _checked(_decode(data, "utf-8"), "utf-8", max_chars)
    except UnicodeDecodeError:
        pass
    if _mostly_arabic(data):
        return _checked(_decode(data, "cp1256"), "cp1256", max_chars)
    guess = _charset_normalizer_guess(data)
    if guess is None:
        raise IngestError(UNDECODABLE)
    try:
        text = _decode(data, guess, errors="replace")
    except LookupError as error:
        raise IngestError(UNDECODABLE) from error
    return _checked(text, guess, max_chars)


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def codec_name(name: str) -> str:
    """A codec's name as recorded in metadata: lowercase, Python's canonical spelling."""
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        canonical = name
    canonical = canonical.lower().replace("_", "-")
    return _NAMES.get(canonical, canonical)


def _decode(data: bytes, codec: str, errors: str = "strict") -> str:
    decoder = codecs.getincrementaldecoder(codec)(errors=errors)
    return decoder.decode(data, final=False)


def _checked(text: str, codec: str, max_chars: int | None) -> tuple[str, str]:
    sample = text[:200_000]
    if sample:
        bad = sum(
            1 for ch in sample
            if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\x1b")
        )
        if bad > len(sample) * 0.01 + 1:
            raise IngestError(UNDECODABLE)
    if max_chars is not None:
        text = text[:max_chars]
    return text, codec_name(codec)


def _mostly_arabic(data: bytes) -> bool:
    """True when the non-ASCII bytes, read as Windows-1256, are mostly Arabic-script letters."""
    high = [b for b in data[:200_000] if b >= 0x80]
    if not high:
        return False
    decoded = bytes(high).decode("cp1256", errors="replace")
    arabic = sum(1 for ch in decoded if "\u0600" <= ch <= "\u06ff" or ch in "\u200c\u200d")
    return arabic >= len(decoded) * 0.6


def _charset_normalizer_guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    return None if best is None else str(best.encoding)


def read_capped(source: Path, max_chars: int) -> tuple[bytes, bool]:
    """The file's bytes, at most what ``max_chars`` characters can take (4 bytes each)."""
    cap = max_chars * 4
    with open(source, "rb") as stream:
        data = stream.read(cap)
        more = bool(stream.read(1))
    return data, more


class TextIngestor:
    """Plain text, CSV, TSV, Markdown, JSON and XML as written (one page, or one per form feed)."""

    name = "text"
    version = VERSION

    def match(self, probe: Probe) -> float:
        if probe.mime.startswith("text/"):
            return 0.5
        if probe.mime in _TEXT_MIMES:
            return 0.4
        return 0.0

    def ingest(self, source: Path, ctx: IngestContext) -> IngestResult:
        limit = ctx.limits.max_text_chars
        data, more = read_capped(source, limit)
        text, codec = decode_text(data, max_chars=limit)
        text = normalize_newlines(text)
        metadata: dict[str, object] = {"encoding": codec}
        if more or len(text) >= limit:
            metadata["truncated"] = f"only the first {limit:,} characters were read"
        chunks = text.split("\f") if "\f" in text else [text]
        chunks = chunks[: ctx.limits.max_pages]
        pages = [
            PageText(number=i, text=chunk, engine=self.name, engine_version=self.version)
            for i, chunk in enumerate(chunks, start=1)
        ]
        # mime "" = the sniffed one (text/csv, text/markdown …), filled in by the registry
        return IngestResult(mime="", pages=pages, metadata=metadata)
