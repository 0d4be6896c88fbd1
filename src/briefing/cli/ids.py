"""`briefing rename OLD NEW` and `briefing cite SOURCE WORDS`: the commands; what they work
out is in check/rename.py and check/cite.py."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefing.cli.common import project_argument
from briefing.problems import Misuse, Origin, Problem, plural

if TYPE_CHECKING:
    from briefing.check.cite import Citing
    from briefing.check.rename import Renaming


@click.command()
@click.argument("old_id", metavar="OLD")
@click.argument("new_id", metavar="NEW")
@project_argument
@click.option("--dry-run", is_flag=True, help="Print the edits, and change nothing.")
def rename(old_id: str, new_id: str, path: Path, dry_run: bool) -> None:
    """Rename the source, actor or event OLD to NEW everywhere it is named.

    Its file (and a source's WARC named by its id), every citation, [[link]], via,
    affiliation, participant and related event, and the editions. Comments and layout stay
    as they are; nothing is written if any file cannot be.

    \b
    Examples:
      briefing rename hezbollah lebanese-hezbollah
      briefing rename reuters-2020-02-11 reuters-2020-02-11-militias --dry-run
    """
    from briefing.check.rename import renaming
    from briefing.project import require_project

    require_project(path)
    found = renaming(path, old_id, new_id)
    if dry_run:
        for old, new in found.moves:
            click.echo(f"{old} -> {new}")
        for edit in found.edits:
            click.echo(edit.render())
        click.echo(f"would make {_counted(found)}; nothing written (--dry-run)")
        return
    write_renaming(path, found)
    changed = {edit.path: 0 for edit in found.edits}
    for edit in found.edits:
        changed[edit.path] += 1
    moved = dict(found.moves)
    for file in found.paths():
        count = f" ({plural(changed[file], 'change')})" if file in changed else ""
        click.echo(f"{file} -> {moved[file]}{count}" if file in moved else f"{file}{count}")
    click.echo(f"renamed {found.kind} '{old_id}' to '{new_id}': {_counted(found)}")


def _counted(found: Renaming) -> str:
    return f"{plural(len(found.edits), 'edit')} in {plural(len(found.paths()), 'file')}"


def write_renaming(root: Path, found: Renaming) -> None:
    """Make the edits and moves, all or none: every new text is written to a temporary
    file beside its place first, and only when all are written are they moved into place
    (files.write_beside, as each file written whole is), then the files only moved."""
    from briefing.check.rename import RenameRefused, apply_edits
    from briefing.files import write_beside
    from briefing.records.reading import LoadError, decode, read_limited

    moved = dict(found.moves)
    written: list[tuple[Path, str]] = []
    try:
        for file in sorted({edit.path for edit in found.edits}):
            edits = [edit for edit in found.edits if edit.path == file]
            text = apply_edits(decode(read_limited(root / file, file), file), edits)
            # beside the file as it is: a moved file keeps its mode (its folder is the same)
            written.append((write_beside(root / file, text.encode("utf-8")), moved.get(file, file)))
    except (ValueError, LoadError, OSError) as error:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
        if isinstance(error, LoadError):
            raise RenameRefused(error.problem) from None
        raise RenameRefused(_unwritten(error)) from None
    for temporary, target in written:
        os.replace(temporary, root / target)
    for old, new in found.moves:
        if any(target == new for _, target in written):
            os.unlink(root / old)
        else:
            os.rename(root / old, root / new)


def _unwritten(error: ValueError | OSError) -> Problem:
    what = f"{error.strerror}: {error.filename}" if isinstance(error, OSError) else str(error)
    return Problem(
        Origin(getattr(error, "filename", None) or "<briefing>"),
        f"nothing was renamed: {what}",
        "run the command again once the file can be read and written",
    )


@click.command()
@click.argument("source_id", metavar="SOURCE")
@click.argument("words", required=False, default="")
@project_argument
def cite(source_id: str, words: str, path: Path) -> None:
    """Find WORDS in SOURCE and print the citation to paste, in YAML and in a brief.

    Found as the check finds a quote: whole words, whatever the quotation marks, dashes and
    spaces; else the closest passage, said so. Without WORDS, the source's paragraphs, each
    with its line.

    \b
    Examples:
      briefing cite arabnews-2020-02-11 "hosted the meetings"
      briefing cite arabnews-2020-02-11          its paragraphs, to choose from
    """
    from briefing.check.cite import citing, paragraphs, source_of
    from briefing.project import require_project

    require_project(path)
    source = source_of(path, source_id)
    if not words.strip():
        for line, paragraph in paragraphs(source):
            click.echo(f"{source.path}:{line}: {paragraph}")
        return
    found = citing(source, words)
    if found is None:
        raise Misuse("the words have no letters or digits to look for")
    _echo_citing(source.path, found)


def _echo_citing(shown: str, found: Citing) -> None:
    where = f"{shown}:{found.line}"
    pinned = "prefix" if found.prefix else "suffix" if found.suffix else ""
    if found.found == "exact" and found.places > 1:
        how = f"pinned by its {pinned}" if pinned else "which the pages link"
        click.echo(f"{where}: found {found.places} times; the first, {how}:")
    elif found.found == "exact":
        click.echo(f"{where}: found")
    elif found.found == "case":
        click.echo(f"{where}: not found as written: the source has them in other capitals:")
    else:
        click.echo(
            f"{where}: not found; the closest passage is this one (check it says what you mean):"
        )
    yaml = [
        f"- source: {found.source_id}",
        f"  quote: {json.dumps(found.quote, ensure_ascii=False)}",
    ]
    if found.prefix:
        yaml.append(f"  prefix: {json.dumps(found.prefix, ensure_ascii=False)}")
    if found.suffix:
        yaml.append(f"  suffix: {json.dumps(found.suffix, ensure_ascii=False)}")
    click.echo("\n".join(["", *yaml, ""]))
    click.echo(f'[@{found.source_id}, "{_in_prose(found.quote)}"]')
    if found.note:
        click.echo(f"note: {found.note}")


def _in_prose(quote: str) -> str:
    """A quote as a brief's citation can hold it: a straight double quotation mark would
    end it, and a curly one is the same mark to the check."""
    pieces = quote.split('"')
    return (
        "".join(
            piece + ("\u201c" if n % 2 == 0 else "\u201d") for n, piece in enumerate(pieces[:-1])
        )
        + pieces[-1]
    )
