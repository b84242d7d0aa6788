"""The web UI's templates and stylesheet (package data), served by ``kavosh.api``.

Everything the browser loads comes from here: no script, no external font or stylesheet, so
the UI works offline and a strict Content-Security-Policy holds.
"""

from __future__ import annotations

from pathlib import Path

WEB = Path(__file__).resolve().parent
TEMPLATES = WEB / "templates"
STATIC = WEB / "static"
