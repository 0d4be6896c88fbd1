"""The project's mkdocs.yml, read with our own composer before MkDocs sees it.

MkDocs expands YAML aliases (a few lines of them can hang a build) and runs the code its
configuration names: `hooks:` files, plugins, Markdown extensions (by import), theme
templates from `custom_dir` (MkDocs' Jinja is not sandboxed) and YAML python tags. Aliases
are refused always, as in records; the code only for a project its user does not trust
(`briefing build --untrusted`), which keeps to built-in plugins and standard extensions,
and to scripts, styles and theme assets that are files of the project.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from briefing.paths import UnsafePath, inside_project
from briefing.problems import Origin, Problem
from briefing.records.reading import (
    LoadError,
    YamlList,
    YamlMap,
    decode,
    parse_yaml_mapping,
    read_limited,
)
from briefing.records.templates import untrusted_problems

MKDOCS_FILE = "mkdocs.yml"

# Plugins that come with MkDocs and Material and neither fetch from the network nor run
# other configurations (as `projects` and `group` do).
SAFE_PLUGINS = frozenset(
    name
    for plugin in ("search", "tags", "blog", "offline", "typeset", "meta")
    for name in (plugin, f"material/{plugin}")
)
# Python-Markdown's own extensions, and PyMdown ones that read no file (as `snippets` does).
_STANDARD = (
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "extra",
    "fenced_code",
    "footnotes",
    "legacy_attrs",
    "legacy_em",
    "md_in_html",
    "meta",
    "nl2br",
    "sane_lists",
    "smarty",
    "tables",
    "toc",
    "wikilinks",
    "codehilite",
)
_PYMDOWNX = (
    "arithmatex",
    "betterem",
    "blocks.admonition",
    "blocks.definition",
    "blocks.details",
    "blocks.html",
    "blocks.tab",
    "caret",
    "critic",
    "details",
    "emoji",
    "escapeall",
    "highlight",
    "inlinehilite",
    "keys",
    "magiclink",
    "mark",
    "progressbar",
    "saneheaders",
    "smartsymbols",
    "superfences",
    "tabbed",
    "tasklist",
    "tilde",
)
SAFE_EXTENSIONS = frozenset(
    [*_STANDARD, *(f"markdown.extensions.{name}" for name in _STANDARD)]
    + [f"pymdownx.{name}" for name in _PYMDOWNX]
)
_PYTHON_TAG = "tag:yaml.org,2002:python/"
TRUST_HINT = "remove it; build without --untrusted only a project whose code you trust"


def read_mkdocs_file(root: Path) -> YamlMap | None:
    """The project's mkdocs.yml composed by our loader (no aliases, no links), or None."""
    file = inside_project(root, root / MKDOCS_FILE)
    if not file.exists():
        return None
    return parse_yaml_mapping(decode(read_limited(file, MKDOCS_FILE), MKDOCS_FILE), MKDOCS_FILE)


def mkdocs_file_problems(root: Path) -> list[Problem]:
    """What `briefing check` says of mkdocs.yml: that our loader refuses it, if it does."""
    try:
        read_mkdocs_file(root)
    except (LoadError, UnsafePath) as error:
        return [error.problem]
    return []


def code_it_runs(root: Path) -> list[Problem]:
    """Each thing in mkdocs.yml that would make MkDocs run code not part of MkDocs, its
    bundled plugins or the standard extensions, and each page template of the project
    (templates/*.j2: Jinja is no sandbox), at its place."""
    try:
        config = read_mkdocs_file(root)
    except (LoadError, UnsafePath) as error:
        return [error.problem]
    templates = untrusted_problems(root)
    if config is None:
        return templates
    problems = templates + [
        Problem(config.key_origins[key], f"'{key}' {what}", hint)
        for key, what, hint in (
            ("INHERIT", "reads another configuration", "copy its settings into mkdocs.yml"),
            ("hooks", "runs the project's Python files", TRUST_HINT),
        )
        if key in config
    ]
    theme = config.get("theme")
    if isinstance(theme, YamlMap) and "custom_dir" in theme:
        problems.append(
            Problem(
                theme.key_origins["custom_dir"],
                "'theme.custom_dir' runs the project's templates",
                TRUST_HINT,
            )
        )
    for section, allowed, kind in (
        ("plugins", SAFE_PLUGINS, "plugin"),
        ("markdown_extensions", SAFE_EXTENSIONS, "Markdown extension"),
    ):
        for name, at in _names(config.get(section), config.value_origins.get(section)):
            if name not in allowed:
                problems.append(
                    Problem(
                        at,
                        f"{kind} '{name}' is not one that briefing trusts",
                        f"{TRUST_HINT}; trusted: "
                        + ", ".join(sorted(n for n in allowed if "/" not in n and ".ext" not in n)),
                    )
                )
    problems += [
        Problem(
            Origin(MKDOCS_FILE, node.start_mark.line + 1, node.start_mark.column + 1),
            f"the YAML tag '!!{node.tag.removeprefix('tag:yaml.org,2002:')}' runs Python code",
            TRUST_HINT,
        )
        for node in _python_tagged(root)
    ]
    problems += remote_assets(config)
    return sorted(problems, key=lambda problem: problem.origin)


# What a browser reads as a URL with a scheme (`https:`, `javascript:`, `data:`) or another
# host (`//host`), once it has dropped tabs and newlines and the spaces and controls around it
# (WHATWG URL parsing), with `\\` read as `/`; a path from the site's root (`/x.js`) is not
# the project's either.
_IGNORED_BY_BROWSERS = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
ASSET_HINT = "copy the file into the project and name it by its relative path, or remove it"


def _not_local(value: str) -> bool:
    url = _IGNORED_BY_BROWSERS.sub("", value).strip("\x00- ").replace("\\", "/")
    return url.startswith("/") or _SCHEME.match(url) is not None


def remote_assets(config: YamlMap) -> list[Problem]:
    """Each script, style or theme asset in mkdocs.yml that a page would load from outside
    the site (another host, a `javascript:` or `data:` URL), and the theme settings that load
    a provider's fonts or script, at their places: a page of an untrusted project runs no
    script and reads no style but its own."""
    problems = []
    for key in ("extra_javascript", "extra_css"):
        for path, at in _asset_paths(config.get(key), config.value_origins.get(key)):
            if _not_local(path):
                problems.append(
                    Problem(at, f"'{key}' is not a file of the project: {path!r}", ASSET_HINT)
                )
    theme, extra = config.get("theme"), config.get("extra")
    if isinstance(theme, YamlMap):
        problems += [
            Problem(
                theme.value_origins[key],
                f"'theme.{key}' is not a file of the project: {theme[key]!r}",
                ASSET_HINT,
            )
            for key in ("favicon", "logo")
            if isinstance(theme.get(key), str) and _not_local(theme[key])
        ]
        if theme.get("font", False) is not False:
            problems.append(
                Problem(
                    theme.key_origins["font"],
                    "'theme.font' loads web fonts from Google Fonts",
                    "write 'font: false' (the pages then use the reader's own fonts)",
                )
            )
    if isinstance(extra, YamlMap) and "analytics" in extra:
        problems.append(
            Problem(
                extra.key_origins["analytics"],
                "'extra.analytics' loads the analytics provider's script",
                TRUST_HINT,
            )
        )
    return problems


def _asset_paths(value: Any, here: Origin | None) -> Iterator[tuple[str, Origin]]:
    """The paths in extra_javascript or extra_css (`- path` or `- path: p` with options),
    with their places."""
    if isinstance(value, YamlList):
        for item, at in zip(value, value.item_origins, strict=True):
            if isinstance(item, YamlMap):
                if "path" in item:
                    yield str(item["path"]), item.value_origins["path"]
            else:
                yield str(item), at
    elif value is not None and here is not None:
        yield str(value), here


def _names(value: Any, here: Origin | None) -> Iterator[tuple[str, Origin]]:
    """The names in a list of plugins or extensions (`- name` or `- name: {options}`), or
    a mapping of them (`name: {options}`), with their places."""
    if isinstance(value, YamlList):
        for item, at in zip(value, value.item_origins, strict=True):
            if isinstance(item, YamlMap):
                yield from ((str(key), item.key_origins[key]) for key in item)
            else:
                yield str(item), at
    elif isinstance(value, YamlMap):
        yield from ((str(key), value.key_origins[key]) for key in value)
    elif value is not None and here is not None:
        yield str(value), here


def _python_tagged(root: Path) -> Iterator[yaml.Node]:
    """The nodes of mkdocs.yml with a python tag (read once more: our mappings keep no tags;
    the file has passed our loader, so it has no aliases to loop on)."""
    text = decode(read_limited(root / MKDOCS_FILE, MKDOCS_FILE), MKDOCS_FILE)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    stack = [yaml.compose(text, Loader=loader)]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if node.tag.startswith(_PYTHON_TAG):
            yield node
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
