"""A project's own templates/: page and PDF templates replaced, built for real; mistakes in
them reported at their lines; --untrusted refuses page templates; serve sees an edit."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.incremental.live import LiveSite
from conftest import VALID, run

ACTOR_PAGE = """{% include "briefing/actor.md.j2" %}

Own actor page: {{ actor.name }}, {{ "<b>escaped</b>" }}, {{ events | length }} events.
"""
# The packaged pages import "_macros.md.j2": this one wraps the packaged macros.
MACROS = """{% import "briefing/_macros.md.j2" as packaged %}
{% macro statement(s, notes) -%}
Stated: {{ packaged.statement(s, notes) }}
{%- endmacro %}
{% macro conflict(c, notes, heading="###") -%}
{{ packaged.conflict(c, notes, heading) }}
{%- endmacro %}
"""
PDF_TEMPLATE = """#align(center)[Prepared with the own PDF template of this project]
#pagebreak()
#include "/briefing/briefing.typ"
"""


def with_templates(tmp_path: Path, files: dict[str, str]) -> Path:
    project = tmp_path / "project"
    shutil.copytree(VALID, project)
    for name, text in files.items():
        file = project / "templates" / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
    return project


def test_a_page_template_and_the_pdf_template_of_the_project_are_used(tmp_path: Path) -> None:
    project = with_templates(
        tmp_path,
        {"actor.md.j2": ACTOR_PAGE, "_macros.md.j2": MACROS, "pdf/briefing.typ": PDF_TEMPLATE},
    )
    result = run("build", str(project))
    assert result.exit_code == 0, result.output
    site = project / "build/site"
    actor = (site / "actors/ana-ruiz/index.html").read_text(encoding="utf-8")
    assert "Own actor page: Ana Ruiz, &lt;b&gt;escaped&lt;/b&gt;, 1 events." in actor
    assert "<h1" in actor and "Affiliations" in actor  # the packaged page, included
    event = (site / "events/2020-01-09-council-meeting/index.html").read_text(encoding="utf-8")
    assert "Stated: " in event  # the packaged event page, with the project's macros
    untouched = (site / "sources/wire-2020-01-10-harbour/index.html").read_text(encoding="utf-8")
    assert "Own actor page" not in untouched
    for pdf in ("harbour-repairs.pdf", "briefing.pdf"):
        pages = PdfReader(project / "build" / pdf).pages
        assert "Prepared with the own PDF template of this project" in pages[0].extract_text()
        rest = " ".join(page.extract_text() for page in pages[1:])
        assert "Portville after the storm" in rest and "Ana Ruiz" in rest


@pytest.mark.parametrize(
    ("files", "command", "expected"),
    [
        (
            {"actor.md.j2": "# {{ actor.name }}\n{% if %}\n"},
            "check",
            "templates/actor.md.j2:2:1: error: template: Expected an expression, got "
            "'end of statement block'",
        ),
        (
            {"actr.md.j2": "# x\n"},
            "check",
            "templates/actr.md.j2:1:1: error: no packaged template is named 'actr.md.j2': it "
            "replaces nothing\n  hint: did you mean 'actor.md.j2'?",
        ),
        (
            {"pdf/briefng.typ": "x\n"},
            "check",
            "templates/pdf/briefng.typ:1:1: warning: 'briefng.typ' is not the PDF template, "
            "briefing.typ",
        ),
        (
            {"actor.md.j2": "# {{ actor.name }}\n\n{{ actor.nickname }}\n"},
            "build",
            "templates/actor.md.j2:3:1: error: template: 'briefing.records.model.Actor object' has no "
            "attribute 'nickname'\n  hint: FORMAT.md, 'Templates of a project', lists the "
            "variables each template receives",
        ),
        (
            {"event.md.j2": '{% import "briefing/_macro.md.j2" as m %}\n'},
            "build",
            "templates/event.md.j2:1:1: error: template: no template named "
            "'briefing/_macro.md.j2'\n  hint: did you mean 'briefing/_macros.md.j2'?",
        ),
        (
            {"pdf/briefing.typ": '#include "/briefing/briefing.typ"\n\n#nosuchthing\n'},
            "build",
            "templates/pdf/briefing.typ:3:2: error: Typst: unknown variable: nosuchthing",
        ),
        (
            {"pdf/briefing.typ": '#read("/../../../briefing.yml")\n'},
            "build",
            'templates/pdf/briefing.typ:1:7: error: Typst: path `"/../../../briefing.yml"` '
            "would escape the project root",
        ),
    ],
    ids=[
        "syntax",
        "typo-in-name",
        "typo-in-pdf-name",
        "undefined",
        "unknown-import",
        "typst-error",
        "typst-stays-in-its-folder",
    ],
)
def test_a_mistake_in_a_template_is_reported_at_its_line_and_the_last_build_stays(
    tmp_path: Path, files: dict[str, str], command: str, expected: str
) -> None:
    project = with_templates(tmp_path, {})
    assert run("build", str(project)).exit_code == 0
    built = _outputs(project)
    for name, text in files.items():
        file = project / "templates" / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
    result = run(command, str(project))
    assert expected in result.output
    assert "Traceback" not in result.output
    if "warning" not in expected:
        assert result.exit_code == 1
        if command == "check":
            # check writes nothing: what it refuses, build refuses too, before writing
            assert run("build", str(project)).exit_code == 1
        after = _outputs(project)
        assert after == built


def _outputs(project: Path) -> dict[Path, bytes]:
    """What a build wrote: every file under build/ but the check's cache."""
    build = project / "build"
    return {
        file: file.read_bytes()
        for file in build.rglob("*")
        if file.is_file() and ".cache" not in file.relative_to(build).parts
    }


HOSTILE = "{{ ''.__class__.__mro__[1].__subclasses__() }}\n"


def test_untrusted_refuses_the_page_templates_of_a_project(tmp_path: Path) -> None:
    """Jinja is no sandbox: the template above lists every Python class, from which a
    template can reach os.system. --untrusted renders nothing of the project's."""
    project = with_templates(tmp_path, {"timeline.md.j2": HOSTILE})
    result = run("build", "--untrusted", str(project))
    assert result.exit_code == 1
    assert (
        "templates/timeline.md.j2:1:1: error: the project's page templates run as code (Jinja "
        "is not a sandbox)"
    ) in result.output
    assert "rendering the pages" not in result.output
    assert not _outputs(project)  # nothing but the check's cache
    # trusted, the same template does run: it is the code the refusal keeps out
    assert run("build", "--no-pdf", str(project)).exit_code == 0
    page = (project / "build/site/events/index.html").read_text(encoding="utf-8")
    assert "subprocess" in page or "Popen" in page


def test_untrusted_keeps_the_pdf_template_of_a_project(tmp_path: Path) -> None:
    """Typst reads only the folder it compiles in: a PDF template is no code to refuse."""
    project = with_templates(tmp_path, {"pdf/briefing.typ": PDF_TEMPLATE})
    result = run("pdf", str(project))
    assert result.exit_code == 0, result.output
    assert run("build", "--untrusted", "--no-pdf", str(project)).exit_code == 0


def test_a_template_that_is_a_link_is_not_read(tmp_path: Path) -> None:
    project = with_templates(tmp_path, {})
    outside = tmp_path / "outside.md.j2"
    outside.write_text("secret\n", encoding="utf-8")
    (project / "templates").mkdir()
    os.symlink(outside, project / "templates/actor.md.j2")
    result = run("check", str(project))
    assert result.exit_code == 1
    assert "templates/actor.md.j2:1:1: error: 'templates/actor.md.j2' is a symbolic link" in (
        result.output
    )


def test_serve_renders_everything_again_when_a_template_changes(tmp_path: Path) -> None:
    project = with_templates(tmp_path, {})
    live = LiveSite(project)
    first = live.update_docs(live.check())
    assert first.full
    again = live.update_docs(live.check())
    assert not again.full
    template = project / "templates/actor.md.j2"
    template.parent.mkdir()
    template.write_text(ACTOR_PAGE, encoding="utf-8")
    changed = live.update_docs(live.check())
    assert changed.full
    page = (live.folder / "docs/actors/ana-ruiz.md").read_text(encoding="utf-8")
    assert "Own actor page: Ana Ruiz" in page
    template.write_text(ACTOR_PAGE.replace("Own actor page", "Edited page"), encoding="utf-8")
    os.utime(template, ns=(1, 1))  # a new time even on a coarse clock
    edited = live.update_docs(live.check())
    assert edited.full
    page = (live.folder / "docs/actors/ana-ruiz.md").read_text(encoding="utf-8")
    assert "Edited page: Ana Ruiz" in page
