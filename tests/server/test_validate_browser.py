"""Headless Debian chromium on the upload page: a person opens it from the editor, uploads the
roster with the mistakes of issue 15 and sees every one reported, grouped by row, in Indonesian.
The example roster is `;`-separated with a BOM and Windows line ends, as a spreadsheet in the
Indonesian locale saves it. A screenshot of the report is left in the test's tmp_path."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import headless_chromium
from liveserver import LiveServer
from repo_paths import REPO_ROOT

from sotk_kg.settings import Settings

pytestmark = pytest.mark.browser

MISTAKES = REPO_ROOT / "data" / "examples" / "roster-dinas-koperasi-ukm-bekasi-mistakes.csv"
# row -> what the page must say on it, read off the example roster (see its rows)
EXPECTED = {
    2: "juga dipegang oleh Budi Hartanto (baris 3)",  # two Kepala Dinas at once
    3: "juga dipegang oleh Siti Rahmawati (baris 2)",
    4: "juga dipakai untuk orang lain, Dedi Kurniawan (baris 5)",  # one NIP, two people
    5: "juga dipakai untuk orang lain, Ahmad Fauzi (baris 4)",
    6: "Tanggal selesai 2021-06-30 sebelum tanggal mulai 2022-01-10",
    7: "baru berumur 9 tahun",  # NIP born 2011-12-01, appointed 2021-03
    8: 'Mungkin maksudnya "Kepala Bidang Pemberdayaan Koperasi"?',  # "Pemberdayan"
    9: 'Mungkin maksudnya "Ahli Muda"?',  # "Ahli Mud"
}


@pytest.fixture(scope="module")
def repo_live(server_settings: Settings) -> Iterator[LiveServer]:
    with LiveServer(dataclasses.replace(server_settings, root=REPO_ROOT)) as srv:
        yield srv


@pytest.fixture()
def browser() -> Iterator[object]:
    with headless_chromium("sotk-chromium-validate-") as driver:
        yield driver


def test_upload_page_reports_every_mistake_by_row(
    repo_live: LiveServer,
    browser,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    wait = WebDriverWait(browser, 120)
    browser.get(repo_live.url + "/")  # found from the home page
    wait.until(
        ec.presence_of_element_located((By.CSS_SELECTOR, 'main a[href="/validate"]'))
    ).click()
    wait.until(ec.presence_of_element_located((By.ID, "upload")))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "id"
    assert Select(browser.find_element(By.ID, "lang")).first_selected_option.text == (
        "Bahasa Indonesia"
    )
    browser.find_element(By.ID, "file").send_keys(str(MISTAKES))
    browser.find_element(By.CSS_SELECTOR, "#upload button[type=submit]").click()
    wait.until(ec.presence_of_element_located((By.ID, "report")))
    articles = browser.find_elements(By.CSS_SELECTOR, "#report article.row")
    shown = {int(a.get_attribute("data-row")): a.text for a in articles}
    assert sorted(shown) == sorted(EXPECTED)
    for row, words in EXPECTED.items():
        assert shown[row].startswith(f"Baris {row}:"), shown[row]
        assert words in shown[row], (row, shown[row])
        assert "Saran perbaikan:" in shown[row]
    assert "Peringatan" in shown[7] and "Pelanggaran" in shown[2]
    # the provision is a link to its page, the regulation named beside it
    link = browser.find_element(By.LINK_TEXT, "Pasal 3 ayat (2)")
    assert link.get_attribute("href").endswith("/eli/id/perbup/kab-bekasi/2021/99/pasal/3/ayat/2")
    report = browser.find_element(By.ID, "report").text
    assert "Peraturan Bupati Bekasi Nomor 99 Tahun 2021" in report
    assert "urn:sotk-roster" not in report and "Shape" not in report
    browser.set_window_size(1366, 2400)
    browser.save_screenshot(str(tmp_path / "validate-report.png"))
    print(f"screenshot: {tmp_path / 'validate-report.png'}")


def test_a_file_over_the_limit_is_refused_with_the_reason(
    repo_live: LiveServer,
    browser,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    """The page refuses it before sending (its script knows the limit); a browser without that
    check gets the server's 413 answer, the page again with the same reason."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    big = tmp_path / "daftar-besar.csv"
    big.write_bytes(b"nama,nip,jabatan,jenis_jabatan\n" + b"x" * 2_000_000)  # 2 MB
    wait = WebDriverWait(browser, 60)
    browser.get(repo_live.url + "/validate")
    browser.find_element(By.ID, "file").send_keys(str(big))
    browser.find_element(By.CSS_SELECTOR, "#upload button[type=submit]").click()
    alert = wait.until(ec.visibility_of_element_located((By.ID, "error")))
    assert "Berkas terlalu besar (2 MB); batasnya 10 kB." in alert.text
    assert browser.current_url == repo_live.url + "/validate"  # nothing was sent
    # the same refusal from the server, when the page's check is not there
    browser.execute_script('document.getElementById("upload").removeAttribute("data-max-bytes")')
    browser.execute_script('document.getElementById("error").hidden = true')
    browser.find_element(By.ID, "file").send_keys(str(big))
    browser.find_element(By.CSS_SELECTOR, "#upload button[type=submit]").click()
    wait.until(ec.url_contains("validate?lang=id"))
    alert = wait.until(ec.visibility_of_element_located((By.ID, "error")))
    assert "Berkas terlalu besar (2 MB); batasnya 10 kB." in alert.text
    browser.save_screenshot(str(tmp_path / "validate-too-large.png"))
