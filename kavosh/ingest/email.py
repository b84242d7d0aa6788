"""E-mail: single messages (EML, RFC 5322) and mailboxes (mbox).

Contract:

- EML → one page: the ``From``, ``To``, ``Cc``, ``Date`` and ``Subject`` lines (RFC 2047
  encoded words decoded, so Persian subjects read as Persian), an empty line, then the body:
  the ``text/plain`` part, else the ``text/html`` part as text (``kavosh.ingest.html``);
  further inline text parts are appended;
- attachments, inline non-text parts and attached messages become children through
  ``ctx.add_child`` (named by their file name, else ``attachment-N.<ext>`` /
  ``message-N.eml``); at ``limits.max_depth`` they are recorded as not extracted;
- metadata: ``from``, ``to``, ``cc``, ``subject``, ``date`` (ISO 8601 when it parses),
  ``message_id``, ``attachment_count``;
- MBOX → no pages; each message becomes a child ``message-0001.eml`` …,
  ``metadata["message_count"]``; more than ``limits.max_members`` → ``IngestError`` after the
  first ones are kept.
"""

from __future__ import annotations

import contextlib
import mailbox
import mimetypes
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from io import BytesIO
from pathlib import Path, PurePosixPath
from typing import Any

from kavosh.ingest.base import IngestContext, IngestError, IngestResult, Probe
from kavosh.ingest.html import html_to_text
from kavosh.ingest.sniff import EML, MBOX
from kavosh.model import PageText

VERSION = "1"
HEADERS = (("From", "from"), ("To", "to"), ("Cc", "cc"), ("Date", "date"), ("Subject", "subject"))


def header(message: Message, name: str) -> str:
    """A header's decoded value ('' when absent); a malformed header falls back to its raw text."""
    try:
        value = message.get(name)
    except Exception:  # the default policy's parser can choke on hostile headers
        value = _raw_header(message, name)
    if value is None:
        return ""
    return " ".join(str(value).split())


def _raw_header(message: Message, name: str) -> str | None:
    """The header's unparsed value, with RFC 2047 words decoded where they decode."""
    for key, raw in message.raw_items():
        if key.lower() == name.lower():
            try:
                return str(make_header(decode_header(str(raw))))
            except Exception:  # undecodable encoded words: keep the raw text
                return str(raw)
    return None


def part_text(part: Message) -> str:
    """A text part's content as a string, whatever its declared charset."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    try:
        charset = part.get_content_charset() or "utf-8"
        return payload.decode(charset, errors="replace")
    except Exception:  # an unknown or hostile charset parameter
        return payload.decode("utf-8", errors="replace")


def _describe(part: Message) -> tuple[str, bool, str | None]:
    """A part's content type, whether it is an attachment, and its file name (if any)."""
    try:
        kind = part.get_content_type()
    except Exception:  # a hostile Content-Type: keep the bytes as an attachment
        return "application/octet-stream", True, None
    try:
        filename = part.get_filename()
        disposition = (part.get_content_disposition() or "").lower()
    except Exception:
        return kind, True, None
    return kind, disposition == "attachment" or bool(filename), filename


def _leaves(message: Message) -> list[Message]:
    """The non-multipart parts in order; an attached message is one leaf (not descended)."""
    leaves: list[Message] = []
    stack: list[Message] = [message]
    while stack:
        part = stack.pop()
        if part is not message and _describe(part)[0] == "message/rfc822":
            leaves.append(part)
        elif part.is_multipart():
            payload = part.get_payload()
            if isinstance(payload, list):
                stack.extend(reversed([p for p in payload if isinstance(p, Message)]))
        else:
            leaves.append(part)
    return leaves


def _safe_filename(name: str | None) -> str:
    if not name:
        return ""
    base = PurePosixPath(name.replace("\\", "/").replace("\x00", "")).name
    return base.strip().lstrip(".")[:200]


def _child_bytes(part: Message) -> bytes:
    if part.get_content_type() == "message/rfc822":
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else None
        if isinstance(inner, Message):
            return inner.as_bytes(policy=policy.default.clone(linesep="\n"))
        return b""
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def read_message(message: Message, ctx: IngestContext) -> tuple[str, dict[str, Any]]:
    """The page text and metadata of one message; its attachments go to ``ctx`` as children."""
    metadata: dict[str, Any] = {}
    lines: list[str] = []
    for name, key in HEADERS:
        value = header(message, name)
        if value:
            lines.append(f"{name}: {value}")
            metadata[key] = value
    if "date" in metadata:
        with contextlib.suppress(TypeError, ValueError, IndexError, OverflowError):
            metadata["date"] = parsedate_to_datetime(metadata["date"]).isoformat()
    message_id = header(message, "Message-ID")
    if message_id:
        metadata["message_id"] = message_id

    plain: list[str] = []
    html: list[str] = []
    attachments = 0
    for part in _leaves(message):
        kind, attached, filename = _describe(part)
        if kind in ("text/plain", "text/html") and not attached:
            (plain if kind == "text/plain" else html).append(part_text(part))
            continue
        attachments += 1
        ext = ".eml" if kind == "message/rfc822" else (mimetypes.guess_extension(kind) or ".bin")
        stem = "message" if kind == "message/rfc822" else "attachment"
        name = _safe_filename(filename) or f"{stem}-{attachments}{ext}"
        if ctx.depth >= ctx.limits.max_depth:
            ctx.fail_child(name, f"attachment nested deeper than the limit of "
                                 f"{ctx.limits.max_depth} levels; not extracted")
            continue
        try:
            data = _child_bytes(part)
        except Exception as error:  # the email package on a hostile part: record, go on
            ctx.fail_child(name, f"the attachment is damaged: {type(error).__name__}: {error}")
            continue
        ctx.add_child(name, BytesIO(data))
    body = "\n\n".join(t.strip("\n") for t in plain if t.strip())
    if not body:
        body = "\n\n".join(html_to_text(t) for t in html if t.strip())
    metadata["attachment_count"] = attachments
    text = "\n".join(lines)
    text = f"{text}\n\n{body}" if body else text
    return text.replace("\r\n", "\n").replace("\r", "\n"), metadata


class EmailIngestor:
    """One e-mail message (.eml)."""

    name = "email"
    version = VERSION

    def match(self, probe: Probe) -> float:
        return 0.9 if probe.mime == EML else 0.0

    def ingest(self, source: Path, ctx: IngestContext) -> IngestResult:
        with open(source, "rb") as stream:
            message = BytesParser(policy=policy.default).parse(stream)
        if not isinstance(message, EmailMessage) or not message.keys():
            raise IngestError("the e-mail message is damaged: it has no headers")
        text, metadata = read_message(message, ctx)
        page = PageText(number=1, text=text, engine=self.name, engine_version=self.version)
        return IngestResult(mime=EML, pages=[page], metadata=metadata)


class MboxIngestor:
    """A mailbox file (mbox): every message becomes a child ``.eml`` document."""

    name = "mbox"
    version = VERSION

    def match(self, probe: Probe) -> float:
        return 0.9 if probe.mime == MBOX else 0.0

    def ingest(self, source: Path, ctx: IngestContext) -> IngestResult:
        if ctx.depth >= ctx.limits.max_depth:
            raise IngestError(
                f"archive nested deeper than the limit of {ctx.limits.max_depth} levels; "
                "not opened"
            )
        box = mailbox.mbox(source, create=False)
        count = 0
        try:
            for key in box.iterkeys():
                count += 1
                if count > ctx.limits.max_members:
                    raise IngestError(
                        f"the mailbox has more than {ctx.limits.max_members:,} messages; only "
                        f"the first {ctx.limits.max_members:,} were extracted"
                    )
                ctx.add_child(f"message-{count:04d}.eml", BytesIO(box.get_bytes(key)))
        finally:
            box.close()
        return IngestResult(mime=MBOX, metadata={"message_count": count})
