"""Shared helpers for the benchmark scripts: machine description, corpora, process-tree RSS."""

from __future__ import annotations

import os
import platform
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
FONT = Path("/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf")

WORDS = [
    "گزارش",
    "دیدار",
    "سفیر",
    "ستاد",
    "مرکزی",
    "ایستگاه",
    "بغداد",
    "نجف",
    "کربلا",
    "اربیل",
    "تهران",
    "موضوع",
    "طبقه\u200cبندی",
    "سری",
    "محرمانه",
    "پیرو",
    "شماره",
    "تاریخ",
    "منبع",
    "جلسه",
    "هماهنگی",
    "سپاه",
    "وزارت",
    "امور",
    "خارجه",
    "اطلاعات",
    "هیئت",
    "عراقی",
    "می\u200cشود",
    "گزارش\u200cها",
    "نماینده",
    "فرمانده",
    "مسئول",
    "پرونده",
    "ارتباط",
    "تماس",
    "تلفن",
    "سفر",
    "مرز",
    "اقلیم",
    "کردستان",
]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    cores = f"{os.cpu_count()} cores" + (f" ({usable} usable)" if usable != os.cpu_count() else "")
    return f"{cores}, {cpu}, Python {platform.python_version()} on {platform.system()}"


def persian_paragraph(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def make_pdfs(folder: Path, count: int, pages: int, seed: int = 7) -> list[Path]:
    """Born-digital Persian PDFs with shaped text (fpdf2 + HarfBuzz), distinct content each."""
    from fpdf import FPDF

    folder.mkdir(parents=True, exist_ok=True)
    existing = sorted(folder.glob("*.pdf"))
    if len(existing) == count:
        return existing
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        pdf = FPDF()
        pdf.add_font("naskh", fname=str(FONT))
        pdf.set_font("naskh", size=12)
        pdf.set_text_shaping(True)
        for page in range(pages):
            pdf.add_page()
            pdf.multi_cell(
                0, 8, f"سند {i} صفحه {page + 1}\n" + persian_paragraph(rng, 220), align="R"
            )
        path = folder / f"doc{i:05d}.pdf"
        pdf.output(str(path))
        paths.append(path)
    return paths


class TreeRss:
    """Samples the resident memory of a process and all its descendants, keeping the peak."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        import psutil

        self.process = psutil.Process(pid)
        self.interval = interval
        self.peak_total = 0
        self.peak_main = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                main = self.process.memory_info().rss
                total = main + sum(
                    c.memory_info().rss for c in self.process.children(recursive=True)
                )
            except psutil.Error:
                break
            self.peak_main = max(self.peak_main, main)
            self.peak_total = max(self.peak_total, total)
            time.sleep(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run_kavosh(args: list[str], env: dict[str, str] | None = None) -> tuple[float, TreeRss]:
    """Run the real CLI (with ``env`` as its environment if given); return wall seconds and
    the memory sampler."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kavosh", *args], stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, env=env,
    )
    rss = TreeRss(proc.pid)
    _, err = proc.communicate()
    rss.stop()
    if proc.returncode != 0:
        raise SystemExit(f"kavosh {' '.join(args)} failed:\n{err.decode()[-2000:]}")
    return time.perf_counter() - started, rss
