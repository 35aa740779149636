"""Headless Debian chromium opens the editor, runs an example query and sees result rows. The page
loads YASGUI from this server only (no internet needed)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser import headless_chromium
from liveserver import LiveServer
from servertree import DIRECT_UNITS, SUB_BAGIAN

pytestmark = pytest.mark.browser


@pytest.fixture()
def browser() -> Iterator[object]:
    with headless_chromium("sotk-chromium-") as driver:
        yield driver


def test_editor_runs_an_example_and_shows_rows(live: LiveServer, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(live.url + "/sparql-editor")
    wait = WebDriverWait(browser, 60)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".yasqe .CodeMirror")))
    select = Select(browser.find_element(By.ID, "examples"))
    assert [o.text for o in select.options][:1] == ["Units and their parents"]
    select.select_by_index(0)
    editor_text = browser.execute_script("return yasgui.getTab().getYasqe().getValue()")
    assert "org:OrganizationalUnit" in editor_text
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")) >= 7)
    rows = browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")
    text = " ".join(r.text for r in rows)
    assert len(rows) == len(DIRECT_UNITS) + len(SUB_BAGIAN)
    assert "Sub Bagian Umum dan Kepegawaian" in text  # Pasal 7 ayat (1) huruf b angka 2
    # Everything the page fetched came from this server.
    fetched = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert fetched and all(url.startswith(live.url) for url in fetched), fetched


def test_api_docs_page_lists_the_operations_offline(live: LiveServer, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(live.url + "/docs")
    WebDriverWait(browser, 60).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, ".opblock .opblock-summary-path"))
    )
    paths = {
        e.get_attribute("data-path")
        for e in browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")
    }
    assert {"/sparql", "/validate", "/health", "/catalogue"} <= paths, paths
    fetched = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert any(url.endswith("/openapi.json") for url in fetched), fetched
    assert all(url.startswith(live.url) for url in fetched), fetched
