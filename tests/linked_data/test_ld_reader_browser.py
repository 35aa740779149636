"""A reader in a real browser (headless Debian chromium, as the other browser tests): the home
page's links all lead somewhere; the regulation reads in order with an anchor per Pasal and
previous/next links that work from the keyboard; the organisation chart fits a 1366-px screen with
no dotted or dashed line through a box; the SPARQL editor completes and declares prefixes.
Screenshots of the home page, the chart and the reading view are written to the test's tmp_path."""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from browser import headless_chromium
from chart_geometry import Box, Line, crosses, points
from ld_support import DINAS_PATH, WORK_PATH
from liveserver_ld import serve_in_thread

from sotk_kg.server.app import create_app
from sotk_kg.settings import Settings
from sotk_kg.store.backend import EmbeddedBackend

pytestmark = pytest.mark.browser

WORK_DOC = "/eli/doc" + WORK_PATH[len("/eli/id") :]
ORG_DOC = "/doc" + DINAS_PATH[len("/id") :]
ELI = "http://data.europa.eu/eli/ontology#"
SOTK = "https://w3id.org/sotk-kg/def/sotk#"
SKOS = "http://www.w3.org/2004/02/skos/core#"


@pytest.fixture(scope="module")
def site(ld_settings: Settings, backend: EmbeddedBackend) -> Iterator[str]:
    """The whole application (home, editor, pages, catalogue, validation) on 127.0.0.1."""
    app = create_app(ld_settings, backend)
    with serve_in_thread(app) as url:
        yield url


@pytest.fixture()
def browser() -> Iterator[object]:
    with headless_chromium("sotk-reader-chromium-", page_load_timeout=60) as driver:
        driver.set_window_size(1366, 768)  # type: ignore[attr-defined]
        yield driver


def status(browser) -> int:  # type: ignore[no-untyped-def]
    """The HTTP status of the page the browser shows."""
    return int(browser.execute_script(
        "return performance.getEntriesByType('navigation')[0].responseStatus"))  # fmt: skip


def test_every_link_of_the_home_page_works(site: str, browser, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(site + "/")
    assert status(browser) == 200
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "id"
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Peraturan SOTK")
    browser.save_screenshot(str(tmp_path / "home-1366.png"))
    # the first Tab reaches the skip link, which leads to the main content
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("class") == "skip"
    hrefs = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "main a")]
    local = sorted({h for h in hrefs if h.startswith(site)})
    paths = {urlsplit(h).path for h in local}
    for wanted in (WORK_DOC, WORK_DOC + ".txt", "/sparql-editor", "/catalogue", "/validate",
                   "/.well-known/void", "/dump/", "/def/sotk", ORG_DOC):  # fmt: skip
        assert wanted in paths, wanted
    seen: set[str] = set()
    for href in local:
        path = urlsplit(href).path
        if path in seen:  # the worked queries differ only by ?example=
            continue
        seen.add(path)
        browser.get(href)
        assert status(browser) == 200, href
        assert "Tidak ditemukan" not in browser.title, href
    # the regulation is reached by a click, then Enter on a focused link (no mouse needed)
    browser.get(site + "/")
    link = browser.find_element(By.LINK_TEXT, "Peraturan Bupati Bekasi Nomor 99 Tahun 2021")
    link.send_keys(Keys.ENTER)
    assert browser.find_element(By.TAG_NAME, "h1").text == (
        "Peraturan Bupati Bekasi Nomor 99 Tahun 2021"
    )


def test_the_regulation_reads_in_order_with_anchors_and_pasal_links(  # type: ignore[no-untyped-def]
    site: str, browser, tmp_path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(site + WORK_DOC)
    shown = browser.find_elements(By.CSS_SELECTOR, "section.text section.pasal")
    assert [s.get_attribute("id") for s in shown] == [f"pasal-{n}" for n in range(1, 33)]
    mengingat = browser.find_elements(By.CSS_SELECTOR, "#mengingat li.angka > a.marker")
    assert [m.text for m in mengingat] == [f"{n}." for n in range(1, 14)]
    assert browser.find_element(By.CSS_SELECTOR, "div.reading").get_attribute("lang") == "id"
    # an anchor brings its Pasal to the top of the window
    browser.get(site + WORK_DOC + "#pasal-7")
    top = browser.execute_script(
        "return document.getElementById('pasal-7').getBoundingClientRect().top"
    )
    assert abs(top) < 5, top
    browser.save_screenshot(str(tmp_path / "reading-pasal-7.png"))
    text = browser.find_element(By.ID, "pasal-7").text
    assert "(1)\nOrganisasi Dinas terdiri dari:" in text or "(1) Organisasi Dinas" in text
    # from the Pasal's own page, the next Pasal by keyboard, and back into the full text
    browser.get(site + WORK_DOC + "/pasal/7")
    browser.find_element(By.CSS_SELECTOR, "a[rel=next]").send_keys(Keys.ENTER)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Pasal 8"
    browser.find_element(By.CSS_SELECTOR, "a[rel=prev]").send_keys(Keys.ENTER)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Pasal 7"
    browser.find_element(By.CSS_SELECTOR, "nav.pasal-nav li.up a").send_keys(Keys.ENTER)
    assert urlsplit(browser.current_url).fragment == "pasal-7"
    cite = browser.find_element(By.CSS_SELECTOR, "section.cite")
    assert "Peraturan Bupati Bekasi Nomor 99 Tahun 2021" in cite.text


def chart_geometry(browser, figure) -> tuple[dict[str, Box], list[Line]]:  # type: ignore[no-untyped-def]
    """The boxes and lines of an inline chart, in its own coordinates, read from the DOM."""
    data = browser.execute_script(
        """const svg = arguments[0];
        const boxes = [...svg.querySelectorAll('g.node')].map(g => {
          const r = g.querySelector('rect');
          return [g.dataset.iri, ...['x', 'y', 'width', 'height'].map(k => +r.getAttribute(k))];
        });
        const lines = [...svg.querySelectorAll('path[class^=line-]')].map(p =>
          [p.getAttribute('class').slice(5), p.dataset.from, p.dataset.to, p.getAttribute('d')]);
        return [boxes, lines];""",
        figure,
    )
    boxes = {b[0]: Box(*b) for b in data[0]}
    lines = [Line(kind, src, dst, points(d)) for kind, src, dst, d in data[1]]
    return boxes, lines


def test_the_chart_fits_1366_px_and_no_dotted_line_crosses_a_box(  # type: ignore[no-untyped-def]
    site: str, browser, tmp_path
) -> None:
    from selenium.webdriver.common.by import By

    for path in (WORK_DOC, ORG_DOC):
        browser.get(site + path)
        svg = browser.find_element(By.CSS_SELECTOR, "figure.orgchart svg")
        browser.execute_script("arguments[0].scrollIntoView()", svg)
        browser.save_screenshot(str(tmp_path / f"chart-1366-{path.count('/')}.png"))
        viewport = browser.execute_script("return document.documentElement.clientWidth")
        assert viewport <= 1366
        rects = browser.execute_script(
            "return [...arguments[0].querySelectorAll('g.node rect')]"
            ".map(r => { const b = r.getBoundingClientRect(); return [b.left, b.right]; })",
            svg,
        )
        assert len(rects) >= 20  # the Dinas's posts, the Bupati, the Sekretaris Daerah
        outside = [r for r in rects if r[0] < 0 or r[1] > viewport]
        assert outside == [], (path, outside)
        # the boxes are not shrunk to fit: the chart is drawn at its own size
        scale = browser.execute_script(
            "const s = arguments[0]; "
            "return s.getBoundingClientRect().width / s.viewBox.baseVal.width",
            svg,
        )
        assert scale > 0.999, scale  # drawn at its own size, not shrunk to fit
        boxes, lines = chart_geometry(browser, svg)
        extra = [line for line in lines if line.kind in ("coord", "via")]
        assert {line.kind for line in extra} == {"coord", "via"}
        crossing = [
            (line.kind, line.src, line.dst, box.iri)
            for line in lines
            for a, b in zip(line.points, line.points[1:], strict=False)
            for box in boxes.values()
            if box.iri not in (line.src, line.dst) and crosses(a, b, box)
        ]
        assert crossing == [], crossing


def test_the_editor_completes_and_declares_prefixes(site: str, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 60)
    browser.get(site + "/sparql-editor")
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".yasqe .CodeMirror")))
    browser.execute_script(
        "const q = yasgui.getTab().getYasqe(); q.setValue('SELECT * WHERE { ?s '); "
        "q.focus(); q.setCursor(q.lineCount(), 0);"
    )
    area = browser.find_element(By.CSS_SELECTOR, ".yasqe .CodeMirror textarea")

    def value() -> str:
        return str(browser.execute_script("return yasgui.getTab().getYasqe().getValue()"))

    area.send_keys("a")  # the keyword `a`: one letter offers nothing (adms: would be wrong)
    time.sleep(0.3)
    assert browser.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints li") == []
    area.send_keys(" el")
    hints = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints li"))
    assert [h.text for h in hints] == ["eli:"]
    area.send_keys("\n")  # Enter picks the completion
    wait.until(lambda d: f"PREFIX eli: <{ELI}>" in value())
    assert "?s a eli:" in value()
    # typing a known prefix by hand declares it too
    area.send_keys("LegalResource . ?s sotk:")
    wait.until(lambda d: f"PREFIX sotk: <{SOTK}>" in value())
    assert value().count("PREFIX eli:") == 1
    # after PREFIX the whole declaration is offered
    browser.execute_script(
        "const q = yasgui.getTab().getYasqe(); q.setValue('PREFIX sk'); q.setCursor(0, 9);"
    )
    area.send_keys("o")
    hints = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints li"))
    assert [h.text for h in hints] == [f"skos: <{SKOS}>"]
    area.send_keys("\n")
    wait.until(lambda d: value().startswith(f"PREFIX skos: <{SKOS}>"))
    # nothing was fetched from elsewhere
    fetched = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert all(url.startswith(site) for url in fetched), fetched
