"""The project's files as the editor has them: an open buffer's text, else the file's, each
line read once; and places in them said as the editor counts (its URIs, and columns in the
code units it negotiated, where the check counts characters)."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pygls import uris
from pygls.workspace import PositionCodec

from briefing.check.rename import LINE_BREAK
from briefing.paths import UnsafePath, inside_project
from briefing.records.reading import LoadError, decode, read_limited


class Texts:
    """The lines of a project's files, by path relative to the project ('/'-separated)."""

    def __init__(self, root: Path, buffers: dict[str, str], codec: PositionCodec) -> None:
        self.root, self.buffers, self.codec = root, buffers, codec
        self._lines: dict[str, list[str]] = {}

    def lines(self, path: str) -> list[str]:
        if path not in self._lines:
            text = self.buffers.get(path)
            if text is None:
                try:
                    file = inside_project(self.root, self.root / path)
                    text = decode(read_limited(file, path), path)
                except (LoadError, UnsafePath, OSError):
                    text = ""  # a place in a file that cannot be read: at its line's start
            self._lines[path] = LINE_BREAK.split(text)
        return self._lines[path]

    def line(self, path: str, number: int) -> str:
        """Line `number` (0-based) of a file, or "" past its end."""
        lines = self.lines(path)
        return lines[number] if 0 <= number < len(lines) else ""

    def uri(self, path: str) -> str:
        return str(uris.from_fs_path(str(self.root / path)))

    def position(self, path: str, line: int, column: int) -> types.Position:
        """A place given as the check counts it (0-based line, characters), as the editor
        counts it."""
        return self.codec.position_to_client_units(
            self.lines(path), types.Position(line=line, character=column)
        )

    def range(self, path: str, line: int, start: int, end: int) -> types.Range:
        return types.Range(self.position(path, line, start), self.position(path, line, end))

    def location(self, path: str, line: int, start: int, end: int) -> types.Location:
        return types.Location(self.uri(path), self.range(path, line, start, end))

    def column(self, path: str, position: types.Position) -> int:
        """The character the editor's position points at, on its line."""
        return self.codec.position_from_client_units(self.lines(path), position).character
