"""`briefing serve`: the one build (briefing/build.py) into build/.serve, served on localhost,
and again after each edit, reloading the browser; while the records have errors (or
anything else stops the build) the browser shows why, in place of the site."""

from __future__ import annotations

import errno
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefing.cli.common import (
    echo_stopped,
    progress,
    project_argument,
    untrusted_option,
)
from briefing.paths import UnsafePath, inside_project
from briefing.problems import BriefingError, Misuse

if TYPE_CHECKING:  # loaded when serve runs: not for the other commands
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers.api import ObservedWatch

    from briefing.incremental.live import LiveSite
    from briefing.report import Report
    from briefing.views.site.error_page import ErrorShown

# The templates packaged with briefing: an edit of one (working on briefing itself) changes
# every page, as an edit of the project's own templates/ does.
PACKAGED_TEMPLATES = Path(__file__).parent.parent / "templates"
WATCHED = ("sources", "actors", "events", "briefs", "templates", "mkdocs.yml", "briefing.yml")


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

    from briefing.incremental.live import LiveSite
    from briefing.views.site.error_page import ErrorShown

    _port_free(host, port)  # before the build, which takes a while
    live = LiveSite(path)
    try:
        shown = ErrorShown(live.site, _errors_folder(path, live, untrusted))
        rebuild = Rebuild(path, live, shown, untrusted)
        progress("building the site")
        rebuild()  # records with errors: the error page is served until they are fixed
        try:
            server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(live.site))
        except OSError as error:  # taken since the first look
            raise click.UsageError(_port_taken(host, port, error)) from None
        # MkDocs polls the watched files every half second (at 1,000 sources, 2,500 files):
        # an edit waited a quarter of a second on average before it was seen, and each scan
        # took the interpreter from the build and the server. The system's notice comes at once.
        server.observer = EditsOnly()  # type: ignore[assignment]  # it observes as one
        shown.attach(server)
        for name in WATCHED:
            if (path / name).exists():
                server.watch(str(path / name))
        server.watch(str(PACKAGED_TEMPLATES))
        progress(f"serving on http://{host}:{port}/ (Ctrl-C to stop)")
        try:
            server.serve()  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        live.close()


def _errors_folder(path: Path, live: LiveSite, untrusted: bool) -> Path:
    """Where the error page is written, once nothing refuses to start: the project's code
    under --untrusted, a build/.serve that is a link. Records with errors are not a reason
    to stop: the browser shows them until they are fixed."""
    from briefing.records.mkdocs_file import code_it_runs

    refused = code_it_runs(path) if untrusted else []
    try:
        folder = inside_project(path, live.folder / "errors")
    except UnsafePath as error:
        refused.append(error.problem)
    if refused:
        raise BriefingError(*refused, outcome="nothing was run or written")
    return folder


class Rebuild:
    """What the server runs after each edit: the one build into the live site, and the site
    or the error page shown. What an edit changed is said; nothing, when it changed nothing
    (a check that found no file changed gives the report it gave last)."""

    def __init__(self, path: Path, live: LiveSite, shown: ErrorShown, untrusted: bool) -> None:
        from briefing.incremental.live import CollectLater

        self.path, self.live, self.shown, self.untrusted = path, live, shown, untrusted
        self.garbage = CollectLater()
        self.first = True
        self.reported: Report | None = None  # the last report printed
        self.new_report = False  # this build's check found something changed

    def __call__(self) -> None:
        self.garbage.hold()
        try:
            self._build(time.perf_counter())
        finally:
            self.garbage.release()
            self.first = False

    def _checked(self, report: Report) -> None:
        from briefing.cli.terminal import echo_report

        self.new_report = report is not self.reported
        if self.new_report:
            self.reported = report
            echo_report(report.problems, report.file_count, suppressed=report.suppressed)

    def _build(self, start: float) -> None:
        from briefing import build
        from briefing.views.site.error_page import error_page

        options = build.Options(untrusted=self.untrusted)
        said = build.Listener(progress, self._checked)
        try:
            result = build.build(self.path, options, said, live=self.live)
        except BriefingError as error:
            if self.first and isinstance(error, Misuse):
                raise  # not a project: said as misuse, before anything is served
            if isinstance(error, build.RecordsInvalid) and not self.new_report:
                return  # the errors of the last check: said and shown already
            echo_stopped(error)
            self.shown.show(error_page(error.problems, error.file_count, error.headline))
            return
        self.shown.clear()
        for line in result.said:  # what MkDocs warned of
            click.echo(line, err=True)
        update = result.update
        if update is None or update.nothing:
            return
        progress(
            f"{'built' if update.full else 'updated'} the site in "
            f"{time.perf_counter() - start:.1f} s: {update.rendered} pages rendered, "
            f"{len(update.written)} written, {len(update.removed)} removed"
        )


class EditsOnly:
    """The system's notices of change (inotify, FSEvents, ...; watchdog polls where there
    are none), of the events that change what a file holds or where it is: created,
    written, deleted, moved. MkDocs' server rebuilds on any event it is passed, and on Linux
    a file that is only read is opened and closed: each build, which reads the watched
    files, set off the next, ten times a second. `touch` opens a file to write and closes it
    without writing, and changes its times: no byte changed, nothing to build.

    watchdog tells the system which events to send (inotify's mask), so that the reads of a
    whole check (two events for each of thousands of files) never reach this process."""

    def __init__(self) -> None:
        from watchdog.observers import Observer

        self.observer = Observer()

    def schedule(
        self, handler: FileSystemEventHandler, path: str, *, recursive: bool = False
    ) -> ObservedWatch:
        from watchdog import events

        edits: list[type[events.FileSystemEvent]] = [
            events.FileCreatedEvent,
            events.FileModifiedEvent,
            events.FileDeletedEvent,
            events.FileMovedEvent,
        ]
        return self.observer.schedule(handler, path, recursive=recursive, event_filter=edits)

    def unschedule(self, watch: ObservedWatch) -> None:
        self.observer.unschedule(watch)

    def start(self) -> None:
        self.observer.start()

    def stop(self) -> None:
        self.observer.stop()

    def join(self, timeout: float | None = None) -> None:
        self.observer.join(timeout)


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
