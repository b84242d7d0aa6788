"""Stages and runs: receiving files, reading, OCR, deriving and indexing them, resumably.

See :mod:`kavosh.pipeline.stages` for the stages and their state, :mod:`kavosh.pipeline.engine`
for the one engine that runs them, :mod:`kavosh.pipeline.run` for the runs.
"""

from kavosh.model.progress import NoProgress, Progress
from kavosh.pipeline.embed import EmbedOptions, EmbedSummary
from kavosh.pipeline.ocr import OcrOptions, OcrSummary
from kavosh.pipeline.run import RunSummary, ingest, process, reindex, run_embed, run_ocr

__all__ = ["EmbedOptions", "EmbedSummary", "NoProgress", "OcrOptions", "OcrSummary",
           "Progress", "RunSummary", "ingest", "process", "reindex", "run_embed", "run_ocr"]
