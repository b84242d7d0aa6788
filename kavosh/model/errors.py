"""The one family of errors Kavosh raises on purpose, sorted by what the caller should do.

- :class:`ItemError` — one item (a document, a page) could not be processed: record the reason
  against it and go on with the run.
- :class:`RunError` — the run cannot go on (no case, the index held by another process, an
  engine missing): stop, and tell the person what to do. Its branches say why, so that every
  face (command line, HTTP) answers alike: :class:`NotFoundError`, :class:`BusyError`,
  :class:`UnavailableError`.
- :class:`UsageError` — what was asked is malformed (a bad query, a bad option): nothing ran;
  the person must ask differently. ``position`` says where in the query, when known.

Each face maps the family once: ``kavosh.cli.app`` to exit codes and one-line messages,
``kavosh.api`` to HTTP statuses. Existing errors join the family by also inheriting from the
built-in they always had (``QueryError`` is still a ``ValueError``), so no caller breaks.
"""

from __future__ import annotations


class KavoshError(Exception):
    """Base of every error Kavosh raises on purpose; ``str(error)`` is written for the person
    using Kavosh, not for a developer. ``hint`` adds what to do, when the message does not
    say it already."""

    hint: str = ""
    position: int | None = None  # see UsageError

    def one_line(self) -> str:
        """The message on one line (white space folded), then where (a position in the text
        typed, 1-based for people) and the hint, if known."""
        text = " ".join(str(self).split()) or type(self).__name__
        if self.position is not None:
            text += f" (at character {self.position + 1})"
        return f"{text}; {self.hint}" if self.hint else text


class ItemError(KavoshError):
    """One item could not be processed: record why against it and continue the run."""


class RunError(KavoshError):
    """The run cannot continue; the message (or ``hint``) says what to do."""


class NotFoundError(RunError):
    """What was asked for does not exist (a case folder, a document)."""


class BusyError(RunError):
    """Another process holds what this needs (the search index's writer): wait, or stop it."""


class UnavailableError(RunError):
    """Something this needs cannot be used here or now (an OCR engine not installed, a search
    index that must be rebuilt first)."""


class UsageError(KavoshError):
    """What was asked is malformed (a query, an option); nothing was done.

    ``position``: the 0-based character offset in the text typed where the problem is, when
    known (queries); None otherwise.
    """

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position
