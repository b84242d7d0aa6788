"""The year of an undated US cable, for its reference ID: weighed from the declassification
date, the years its text mentions and the years of the cables it cites.

A partial extract has neither a date-time group nor a date line, yet its reference ID starts
with its year. The declassification date (``DECL: 04/06/2014``) is usually the cable's date
plus 10 years, but drafters also wrote 25, 20, 9, 15, 5 or 30; so each of these is a candidate
year and the most likely one wins (:func:`likely_year`). The weights are those of the 2010
release: how often each span is written, how the cables' years are spread (most from 2004 to
2010, none after February 2010), how the latest year a cable mentions stands to its own (the
same or one off, rarely three or more after it) and how a cited cable's written year stands to
the citing one's (one before it most often: a reference of the same year is written without
one). Nothing here gives a date: only the year of the reference ID, recorded as such
(``extra["year_from"]``).
"""

from __future__ import annotations

import re

# A declassification date: 04/06/2014, 1/26/20, 2019/11/25, 2019-02-12.
_DECL = re.compile(
    r"DECL\w*:?\s*(?:(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})\b"
    r"|(?P<y4>\d{4})[/-](?P<m4>\d{1,2})[/-](?P<d4>\d{1,2})\b)",
    re.I,
)
_YEAR = re.compile(r"(?<![\d/.-])(?:19[6-9]\d|20[01]\d)(?![\d/])")
LAST_YEAR = 2010  # the release ends in February 2010; E.O. 12958 was replaced that year
# Years between a cable and its declassification date, and how often each is written.
_SPANS = {10: 329, 25: 28, 20: 19, 9: 16, 15: 7, 5: 3, 30: 3}
# How the cables of the release are spread over the years (relative, 0.1 outside).
_YEARS = {2003: 0.3, 2004: 0.5, 2005: 0.6, 2006: 0.7, 2007: 0.8, 2008: 0.9, 2009: 1.0,
          2010: 0.5}
# The latest year the text mentions minus the cable's year → likelihood.
_MENTIONED = {0: 0.42, 1: 0.18, -1: 0.17, -2: 0.05, 2: 0.02, -3: 0.03}
# The cable's year minus the latest written year of a cable it cites → likelihood.
_CITED = {0: 0.11, 1: 0.69, 2: 0.1}


def declassification_year(line: str) -> int | None:
    """The year of the ``DECL`` date in ``line`` (an ``E.O. 12958`` line), any of its forms,
    or None (``DECL: OADR``, ``N/A``)."""
    found = _DECL.search(line)
    if found is None:
        return None
    year = int(found["y"] or found["y4"])
    return year if year >= 100 else 2000 + year


def mentioned_years(text: str) -> list[int]:
    """The years 1960–2019 written as words of ``text`` (not inside a date like ``1/26/20``)."""
    return [int(y) for y in _YEAR.findall(text)]


def likely_year(declassified: int, mentioned: list[int], cited: list[int]) -> int | None:
    """The most likely year of a cable declassified in ``declassified`` whose text mentions
    the years ``mentioned`` (the declassification date left out) and which cites cables of the
    written years ``cited`` (four digits); None when every candidate is after 2010."""
    latest = max((y for y in mentioned if y <= LAST_YEAR), default=None)
    newest_cited = max(cited, default=None)
    best: tuple[float, int] | None = None
    for span, count in _SPANS.items():
        year = declassified - span
        if year > LAST_YEAR:
            continue
        weight = count * _YEARS.get(year, 0.1)
        if latest is not None:
            gap = latest - year
            weight *= _MENTIONED.get(gap, 0.005 if gap > 2 else (0.02 if gap >= -10 else 0.01))
        if newest_cited is not None:
            gap = year - newest_cited
            weight *= _CITED.get(gap, 0.02 if 3 <= gap <= 7 else (0.002 if gap < 0 else 0.005))
        if best is None or weight > best[0]:
            best = (weight, year)
    return best[1] if best else None
