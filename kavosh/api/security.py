"""What keeps a hostile document, or a hostile web page open in the same browser, harmless.

- Every response carries a strict Content-Security-Policy (no script at all, styles and images
  from this server only), ``nosniff``, no referrer and no framing.
- Only loopback host names are accepted in the ``Host`` header, so a web page that rebinds its
  DNS name to 127.0.0.1 cannot read the case through the reporter's browser.
- Originals are only ever downloads: ``application/octet-stream``, ``attachment``, sandboxed.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from urllib.parse import quote

from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'none'; img-src 'self'; style-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
# For originals: even if a browser ignored the attachment, nothing in it could run.
DOWNLOAD_CSP = "default-src 'none'; sandbox"

SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("content-security-policy", CSP),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
)

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
ALLOWED_HOSTS_ENV = "KAVOSH_ALLOWED_HOSTS"


def allowed_hosts(extra: Iterable[str] | None = None) -> list[str]:
    """Loopback names, those given, and those in ``$KAVOSH_ALLOWED_HOSTS`` (comma-separated)."""
    hosts = list(LOOPBACK_HOSTS)
    hosts += list(extra or ())
    hosts += [h.strip() for h in os.environ.get(ALLOWED_HOSTS_ENV, "").split(",")]
    out: list[str] = []
    for host in hosts:
        host = host.strip().lower()
        if host in ("0.0.0.0", "::", "[::]"):  # binding to all addresses names no host
            continue
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        if host and host not in out:
            out.append(host)
    return out


class SecurityHeaders:
    """Pure ASGI middleware: add the security headers to every HTTP response.

    A header the route set itself (a stricter CSP for a download) is kept;
    ``Cache-Control: no-store`` is the default, so a leaked document's text or page image does
    not linger in the browser's disk cache.

    Every response includes an unexpected error's: Starlette answers an unhandled exception
    outside all middleware, with none of these headers, so this middleware answers it first
    with ``on_error(scope)`` (a 500 page or JSON, with the headers), then lets the exception
    go on to be logged.
    """

    def __init__(self, app: ASGIApp,
                 on_error: Callable[[Scope], Response] = lambda scope: PlainTextResponse(
                     "internal error", status_code=500)) -> None:
        self.app = app
        self.on_error = on_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in (*SECURITY_HEADERS, ("cache-control", "no-store")):
                    if name.encode("latin-1") not in present:
                        headers.append((name.encode("latin-1"), value.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            if not started:
                await self.on_error(scope)(scope, receive, send_with_headers)
            raise


_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9._-]+")


def _clean_name(name: str) -> str:
    """The last path component, without control characters or separators."""
    name = name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    return name.strip().strip(".") or ""


def content_disposition(name: str, fallback: str) -> str:
    """``attachment`` with an ASCII ``filename`` and the real name as RFC 5987 ``filename*``."""
    clean = _clean_name(name)
    stem, dot, ext = clean.rpartition(".")
    if not dot:
        stem, ext = clean, ""
    ascii_ext = _UNSAFE_ASCII.sub("", ext)[:16]
    ascii_stem = _UNSAFE_ASCII.sub("_", stem).strip("._")[:120]
    if not any(c.isalnum() for c in ascii_stem):
        ascii_stem = fallback
    ascii_name = ascii_stem + (f".{ascii_ext}" if ascii_ext else "")
    value = f'attachment; filename="{ascii_name}"'
    if clean and clean != ascii_name:
        value += f"; filename*=UTF-8''{quote(clean, safe='')}"
    return value
