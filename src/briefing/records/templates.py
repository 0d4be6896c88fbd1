"""A project's own templates: `templates/` beside briefing.yml replaces packaged ones.

`templates/actor.md.j2` replaces the packaged page template of that name; the packaged ones
stay reachable as `briefing/actor.md.j2`, for an override that imports their macros or
includes the page. `templates/pdf/briefing.typ` replaces the PDF template; everything else
under `templates/pdf/` (an image, a Typst file it imports) is copied beside it, and the
packaged template is at `/briefing/briefing.typ` there.

Jinja is not a sandbox (a template reaches Python objects through attributes), so the page
templates are code of the project: `--untrusted` refuses them, as it refuses mkdocs.yml's
code. A Typst template reads only the folder it is compiled in, inside build/.
"""

from __future__ import annotations

import os
import re
import traceback
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path

from jinja2 import BaseLoader, Environment, TemplateError, TemplateNotFound, TemplateSyntaxError

from briefing.paths import UnsafePath, inside_project
from briefing.problems import BriefingError, Origin, Problem, Severity, did_you_mean
from briefing.records.reading import LoadError, decode, read_limited

FOLDER = "templates"
PDF_FOLDER = "pdf"
PDF_TEMPLATE = "briefing.typ"
PACKAGED = "briefing"  # the prefix under which the packaged page templates stay reachable
PAGE_SUFFIX = ".j2"
# How a Typst diagnostic names its place: "┌─ briefing.typ:12:3"
_TYPST_PLACE = re.compile(r"┌─ (\S+?):(\d+):(\d+)")


class TemplateFailure(BriefingError):
    """A page could not be rendered because of a project's template: `problem` says where.
    (Raised in a forked renderer too: a problem pickles, a traceback does not.)"""

    headline = "a template of the project failed"

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.problem = problem


def packaged_pages() -> list[str]:
    """The names of the packaged page templates: actor.md.j2, _macros.md.j2, ..."""
    folder = resources.files("briefing") / FOLDER
    return sorted(t.name for t in folder.iterdir() if t.name.endswith(PAGE_SUFFIX))


def folder_of(root: Path | None) -> Path | None:
    """The project's templates/ folder, if it has one (a link to a folder is refused)."""
    if root is None:
        return None
    folder = inside_project(root, root / FOLDER)
    return folder if folder.is_dir() else None


def project_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(shown path, file) of each file under templates/, links refused (UnsafePath)."""
    folder = folder_of(root)
    if folder is None:
        return
    for here, folders, files in os.walk(folder):
        folders.sort()
        for name in [*sorted(files), *folders]:
            path = inside_project(root, Path(here) / name)
            if path.is_file():
                yield path.relative_to(root).as_posix(), path


def page_overrides(root: Path | None) -> list[str]:
    """The names of the project's page templates (templates/*.j2)."""
    folder = folder_of(root)
    if folder is None:
        return []
    return sorted(f.name for f in folder.iterdir() if f.name.endswith(PAGE_SUFFIX))


def stamp(root: Path | None) -> tuple[tuple[str, int, int], ...]:
    """What the project's templates are now (names, times, sizes): a new stamp is a new
    environment, so an edit or a new override is seen by the next render."""
    if root is None or folder_of(root) is None:
        return ()
    found = []
    for shown, file in project_files(root):
        status = file.stat()
        found.append((shown, status.st_mtime_ns, status.st_size))
    return tuple(found)


class ProjectLoader(BaseLoader):
    """The project's page templates, read as records are: no link, size-limited, UTF-8."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        if "/" in template or not template.endswith(PAGE_SUFFIX):
            raise TemplateNotFound(template)
        shown = f"{FOLDER}/{template}"
        try:
            file = inside_project(self.root, self.root / FOLDER / template)
            if not file.is_file():
                raise TemplateNotFound(template)
            mtime = file.stat().st_mtime_ns
            text = decode(read_limited(file, shown), shown)
        except (LoadError, UnsafePath) as error:
            raise TemplateFailure(error.problem) from None

        def uptodate() -> bool:
            try:
                return file.stat().st_mtime_ns == mtime
            except OSError:
                return False

        # The file name Jinja gives the template's code: errors are reported at it.
        return text, shown, uptodate


def template_problems(root: Path) -> list[Problem]:
    """What `briefing check` says of templates/: a page template named like no packaged one
    (a typo, most likely), one that does not parse, a file that nothing reads, a link."""
    problems: list[Problem] = []
    packaged = packaged_pages()
    environment = Environment()  # to parse only: the delimiters are Jinja's defaults
    try:
        files = list(project_files(root))
    except UnsafePath as error:
        return [error.problem]
    for shown, file in files:
        name = shown.removeprefix(f"{FOLDER}/")
        if name.startswith(f"{PDF_FOLDER}/"):
            problems += _pdf_file_problems(shown, name.removeprefix(f"{PDF_FOLDER}/"))
            continue
        if "/" in name or not name.endswith(PAGE_SUFFIX):
            problems.append(
                Problem(
                    Origin(shown),
                    "this file is not a template briefing reads",
                    f"page templates are templates/NAME{PAGE_SUFFIX}, the PDF's are under "
                    f"templates/{PDF_FOLDER}/: move it or remove it",
                    Severity.WARNING,
                )
            )
            continue
        if name not in packaged:
            close = did_you_mean(name, packaged)
            if close or not name.startswith("_"):
                problems.append(
                    Problem(
                        Origin(shown),
                        f"no packaged template is named '{name}': it replaces nothing",
                        close
                        or "name it after one of "
                        + ", ".join(packaged)
                        + "; a template of your own that others import starts with '_'",
                    )
                )
        try:
            source = decode(read_limited(file, shown), shown)
            environment.parse(source, name, shown)
        except (LoadError, UnsafePath) as error:
            problems.append(error.problem)
        except TemplateSyntaxError as error:
            problems.append(syntax_problem(error, shown))
    return problems


def _pdf_file_problems(shown: str, name: str) -> list[Problem]:
    if name.endswith(".typ") and name != PDF_TEMPLATE and "/" not in name:
        close = did_you_mean(name, [PDF_TEMPLATE])
        if close:
            return [
                Problem(
                    Origin(shown),
                    f"'{name}' is not the PDF template, {PDF_TEMPLATE}",
                    f"{close} (a file of your own that the template imports is fine)",
                    Severity.WARNING,
                )
            ]
    return []


SYNTAX_HINT = "see the Jinja template syntax, and FORMAT.md, 'Templates of a project'"


def syntax_problem(error: TemplateSyntaxError, shown: str | None = None) -> Problem:
    path = shown or error.filename or error.name or "<template>"
    return Problem(Origin(path, error.lineno or 1), f"template: {error.message}", SYNTAX_HINT)


# What a template's own mistakes raise while it renders (a filter given the wrong type, an
# index out of range): reported at the template when it is the project's.
RENDER_ERRORS = (TemplateError, ArithmeticError, LookupError, TypeError, ValueError)


def render_problem(error: BaseException) -> Problem | None:
    """The problem of a project template that failed while rendering, at its line; None if
    no template of the project is on the way (a mistake of briefing's own)."""
    if isinstance(error, TemplateSyntaxError):
        path = error.filename or ""
        return syntax_problem(error) if path.startswith(f"{FOLDER}/") else None
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename.startswith(f"{FOLDER}/")
    ]
    if not frames:
        return None
    place = Origin(frames[-1].filename, frames[-1].lineno or 1)
    if isinstance(error, TemplateNotFound):
        names = packaged_pages()
        close = did_you_mean(str(error.name or ""), [*names, *(f"{PACKAGED}/{n}" for n in names)])
        return Problem(
            place,
            f"template: no template named '{error.name}'",
            close or f"the packaged templates are {PACKAGED}/NAME: " + ", ".join(names),
        )
    message = getattr(error, "message", None) or str(error)
    return Problem(
        place,
        f"template: {message}",
        "FORMAT.md, 'Templates of a project', lists the variables each template receives",
    )


def untrusted_problems(root: Path) -> list[Problem]:
    """--untrusted: each page template of the project, which would run unsandboxed."""
    try:
        names = page_overrides(root)
    except UnsafePath as error:
        return [error.problem]
    return [
        Problem(
            Origin(f"{FOLDER}/{name}"),
            "the project's page templates run as code (Jinja is not a sandbox)",
            "remove templates/*.j2, or build without --untrusted only a project whose "
            "templates you trust",
        )
        for name in names
    ]


def copy_pdf_files(root: Path | None, work: Path) -> bool:
    """Copy templates/pdf/ of the project into `work`; True if it has its own PDF template."""
    folder = folder_of(root)
    if root is None or folder is None or not (folder / PDF_FOLDER).is_dir():
        return False
    prefix = f"{FOLDER}/{PDF_FOLDER}/"
    for shown, file in project_files(root):
        if shown.startswith(prefix):
            target = work / shown.removeprefix(prefix)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(read_limited(file, shown))
    return (work / PDF_TEMPLATE).is_file()


def typst_place(diagnostic: str, work: Path, own: set[str]) -> Origin | None:
    """Where a Typst diagnostic points, when it is in one of the project's files `own`
    (names relative to the work folder): templates/pdf/NAME:line:column. Typst names a
    file relative to the working folder, or to its root with a leading '/'."""
    base = work.resolve()
    for name, line, column in _TYPST_PLACE.findall(diagnostic):
        if name.startswith("/") and name.removeprefix("/") in own:
            relative = name.removeprefix("/")
        else:
            try:
                relative = (Path.cwd() / name).resolve().relative_to(base).as_posix()
            except ValueError:
                continue
        if relative in own:
            # (Typst counts columns from 0, editors and our other messages from 1)
            return Origin(f"{FOLDER}/{PDF_FOLDER}/{relative}", int(line), int(column) + 1)
    return None
