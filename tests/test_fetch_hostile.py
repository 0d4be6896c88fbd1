"""The doors of capture and verify-live against a hostile server (tests/hostile.py): a
compression bomb, a page that drips, redirects httpx cannot follow, addresses of this
machine; and a short run of the fetching fuzzer (tests/fuzz/fetch.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import run
from hostile import (
    ARTICLE,
    Hostile,
    dripping,
    dripping_head,
    files_of,
    gzip_bomb,
    hostile_server,
    redirect,
)


@pytest.fixture(scope="module")
def server() -> Iterator[Hostile]:
    with hostile_server() as running:
        yield running


def capture(project: Path, *arguments: str) -> tuple[int, str, float]:
    started = time.monotonic()
    result = run("capture", "--allow-private", "-C", str(project), *arguments)
    return result.exit_code, result.output, time.monotonic() - started


def test_a_gzip_bomb_is_refused_at_the_limit_while_unpacking(
    server: Hostile, project: Path
) -> None:
    server.answers["/bomb"] = gzip_bomb(200_000_000)  # 200 KB on the wire
    before = files_of(project)
    code, output, took = capture(project, "--max-mb", "1", server.url("/bomb"))
    assert code == 1, output
    assert "unpacks to more than the limit of 1,000,000 bytes" in output
    assert "hint: raise the limit with --max-mb" in output
    assert took < 5
    assert files_of(project) == before


def test_a_dripping_page_is_stopped_by_the_deadline(server: Hostile, project: Path) -> None:
    server.answers["/drip"] = dripping(ARTICLE, 0.05)  # a byte in far less than --timeout
    code, output, took = capture(
        project, "--timeout", "1", "--deadline", "1.5", server.url("/drip")
    )
    assert code == 1, output
    assert "within the time limit" in output and "--deadline" in output
    assert took < 4


def test_dripping_headers_are_stopped_by_the_deadline_too(server: Hostile, project: Path) -> None:
    server.answers["/drip-head"] = dripping_head(0.05)
    code, output, took = capture(
        project, "--timeout", "1", "--deadline", "1.5", server.url("/drip-head")
    )
    assert code == 1, output
    assert "within the time limit" in output and "--deadline" in output
    assert took < 4


BAD_HOPS = {
    "javascript": "javascript:alert(1)",
    "broken ipv6": "http://[::1/x",
    "space in host": "http://exa mple.com/",
    "port out of range": "http://127.0.0.1:99999/",
    "no host": "https:",
}


def test_a_redirect_httpx_cannot_follow_fails_that_url_and_the_batch_goes_on(
    server: Hostile, project: Path
) -> None:
    listing = project.parent / "urls.txt"
    lines = []
    for name, location in BAD_HOPS.items():
        path = "/bad-hop/" + name.replace(" ", "-")
        server.answers[path] = redirect(location)
        lines.append(server.url(path))
    listing.write_text("\n".join([*lines, server.url("/article")]) + "\n")
    code, output, _ = capture(project, "--from", str(listing))
    assert code == 1, output
    assert f"1 captured, {len(BAD_HOPS)} failed" in output
    assert output.count(": error: ") == len(BAD_HOPS)
    assert "Traceback" not in output


def test_loopback_is_refused_without_allow_private(server: Hostile, project: Path) -> None:
    before = files_of(project)
    result = run("capture", "-C", str(project), server.url("/article"))
    assert result.exit_code == 1, result.output
    assert "127.0.0.1 is a private, loopback or reserved address (127.0.0.1): refused" in (
        result.output
    )
    assert "hint: a page on this machine or its network is fetched only with --allow-private" in (
        result.output
    )
    assert files_of(project) == before


def test_loopback_settings_and_environment_do_not_lift_the_refusal(
    server: Hostile, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("NO_PROXY", "*")
    (project / "briefing.yml").write_text("allow_private: true\n")
    result = run("capture", "-C", str(project), server.url("/article"))
    assert "refused" in result.output


@pytest.mark.parametrize(
    ("address", "refused"),
    [
        ("127.0.0.1", True),
        ("::1", True),
        ("10.1.2.3", True),
        ("192.168.0.10", True),
        ("172.16.5.4", True),
        ("169.254.169.254", True),  # a cloud's metadata service
        ("fe80::1%eth0", True),
        ("::ffff:127.0.0.1", True),
        ("0.0.0.0", True),
        ("224.0.0.1", True),
        ("100.64.0.1", True),
        ("93.184.215.14", False),
        ("2606:4700:4700::1111", False),
    ],
)
def test_which_addresses_are_refused(address: str, refused: bool) -> None:
    from briefing.capture.fetch import refused as is_refused

    assert is_refused(address) is refused


def test_the_name_is_resolved_once_and_the_checked_address_is_the_one_connected(
    server: Hostile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: a name that answers a public address to the check and a private one
    after must not reach the private one; the connection goes to what was checked."""
    import socket

    from briefing.capture import fetch

    answers = ["127.0.0.1", "10.9.9.9"]
    looked_up: list[str] = []

    real = socket.getaddrinfo

    def getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list[object]:
        if host[0].isdigit():
            return real(host, port, *args, **kwargs)  # type: ignore[arg-type]
        looked_up.append(host)
        address = answers[min(len(looked_up) - 1, 1)]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(fetch.socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(fetch, "refused", lambda address: address != "127.0.0.1")
    port = server.host.rsplit(":", 1)[1]
    with fetch.new_client(5.0) as client:
        fetched = fetch.fetch(f"http://publisher.test:{port}/article", client)
    assert fetched.content() == ARTICLE
    assert looked_up == ["publisher.test"]


def test_verify_live_refuses_a_private_url_as_unreachable(server: Hostile, project: Path) -> None:
    assert capture(project, "--id", "herald", server.url("/article"))[0] == 0
    actor = project / "actors/harbour-council.yml"
    cite = "    - source: herald\n      quote: The harbour council met on Thursday\n"
    actor.write_text(actor.read_text().replace("  cite:\n", "  cite:\n" + cite, 1))
    result = run("verify-live", "-C", str(project), "herald")
    assert result.exit_code == 1, result.output
    assert ": unreachable: herald:" in result.output and "refused" in result.output
    allowed = run("verify-live", "--allow-private", "-C", str(project), "herald")
    assert allowed.exit_code == 0, allowed.output


def test_the_fetching_fuzzer_finds_no_crash_and_no_slow_input() -> None:
    """The short run of tests/fuzz/fetch.py: its seeds 24 to 43 hold redirects that httpx
    cannot follow (26, 41), which crashed capture and verify-live before."""
    from fuzz.fetch import fuzz

    crashed, slow = fuzz(range(24, 44), limit=5.0)
    assert crashed == [] and slow == []


def test_a_redirect_to_a_path_with_non_ascii_letters_is_archived(
    server: Hostile, project: Path
) -> None:
    """Found by the fuzzer: the request line of the WARC must be ASCII, as it was sent."""
    server.answers["/to-accents"] = redirect("/%ff%fe/caf\u00e9")
    code, output, _ = capture(project, "--id", "accents", server.url("/to-accents"))
    assert code == 0, output
    from warcio.archiveiterator import ArchiveIterator

    from web import warc_in

    with warc_in(project / "captures/accents.wacz") as stream:
        lines = [
            r.http_headers.protocol + " " + r.http_headers.statusline
            for r in ArchiveIterator(stream)
            if r.rec_type == "request"
        ]
    assert lines[-1] == "GET /%ff%fe/caf%C3%A9 HTTP/1.1"
