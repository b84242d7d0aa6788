"""The command line: ``kavosh ingest | search | status | export | serve | custody verify``."""

from kavosh.cli.app import app, main

__all__ = ["app", "main"]
