"""The built site, read as HTML: links and notes resolve, nothing comes from another host,
and nothing from a hostile source is live."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.check.quotes import visible_controls
from briefing.report import check_project
from conftest import ENGINES, NO_BUILD, REPOSITORY, VALID, overlay, run
from sites import CORPORA, parse, target_file, words


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def content_pages(site: Path) -> list[Path]:
    """The pages of the site; 404.html links from the server's root, wherever that is."""
    return [file for file in html_files(site) if file.name != "404.html"]


def test_every_internal_link_and_anchor_resolves(engine_site: tuple[str, Path]) -> None:
    sample_site = engine_site[1]
    pages = {file: parse(file) for file in content_pages(sample_site)}
    broken = []
    for file, page in pages.items():
        for _tag, _, href in page.links:
            target = target_file(sample_site, file, href)
            if target is None:
                continue
            if not target.exists():
                broken.append(f"{file.relative_to(sample_site)}: {href}")
                continue
            fragment = urlsplit(href).fragment
            if fragment and target.suffix == ".html" and not fragment.startswith(":~:"):
                ids = pages[target].ids if target in pages else parse(target).ids
                if fragment not in ids:
                    broken.append(f"{file.relative_to(sample_site)}: {href} (no such anchor)")
    assert broken == []


def test_every_note_links_to_an_excerpt_that_exists(engine_site: tuple[str, Path]) -> None:
    sample_site = engine_site[1]
    notes = 0
    for file in (sample_site / "briefs").rglob("index.html"):
        for _, _, href in parse(file).links:
            if "#excerpt-" in href:
                notes += 1
                target = target_file(sample_site, file, href)
                assert target is not None and target.exists()
                assert urlsplit(href).fragment in parse(target).ids
    assert notes >= 20


def test_nothing_is_loaded_from_another_host(engine_site: tuple[str, Path]) -> None:
    sample_site = engine_site[1]
    for file in html_files(sample_site):
        for tag, attribute, value in parse(file).links:
            if tag == "a":
                continue  # a reader may follow a link to the original article
            assert not urlsplit(value).netloc, f"{file}: <{tag} {attribute}={value}>"
    for css in sample_site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text()), css
        assert "@import url(http" not in css.read_text()


def test_search_index_finds_kawtharani_and_hezbollah_in_brackets(sample_site: Path) -> None:
    index = json.loads((sample_site / "search/search_index.json").read_text())
    assert any("Kawtharani" in doc["text"] or "Kawtharani" in doc["title"] for doc in index["docs"])
    separator = index["config"]["separator"]
    assert "Hezbollah" in re.split(separator, "(Hezbollah)")


def test_site_has_every_page_type(sample_site: Path) -> None:
    for page in (
        "index.html",
        "actors/index.html",
        "events/index.html",
        "sources/index.html",
        "contested/index.html",
        "dependencies/index.html",
        "network/index.html",
        "briefs/hezbollah-iraqi-militias/index.html",
        "actors/mohammad-kawtharani/index.html",
    ):
        assert (sample_site / page).is_file(), page
    network = (sample_site / "network/index.html").read_text()
    assert network.count("<svg") >= 1 and "../actors/mohammad-kawtharani/" in network


def test_sources_show_excerpts_but_not_the_full_text_by_default(sample_site: Path) -> None:
    page = sample_site / "sources/debkaweekly-nasrallah-trouble-shooter-iraq/index.html"
    text = page.read_text()
    assert 'class="excerpt"' in text
    assert "Print Friendly, PDF &amp; Email" not in text  # the capture's last line


def test_hostile_text_is_never_live(hostile_site: Path) -> None:
    for file in html_files(hostile_site):
        html = file.read_text()
        page = parse(file)
        assert not any("alert" in s or "pwned" in s for s in page.scripts), file
        assert page.handlers == [], file
        for _, _, value in page.links:
            # As the browser reads it: leading controls and spaces are dropped before the scheme.
            scheme = urlsplit(value.lstrip("".join(map(chr, range(33))))).scheme
            assert scheme in ("", "http", "https", "mailto"), value
            assert urlsplit(value).netloc != "evil.example", value
            assert "pwned" not in value.split("#")[0], value  # a heading's anchor may say it
        assert "\u202e" not in html, file
    brief = (hostile_site / "briefs/evil-brief/index.html").read_text()
    for link in (
        '<a href="https://example.org/page">site</a>',
        '<a href="mailto:analyst@example.org">mail</a>',
        '<a href="../../actors/evil-actor/">in site</a>',
    ):
        assert link in brief  # what is allowed stays a link
    assert 'id="own-id"' not in brief and 'class="own-class"' not in brief  # no attr_list
    source = (hostile_site / "sources/evil-2020-01-10/index.html").read_text()
    assert "&#60;script&#62;alert" in source or "&lt;script&gt;alert" in source
    assert "{{ 7*7 }}" in source.replace("&#123;", "{").replace("&#125;", "}").replace("&#42;", "*")
    assert "<strong>not bold</strong>" not in source


def test_a_failed_build_leaves_the_last_good_site(tmp_path: Path) -> None:
    project = overlay(CORPORA / "broken" / "quote_not_in_source", tmp_path / "broken")
    valid = Path(shutil.copytree(VALID, tmp_path / "valid"))
    assert run("build", str(valid)).exit_code == 0
    index = valid / "build/site/index.html"
    before = index.read_text()
    for part in ("actors", "sources"):
        shutil.rmtree(valid / part)
        shutil.copytree(project / part, valid / part)
    result = run("build", str(valid))
    assert result.exit_code == 1
    assert "quote not found" in result.output
    assert index.read_text() == before
    assert not list((valid / "build").glob(".staging-*"))


def test_a_zensical_build_says_what_of_mkdocs_yml_it_ignores(tmp_path: Path) -> None:
    from briefing.views.site.engine import engine_notes

    (tmp_path / "mkdocs.yml").write_text(
        "plugins:\n  - search:\n      separator: x\n  - tags\nhooks:\n  - hooks.py\n"
    )
    notes = engine_notes(tmp_path, "zensical")
    assert any("own search index" in note for note in notes)
    assert any("no MkDocs plugin: tags ignored" in note for note in notes)
    assert any("no hooks: 'hooks' in mkdocs.yml ignored" in note for note in notes)
    assert engine_notes(tmp_path, "mkdocs") == []


# Any text shows as written ------------------------------------------------------------------

# What a statement or a brief may say: raw HTML, the syntax of Markdown and of its extensions,
# entities, and what would open a heading, a quote or a list at the start of a line.
PIECES = [
    *("<b>", "</p>", "<script>x</script>", "<!--", "-->", "<http://x.org>", "<div markdown>"),
    *("*", "**", "_", "[", "]", "(x)", "|", "\\", "`", "```", "~~", "==", "^", "{: .c }", "[^1]"),
    *("&amp;", "&#60;", "&lt;", "&", "# ", "> ", "1. ", "- ", "+ ", "=", "'", '"', "$x$", "++"),
    *(":smile:", "10:30", "--", "...", ".", "-", "(c)", "1/2", "c/o", "www.x.org", "??? ", "///"),
    *("a", "b", " ", "    ", "\n", "\t", "é", "حزب", "\u202e", "[@wire", "[[ana-ruiz]]", "@x"),
]
# Markdown's and its extensions' syntax, in force on the page
EXTENSIONS = """markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - smarty
  - tables
  - toc:
      permalink: true
  - pymdownx.arithmatex
  - pymdownx.betterem
  - pymdownx.caret
  - pymdownx.critic
  - pymdownx.details
  - pymdownx.emoji
  - pymdownx.keys
  - pymdownx.magiclink
  - pymdownx.mark
  - pymdownx.smartsymbols
  - pymdownx.tasklist
  - pymdownx.tilde
"""
CITE = """
    cite:
      - source: wire-2020-01-10-harbour
        quote: rebuild the north pier before the summer season"""


def _marked(number: int, text: str, kind: str) -> str:
    return f"{kind}{number}Z {text} Z{number}{kind}"


def _as_markdown(text: str) -> str:
    """Text as the analyst writes it to be read as text: each ASCII punctuation character
    escaped, no blank line (a new paragraph)."""
    escaped = re.sub(r"([!-/:-@[-`{-~])", r"\\\1", text)
    return re.sub(r"\n\s*", "\n", escaped)


def _unquoted(text: str) -> str:
    """A paragraph's text without '"': the check looks for a quoted phrase in the sources."""
    return text.replace('"', "'")


def _hostile_project(root: Path, texts: list[str]) -> None:
    """The minimal corpus, with each text in a paragraph, a heading and a key judgment of
    the brief and in a claim of an actor (the first in its summary too), each marked with
    its number and where it stands."""
    shutil.copytree(VALID, root, ignore=NO_BUILD)
    (root / "mkdocs.yml").write_text("site_name: Texts\ntheme:\n  name: material\n" + EXTENSIONS)
    brief = root / "briefs/harbour-repairs.md"
    front, body = brief.read_text().split("\n---\n", 1)
    judgments = "".join(
        f"  - id: kj-{n}\n    text: {json.dumps(_marked(n, text, 'K'))}\n    judgment: low\n"
        for n, text in enumerate(texts)
    )
    paragraphs = "".join(
        f"\n## {_as_markdown(_marked(n, ' '.join(text.split()), 'H'))}\n\n"
        f"[judgment: low] {_as_markdown(_marked(n, _unquoted(text), 'P'))}\n"
        for n, text in enumerate(texts)
    )
    brief.write_text(f"{front}\n{judgments}---\n{body}{paragraphs}")
    claims = "".join(
        f"  - id: said-{n}\n    text: {json.dumps(_marked(n, text, 'S'))}{CITE}\n"
        for n, text in enumerate(texts)
    )
    actor = root / "actors/ana-ruiz.yml"
    summary = f"  text: {json.dumps(texts[0] + ' Z0A')}"  # a paragraph of its own
    actor.write_text(actor.read_text().replace("  text: The mayor of Portville.", summary) + claims)


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(st.sampled_from(PIECES), min_size=2, max_size=12).map("".join), min_size=30)
)
def test_any_text_shows_as_written_on_both_engines(texts: list[str]) -> None:
    """Whatever a statement or a brief's paragraph or heading says shows on the built page as
    the same words, nothing of it read as markup, on both engines."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        _hostile_project(root, texts)
        for engine in ENGINES:
            result = run("build", "--no-pdf", "--engine", engine, str(root))
            assert result.exit_code == 0, result.output
            site = root / "build/site"
            brief = words(site / "briefs/harbour-repairs/index.html")
            actor = words(site / "actors/ana-ruiz/index.html")
            assert " ".join(f"{visible_controls(texts[0])} Z0A".split()) in actor, engine
            for number, text in enumerate(texts):
                for kind, page in (("P", brief), ("H", brief), ("K", brief), ("S", actor)):
                    written = _unquoted(text) if kind == "P" else text
                    shown = " ".join(_marked(number, visible_controls(written), kind).split())
                    assert shown in page, (engine, shown)


def test_withdrawn_key_judgments_stand_below_the_live_ones(engine_site: tuple[str, Path]) -> None:
    """One design for a key judgment on both engines: each live one in the numbered list
    with one box of its assessment; a withdrawn one below them, with why, not in the list."""
    index = check_project(REPOSITORY).index
    brief = index.briefing.briefs["hezbollah-iraqi-militias"]
    page = (engine_site[1] / "briefs" / brief.record_id / "index.html").read_text("utf-8")
    live = [claim for claim in brief.key_judgments if not claim.deprecated]
    withdrawn = [claim for claim in brief.key_judgments if claim.deprecated]
    assert live and withdrawn
    listed = page[page.index('<ol class="key-judgments">') :]
    listed = listed[: listed.index("</ol>")]
    assert re.findall(r'<li id="([^"]+)">', listed) == [claim.claim_id for claim in live]
    assert listed.count('<div class="kj-assessment">') == len(live)
    below = page[page.index('id="withdrawn-judgments"') :]
    below = below[: below.index("</ul>")]
    assert re.findall(r'<li id="([^"]+)">', below) == [claim.claim_id for claim in withdrawn]
    assert below.count('class="kj-withdrawal">Deprecated ') == len(withdrawn)
