"""Outlook messages (.msg); see MsgIngestor."""

from __future__ import annotations

from pathlib import Path

from kavosh.ingest.base import IngestContext, IngestError, IngestResult, Probe
from kavosh.ingest.sniff import MSG

VERSION = "1"


class MsgIngestor:
    name = "msg"
    version = VERSION

    def match(self, probe: Probe) -> float:
        return 0.9 if probe.mime == MSG else 0.0

    def ingest(self, source: Path, ctx: IngestContext) -> IngestResult:
        raise IngestError("not yet")
