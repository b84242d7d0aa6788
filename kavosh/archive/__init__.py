"""Originals stored read-only by content hash, and the hash-chained custody log."""

from kavosh.archive.blobs import BlobState, BlobStore, BlobTooLarge, StoredBlob

__all__ = ["BlobState", "BlobStore", "BlobTooLarge", "StoredBlob"]
