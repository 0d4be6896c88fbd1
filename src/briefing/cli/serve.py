"""`briefing serve`: the site on localhost, rebuilt after each edit, and the records' errors
in the browser while there are any."""

from __future__ import annotations

import errno
import sys
import time
from pathlib import Path

import click

from briefing.cli.common import EXIT_INVALID, progress, project_argument, untrusted_option
from briefing.paths import UnsafePath, inside_project
from briefing.problems import Origin, Problem, plural
from briefing.project import NotAProject
from briefing.cli.terminal import echo_report


@click.command()
@project_argument
@click.option("--port", default=8000, show_default=True, help="Port to serve on.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to serve on; 0.0.0.0 shows the site to other machines of the network.",
)
@untrusted_option
def serve(path: Path, port: int, host: str, untrusted: bool) -> None:
    """Build, serve on localhost, and rebuild and reload the browser on every change.

    The served site is kept in PATH/build/.serve; after an edit only the pages it reaches
    are built again. Its PDFs are the last ones `briefing build` or `briefing pdf` set.
    """
    from mkdocs.livereload import LiveReloadServer
    from watchdog.observers import Observer

    from briefing.views.site.error_page import ErrorShown, error_page
    from briefing.views.exports import FORMATS, export_files, exportable, write_exports
    from briefing.incremental.live import CollectLater, LiveSite
    from briefing.views.pdf.typeset import publish_pdfs
    from briefing.records.templates import FOLDER, TemplateFailure
    from briefing.views.site.engine import SiteError
    from briefing.records.mkdocs_file import code_it_runs

    _port_free(host, port)  # before the build, which takes a while
    live = LiveSite(path)
    # Refused before anything is written: project code (--untrusted) and a build/.serve
    # that is a link (the error page is written there). Records with errors are not a
    # reason to stop: the browser shows them until they are fixed.
    refused = code_it_runs(path) if untrusted else []
    try:
        errors_folder = inside_project(path, live.folder / "errors")
    except UnsafePath as error:
        refused.append(error.problem)
    if refused:
        for problem in refused:
            click.echo(problem.render())
        progress("nothing was run or written")
        sys.exit(EXIT_INVALID)
    shown = ErrorShown(live.site, errors_folder)

    garbage = CollectLater()

    def rebuild() -> None:
        garbage.hold()
        try:
            bring_up_to_date(time.perf_counter())
        finally:
            garbage.release()

    def bring_up_to_date(start: float) -> None:
        try:
            report = live.check()
        except NotAProject as error:
            raise click.UsageError(str(error)) from None
        echo_report(report.problems, report.file_count, suppressed=report.suppressed)
        if report.errors():
            progress(
                "the records have errors: the browser shows them until they are fixed"
                if shown.server is not None
                else "the records have errors: nothing to serve until they are fixed"
            )
            errors = plural(len(report.errors()), "error")
            shown.show(error_page(report.problems, report.file_count, f"{errors} to fix"))
            return
        if untrusted:
            refused = code_it_runs(path)
            for problem in refused:
                click.echo(problem.render())
            if refused:
                progress("--untrusted: mkdocs.yml names code; the site is left as it was")
                shown.show(error_page(refused, 0, "--untrusted: mkdocs.yml names code"))
                return
        try:
            for folder in (live.folder / "docs", live.site / "pdf"):  # and build/ on the way
                inside_project(path, folder)
            update = live.update_docs(report)
            live.build(update)
            if update.full:
                # Like the PDFs, the exports are made at a full build only: at 1,000 sources
                # they take longer (2.7 s) than the whole update after an edit.
                names = exportable(list(FORMATS), progress)
                exported = export_files(report.index, report.settings, names)
                write_exports(exported, inside_project(path, live.site / "data"))
                pdfs = sorted((path / "build").glob("*.pdf"))
                publish_pdfs([inside_project(path, pdf) for pdf in pdfs], live.site)
        except TemplateFailure as error:
            click.echo(error.problem.render())
            progress("a template of the project failed: the site is left as it was")
            shown.show(error_page([error.problem], 0, "a template of the project failed"))
            return
        except SiteError as error:
            progress(f"MkDocs could not build the site: {error}")
            failure = Problem(Origin("mkdocs.yml"), f"MkDocs could not build the site: {error}")
            shown.show(error_page([failure], 0, "MkDocs could not build the site"))
            return
        except UnsafePath as error:
            click.echo(error.problem.render())
            progress("nothing was written through the link")
            shown.show(error_page([error.problem], 0, "nothing was written through the link"))
            return
        shown.clear()
        progress(
            f"{'built' if update.full else 'updated'} the site in "
            f"{time.perf_counter() - start:.1f} s: {update.rendered} pages rendered, "
            f"{len(update.written)} written, {len(update.removed)} removed"
        )

    progress("building the site")
    rebuild()  # records with errors: the error page is served until they are fixed
    try:
        server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(live.site))
    except OSError as error:  # taken since the first look
        raise click.UsageError(_port_taken(host, port, error)) from None
    # MkDocs polls the watched files every half second (at 1,000 sources, 2,500 files): an
    # edit waited a quarter of a second on average before it was seen, and each scan took
    # the interpreter from the build and the server. The system's own notice of a change
    # (inotify, FSEvents, ...) comes at once; watchdog polls where there is none.
    server.observer = Observer()  # type: ignore[assignment]  # any observer serves
    shown.attach(server)
    for folder in ("sources", "actors", "events", "briefs", FOLDER):
        if (path / folder).is_dir():
            server.watch(str(path / folder))
    for file in ("mkdocs.yml", "briefing.yml"):
        if (path / file).exists():
            server.watch(str(path / file))
    server.watch(str(Path(__file__).parent.parent / "templates"))
    progress(f"serving on http://{host}:{port}/ (Ctrl-C to stop)")
    try:
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


def _port_taken(host: str, port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return (
            f"port {port} on {host} is taken (another 'briefing serve'?): stop it, or "
            f"choose another with --port {port + 1}"
        )
    return f"cannot serve on {host}:{port}: {error.strerror}"


def _port_free(host: str, port: int) -> None:
    """Misuse (exit 2) if the address cannot be served on, said before anything is built."""
    import socket

    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            # as the server binds: a port in TIME_WAIT after a stopped serve is free
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        raise click.UsageError(_port_taken(host, port, error)) from None
