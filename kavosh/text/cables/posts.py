"""The State Department's posts, from ``kavosh/text/data/cable_posts.toml``: a post token as
a cable writes it (``ANKARA``, ``LA PAZ``, ``USNATO``, ``AMEMBASSY TEHRAN``) → the post's name
(``Embassy Ankara``, ``Embassy La Paz``, ``Mission USNATO``, ``Embassy Tehran``)."""

from __future__ import annotations

import re

from kavosh.text.data import load

_TABLE = load("cable_posts.toml")
_MISSIONS: dict[str, str] = dict(_TABLE["missions"])
_KINDS: dict[str, str] = dict(_TABLE["kinds"])
_EMBASSIES = {re.sub(r"[^A-Z]", "", city): city for city in _TABLE["embassies"]}
_CONSULATES = {re.sub(r"[^A-Z]", "", city): city for city in _TABLE["consulates"]}


def compact(post: str) -> str:
    """A post as reference IDs write it: upper case, letters only (``LA PAZ`` → ``LAPAZ``)."""
    return re.sub(r"[^A-Z]", "", post.upper())


def is_post(post: str) -> bool:
    """Whether ``post`` (as a serial line or a REF line writes it) is a known post."""
    token = compact(post)
    return token in _MISSIONS or token in _EMBASSIES or token in _CONSULATES


def post_name(post: str) -> str | None:
    """The name of the post a serial line or reference ID names (``ANKARA`` → ``Embassy
    Ankara``, ``RPO DUBAI`` → ``Iran RPO Dubai``, ``STATE`` → ``Secretary of State``), or None
    when the table does not know it."""
    token = compact(post)
    if token in _MISSIONS:
        return _MISSIONS[token]
    if token in _EMBASSIES:
        return "Embassy " + _EMBASSIES[token].title()
    if token in _CONSULATES:
        return "Consulate " + _CONSULATES[token].title()
    return None


def sender_post(line: str) -> tuple[str, str | None]:
    """An FM or TO addressee (``AMEMBASSY LA PAZ``, ``SECSTATE WASHDC``, ``USMISSION USNATO``)
    → (the post token reference IDs use: ``LAPAZ``, ``STATE``, ``USNATO``; its name or None).

    The kind word (AMEMBASSY, AMCONSUL …) decides embassy or consulate even for a city the
    table does not list; a missions entry names the rest."""
    words = line.upper().split()
    if not words:
        return "", None
    kind = _KINDS.get(words[0])
    rest = " ".join(words[1:]) if kind else " ".join(words)
    token = compact(rest)
    if token in _MISSIONS:
        name = _MISSIONS[token]
        return ("STATE" if name == "Secretary of State" else token), name
    if compact(line) in _MISSIONS:
        return token, _MISSIONS[compact(line)]
    if kind is not None:
        return token, f"{kind} {rest.title()}"
    return token, post_name(rest)
