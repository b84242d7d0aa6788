"""The hand-annotated date set: annotations in the repository, sentences in ../shared/data.

``bench/data/dates_gold.jsonl`` holds, for each sentence, only where it is (source file,
article index, field, paragraph, offset, length) and its gold dates (offsets in the sentence,
calendar, precision, Gregorian value): no text of the data is copied into the repository.
:func:`load_gold` rebuilds each sentence from the data (``… `` marks an excerpt that starts or
ends inside its paragraph) and returns None when the data is absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

GOLD = Path(__file__).resolve().parent / "data" / "dates_gold.jsonl"


def _sentence(article: dict[str, Any], where: dict[str, Any]) -> str:
    text = article[where["field"]]
    if where["field"] == "paragraphs":
        text = text[where["paragraph"]]
    core = text[where["offset"]:where["offset"] + where["length"]]
    return ("… " if where["lead"] else "") + core + (" …" if where["tail"] else "")


def load_gold(data: Path) -> list[dict[str, Any]] | None:
    """Gold rows with their ``sentence`` and each date's ``text`` filled in, or None."""
    if not data.exists():
        return None
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    sources: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row["source"] not in sources:
            sources[row["source"]] = json.loads((data / row["source"]).read_text("utf-8"))
        row["sentence"] = _sentence(sources[row["source"]][row["index"]], row["locate"])
        for gold in row["dates"]:
            gold["text"] = row["sentence"][gold["start"]:gold["end"]]
    return rows
