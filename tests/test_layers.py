"""The layering rule, enforced: a module imports only from its own layer or a lower one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kavosh"
# registry and workers are modules, not packages, at the bottom: every layer's seams are
# registries, and every stage's pool (ingest, OCR) starts its workers the same way. They are
# not in model, whose promise is plain data without I/O: one reads package metadata and
# imports code, the other sets process limits.
LAYERS = {
    "text": 0, "model": 0, "registry": 0, "workers": 0,
    "archive": 1, "store": 1, "search": 1,
    "ingest": 2, "ocr": 2, "translate": 2, "entities": 2, "cables": 2,
    "pipeline": 3, "views": 3, "export": 3, "case": 3, "verify": 3, "protect": 3,
    "cli": 4, "api": 4, "web": 4,
}


def _layer_of(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "kavosh" or len(parts) < 2:
        return None
    return LAYERS.get(parts[1])


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_every_subpackage_has_a_layer() -> None:
    for child in PACKAGE.iterdir():
        name = child.stem
        if child.name.startswith("_") or child.name.startswith(".") or name == "py":
            continue
        if child.is_dir() and not (child / "__init__.py").exists():
            continue
        assert name in LAYERS, f"kavosh.{name} has no layer in tests/test_layers.py"


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.name))
def test_no_upward_imports(path: Path) -> None:
    module = "kavosh." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
    own = _layer_of(module)
    if own is None:
        return
    upward = [name for name in _imports(path) if (_layer_of(name) or 0) > own]
    assert not upward, f"{module} (layer {own}) imports from a higher layer: {upward}"
