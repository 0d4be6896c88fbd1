"""The documents a newcomer reads say what the code does: the README's command table names
every command and option of `briefing --help` and nothing else, every `briefing` line of its
code blocks is one the CLI accepts, its "your first briefing" walkthrough runs, and every
link between the documents reaches a file and a heading that exist."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import click
import pytest

from briefing.cli import cli
from conftest import REPOSITORY, run

README = REPOSITORY / "README.md"
DOCUMENTS = ["README.md", "FORMAT.md", "ARCHITECTURE.md", "benchmarks/README.md", "EDITORS.md"]
HELP = {"-h", "--help"}
OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")


def section(text: str, heading: str) -> str:
    """The text under a second-level heading, up to the next one."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"README.md has no '## {heading}' section"
    return match.group(1)


def code_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.M | re.S)


def cells(row: str) -> list[str]:
    """A Markdown table row's cells; `\\|` inside a cell is a `|` of its text."""
    parts = re.split(r"(?<!\\)\|", row.strip())[1:-1]
    return [part.strip().replace("\\|", "|") for part in parts]


# The CLI, as click knows it -----------------------------------------------------------------


def commands(group: click.Group, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], set[str]]:
    """Every command (the group itself as ()) with the names of its options, help aside.
    Found through click, not by importing the modules that define them."""
    context = click.Context(group)
    found = {path: option_names(group)}
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None
        if command.hidden:
            continue
        if isinstance(command, click.Group):
            found.update(commands(command, (*path, name)))
        else:
            found[(*path, name)] = option_names(command)
    return found


def option_names(command: click.Command) -> set[str]:
    return {
        name
        for param in command.params
        if isinstance(param, click.Option)
        for name in [*param.opts, *param.secondary_opts]
        if name not in HELP
    }


def options_of(command: click.Command) -> list[set[str]]:
    """Each option's names (`-o` and `--output` are one option), help aside."""
    return [
        set(param.opts + param.secondary_opts)
        for param in command.params
        if isinstance(param, click.Option) and not HELP & set(param.opts)
    ]


def command_at(path: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        found = command.get_command(click.Context(command), name)
        assert found is not None, name
        command = found
    return command


# The README's table ------------------------------------------------------------------------


@dataclass
class Documented:
    rows: dict[tuple[str, ...], list[str]] = field(default_factory=dict)  # command -> rows
    options: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)  # what names no command of the CLI


def command_path(words: list[str]) -> tuple[tuple[str, ...], list[str]]:
    """The command a `briefing ...` line names, and the words after it. A word in lower case
    where a command is expected is taken as one (arguments are written in capitals)."""
    command: click.Command = cli
    path: list[str] = []
    rest = list(words)
    while isinstance(command, click.Group):
        names = [word for word in rest if not word.startswith("-")]
        if not names or not re.fullmatch(r"[a-z][a-z-]*", names[0]):
            break
        found = command.get_command(click.Context(command), names[0])
        if found is None:
            raise LookupError(" ".join(["briefing", *path, names[0]]))
        path.append(names[0])
        rest.remove(names[0])
        command = found
    return tuple(path), rest


def documented_commands() -> Documented:
    table = section(README.read_text(encoding="utf-8"), "Commands")
    documented = Documented()
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert rows, "the README's Commands section has no table of commands"
    for row in rows:
        synopsis = cells(row)[0]
        spans = re.findall(r"`([^`]+)`", synopsis)
        assert len(spans) == 1, f"one command per row, in one code span: {row[:80]}"
        words = re.split(r"[\s\[\]|]+", spans[0])
        assert words[0] == "briefing", f"a row that is not a briefing command: {row[:80]}"
        try:
            path, rest = command_path(words[1:])
        except LookupError as error:
            documented.unknown.append(str(error))
            continue
        documented.rows.setdefault(path, []).append(spans[0])
        named = {word for word in rest if OPTION.fullmatch(word)}
        documented.options.setdefault(path, set()).update(named)
    return documented


def test_the_command_table_names_every_command_of_the_cli() -> None:
    documented = documented_commands()
    missing = [
        " ".join(["briefing", *path])
        for path in commands(cli)
        if path and path not in documented.rows
    ]
    assert not missing, f"commands of `briefing --help` missing from the README's table: {missing}"


def test_the_command_table_names_no_command_the_cli_lacks() -> None:
    unknown = documented_commands().unknown
    assert not unknown, f"commands in the README's table that the CLI lacks: {unknown}"


def test_the_command_table_names_every_option_of_each_command() -> None:
    documented = documented_commands()
    missing = []
    for path in commands(cli):
        if path and path not in documented.rows:
            continue  # reported by the test of commands
        named = documented.options.get(path, set())
        for names in options_of(command_at(path)):
            if not names & named:
                missing.append(f"{' '.join(['briefing', *path])} {sorted(names)[-1]}")
    assert not missing, f"options missing from the README's command table: {missing}"


def test_the_command_table_names_no_option_the_cli_lacks() -> None:
    documented = documented_commands()
    known = commands(cli)
    extra = [
        f"{' '.join(['briefing', *path])} {option}"
        for path, options in documented.options.items()
        for option in sorted(options - known[path] - HELP)
    ]
    assert not extra, f"options in the README's command table that the CLI lacks: {extra}"


# Every `briefing` line of the README ------------------------------------------------------


def shell_commands(block: str) -> list[str]:
    """The commands of a shell block: comments dropped, `&&` chains split."""
    found = []
    for line in block.splitlines():
        code = line.split("#", 1)[0].strip()
        found += [part.strip() for part in code.split("&&") if part.strip()]
    return found


def readme_invocations() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    invocations = []
    for block in code_blocks(text, "sh"):
        for command in shell_commands(block):
            words = shlex.split(command)
            if words[0] == "briefing":
                invocations.append(words)
    return invocations


def test_the_readme_runs_briefing_as_the_set_up_and_walkthrough_say() -> None:
    lines = [" ".join(words) for words in readme_invocations()]
    assert "briefing build --strict" in lines  # the first set-up command
    for step in ("init", "capture", "check", "serve", "build", "edition"):
        assert any(line.startswith(f"briefing {step}") for line in lines), step


@pytest.mark.parametrize("words", readme_invocations(), ids=" ".join)
def test_every_briefing_line_of_the_readme_is_accepted_by_the_cli(words: list[str]) -> None:
    """Parsed by click as the shell would pass it, without running it: the command exists,
    and so do its options, with values of the right kind."""
    path, _ = command_path(words[1:])
    command = command_at(path)
    arguments = words[1 + len(path) :]
    with command.make_context(" ".join(["briefing", *path]), arguments) as context:
        assert context.command is command


def test_the_walkthrough_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each step of "Your first briefing", on a page saved from a browser, as a newcomer
    would type it. The editor steps are done as their comments say; serve, which runs until
    stopped, is parsed by the test above."""
    from web import PARAGRAPHS, article_page

    text = section(README.read_text(encoding="utf-8"), "Your first briefing")
    (walkthrough,) = code_blocks(text, "sh")
    (brief,) = code_blocks(text, "markdown")
    saved = tmp_path / "article.html"
    saved.write_bytes(article_page(PARAGRAPHS))
    monkeypatch.chdir(tmp_path)
    steps = shell_commands(walkthrough)
    assert len(steps) <= 10, "the walkthrough is ten lines at most"
    source_id = None
    for step in steps:
        words = shlex.split(step)
        if words[0] == "cd":
            monkeypatch.chdir(words[1])
        elif words[0] == "$EDITOR" and words[1].startswith("sources/"):
            assert source_id, "a source is graded before any was captured"
            file = Path("sources", f"{source_id}.md")
            graded = file.read_text(encoding="utf-8").replace(
                "reliability: ungraded",
                "reliability: B\nreliability_reason: The town's paper of record.",
            )
            file.write_text(graded, encoding="utf-8")
        elif words[0] == "$EDITOR" and words[1].startswith("briefs/"):
            assert source_id, "a brief is written before any source was captured"
            Path(words[1]).write_text(brief.replace("SOURCE-ID", source_id), encoding="utf-8")
        elif words[:2] == ["briefing", "serve"]:
            continue
        else:
            assert words[0] == "briefing", f"a step the test cannot take: {step}"
            if words[1] == "capture":
                words = [*words[:2], str(saved)]  # the browser's save, wherever the README puts it
            result = run(*words[1:])
            assert result.exit_code == 0, f"{step}\n{result.output}"
            if words[1] == "capture":
                (captured,) = [f.stem for f in Path("sources").glob("*.md") if f.stem[0] != "_"]
                source_id = captured
            if words[1] == "check":
                assert "0 errors, 0 warnings" in result.output, result.output
    assert Path("build/site/index.html").is_file()
    assert Path("build/pier.pdf").is_file()
    assert list(Path("editions").glob("*.yml"))


# The documents and their links ------------------------------------------------------------


def test_the_readme_is_short() -> None:
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines <= 250, f"README.md has {lines} lines; move detail to FORMAT.md or ARCHITECTURE.md"


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(file: Path) -> set[str]:
    text = re.sub(r"^```.*?^```", "", file.read_text(encoding="utf-8"), flags=re.M | re.S)
    return {slug(heading) for heading in re.findall(r"^#{1,6} (.+)$", text, re.M)}


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_link_between_the_documents_arrives(document: str) -> None:
    file = REPOSITORY / document
    text = re.sub(r"^```.*?^```", "", file.read_text(encoding="utf-8"), flags=re.M | re.S)
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue  # a web address
        path, _, anchor = target.partition("#")
        linked = (file.parent / path).resolve() if path else file
        arrives = linked.exists() and not (
            anchor and linked.suffix == ".md" and anchor not in anchors(linked)
        )
        if not arrives:
            broken.append(target)
    assert not broken, f"links in {document} that reach nothing: {broken}"


def test_the_readme_links_the_rest() -> None:
    text = README.read_text(encoding="utf-8")
    for document in (
        "FORMAT.md",
        "ARCHITECTURE.md",
        "benchmarks/README.md",
        "CHANGELOG.md",
        "EDITORS.md",
    ):
        assert f"]({document})" in text, document
