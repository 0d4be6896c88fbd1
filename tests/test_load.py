"""Loading keeps every key's line and column, and turns every bad file into one clean problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.problems import Origin
from briefing.records.load import load_file, load_records
from briefing.records.reading import (
    MAX_FILE_BYTES,
    LoadError,
    parse_yaml_mapping,
    read_limited,
    split_front_matter,
)


def test_keys_and_values_keep_their_line_and_column() -> None:
    data = parse_yaml_mapping("name: A\nclaims:\n  - id: x\n    text: y\n", "a.yml")
    assert data.key_origins["claims"] == Origin("a.yml", 2, 1)
    claim = data["claims"][0]
    assert data["claims"].item_origins[0] == Origin("a.yml", 3, 5)
    assert claim.value_origins["text"] == Origin("a.yml", 4, 11)


def test_dates_and_years_stay_text_and_numbers_stay_numbers() -> None:
    data = parse_yaml_mapping("date: 2020-01-03\nyear: 2020\nflag: true\n", "a.yml")
    assert data == {"date": "2020-01-03", "year": 2020, "flag": True}


def test_front_matter_lines_count_from_the_top_of_the_file(tmp_path: Path) -> None:
    file = tmp_path / "s.md"
    file.write_text("---\ntitle: T\nlanguage: en\n---\nBody line one\n")
    record = load_file("source", file, "sources/s.md")
    assert record.data.value_origins["language"] == Origin("sources/s.md", 3, 11)
    assert record.body == "Body line one\n"
    assert record.body_line == 5


def test_byte_order_mark_and_windows_line_ends_are_read(tmp_path: Path) -> None:
    file = tmp_path / "s.md"
    file.write_bytes(b"\xef\xbb\xbf---\r\ntitle: T\r\n---\r\ntext\r\n")
    record = load_file("source", file, "s.md")
    assert record.data["title"] == "T"
    assert record.body == "text\r\n"


@pytest.mark.parametrize(
    ("content", "message", "origin"),
    [
        (b"", "file is empty", (1, 1)),
        (b"  \n\n", "file is empty", (1, 1)),
        (b"- a\n- b\n", "expected a mapping of keys to values, found a list", (1, 1)),
        (
            b"just text\n",
            "expected a mapping of keys to values, found the value 'just text'",
            (1, 1),
        ),
        # at the '[' that is not closed, not where PyYAML gave up
        (b"a: 1\nb: [1, 2\n", "YAML syntax error: a list opened with '[' is not closed", (2, 4)),
        (b"a: {b: 1\nc: 2\n", "YAML syntax error: a mapping opened with '{' is not closed", (1, 4)),
        (b"a: he said: no\n", "YAML syntax error: a ': ' where no key can start", (1, 11)),
        (b"a:\n  - b: 1\n  c: 2\n", "YAML syntax error: a line inside a list that is not", (3, 3)),
        (b"a: 1\n\tb: 2\n", "YAML syntax error: a tab in the indentation", (2, 1)),
        (b"a: 1\nb\nc: 2\n", "YAML syntax error: a line that is not 'key: value'", (2, 1)),
        (b'a: "open\nb: 2\n', "YAML syntax error: a quoted value is not closed", (1, 4)),
        (b'a: "x" y\n', "YAML syntax error: text after the closing quote of a value", (1, 8)),
        (b"a: @x\n", "YAML syntax error: a plain value cannot start with '@'", (1, 4)),
        (b"a:\n  b: 1\n c: 2\n", "YAML syntax error: this line is indented less than", (3, 2)),
        (b"a: 1\na: 2\n", "duplicate key 'a'", (2, 1)),
        (b"a: &x [1]\nb: *x\n", "YAML anchors and aliases are not supported", (1, 4)),
        (b"name: caf\xc3\xa9 \xff\n", "file is not valid UTF-8 (byte 0xff)", (1, 12)),
        (b"a: \x07\n", "YAML error", (1, 1)),
    ],
)
def test_bad_files_give_one_problem_at_their_place(
    tmp_path: Path, content: bytes, message: str, origin: tuple[int, int]
) -> None:
    file = tmp_path / "x.yml"
    file.write_bytes(content)
    with pytest.raises(LoadError) as raised:
        load_file("actor", file, "actors/x.yml")
    problem = raised.value.problem
    assert problem.message.startswith(message)
    assert (problem.origin.line, problem.origin.column) == origin


def test_every_link_among_the_records_is_refused_even_a_dangling_one(project: Path) -> None:
    """A link is refused whatever it points at (a file, a folder, nothing), and a link's
    target is never opened: the check is made on the link itself."""
    (project / "sources/gone.md").symlink_to(project / "no-such-file.md")
    (project / "events/folder.yml").symlink_to(project / "actors", target_is_directory=True)
    loaded = load_records(project)
    refused = {p.origin.path: p.message for p in loaded.problems}
    assert refused == {
        "sources/gone.md": "'sources/gone.md' is a symbolic link; briefing follows none",
        "events/folder.yml": "'events/folder.yml' is a symbolic link; briefing follows none",
    }
    assert loaded.unreadable == {"gone", "folder"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\na: 1\n---\nbody\n", ("a: 1\n", "body\n", 4)),
        ("---\r\na: 1\r\n---\r\r\nbody", ("a: 1\r\n", "body", 4)),
        ("---\na: 1\n...\n", ("a: 1\n", "", 4)),
        ("---\na: 1\n---", ("a: 1\n", "", 4)),
        ("---\n---\n", ("", "", 3)),
        (
            "---\na: 1\n----\n---x\n --- \n---\nb\n---\n",
            ("a: 1\n----\n---x\n --- \n", "b\n---\n", 7),
        ),
        ("---\na: '\u2028---'\n---\n", ("a: '\u2028---'\n", "", 4)),
        ("---", "front matter is not closed"),
        ("---\na: 1\n", "front matter is not closed"),
        ("a: 1\n---\n", "missing front matter"),
        (" ---\n---\n", "missing front matter"),
    ],
)
def test_front_matter_ends_at_the_first_line_of_dashes_or_dots(
    text: str, expected: tuple[str, str, int] | str
) -> None:
    if isinstance(expected, str):
        with pytest.raises(LoadError, match=expected):
            split_front_matter(text, "sources/s.md")
    else:
        assert split_front_matter(text, "sources/s.md") == expected


def test_a_file_is_read_whole_up_to_the_limit(tmp_path: Path) -> None:
    file = tmp_path / "a.yml"
    for size in (0, 1, 5000, MAX_FILE_BYTES):
        file.write_bytes(b"x" * size)
        assert read_limited(file, "a.yml") == b"x" * size
    file.write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    with pytest.raises(LoadError, match="larger than"):
        read_limited(file, "a.yml")
