"""Outlook messages (.msg, an OLE2 compound file of MAPI properties) read like e-mail.

Contract (the same as :mod:`kavosh.ingest.email` for an EML, so both read alike):

- one page: the ``From``, ``To``, ``Cc``, ``Date`` and ``Subject`` lines, an empty line, then
  the body: the plain-text body, else the HTML body as text;
- every attachment becomes a child through ``ctx.add_child``, named by its long file name, else
  its short one, else ``attachment-N.bin``; an attached Outlook message (stored as a storage,
  not bytes) and attachments at ``limits.max_depth`` are recorded as not extracted, with why;
- metadata: ``from``, ``to``, ``cc``, ``subject``, ``date`` (ISO 8601), ``message_id``,
  ``attachment_count``; ``headers`` come from the message's Internet headers when Outlook kept
  them (a message received by mail), else from its MAPI properties;
- a damaged or hostile compound file → ``IngestError("the Outlook message is damaged: …")``.
"""

from __future__ import annotations

import contextlib
import re
import struct
from datetime import UTC, datetime, timedelta
from email import policy
from email.parser import HeaderParser
from email.utils import parsedate_to_datetime
from io import BytesIO
from pathlib import Path, PurePosixPath
from typing import Any

from kavosh.ingest.base import IngestContext, IngestError, IngestResult, Probe
from kavosh.ingest.cfb import CompoundFile, CompoundFileError
from kavosh.ingest.email import HEADERS
from kavosh.ingest.html import decode_html, html_to_text
from kavosh.ingest.sniff import MSG
from kavosh.ingest.text import decode_text
from kavosh.model import PageText

VERSION = "1"
_ATTACHMENT = re.compile(r"__attach_version1\.0_#([0-9A-Fa-f]{8})/")
_PROPERTIES = "__properties_version1.0"
# MAPI property ids
SUBJECT, SENDER_NAME, SENDER_EMAIL, SENDER_SMTP = 0x0037, 0x0C1A, 0x0C1F, 0x5D01
DISPLAY_TO, DISPLAY_CC, BODY, HTML_BODY = 0x0E04, 0x0E03, 0x1000, 0x1013
HEADERS_PROP, MESSAGE_ID, SUBMIT_TIME, DELIVERY_TIME = 0x007D, 0x1035, 0x0039, 0x0E06
LONG_NAME, SHORT_NAME, DISPLAY_NAME, DATA = 0x3707, 0x3704, 0x3001, 0x3701


class _Properties:
    """The variable-length MAPI properties of one storage (message or attachment)."""

    def __init__(self, cfb: CompoundFile, prefix: str, limit: int) -> None:
        self.cfb, self.prefix, self.limit = cfb, prefix, limit

    def string(self, prop: int) -> str:
        raw = self.cfb.read(f"{self.prefix}__substg1.0_{prop:04X}001F", self.limit)
        if raw is not None:
            return raw[: len(raw) // 2 * 2].decode("utf-16-le", errors="replace").rstrip("\x00")
        raw = self.cfb.read(f"{self.prefix}__substg1.0_{prop:04X}001E", self.limit)
        raw = (raw or b"").rstrip(b"\x00")
        try:  # 8-bit strings are in the message's code page: guessed as for a text file
            return decode_text(raw)[0] if raw else ""
        except IngestError:
            return raw.decode("cp1252", errors="replace")

    def binary(self, prop: int) -> bytes | None:
        return self.cfb.read(f"{self.prefix}__substg1.0_{prop:04X}0102", self.limit)

    def time(self, prop: int) -> datetime | None:
        """A PT_SYSTIME property from the fixed-length property stream, in UTC."""
        raw = self.cfb.read(f"{self.prefix}{_PROPERTIES}", 1 << 20) or b""
        start = 32 if not self.prefix else 8  # the message's own header is longer
        for offset in range(start, len(raw) - 15, 16):
            kind, ident = struct.unpack_from("<HH", raw, offset)
            if ident == prop and kind == 0x0040:
                ticks = struct.unpack_from("<Q", raw, offset + 8)[0]
                with contextlib.suppress(OverflowError):
                    return datetime(1601, 1, 1, tzinfo=UTC) + timedelta(microseconds=ticks // 10)
        return None


def _headers(props: _Properties) -> dict[str, str]:
    """From, To, Cc, Date, Subject, Message-ID: the Internet headers where kept, else MAPI."""
    values: dict[str, str] = {}
    kept = props.string(HEADERS_PROP)
    if kept:
        parsed = HeaderParser(policy=policy.compat32).parsestr(kept)
        for name in ("From", "To", "Cc", "Date", "Subject", "Message-ID"):
            with contextlib.suppress(Exception):  # a hostile header: fall back to MAPI below
                value = parsed.get(name)
                if value:
                    values[name] = " ".join(str(value).split())
    name, address = props.string(SENDER_NAME), props.string(SENDER_SMTP) or \
        props.string(SENDER_EMAIL)
    sender = f"{name} <{address}>" if name and "@" in address else name or address
    moment = props.time(SUBMIT_TIME) or props.time(DELIVERY_TIME)
    for key, value in (("From", sender), ("To", props.string(DISPLAY_TO)),
                       ("Cc", props.string(DISPLAY_CC)), ("Subject", props.string(SUBJECT)),
                       ("Message-ID", props.string(MESSAGE_ID)),
                       ("Date", moment.isoformat() if moment else "")):
        if value and key not in values:
            values[key] = " ".join(value.split())
    return values


def _body(props: _Properties) -> str:
    body = props.string(BODY)
    if body.strip():
        return body.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    html = props.binary(HTML_BODY)
    if html is None:
        html = props.string(HTML_BODY).encode("utf-8") or None
    return html_to_text(decode_html(html, props.limit)[0]) if html else ""


def _safe_name(name: str) -> str:
    base = PurePosixPath(name.replace("\\", "/").replace("\x00", "")).name
    return base.strip().lstrip(".")[:200]


def _attachments(cfb: CompoundFile, ctx: IngestContext) -> int:
    """Store every attachment as a child; return how many there are."""
    folders = sorted({m.group(0) for path in cfb.streams() if (m := _ATTACHMENT.match(path))})
    for number, folder in enumerate(folders, 1):
        props = _Properties(cfb, folder, ctx.limits.max_file_size)
        name = _safe_name(props.string(LONG_NAME) or props.string(SHORT_NAME)
                          or props.string(DISPLAY_NAME)) or f"attachment-{number}.bin"
        data = props.binary(DATA)
        if ctx.depth >= ctx.limits.max_depth:
            ctx.fail_child(name, f"attachment nested deeper than the limit of "
                                 f"{ctx.limits.max_depth} levels; not extracted")
        elif data is None:
            embedded = any(p.startswith(f"{folder}__substg1.0_3701000D/") for p in cfb.streams())
            ctx.fail_child(name, "an attached Outlook message (kept as a storage, not as a "
                                 "file); not extracted" if embedded else
                                 "the attachment holds no data (a link or an OLE object); "
                                 "not extracted")
        else:
            ctx.add_child(name, BytesIO(data))
    return len(folders)


def read_msg(source: Path, ctx: IngestContext) -> tuple[str, dict[str, Any]]:
    """The page text and metadata of an Outlook message; attachments go to ``ctx``."""
    with CompoundFile(source) as cfb:
        if not any(p.startswith("__substg1.0_") for p in cfb.streams()):
            raise IngestError("the Outlook message is damaged: it has no message properties")
        props = _Properties(cfb, "", ctx.limits.max_text_chars)
        values = _headers(props)
        body = _body(props)
        attachments = _attachments(cfb, ctx)
    metadata: dict[str, Any] = {}
    lines: list[str] = []
    for name, key in HEADERS:
        if values.get(name):
            lines.append(f"{name}: {values[name]}")
            metadata[key] = values[name]
    if "date" in metadata and not metadata["date"][:4].isdigit():
        with contextlib.suppress(TypeError, ValueError, IndexError, OverflowError):
            metadata["date"] = parsedate_to_datetime(metadata["date"]).isoformat()
    if values.get("Message-ID"):
        metadata["message_id"] = values["Message-ID"]
    metadata["attachment_count"] = attachments
    text = "\n".join(lines)
    return (f"{text}\n\n{body}" if body else text), metadata


class MsgIngestor:
    """Outlook messages (.msg), see the module contract."""

    name = "msg"
    version = VERSION

    def match(self, probe: Probe) -> float:
        return 0.9 if probe.mime == MSG else 0.0

    def ingest(self, source: Path, ctx: IngestContext) -> IngestResult:
        try:
            text, metadata = read_msg(source, ctx)
        except (CompoundFileError, struct.error) as error:
            raise IngestError(f"the Outlook message is damaged: {error}") from None
        page = PageText(number=1, text=text, engine=self.name, engine_version=self.version)
        return IngestResult(mime=MSG, pages=[page], metadata=metadata)
