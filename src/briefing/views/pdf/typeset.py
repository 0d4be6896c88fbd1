"""The printed briefing: resolved records -> a data file -> the Typst template -> PDF.

The same records and the same analysis as the site give one data file (JSON) per PDF, made
in views/pdf/data.py; the template `templates/pdf/briefing.typ` sets it. Text from records and
sources reaches Typst only as JSON strings, shown as text, so nothing in an article or a name
can become markup. The PDFs are set in the folder they are asked for: the build's staging
folder, whose outputs replace the old ones only when every one of them is whole (build.py).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import typst

from briefing.check.resolve import Index
from briefing.problems import NOWHERE, BriefingError, Origin, Problem
from briefing.project import BOOK, SETTINGS_FILE
from briefing.records.settings import Settings
from briefing.records.templates import (
    FOLDER,
    PACKAGED,
    PDF_FOLDER,
    TemplateFailure,
    copy_pdf_files,
    typst_place,
)
from briefing.views.network import NetworkPicture, draw_network, shown_actors
from briefing.views.pdf.data import PrintedBriefing
from briefing.views.pdf.meta import STANDARDS
from briefing.views.pdf.scope import scope_of
from briefing.views.worker import Worker

TEMPLATE = "briefing.typ"
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
# The faces the template asks for, in order; Typst embeds Libertinus, the others are looked up.
FACES = ("Libertinus Serif", "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans")


class PdfError(BriefingError):
    """Typst refused the document: its own words are in the message."""

    failure = True
    headline = "Typst could not set the PDFs"

    def __init__(self, said: str, hint: str = "", details: tuple[str, ...] = ()) -> None:
        super().__init__(Problem(NOWHERE, f"Typst could not set {said}", hint, details=details))


WORKER = "briefing.views.pdf.typst_worker"


class TypstProcess(Worker):
    """Typst in a process of its own (typst_worker.py), which compiles each PDF it is asked
    for until it is closed, and is killed when one takes longer than its time limit: a
    template is a program, and Typst's compile has no limit of its own."""

    def __init__(self) -> None:
        super().__init__(WORKER)

    def compile(self, asked: dict[str, Any], seconds: float) -> dict[str, Any] | None:
        """Typst's answer to one compile (see typst_worker.py), or None if it took longer
        than `seconds`: the process is then killed. PdfError if it ended without one."""
        reply = self.ask(json.dumps(asked), seconds)
        if reply is None:
            return None
        if not reply:
            name = Path(asked["output"]).parent.name
            said = tuple(self.last_words()[-20:])
            raise PdfError(f"{name}.pdf: its process ended", details=said)
        answer: dict[str, Any] = json.loads(reply)
        return answer


def font_dirs() -> list[Path]:
    return [folder for folder in FONT_DIRS if folder.is_dir()]


def available_faces() -> list[str]:
    """The faces of FACES that this machine has: Typst warns about a face it cannot find."""
    families = {name.lower() for name in typst.Fonts(font_paths=font_dirs()).families()}
    return [face for face in FACES if face.lower() in families]


def network_picture(index: Index) -> NetworkPicture:
    """The same picture as the site's network page: the most affiliated actors, affiliations
    as edges. Its links point at the actors' entries, though PDF viewers do not follow links
    in images."""
    actors = shown_actors(index.briefing.actors)
    return draw_network(actors, lambda actor_id: f"#actor-{actor_id}")


def network_alt(picture: NetworkPicture, listed: bool) -> str:
    """What the figure shows, for a reader who cannot see it: the picture's own label (the
    actors and affiliations it draws), and where they are in words when the PDF lists them."""
    listing = " Appendix A lists every actor's affiliations in words." if listed else ""
    return f"{picture.alt}.{listing}"


def write_document(
    data: dict[str, Any], picture: NetworkPicture | None, work: Path, root: Path | None = None
) -> tuple[Path, set[str]]:
    """Write what Typst compiles into the new folder `work`: the packaged template (also as
    briefing/briefing.typ), or the project's own with the files of its templates/pdf/.
    Return the main file and the names of the project's files there."""
    work.mkdir(parents=True)
    template = (resources.files("briefing") / "templates" / "pdf" / TEMPLATE).read_bytes()
    (work / PACKAGED).mkdir()
    (work / PACKAGED / TEMPLATE).write_bytes(template)
    own: set[str] = set()
    if copy_pdf_files(root, work):
        own = {p.relative_to(work).as_posix() for p in work.rglob("*") if p.is_file()}
        own.discard(f"{PACKAGED}/{TEMPLATE}")
    else:
        (work / TEMPLATE).write_bytes(template)
    data = {**data, "network": "/network.svg" if picture else None, "network_landscape": False}
    if picture:
        (work / "network.svg").write_text(picture.svg, encoding="utf-8")
        data["network_landscape"] = picture.wide
        data["network_alt"] = network_alt(picture, bool(data.get("actors")))
    (work / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return work / TEMPLATE, own


def compile_pdf(
    data: dict[str, Any],
    picture: NetworkPicture | None,
    work: Path,
    typst_process: TypstProcess,
    root: Path | None = None,
    seconds: float = 300,
) -> tuple[Path, list[str]]:
    """Compile one PDF in the new folder `work` (the only folder Typst reads), with the PDF
    template of the project at `root` if it has one, in `seconds` at most; return it and
    Typst's warnings."""
    main, own = write_document(data, picture, work, root)
    output = work / "out.pdf"
    asked = {
        "input": str(main),
        "output": str(output),
        "root": str(work),
        "font_paths": [str(folder) for folder in font_dirs()],
        "pdf_standards": list(STANDARDS),
        "timestamp": data.get("meta", {}).get("timestamp", 0),
    }
    answer = typst_process.compile(asked, seconds)
    if answer is None:
        raise _took_too_long(work.name, seconds, bool(own))
    if not answer["ok"]:
        place = typst_place(answer["diagnostic"] or "", work, own)
        if place is not None:
            raise TemplateFailure(
                Problem(
                    place,
                    f"Typst: {answer['error']}",
                    "fix the project's PDF template; FORMAT.md, 'Templates of a project', "
                    "says what data.json holds",
                )
            )
        raise PdfError(f"{work.name}.pdf: {answer['error']}")
    return output, answer["warnings"]


def _took_too_long(name: str, seconds: float, own_template: bool) -> BriefingError:
    """What stops the build when Typst did not finish `name`.pdf in time: said at the
    project's template if it has one (a loop there is the likeliest cause)."""
    hint = (
        f"pdf_timeout: in {SETTINGS_FILE} sets the limit (seconds); a template that loops "
        "never finishes"
    )
    said = f"Typst did not finish {name}.pdf in {seconds:g} seconds"
    if own_template:
        return TemplateFailure(Problem(Origin(f"{FOLDER}/{PDF_FOLDER}/{TEMPLATE}"), said, hint))
    return PdfError(f"{name}.pdf in {seconds:g} seconds", hint)


def documents(
    index: Index, settings: Settings, brief_ids: list[str] | None, book: bool
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(name, data for the template) of each PDF: one per brief (every brief by default),
    and the book of every brief when `book`."""
    briefs = index.briefing.briefs
    chosen = [briefs[i] for i in (brief_ids if brief_ids is not None else list(briefs))]
    jobs = [(brief.record_id, [brief], False) for brief in chosen]
    if book:
        jobs.append((BOOK, list(briefs.values()), True))
    faces = available_faces()
    for name, those, everything in jobs:
        scope = scope_of(index, those, everything)
        data = PrintedBriefing(index, settings, scope).document(book=everything)
        yield name, {**data, "fonts": faces}


def set_pdfs(
    index: Index,
    settings: Settings,
    folder: Path,
    brief_ids: list[str] | None = None,
    book: bool = False,
    progress: Callable[[str], None] = lambda message: None,
    root: Path | None = None,
) -> list[Path]:
    """Set folder/<brief-id>.pdf for each brief (all by default), and folder/briefing.pdf
    with every brief when `book`, with the PDF template of the project at `root` if it has
    one; return them. PdfError (or TemplateFailure) at the first that Typst refuses."""
    picture = network_picture(index) if index.briefing.actors else None
    written = []
    with TypstProcess() as typst_process:
        for name, data in documents(index, settings, brief_ids, book):
            progress(f"setting {name}.pdf with Typst")
            work = folder / "typst" / name
            output, warnings = compile_pdf(
                data, picture, work, typst_process, root, settings.pdf_timeout
            )
            for warning in warnings:
                progress(f"typst: warning: {warning}")
            os.replace(output, folder / f"{name}.pdf")
            written.append(folder / f"{name}.pdf")
    return written


def publish_pdfs(files: list[Path], site: Path) -> list[Path]:
    """Copy the PDFs into the built site, under pdf/, so that its pages can link them."""
    folder = site / "pdf"
    folder.mkdir(exist_ok=True)
    published = []
    for file in files:
        temporary = folder / f".{file.name}.tmp"
        shutil.copyfile(file, temporary)
        os.replace(temporary, folder / file.name)
        published.append(folder / file.name)
    return published
