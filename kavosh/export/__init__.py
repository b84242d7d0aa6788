"""Exports of a case. ``jsonl`` is the interchange format every later feature extends."""

from kavosh.export.jsonl import document_record, export_jsonl

__all__ = ["document_record", "export_jsonl"]
