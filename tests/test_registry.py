"""The registries: every seam's backends come through entry points, Kavosh's own and plugins'.

Plugins here are published for real: a module and a ``*.dist-info`` folder with METADATA and
entry_points.txt in a temporary folder put on ``sys.path``, found by importlib.metadata as an
installed package would be.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from conftest import make_case, read_file
from PIL import Image

from kavosh import registry
from kavosh.case import Case
from kavosh.ingest.registry import choose, ingestors
from kavosh.ingest.sniff import probe_file
from kavosh.model import Layer
from kavosh.ocr import get_engine
from kavosh.pipeline import OcrOptions, ingest, run_ocr
from kavosh.pipeline.executors import make_executor
from kavosh.registry import NotInstalled, Registry, UnknownBackend

PLUGIN = "kavosh_test_plugin"
PLUGIN_SOURCE = '''
from pathlib import Path

from kavosh.ingest.base import IngestResult
from kavosh.model import PageText
from kavosh.ocr.base import NullOcr
from kavosh.pipeline.executors import InlineExecutor
from kavosh.search.base import NullSearch

SUBMITTED = []


class Cables:
    """Reads every .txt file, better than any built-in."""
    name = "cables"
    version = "1"

    def match(self, probe):
        return 2.0 if probe.name.endswith(".txt") else 0.0

    def ingest(self, source, ctx):
        text = source.read_text(encoding="utf-8")
        return IngestResult(mime="", pages=[PageText(1, "cable: " + text)])


class Recording(NullSearch):
    """Keeps what it is given; says it could send text off the machine."""
    name = "recording"
    remote = True
    pages = []

    def add(self, pages):
        Recording.pages += pages


class Stamp(NullOcr):
    name = "stamp"


class Counting(InlineExecutor):
    def submit(self, fn, /, *args, **kwargs):
        SUBMITTED.append(fn.__name__)
        return super().submit(fn, *args, **kwargs)


def counting(workers, memory_mb):
    return Counting()


class Finder:
    name = "finder"
    version = "1"

    def find(self, text, language):
        return []


class Draft:
    """A translator that would send text to a service."""
    name = "draft"
    version = "1"
    remote = True

    def translate(self, text, source, target):
        return text[::-1]


class Vectors:
    name = "vectors"
    version = "1"
    dimensions = 1

    def embed(self, texts):
        return [[float(len(t))] for t in texts]
'''
PUBLISHED = {  # seam → (registered name, what it names in the plugin module)
    "ingestors": ("cables", "Cables"), "search_backends": ("recording", "Recording"),
    "ocr_engines": ("stamp", "Stamp"), "executors": ("counting", "counting"),
    "entity_finders": ("finder", "Finder"), "translators": ("draft", "Draft"),
    "embedders": ("vectors", "Vectors"),
}
PLUGIN_NAMES = {seam: name for seam, (name, _) in PUBLISHED.items()}
ENTRY_POINTS = "".join(
    f"[kavosh.{seam}]\n{name} = {PLUGIN}:{target}\n"
    + (f"broken = {PLUGIN}_missing:Nothing\n" if seam == "ingestors" else "") + "\n"
    for seam, (name, target) in PUBLISHED.items())


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A package publishing one backend per seam, installed on ``sys.path``."""
    site = tmp_path / "site"
    info = site / f"{PLUGIN}-1.0.dist-info"
    info.mkdir(parents=True)
    (site / f"{PLUGIN}.py").write_text(PLUGIN_SOURCE, encoding="utf-8")
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {PLUGIN}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(ENTRY_POINTS, encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    registry.forget_all()
    yield site
    sys.modules.pop(PLUGIN, None)
    registry.forget_all()


def test_a_plugin_is_found_for_every_seam(plugin: Path) -> None:
    for seam in registry.SEAMS:
        assert PLUGIN_NAMES[seam.seam] in seam.names(), seam.group
        assert "null" in seam.names(), seam.group
    assert registry.SEARCH_BACKENDS.remote("recording")
    assert not registry.SEARCH_BACKENDS.remote("tantivy")
    assert registry.TRANSLATORS.remote("draft")
    assert not registry.TRANSLATORS.remote("null")
    assert registry.ENTITY_FINDERS.get("finder")().find("Rostam Farahani", "eng") == []
    assert registry.TRANSLATORS.get("draft")().translate("abc", "eng", "fas") == "cba"
    assert registry.EMBEDDERS.get("vectors")().embed(["abc"]) == [[3.0]]


def test_plugins_are_used_from_a_case_settings(plugin: Path, tmp_path: Path) -> None:
    folder = tmp_path / "leak"
    folder.mkdir()
    (folder / "note.txt").write_text("Shirin Kavian met the attaché", encoding="utf-8")
    Image.new("L", (200, 80), 255).save(folder / "scan.png")
    case = make_case(tmp_path / "case", search="recording", executor="counting",
                     ocr_engine="stamp")
    with case:
        summary = ingest(case, [folder])
        assert summary.failed == 0
        module = sys.modules[PLUGIN]
        assert module.SUBMITTED, "the plugin executor ran the jobs"
        indexed = [page.text for page in module.Recording.pages]
        assert any(text.startswith("cable") and "kavian" in text for text in indexed), indexed
        assert type(case.search_backend()).__name__ == "Recording"

        engine = get_engine(case.settings.ocr_engine)
        assert engine.name == "stamp"
        run_ocr(case, OcrOptions(engine=case.settings.ocr_engine, executor="inline"))
        scan = next(d for d in case.store.documents() if d.name == "scan.png")
        assert [p.engine for p in case.store.pages(scan.id, Layer.OCR)] == ["stamp"]


def test_a_broken_plugin_is_skipped_and_the_best_match_wins(plugin: Path, tmp_path: Path) -> None:
    # Moved from test_ingestors (it monkeypatched entry_points); same assertions, real plugin.
    assert "cables" in [i.name for i in ingestors()]
    assert "broken" not in [i.name for i in ingestors()]
    path = tmp_path / "cable.txt"
    path.write_text("x", encoding="utf-8")
    chosen = choose(probe_file(path, path.name))
    assert chosen is not None and chosen.name == "cables"
    assert read_file(path).mime == "text/plain"  # an empty mime is the sniffed one


def test_an_unknown_name_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(UnknownBackend, match=r"unknown executor 'dask'; one of: inline, null, "
                                             r"process"):
        make_executor("dask", 1, 0)
    (tmp_path / "kavosh.toml").write_text('search = "elastic"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"unknown search backend 'elastic'; one of: null, "
                                         r"tantivy"):
        Case.open(tmp_path)
    with pytest.raises(ValueError, match="unknown OCR engine 'abbyy'; one of: null, tesseract"):
        get_engine("abbyy")


def test_the_builtins_come_through_entry_points() -> None:
    for seam in registry.SEAMS:
        own = [e for e in entry_points(group=seam.group)
               if e.dist is not None and e.dist.metadata["Name"] == "kavosh"]
        assert {e.name for e in own} == set(seam.names()), seam.group
        for entry in own:
            assert entry.load() is seam.get(entry.name)
    # the ingestors in use are exactly those entry points, each under its own name
    assert sorted(i.name for i in ingestors()) == sorted(registry.INGESTORS.names())
    assert not any(registry.INGESTORS.remote(name) for name in registry.INGESTORS.names())


def test_every_seam_has_its_null(tmp_path: Path) -> None:
    assert {seam.seam for seam in registry.SEAMS} == set(PLUGIN_NAMES)
    for seam in registry.SEAMS:
        assert "null" in seam.names(), seam.group
    null_ingestor = next(i for i in ingestors() if i.name == "null")
    path = tmp_path / "any.txt"
    path.write_text("words", encoding="utf-8")
    assert null_ingestor.match(probe_file(path, path.name)) == 0
    assert get_engine("null").name == "null"
    assert registry.SEARCH_BACKENDS.get("null")(tmp_path, writable=True).count() == 0
    assert make_executor("null", 1, 0).submit(len, "abc").result() == 3
    assert registry.ENTITY_FINDERS.get("null")().find("Arash Tehrani", "eng") == []
    assert registry.TRANSLATORS.get("null")().translate("سلام", "fas", "eng") == ""
    assert registry.EMBEDDERS.get("null")().embed(["a", "b"]) == [[], []]


def test_missing_package_metadata_is_a_loud_error() -> None:
    # No package declares this group, as none declares Kavosh's when it runs from a bare
    # source tree: the first use says so instead of running with no backends.
    missing = Registry("no_such_seam", "widget")
    with pytest.raises(NotInstalled, match=r"no widget is registered .*pip install -e \."):
        missing.names()
