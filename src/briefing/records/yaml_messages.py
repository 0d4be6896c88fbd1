"""PyYAML's syntax errors said in an author's words, at the line the author must fix.

PyYAML reports where its parser gave up ("did not find expected ',' or ']'", on the line
after an unclosed '['); the author needs what to change and where it started. Each entry
of MESSAGES matches one of PyYAML's problems and says which of its two marks is the place:
the context mark (where the unfinished thing began) or the problem mark."""

from __future__ import annotations

from typing import Any, NamedTuple

QUOTE_HINT = 'put the whole value in quotes: quote: "words: with a colon"'


class Plain(NamedTuple):
    message: str
    hint: str
    at_start: bool  # the place is where the unfinished thing began (PyYAML's context mark)


MESSAGES: list[tuple[str, Plain]] = [
    (
        "did not find expected ',' or ']'",
        Plain(
            "a list opened with '[' is not closed",
            "close it with ']' on the same line, or write one '- item' line for each entry",
            True,
        ),
    ),
    (
        "did not find expected ',' or '}'",
        Plain(
            "a mapping opened with '{' is not closed",
            "close it with '}' on the same line, and quote values that contain ',' or ': '",
            True,
        ),
    ),
    (
        "mapping values are not allowed",
        Plain(
            "a ': ' where no key can start",
            "if this line is a new key, indent it as the keys above it; if the ': ' is part "
            f"of the value, {QUOTE_HINT}",
            False,
        ),
    ),
    (
        "did not find expected '-' indicator",
        Plain(
            "a line inside a list that is not a '- ' item",
            "start each item with '- ' at the same indentation, and indent an item's own "
            "keys further than its '-'",
            False,
        ),
    ),
    (
        "found a tab character",
        Plain("a tab in the indentation", "indent with spaces only", False),
    ),
    (
        "could not find expected ':'",
        Plain(
            "a line that is not 'key: value'",
            "write 'key: value'; a value that goes on to the next line is indented under its key",
            True,
        ),
    ),
    (
        "found unexpected end of stream",
        Plain(
            "a quoted value is not closed",
            'end the value with the quote it starts with; inside double quotes write \\" '
            "for a quote, inside single quotes ''",
            True,
        ),
    ),
]


def _line(text: str, mark: Any) -> str:
    lines = text.split("\n")
    return lines[mark.line] if mark.line < len(lines) else ""


class _Mark(NamedTuple):
    line: int  # 0-based, as PyYAML's marks
    column: int


def _opening_quote(text: str, mark: Any, before: str) -> _Mark | None:
    """Where the quoted value that ends just before `mark` began: the quote before it."""
    quote = before[-1]
    lines = text.split("\n")
    end = sum(len(line) + 1 for line in lines[: mark.line]) + len(before) - 1
    start = text.rfind(quote, 0, end)
    while quote == '"' and start > 0 and text[start - 1] == "\\":
        start = text.rfind(quote, 0, start - 1)
    if start < 0:
        return None
    line = text.count("\n", 0, start)
    return _Mark(line, start - (text.rfind("\n", 0, start) + 1))


def plain_words(error: Any, text: str) -> tuple[str, str, Any]:
    """(message, hint, mark) for a PyYAML MarkedYAMLError on `text`."""
    problem = str(error.problem or error.context or "invalid YAML")
    mark = error.problem_mark or error.context_mark
    for wanted, plain in MESSAGES:
        if wanted in problem:
            chosen = error.context_mark if plain.at_start and error.context_mark else mark
            return f"YAML syntax error: {plain.message}", plain.hint, chosen
    if "did not find expected key" in problem and mark is not None:
        before = _line(text, mark)[: mark.column].rstrip()
        if before.endswith(('"', "'")):
            opened = _opening_quote(text, mark, before)
            if opened is not None and opened.line < mark.line:
                return (
                    "YAML syntax error: a quoted value is not closed on its line, and runs on "
                    f"to line {mark.line + 1}",
                    "end the value with the quote it starts with, or quote none of it",
                    opened,
                )
            return (
                "YAML syntax error: text after the closing quote of a value",
                "put the whole value in quotes, or none of it",
                mark,
            )
        return (
            "YAML syntax error: this line is indented less than the keys of its mapping, "
            "or is not 'key: value'",
            "indent each key of one mapping by the same number of spaces",
            mark,
        )
    if "cannot start any token" in problem and mark is not None:
        line = _line(text, mark)
        character = line[mark.column : mark.column + 1]
        if character == "\t" and not line[: mark.column].strip():
            return (
                "YAML syntax error: a tab in the indentation",
                "YAML indents with spaces only: replace the tab with spaces, as many as the "
                "keys of the same mapping have",
                mark,
            )
        return (
            f"YAML syntax error: a plain value cannot start with '{character}'",
            QUOTE_HINT.replace("words: with a colon", f"{character}words"),
            mark,
        )
    return (
        f"YAML syntax error: {problem}",
        "check the indentation, and quote values that contain ': ' or start with "
        "[ { * & ! | > ' \" % @ `",
        mark,
    )
