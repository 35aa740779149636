"""`POST /validate` refused before a report: too large (413), busy, timed out, out of memory,
interrupted or unavailable (503). Each answer says why and what to do in the user's language:
on the upload page for a browser's form, as problem+json (RFC 9457) for a client asking for
JSON or JSON-LD, as plain text otherwise; `Retry-After` when trying later may help."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import httpx
import pytest
from liveserver import TEST_MAX_BODY, LiveServer

from sotk_kg.server.pool import MemoryLimitExceeded, PoolBusy, WorkerEnded
from sotk_kg.server.routes.validate import _size
from sotk_kg.server.validation_runner import ValidationTimeout, ValidationUnavailable

CSV = b"nama,nip,jabatan,jenis_jabatan\nSiti,196805121994032005,Kepala Dinas,struktural\n"
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
TOO_BIG = b"x" * (TEST_MAX_BODY + 1)  # liveserver: the test server's limit is 10,000 bytes


@pytest.fixture()
def client(live: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.url, timeout=30) as c:
        yield c


def _alert(page: str) -> str:
    """The text of the page's alert, which must be shown (not `hidden`)."""
    m = re.search(r'<section id="error" role="alert">\s*<h2>[^<]*</h2>\s*<p>([^<]*)</p>', page)
    assert m is not None, "no visible alert on the page"
    return m[1]


def test_sizes_as_people_read_them() -> None:
    assert _size(10_000) == "10 kB"
    assert _size(1_000_000) == "1 MB"
    assert _size(1_500_000) == "1.5 MB"
    assert _size(200) == "1 kB"


def test_a_file_too_large_from_the_page_gets_the_page_with_the_reason(
    client: httpx.Client,
) -> None:
    files = {"file": ("daftar.csv", TOO_BIG, "text/csv")}
    resp = client.post(
        "/validate",
        params={"lang": "id"},
        files=files,
        data={"format": "page", "lang": "id"},
        headers=BROWSER,
    )
    assert resp.status_code == 413
    assert resp.headers["content-type"].startswith("text/html")
    # the browser's upload was read to its end (and dropped), so that the browser reads the page
    # instead of a reset connection: the connection stays usable
    assert resp.headers.get("connection") != "close"
    assert '<html lang="id">' in resp.text and 'id="upload"' in resp.text  # the form again
    alert = _alert(resp.text)
    assert alert.startswith("Berkas terlalu besar (10 kB); batasnya 10 kB.")
    assert "Perkecil berkasnya" in alert
    english = client.post(
        "/validate",
        params={"lang": "en"},
        files=files,
        data={"format": "page", "lang": "en"},
        headers=BROWSER,
    )
    assert _alert(english.text).startswith("The file is too large (10 kB); the limit is 10 kB.")


def test_a_file_too_large_for_a_client(client: httpx.Client) -> None:
    as_json = client.post(
        "/validate",
        params={"lang": "id"},
        content=TOO_BIG,
        headers={"Content-Type": "text/csv", "Accept": "application/json"},
    )
    assert as_json.status_code == 413
    assert as_json.headers["content-type"].startswith("application/problem+json")
    problem = as_json.json()
    assert problem["status"] == 413 and problem["title"] == "upload too large"
    assert problem["reason"] == "too-large"
    assert problem["detail"].startswith("Berkas terlalu besar")  # lang=id
    assert problem["messages"]["en"].startswith("The file is too large")
    assert "retryAfter" not in problem  # sending the same file later will not help
    assert as_json.headers["connection"] == "close"  # the body was not read: not reusable
    as_text = client.post(
        "/validate",
        content=TOO_BIG,
        headers={"Content-Type": "text/turtle", "Accept": "text/turtle"},
    )
    assert as_text.status_code == 413
    assert as_text.headers["content-type"].startswith("text/plain")
    assert as_text.text.startswith("The file is too large")  # lang defaults to en over the API


class _Refusing:
    """A validation service that refuses every upload with `error`."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    async def validate(self, *args: object, **kwargs: object) -> None:
        raise self.error


@pytest.fixture()
def refuse_with(live: LiveServer) -> Iterator[Callable[[Exception], None]]:
    """Put a service refusing every upload with an error in place of the server's validation
    workers; restored after the test."""
    saved = getattr(live.app.state, "validation", None)

    def install(error: Exception) -> None:
        live.app.state.validation = _Refusing(error)

    yield install
    live.app.state.validation = saved


CASES = [
    # (error, retry-after, Indonesian start, English start)
    (
        PoolBusy("queue full"),
        "30",
        "Layanan pemeriksaan sedang sibuk",
        "The validation service is busy",
    ),
    (
        ValidationTimeout("job ran 30 s"),
        "30",
        "Pemeriksaan tidak selesai dalam batas waktu",
        "The check did not finish within the time limit",
    ),
    (
        MemoryLimitExceeded("300 MiB"),
        "30",
        "Pemeriksaan memerlukan memori",
        "The check needed more memory",
    ),
    (
        WorkerEnded("killed"),
        "5",
        "Proses pemeriksaan terhenti, bukan karena berkas Anda",
        "The checking process stopped, not because of your file",
    ),
    (
        ValidationUnavailable("no module"),
        None,
        "Layanan pemeriksaan tidak tersedia",
        "The validation service is not available",
    ),
]


@pytest.mark.parametrize(
    ("error", "retry", "indonesian", "english"),
    CASES,
    ids=lambda c: type(c).__name__ if isinstance(c, Exception) else None,
)
def test_a_refused_check_says_why_on_the_page_and_to_clients(
    client: httpx.Client,
    refuse_with: Callable[[Exception], None],
    error: Exception,
    retry: str | None,
    indonesian: str,
    english: str,
) -> None:
    refuse_with(error)
    files = {"file": ("daftar.csv", CSV, "text/csv")}
    page = client.post(
        "/validate", files=files, data={"format": "page", "lang": "id"}, headers=BROWSER
    )
    assert page.status_code == 503
    assert page.headers.get("retry-after") == retry
    assert _alert(page.text).startswith(indonesian)
    # a download chosen on the page: the page with the reason too, not a bare text
    download = client.post("/validate", files=files, data={"format": "csv", "lang": "en"})
    assert download.status_code == 503 and _alert(download.text).startswith(english)
    api = client.post(
        "/validate",
        params={"lang": "id"},
        content=CSV,
        headers={"Content-Type": "text/csv", "Accept": "application/ld+json"},
    )
    assert api.status_code == 503
    problem = api.json()
    assert problem["status"] == 503 and problem["detail"].startswith(indonesian)
    assert problem["messages"]["en"].startswith(english)
    assert problem["cause"] == str(error)  # the server's own words, for its operators
    assert problem.get("retryAfter") == (int(retry) if retry else None)
    text = client.post(
        "/validate", content=CSV, headers={"Content-Type": "text/csv", "Accept": "text/plain"}
    )
    assert text.status_code == 503 and text.text.startswith(english)
    assert text.headers.get("retry-after") == retry
