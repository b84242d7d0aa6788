"""Originals stored read-only by content hash, and the hash-chained custody log."""

from kavosh.archive.blobs import ArchiveWriteError, BlobState, BlobStore, BlobTooLarge, StoredBlob

__all__ = ["ArchiveWriteError", "BlobState", "BlobStore", "BlobTooLarge", "StoredBlob"]
