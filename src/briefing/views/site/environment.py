"""The templates' environment: the project's own page templates before the packaged ones,
made once for the same templates, with the filters and globals the pages use. Every value
a template prints is escaped for Markdown and HTML unless it is `Markup`."""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, StrictUndefined
from markupsafe import Markup

from briefing.analysis.wording import Run
from briefing.records.dates import chronology_date, show_date
from briefing.records.templates import PACKAGED, ProjectLoader, stamp
from briefing.views.shared import GRADES, escape_html, escape_text, safe_url, title_html


def _finalize(value: object) -> Markup:
    # Jinja's autoescape leaves Markup alone: macro output, links and notes made here.
    if isinstance(value, Markup):
        return value
    return Markup(escape_text(value if value is not None else ""))


def environment(root: Path | None = None) -> Environment:
    """The templates' environment: the project's own templates (templates/ under `root`)
    before the packaged ones, which stay reachable as briefing/NAME."""
    own = stamp(root)
    return _environment(root if own else None, own, packaged_stamp())


def packaged_stamp() -> tuple[tuple[str, int, int], ...]:
    """What the packaged page templates are now (names, times, sizes), as `stamp` says the
    project's: `serve` watches them too."""
    found = []
    for template in (resources.files("briefing") / "templates").iterdir():
        if isinstance(template, Path) and template.is_file() and template.name.endswith(".j2"):
            status = template.stat()
            found.append((template.name, status.st_mtime_ns, status.st_size))
    return tuple(sorted(found))


@functools.lru_cache(maxsize=4)
def _environment(root: Path | None, _stamp: object, _packaged: object) -> Environment:
    # Made once for the same templates: `briefing serve` renders again and again, and
    # compiling the templates took longer than rendering the pages an edit reaches. A
    # changed or new template, the project's or a packaged one, is a new stamp, so a new
    # environment; within one, Jinja need not look at the files again (auto_reload looked
    # at each template a page imports, at each page: 5% of rendering 10,000 sources).
    packaged = PackageLoader("briefing", "templates")
    loaders = [packaged] if root is None else [ProjectLoader(root), packaged]
    env = Environment(
        loader=ChoiceLoader([PrefixLoader({PACKAGED: packaged}), *loaders]),
        auto_reload=False,
        undefined=StrictUndefined,
        finalize=_finalize,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(date=show_date, when=chronology_date, grade=GRADES.get, marked=marked)
    # A long text in raw HTML (a source's words): Markdown would take its square.
    env.filters["html"] = lambda value: Markup(escape_html(value))
    env.globals["title_meta"] = lambda text: Markup(
        "---\ntitle: " + json.dumps(title_html(text)) + "\n---\n"
    )
    env.globals["external"] = lambda url: Markup(f"[{escape_text(url)}]({safe_url(url)})")
    return env


def marked(runs: tuple[Run, ...], tag: str) -> Markup:
    """A wording with its changed words in `tag` (del or ins), each word escaped."""
    return Markup(
        " ".join(
            f"<{tag}>{escape_text(words)}</{tag}>" if changed else escape_text(words)
            for changed, words in runs
        )
    )
