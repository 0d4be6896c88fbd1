"""Browser-test support: a local HTTP server, a headless Chromium fixture, and helpers.

Use from a test module::

    from browser import document_ready, screenshot_is_not_blank, serve, wait_for

    pytest_plugins = ["browser"]  # makes the `chromium` fixture available


    def test_site(chromium, tmp_path):
        with serve(site_dir) as base_url:
            chromium.get(base_url + "index.html")
            wait_for(chromium, document_ready)
            assert screenshot_is_not_blank(chromium.get_screenshot_as_png())

The `chromium` fixture is session-scoped: one browser for the whole test run. It skips (with
the reason shown by `pytest -ra`) when the Debian packages `chromium` / `chromium-driver` are not
installed. Chromium is started with flags that keep it off the network (no updates, sync,
metrics or QUIC), and the driver path is given explicitly so Selenium Manager never runs.

PYTEST_DONT_REWRITE: this module has no asserts to rewrite, and the marker stops pytest
warning (an error under filterwarnings=error) when a test module has imported it before
`pytest_plugins` registers it.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import struct
import tempfile
import threading
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WINDOW_SIZE = (1280, 800)

# Flags that keep Chromium headless, sandbox-free (we run as root in CI) and off the network.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--no-default-browser-check",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-features=Translate,OptimizationHints,MediaRouter,InterestFeedContentSuggestions",
    "--metrics-recording-only",
    "--hide-scrollbars",
    f"--window-size={WINDOW_SIZE[0]},{WINDOW_SIZE[1]}",
)

T = TypeVar("T")


# --------------------------------------------------------------------------------------------
# Local HTTP server


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` over HTTP on 127.0.0.1 (ephemeral port); yield the base URL.

    The URL ends with a slash, e.g. ``http://127.0.0.1:41234/``. The server runs in a
    background thread and is shut down and closed when the block exits.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise NotADirectoryError(directory)
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="serve", daemon=True
    )
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --------------------------------------------------------------------------------------------
# Headless Chromium


def chromium_options(user_data_dir: Path) -> Any:
    """Selenium ChromeOptions for the Debian Chromium with the offline, headless flags."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={user_data_dir}")
    return options


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """A Selenium WebDriver driving headless Chromium, shared by the whole session.

    Skips (never silently passes) when /usr/bin/chromium or /usr/bin/chromedriver is missing.
    """
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.is_file()]
    if missing:
        pytest.skip(
            f"headless Chromium unavailable: {', '.join(missing)} not found "
            "(install the Debian packages: apt-get install chromium chromium-driver)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory(
        prefix="briefing-chromium-", ignore_cleanup_errors=True
    ) as profile:
        # An explicit driver path: Selenium Manager (which would download things) never runs.
        service = Service(executable_path=str(CHROMEDRIVER))
        driver = webdriver.Chrome(service=service, options=chromium_options(Path(profile)))
        try:
            driver.set_page_load_timeout(30)
            yield driver
        finally:
            driver.quit()


def wait_for(driver: Any, condition: Callable[[Any], T], timeout: float = 10) -> T:
    """Wait until `condition(driver)` is truthy and return its value (WebDriverWait, no sleeps).

    `condition` is any callable taking the driver, e.g. a selenium
    ``expected_conditions`` object or a lambda. Raises TimeoutException on timeout.
    """
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def document_ready(driver: Any) -> bool:
    """Condition for `wait_for`: the current document has finished loading."""
    return bool(driver.execute_script("return document.readyState") == "complete")


# --------------------------------------------------------------------------------------------
# PNG decoding (standard library only) and the blank-screenshot check

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # colour type -> samples per pixel


def _add_bytes(a: bytes, b: bytes) -> bytes:
    """Byte-wise (a + b) mod 256 of two equal-length byte strings, with no per-byte loop."""
    n = len(a)
    x = int.from_bytes(a, "big")
    y = int.from_bytes(b, "big")
    low = int.from_bytes(b"\x7f" * n, "big")
    high = int.from_bytes(b"\x80" * n, "big")
    return (((x & low) + (y & low)) ^ ((x ^ y) & high)).to_bytes(n, "big")


def _unfilter(kind: int, line: bytes, prior: bytes, bpp: int) -> bytes:
    """Undo one scanline's PNG filter (types 0-4: None, Sub, Up, Average, Paeth)."""
    if kind == 0:
        return line
    if kind == 1:  # Sub: each byte plus the byte bpp to its left, done per channel
        out = bytearray(len(line))
        for channel in range(bpp):
            out[channel::bpp] = bytes(accumulate(line[channel::bpp], lambda a, b: (a + b) & 0xFF))
        return bytes(out)
    if kind == 2:  # Up
        return _add_bytes(line, prior)
    out = bytearray(line)
    if kind == 3:  # Average
        for i in range(len(out)):
            left = out[i - bpp] if i >= bpp else 0
            out[i] = (out[i] + ((left + prior[i]) >> 1)) & 0xFF
        return bytes(out)
    if kind == 4:  # Paeth
        for i, value in enumerate(line):
            b = prior[i]
            if i >= bpp:
                a, c = out[i - bpp], prior[i - bpp]
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                value += a if pa <= pb and pa <= pc else b if pb <= pc else c
            else:
                value += b  # a = c = 0, so the predictor is b
            out[i] = value & 0xFF
        return bytes(out)
    raise ValueError(f"PNG: unknown filter type {kind}")


class PngImage(NamedTuple):
    """A decoded PNG: size, bit depth, samples per pixel, and the unfiltered scanlines."""

    width: int
    height: int
    depth: int
    channels: int
    rows: list[bytes]

    def pixel_rows(self) -> Iterator[Sequence[int]]:
        """Each row's pixels as integers, equal exactly when the pixels' samples are equal.

        (For palette images the integer is the palette index.)
        """
        bits = self.depth * self.channels
        if bits < 8:
            mask = (1 << self.depth) - 1
            shifts = range(8 - self.depth, -1, -self.depth)
            for line in self.rows:
                yield [(byte >> shift) & mask for byte in line for shift in shifts][: self.width]
            return
        size = bits // 8
        padded, code = next(
            (n, c) for n, c in ((1, "B"), (2, "H"), (4, "I"), (8, "Q")) if n >= size
        )
        for line in self.rows:
            if padded == size:
                buffer = bytearray(line)
            else:  # e.g. RGB: widen each 3-byte pixel to 4 bytes so memoryview can read it
                buffer = bytearray(padded * self.width)
                for k in range(size):
                    buffer[k::padded] = line[k::size]
            yield memoryview(buffer).cast(code)


def decode_png(png: bytes) -> PngImage:
    """Decode a non-interlaced PNG (any colour type, bit depth 1-16) with zlib and struct.

    Raises ValueError for data that is not a PNG this decoder supports.
    """
    if not png.startswith(_PNG_SIGNATURE):
        raise ValueError("not a PNG (bad signature)")
    position = len(_PNG_SIGNATURE)
    header: tuple[int, ...] | None = None
    data = bytearray()
    while position + 8 <= len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        body = png[position + 8 : position + 8 + length]
        if len(body) != length:
            raise ValueError("PNG: truncated chunk")
        position += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            data += body
        elif kind == b"IEND":
            break
    if header is None:
        raise ValueError("PNG: no IHDR chunk")
    width, height, depth, colour_type, _compression, _filter, interlace = header
    if colour_type not in _CHANNELS or depth not in (1, 2, 4, 8, 16):
        raise ValueError(f"PNG: unsupported colour type {colour_type} / bit depth {depth}")
    if interlace:
        raise ValueError("PNG: interlaced images are not supported")
    try:
        raw = zlib.decompress(bytes(data))
    except zlib.error as error:
        raise ValueError(f"PNG: bad image data: {error}") from error
    channels = _CHANNELS[colour_type]
    bits_per_pixel = channels * depth
    bpp = max(1, bits_per_pixel // 8)
    stride = (width * bits_per_pixel + 7) // 8
    if len(raw) < height * (stride + 1):
        raise ValueError("PNG: image data too short")
    rows: list[bytes] = []
    prior = bytes(stride)
    for row in range(height):
        start = row * (stride + 1)
        prior = _unfilter(raw[start], raw[start + 1 : start + 1 + stride], prior, bpp)
        rows.append(prior)
    return PngImage(width, height, depth, channels, rows)


def screenshot_is_not_blank(
    png_bytes: bytes, *, min_colours: int = 3, min_foreground_pixels: int = 50
) -> bool:
    """True if the PNG shows something: at least `min_colours` distinct colours and at least
    `min_foreground_pixels` pixels that differ from the background (the most common colour).

    An empty white (or any single-colour) page is blank; rendered text is not, because
    anti-aliasing alone gives it many shades.
    """
    image = decode_png(png_bytes)
    counts: Counter[int] = Counter()
    for row in image.pixel_rows():
        counts.update(row)
    if len(counts) < min_colours:
        return False
    _background, background_count = counts.most_common(1)[0]
    return image.width * image.height - background_count >= min_foreground_pixels
