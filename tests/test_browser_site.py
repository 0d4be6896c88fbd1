"""The sample site in a real headless Chromium: search works, a note leads to its excerpt,
and the page is not blank."""

from __future__ import annotations

from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from browser import document_ready, screenshot_is_not_blank, serve, wait_for

pytest_plugins = ["browser"]


def test_search_finds_kawtharani(chromium, sample_site: Path) -> None:  # type: ignore[no-untyped-def]
    with serve(sample_site) as base_url:
        chromium.get(base_url)
        wait_for(chromium, document_ready)
        chromium.find_element(By.CSS_SELECTOR, "label.md-search__icon, .md-search__input").click()
        box = wait_for(
            chromium, lambda d: d.find_element(By.CSS_SELECTOR, "input.md-search__input")
        )
        box.send_keys("Kawtharani")
        results = wait_for(
            chromium, lambda d: d.find_elements(By.CSS_SELECTOR, ".md-search-result__item")
        )
        assert len(results) >= 3
        assert any("Kawtharani" in item.text for item in results)
        box.send_keys(Keys.ESCAPE)


def test_a_note_leads_from_the_brief_to_its_excerpt(chromium, sample_site: Path) -> None:  # type: ignore[no-untyped-def]
    with serve(sample_site) as base_url:
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
