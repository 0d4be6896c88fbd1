"""Fetching a page as evidence: httpx with timeouts, a size limit and every redirect recorded,
and the exchanges kept as WARC records (warcio), the web archives' own format, which replay
tools (pywb, ReplayWeb.page) and `warcio index` / `warcio extract` open."""

from __future__ import annotations

import io
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import BinaryIO
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from briefing import __version__
from briefing.files import utc_now

MAX_BYTES = 20 * 1024 * 1024  # a long report as a PDF is a few MB; a page, far less
TIMEOUT = 30.0  # seconds, for connecting and for each read
DEADLINE = 120.0  # seconds for a whole fetch: every redirect, the headers and the body
MAX_REDIRECTS = 10
USER_AGENT = f"briefing/{__version__} (research capture)"
REDIRECT_CODES = {301, 302, 303, 307, 308}


class FetchError(Exception):
    """A URL that could not be fetched as evidence, said in words a user can act on."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Exchange:
    """One request and its response, as sent and received (the body as transmitted)."""

    url: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    http_version: str
    response_headers: list[tuple[str, str]]
    body: bytes
    date: str  # WARC-Date, UTC


@dataclass
class Fetched:
    """A page fetched to its end: the exchanges (the redirects, then the page)."""

    exchanges: list[Exchange] = field(default_factory=list)

    @property
    def final(self) -> Exchange:
        return self.exchanges[-1]

    @property
    def url(self) -> str:
        return self.final.url

    @property
    def redirects(self) -> list[str]:
        return [exchange.url for exchange in self.exchanges[:-1]]

    @property
    def media_type(self) -> str:
        return header(self.final.response_headers, "content-type").split(";")[0].strip().lower()

    def content(self, max_bytes: int = MAX_BYTES) -> bytes:
        """The page's body, undone from its content encoding (the WARC keeps it as sent), at
        most max_bytes once unpacked: a small body can unpack to gigabytes."""
        encoding = header(self.final.response_headers, "content-encoding").strip().lower()
        body = self.final.body
        if encoding in ("", "identity"):
            return body
        if encoding in ("gzip", "x-gzip", "deflate"):
            return _decompressed(body, encoding, max_bytes)
        raise FetchError(f"the page is sent with an unsupported content encoding '{encoding}'")


def _decompressed(body: bytes, encoding: str, max_bytes: int) -> bytes:
    """gzip or zlib-wrapped deflate undone piece by piece, stopping one byte past the limit."""
    unpacker = zlib.decompressobj(47 if "gzip" in encoding else zlib.MAX_WBITS)
    try:
        content = unpacker.decompress(body, max_bytes + 1)
    except zlib.error:
        raise FetchError(f"the page's {encoding} content is corrupt") from None
    if len(content) > max_bytes:
        raise FetchError(
            f"the page unpacks to more than the limit of {max_bytes:,} bytes",
            "raise the limit with --max-mb if this document is really that large",
        )
    return content


def header(headers: list[tuple[str, str]], name: str) -> str:
    return next((value for key, value in headers if key.lower() == name), "")


def check_url(url: str) -> None:
    try:
        parts = urlsplit(url)
        good = parts.scheme in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018 (a port out of range is a ValueError here, not in httpx)
        httpx.URL(url)
    except (ValueError, httpx.InvalidURL):
        good = False
    if not good:
        raise FetchError(
            f"'{url}' is not an http(s) address",
            "give a web address starting with http:// or https://, or the path of a saved "
            ".html or .pdf file",
        )


class PrivateAddress(FetchError):
    """A host that resolves to an address of this machine or of its private network."""


def refused(address: str) -> bool:
    """Whether an address is one a fetch must not reach without --allow-private: loopback,
    link-local, private, reserved, multicast, unspecified (an IPv4 address mapped into IPv6
    is judged as itself)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_loopback
        or ip.is_link_local
        or ip.is_private
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
        or not ip.is_global
    )


# When the fetch running in this thread must be done (time.monotonic()); the client and its
# connections are shared by verify-live's threads, a fetch's deadline is its thread's own.
_deadline = threading.local()


def _time_left(timeout: float | None) -> float:
    """A network wait's timeout, cut to what is left of the fetch's deadline."""
    until: float | None = getattr(_deadline, "until", None)
    if until is None:
        return timeout if timeout is not None else TIMEOUT
    left = until - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the deadline of the fetch passed")
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the fetch's deadline: a server that
    sends a byte within each read timeout (headers or body) cannot keep a fetch going."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _time_left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _time_left(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        tls = self._stream.start_tls(ssl_context, server_hostname, _time_left(timeout))
        return DeadlineStream(tls)

    def get_extra_info(self, info: str) -> object:
        return self._stream.get_extra_info(info)


class PinnedBackend(httpcore.SyncBackend):
    """httpcore's own network backend, but every connection (so every redirect hop) goes to
    an address resolved and checked here, and to no other: the name is looked up once, so a
    second answer of the DNS (rebinding) cannot send the connection elsewhere. TLS still
    verifies the name, which httpcore passes to start_tls on its own. Without allow_private,
    an address of this machine or its network is refused."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as unresolved:
            raise httpcore.ConnectError(f"cannot resolve {host}: {unresolved}") from None
        addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
        bad = [address for address in addresses if refused(address)]
        if bad and not self.allow_private:
            raise PrivateAddress(
                f"{host} is a private, loopback or reserved address ({bad[0]}): refused",
                "a page on this machine or its network is fetched only with --allow-private",
            )
        last: Exception = httpcore.ConnectError(f"no address for {host}")
        for address in addresses:
            try:
                stream = super().connect_tcp(
                    address, port, _time_left(timeout), local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as failed:
                last = failed
                continue
            return DeadlineStream(stream)
        raise last


def _exchange(
    url: str, request: httpx.Request, response: httpx.Response, body: bytes, date: str
) -> Exchange:
    return Exchange(
        url,
        [(k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw],
        response.status_code,
        response.reason_phrase,
        response.http_version,
        [(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw],
        body,
        date,
    )


def _read_body(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(
            f"the page is {int(declared):,} bytes, more than the limit of {max_bytes:,} bytes",
            "raise the limit with --max-mb if this document is really that large",
        )
    chunks, size = [], 0
    for chunk in response.iter_raw():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(
                f"the page is more than the limit of {max_bytes:,} bytes",
                "raise the limit with --max-mb if this document is really that large",
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _hop(
    client: httpx.Client, url: str, max_bytes: int, deadline: float
) -> tuple[httpx.Request, httpx.Response, bytes]:
    """One request and its whole response, within what is left of the fetch's deadline."""
    where = urlsplit(url).netloc
    hint = "try again later, or allow more time with --timeout and --deadline"
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(f"{where} did not send the page within the deadline", hint)
    request = client.build_request("GET", url)
    try:
        response = client.send(request, stream=True)
    except httpx.TimeoutException:
        raise FetchError(f"no answer from {where} within the time limit", hint) from None
    except httpx.InvalidURL as error:  # a redirect's target, which httpx reads at once
        raise FetchError(f"{url} redirects to an address that is not valid: {error}") from None
    except httpx.HTTPError as error:
        raise FetchError(f"could not fetch {url}: {error}") from None
    try:
        return request, response, _read_body(response, max_bytes)
    except httpx.TimeoutException:
        raise FetchError(f"{where} stopped sending the page within the time limit", hint) from None
    except httpx.HTTPError as error:
        raise FetchError(f"could not fetch {url}: {error}") from None
    finally:
        response.close()


def fetch(
    url: str,
    client: httpx.Client,
    max_bytes: int = MAX_BYTES,
    accept_errors: bool = False,
    deadline: float = DEADLINE,
) -> Fetched:
    """Fetch a URL, following redirects one by one so that each is recorded (and each target
    must be http(s) too), all within `deadline` seconds. With accept_errors, a page that
    answers 4xx or 5xx is returned; otherwise it is a FetchError."""
    check_url(url)
    until = time.monotonic() + deadline
    _deadline.until = until
    try:
        return _follow(url, client, max_bytes, accept_errors, until)
    finally:
        _deadline.until = None


def _follow(
    url: str, client: httpx.Client, max_bytes: int, accept_errors: bool, until: float
) -> Fetched:
    fetched = Fetched()
    for _ in range(MAX_REDIRECTS + 1):
        date = utc_now()
        request, response, body = _hop(client, url, max_bytes, until)
        fetched.exchanges.append(_exchange(url, request, response, body, date))
        if response.status_code in REDIRECT_CODES and "location" in response.headers:
            try:
                url = urljoin(url, response.headers["location"])
            except ValueError:
                url = response.headers["location"]  # check_url says what is wrong with it
            check_url(url)
            continue
        if response.status_code >= 400 and not accept_errors:
            raise FetchError(
                f"{url} answered {response.status_code} {response.reason_phrase}",
                "check the address; a page that is gone may be in a web archive "
                "(https://web.archive.org/)",
            )
        return fetched
    raise FetchError(f"more than {MAX_REDIRECTS} redirects from {fetched.exchanges[0].url}")


def new_client(timeout: float = TIMEOUT, allow_private: bool = False) -> httpx.Client:
    """A client that follows no redirect (`fetch` does, one by one, to record each) and asks
    for identity encoding (the bytes archived are then the bytes read, wherever the server
    allows it). Without allow_private, it connects only to public addresses."""
    transport = httpx.HTTPTransport(trust_env=False)
    # httpx has no argument for httpcore's network backend: the pool it made is given one,
    # before any connection is opened.
    transport._pool._network_backend = PinnedBackend(allow_private)  # noqa: SLF001
    return httpx.Client(
        follow_redirects=False,
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"},
        trust_env=False,
        transport=transport,
    )


def write_warc(fetched: Fetched, stream: BinaryIO) -> None:
    """A warcinfo record, then for each exchange a request and a response record."""
    writer = WARCWriter(stream, gzip=True)
    info = writer.create_warcinfo_record(
        "briefing-capture.warc.gz", {"software": USER_AGENT, "format": "WARC File Format 1.0"}
    )
    writer.write_record(info)
    for exchange in fetched.exchanges:
        # The path as it was sent: percent-encoded, so ASCII as a request line must be.
        path = httpx.URL(exchange.url).raw_path.decode("ascii")
        request_headers = StatusAndHeaders(
            f"GET {path} HTTP/1.1", exchange.request_headers, is_http_request=True
        )
        # The body is kept as httpx read it: without the chunks of a chunked transfer, so
        # the header that announced them would mislead a replay tool.
        kept = [(k, v) for k, v in exchange.response_headers if k.lower() != "transfer-encoding"]
        response_headers = StatusAndHeaders(
            f"{exchange.status} {exchange.reason}",
            kept,
            protocol=exchange.http_version or "HTTP/1.1",
        )
        response = writer.create_warc_record(
            exchange.url,
            "response",
            payload=io.BytesIO(exchange.body),
            length=len(exchange.body),  # known: warcio would spool the body to count it
            http_headers=response_headers,
            warc_headers_dict={"WARC-Date": exchange.date},
        )
        request = writer.create_warc_record(
            exchange.url,
            "request",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=request_headers,
            warc_headers_dict={"WARC-Date": exchange.date},
        )
        request.rec_headers.add_header(
            "WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID")
        )
        writer.write_record(request)
        writer.write_record(response)


def write_file_warc(
    name: str, media_type: str, content: bytes, stream: BinaryIO, date: str
) -> None:
    """A saved file's bytes, as a WARC resource record read at `date` (there was no HTTP
    exchange)."""
    writer = WARCWriter(stream, gzip=True)
    writer.write_record(
        writer.create_warc_record(
            f"file:///{name}",
            "resource",
            payload=io.BytesIO(content),
            length=len(content),
            warc_content_type=media_type,
            warc_headers_dict={"WARC-Date": date},
        )
    )
