"""Argos Translate packages (``.argosmodel``) the person installed, read without argostranslate.

An ``.argosmodel`` file is a zip holding one folder with ``metadata.json`` (``from_code``,
``to_code``, ``package_version``, …), ``model/`` (a CTranslate2 model) and
``sentencepiece.model``. ``ArgosTranslator(model=FILE)`` unpacks it once into a folder beside
the file named by its digest (``.FILE.d/<sha256 prefix>/``; a hostile member path — absolute,
``..`` — refuses the package) and translates with :class:`CTranslate2Translator`.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from kavosh.translate.base import TranslatorUnavailable
from kavosh.translate.ct2 import CTranslate2Translator


def unpack(package: Path) -> tuple[Path, dict[str, Any]]:
    """The unpacked package's folder (holding ``model/``) and its metadata."""
    digest = hashlib.sha256(package.read_bytes()).hexdigest()[:16]
    target = package.parent / f".{package.name}.d" / digest
    if not (target / ".complete").exists():
        shutil.rmtree(target, ignore_errors=True)
        try:
            with zipfile.ZipFile(package) as archive:
                for member in archive.namelist():
                    parts = PurePosixPath(member).parts
                    if member.startswith("/") or ".." in parts:
                        raise TranslatorUnavailable(f"{package} holds an unsafe path {member!r}")
                archive.extractall(target)
        except zipfile.BadZipFile as error:
            raise TranslatorUnavailable(f"{package} is not an Argos package: {error}") from None
        (target / ".complete").write_text("", encoding="utf-8")
    found = sorted(p.parent for p in target.rglob("metadata.json") if (p.parent / "model").is_dir())
    if not found:
        raise TranslatorUnavailable(f"{package} holds no metadata.json beside a model/ folder")
    root = found[0]
    metadata: dict[str, Any] = json.loads((root / "metadata.json").read_text(encoding="utf-8"))
    return root, metadata


class ArgosTranslator(CTranslate2Translator):
    """An Argos Translate package on this machine (see the module's docstring)."""

    name = "argos"
    remote = False

    def __init__(self, model: str = "", beam_size: int = 2, **settings: Any) -> None:
        package = Path(model).expanduser()
        if not model or not package.is_file():
            raise TranslatorUnavailable(
                f"no Argos package at {package or '(none given)'}: give the .argosmodel file "
                "(--model, or translate_model in kavosh.toml)")
        root, metadata = unpack(package)
        super().__init__(model=str(root / "model"), beam_size=beam_size)
        self.languages = (str(metadata.get("from_code", "")), str(metadata.get("to_code", "")))
        self.where = f"this machine (Argos package {package})"
        self.version = (f"{package.name}:{metadata.get('package_version', '?')}"
                        f"@{self.version}")
