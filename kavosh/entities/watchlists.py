"""Reading watchlists (sanctions lists, lists of officials, a newsroom's own list) into
:class:`kavosh.store.watchlists.WatchEntry` rows, from three formats:

- ``csv`` (:func:`read_csv`): one entry a row, with a header row. Header names are matched
  without regard to case, spaces, ``-`` and ``_``:

  * the name (required): ``name``, ``full name``, ``caption``, ``primary name``, ``entity``,
    ``نام``;
  * aliases: ``alias``, ``aliases``, ``aka``, ``alt names``, ``other names``, or any column
    whose header starts with ``alias`` or ``aka`` (``alias 1``, ``alias_2``…); each cell
    may hold several aliases split by ``separator`` (default ``;``; ``|`` always splits);
    ``weak alias``/``weak aliases`` columns are kept with the entry but never matched;
  * optional: ``id`` (``key``, ``entity id``, ``uid``, ``ref``; default the row number),
    ``type`` (``schema``, ``entity type``, ``sdn type``, ``kind``), ``country``
    (``countries``, ``nationality``, ``citizenship``), ``program`` (``programs``,
    ``programme``, ``list``, ``sanctions``, ``category``);
  * other columns are kept in the entry's ``data``.

- ``ftm`` (:func:`read_ftm`): FollowTheMoney entities, one JSON object a line (or one JSON
  array), as OpenSanctions and Aleph export them: ``id``, ``schema``, ``properties`` with
  lists under ``name``, ``alias``, ``weakAlias``, ``country``/``nationality``,
  ``program``/``topics``. Entities of schemas without names of people or bodies (sanctions,
  addresses, ownerships…) are skipped; no FollowTheMoney library is needed.

- ``sdn`` (:func:`read_sdn`): the US Treasury SDN list in OFAC's legacy CSV files, without
  headers: ``sdn*.csv`` (entry number, name, type, programmes, …), beside it ``alt*.csv``
  (aliases: ``aka``, ``fka``, ``nka``) and ``add*.csv`` (addresses: the countries). Give the
  folder or the ``sdn`` file.

Types are unified to ``person``, ``organization``, ``vessel``, ``aircraft`` (others kept in
lower case). Weak aliases (FtM ``weakAlias``, CSV ``weak alias``) go to ``data`` only: they
are nicknames and short forms that match too much to be worth a reporter's time.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kavosh.model.errors import UsageError
from kavosh.store.watchlists import WatchEntry

FORMATS = ("csv", "ftm", "sdn")

_TYPES = {"individual": "person", "person": "person", "per": "person", "people": "person",
          "entity": "organization", "organization": "organization",
          "organisation": "organization", "company": "organization", "org": "organization",
          "legalentity": "organization", "publicbody": "organization", "vessel": "vessel",
          "airplane": "aircraft", "aircraft": "aircraft"}
_CSV_COLUMNS = {
    "name": ("name", "fullname", "caption", "primaryname", "entity", "نام"),
    "aliases": ("alias", "aliases", "aka", "altnames", "othernames"),
    "weak": ("weakalias", "weakaliases"),
    "key": ("id", "key", "entityid", "uid", "ref"),
    "type": ("type", "schema", "entitytype", "sdntype", "kind"),
    "country": ("country", "countries", "nationality", "citizenship"),
    "program": ("program", "programs", "programme", "list", "sanctions", "category"),
}
# FtM schemas that name a person or a body (descendants of LegalEntity, and craft).
_FTM_SCHEMAS = {"Person", "Organization", "Company", "LegalEntity", "PublicBody", "Vessel",
                "Airplane"}
_EMPTY = "-0-"


def entity_type(value: str) -> str:
    """A list's type word as ``person``, ``organization``, ``vessel``, ``aircraft`` (or the
    word itself, lower case; ``""`` when empty)."""
    word = re.sub(r"[\s_-]", "", value.strip().lower())
    return _TYPES.get(word, value.strip().lower())


def read_watchlist(path: Path, format: str | None = None, separator: str = ";"
                   ) -> list[WatchEntry]:
    """The entries of the list at ``path`` in ``format`` (guessed when None: a folder or an
    ``sdn*.csv`` is ``sdn``, ``.json``/``.jsonl``/``.ftm`` is ``ftm``, else ``csv``)."""
    format = format or guess_format(path)
    if format == "csv":
        return read_csv(path, separator)
    if format == "ftm":
        return read_ftm(path)
    if format == "sdn":
        return read_sdn(path)
    raise UsageError(f"unknown watchlist format {format!r}: use one of {', '.join(FORMATS)}")


def guess_format(path: Path) -> str:
    """The format a file's name suggests (see :func:`read_watchlist`)."""
    if path.is_dir() or path.name.lower().startswith("sdn"):
        return "sdn"
    if path.suffix.lower() in (".json", ".jsonl", ".ftm", ".ndjson"):
        return "ftm"
    return "csv"


def _split(cell: str, separator: str) -> list[str]:
    """A cell's values: split by ``separator`` and ``|``, stripped, empty ones dropped."""
    parts = re.split(f"[{re.escape(separator)}|]", cell) if separator else cell.split("|")
    return [p.strip() for p in parts if p.strip()]


def _role(header: str) -> str | None:
    """What a CSV column holds (a key of ``_CSV_COLUMNS``), or None for other columns."""
    word = re.sub(r"[\s_\-.]", "", header.strip().lower())
    for role, names in _CSV_COLUMNS.items():
        if word in names:
            return role
    if word.startswith("weak"):
        return "weak"
    if word.startswith(("alias", "aka")):
        return "aliases"
    return None


def read_csv(path: Path, separator: str = ";") -> list[WatchEntry]:
    """Entries of a CSV list with a header row (see the module docstring for the header
    names). A :class:`UsageError` when no column holds the name."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    if not rows:
        return []
    roles = [_role(h) for h in rows[0]]
    if "name" not in roles:
        raise UsageError(f"{path}: no name column in the header ({', '.join(rows[0])}); "
                         f"name it one of: {', '.join(_CSV_COLUMNS['name'])}")
    entries = []
    for number, row in enumerate(rows[1:], start=1):
        values: dict[str, list[str]] = {}
        data: dict[str, str] = {}
        for header, role, cell in zip(rows[0], roles, row, strict=False):
            if role is None:
                if cell.strip():
                    data[header] = cell.strip()
            else:
                values.setdefault(role, []).extend(
                    _split(cell, separator) if role in ("aliases", "weak") else
                    [cell.strip()] if cell.strip() else [])
        name = " ".join(values.get("name", []))
        if not name:
            continue
        if values.get("weak"):
            data["weak_aliases"] = "; ".join(values["weak"])
        entries.append(WatchEntry(
            " ".join(values.get("key", [])) or str(number), name,
            tuple(a for a in dict.fromkeys(values.get("aliases", [])) if a != name),
            entity_type(" ".join(values.get("type", []))),
            "; ".join(values.get("country", [])), "; ".join(values.get("program", [])), data))
    return entries


def _ftm_objects(path: Path) -> Iterator[dict[str, object]]:
    """The JSON objects of a FtM file: one a line, or one array."""
    text = path.read_text(encoding="utf-8-sig")
    if text.lstrip().startswith("["):
        yield from json.loads(text)
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                yield json.loads(line)
            except json.JSONDecodeError as error:
                raise UsageError(f"{path}:{number}: not JSON ({error.msg})") from None


def read_ftm(path: Path) -> list[WatchEntry]:
    """Entries of a FollowTheMoney JSON-lines file (see the module docstring)."""
    entries: list[WatchEntry] = []
    for obj in _ftm_objects(path):
        props = obj.get("properties")
        schema = str(obj.get("schema", ""))
        if schema not in _FTM_SCHEMAS or not isinstance(props, dict):
            continue

        def values(*names: str, props: dict[str, list[str]] = props) -> list[str]:
            return [str(v).strip() for n in names for v in props.get(n, []) if str(v).strip()]

        names = list(dict.fromkeys(values("name")))
        if not names:
            continue
        data = {k: v for k, v in props.items() if k not in ("name", "alias", "weakAlias")}
        if values("weakAlias"):
            data["weak_aliases"] = values("weakAlias")
        entries.append(WatchEntry(
            str(obj.get("id", len(entries) + 1)), names[0],
            tuple(a for a in dict.fromkeys(names[1:] + values("alias")) if a != names[0]),
            entity_type(schema), "; ".join(dict.fromkeys(values("country", "nationality"))),
            "; ".join(dict.fromkeys(values("program", "topics"))), data))
    return entries


def _sdn_rows(path: Path) -> Iterator[list[str]]:
    """Rows of an OFAC legacy CSV file, ``-0-`` read as empty (the files end with ^Z)."""
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) > 1:
                yield ["" if c.strip() == _EMPTY else c.strip() for c in row]


def _sdn_file(folder: Path, prefix: str) -> Path | None:
    """The newest-named ``prefix*.csv`` of ``folder``."""
    found = sorted(p for p in folder.iterdir() if p.name.lower().startswith(prefix)
                   and p.suffix.lower() == ".csv")
    return found[-1] if found else None


def _grouped(rows: Iterable[list[str]], column: int, accept: set[str] | None = None
             ) -> dict[str, list[str]]:
    """Entry number → the values of ``column`` (rows whose third column is in ``accept``)."""
    out: dict[str, list[str]] = {}
    for row in rows:
        if len(row) > column and row[column] and (accept is None or row[2].lower() in accept):
            out.setdefault(row[0], []).append(row[column])
    return out


def read_sdn(path: Path) -> list[WatchEntry]:
    """Entries of the OFAC SDN list: ``path`` is its folder or its ``sdn*.csv`` (see the
    module docstring)."""
    folder = path if path.is_dir() else path.parent
    main = path if path.is_file() else _sdn_file(folder, "sdn")
    if main is None:
        raise UsageError(f"{path}: no sdn*.csv file")
    alt, add = _sdn_file(folder, "alt"), _sdn_file(folder, "add")
    aliases = _grouped(_sdn_rows(alt), 3, {"aka", "fka", "nka"}) if alt else {}
    countries = _grouped(_sdn_rows(add), 4) if add else {}
    entries = []
    for row in _sdn_rows(main):
        if len(row) < 4 or not row[1]:
            continue
        number, name = row[0], row[1]
        data = {k: v for k, v in zip(("title", "call_sign", "vessel_type", "tonnage", "grt",
                                      "vessel_flag", "vessel_owner", "remarks"), row[4:12],
                                     strict=False) if v}
        entries.append(WatchEntry(
            number, name, tuple(a for a in dict.fromkeys(aliases.get(number, [])) if a != name),
            entity_type(row[2] or "entity"), "; ".join(dict.fromkeys(countries.get(number, []))),
            "; ".join(p.strip() for p in row[3].split("] [") if p.strip()), data))
    return entries
