"""Store every document's name uses from its mentions again, from its pages and mentions.

    .venv/bin/python bench/names_recount.py CASE

What the ``mentions`` stage stores with a document's mentions
(:func:`kavosh.pipeline.mentions.mention_name_uses`), without finding the mentions again: for a
case (such as the one ``bench/names_precision.py`` builds) whose mentions were found by a
Kavosh that stored no name uses from them, to measure the expansion with them at the cost of a
few seconds instead of a new ingest (the case's schema is brought up to date when opened). The
next ``kavosh ingest`` of such a case does the same by finding its mentions again (the
``mentions`` stage's version).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kavosh.case import Case
from kavosh.model import best_pages
from kavosh.pipeline.mentions import mention_name_uses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("case", type=Path)
    args = parser.parse_args()
    case = Case.open(args.case)
    try:
        store = case.store
        count = 0
        with store.transaction():
            for document in list(store.documents()):
                pages = [(p.number, p.text) for p in best_pages(store.pages(document.id))
                         if p.text.strip()]
                store.put_mention_name_uses(document.id, mention_name_uses(
                    pages, store.mentions(document.id)))
                count += 1
    finally:
        case.close()
    print(f"name uses from mentions stored for {count} documents")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
