"""The fetching fuzzer: capture and verify-live against a server that answers with hostile
responses (tests/hostile.py serves them on 127.0.0.1).

    python tests/fuzz/fetch.py [--inputs 2000] [--seed 0] [--limit 5]

Each input, named by its seed, is one response made of a status line, headers and a body
drawn from hostile pieces: bad, absent and contradictory encodings and charsets, redirects to
odd schemes, to nowhere and in loops, huge, malformed or many headers, truncated, random or
bomb bodies, slow bodies. Each is captured, then verified live as a source's url. Prints the
inputs tried, those that crashed (an exception, or the exit status 3 of an internal error),
and those over --limit seconds; exits 1 if there was any.
"""

from __future__ import annotations

import argparse
import gzip
import random
import shutil
import signal
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import BinaryIO

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conftest import VALID  # noqa: E402
from hostile import ARTICLE, Hostile, hostile_server  # noqa: E402

HANG = 60  # seconds on one input before it is stopped and reported
# The limits each run is given: small, so that a slow or large answer meets them quickly.
ARGUMENTS = ["--allow-private", "--timeout", "1", "--deadline", "3"]
QUOTE = "The harbour council met on Thursday to plan repairs"

LOCATIONS = [
    "javascript:alert(1)",
    "data:text/html,<p>hi</p>",
    "file:///etc/passwd",
    "ftp://127.0.0.1/x",
    "mailto:a@b.c",
    "http://[::1/x",
    "http://exa mple.com/",
    "http://127.0.0.1:99999/",
    "https:",
    "//",
    "",
    "http://0/",
    "http://169.254.169.254/latest/meta-data/",
    "/s/{seed}",  # a loop to itself
    "/s/{seed}?n=1",
    "/article",
    "/%ff%fe/\u00e9",
    "http://localhost:1/",
    "/" + "a" * 9000,
    "\t/article",
]
TYPES = [
    "text/html",
    "text/html; charset=utf-8",
    "text/html; charset=bogus-8",
    "text/html; charset=utf-16",
    "text/html; charset=",
    "application/pdf",
    "application/json",
    "text/plain",
    "",
    'text/html;;;; charset="utf-8',
]
ENCODINGS = ["", "gzip", "x-gzip", "deflate", "br", "zstd", "gzip, gzip", "identity", "bogus"]


def _bodies(rng: random.Random) -> bytes:
    choices: list[Callable[[], bytes]] = [
        lambda: ARTICLE,
        lambda: ARTICLE[: rng.randrange(len(ARTICLE))],
        lambda: rng.randbytes(rng.randrange(1, 5000)),
        lambda: b"",
        lambda: b"\xff\xfe" + ARTICLE.decode().encode("utf-16-le"),
        lambda: ARTICLE.replace(b"<p>", b"<p>\x00"),
        lambda: b"<html><body>" + b"<div>" * 20_000 + b"text" + b"</div>" * 20_000,
        lambda: b"%PDF-1.4\n" + rng.randbytes(2000),
        lambda: b"<html><body><p>" + b" " * 5_000_000 + b"</p></body></html>",  # past --max-mb 1
        lambda: gzip.compress(b"\x00" * 50_000_000),  # a bomb whatever its headers say
    ]
    return rng.choice(choices)()


def _encode(body: bytes, encoding: str, rng: random.Random) -> bytes:
    """The body as the encoding header says, or (one time in four) not."""
    if rng.random() < 0.25:
        return body
    if "gzip" in encoding:
        return gzip.compress(body)
    if encoding == "deflate":
        return zlib.compress(body)
    return body


@dataclass(frozen=True)
class Response:
    head: bytes
    body: bytes
    drip: float  # seconds between pieces of the body: a slow server

    def __call__(self, out: BinaryIO) -> None:
        out.write(self.head)
        if not self.drip:
            out.write(self.body)
            return
        for start in range(0, len(self.body), 4096):
            out.write(self.body[start : start + 4096])
            out.flush()
            time.sleep(self.drip)


def _headers(rng: random.Random, seed: int, body: bytes) -> list[str]:
    headers = []
    if rng.random() < 0.9:
        headers.append(f"Content-Type: {rng.choice(TYPES)}")
    encoding = rng.choice(ENCODINGS)
    if encoding:
        headers.append(f"Content-Encoding: {encoding}")
    length = rng.choice(["right", "right", "none", "short", "long", "bad", "two"])
    lengths = {
        "right": [str(len(body))],
        "short": [str(max(0, len(body) - 100))],
        "long": [str(len(body) + 100)],
        "bad": [rng.choice(["-1", "abc", "1e3", " 12", "99999999999999999999"])],
        "two": [str(len(body)), str(len(body) + 1)],
    }
    headers += [f"Content-Length: {value}" for value in lengths.get(length, [])]
    if rng.random() < 0.1:
        headers.append("X-Huge: " + "x" * rng.choice([70_000, 200_000]))
    if rng.random() < 0.1:
        headers += [f"X-Many-{n}: {n}" for n in range(rng.choice([200, 2000]))]
    if rng.random() < 0.1:
        headers.append(rng.choice(["no colon here", ": empty name", "X-Bin: \x01\x7f\xff"]))
    if rng.random() < 0.1:
        headers.append("Transfer-Encoding: chunked")
    return headers


def hostile_response(seed: int) -> Response:
    """The response of one input: the same for the same seed."""
    rng = random.Random(seed)
    status = rng.choice(
        ["200 OK"] * 6
        + ["301 Moved", "302 Found", "307 X", "308 Y"] * 2
        + ["404 Not Found", "410 Gone", "500 Oops", "999 What", "abc", ""]
    )
    body = _bodies(rng)
    encoding_body = body
    headers = _headers(rng, seed, body)
    encoding = next((h.split(": ", 1)[1] for h in headers if h.startswith("Content-Encoding")), "")
    encoding_body = _encode(body, encoding, rng)
    if status[:1] == "3" and rng.random() < 0.95:
        headers.append("Location: " + rng.choice(LOCATIONS).replace("{seed}", str(seed)))
    line = "HTTP/1.1 " + status if rng.random() < 0.95 else rng.choice(["HTTP/9.9 200", "garbage"])
    head = "\r\n".join([line, *headers, "Connection: close"]) + "\r\n\r\n"
    drip = rng.choice([0.0] * 9 + [0.3])
    return Response(head.encode("latin-1", "replace"), encoding_body, drip)


@dataclass
class Outcome:
    seed: int
    command: str
    seconds: float
    exit_code: int
    problem: str  # an exception's name and message, or "" for none


def _run(arguments: list[str]) -> tuple[int, str]:
    from click.testing import CliRunner

    from briefing.cli import cli

    result = CliRunner().invoke(cli, arguments)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        error = result.exception
        return 3, f"{type(error).__name__}: {error}"[:300]
    if result.exit_code == 3 or "Traceback" in result.output:
        return 3, result.output[-300:]
    return result.exit_code, ""


def _stop(signum: int, frame: FrameType | None) -> None:
    raise TimeoutError(f"more than {HANG} seconds")


def project_with_source(server: Hostile, work: Path) -> Path:
    """A project with a source captured from the server and cited, for verify-live."""
    project = Path(shutil.copytree(VALID, work / "project"))
    code, problem = _run(
        ["capture", *ARGUMENTS, "-C", str(project), "--id", "herald", server.url("/article")]
    )
    assert code == 0, problem
    actor = project / "actors/harbour-council.yml"
    cite = f"    - source: herald\n      quote: {QUOTE}\n"
    actor.write_text(actor.read_text().replace("  cite:\n", "  cite:\n" + cite, 1))
    return project


def _point(project: Path, url: str) -> None:
    source = project / "sources/herald.md"
    text = source.read_text(encoding="utf-8")
    start = text.index("\nurl: ") + 6
    end = text.index("\n", start)
    source.write_text(text[:start] + url + text[end:], encoding="utf-8")


def one_input(server: Hostile, project: Path, seed: int) -> list[Outcome]:
    """Capture the input's URL (in a project of its own state) and verify it live."""
    path = f"/s/{seed}"
    server.answers[path] = hostile_response(seed)
    server.answers[path + "?n=1"] = server.answers[path]
    outcomes = []
    _point(project, server.url(path))
    runs = {
        "capture": [
            "capture",
            *ARGUMENTS,
            "--max-mb",
            "1",
            "-C",
            str(project),
            "--id",
            f"input-{seed}",
            server.url(path),
        ],
        "verify-live": ["verify-live", *ARGUMENTS, "-C", str(project), "herald"],
    }
    for command, arguments in runs.items():
        signal.alarm(HANG)
        start = time.perf_counter()
        try:
            code, problem = _run(arguments)
        except TimeoutError as error:
            code, problem = 3, str(error)
        finally:
            signal.alarm(0)
        outcomes.append(Outcome(seed, command, time.perf_counter() - start, code, problem))
    for leftover in (project / "sources").glob(f"input-{seed}.md"):
        leftover.unlink()
    return outcomes


def fuzz(seeds: range, limit: float) -> tuple[list[Outcome], list[Outcome]]:
    """Every input of the seeds: (the outcomes that crashed, those over `limit` seconds)."""
    signal.signal(signal.SIGALRM, _stop)
    crashed, slow = [], []
    with hostile_server() as server, tempfile.TemporaryDirectory() as work:
        project = project_with_source(server, Path(work))
        for seed in seeds:
            for outcome in one_input(server, project, seed):
                if outcome.exit_code not in (0, 1) or outcome.problem:
                    crashed.append(outcome)
                elif outcome.seconds > limit:
                    slow.append(outcome)
    return crashed, slow


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0, help="the first input's seed")
    parser.add_argument("--limit", type=float, default=5.0, help="seconds an input may take")
    options = parser.parse_args()
    started = time.perf_counter()
    crashed, slow = fuzz(range(options.seed, options.seed + options.inputs), options.limit)
    print(f"{options.inputs} inputs in {time.perf_counter() - started:.0f} s")
    for outcome in crashed:
        print(
            f"crash: seed {outcome.seed}, {outcome.command}: rc {outcome.exit_code}: "
            f"{outcome.problem}"
        )
    for outcome in slow:
        print(f"slow: seed {outcome.seed}, {outcome.command}: {outcome.seconds:.1f} s")
    print(f"{len(crashed)} crashed, {len(slow)} over {options.limit} s")
    sys.exit(1 if crashed or slow else 0)


if __name__ == "__main__":
    main()
