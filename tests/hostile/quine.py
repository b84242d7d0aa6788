"""A zip file whose only member, ``r.zip``, is the zip file itself (after Russ Cox, "Zip Files
All The Way Down", 2010), built here rather than stored.

The member's deflate stream is a program of two instructions, each encoded in exactly
``UNIT`` (7) bytes so that instructions can be copied as data:

- ``Lit(n)``: two empty fixed-Huffman blocks and a stored block header: the next ``n`` units
  of the stream are output as they are;
- ``Rep(n)``: one fixed-Huffman block copying the last ``n`` units of output (split into
  copies whose codes fill exactly 56 bits).

With ``P`` the local header (5 units) and ``S`` the central directory and end record
(11 units), the program

    Lit(6) [P Lit(6)]  Rep(6)  Lit(1) [Rep(6)]  Lit(1) [Lit(1)]  Lit(4) [Rep(6) Lit(1) Lit(1)
    Lit(4)]  Rep(4)  Lit(12) [Rep(4) Lit(12) × 6]  Rep(4)  Lit(12) [Rep(12) S]  Rep(12)

outputs ``P``, itself, then ``S``: the whole file. The CRC-32 stored in ``P`` and ``S`` is of
that output, which contains it: CRC-32 being affine over GF(2), the fixed point is found by
solving a 32 × 32 linear system.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable

UNIT = 7
NAME = b"r.zip"
COMMENT = b"kvsh"  # pads the suffix to a whole number of units (and an even one plus one)

_LENGTHS = [(257 + i, base, extra) for i, (base, extra) in enumerate([
    (3, 0), (4, 0), (5, 0), (6, 0), (7, 0), (8, 0), (9, 0), (10, 0), (11, 1), (13, 1),
    (15, 1), (17, 1), (19, 2), (23, 2), (27, 2), (31, 2), (35, 3), (43, 3), (51, 3),
    (59, 3), (67, 4), (83, 4), (99, 4), (115, 4), (131, 5), (163, 5), (195, 5), (227, 5)])]
_DISTANCES = [(i, base, extra) for i, (base, extra) in enumerate([
    (1, 0), (2, 0), (3, 0), (4, 0), (5, 1), (7, 1), (9, 2), (13, 2), (17, 3), (25, 3),
    (33, 4), (49, 4), (65, 5), (97, 5), (129, 6), (193, 6), (257, 7), (385, 7)])]


class _Bits:
    """A deflate bit stream: values LSB first, Huffman codes MSB first."""

    def __init__(self) -> None:
        self.bits: list[int] = []

    def value(self, value: int, count: int) -> None:
        self.bits += [(value >> i) & 1 for i in range(count)]

    def code(self, code: int, count: int) -> None:
        self.bits += [(code >> i) & 1 for i in reversed(range(count))]

    def symbol(self, symbol: int) -> None:
        """A literal/length symbol in the fixed Huffman code."""
        if symbol <= 279:
            self.code(symbol - 256, 7)
        else:
            self.code(symbol - 280 + 0b11000000, 8)

    def copy(self, length: int, distance: int) -> None:
        symbol, base, extra = next(t for t in reversed(_LENGTHS) if t[1] <= length)
        self.symbol(symbol)
        self.value(length - base, extra)
        code, base, extra = next(t for t in reversed(_DISTANCES) if t[1] <= distance)
        self.code(code, 5)
        self.value(distance - base, extra)

    def fixed_block(self, final: bool = False) -> None:
        self.value(int(final), 1)
        self.value(1, 2)

    def to_bytes(self, size: int) -> bytes:
        assert len(self.bits) <= size * 8, (len(self.bits), size)
        bits = self.bits + [0] * (size * 8 - len(self.bits))
        return bytes(sum(bits[i * 8 + j] << j for j in range(8)) for i in range(size))


def _lit(units: int) -> bytes:
    bits = _Bits()
    for _ in range(2):  # two empty fixed blocks: 20 bits, so that the header fills 7 bytes
        bits.fixed_block()
        bits.symbol(256)
    bits.value(0, 3)  # a stored block, not final; then padding to the byte
    head = bits.to_bytes(3)
    size = units * UNIT
    return head + struct.pack("<HH", size, size ^ 0xFFFF)


def _rep(units: int, pieces: tuple[int, ...], final: bool = False,
         empty_blocks: int = 0) -> bytes:
    """Copy the last ``units`` units in copies of ``pieces`` bytes, padded to 56 bits."""
    assert sum(pieces) == units * UNIT
    bits = _Bits()
    bits.fixed_block(final)
    for piece in pieces:
        bits.copy(piece, units * UNIT)
    bits.symbol(256)
    for _ in range(empty_blocks):
        bits.fixed_block()
        bits.symbol(256)
    if not final:
        assert len(bits.bits) == UNIT * 8, len(bits.bits)
    return bits.to_bytes(UNIT)


def _program(prefix: bytes, suffix: bytes) -> bytes:
    p, s = len(prefix) // UNIT, len(suffix) // UNIT
    assert p == 5 and s == 11, (p, s)
    lit1, lit4, lit6, lit12 = _lit(1), _lit(4), _lit(6), _lit(12)
    rep6 = _rep(6, (21, 21), empty_blocks=1)
    rep4 = _rep(4, (8, 9, 11))
    rep12 = _rep(12, (84,), final=True)
    return b"".join([
        lit6, prefix, lit6, rep6,
        lit1, rep6,
        lit1, lit1,
        lit4, rep6, lit1, lit1, lit4,
        rep4,
        lit12, (rep4 + lit12) * 6,
        rep4,
        lit12, rep12, suffix,
        rep12,
    ])


def _file(crc: int) -> bytes:
    header_size = 30 + len(NAME)
    directory_size = 46 + len(NAME)
    suffix_size = directory_size + 22 + len(COMMENT)
    program_size = len(_program(bytes(header_size), bytes(suffix_size)))
    total = header_size + program_size + suffix_size
    prefix = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, program_size,
                         total, len(NAME), 0) + NAME
    suffix = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc,
                         program_size, total, len(NAME), 0, 0, 0, 0, 0, 0) + NAME
    suffix += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, directory_size,
                          header_size + program_size, len(COMMENT)) + COMMENT
    return prefix + _program(prefix, suffix) + suffix


def _fixed_point(f: Callable[[int], int]) -> int:
    """The ``c`` with ``f(c) == c`` for an affine ``f`` on 32-bit vectors over GF(2)."""
    base = f(0)
    columns = [f(1 << i) ^ base for i in range(32)]  # (A + I) c = base, A's columns first
    rows = []  # each row: 32 coefficient bits and the right-hand side bit
    for bit in range(32):
        coefficients = 0
        for i in range(32):
            if ((columns[i] >> bit) & 1) ^ (i == bit):
                coefficients |= 1 << i
        rows.append((coefficients, (base >> bit) & 1))
    solution, pivots = 0, []
    for column in range(32):
        found = next((r for r in range(len(pivots), 32) if rows[r][0] >> column & 1), None)
        if found is None:
            continue
        at = len(pivots)
        rows[at], rows[found] = rows[found], rows[at]
        for r in range(32):
            if r != at and rows[r][0] >> column & 1:
                rows[r] = (rows[r][0] ^ rows[at][0], rows[r][1] ^ rows[at][1])
        pivots.append(column)
    for at, column in enumerate(pivots):
        solution |= rows[at][1] << column
    assert f(solution) == solution, "no fixed point"
    return solution


def zip_quine() -> bytes:
    """The bytes of the quine; its one member decompresses to exactly these bytes."""
    crc = _fixed_point(lambda c: zlib.crc32(_file(c)))
    data = _file(crc)
    assert zlib.decompressobj(-15).decompress(data[30 + len(NAME):]) == data
    return data
