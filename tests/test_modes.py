"""Files written whole get the mode a plain `open` would give them: a new file the user's
umask, a replaced file its own. A temporary file is made 0600, and a file moved into place
kept that, so a web server running as another user refused every download of the Data page.
"""

from __future__ import annotations

import html.parser
import os
import shutil
import socket
import stat
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

import briefing.files
from briefing.files import write_atomically
from conftest import HANG_GUARD, VALID, console, run


@contextmanager
def umask(mask: int) -> Iterator[None]:
    """The process's umask set for the block (the tests run in one thread; the commands
    started in the block inherit it)."""
    before = os.umask(mask)
    try:
        yield
    finally:
        os.umask(before)


def mode(file: Path) -> int:
    return stat.S_IMODE(file.stat().st_mode)


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o077, 0o002], ids=oct)
def test_a_new_file_gets_the_mode_of_the_umask(tmp_path: Path, mask: int) -> None:
    with umask(mask):
        write_atomically(tmp_path / "new.txt", b"new")
        with open(tmp_path / "plain.txt", "wb") as stream:  # what a plain open gives
            stream.write(b"plain")
    assert mode(tmp_path / "new.txt") == 0o666 & ~mask == mode(tmp_path / "plain.txt")
    assert (tmp_path / "new.txt").read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_the_umask_is_read_where_the_system_does_not_say_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_proc(*args: object, **kwargs: object) -> None:
        raise FileNotFoundError("/proc/self/status")

    with umask(0o027):
        assert briefing.files.current_umask() == 0o027  # from /proc/self/status
        monkeypatch.setattr(briefing.files, "open", no_proc, raising=False)
        assert briefing.files.current_umask() == 0o027  # set and put back
        assert os.umask(0o027) == 0o027  # put back indeed


def test_a_link_in_the_way_is_replaced_with_the_mode_of_a_new_file(tmp_path: Path) -> None:
    (tmp_path / "target.txt").write_bytes(b"target")
    (tmp_path / "target.txt").chmod(0o600)
    (tmp_path / "link.txt").symlink_to(tmp_path / "target.txt")
    with umask(0o022):
        write_atomically(tmp_path / "link.txt", b"new")
    assert not (tmp_path / "link.txt").is_symlink() and mode(tmp_path / "link.txt") == 0o644
    assert (tmp_path / "target.txt").read_bytes() == b"target"


@pytest.mark.parametrize("kept", [0o644, 0o600, 0o664, 0o640, 0o755], ids=oct)
def test_a_replaced_file_keeps_its_own_mode(tmp_path: Path, kept: int) -> None:
    file = tmp_path / "old.txt"
    file.write_bytes(b"old")
    file.chmod(kept)
    with umask(0o077):  # a umask that would give 0600 to a new file
        write_atomically(file, b"replaced")
    assert mode(file) == kept
    assert file.read_bytes() == b"replaced"


def test_rehash_keeps_the_mode_of_the_source(tmp_path: Path) -> None:
    project = Path(shutil.copytree(VALID, tmp_path / "project"))
    wire = project / "sources/wire-2020-01-10-harbour.md"
    wire.write_text(wire.read_text().replace("Example Wire.", "Example Wire!", 1))
    wire.chmod(0o664)
    with umask(0o077):
        result = run("rehash", "-C", str(project), "wire-2020-01-10-harbour", "--reason", "r")
    assert result.exit_code == 0, result.output
    assert mode(wire) == 0o664


def test_edition_gets_the_mode_of_the_umask(tmp_path: Path) -> None:
    project = Path(shutil.copytree(VALID, tmp_path / "project"))
    with umask(0o022):
        assert run("edition", "first", str(project)).exit_code == 0
    assert mode(project / "editions/first.yml") == 0o644


def test_capture_writes_its_source_and_archive_with_the_mode_of_the_umask(tmp_path: Path) -> None:
    """Capture writes its pair through temporary files of its own (both or neither): they
    get the umask's mode too, not the temporary file's 0600."""
    from web import PARAGRAPHS, article_page

    project = Path(shutil.copytree(VALID, tmp_path / "project"))
    saved = tmp_path / "saved.html"
    saved.write_bytes(article_page(PARAGRAPHS))
    with umask(0o022):
        result = run("capture", "-C", str(project), "--id", "saved-pier", str(saved))
    assert result.exit_code == 0, result.output
    assert mode(project / "sources/saved-pier.md") == 0o644
    assert mode(project / "captures/saved-pier.wacz") == 0o644


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal corpus built under the usual umask, by the console script."""
    project = Path(shutil.copytree(VALID, tmp_path_factory.mktemp("modes") / "project"))
    with umask(0o022):
        result = console("build", str(project))
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "build"


def test_every_file_of_the_site_and_exports_is_readable_by_others(built: Path) -> None:
    for file in built.rglob("*"):
        if ".cache" not in file.parts:
            assert mode(file) & 0o004, f"{file} is {mode(file):o}"
    assert sorted(p.name for p in (built / "site/data").iterdir() if p.suffix != ".html")


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value for name, value in attrs if tag == "a" and name == "href" and value]


def other_user() -> list[str] | None:
    """How to run a command as a user that is not this one and owns none of the files:
    runuser as nobody (root only); None where that cannot be done."""
    runuser = shutil.which("runuser")
    if os.geteuid() != 0 or runuser is None or not os.path.exists("/usr/bin/python3"):
        return None
    command = [runuser, "-u", "nobody", "--"]
    probe = subprocess.run([*command, "/usr/bin/python3", "-c", ""], check=False)
    return command if probe.returncode == 0 else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served_as_another_user(site: Path, command: list[str]) -> Iterator[str]:
    """A copy of the site (modes kept), in a folder anyone may enter, served by Python's
    http.server running as another user; its address."""
    top = Path(tempfile.mkdtemp(prefix="briefing-served-"))
    try:
        top.chmod(0o755)
        shutil.copytree(site, top / "site")  # copy2: each file's mode with it
        port = free_port()
        server = subprocess.Popen(
            [*command, "/usr/bin/python3", "-m", "http.server", str(port)]
            + ["--bind", "127.0.0.1", "--directory", str(top / "site")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            address = f"http://127.0.0.1:{port}/"
            deadline = time.monotonic() + 30
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    assert server.poll() is None and time.monotonic() < deadline, "no server"
                    time.sleep(0.1)
            yield address
        finally:
            server.terminate()
            server.wait(timeout=HANG_GUARD)
    finally:
        shutil.rmtree(top)


def test_a_server_running_as_another_user_serves_every_download(built: Path) -> None:
    command = other_user()
    if command is None:
        pytest.skip("no other user to run the server as (needs root and runuser)")
    with served_as_another_user(built / "site", command) as address:
        page = urljoin(address, "data/")
        with urllib.request.urlopen(page, timeout=30) as response:
            parser = _Links()
            parser.feed(response.read().decode("utf-8"))
        downloads = sorted(
            {
                urljoin(page, href)
                for href in parser.found
                if urljoin(page, href).startswith(page) and not href.endswith("/")
            }
        )
        assert len(downloads) >= 5, downloads  # every export the Data page lists
        for url in downloads:
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    assert response.status == 200
                    assert response.read(), url
            except urllib.error.HTTPError as error:
                pytest.fail(f"{urlsplit(url).path}: {error.code} {error.reason}")
