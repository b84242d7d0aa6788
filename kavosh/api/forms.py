"""What every writing request of the web UI and the API goes through: one same-site guard,
bodies read within a limit, form fields, JSON objects and form tokens.

Cross-site writes are refused three ways, with no script on any page:

- **Where the request came from.** A browser names it (``Sec-Fetch-Site``, else ``Origin``):
  a request another site's page made is refused (403). A request that names no origin (a
  script, curl) is the reporter's own.
- **What it sends.** A JSON endpoint takes ``application/json`` only: a form on another site
  cannot send it without a CORS preflight, which this server never answers.
- **A token on each form**, an HMAC of the form's purpose and subject under a secret drawn when
  the server starts: another site cannot read the page to copy it, and the Host check stops
  DNS rebinding. The CSP's ``form-action 'self'`` lets a page post to itself only.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

from fastapi import HTTPException, Request

from kavosh.model.errors import UsageError

MAX_BODY = 64 * 1024
_SECRET = secrets.token_bytes(32)


def same_site(request: Request) -> None:
    """Refuse (403) a request another site's page made through the reporter's browser.

    Kavosh's pages set ``Referrer-Policy: no-referrer``, under which a browser posts a form of
    the same origin with ``Origin: null``: that null is accepted only beside
    ``Sec-Fetch-Site: same-origin`` (a browser that sends no Sec-Fetch-Site must send the real
    origin); any other origin must be this server's host."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        raise HTTPException(403, "this request came from another site's page")
    origin = request.headers.get("origin")
    if origin is None or (origin == "null" and fetch_site is not None):
        return
    if urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower():
        raise HTTPException(403, "this request came from another site's page")


async def read_body(request: Request, limit: int = MAX_BODY) -> bytes:
    """The request's body, refused (413) past ``limit`` bytes before more is read."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"the request is larger than {limit:,} bytes")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HTTPException(413, f"the request is larger than {limit:,} bytes")
    return body


class PostedForm:
    """A page's urlencoded form: same-site, checked against its token, read once."""

    def __init__(self, fields: dict[str, list[str]]) -> None:
        self.fields = fields

    @classmethod
    async def read(cls, request: Request, purpose: str, subject: int,
                   limit: int = MAX_BODY) -> Self:
        """The form posted with ``request``: 403 unless same-site and carrying the token of
        ``purpose`` and ``subject`` (:func:`form_token`), 413 past ``limit`` bytes."""
        same_site(request)
        form = cls(parse_qs((await read_body(request, limit)).decode("utf-8", "replace"),
                            keep_blank_values=True))
        check_token(form.raw("token"), purpose, subject)
        return form

    def raw(self, name: str, default: str = "") -> str:
        """The first value given for ``name`` as sent (``default`` when none)."""
        return self.fields.get(name, [default])[0]

    def one(self, name: str) -> str:
        """The first value given for ``name``, without surrounding space."""
        return self.raw(name).strip()

    def all(self, name: str) -> list[str]:
        """Every non-blank value given for ``name``, without surrounding space."""
        return [v.strip() for v in self.fields.get(name, []) if v.strip()]


async def json_object(request: Request, what: str, fields: str,
                      limit: int = MAX_BODY) -> dict[str, Any]:
    """A same-site request's body (at most ``limit`` bytes) as a JSON object: 415 unless
    ``application/json`` (the message names ``what`` is sent), a usage error unless an
    object (naming ``fields``)."""
    same_site(request)
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise HTTPException(415, f"send the {what} as application/json")
    try:
        data = json.loads(await read_body(request, limit))
    except ValueError:
        raise UsageError("the body is not JSON") from None
    if not isinstance(data, dict):
        raise UsageError(f"send {fields}")
    return data


def form_token(purpose: str, subject: int) -> str:
    """The token a form for ``purpose`` (``verify-status``, ``entity``, …) about ``subject``
    (a document or entity id) carries; valid while this server process runs."""
    return hmac.new(_SECRET, f"{purpose}:{subject}".encode(), hashlib.sha256).hexdigest()


def check_token(given: str, purpose: str, subject: int) -> None:
    """Refuse (403) a form whose token is not this server's for ``purpose`` and ``subject``."""
    if not hmac.compare_digest(given, form_token(purpose, subject)):
        raise HTTPException(403, "the form has expired: reload the page and send it again")
