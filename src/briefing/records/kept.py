"""What a check worked out from one object (a raw record, a source, a brief), kept for the
next check in the same process (`briefing serve`: see report.Memo) by the stage that worked
it out. A value is used again only for the very object it came from: a file read again
gives new objects, and so a new value."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

From = TypeVar("From")
Value = TypeVar("Value")


class Kept(Generic[From, Value]):
    """Values by a key that names their object (a path, an id), each with its object."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[From, Value]] = {}

    def get(self, key: str, source: From) -> Value | None:
        """The value kept for `key`, if it was worked out from `source` itself."""
        kept = self._kept.get(key)
        return kept[1] if kept is not None and kept[0] is source else None

    def keep(self, key: str, source: From, value: Value) -> None:
        self._kept[key] = (source, value)

    def keep_only(self, keys: Iterable[str]) -> None:
        """Forget the values of every other key: files removed, records now invalid."""
        wanted = set(keys)
        self._kept = {key: kept for key, kept in self._kept.items() if key in wanted}

    def __len__(self) -> int:
        return len(self._kept)
