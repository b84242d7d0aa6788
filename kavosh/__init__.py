"""Kavosh: an offline, Persian-first workbench for investigating leaked archives.

Layers (a module imports only from its own layer or lower; ``tests/test_layers.py`` enforces it):

0. ``kavosh.text``, ``kavosh.model`` — pure functions on strings and the domain's dataclasses.
1. ``kavosh.archive``, ``kavosh.store``, ``kavosh.search`` — blobs, records, the search index.
2. ``kavosh.ingest`` (later ``ocr``, ``translate``, ``entities``) — a backend per format/engine.
3. ``kavosh.pipeline``, ``kavosh.export``, ``kavosh.case`` — stages, runs, read models.
4. ``kavosh.cli``, ``kavosh.api``, ``kavosh.web`` — thin entry points over the library.
"""

__version__ = "0.1.0"
