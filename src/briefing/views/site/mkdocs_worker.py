"""MkDocs in a process of its own: `python -P -m briefing.views.site.mkdocs_worker [--strict]`,
started in the folder that holds the generated mkdocs.yml (engine.MkDocsProcess starts it).

Each line it reads asks for one build, "full" or "dirty" (only the pages whose Markdown is
newer than their HTML); each build is answered with one line of JSON, {"ok": ..., "said":
[...]}: whether the site was built, and what MkDocs warned of or refused with, as its own
command prints it. A build that raises anything else ends the process, as it ends `mkdocs
build`: the traceback is on standard error, for the caller to report.

This module imports nothing of briefing: the process needs MkDocs and its theme only.
"""

from __future__ import annotations

import json
import logging
import os
import sys

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket

CONFIG_FILE = "mkdocs.yml"


class _Bytecode(BytecodeCache):
    """Compiled templates kept in memory, by template and source checksum."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class _KeepCompiledTemplates:
    """An MkDocs plugin of one event: the theme's Jinja environment is new at each build, and
    compiling Material's templates again took a third of a build of one page."""

    bytecode = _Bytecode()

    def on_env(self, env: Environment, /, *, config: object, files: object) -> Environment:
        env.bytecode_cache = self.bytecode
        return env


class _NotDirtyWarning(logging.Filter):
    """MkDocs warns at every dirty build that it is one: that is what serve asks for, and in
    strict mode the warning would fail the build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "dirty" not in record.getMessage()


class _Said(logging.Handler):
    """What MkDocs and its plugins warn of during a build, as `mkdocs build` prints it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname:<8}-  {record.getMessage()}")


def build(dirty: bool, strict: bool, said: _Said) -> bool:
    """One build, as `mkdocs build` runs it; False if MkDocs refused (`said` says why)."""
    from mkdocs.commands.build import build as build_site
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        config = load_config(CONFIG_FILE, strict=strict or None)  # None: as mkdocs.yml says
        config.plugins["briefing/keep-compiled-templates"] = _KeepCompiledTemplates()  # type: ignore[assignment]
        config.plugins.on_startup(command="build", dirty=dirty)
        try:
            build_site(config, dirty=dirty)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as error:  # MkDocs' own refusals: configuration, plugins, strict
        said.lines.append(str(error))
        return False
    return True


def main() -> None:
    strict = "--strict" in sys.argv[1:]
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # what MkDocs or a plugin prints goes to standard error, not into a reply
    said = _Said()
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    logger.addHandler(said)
    logging.getLogger("mkdocs.commands.build").addFilter(_NotDirtyWarning())
    for request in sys.stdin:
        said.lines.clear()
        ok = build(request.strip() == "dirty", strict, said)
        replies.write(json.dumps({"ok": ok, "said": said.lines}) + "\n")
        replies.flush()


if __name__ == "__main__":
    main()
