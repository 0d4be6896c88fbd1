"""The sample site in a real headless Chromium: search works, a note leads to its excerpt,
and the page is not blank."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from browser import WINDOW_SIZE, document_ready, screenshot_is_not_blank, serve, wait_for

pytest_plugins = ["browser"]


SEARCH_RESULTS = (
    "return [...document.querySelectorAll('.md-search-result__item')].map(e => e.textContent)"
)


def test_search_finds_kawtharani(chromium, engine_site: tuple[str, Path]) -> None:  # type: ignore[no-untyped-def]
    if engine_site[0] == "zensical":
        _zensical_search_finds_kawtharani(chromium, engine_site[1])
        return
    with serve(engine_site[1]) as base_url:
        chromium.get(base_url)
        wait_for(chromium, document_ready)
        chromium.find_element(By.CSS_SELECTOR, "label.md-search__icon, .md-search__input").click()
        box = wait_for(
            chromium, lambda d: d.find_element(By.CSS_SELECTOR, "input.md-search__input")
        )
        box.send_keys("Kawtharani")

        # The results are read in one script: Material redraws the list as the query grows,
        # and an element read between two drawings is stale (seen on a loaded machine).
        def named(driver: Any) -> list[str]:
            texts: list[str] = driver.execute_script(SEARCH_RESULTS)
            return texts if len(texts) >= 3 and any("Kawtharani" in t for t in texts) else []

        assert wait_for(chromium, named)
        box.send_keys(Keys.ESCAPE)


# Zensical draws its search dialog in an open shadow root of an element of its own, with
# its own index: the text of every shadow root on the page.
SEARCH_TEXT = """
return [...document.querySelectorAll('*')]
  .filter(element => element.shadowRoot)
  .map(element => element.shadowRoot.textContent)
  .join(' ');
"""


def _zensical_search_finds_kawtharani(chromium, site: Path) -> None:  # type: ignore[no-untyped-def]
    with serve(site) as base_url:
        chromium.get(base_url)
        wait_for(chromium, document_ready)
        chromium.find_element(By.CSS_SELECTOR, "button.md-search__button").click()
        box = wait_for(chromium, lambda d: d.switch_to.active_element)
        box.send_keys("Kawtharani")
        # "No results" shows while the index is still loading: wait for a count.
        text = wait_for(
            chromium,
            lambda d: (t := d.execute_script(SEARCH_TEXT)) and re.search(r"\d+ results", t) and t,
        )
        count = int(re.search(r"(\d+) results", text).group(1))  # type: ignore[union-attr]
        assert count >= 3, text[:300]
        assert "Mohammad al-Kawtharani" in text
        # A title with an apostrophe, in a result's breadcrumb: as written, not an entity.
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys("Imam Ali")
        text = wait_for(
            chromium, lambda d: (t := d.execute_script(SEARCH_TEXT)) and "Kata" in t and t
        )
        assert "Kata'ib al-Imam Ali" in text
        assert "&#x27;" not in text and "&amp;" not in text
        box.send_keys(Keys.ESCAPE)


def test_a_note_leads_from_the_brief_to_its_excerpt(
    chromium, engine_site: tuple[str, Path]
) -> None:  # type: ignore[no-untyped-def]
    with serve(engine_site[1]) as base_url:
        chromium.get(base_url + "briefs/hezbollah-iraqi-militias/")
        wait_for(chromium, document_ready)
        assert screenshot_is_not_blank(chromium.get_screenshot_as_png())
        note_ref = chromium.find_element(By.CSS_SELECTOR, "a.footnote-ref")
        note_id = note_ref.get_attribute("href").split("#")[1]
        chromium.execute_script("arguments[0].click()", note_ref)
        note = chromium.find_element(By.ID, note_id)
        quoted = note.text.split("“", 1)[1].split("”", 1)[0]
        excerpt_link = note.find_element(By.LINK_TEXT, "excerpt")
        chromium.execute_script("arguments[0].click()", excerpt_link)
        wait_for(chromium, lambda d: "/sources/" in d.current_url and document_ready(d))
        anchor = chromium.current_url.split("#")[1]
        excerpt = chromium.find_element(By.ID, anchor)
        assert quoted.split()[0] in excerpt.text
        assert excerpt.is_displayed()
        top = chromium.execute_script("return arguments[0].getBoundingClientRect().top", excerpt)
        assert 0 <= top < chromium.execute_script("return window.innerHeight")
        assert screenshot_is_not_blank(chromium.get_screenshot_as_png())


LOADED = "return performance.getEntriesByType('resource').map(entry => entry.name)"
PAGES = ["", "briefs/hezbollah-iraqi-militias/", "network/", "data/", "sources/"]


def test_pages_load_nothing_from_another_host(chromium, engine_site: tuple[str, Path]) -> None:  # type: ignore[no-untyped-def]
    """Offline and self-contained: every script, style, font and image a page loads in the
    browser comes from the site itself."""
    with serve(engine_site[1]) as base_url:
        for page in PAGES:
            chromium.get(base_url + page)
            wait_for(chromium, document_ready)
            loaded = chromium.execute_script(LOADED)
            assert loaded, page
            assert [url for url in loaded if not url.startswith(base_url)] == [], page


def test_the_data_page_links_files_that_download(chromium, engine_site: tuple[str, Path]) -> None:  # type: ignore[no-untyped-def]
    from briefing.views.exports import FORMATS

    with serve(engine_site[1]) as base_url:
        chromium.get(base_url + "data/")
        wait_for(chromium, document_ready)
        links = chromium.find_elements(By.CSS_SELECTOR, "article a[download]")
        names = [link.text for link in links]
        assert names == [name for one in FORMATS.values() for name in one.files]
        for link in links:
            size = chromium.execute_script(
                "const r = new XMLHttpRequest(); r.open('GET', arguments[0], false); r.send();"
                "return [r.status, r.responseText.length];",
                link.get_attribute("href"),
            )
            assert size[0] == 200 and size[1] > 0, link.get_attribute("href")


# Every link of a page's content (raw HTML ones too: the network's SVG, a brief's PDF link,
# the downloads) that stays on the site, as the browser resolves it.
CONTENT_LINKS = """
return [...document.querySelectorAll('article a')]
  .map(a => a.href.baseVal !== undefined ? a.href.baseVal || a.getAttribute('xlink:href') : a.href)
  .map(href => new URL(href, location.href))
  .filter(url => url.origin === location.origin)
  .map(url => url.origin + url.pathname);
"""
STATUS = """
const r = new XMLHttpRequest(); r.open('HEAD', arguments[0], false); r.send(); return r.status;
"""
RAW_HTML_PAGES = [
    "network/",
    "briefs/hezbollah-iraqi-militias/",
    "briefs/source-assessment/",
    "data/",
    "",
]


def test_every_link_of_the_pages_with_raw_html_is_found(
    chromium, engine_site: tuple[str, Path]
) -> None:  # type: ignore[no-untyped-def]
    """Both engines: links written in raw HTML are not rewritten by MkDocs and are by
    Zensical; on folder pages they lead to the same place. The site is served under a
    folder, as on a project's web space: at the server's root, a link that climbs one
    folder too many would still be found."""
    engine, site = engine_site
    with serve(site.parent) as server_url:
        base_url = f"{server_url}{site.name}/"
        for page in RAW_HTML_PAGES:
            chromium.get(base_url + page)
            wait_for(chromium, document_ready)
            links = sorted(set(chromium.execute_script(CONTENT_LINKS)))
            assert len(links) >= 3, (engine, page)
            outside = [url for url in links if not url.startswith(base_url)]
            assert outside == [], (engine, page)
            missing = [url for url in links if chromium.execute_script(STATUS, url) != 200]
            assert missing == [], (engine, page)
        chromium.get(base_url + "network/")
        wait_for(chromium, document_ready)
        box = chromium.find_element(By.CSS_SELECTOR, ".network svg a")
        chromium.execute_script(
            "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", box
        )
        wait_for(chromium, lambda d: "/actors/" in d.current_url and document_ready(d))
        assert chromium.find_element(By.TAG_NAME, "h1").text, engine


# How far the page, and the widest table of its content, reach past the window's width.
OVERFLOW = """
const tables = [...document.querySelectorAll('article table, article .md-typeset__scrollwrap')];
return [Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth),
        Math.max(0, ...tables.map(t => t.scrollWidth - t.clientWidth))];
"""


def test_the_data_page_fits_a_phone(chromium, engine_site: tuple[str, Path]) -> None:  # type: ignore[no-untyped-def]
    with serve(engine_site[1]) as base_url:
        try:
            chromium.set_window_size(390, 844)
            chromium.get(base_url + "data/")
            wait_for(chromium, document_ready)
            assert chromium.execute_script(OVERFLOW) == [0, 0]
            link = chromium.find_element(By.CSS_SELECTOR, "article a[download]")
            assert link.is_displayed() and link.rect["x"] + link.rect["width"] <= 390
        finally:
            chromium.set_window_size(*WINDOW_SIZE)


# Run in every page of the hostile site: what a payload would have left if it ran or were live.
LIVE_MARKUP = """
const found = [];
if (window.__pwned !== undefined) found.push("window.__pwned = " + window.__pwned);
for (const element of document.querySelectorAll("*")) {
  for (const attribute of element.attributes) {
    const name = attribute.name.toLowerCase();
    if (name.startsWith("on")) found.push(element.tagName + " " + name);
    if (["href", "src", "xlink:href", "action", "formaction"].includes(name)) {
      const protocol = new URL(attribute.value, location.href).protocol;
      if (!["http:", "https:", "mailto:"].includes(protocol))
        found.push(element.tagName + " " + name + "=" + attribute.value);
    }
  }
}
return found;
"""


def _nothing_live(chromium) -> list[str]:  # type: ignore[no-untyped-def]
    from selenium.common.exceptions import NoAlertPresentException

    try:
        text = chromium.switch_to.alert.text
        chromium.switch_to.alert.dismiss()
        return [f"alert: {text}"]
    except NoAlertPresentException:
        return list(chromium.execute_script(LIVE_MARKUP))


def test_hostile_records_are_never_live_in_the_browser(chromium, hostile_site: Path) -> None:  # type: ignore[no-untyped-def]
    pages = sorted(
        file.parent.relative_to(hostile_site).as_posix() + "/"
        for file in hostile_site.rglob("index.html")
    )
    live: list[str] = []
    with serve(hostile_site) as base_url:
        try:
            for scheme in ("light", "dark"):
                chromium.execute_cdp_cmd(
                    "Emulation.setEmulatedMedia",
                    {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
                )
                chromium.get(base_url)
                chromium.execute_script("localStorage.clear()")  # Material keeps the last scheme
                for page in pages:
                    chromium.get(base_url + page.removeprefix("./"))
                    wait_for(chromium, document_ready)
                    shown = chromium.execute_script(
                        "return document.body.getAttribute('data-md-color-scheme')"
                    )
                    assert shown == ("slate" if scheme == "dark" else "default"), page
                    live += [f"{scheme} {page}: {what}" for what in _nothing_live(chromium)]
            assert live == []
            brief = base_url + "briefs/evil-brief/"
            chromium.get(brief)
            wait_for(chromium, document_ready)
            assert "[U+202E]reversed" in chromium.title and "\u202e" not in chromium.title
            # textContent: the header shows the page's title only once the reader scrolls.
            header, nav = (
                chromium.find_element(By.CSS_SELECTOR, css).get_attribute("textContent")
                for css in (".md-header__title", ".md-nav--primary")
            )
            for shown in (header, nav):
                assert "[U+202E]reversed" in shown and "\u202e" not in shown
            chromium.get(base_url)
            wait_for(chromium, document_ready)
            chromium.find_element(
                By.CSS_SELECTOR, "label.md-search__icon, .md-search__input"
            ).click()
            box = wait_for(
                chromium, lambda d: d.find_element(By.CSS_SELECTOR, "input.md-search__input")
            )
            for term in ("onerror", "script", "window"):
                box.clear()
                box.send_keys(term)
                results = wait_for(
                    chromium, lambda d: d.find_elements(By.CSS_SELECTOR, ".md-search-result__item")
                )
                assert results
                live += [f"search {term}: {what}" for what in _nothing_live(chromium)]
        finally:
            chromium.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert live == []


ENTRIES = """
return [...document.querySelectorAll('article h2')].map(heading => {
  const next = heading.nextElementSibling;
  const last = next && next.lastElementChild;
  const inner = last && last.firstElementChild;
  return [
    heading.textContent.replace('¶', '').trim(),
    last ? last.tagName + ' ' + (inner ? inner.className : '') : '',
  ];
});
"""


def test_the_timeline_reads_in_order(chromium, sample_site: Path) -> None:  # type: ignore[no-untyped-def]
    with serve(sample_site) as base_url:
        chromium.get(base_url + "events/")
        wait_for(chromium, document_ready)
        entries = chromium.execute_script(ENTRIES)
        headings = [heading for heading, _ in entries]
        named = headings.index(
            "between January and 11 February 2020: Mohammed Tawfiq Allawi named prime"
            " minister-designate"
        )
        # the sample dates the withdrawal only by a window: after 11 February, within 2020
        withdraws = next(
            i for i, h in enumerate(headings) if "Allawi withdraws as prime minister designate" in h
        )
        assert named < withdraws
        strike = next(i for i, h in enumerate(headings) if h.startswith("3 January 2020: US"))
        meetings = headings.index(
            "between 3 January and 31 January 2020: Hezbollah's meetings with Iraqi militia"
            " leaders begin after Soleimani's death, according to Reuters' sources"
        )
        assert strike < meetings < named
        years = [int(re.search(r"\d{4}", heading).group()) for heading in headings]  # type: ignore[union-attr]
        assert years == sorted(years)
        # each entry ends with its notes, not with a link to itself
        assert {last for _, last in entries} == {"SUP footnote-ref"}, entries


LABEL_SIZES = """
return [...document.querySelectorAll('article figure.network svg text')].map(text => [
  text.textContent,
  text.getBoundingClientRect().height,
  parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a,
]);
"""
FIGURE = """
const frame = document.querySelector('article figure.network .network-picture');
const svg = frame.querySelector('svg');
return [frame.scrollWidth, frame.clientWidth, svg.getAttribute('role'),
        svg.querySelectorAll('a').length];
"""
COLOURS = """
const text = document.querySelector('article figure.network .network-key');
let element = document.querySelector('article'), background = 'rgba(0, 0, 0, 0)';
while (element && background === 'rgba(0, 0, 0, 0)') {
  background = getComputedStyle(element).backgroundColor;
  element = element.parentElement;
}
return [getComputedStyle(text).color, background];
"""

# The hint's height (none while the picture fits), and how far right the key reaches.
HINT = """
const figure = document.querySelector('article figure.network');
return [figure.querySelector('.network-hint').getBoundingClientRect().height,
        Math.max(...[...figure.querySelectorAll('.network-kind')]
                 .map(kind => kind.getBoundingClientRect().right))];
"""


def _luminance(colour: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"[\d.]+", colour)[:3])
    alpha = float(re.findall(r"[\d.]+", colour)[3]) if colour.startswith("rgba") else 1.0
    assert alpha > 0.5, colour

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def test_network_labels_are_legible_on_a_laptop_and_a_phone(chromium, sample_site: Path) -> None:  # type: ignore[no-untyped-def]
    """Every label of the overview and of an actor's neighbourhood is 12 px or more: the
    picture keeps its size and a phone scrolls it, with a hint that it does, its key wrapped
    to the phone's width; a laptop shows it whole, with no hint. Its key reads in the dark
    scheme too, and its links are in a group, not in an image."""
    size = chromium.get_window_size()
    saved = (size["width"], size["height"])
    try:
        with serve(sample_site) as base_url:
            for width in (1280, 390):
                chromium.set_window_size(width, 900)
                for page in ("network/", "actors/iran/", "actors/hezbollah/"):
                    chromium.get(base_url + page)
                    wait_for(chromium, document_ready)
                    labels = chromium.execute_script(LABEL_SIZES)
                    assert len(labels) > 5, page
                    smallest = min(labels, key=lambda label: label[2])
                    assert smallest[2] >= 12, (width, page, smallest)
                    assert min(height for _, height, _ in labels) >= 12, (width, page)
                    scroll, client, role, links = chromium.execute_script(FIGURE)
                    assert role == "group" and links > 1
                    hint, key_right = chromium.execute_script(HINT)
                    if width == 1280:
                        assert scroll <= client, (page, scroll, client)  # no scrolling
                        assert hint == 0, page  # and no hint that it scrolls
                    else:
                        # the picture scrolls and says so; its key wraps to the width
                        assert hint > 10 and scroll > client and key_right <= width, page
                    for scheme in ("default", "slate"):
                        chromium.execute_script(
                            "document.body.setAttribute('data-md-color-scheme', arguments[0])",
                            scheme,
                        )
                        fill, background = chromium.execute_script(COLOURS)
                        low, high = sorted((_luminance(fill), _luminance(background)))
                        assert (high + 0.05) / (low + 0.05) >= 4.5, (scheme, fill, background)
    finally:
        chromium.set_window_size(*saved)  # as it was, for the tests after this one


NAME_DECORATION = """
return [...document.querySelectorAll('article figure.network svg a text')].map(text =>
  [text.textContent, getComputedStyle(text).textDecorationLine,
   getComputedStyle(text.closest('a')).textDecorationLine]);
"""


def test_network_names_are_not_underlined(chromium, engine_site: tuple[str, Path]) -> None:  # type: ignore[no-untyped-def]
    # Zensical underlines links; a name drawn with a halo then read "Qassem_Soleimani"
    _, site = engine_site
    with serve(site) as base_url:
        chromium.get(base_url + "network/")
        wait_for(chromium, document_ready)
        names = chromium.execute_script(NAME_DECORATION)
    assert names
    assert [name for name in names if "underline" in (name[1], name[2])] == []


# Each label of the pictures, with its font's size and weight and its width as drawn.
TEXT_WIDTHS = """
return [...document.querySelectorAll('article figure.network svg text')].map(text => [
  text.textContent, parseFloat(getComputedStyle(text).fontSize),
  getComputedStyle(text).fontWeight >= 600, text.getBBox().width]);
"""


def test_network_labels_are_no_wider_than_the_layout_keeps_room_for(
    chromium, engine_site: tuple[str, Path]
) -> None:  # type: ignore[no-untyped-def]
    """The layout keeps each label clear of lines, nodes and other labels at the widths it
    measures (tests/test_network_geometry.py reads them back from the SVG): on either
    engine's page, the browser sets no label wider, but by a glyph's overhang at its ends
    (under a pixel; lines pass names 2.5 px away)."""
    from briefing.views.network_place import text_width

    engine, site = engine_site
    with serve(site) as base_url:
        for page in ("network/", "actors/iran/", "actors/hezbollah/", "actors/moqtada-al-sadr/"):
            chromium.get(base_url + page)
            wait_for(chromium, document_ready)
            labels = chromium.execute_script(TEXT_WIDTHS)
            assert len(labels) > 3, (engine, page)
            wider = [
                (text, drawn, text_width(text, size, bold))
                for text, size, bold, drawn in labels
                if drawn > text_width(text, size, bold) + 1.0
            ]
            assert wider == [], (engine, page)
