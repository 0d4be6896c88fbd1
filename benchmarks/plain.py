"""A plain Typst document with the same text and notes as one of our PDFs, as a baseline.

    python benchmarks/plain.py DOCUMENT       writes DOCUMENT/plain.typ beside data.json

From the data file that `briefing pdf` gives its template (see `stage.py typst-input`), this
writes the same words in Typst markup with no template logic: headings, paragraphs, lists, a
footnote for every citation (its sources, grade and quoted words), a running header with the title
and the page counter, and an outline. What our template costs beyond this document is ours.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PREAMBLE = """\
#set page(paper: "{paper}", margin: (top: 25mm, bottom: 22mm, x: 22mm),
  header: [#set text(size: 8pt); #{title} #h(1fr) #context counter(page).display()])
#set text(font: {fonts}, size: 10.5pt, lang: "en")
#set par(justify: true)
#show footnote.entry: set text(size: 8pt)
#outline(depth: 2)
"""


def text(value: str) -> str:
    """A Typst string literal: whatever the words, they are set as text."""
    return json.dumps(value, ensure_ascii=False)


def inline(nodes: list[Any]) -> Iterator[str]:
    for node in nodes:
        if isinstance(node, str):
            yield f"#{text(node)}"
        elif node["t"] == "cite":
            if node["label"] is not None:
                words = "; ".join(excerpt(note) for note in node["notes"])
                yield f"#footnote({text(words)})<{node['label']}>"
            yield from (f"#footnote(<{label}>)" for label in node["again"])
        elif node["t"] in ("code",):
            yield f"#{text(node['text'])}"
        elif "c" in node:
            yield from inline(node["c"])


def excerpt(note: dict[str, Any]) -> str:
    if note["t"] != "note":
        return "This citation could not be verified"
    return f"{note['head']}: \u201c{note['quote']}\u201d{note['page']} \u2197"


def line(nodes: list[Any]) -> str:
    return "".join(inline(nodes))


def blocks(nodes: list[Any]) -> Iterator[str]:
    for node in nodes:
        if node["t"] == "p":
            yield line(node["c"]) + "\n"
        elif node["t"] == "h":
            yield f"#heading(level: {node['level']})[{line(node['c'])}]\n"
        elif node["t"] == "list":
            for item in node["items"]:
                yield "- " + " ".join(b.strip() for b in blocks(item)) + "\n"
        elif node["t"] == "quote":
            yield from blocks(node["c"])
        elif node["t"] == "pre":
            yield f"#{text(node['text'])}\n"
        elif node["t"] == "table":
            for row in node["rows"]:
                yield " ".join(line(cell) for cell in row) + "\n"


def heading(level: int, words: str) -> str:
    return f"#heading(level: {level}, {text(words)})\n"


def items(label: str, lines: list[str]) -> Iterator[str]:
    if lines:
        yield f"{text(label)}\n"
        yield from (f"- {entry}\n" for entry in lines)


def document(data: dict[str, Any]) -> str:
    meta = data["meta"]
    fonts = "(" + "".join(f"{text(face)}, " for face in data["fonts"]) + ")"
    parts = [PREAMBLE.format(paper=data["paper"], title=text(meta["title"]), fonts=fonts)]
    parts.append(f"#{text(meta['title'])}\n")
    if data["key_judgments"]:
        parts.append(heading(1, "Key judgments"))
        for group in data["key_judgments"]:
            parts += [f"+ {line(entry)}\n" for entry in group["items"]]
    for brief in data["briefs"]:
        parts.append(heading(1, brief["title"]))
        parts += list(blocks(brief["body"]))
    if data["actors"]:
        parts.append(heading(1, "Actors"))
    for actor in data["actors"]:
        parts += [heading(2, actor["name"]), f"#{text(', '.join(actor['aliases']))}\n"]
        parts.append(line(actor["summary"]) + "\n")
        ties = [line([a["with"], a["role"] or "", *a["c"]]) for a in actor["affiliations"]]
        parts += items("Affiliations", ties)
        parts += items("Claims", [line(claim) for claim in actor["claims"]])
        parts += items("Events", [line([e["date"], e["event"]]) for e in actor["events"]])
    if data["events"]:
        parts.append(heading(1, "Chronology"))
    for event in data["events"]:
        parts += [heading(2, event["title"]), f"#{text(event['date'])}\n"]
        parts.append(line(event["summary"]) + "\n")
        who = [line([p["actor"], p["role"] or ""]) for p in event["participants"]]
        parts += items("Participants", who)
        parts += items("Claims", [line(claim) for claim in event["claims"]])
    if data["conflicts"]:
        parts.append(heading(1, "Contested claims"))
    for conflict in data["conflicts"]:
        parts.append(heading(2, conflict["question"]))
        parts += [line(side) + "\n" for side in conflict["sides"]]
    if data["sources"]:
        parts.append(heading(1, "Sources"))
    for source in data["sources"]:
        parts.append(heading(2, source["title"]))
        said = [source["publisher"], source["byline"] or "", source["date"], source["meaning"]]
        parts.append(f"#{text(' · '.join(said))}\n")
        parts.append(f"#{text(source['url'] or '')}\n")
    return "\n".join(parts)


def main() -> None:
    folder = Path(sys.argv[1])
    data = json.loads((folder / "data.json").read_text(encoding="utf-8"))
    (folder / "plain.typ").write_text(document(data), encoding="utf-8")


if __name__ == "__main__":
    main()
