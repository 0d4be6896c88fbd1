"""The one build that `briefing build`, `pdf` and `serve` run: check the records, then make
the outputs asked for and put them where they go.

    records -> check -> (--untrusted: the project's code refused) -> render -> site (the
    engine), PDFs (Typst), exports -> published

Published into build/, the outputs are made in a staging folder inside it and swapped in
together, only when every one of them was made (outputs.py): a failed build leaves the last
good site and PDFs as they were. Into `serve`'s live folder (incremental/live.py), only what
the edits since its last build reach is rendered and built again.

Whatever stops a build is a BriefingError (problems.py) that says what was left as it was.
The site, PDF and export modules (MkDocs, Typst, networkx) are imported when a build needs
them: `briefing check` does not import them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.outputs import BUILD, replace_outputs, staging
from briefing.paths import UnsafePath, inside_project
from briefing.problems import BriefingError, Misuse, did_you_mean, plural
from briefing.project import BOOK
from briefing.records.templates import TemplateFailure

if TYPE_CHECKING:
    from briefing.incremental.live import LiveSite, Update
    from briefing.incremental.pages import PageDigests
    from briefing.report import Report

# What a build that stopped left as it was, by where it was going.
LEFT_SITE = "the last good site and PDFs are left as they were"
LEFT_PDFS = "the last good PDFs are left as they were"
LEFT_LIVE = "the browser shows why until it is fixed"
LEFT_RECORDS = "the last good output is left as it was"


@dataclass(frozen=True)
class Options:
    """What a build makes, and how strictly."""

    site: bool = True  # the site, with the exports on its Data page
    pdfs: bool = True  # new PDFs; a site built without them links the last ones set
    briefs: tuple[str, ...] | None = None  # the briefs set as PDFs; None: every brief
    book: bool = True  # and the book of every brief
    engine: str = "mkdocs"  # or "zensical"
    strict: bool = False  # warnings fail too
    untrusted: bool = False  # refuse the code that mkdocs.yml or templates/ would run


def _say_nothing(said: object) -> None:
    pass


@dataclass(frozen=True)
class Listener:
    """What a build tells as it goes: each step (`progress`), and the check's report, which
    it is given before anything else is made, whether or not the build goes on (`checked`)."""

    progress: Callable[[str], None] = _say_nothing
    checked: Callable[[Report], None] = _say_nothing


@dataclass(frozen=True)
class BuildResult:
    report: Report
    site: Path | None = None  # where the site is now, if one was built
    pdfs: list[Path] = field(default_factory=list)  # the PDFs set, where they are now
    update: Update | None = None  # serve: what its update rendered, wrote and removed
    said: list[str] = field(default_factory=list)  # what the site engine warned of


class RecordsInvalid(BriefingError):
    """The records have errors (or warnings, when strict): nothing is made. Its problems are
    the whole report, which the build gave to Listener.checked as soon as it was made: the
    message adds nothing to them."""

    def __init__(self, report: Report, strict: bool, outcome: str) -> None:
        super().__init__(*report.problems, outcome=outcome)
        self.file_count = report.file_count
        self.headline = f"{plural(len(report.errors(strict)), 'error')} to fix"

    def format_message(self) -> str:
        return ""


class ProjectCode(BriefingError):
    """--untrusted, and the project names code that the build would run."""

    headline = "--untrusted: mkdocs.yml names code"


def build(
    root: Path,
    options: Options = Options(),
    listener: Listener = Listener(),
    live: LiveSite | None = None,
) -> BuildResult:
    """Check the project at `root` and make what `options` ask for: published into build/,
    or, given `serve`'s live site, into its folder. BriefingError if anything stops it."""
    left = LEFT_LIVE if live is not None else LEFT_SITE if options.site else LEFT_PDFS
    report = check_records(root, options.strict, listener, live)
    if options.untrusted:
        _refuse_project_code(root, live is not None)
    if live is not None:
        return _update_live(root, report, live, listener, left)
    briefs = _chosen_briefs(report, options)
    pages, digests = _rendered(root, report, options, listener, left)
    exported = _exported(report, options, listener)
    try:
        with staging(root, listener.progress) as folder:
            result = _publish(root, report, options, listener, folder, pages, exported, briefs)
            if digests is not None:  # of the pages now in build/docs, for the next build
                from briefing.incremental.pages import keep_digests

                keep_digests(root, digests)
            return result
    except UnsafePath as error:  # refused before anything went through it
        error.stopping(f"nothing was written; {left}")
        raise
    except BriefingError as error:
        error.stopping(left)
        raise


def check_records(
    root: Path, strict: bool, listener: Listener, live: LiveSite | None = None
) -> Report:
    """The project's report (from `live` when given: what the edits since its last check
    reach is checked again); RecordsInvalid if it has errors."""
    from briefing.check.fixity import changed_source

    if live is None:
        from briefing.report import check_project

        listener.progress("checking the records")
        report = check_project(root)
    else:
        report = live.check()
    failing = report.errors(strict)  # (a changed text is an error)
    if any(changed_source(problem) for problem in failing):
        from briefing.capture.changes import explain_changes  # trafilatura: only when needed

        report = replace(report, problems=explain_changes(root, report.problems))
    listener.checked(report)
    if failing:
        raise RecordsInvalid(report, strict, LEFT_RECORDS if live is None else LEFT_LIVE)
    return report


def _refuse_project_code(root: Path, live: bool) -> None:
    from briefing.records.mkdocs_file import code_it_runs

    problems = code_it_runs(root)
    if problems:
        left = LEFT_LIVE if live else "build/ is left as it was"
        raise ProjectCode(*problems, outcome=f"--untrusted: nothing was run, and {left}")


def _chosen_briefs(report: Report, options: Options) -> list[str] | None:
    """The briefs to set as PDFs (None: every brief), once each one named is a brief."""
    briefs = report.index.briefing.briefs
    for brief_id in options.briefs or ():
        if brief_id not in briefs:
            hint = did_you_mean(brief_id, briefs) or f"briefs: {', '.join(briefs) or 'none'}"
            raise Misuse(f"unknown brief '{brief_id}'; {hint}")
    # Asked for by name (`pdf --book`), the book may not take the place of a brief's PDF.
    asked = options.briefs
    if options.book and asked is not None and BOOK in (asked or briefs):
        raise Misuse(f"brief '{BOOK}' and the book would both be build/{BOOK}.pdf")
    return None if asked is None else list(asked)


def _rendered(
    root: Path, report: Report, options: Options, listener: Listener, left: str
) -> tuple[dict[str, str] | None, PageDigests | None]:
    """The site's pages, rendered before anything is written, but those of the last build
    whose inputs are the same, and the digests of their inputs (None: no site asked for)."""
    if not options.site:
        return None, None
    from briefing.incremental.pages import kept_pages, page_digests
    from briefing.views.site.render import render_pages

    digests = page_digests(root, report, options.engine)
    kept = kept_pages(root, digests) if digests is not None else {}
    said = f" ({len(kept)} unchanged since the last build)" if kept else ""
    listener.progress(f"rendering the pages{said}")
    try:
        pages = render_pages(
            report.index,
            report.settings,
            parallel=True,
            root=root,
            engine=options.engine,
            kept=kept,
        )
        return pages, digests
    except TemplateFailure as error:
        error.stopping(f"nothing was written; {left}")
        raise


def _exported(report: Report, options: Options, listener: Listener) -> dict[str, str]:
    """Every export, for the site's Data page, made before anything is written."""
    if not options.site:
        return {}
    listener.progress("exporting the data")
    return _export_all(report, listener.progress)


def _export_all(report: Report, progress: Callable[[str], None]) -> dict[str, str]:
    """Every export whose library is installed (the others are said and skipped)."""
    from briefing.views.exports import FORMATS, export_files, exportable

    return export_files(report.index, report.settings, exportable(list(FORMATS), progress))


def _last_pdfs(root: Path) -> list[Path]:
    """The PDFs the last build or `pdf` set, which a site built without them links."""
    return [inside_project(root, pdf) for pdf in sorted((root / BUILD).glob("*.pdf"))]


def _publish(
    root: Path,
    report: Report,
    options: Options,
    listener: Listener,
    folder: Path,
    pages: dict[str, str] | None,
    exported: dict[str, str],
    briefs: list[str] | None,
) -> BuildResult:
    """Build the site and set the PDFs in the staging `folder`, then swap them all in."""
    from briefing.views.exports import write_exports
    from briefing.views.pdf.typeset import publish_pdfs, set_pdfs
    from briefing.views.site.engine import build_site

    index, progress = report.index, listener.progress
    site = None
    if pages is not None:
        site = build_site(pages, root, index.briefing, folder, progress, options.engine)
    pdfs: list[Path] = []
    if options.pdfs:
        pdfs = set_pdfs(index, report.settings, folder, briefs, options.book, progress, root)
    names = [pdf.name for pdf in pdfs]
    if site is not None:
        publish_pdfs(pdfs if options.pdfs else _last_pdfs(root), site)
        write_exports(exported, site / "data")  # beside the Data page that links them
        names = ["docs", "site", *names]
    published = replace_outputs(root, folder, names)
    return BuildResult(
        report,
        site=root / BUILD / "site" if site is not None else None,
        pdfs=[path for path in published if path.suffix == ".pdf"],
    )


def _update_live(
    root: Path, report: Report, live: LiveSite, listener: Listener, left: str
) -> BuildResult:
    """Bring `serve`'s folder up to date: the pages the edits reach, rendered and built
    again; at a full build, the exports and the last PDFs set beside them."""
    from briefing.views.exports import write_exports
    from briefing.views.pdf.typeset import publish_pdfs

    try:
        for folder in (live.folder / "docs", live.site / "pdf"):  # and build/ on the way
            inside_project(root, folder)
        update = live.update_docs(report)
        said = live.build(update)
        if update.full:
            # Like the PDFs, the exports are made at a full build only: at 1,000 sources
            # they take longer (2.7 s) than the whole update after an edit.
            exported = _export_all(report, listener.progress)
            write_exports(exported, inside_project(root, live.site / "data"))
            publish_pdfs(_last_pdfs(root), live.site)
    except BriefingError as error:
        error.stopping(left)
        raise
    return BuildResult(report, site=live.site, update=update, said=said)
