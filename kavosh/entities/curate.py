"""People's decisions about entities, recorded once and replayed after every resolution.

A decision names the entities it is about by reference (:func:`reference`): the entity's
``key`` and its aliases when the decision was made. Replaying finds the entity with that key,
else the one (of any type) sharing most aliases with it — so a decision still applies when
new documents changed which spelling is most used, or after an earlier merge took the entity
in. A decision whose entity is gone (its mentions deleted) does nothing.

Actions (``data`` fields):

- ``merge``: ``into`` (a reference), ``from`` (references): one entity, every mention;
- ``split``: ``entity``, ``aliases`` (forms as the entity lists them), optional ``name`` and
  ``type``: the mentions written so become an entity of their own;
- ``rename``: ``entity``, ``name``: an Arabic-script name becomes the Persian name, another
  the Latin one (both are aliases from then on);
- ``retype``: ``entity``, ``type``;
- ``add``: ``type``, ``name``, ``aliases``: an entity people know of (a code name, a person
  known by title only); any found entity with one of its names joins it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from kavosh.entities.resolve import NAME_TYPES, Cluster, clean_name, resolve_case
from kavosh.model.errors import NotFoundError
from kavosh.store.entities import Decision, EntityRow, EntityStore
from kavosh.text import index_text

ACTIONS = ("merge", "split", "rename", "retype", "add")
TYPES = ("PER", "ORG", "LOC")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def reference(entity: EntityRow) -> dict[str, Any]:
    """How a decision names ``entity``: its key and aliases now."""
    return {"key": entity.key, "aliases": list(entity.aliases)}


def replay(clusters: list[Cluster], decisions: Sequence[Decision]) -> list[Cluster]:
    """``clusters`` with every decision applied in order (see the module)."""
    out = list(clusters)
    for decision in decisions:
        _apply(out, decision)
    return out


def _find(clusters: list[Cluster], ref: dict[str, Any] | None) -> Cluster | None:
    if not ref:
        return None
    for c in clusters:
        if c.key == ref.get("key"):
            return c
    wanted = {index_text(a) for a in ref.get("aliases", [])} - {""}
    best = max(clusters, key=lambda c: len(c.norms() & wanted), default=None)
    return best if best is not None and best.norms() & wanted else None


def _apply(clusters: list[Cluster], decision: Decision) -> None:
    data = decision.data
    action = decision.action
    if action == "add":
        _add(clusters, decision)
        return
    if action == "merge":
        into = _find(clusters, data.get("into"))
        for ref in data.get("from", []):
            other = _find(clusters, ref)
            if into is not None and other is not None and other is not into:
                into.absorb(other)
                clusters.remove(other)
        return
    entity = _find(clusters, data.get("entity"))
    if entity is None:
        return
    if action == "rename":
        name = str(data.get("name", "")).strip()
        if _ARABIC.search(name):
            entity.name = name
        elif name:
            entity.latin = name
    elif action == "retype":
        entity.type = str(data.get("type", entity.type))
    elif action == "split":
        _split(clusters, entity, decision)


def _split(clusters: list[Cluster], entity: Cluster, decision: Decision) -> None:
    """The mentions of ``entity`` written as one of the decision's aliases, apart."""
    data = decision.data
    wanted = {index_text(a) for a in data.get("aliases", [])} - {""}
    moved = [f for f in entity.forms if index_text(f) in wanted]
    if not moved or len(moved) == len(entity.forms):
        return
    part = Cluster(str(data.get("type") or entity.type),
                   key=f"{entity.key}/split{decision.seq}", name=str(data.get("name", "")))
    part.members = [m for m in entity.members if m[1] in moved]
    entity.members = [m for m in entity.members if m[1] not in moved]
    clusters.append(part)


def _add(clusters: list[Cluster], decision: Decision) -> None:
    data = decision.data
    name = clean_name(str(data.get("name", "")))
    names = [name, *(clean_name(str(a)) for a in data.get("aliases", []))]
    names = [n for n in names if n]
    if not names:
        return
    entity = Cluster(str(data.get("type", "PER")), key=f"added:{decision.seq}", added=True)
    entity.extra = names
    if _ARABIC.search(name):
        entity.name = name
    else:
        entity.latin = name
    wanted = {index_text(n) for n in names}
    for other in [c for c in clusters if c.norms() & wanted
                  and (c.type == entity.type or c.type not in NAME_TYPES)]:
        entity.absorb(other)
        clusters.remove(other)
    clusters.append(entity)


class UnknownEntity(NotFoundError, LookupError):
    """No entity has the id given."""


def _entity(store: EntityStore, entity_id: int) -> EntityRow:
    entity = store.entity(entity_id)
    if entity is None:
        raise UnknownEntity(f"no entity {entity_id} in this case (kavosh entities list)")
    return entity


def _decide(store: EntityStore, action: str, data: dict[str, Any], actor: str,
            key: str) -> EntityRow | None:
    """Record the decision, resolve again (the decision replayed with the others), and
    return the entity whose key is ``key`` ("{seq}" in it: the decision's number)."""
    decision = store.add_decision(action, data, actor)
    rows = resolve_case(store)
    wanted = key.replace("{seq}", str(decision.seq))
    return next((r for r in rows if r.key == wanted), None)


def merge(store: EntityStore, into: int, others: Sequence[int], actor: str) -> EntityRow | None:
    """Make ``others`` one entity with ``into``; return it."""
    target = _entity(store, into)
    refs = [reference(_entity(store, i)) for i in others if i != into]
    return _decide(store, "merge", {"into": reference(target), "from": refs}, actor,
                   target.key)


def split(store: EntityStore, entity_id: int, aliases: Sequence[str], actor: str,
          name: str = "", type: str = "") -> EntityRow | None:
    """Take the mentions written as one of ``aliases`` out of the entity into a new one;
    return the new one (None when that would leave the entity empty or take nothing)."""
    entity = _entity(store, entity_id)
    data = {"entity": reference(entity), "aliases": list(aliases), "name": name,
            "type": type}
    return _decide(store, "split", data, actor, f"{entity.key}/split{{seq}}")


def rename(store: EntityStore, entity_id: int, name: str, actor: str) -> EntityRow | None:
    """Set the entity's Persian name (an Arabic-script ``name``) or its Latin one."""
    entity = _entity(store, entity_id)
    return _decide(store, "rename", {"entity": reference(entity), "name": name}, actor,
                   entity.key)


def retype(store: EntityStore, entity_id: int, type: str, actor: str) -> EntityRow | None:
    entity = _entity(store, entity_id)
    return _decide(store, "retype", {"entity": reference(entity), "type": type.upper()},
                   actor, entity.key)


def add(store: EntityStore, type: str, name: str, aliases: Sequence[str],
        actor: str) -> EntityRow | None:
    """An entity people know of; found entities written as one of its names join it."""
    data = {"type": type.upper(), "name": name, "aliases": list(aliases)}
    return _decide(store, "add", data, actor, "added:{seq}")
