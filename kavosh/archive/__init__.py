"""Originals stored read-only by content hash, and the hash-chained custody log."""

from kavosh.archive.blobs import BlobStore, BlobTooLarge, StoredBlob

__all__ = ["BlobStore", "BlobTooLarge", "StoredBlob"]
