"""Self-test of the browser harness in tests/browser.py: server, headless Chromium, helpers."""

from __future__ import annotations

import struct
import urllib.request
import zlib
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from browser import decode_png, document_ready, screenshot_is_not_blank, serve, wait_for

# Registers the `chromium` fixture from tests/browser.py (no import of the fixture needed).
pytest_plugins = ["browser"]

FIRST = """<!doctype html>
<html><head><meta charset="utf-8"><title>First page</title></head>
<body style="background:#fff;font-family:'DejaVu Sans',sans-serif">
<h1>Harness heading</h1>
<p id="marker">A paragraph with an id.</p>
<p><a id="next" href="second.html">Go to the second page</a></p>
</body></html>
"""

SECOND = """<!doctype html>
<html><head><meta charset="utf-8"><title>Second page</title></head>
<body><p id="arrived">You reached the second page.</p></body></html>
"""

EMPTY = """<!doctype html>
<html><head><meta charset="utf-8"><title>Empty</title></head>
<body style="background:#fff;margin:0"></body></html>
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_text(FIRST, encoding="utf-8")
    (tmp_path / "second.html").write_text(SECOND, encoding="utf-8")
    (tmp_path / "empty.html").write_text(EMPTY, encoding="utf-8")
    return tmp_path


def test_serve_serves_the_directory_and_stops(site: Path) -> None:
    with serve(site) as base_url:
        assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/")
        with urllib.request.urlopen(base_url + "second.html", timeout=5) as response:
            assert b"second page" in response.read()
    with pytest.raises(OSError):
        urllib.request.urlopen(base_url + "second.html", timeout=2)


def test_navigate_click_and_screenshot(chromium, site: Path) -> None:
    with serve(site) as base_url:
        chromium.get(base_url + "index.html")
        wait_for(chromium, document_ready)
        assert chromium.find_element(By.TAG_NAME, "h1").text == "Harness heading"
        assert chromium.find_element(By.ID, "marker").text == "A paragraph with an id."

        screenshot = chromium.get_screenshot_as_png()
        image = decode_png(screenshot)
        assert image.width > 100 and image.height > 100
        assert screenshot_is_not_blank(screenshot)

        chromium.find_element(By.ID, "next").click()
        arrived = wait_for(chromium, EC.visibility_of_element_located((By.ID, "arrived")))
        assert arrived.text == "You reached the second page."
        assert chromium.current_url == base_url + "second.html"
        assert chromium.title == "Second page"


def test_empty_white_page_is_blank(chromium, site: Path) -> None:
    with serve(site) as base_url:
        chromium.get(base_url + "empty.html")
        wait_for(chromium, document_ready)
        assert not screenshot_is_not_blank(chromium.get_screenshot_as_png())


def _png(width: int, height: int, rows: list[bytes], colour_type: int = 2, depth: int = 8) -> bytes:
    """Encode raw (already filtered, filter byte included) rows as a PNG."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


def test_decode_png_undoes_every_filter_type() -> None:
    # A 3x5 RGB image; each row uses a different filter (None, Sub, Up, Average, Paeth).
    pixels = [
        [(10, 20, 30), (40, 50, 60), (70, 80, 90)],
        [(200, 100, 0), (250, 5, 7), (1, 2, 3)],
        [(9, 9, 9), (255, 0, 128), (3, 200, 100)],
        [(77, 66, 55), (0, 0, 0), (255, 255, 255)],
        [(12, 34, 56), (78, 90, 12), (200, 210, 220)],
    ]
    lines = [bytes(v for pixel in row for v in pixel) for row in pixels]
    bpp = 3

    def paeth(a: int, b: int, c: int) -> int:
        p = a + b - c
        pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
        return a if pa <= pb and pa <= pc else b if pb <= pc else c

    rows = []
    prior = bytes(len(lines[0]))
    for kind, line in enumerate(lines):
        encoded = bytearray()
        for i, x in enumerate(line):
            a = line[i - bpp] if i >= bpp else 0
            b = prior[i]
            c = prior[i - bpp] if i >= bpp else 0
            predictor = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
            encoded.append((x - predictor) & 0xFF)
        rows.append(bytes([kind]) + bytes(encoded))
        prior = line

    image = decode_png(_png(3, 5, rows))
    assert (image.width, image.height, image.depth, image.channels) == (3, 5, 8, 3)
    assert image.rows == lines
    values = [list(row) for row in image.pixel_rows()]
    assert [len(set(row)) for row in values] == [3, 3, 3, 3, 3]
    assert values[3][1] != values[3][2] and values[0][0] != values[1][0]


def test_decode_png_low_bit_depth() -> None:
    # 1-bit greyscale, 10 pixels wide: two bytes per row, the last 6 bits are padding.
    rows = [b"\x00" + bytes([0b10110000, 0b11111111]), b"\x00" + bytes([0, 0])]
    image = decode_png(_png(10, 2, rows, colour_type=0, depth=1))
    assert [list(row) for row in image.pixel_rows()] == [[1, 0, 1, 1, 0, 0, 0, 0, 1, 1], [0] * 10]


def test_blank_check_on_synthetic_images() -> None:
    white_row = b"\x00" + b"\xff" * (3 * 40)
    white = _png(40, 40, [white_row] * 40)
    assert not screenshot_is_not_blank(white)

    # Two colours only (white with a black bar) is still "a few colours": blank.
    black_row = b"\x00" + b"\x00" * (3 * 40)
    two_colours = _png(40, 40, [white_row] * 30 + [black_row] * 10)
    assert not screenshot_is_not_blank(two_colours)

    # A gradient has many colours and many non-background pixels.
    gradient = [
        b"\x00" + bytes((x * 6 + y) % 256 for x in range(40) for _ in range(3)) for y in range(40)
    ]
    assert screenshot_is_not_blank(_png(40, 40, gradient))

    with pytest.raises(ValueError):
        screenshot_is_not_blank(b"not a png")
