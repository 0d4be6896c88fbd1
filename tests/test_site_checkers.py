"""The built sample judged by the clients that judge websites: the Nu HTML Checker (vnu) over
every page, and axe-core in headless Chromium over one page of each kind, light and dark.

Both come from npm (`npm ci` at the repository's root installs them into node_modules, as
.ci/run does); vnu runs on Java (Debian: default-jre-headless). Without them the tests skip
with the reason. What the Material theme itself gets wrong is listed below by rule, with the
page where a bare `mkdocs new` site with the same theme shows it too; anything else fails."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from browser import document_ready, serve, wait_for
from conftest import REPOSITORY

pytest_plugins = ["browser"]

NODE_MODULES = REPOSITORY / "node_modules"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
JAVA = shutil.which("java")

needs_vnu = pytest.mark.skipif(
    JAVA is None or not VNU.exists(),
    reason="the Nu HTML Checker needs java (apt-get install default-jre-headless) and "
    "node_modules/vnu-jar (npm ci)",
)
needs_axe = pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: npm ci")

# The theme's own errors: each shows on a bare `mkdocs new` site with Material 9 and our
# theme settings (checked with vnu 24.10 on 2026-11-21).
THEME_HTML_ERRORS = {
    "Attribute “autocomplete” is only allowed when the input type is": "Material's drawer, "
    "search and palette toggles are checkboxes with autocomplete=off, on every page",
    "Attribute “autocorrect” not allowed on element “input”": "Material's search box, on "
    "every page",
    "The value of the “for” attribute of the “label” element must be the ID of a non-hidden "
    "form control": "Material's table of contents names a toggle that only the nav holds, on "
    "a page left out of the nav (not_in_nav: our actor, event and source pages)",
}
def html_errors(site: Path) -> list[dict[str, Any]]:
    assert JAVA is not None
    result = subprocess.run(
        [JAVA, "-jar", str(VNU), "--format", "json", "--skip-non-html", str(site)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages: list[dict[str, Any]] = json.loads(result.stderr)["messages"]
    return [m for m in messages if m["type"] == "error"]


def is_known(error: dict[str, Any]) -> bool:
    message: str = error["message"]
    return any(message.startswith(rule) for rule in THEME_HTML_ERRORS)


@needs_vnu
def test_the_nu_html_checker_finds_no_error_of_ours(sample_site: Path) -> None:
    errors = html_errors(sample_site)
    ours = [
        f"{e['url'].split('/site/')[-1]}:{e.get('lastLine')}: {e['message']}"
        f" [{e.get('extract', '').strip()[:80]}]"
        for e in errors
        if not is_known(e)
    ]
    assert ours == []
    assert errors, "vnu reported nothing: is it checking the pages at all?"


# One page of each kind.
AXE_PAGES = [
    "",
    "briefs/hezbollah-iraqi-militias/",
    "actors/mohammad-kawtharani/",
    "events/2020-01-hezbollah-iraqi-militia-meetings/",
    "sources/arabnews-2020-02-11-hezbollah-guides-militias/",
    "events/",
    "network/",
    "contested/",
    "dependencies/",
]
# What axe finds in the theme's own parts on a bare `mkdocs new` site too: (rule, element).
THEME_AXE_VIOLATIONS = {
    ("aria-dialog-name", ".md-search"): "Material's search dialog has no accessible name",
    ("color-contrast", ".md-copyright"): "Material's footer line ('Made with Material for "
    "MkDocs'): 4.47:1 where 4.5:1 is asked",
}

RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then(
  r => done(r.violations.map(v => ({id: v.id, help: v.help,
    nodes: v.nodes.map(n => [n.target.join(" "), n.failureSummary.split("\\n")[1] || ""])}))),
  e => done([{id: "axe-error", help: String(e), nodes: [["", ""]]}]));
"""


def axe_violations(driver: Any, url: str, scheme: str) -> list[str]:
    """axe's violations on a page in a colour scheme, each node that is not the theme's."""
    driver.get(url)
    wait_for(driver, document_ready)
    driver.execute_script(
        "document.body.setAttribute('data-md-color-scheme', arguments[0])", scheme
    )
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(60)
    found: list[dict[str, Any]] = driver.execute_async_script(RUN_AXE)
    return [
        f"{v['id']} ({v['help']}): {target}: {summary.strip()}"
        for v in found
        for target, summary in v["nodes"]
        if (v["id"], target) not in THEME_AXE_VIOLATIONS
    ]


@needs_axe
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_axe_finds_no_violation_of_ours(chromium, sample_site: Path, scheme: str) -> None:  # type: ignore[no-untyped-def]
    found = {}
    with serve(sample_site) as base_url:
        for page in AXE_PAGES:
            violations = axe_violations(chromium, base_url + page, scheme)
            if violations:
                found[page or "home"] = violations
    assert found == {}
