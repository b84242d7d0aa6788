"""A reader of OLE2 compound files (Microsoft's "Compound File Binary" format, MS-CFB): the
container of Outlook .msg files (and of .doc, .xls, .ppt).

Contract of :class:`CompoundFile`:

- ``streams()`` lists every stream by its path (storages joined with ``/``), ``read(path)``
  returns its bytes, at most ``limit`` of them;
- nothing a hostile file declares is trusted: sector chains that loop, point outside the file or
  run longer than the file has sectors raise :class:`CompoundFileError`, and so do directory
  trees that loop or nest deeper than 64 storages; a stream never reads past the end of its
  chain, whatever size it declares;
- the file is read sector by sector as streams are asked for, never whole.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_NONE = 0xFFFFFFFF
_STORAGE, _STREAM, _ROOT = 1, 2, 5
_MAX_DEPTH = 64


class CompoundFileError(ValueError):
    """The compound file is damaged or hostile; the message says how."""


class _Entry:
    __slots__ = ("child", "kind", "left", "name", "right", "size", "start")

    def __init__(self, raw: bytes) -> None:
        length = min(struct.unpack_from("<H", raw, 64)[0], 64)
        self.name = raw[: max(length - 2, 0)].decode("utf-16-le", errors="replace")
        self.kind = raw[66]
        self.left, self.right, self.child = struct.unpack_from("<III", raw, 68)
        self.start = struct.unpack_from("<I", raw, 116)[0]
        self.size = struct.unpack_from("<Q", raw, 120)[0]


class CompoundFile:
    """An open compound file (see the module contract)."""

    def __init__(self, path: Path) -> None:
        self.file: BinaryIO = open(path, "rb")  # noqa: SIM115 - closed in close()
        try:
            self._load(path.stat().st_size)
        except BaseException:
            self.file.close()
            raise

    def __enter__(self) -> CompoundFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.file.close()

    def _load(self, size: int) -> None:
        header = self.file.read(512)
        if len(header) < 512 or not header.startswith(MAGIC):
            raise CompoundFileError("not an OLE2 compound file")
        shift, mini_shift = struct.unpack_from("<HH", header, 0x1E)
        if shift not in (9, 12) or mini_shift != 6:
            raise CompoundFileError(f"unsupported sector size 2^{shift}")
        self.sector = 1 << shift
        self.sectors = max((size - 512) // self.sector, 0)  # whole sectors after the header
        fat_count, first_dir = struct.unpack_from("<II", header, 0x2C)
        self.cutoff, first_minifat, _, first_difat, difat_count = \
            struct.unpack_from("<IIIII", header, 0x38)
        fat_sectors = [s for s in struct.unpack_from("<109I", header, 0x4C) if s < _END]
        per = self.sector // 4
        next_difat, seen = first_difat, set[int]()
        while next_difat < _END and len(seen) < difat_count and len(fat_sectors) < fat_count:
            if next_difat in seen:
                raise CompoundFileError("the DIFAT chain loops")
            seen.add(next_difat)
            values = struct.unpack(f"<{per}I", self._sector(next_difat))
            fat_sectors += [s for s in values[:-1] if s < _END]
            next_difat = values[-1]
        self.fat: list[int] = []
        for number in fat_sectors[:fat_count]:
            self.fat += struct.unpack(f"<{per}I", self._sector(number))
        directory = self._chain_bytes(first_dir, self.fat, self._sector)
        self.entries = [_Entry(directory[i:i + 128]) for i in range(0, len(directory) - 127, 128)]
        if not self.entries or self.entries[0].kind != _ROOT:
            raise CompoundFileError("the compound file has no root directory entry")
        root = self.entries[0]
        self.minifat: list[int] = []
        if first_minifat < _END:
            raw = self._chain_bytes(first_minifat, self.fat, self._sector)
            self.minifat = list(struct.unpack(f"<{len(raw) // 4}I", raw[: len(raw) // 4 * 4]))
        self.ministream = self._chain_bytes(root.start, self.fat, self._sector)[: root.size] \
            if root.start < _END else b""
        self.paths = self._walk()

    def _sector(self, number: int) -> bytes:
        if number >= self.sectors:
            raise CompoundFileError(f"sector {number} lies outside the file")
        self.file.seek((number + 1) * self.sector)
        return self.file.read(self.sector)

    def _mini(self, number: int) -> bytes:
        start = number * 64
        if start + 64 > len(self.ministream):
            raise CompoundFileError(f"mini sector {number} lies outside the mini stream")
        return self.ministream[start:start + 64]

    def _chain_bytes(self, start: int, table: list[int], read: Callable[[int], bytes],
                     limit: int = -1) -> bytes:
        """The bytes of the chain from ``start`` through ``table`` (``read`` gives one sector),
        stopped once ``limit`` bytes are read (-1: the whole chain)."""
        parts: list[bytes] = []
        seen: set[int] = set()
        total = 0
        number = start
        while number < _END and (limit < 0 or total < limit):
            if number in seen or number >= len(table):
                raise CompoundFileError("a sector chain loops or leaves its allocation table")
            seen.add(number)
            chunk = read(number)
            parts.append(chunk)
            total += len(chunk)
            number = table[number]
        return b"".join(parts)

    def _walk(self) -> dict[str, _Entry]:
        """Every stream by path, the directory's red-black trees walked without recursion."""
        paths: dict[str, _Entry] = {}
        visited: set[int] = {0}
        storages: list[tuple[int, str, int]] = [(self.entries[0].child, "", 0)]
        while storages:
            first, prefix, depth = storages.pop()
            if depth > _MAX_DEPTH:
                raise CompoundFileError("storages nest deeper than 64 levels")
            pending = [first]
            while pending:
                index = pending.pop()
                if index == _NONE:
                    continue
                if index in visited or index >= len(self.entries):
                    raise CompoundFileError("the directory tree loops or points outside it")
                visited.add(index)
                entry = self.entries[index]
                pending += [entry.left, entry.right]
                path = f"{prefix}{entry.name}"
                if entry.kind == _STREAM:
                    paths[path] = entry
                elif entry.kind == _STORAGE:
                    storages.append((entry.child, f"{path}/", depth + 1))
        return paths

    def streams(self) -> list[str]:
        return sorted(self.paths)

    def read(self, path: str, limit: int = 1 << 62) -> bytes | None:
        """The bytes of stream ``path`` (at most ``limit``), or None when there is none."""
        entry = self.paths.get(path)
        if entry is None:
            return None
        want = min(entry.size, limit)
        if entry.size < self.cutoff:
            data = self._chain_bytes(entry.start, self.minifat, self._mini, want)
        else:
            data = self._chain_bytes(entry.start, self.fat, self._sector, want)
        return data[:want]
