"""The command line: ``kavosh ingest | search | status | export | serve | custody verify``,
and the investigator's searches of :mod:`kavosh.cli.searches` (batch, saved, alerts, similar)."""

import kavosh.cli.searches  # noqa: F401  (registers its commands on the app)
from kavosh.cli.app import app, main

__all__ = ["app", "main"]
