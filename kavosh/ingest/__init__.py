"""Reading files: sniff a file's type, choose an ingestor by score, get pages, metadata, children.

``kavosh.ingest.base`` holds the contract, ``kavosh.ingest.sniff`` the content sniffer and
``kavosh.ingest.registry`` the choice (built-ins plus ``kavosh.ingestors`` entry-point plugins)
and :func:`ingest_file`, the single entry point the pipeline calls.
"""

from kavosh.ingest.base import (
    Child,
    FatalError,
    IngestContext,
    IngestError,
    Ingestor,
    IngestResult,
    Limits,
    Probe,
)

__all__ = [
    "Child",
    "FatalError",
    "IngestContext",
    "IngestError",
    "IngestResult",
    "Ingestor",
    "Limits",
    "Probe",
]
