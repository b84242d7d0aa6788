"""Page images of huge originals: drawn in a bounded worker, never in the server's memory, and
within the case's own pixel limit (the one ingest and OCR use), not Pillow's lower default."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

from conftest import make_case

from kavosh.pipeline import ingest

SERVER_GROWTH_MB = 150  # the server's peak may grow by this much while an image is drawn
WORKER_PEAK_MB = 1024  # generous: a 13,000² grayscale image decodes to 169 MB


def write_blank_png(path: Path, side: int) -> None:
    """A ``side`` × ``side`` 8-bit grayscale PNG, all black, written a row at a time (a
    13,000² one is 160 KB on disk; making it costs this process nothing)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    packer = zlib.compressobj(9)
    row = b"\x00" * (side + 1)  # filter byte, then the pixels
    data = b"".join([*(packer.compress(row) for _ in range(side)), packer.flush()])
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data)
                     + chunk(b"IEND", b""))


# Run in a fresh process, as the server would: draw each page, then report the process's own
# peak memory before and after, and the drawing worker's (a child, reaped by close_worker).
PROBE = """
import json, resource, sys
from pathlib import Path
from kavosh.api.images import close_worker, page_png
from kavosh.case import Case

case = Case.open(Path(sys.argv[1]))
docs = {doc.name: doc for doc in case.store.documents()}
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
sizes = {name: len(page_png(case, docs[name], 1, 1200)) for name in sys.argv[2:]}
close_worker()
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"sizes": sizes, "growth_mb": (after - before) / 1024,
                  "worker_mb": worker / 1024}))
"""


def test_huge_images_are_drawn_in_bounded_memory(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_blank_png(inbox / "wall.png", 13_000)  # 169 million pixels
    write_blank_png(inbox / "mural.png", 14_000)  # 196 million: under the case's 200 million
    case = make_case(tmp_path / "case", executor="inline")
    try:
        ingest(case, [inbox])
        assert case.settings.limits.max_image_pixels >= 14_000 ** 2
    finally:
        case.close()
    run = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "case"), "wall.png",
                          "mural.png"], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert all(size > 0 for size in report["sizes"].values())  # both can be viewed
    assert report["growth_mb"] < SERVER_GROWTH_MB, report
    assert report["worker_mb"] < WORKER_PEAK_MB, report
