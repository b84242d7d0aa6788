"""OCR accuracy and speed: raw ``tesseract`` against the Kavosh pipeline on the same pages.

Pages are rendered from real Persian text in ../shared/data (Fars News paragraphs, NTREX-128
Persian sentences) in two common Persian fonts (Nazli, Noto Naskh Arabic), shaped by Pillow
with raqm, with a cable-like header of numbers on each page (numbers are the weak spot). Each
page is read clean and under several degradations (``kavosh.ocr.synthetic.degrade``):
rotated 1–3°, low resolution, speckle noise, blur with JPEG artefacts, and all of them at once
(a poor photocopy).

Reported per condition: character error rate (CER) of raw ``tesseract -l fas+ara+eng`` and of
the pipeline (``kavosh.ocr.pages.load_page`` + ``kavosh.ocr.recognize.read_page``, as the OCR
stage runs it), the CER of the digits alone, the error rate of words by confidence (which
justifies the unverified threshold), time against raw tesseract (median of ``--repeats``
runs), and the OCR stage's pages per second with one worker per core, projected to 700 pages.
``--ablation`` also reads every page with each preprocessing step alone.

Farsnews' Arabic ي/ك are written as Persian ی/ک before rendering (their joined forms are the
same glyphs, so no OCR could tell them apart), and its digits as Persian digits, as cables
print them. Texts are compared after collapsing white space and dropping direction marks.

Run: ``python bench/ocr_cer.py [--pages 2] [--repeats 3] [--ablation]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, ROOT, machine

from kavosh.ocr.cer import canonical, cer, digit_runs
from kavosh.ocr.pages import load_page
from kavosh.ocr.preprocess import NONE, Steps
from kavosh.ocr.recognize import read_page
from kavosh.ocr.synthetic import Degradation, degrade, render_page
from kavosh.ocr.tesseract import TesseractOcr
from kavosh.ocr.words import CONFIDENCE_THRESHOLD

DATA = Path(os.environ.get("KAVOSH_SHARED_DATA", ROOT.parent / "shared" / "data"))
FONTS = {
    "nazli": Path("/usr/share/fonts/truetype/farsiweb/nazli.ttf"),
    "noto-naskh": Path("/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf"),
}
LANGUAGES = ["fas", "ara", "eng"]
PERSIAN_DIGITS = str.maketrans("0123456789يكة", "۰۱۲۳۴۵۶۷۸۹یکه")
CHARS_PER_PAGE = 1100
MAX_IMAGE_PIXELS = 200_000_000


def conditions(seed: int) -> dict[str, Degradation]:
    """The degradations, with the rotation's sign and size drawn per page from ``seed``."""
    rng = random.Random(seed)
    angle = rng.choice((-1, 1)) * rng.uniform(1.0, 3.0)
    return {
        "clean": Degradation(),
        "rotated 1-3°": Degradation(angle=angle),
        "low-res 120 dpi": Degradation(scale=0.4, blur=0.4),
        "noisy": Degradation(noise=0.01),
        "blur+jpeg": Degradation(blur=1.3, jpeg_quality=30),
        "photocopy": Degradation(angle=angle, blur=1.0, noise=0.004, scale=0.5,
                                 jpeg_quality=40, contrast=0.75),
    }


@dataclass(slots=True)
class Row:
    condition: str
    page: str
    truth: str
    raw: str = ""
    pipeline: str = ""
    raw_seconds: float = 0.0
    pipeline_seconds: float = 0.0
    steps: list[str] = field(default_factory=list)
    words: list[tuple[str, float]] = field(default_factory=list)
    ablation: dict[str, str] = field(default_factory=dict)


# --- texts ---------------------------------------------------------------------------------


def farsnews_texts(count: int) -> list[str]:
    items = json.loads((DATA / "farsnews" / "fars-news-1.json").read_text(encoding="utf-8"))
    texts = []
    for item in items[::7]:
        body = " ".join(p.strip() for p in item.get("paragraphs", []) if p and p.strip())
        if len(body) > CHARS_PER_PAGE:
            texts.append(body.translate(PERSIAN_DIGITS)[:CHARS_PER_PAGE].rsplit(" ", 1)[0])
        if len(texts) == count:
            break
    return texts


def ntrex_texts(count: int) -> list[str]:
    lines = (DATA / "ntrex-en-fa" / "newstest2019-ref.fas.txt").read_text(encoding="utf-8")
    sentences = [s.strip() for s in lines.splitlines() if s.strip()]
    texts, current = [], ""
    for sentence in sentences[40:]:
        current = f"{current}\n{sentence}".strip()
        if len(current) > CHARS_PER_PAGE:
            texts.append(current)
            current = ""
            if len(texts) == count:
                break
    return texts


def header(rng: random.Random) -> str:
    """A cable's header: numbers of the kinds reporters check (serials, dates, phones)."""
    digits = "۰۱۲۳۴۵۶۷۸۹"

    def number(n: int) -> str:
        return "".join(rng.choice(digits) for _ in range(n))

    return (f"شماره: {number(3)}/{number(4)}/خ تاریخ: ۱۳۹{rng.randint(0, 9)}/"
            f"۰{rng.randint(1, 9)}/{rng.randint(10, 29)} تلفن: ۰۹{number(9)}".translate(
                PERSIAN_DIGITS))


def pages(per_font: int, folder: Path) -> list[tuple[str, str, Degradation, Path]]:
    """Render every page under every condition: (condition, page name, degradation, file)."""
    rng = random.Random(11)
    texts = [("fars", t) for t in farsnews_texts(per_font)] + [
        ("ntrex", t) for t in ntrex_texts(per_font)]
    out = []
    for font_name, font_path in FONTS.items():
        for index, (source, text) in enumerate(texts):
            name = f"{font_name}-{source}-{index}"
            image, drawn = render_page(f"{header(rng)}\n{text}", font_path)
            truth_path = folder / f"{name}.txt"
            truth_path.write_text(drawn, encoding="utf-8")
            for cond, how in conditions(zlib.crc32(name.encode())).items():
                path = folder / cond.replace(" ", "_") / f"{name}.png"
                path.parent.mkdir(parents=True, exist_ok=True)
                degrade(image, how, seed=index).save(path)
                out.append((cond, name, how, path))
    return out


# --- reading -------------------------------------------------------------------------------


def raw_tesseract(path: Path) -> tuple[str, float]:
    """Raw ``tesseract`` on the file, single-threaded like the pipeline; text and seconds."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        subprocess.run(["tesseract", str(path), f"{tmp}/out", "-l", "+".join(LANGUAGES)],
                       check=True, capture_output=True, env=env)
        seconds = time.perf_counter() - started
        return Path(f"{tmp}/out.txt").read_text(encoding="utf-8"), seconds


def pipeline(path: Path, steps: Steps, scratch: Path) -> tuple[str, float, list[str],
                                                                  list[tuple[str, float]]]:
    """The OCR stage's reading of the file; text, seconds, steps done, words."""
    engine = TesseractOcr()
    started = time.perf_counter()
    page = load_page(path, "image/png", 1, MAX_IMAGE_PIXELS)
    reading = read_page(page, engine, LANGUAGES, steps, scratch)
    seconds = time.perf_counter() - started
    words = [(w.text, w.confidence) for w in reading.words]
    return reading.text, seconds, list(reading.settings.get("steps", [])), words


def ablations() -> dict[str, Steps]:
    return {
        "none": NONE,
        "deskew": replace(NONE, deskew=True),
        "rescale": replace(NONE, rescale=True),
        "denoise": replace(NONE, denoise=True),
        "binarise": replace(NONE, binarise=True),
        "default": Steps(),
    }


# --- figures -------------------------------------------------------------------------------


def rate(pairs: list[tuple[str, str]]) -> float:
    errors = total = 0
    for truth, text in pairs:
        e, n = cer(truth, text)
        errors, total = errors + e, total + n
    return errors / total if total else 0.0


def confidence_table(rows: list[Row]) -> list[tuple[str, int, float]]:
    """Share of wrong words per confidence band (a word is right when the truth has it)."""
    bands = [(0, 30), (30, 50), (50, 65), (65, 75), (75, 85), (85, 95), (95, 101)]
    counts = {band: [0, 0] for band in bands}
    for row in rows:
        truth = set(canonical(row.truth).split())
        for text, confidence in row.words:
            for band in bands:
                if band[0] <= confidence < band[1]:
                    counts[band][0] += 1
                    counts[band][1] += int(text not in truth)
    return [(f"{lo}–{min(hi, 100)}", n, wrong / n if n else 0.0)
            for (lo, hi), (n, wrong) in counts.items()]


def report(rows: list[Row], timing: dict[str, float], stage: dict[str, float]) -> str:
    out = ["| condition | pages | raw tesseract CER | Kavosh CER | errors vs raw | raw digits CER"
           " | Kavosh digits CER | steps applied |", "|---|---|---|---|---|---|---|---|"]
    for cond in dict.fromkeys(r.condition for r in rows):
        sel = [r for r in rows if r.condition == cond]
        raw = rate([(r.truth, r.raw) for r in sel])
        ours = rate([(r.truth, r.pipeline) for r in sel])
        raw_d = rate([(digit_runs(r.truth), digit_runs(r.raw)) for r in sel])
        our_d = rate([(digit_runs(r.truth), digit_runs(r.pipeline)) for r in sel])
        steps = sorted({s.split(":")[0] for r in sel for s in r.steps})
        ratio = f"{ours / raw:.2f}×" if raw else "–"
        out.append(f"| {cond} | {len(sel)} | {raw:.2%} | {ours:.2%} | {ratio} | {raw_d:.2%} |"
                   f" {our_d:.2%} | {', '.join(steps) or '–'} |")
    out += ["", "Digits by font (all conditions): raw tesseract → Kavosh CER of the digits:"]
    for font_name in FONTS:
        sel = [r for r in rows if r.page.startswith(font_name)]
        raw_d = rate([(digit_runs(r.truth), digit_runs(r.raw)) for r in sel])
        our_d = rate([(digit_runs(r.truth), digit_runs(r.pipeline)) for r in sel])
        out.append(f"- {font_name}: {raw_d:.2%} → {our_d:.2%}")
    if rows and rows[0].ablation:
        names = list(rows[0].ablation)
        out += ["", "Ablation (Kavosh CER with one preprocessing step at a time):", "",
                "| condition | " + " | ".join(names) + " |",
                "|---|" + "---|" * len(names)]
        for cond in dict.fromkeys(r.condition for r in rows):
            sel = [r for r in rows if r.condition == cond]
            cells = [f"{rate([(r.truth, r.ablation[n]) for r in sel]):.2%}" for n in names]
            out.append(f"| {cond} | " + " | ".join(cells) + " |")
    out += ["", "Words by confidence (wrong = not in the page's true words):", "",
            "| confidence | words | wrong |", "|---|---|---|"]
    out += [f"| {band} | {n} | {wrong:.1%} |" for band, n, wrong in confidence_table(rows)]
    out += ["", f"unverified threshold in use: confidence < {CONFIDENCE_THRESHOLD:g}"]
    if timing:
        out += ["", "Time per page, median of the runs (same pages, same run, one process):",
                f"- raw tesseract: {timing['raw']:.2f} s/page; Kavosh pipeline: "
                f"{timing['pipeline']:.2f} s/page; ratio {timing['ratio']:.2f}× "
                f"(runs: {', '.join(f'{r:.2f}' for r in timing['ratios'])})"]
    if stage:
        out += [f"- OCR stage ({stage['workers']:.0f} workers, {stage['pages']:.0f} pages): "
                f"{stage['pages_per_second']:.2f} pages/s; 700 pages ≈ "
                f"{700 / stage['pages_per_second'] / 60:.1f} min"]
    return "\n".join(out)


# --- runs ----------------------------------------------------------------------------------


def read_all(items: list[tuple[str, str, Degradation, Path]], folder: Path,
             ablation: bool) -> list[Row]:
    rows = []
    scratch = folder / "scratch"
    for cond, name, _how, path in items:
        truth = (folder / f"{name}.txt").read_text(encoding="utf-8")
        row = Row(cond, name, truth)
        row.raw, row.raw_seconds = raw_tesseract(path)
        row.pipeline, row.pipeline_seconds, row.steps, row.words = pipeline(
            path, Steps(), scratch)
        if ablation:
            for label, steps in ablations().items():
                row.ablation[label] = (row.pipeline if label == "default"
                                       else pipeline(path, steps, scratch)[0])
        rows.append(row)
        print(f"  {cond:16} {name:22} raw {cer(truth, row.raw)[0]:4d} "
              f"kavosh {cer(truth, row.pipeline)[0]:4d} errors  {row.steps}", file=sys.stderr)
    return rows


def time_runs(items: list[tuple[str, str, Degradation, Path]], folder: Path,
              repeats: int) -> dict[str, float]:
    """Raw and pipeline on the same pages, alternating which goes first; median of runs."""
    ratios, raw_runs, our_runs = [], [], []
    scratch = folder / "scratch"
    for run in range(repeats):
        raw_total = our_total = 0.0
        for index, (_c, _n, _h, path) in enumerate(items):
            if (run + index) % 2:
                raw_total += raw_tesseract(path)[1]
                our_total += pipeline(path, Steps(), scratch)[1]
            else:
                our_total += pipeline(path, Steps(), scratch)[1]
                raw_total += raw_tesseract(path)[1]
        ratios.append(our_total / raw_total)
        raw_runs.append(raw_total / len(items))
        our_runs.append(our_total / len(items))
    return {"raw": statistics.median(raw_runs), "pipeline": statistics.median(our_runs),
            "ratio": statistics.median(ratios), "ratios": ratios}  # type: ignore[dict-item]


def stage_rate(items: list[tuple[str, str, Degradation, Path]], folder: Path) -> dict[str, float]:
    """Pages per second of the real OCR stage (``kavosh ingest`` then ``kavosh ocr``)."""
    inbox = folder / "stage-in"
    shutil.rmtree(inbox, ignore_errors=True)
    inbox.mkdir()
    for cond, name, _h, path in items:
        shutil.copy(path, inbox / f"{cond.replace(' ', '_')}-{name}.png")
    case_dir = folder / "stage-case"
    shutil.rmtree(case_dir, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "kavosh", "ingest", str(inbox), "--case",
                    str(case_dir), "--no-ocr"], check=True, capture_output=True, env=env)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kavosh", "ocr", "--case", str(case_dir)],
                   check=True, capture_output=True, env=env)
    seconds = time.perf_counter() - started
    return {"pages": len(items), "seconds": seconds, "pages_per_second": len(items) / seconds,
            "workers": os.cpu_count() or 1}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1,
                        help="pages per text source and font (2 sources × 2 fonts)")
    parser.add_argument("--repeats", type=int, default=3, help="timing runs (median)")
    parser.add_argument("--ablation", action="store_true", help="each step alone, too")
    parser.add_argument("--out", type=Path, default=OUT / "ocr")
    args = parser.parse_args()
    if not (DATA / "farsnews").exists() or not (DATA / "ntrex-en-fa").exists():
        print(f"skipped: real data not available ({DATA} is absent)")
        return 0
    if shutil.which("tesseract") is None:
        print("skipped: tesseract is not installed (apt-get install tesseract-ocr"
              " tesseract-ocr-fas tesseract-ocr-ara)")
        return 0
    print(f"command: python bench/{Path(__file__).name} {' '.join(sys.argv[1:])}")
    print(f"machine: {machine()}; tesseract {TesseractOcr().version()}")
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    items = pages(args.pages, args.out)
    rows = read_all(items, args.out, args.ablation)
    timed = [i for i in items if i[0] in ("clean", "photocopy")]
    timing = time_runs(timed, args.out, args.repeats) if args.repeats else {}
    stage = stage_rate(items, args.out)  # every page: worker start-up is paid once
    text = report(rows, timing, stage)
    print(text)
    (args.out / "report.md").write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
