"""A small web of publishers on 127.0.0.1, for capture and verify-live: article pages as news
sites serve them (navigation, cookie banner, related links, comments around the article),
redirects, a 404 and a 410, a slow page, an oversized page, a non-HTML page, PDFs with and
without a text layer. A test changes `Web.pages` to serve a later version of a page."""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO

import typst


def warc_in(wacz: Path) -> IO[bytes]:
    """The WARC a capture's WACZ holds (archive/data.warc.gz), to read with warcio."""
    return zipfile.ZipFile(wacz).open("archive/data.warc.gz")


PARAGRAPHS = [
    "PORTVILLE: The harbour council met on Thursday to plan repairs after the storm, two "
    "council members told the Portville Herald.",
    "Mayor Ana Ruiz said the council would “rebuild the north pier before the summer season” "
    "and asked the regional government for help with the cost.",
    "The storm damaged forty fishing boats and the old lighthouse, according to the harbour "
    "master, who said that repairs would take several months.",
    "Fishermen said they had lost most of the winter catch, and that the cooperative would "
    "ask the bank to delay the payments on its loans until the pier is open again.",
    "A spokesman for the regional government said that a decision on the money would be "
    "taken at the next meeting of the regional cabinet in February.",
]


def article_page(paragraphs: list[str], title: str = "Harbour council plans repairs") -> bytes:
    body = "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | Portville Herald</title>
<meta property="og:site_name" content="Portville Herald">
<meta property="og:title" content="{title}">
<meta name="author" content="Maria Lopez">
<meta property="article:published_time" content="2020-01-10T08:30:00Z">
</head><body>
<header><nav><a href="/">Home</a> | <a href="/local">Local</a> | <a href="/sport">Sport</a>
| <a href="/subscribe">Subscribe for 1 euro a week</a></nav></header>
<div class="cookie-banner" id="consent"><p>We use cookies to improve your experience and to
show you personalised advertising. By clicking Accept all you agree to our cookie policy.</p>
<button>Accept all</button> <button>Manage settings</button></div>
<main><article>
<h1>{title}</h1>
<p class="byline">By Maria Lopez, 10 January 2020</p>
{body}
</article>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/a">Fish prices rise again at the Portville market this spring</a></li>
<li><a href="/b">Lighthouse keeper retires after forty years of service</a></li>
</ul></aside>
<section id="comments"><h2>Comments</h2>
<div class="comment"><p>Great article, thank you for covering our town so well!</p></div>
<div class="comment"><p>The council should have fixed the pier years ago, everyone knew.</p></div>
</section></main>
<footer><p>© 2020 Portville Herald. All rights reserved.</p></footer>
</body></html>""".encode()


EMPTY_PAGE = b"""<!DOCTYPE html><html lang="en"><head><title>Sign in</title></head><body>
<nav><a href="/">Home</a> <a href="/login">Sign in</a></nav>
<div class="cookie-banner">We use cookies. <button>Accept</button></div>
</body></html>"""

REPORT_PAGES = [
    "The harbour authority reviewed the damage that the January storm did to the piers "
    "of Portville and to the boats moored there.",
    "The north pier needs new piles before the summer season, the engineers said in "
    "their survey of the harbour walls.",
    "Repairs will cost about two million euros, to be shared between the town and the "
    "regional government over three years.",
]


def report_pdf() -> bytes:
    pages = "\n#pagebreak()\n".join(REPORT_PAGES)
    source = (
        '#set page(width: 14cm, height: 10cm)\n#set document(title: "Harbour damage '
        'survey 2020", author: "Portville Harbour Authority")\n' + pages + "\n"
    )
    return bytes(typst.compile(source.encode()))


def scanned_pdf() -> bytes:
    return bytes(typst.compile(b"#rect(width: 5cm, height: 3cm, fill: gray)\n"))


@dataclass
class Web:
    """The server's pages: path -> (status, headers, body); `slow` paths answer late."""

    host: str = ""
    pages: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)
    slow: dict[str, float] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"


def default_pages() -> dict[str, tuple[int, dict[str, str], bytes]]:
    html = {"Content-Type": "text/html; charset=utf-8"}
    article = article_page(PARAGRAPHS)
    return {
        "/2020/01/10/harbour-council.html": (200, html, article),
        "/old/harbour": (301, {"Location": "/go/harbour"}, b""),
        "/go/harbour": (302, {"Location": "/2020/01/10/harbour-council.html"}, b""),
        "/gzip/harbour.html": (
            200,
            {**html, "Content-Encoding": "gzip"},
            gzip.compress(article),
        ),
        "/missing": (404, html, b"<html><body>Not found</body></html>"),
        "/gone": (410, html, b"<html><body>Gone</body></html>"),
        "/slow": (200, html, article),
        "/huge": (200, html, b"<html><body>" + b"<p>word</p>" * 200_000 + b"</body></html>"),
        # no Content-Length: the size limit must hold while the body is read
        "/huge-unannounced": (
            200,
            {**html, "X-Test-No-Length": "1"},
            b"<html><body>" + b"<p>word</p>" * 200_000 + b"</body></html>",
        ),
        "/data.json": (200, {"Content-Type": "application/json"}, b'{"pier": "north"}'),
        "/signin": (200, html, EMPTY_PAGE),
        "/reports/harbour-survey.pdf": (200, {"Content-Type": "application/pdf"}, report_pdf()),
        "/reports/scan.pdf": (200, {"Content-Type": "application/pdf"}, scanned_pdf()),
        "/to-ftp": (302, {"Location": "ftp://127.0.0.1/file"}, b""),
    }


@contextmanager
def serving(slow_seconds: float = 5.0) -> Iterator[Web]:
    web = Web(pages=default_pages(), slow={"/slow": slow_seconds})

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            web.requests.append(self.path)
            delay = web.slow.get(self.path, 0.0)
            if delay:
                time.sleep(delay)  # the client gives up first; this is what it waits for
            status, headers, body = web.pages.get(
                self.path, (404, {"Content-Type": "text/plain"}, b"no such page")
            )
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if "X-Test-No-Length" in headers:
                self.close_connection = True  # the body ends when the connection does
            else:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            # the client may stop reading (a size or time limit): that is the test
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a client that hung up early (a time or size limit) is what a test wants

    server = Server(("127.0.0.1", 0), Handler)
    web.host = f"127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield web
    finally:
        server.shutdown()
        server.server_close()
