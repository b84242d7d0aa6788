"""The hand-written tables of the text layer, kept as data: one TOML file per concern.

Each file is read once, when the module that uses it is imported (its header names that
module); the code turns the plain lists and tables into the frozensets, dicts and regular
expressions it needs. Edit the tables here, not in the code.
"""

from __future__ import annotations

import tomllib
from importlib.resources import files
from typing import Any


def load(name: str) -> dict[str, Any]:
    """The parsed TOML file ``name`` (e.g. ``"name_sounds.toml"``) of this folder.

    Tables keep the order in which they are written (some lookups depend on it).
    """
    return tomllib.loads((files(__name__) / name).read_text(encoding="utf-8"))
