"""A person clicks through the graph in a real (headless Debian chromium) browser, no JavaScript
needed: the regulation's page -> Pasal 9 -> the Sekretaris it sets up -> its superior, the
Kepala Dinas (Pasal 9 ayat (1))."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from browser import headless_chromium
from ld_support import WORK_PATH, build_app

from sotk_kg.settings import Settings
from sotk_kg.store.backend import EmbeddedBackend

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_url(ld_settings: Settings, backend: EmbeddedBackend) -> Iterator[str]:
    """uvicorn on 127.0.0.1 in a thread, serving the linked-data app."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(
        build_app(ld_settings, backend), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("linked-data test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=20)


@pytest.fixture()
def browser() -> Iterator[object]:
    with headless_chromium("sotk-ld-chromium-", page_load_timeout=60) as driver:
        yield driver


def test_click_from_regulation_to_pasal_to_post_to_superior(live_url: str, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    # The IRI itself: the browser follows the 303 to the document and gets HTML.
    browser.get(live_url + WORK_PATH)
    assert browser.current_url.endswith("/eli/doc/perbup/kab-bekasi/2021/99")
    assert (
        browser.find_element(By.TAG_NAME, "h1").text
        == "Peraturan Bupati Bekasi Nomor 99 Tahun 2021"
    )

    browser.find_element(By.CSS_SELECTOR, "section.toc a[href$='/pasal/9']").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Pasal 9"
    assert "Sekretariat dipimpin oleh seorang Sekretaris" in browser.page_source

    posts = browser.find_element(By.XPATH, "//section[h2[starts-with(., 'Jabatan dan unit')]]")
    posts.find_element(By.LINK_TEXT, "Sekretaris").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Sekretaris"
    assert browser.current_url.endswith("/dinas-koperasi-usaha-kecil-dan-menengah/sekretaris")

    superiors = browser.find_element(By.XPATH, "//section[h2[starts-with(., 'Atasan')]]")
    superiors.find_element(By.PARTIAL_LINK_TEXT, "Kepala Dinas").click()
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Kepala Dinas")
    assert browser.current_url.endswith("/dinas-koperasi-usaha-kecil-dan-menengah/kepala-dinas")
    # and the stylesheet is served (the pages are styled, not only readable)
    colour = browser.find_element(By.CSS_SELECTOR, "header.site").value_of_css_property(
        "background-color"
    )
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
