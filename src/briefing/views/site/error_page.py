"""What `briefing serve` shows in the browser while the records have errors: one page, served
at every address in place of the site, that reloads when the records are fixed. Showing the
last good page instead let an author believe a broken edit had worked."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from briefing.problems import Problem, Severity, summary_line

STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem;
       padding: 0 1rem; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.4rem; color: #b00020; }
pre { white-space: pre-wrap; background: #f6f6f6; padding: .6rem .8rem; border-left: 4px solid
      #b00020; margin: .6rem 0; }
pre.warning { border-left-color: #a66b00; }
pre.note { border-left-color: #00678a; }
"""


def error_page(problems: list[Problem], file_count: int, headline: str) -> bytes:
    """A self-contained page (no CSS or script of the site, which may not exist yet): every
    problem as `check` prints it, escaped, since messages quote the records."""
    shown = [p for p in problems if p.severity is not Severity.NOTE]
    blocks = "\n".join(
        f'<pre class="{p.severity.value}">{html.escape(p.render())}</pre>' for p in shown
    )
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f"<title>briefing: {html.escape(headline)}</title><style>{STYLE}</style></head>\n"
        f"<body><h1>{html.escape(headline)}</h1>\n"
        f"<p>{html.escape(summary_line(problems, file_count))}. The page reloads when the "
        "records are fixed.</p>\n"
        f"{blocks}\n</body></html>\n"
    ).encode()


class ErrorShown:
    """Puts the error page in place of the site in mkdocs' LiveReloadServer, and takes it
    away. The server is made after the first build, hence `attach`."""

    def __init__(self, site: Path, empty: Path) -> None:
        self.site, self.empty = site, empty
        self.page: bytes | None = None
        self.server: Any = None

    def attach(self, server: Any) -> None:
        self.server = server
        server.error_handler = self._page_for
        self._point()

    def show(self, page: bytes) -> None:
        self.page = page
        self._point()

    def clear(self) -> None:
        self.page = None
        self._point()

    def _point(self) -> None:
        """Serve from an empty folder while there are errors: every address is then not
        found, and the server answers with the error page."""
        if self.server is not None:
            self.empty.mkdir(parents=True, exist_ok=True)
            self.server.root = str(self.empty if self.page is not None else self.site)

    def _page_for(self, code: int) -> bytes | None:
        if self.page is None or self.server is None:
            return None  # a page that is really missing: the server's own 404
        # The server's reload script, as it adds it to the pages it serves (mkdocs 1.6,
        # pinned below 2): the page reloads when a later build is done.
        page: bytes = self.server._inject_js_into_html(self.page, self.server._visible_epoch)
        return page
