"""A web server on 127.0.0.1 that answers with hostile responses, written byte by byte (so a
header can be malformed, a body truncated, slow or a compression bomb): for the tests of
capture and verify-live and for their fuzzer (tests/fuzz/fetch.py)."""

from __future__ import annotations

import contextlib
import gzip
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from web import PARAGRAPHS, article_page

Answer = Callable[[BinaryIO], None]  # writes a whole response, status line first


def raw(status: str, headers: list[tuple[str, str]], body: bytes, length: bool = True) -> Answer:
    """A response as given: any header, any body, a Content-Length only when asked."""

    def answer(out: BinaryIO) -> None:
        lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers)]
        if length:
            lines.append(f"Content-Length: {len(body)}")
        lines.append("Connection: close")
        out.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)

    return answer


def redirect(location: str) -> Answer:
    return raw("302 Found", [("Location", location)], b"")


def dripping(body: bytes, every: float) -> Answer:
    """A page sent one byte at a time, each within any read timeout: only a deadline for the
    whole fetch stops it."""

    def answer(out: BinaryIO) -> None:
        head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n"
        out.write((head + "Connection: close\r\n\r\n").encode())
        for byte in body:
            out.write(bytes([byte]))
            out.flush()
            time.sleep(every)

    return answer


def dripping_head(every: float) -> Answer:
    """A status line and headers that never end, sent one byte at a time."""

    def answer(out: BinaryIO) -> None:
        out.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        for _ in range(100_000):
            out.write(b"x")
            out.flush()
            time.sleep(every)

    return answer


def stalling(body: bytes, sent: int, pause: float) -> Answer:
    """A page whose body stops after `sent` bytes, for `pause` seconds, then goes on."""

    def answer(out: BinaryIO) -> None:
        head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n"
        out.write((head + "Connection: close\r\n\r\n").encode() + body[:sent])
        out.flush()
        time.sleep(pause)
        out.write(body[sent:])

    return answer


def gzip_bomb(unpacked: int) -> Answer:
    """A small gzip body that unpacks to `unpacked` bytes of an HTML page."""
    page = b"<html><body><p>" + b" " * unpacked + b"</p></body></html>"
    return raw(
        "200 OK",
        [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
        gzip.compress(page, compresslevel=9),
    )


ARTICLE = article_page(PARAGRAPHS)


@dataclass
class Hostile:
    """The server's answers, path -> Answer; any other path is the article, as sent."""

    host: str = ""
    answers: dict[str, Answer] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"


@contextmanager
def hostile_server() -> Iterator[Hostile]:
    hostile = Hostile()

    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            request = self.rfile.readline(65536).split()
            while self.rfile.readline(65536).strip():
                pass  # the request's headers: not needed
            path = request[1].decode("latin-1") if len(request) > 1 else "/"
            answer = hostile.answers.get(
                path, raw("200 OK", [("Content-Type", "text/html")], ARTICLE)
            )
            # the client may hang up at a limit: that is what a test wants
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                answer(self.wfile)

    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True

        def handle_error(self, request: object, client_address: object) -> None:
            pass

    server = Server(("127.0.0.1", 0), Handler)
    hostile.host = f"127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hostile
    finally:
        server.shutdown()
        server.server_close()


def files_of(project: Path) -> set[str]:
    """Every file of a project, by its path inside it: what a refused capture must leave."""
    return {path.relative_to(project).as_posix() for path in project.rglob("*") if path.is_file()}
