"""The commands about the project itself: `init` makes one, `edition` records the state of
its briefs, `schema` describes its record files for editors."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import click

from briefing.cli.common import listener


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a new, empty briefing project in DIRECTORY, explained in comments."""
    if directory.exists() and any(directory.iterdir()):
        raise click.UsageError(f"'{directory}' exists and is not empty; name a new folder")
    skeleton = resources.files("briefing") / "skeleton"
    with resources.as_file(skeleton) as source:
        shutil.copytree(source, directory, dirs_exist_ok=True)
    click.echo(f"created a briefing project in {directory}")
    click.echo(
        f"next: capture an article with 'briefing capture -C {directory} URL' (or add a source "
        f"under {directory / 'sources'} by hand), then run 'briefing check {directory}'"
    )


@click.command()
@click.argument("name")
@click.argument("path", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
@click.option("--force", is_flag=True, help="Overwrite an edition of the same name.")
def edition(name: str, path: Path, force: bool) -> None:
    """Record the current state of every brief as edition NAME (editions/NAME.yml).

    The site and the PDF then show, for each brief, what changed since the edition that
    briefing.yml's compare_with names; by default, since the one recorded before NAME while
    the records stay as NAME recorded them, and since NAME once they change.
    """
    from briefing.analysis.editions import FOLDER, Editions, load_editions, write_edition
    from briefing.build import check_records
    from briefing.problems import BriefingError, Origin, Problem
    from briefing.records.model import ID_RULE

    if not ID_RULE.match(name):
        raise click.UsageError(
            f"'{name}' is not a valid edition name: lower-case letters, digits and hyphens"
        )
    report = check_records(path, False, listener(False))
    try:
        target = write_edition(path, report.index, name, force)
    except FileExistsError:
        # at the file in the way, as the project names it: the user sees which one to keep
        exists = Problem(
            Origin(f"{FOLDER}/{name}.yml", 1, 1),
            f"edition '{name}' exists already",
            "give a new name, or --force to record it again over the old one",
        )
        raise BriefingError(exists, outcome="nothing was written") from None
    click.echo(f"wrote {target}")
    recorded = Editions(load_editions(path)[0], report.settings.compare_with)
    comparison = recorded.comparison(report.index)
    if comparison.named:
        compared = f"edition '{report.settings.compare_with}' (compare_with: in briefing.yml)"
    elif comparison.edition is not None:
        compared = f"edition '{comparison.edition.name}', the one recorded before"
    else:
        compared = "no edition: it is the first recorded"
    click.echo(f"the site and the PDF show edition '{name}' and what changed since {compared}")


@click.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build/schemas"),
    show_default=True,
    help="Folder to write the schemas into.",
)
def schema(output: Path) -> None:
    """Write JSON Schemas of the record files, for editors with a YAML language server."""
    from briefing.records.model import MODELS

    output.mkdir(parents=True, exist_ok=True)
    for kind, model in MODELS.items():
        document = model.model_json_schema(by_alias=True)
        document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        document["title"] = f"briefing {kind}"
        target = output / f"{kind}.schema.json"
        target.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        click.echo(f"wrote {target}")
    click.echo(
        "\nFor VS Code's YAML extension, add to .vscode/settings.json:\n"
        f'  "yaml.schemas": {{"{output}/actor.schema.json": "actors/*.yml", '
        f'"{output}/event.schema.json": "events/*.yml"}}\n'
        "Sources and briefs keep their keys in Markdown front matter, which the schemas "
        "describe too."
    )
