"""OCR with Debian's Tesseract (``tesseract-ocr`` and its ``-fas``, ``-ara``, ``-eng`` data).

One ``tesseract`` process per page, single-threaded (``OMP_THREAD_LIMIT=1``): Tesseract's own
threading was 2–10× slower per page on two cores than running one process per core. One run
writes both the plain text (Tesseract's own reading order, which keeps digits inside RTL lines
the right way round) and the TSV of words with boxes and confidences.

Nothing of a page is written outside the folder its image is in (the caller's scratch folder,
inside the case): Tesseract's output files go to a temporary folder made there and removed
after reading, and Tesseract runs with ``TMPDIR`` pointing there too. (They used to go to the
system's ``/tmp``, leaving each page's recognised text outside the case.)
"""

from __future__ import annotations

import csv
import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from kavosh.ocr.base import OcrFailed, OcrResult, OcrUnavailable, Word

INSTALL = "install it with: apt-get install tesseract-ocr tesseract-ocr-fas tesseract-ocr-ara"
TIMEOUT_SECONDS = 300
OSD_MIN_CONFIDENCE = 2.0  # Tesseract's orientation confidence below which it is ignored


def _binary() -> str:
    found = shutil.which("tesseract")
    if found is None:
        raise OcrUnavailable(f"Tesseract is not installed; {INSTALL}")
    return found


@functools.lru_cache(maxsize=4)
def _version(binary: str) -> str:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30)
    first = (out.stdout or out.stderr).splitlines()[0] if (out.stdout or out.stderr) else ""
    return first.replace("tesseract", "").strip() or "unknown"


@functools.lru_cache(maxsize=4)
def _languages(binary: str) -> tuple[str, ...]:
    return tuple(sorted(lang for lang in _all_data(binary) if lang != "osd"))


class TesseractOcr:
    name = "tesseract"

    def __init__(self, psm: int = 3, oem: int = 1) -> None:
        self.psm = psm
        self.oem = oem

    def version(self) -> str:
        return _version(_binary())

    def languages(self) -> list[str]:
        return list(_languages(_binary()))

    def check(self, languages: list[str]) -> None:
        """Raise :class:`OcrUnavailable` unless Tesseract and every language's data are here."""
        binary = _binary()
        missing = [lang for lang in languages if lang not in _languages(binary)]
        if missing:
            packages = " ".join(f"tesseract-ocr-{lang}" for lang in missing)
            raise OcrUnavailable(
                f"Tesseract has no data for {', '.join(missing)}; apt-get install {packages}"
            )

    def recognize(self, image: Path, languages: list[str], dpi: int = 0,
                  block: bool = False) -> OcrResult:
        self.check(languages)
        psm = 6 if block else self.psm
        with tempfile.TemporaryDirectory(prefix="kavosh-ocr-", dir=image.parent) as tmp:
            base = Path(tmp) / "page"
            cmd = [_binary(), str(image), str(base), "-l", "+".join(languages),
                   "--psm", str(psm), "--oem", str(self.oem)]
            if dpi:
                cmd += ["--dpi", str(dpi)]
            _run([*cmd, "txt", "tsv"], Path(tmp))
            text = base.with_suffix(".txt").read_text(encoding="utf-8", errors="replace")
            words = _read_tsv(base.with_suffix(".tsv"))
        return OcrResult(
            text=text.replace("\f", "").rstrip() + "\n" if text.strip() else "",
            words=words, engine=self.name, engine_version=self.version(),
            languages=tuple(languages), settings={"psm": str(self.psm), "oem": str(self.oem)},
        )

    def orientation(self, image: Path) -> int | None:
        """Quarter turns counter-clockwise that set the page upright, by Tesseract's
        orientation detection (``--psm 0``); None without its ``osd`` data or when unsure."""
        binary = _binary()
        if "osd" not in _all_data(binary):
            return None
        try:
            out = _run([binary, str(image), "-", "--psm", "0"], image.parent)
        except OcrFailed:
            return None  # too little text to tell: the page is read as it is
        found = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
        try:
            rotate = int(found.get("Rotate", "0").strip())
            confidence = float(found.get("Orientation confidence", "0").strip())
        except ValueError:
            return None
        if confidence < OSD_MIN_CONFIDENCE:
            return None
        return (-(rotate // 90)) % 4  # Tesseract says clockwise degrees


def _run(cmd: list[str], scratch: Path) -> str:
    """Run Tesseract single-threaded, any temporary file of its own in ``scratch``; its
    standard output, or :class:`OcrFailed`."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1", "TMPDIR": str(scratch)}
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, env=env,
                              timeout=TIMEOUT_SECONDS, errors="replace")
    except subprocess.TimeoutExpired:
        raise OcrFailed(f"Tesseract took longer than {TIMEOUT_SECONDS} s on this page") from None
    except OSError as error:
        raise OcrFailed(f"Tesseract could not be started: {error}") from None
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
        raise OcrFailed(f"Tesseract failed on this page: {detail[0][:300]}")
    return done.stdout


@functools.lru_cache(maxsize=4)
def _all_data(binary: str) -> tuple[str, ...]:
    out = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30)
    return tuple(line.strip() for line in out.stdout.splitlines()[1:] if line.strip())


def _read_tsv(path: Path) -> list[Word]:
    """Words (level 5 rows) with their boxes; ``line`` numbers lines in reading order."""
    words: list[Word] = []
    lines: dict[tuple[str, str, str, str], int] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row.get("level") != "5" or not (row.get("text") or "").strip():
                continue
            key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
            line = lines.setdefault(key, len(lines))
            words.append(Word(row["text"].strip(), int(row["left"]), int(row["top"]),
                              int(row["width"]), int(row["height"]), float(row["conf"]), line))
    return words
