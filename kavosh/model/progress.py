"""How a long run tells its caller how far it has come (the CLI draws a bar from it)."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def phase(self, name: str, total: int | None) -> None:
        """A new phase starts; ``total`` items are expected (None: unknown)."""

    def total(self, total: int) -> None:
        """The expected count changed (containers reveal more documents as they open)."""

    def advance(self, count: int = 1) -> None: ...


class NoProgress:
    def phase(self, name: str, total: int | None) -> None:
        pass

    def total(self, total: int) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass
