"""The OCR engine seam.

An engine is a plain object with:

- ``name``: its lowercase backend name (``tesseract``, ``null``);
- ``version() -> str`` and ``languages() -> list[str]`` (ISO 639-3 codes it can read);
- ``check(languages)``: raise :class:`OcrUnavailable` unless it can read those languages here;
- ``recognize(image, languages, dpi=0, block=False) -> OcrResult``: the text of one page
  image, in logical order, plus every word with its box and confidence (``dpi`` 0: the engine
  estimates it; ``block``: the image is one block of text lines, no page layout to find);
- ``orientation(image) -> int | None``: how many quarter turns counter-clockwise would set the
  page upright (None: the engine cannot tell).

An engine that cannot run (binary missing, language data missing) raises
:class:`OcrUnavailable` with a message that says what to install; it never returns empty text
as if the page were blank. An engine that fails on one image (crash, time-out) raises
:class:`OcrFailed`: that page fails, the run goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from kavosh.model import Word
from kavosh.model.errors import ItemError, UnavailableError


class OcrUnavailable(UnavailableError, RuntimeError):
    """The engine cannot run here; the message says what to install."""


class OcrFailed(ItemError, RuntimeError):
    """The engine failed on this one image; the message says how."""


@dataclass(slots=True)
class OcrResult:
    text: str
    words: list[Word] = field(default_factory=list)
    engine: str = ""
    engine_version: str = ""
    languages: tuple[str, ...] = ()
    settings: dict[str, str] = field(default_factory=dict)


class OcrEngine(Protocol):
    name: str

    def version(self) -> str: ...

    def languages(self) -> list[str]: ...

    def check(self, languages: list[str]) -> None: ...

    def recognize(self, image: Path, languages: list[str], dpi: int = 0,
                  block: bool = False) -> OcrResult: ...

    def orientation(self, image: Path) -> int | None: ...


class NullOcr:
    """Recognises nothing, instantly: for tests of everything around OCR."""

    name = "null"

    def version(self) -> str:
        return "0"

    def languages(self) -> list[str]:
        return ["fas", "ara", "eng"]

    def check(self, languages: list[str]) -> None:
        pass

    def recognize(self, image: Path, languages: list[str], dpi: int = 0,
                  block: bool = False) -> OcrResult:
        return OcrResult(text="", engine=self.name, engine_version="0",
                         languages=tuple(languages))

    def orientation(self, image: Path) -> int | None:
        return None
