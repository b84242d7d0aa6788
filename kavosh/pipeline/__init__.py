"""Stages and runs: receiving files, reading them, indexing them, resumably."""

from kavosh.pipeline.ingest import RunSummary, ingest
from kavosh.pipeline.progress import NoProgress, Progress

__all__ = ["NoProgress", "Progress", "RunSummary", "ingest"]
