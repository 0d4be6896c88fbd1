"""Hostile inputs for the fuzz harness: a valid project, changed by one to three mutations.

Every mutation is a function of a seeded random generator, so an input is named by its seed
and made again exactly (`python tests/fuzz/run.py --replay SEED`). The short run in
tests/test_fuzz.py and the long run of tests/fuzz/run.py draw from the same mutations.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from pathlib import Path

import yaml

Project = dict[str, bytes]  # path relative to the project -> content

RECORD_FOLDERS = ("sources", "actors", "events", "briefs")

YAML_BITS = [
    ":",
    "- ",
    "  ",
    "\n",
    "[",
    "]",
    "{",
    "}",
    "'",
    '"',
    "&a ",
    "*a",
    "!!python/object ",
    "!!binary ",
    "#",
    "---\n",
    "...",
    "\t",
    "\u2028",
    "\x00",
    "\ufeff",
    "~",
    "2020-02-30",
    "2020-13",
    "@",
    "[@",
    "[[",
    "]]",
    "cite:",
    "quote: ",
    "source: ",
    "judgment: high",
    "id: x",
    "\u2026",
    "\u202e",
    "<<: ",
    "? ",
    "|\n",
    ">-\n",
    "%YAML 1.1\n",
    "!ENV x",
]
PROSE_BITS = [
    "`" * 50,
    " " * 200,
    "[@",
    "[@a",
    '[@a, "',
    "]",
    "[[",
    "]]",
    '"',
    "\u201c",
    "\u201d",
    "<script>window.__pwned=1</script>",
    "[x](javascript:alert(1))",
    "{: onclick=x }",
    "[^1]: note",
    "*[HTML]: h",
    "> ",
    "- ",
    "1. ",
    "| a | b |\n|---|---|\n",
    "***",
    "_" * 40,
    "[judgment: high] ",
    "[judgment: sure] ",
    "...",
    "\u2026",
    "\u202e",
    "\u0651",
    "\r",
]
ODD_CHARACTERS = [
    "\u200d",
    "\u2060",
    "\u061c",
    "\u2067",
    "\u2069",
    "\u0308",
    "\u202e",
    "\u2066",
    "\u200b",
    "\u00ad",
    "\ufeff",
    "\ufffe",
    "\x00",
    "\x1b",
    "\u0301",
    "\u0651",
    "\u0628",
    "\U0001f600",
    "\ud800",
    "\u2028",
    "\u2029",
    "\u0085",
    "\r",
    "\t",
    "\u201c",
    "\u2019",
    "\u2014",
    "\u00a0",
    "\u3000",
    "\ufb01",
]


# Characters that normalising removes or that stand on another: zero-width and joiners,
# soft hyphen, byte-order mark, bidi marks, embeddings, overrides and isolates, combining
# marks of several scripts.
INVISIBLE = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\u00ad",
    "\ufeff",
    "\u180e",
    "\u200e",
    "\u200f",
    "\u061c",
    *(chr(code) for code in range(0x202A, 0x202F)),
    *(chr(code) for code in range(0x2066, 0x206A)),
]
COMBINING = ["\u0301", "\u0308", "\u0651", "\u064e", "\u05b7", "\u0e31", "\u20d7", "\ufe20"]
SPACES = [" ", "\u00a0", "\u3000", "\t", "\u2028", "\u202f"]
ELISIONS = ["...", "\u2026", " ... ", ". . .", "...."]


def _empty_quote(rng: random.Random) -> str:
    """A quote that normalises to nothing: invisible marks, spaces and elisions only."""
    pool = INVISIBLE + SPACES + ELISIONS
    return "".join(rng.choice(pool) for _ in range(rng.randint(1, 12)))


def _marked_quote(quote: str, rng: random.Random) -> str:
    """A quote with invisible, combining or bidi marks put inside and around its words."""
    pool = INVISIBLE + COMBINING + ELISIONS
    for _ in range(rng.randint(1, 8)):
        quote = _insert(quote, rng.choice(pool) * rng.choice([1, 1, 3, 50]), rng)
    return quote


def _elided_quote(quote: str, rng: random.Random) -> str:
    """A quote cut into many parts: the words of its pairs, joined by elisions."""
    words = quote.split() or ["a", "b"]
    parts = [" ".join(words[i : i + 2]) for i in range(0, len(words), 2)]
    return " ... ".join(parts * rng.choice([1, 2, 20, 60]))


def _new_quote(quote: str, rng: random.Random) -> str:
    shape = rng.randrange(5)
    if shape == 0:
        return _empty_quote(rng)
    if shape == 1:  # marks alone, standing on nothing
        return "".join(rng.choice(COMBINING + INVISIBLE) for _ in range(rng.randint(1, 6)))
    if shape == 2:
        return _elided_quote(quote, rng)
    return _marked_quote(quote, rng)


# Each match within one line and of bounded length: on a mutated file of a huge string
# ("[@" repeated, no closing bracket), an unbounded run from every "[@" read the rest of the
# file each time (20,000 of them: 3.3 s; a megabyte of them, hours).
_RECORD_QUOTE = re.compile(r"^([ \t]*(?:-[ \t]*)?(?:quote|prefix|suffix): )(.*)$", re.MULTILINE)
_PROSE_QUOTE = re.compile(r'(\[@[^\],;"\n]{1,200}, ")([^"\]\n]{0,5000})(")')


def odd_quote(project: Project, rng: random.Random) -> None:
    """A quote of a record or a brief's prose rewritten: invisible, combining and bidi
    marks, white space and elisions alone, marks inside its words, or many parts."""
    found = [
        (path, match)
        for path in sorted(project)
        for pattern in (_RECORD_QUOTE, _PROSE_QUOTE)
        for match in pattern.finditer(_decode(project[path]))
    ]
    if not found:
        return
    path, match = rng.choice(found)
    text = _decode(project[path])
    quote = _new_quote(match.group(2).strip("\"'"), rng)
    written = json.dumps(quote) if match.re is _RECORD_QUOTE else quote.replace('"', "")
    project[path] = _encode(text[: match.start(2)] + written + text[match.end(2) :])


_DATE_LINE = re.compile(
    r"^([ \t]*(?:-[ \t]*)?(?:date|end|published|from|until): )(.*)$", re.MULTILINE
)


def odd_date(project: Project, rng: random.Random) -> None:
    """A date rewritten as a range of many ends, a long run of digits or odd marks."""
    found = [
        (path, match)
        for path in sorted(project)
        for match in _DATE_LINE.finditer(_decode(project[path]))
    ]
    if not found:
        return
    path, match = rng.choice(found)
    # A date line another mutation made huge is cut: joined 20,000 times, a date of 1 MB was
    # 20 GB, and the generator itself hung (seed 1121282), before any of briefing ran.
    end = match.group(2).strip("\"'")[:32] or "2020"
    date = rng.choice(
        [
            "/".join([end] * rng.choice([3, 100, 20_000])),
            "/" * rng.choice([1, 2, 1000]),
            end + "/" + rng.choice(INVISIBLE) + end,
            "~" * rng.choice([2, 1000]) + end,
            end + "-" + "0" * rng.choice([3, 1000]),
            rng.choice(COMBINING) + end,
        ]
    )
    text = _decode(project[path])
    project[path] = _encode(text[: match.start(2)] + json.dumps(date) + text[match.end(2) :])


def _texts(project: Project, rng: random.Random) -> str:
    return rng.choice(sorted(project))


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="surrogateescape")


def _encode(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogatepass")


def _insert(text: str, piece: str, rng: random.Random) -> str:
    at = rng.randint(0, len(text))
    return text[:at] + piece + text[at:]


def random_bytes(project: Project, rng: random.Random) -> None:
    project[_texts(project, rng)] = rng.randbytes(rng.randint(0, 2000))


def truncate(project: Project, rng: random.Random) -> None:
    path = _texts(project, rng)
    project[path] = project[path][: rng.randint(0, len(project[path]))]


def flip_bytes(project: Project, rng: random.Random) -> None:
    path = _texts(project, rng)
    data = bytearray(project[path])
    for _ in range(rng.randint(1, 10)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    project[path] = bytes(data)


def splice_yaml(project: Project, rng: random.Random) -> None:
    path = _texts(project, rng)
    text = _decode(project[path])
    for _ in range(rng.randint(1, 6)):
        at = rng.randint(0, len(text))
        text = text[:at] + rng.choice(YAML_BITS) + text[at + rng.randint(0, 7) :]
    project[path] = _encode(text)


def splice_prose(project: Project, rng: random.Random) -> None:
    briefs = [path for path in project if path.startswith("briefs/")]
    path = rng.choice(briefs or sorted(project))
    text = _decode(project[path])
    for _ in range(rng.randint(1, 8)):
        piece = rng.choice(PROSE_BITS) * rng.choice([1, 1, 1, 10, 1000])
        text = _insert(text, piece, rng)
    project[path] = _encode(text)


def deep_nesting(project: Project, rng: random.Random) -> None:
    depth = rng.choice([10, 31, 32, 33, 100, 1_000, 50_000, 200_000])
    shape = rng.choice(["[", "{a: ", "- ", "? ", "indent"])
    if shape == "indent":
        nested = "".join(" " * i + f"k{i}:\n" for i in range(min(depth, 5_000)))
    elif shape in ("- ", "? "):
        nested = "\n" + shape * depth + "x\n"
    else:
        closer = "]" if shape == "[" else "}"
        nested = shape * depth + "1" + closer * rng.choice([depth, depth // 2, 0])
    folder = rng.choice(["actors", "events"])
    project[f"{folder}/deep.yml"] = _encode("name: " + nested + "\n")


def huge_string(project: Project, rng: random.Random) -> None:
    path = _texts(project, rng)
    unit = rng.choice(["a", "word ", " ", "`", '"', "[@", "...", "\u0628\u0651", "-", "\n"])
    size = rng.choice([1_000, 100_000, 1_000_000])
    project[path] = _encode(_insert(_decode(project[path]), unit * (size // len(unit)), rng))


def random_unicode(project: Project, rng: random.Random) -> None:
    path = _texts(project, rng)
    text = _decode(project[path])
    for _ in range(rng.randint(1, 20)):
        character = rng.choice(ODD_CHARACTERS + [chr(rng.randint(0x80, 0x10FFFF))])
        text = _insert(text, character, rng)
    project[path] = _encode(text)


def wrong_type(project: Project, rng: random.Random) -> None:
    """A value of a record replaced by one of another type, written back as valid YAML."""
    paths = [p for p in project if p.endswith(".yml")]
    if not paths:
        return
    path = rng.choice(paths)
    try:
        data = yaml.safe_load(project[path])
    except (yaml.YAMLError, RecursionError):  # PyYAML's Python loader recurses per level
        return
    holder, key = _random_place(data, rng)
    if holder is None:
        return
    holder[key] = rng.choice(
        [
            None,
            True,
            0,
            -1,
            2**70,
            1.5,
            "",
            "x" * 10_000,
            [],
            {},
            [[[]]],
            {"a": {"b": []}},
            "2020-02-30",
            ["a", 1, None],
            {"id": "x", "text": "y"},
        ]
    )
    project[path] = yaml.safe_dump(data, allow_unicode=True).encode()


def _random_place(data: object, rng: random.Random) -> tuple[object, object]:
    holder, key = None, None
    node = data
    for _ in range(rng.randint(1, 6)):
        if isinstance(node, dict) and node:
            holder, key = node, rng.choice(list(node))
        elif isinstance(node, list) and node:
            holder, key = node, rng.randrange(len(node))
        else:
            break
        node = holder[key]  # type: ignore[index]
    return holder, key


def mutate_source_text(project: Project, rng: random.Random) -> None:
    """A source's body changed so that quotes cut words, miss, or match around odd marks."""
    sources = [path for path in project if path.startswith("sources/")]
    if not sources:
        return
    path = rng.choice(sources)
    text = _decode(project[path])
    head, separator, body = text.partition("\n---\n")
    if not separator:
        return
    words = body.split(" ")
    for _ in range(rng.randint(1, 30)):
        if not words:
            break
        at = rng.randrange(len(words))
        action = rng.randrange(4)
        if action == 0:
            del words[at]
        elif action == 1:
            words[at] = rng.choice(ODD_CHARACTERS) + words[at]
        elif action == 2:
            words[at] = words[at] + rng.choice(["s", "'s", "-", ",", "\u0651"])
        else:
            words.insert(at, rng.choice(words))
    project[path] = _encode(head + separator + " ".join(words))


def new_file(project: Project, rng: random.Random) -> None:
    folder = rng.choice(RECORD_FOLDERS)
    name = rng.choice(
        ["x", "Upper", "with space", "a" * 200, "index", "-dash", "\u0628", "dup", ".hidden", "_x"]
    )
    ending = rng.choice([".yml", ".yaml", ".md", ".txt", ""])
    donor = rng.choice(sorted(project))
    project[f"{folder}/{name}{ending}"] = project[donor]


MUTATIONS: list[Callable[[Project, random.Random], None]] = [
    random_bytes,
    truncate,
    flip_bytes,
    splice_yaml,
    splice_prose,
    deep_nesting,
    huge_string,
    random_unicode,
    wrong_type,
    mutate_source_text,
    new_file,
    odd_quote,
    odd_quote,  # twice: quotes are what the check proves, and where it was weakest
    odd_date,
]


def read_project(root: Path) -> Project:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for folder in RECORD_FOLDERS
        if (root / folder).is_dir()
        for path in sorted((root / folder).iterdir())
        if path.is_file()
    }


def hostile_project(base: Project, seed: int) -> tuple[Project, list[str]]:
    """The base project changed by the mutations that `seed` chooses, and their names."""
    rng = random.Random(seed)
    project = dict(base)
    names = []
    for _ in range(rng.randint(1, 3)):
        mutation = rng.choice(MUTATIONS)
        mutation(project, rng)
        names.append(mutation.__name__)
    return project, names


def write_project(project: Project, root: Path) -> None:
    """Make the record folders of `root` hold exactly `project`."""
    for folder in RECORD_FOLDERS:
        directory = root / folder
        directory.mkdir(parents=True, exist_ok=True)
        for file in directory.iterdir():
            if f"{folder}/{file.name}" not in project:
                file.unlink()
    for path, content in project.items():
        (root / path).write_bytes(content)


def exercise(root: Path) -> None:
    """What the harness asks of every input: a check that reports, never raises; problems
    placed and printable as text and JSON; and, when the records are valid, the pages."""
    import json

    from briefing.report import check_project
    from briefing.views.site.render import render_pages

    report = check_project(root)
    for problem in report.problems:
        if problem.origin.line < 1 or problem.origin.column < 1:
            raise AssertionError(f"problem placed before the file starts: {problem.render()}")
        problem.render()
    json.dumps([problem.as_json() for problem in report.problems], ensure_ascii=False)
    if not report.errors():
        render_pages(report.index, report.settings)
