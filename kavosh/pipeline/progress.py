"""How a long run tells its caller how far it has come (defined in ``kavosh.model.progress``,
so stages below the pipeline, such as OCR, report the same way)."""

from kavosh.model.progress import NoProgress, Progress

__all__ = ["NoProgress", "Progress"]
