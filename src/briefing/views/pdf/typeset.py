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
from briefing.problems import NOWHERE, BriefingError, Problem
from briefing.project import BOOK
from briefing.records.settings import Settings
from briefing.records.templates import PACKAGED, TemplateFailure, copy_pdf_files, typst_place
from briefing.views.network import NetworkPicture, draw_network, shown_actors
from briefing.views.pdf.data import PrintedBriefing
from briefing.views.pdf.meta import STANDARDS
from briefing.views.pdf.scope import scope_of

TEMPLATE = "briefing.typ"
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
# The faces the template asks for, in order; Typst embeds Libertinus, the others are looked up.
FACES = ("Libertinus Serif", "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans")


class PdfError(BriefingError):
    """Typst refused the document: its own words are in the message."""

    failure = True
    headline = "Typst could not set the PDFs"

    def __init__(self, said: str) -> None:
        super().__init__(Problem(NOWHERE, f"Typst could not set {said}"))


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
    data: dict[str, Any], picture: NetworkPicture | None, work: Path, root: Path | None = None
) -> tuple[Path, list[str]]:
    """Compile one PDF in the new folder `work` (the only folder Typst reads), with the PDF
    template of the project at `root` if it has one; return it and Typst's warnings."""
    main, own = write_document(data, picture, work, root)
    output = work / "out.pdf"
    try:
        _, warnings = typst.compile_with_warnings(
            main,
            output=output,
            root=work,
            font_paths=font_dirs(),
            pdf_standards=STANDARDS,
            timestamp=data.get("meta", {}).get("timestamp", 0),
        )
    except typst.TypstError as error:
        place = typst_place(getattr(error, "diagnostic", "") or "", work, own)
        if place is not None:
            raise TemplateFailure(
                Problem(
                    place,
                    f"Typst: {error}",
                    "fix the project's PDF template; FORMAT.md, 'Templates of a project', "
                    "says what data.json holds",
                )
            ) from None
        raise PdfError(f"{work.name}.pdf: {error}") from None
    return output, [warning.message for warning in warnings]


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
    for name, data in documents(index, settings, brief_ids, book):
        progress(f"setting {name}.pdf with Typst")
        output, warnings = compile_pdf(data, picture, folder / "typst" / name, root)
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
