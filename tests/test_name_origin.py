"""The model telling a foreign Latin name from one of Arabic or Persian origin is exactly what its
training script makes from the data, and reads as the search uses it.

``kavosh/text/data/name_origin.tsv.gz`` is written by ``scripts/name_origin.py`` from the
Wikidata name pairs of ``../shared/data``; a hand edit, or a change of the script without
regenerating the file, would leave the two apart.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, shared_data

from kavosh.text.names.origin import MODEL, looks_foreign

COMMITTED = ROOT / "kavosh" / "text" / "data" / MODEL


def test_retraining_the_origin_model_gives_the_committed_file(tmp_path: Path) -> None:
    folder = shared_data("wikidata-arabic-latin-names")
    output = tmp_path / MODEL
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "name_origin.py"), "--data", str(folder),
         "--output", str(output)], capture_output=True, text=True, env=env, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "of them spelt with Arabic's own letters" in run.stdout  # the held-out report
    assert output.read_bytes() == COMMITTED.read_bytes(), (
        f"{COMMITTED.name} is not what scripts/name_origin.py makes: retrain it")


def test_the_shipped_model_tells_foreign_names_from_arabic_and_persian_ones() -> None:
    """Names of no list the model was checked on, each kind by its letters alone."""
    assert all(looks_foreign(w) for w in ("Pollard", "Vettner", "Dornel", "Gerling"))
    assert not any(looks_foreign(w) for w in ("Qassemi", "Tabatabaei", "Hosseinzadeh",
                                               "Abdulrahman"))
    assert not looks_foreign("قمی")  # no Latin word: nothing to tell
