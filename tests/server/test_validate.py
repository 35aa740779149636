"""`POST /validate` over HTTP: the upload is validated in its own process and never stored."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import httpx
import pytest
from liveserver import TEST_MAX_BODY, LiveServer
from repo_paths import REPO_ROOT
from servertree import DINAS

from sotk_kg.settings import Settings

# shapes/legislation.shacl.ttl (sotksh:Provision-parent): every provision is part of exactly one
# parent. This one states none.
ORPHAN_PROVISION = b"""
@prefix eli: <http://data.europa.eu/eli/ontology#> .
<https://w3id.org/sotk-kg/eli/id/perbup/kab-contoh/2024/1/pasal/1> a eli:LegalResourceSubdivision .
"""
TURTLE = {"Content-Type": "text/turtle"}


@pytest.fixture(scope="module")
def repo_live(server_settings: Settings) -> Iterator[LiveServer]:
    """A server on the repository's own tree: the validator checks uploads against the published
    graph, ontology and shapes of the server it runs in (the sample tree has only toy shapes)."""
    with LiveServer(dataclasses.replace(server_settings, root=REPO_ROOT)) as srv:
        yield srv


@pytest.fixture()
def client(repo_live: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=repo_live.url, timeout=120) as c:
        yield c


def test_report_by_content_negotiation(client: httpx.Client) -> None:
    as_jsonld = client.post("/validate", content=ORPHAN_PROVISION, headers=TURTLE)
    assert as_jsonld.status_code == 200, as_jsonld.text
    assert as_jsonld.headers["x-shacl-conforms"] == "false"
    assert as_jsonld.headers["content-type"].startswith("application/ld+json")
    as_turtle = client.post("/validate", content=ORPHAN_PROVISION,
                            headers={**TURTLE, "Accept": "text/turtle"})  # fmt: skip
    assert as_turtle.headers["content-type"].startswith("text/turtle")
    assert "ValidationReport" in as_turtle.text
    as_html = client.post("/validate?lang=en", content=ORPHAN_PROVISION,
                          headers={**TURTLE, "Accept": "text/html"})  # fmt: skip
    assert as_html.headers["content-type"].startswith("text/html")
    assert "<" in as_html.text


def test_upload_is_not_written_to_the_store(client: httpx.Client) -> None:
    client.post("/validate", content=ORPHAN_PROVISION, headers=TURTLE)
    q = "ASK { <https://w3id.org/sotk-kg/eli/id/perbup/kab-contoh/2024/1/pasal/1> ?p ?o }"
    assert client.get("/sparql", params={"query": q}, headers={"Accept": "application/json"}
                      ).json()["boolean"] is False  # fmt: skip


def test_multipart_upload(client: httpx.Client) -> None:
    files = {"file": ("provision.ttl", ORPHAN_PROVISION, "text/turtle")}
    resp = client.post("/validate", files=files)
    assert resp.status_code == 200 and resp.headers["x-shacl-conforms"] == "false"


def test_unusable_input_and_limits(client: httpx.Client) -> None:
    broken = client.post("/validate", content=b"<http://a> a ", headers=TURTLE)
    assert broken.status_code == 400
    assert "line 1" in broken.text or ":1:" in broken.text  # where the parser stopped
    assert client.post("/validate", content=b"", headers=TURTLE).status_code == 400
    big = client.post("/validate", content=b"#" * (TEST_MAX_BODY + 1), headers=TURTLE)
    assert big.status_code == 413
    assert client.post("/validate", content=ORPHAN_PROVISION,
                       headers={**TURTLE, "Accept": "image/png"}).status_code == 406  # fmt: skip


def test_unavailable_validator_is_a_503(repo_live: LiveServer, client: httpx.Client) -> None:
    saved = repo_live.app.state.validation_module
    repo_live.app.state.validation_module = "sotk_kg.checks.no_such_module"
    try:
        resp = client.post("/validate", content=ORPHAN_PROVISION, headers=TURTLE)
    finally:
        repo_live.app.state.validation_module = saved
    assert resp.status_code == 503
    assert "validation service not available" in resp.text


# The validator checks rosters against the published graph (data/graph/): Peraturan Bupati Bekasi
# 99/2021, whose Pasal 1 angka 5 names the Dinas; DINAS (servertree) is its IRI.
DINAS_NAME = "Dinas Koperasi, Usaha Kecil dan Menengah Kabupaten Bekasi"
# A CSV roster with only the head of the Dinas (Pasal 7 (1) a), NIP of data/examples' roster.
HEAD_ONLY = (
    b"nama,nip,jabatan,jenis_jabatan\nSiti Rahmawati,196805121994032005,Kepala Dinas,struktural\n"
)
CSV_FOR_JSON = {"Content-Type": "text/csv", "Accept": "application/json"}
SOTKSH = "https://w3id.org/sotk-kg/def/shapes#"


def test_perangkat_daerah_settles_the_roster(client: httpx.Client) -> None:
    unknown = client.post("/validate", params={"perangkat_daerah": "Dinas Lain"},
                          content=HEAD_ONLY, headers=CSV_FOR_JSON)  # fmt: skip
    assert unknown.status_code == 400
    assert "unknown (or ambiguous) perangkat daerah 'Dinas Lain'" in unknown.text
    for given in (DINAS_NAME, DINAS):
        known = client.post("/validate", params={"perangkat_daerah": given, "filename": "r.csv"},
                            content=HEAD_ONLY, headers=CSV_FOR_JSON)  # fmt: skip
        assert known.status_code == 200, known.text
        assert known.headers["x-shacl-conforms"] == "true"
        assert known.json()["checked"] == ["r.csv"]


def test_complete_reports_the_vacant_leading_posts(client: httpx.Client) -> None:
    """Pasal 7 (1): besides the Kepala Dinas, six units have a head: the Sekretariat, its two Sub
    Bagian and three Bidang (the Kelompok Jabatan Pelaksana has none)."""
    params = {"perangkat_daerah": DINAS_NAME, "complete": "true"}
    resp = client.post("/validate", params=params, content=HEAD_ONLY, headers=CSV_FOR_JSON)
    assert resp.status_code == 200, resp.text
    assert resp.headers["x-shacl-conforms"] == "false"
    assert resp.json()["countsByRule"] == {SOTKSH + "CompleteRosterShape": 6}


def test_report_language_and_bad_parameters(client: httpx.Client) -> None:
    html = {"Content-Type": "text/csv", "Accept": "text/html"}
    page = client.post("/validate", params={"lang": "id"}, content=HEAD_ONLY, headers=html)
    assert page.status_code == 200 and '<html lang="id">' in page.text
    for bad in ({"lang": "fr"}, {"complete": "perhaps"}):
        assert client.post("/validate", params=bad, content=HEAD_ONLY, headers=html
                           ).status_code == 422  # fmt: skip


def test_options_are_in_the_openapi_document(client: httpx.Client) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/validate"]["post"]
    params = {p["name"]: p for p in operation["parameters"]}
    assert {"perangkat_daerah", "complete", "lang", "filename"} <= set(params)
    assert all(p["in"] == "query" and p.get("description") for p in params.values())
    assert "perangkat_daerah" in operation["description"]


def test_validator_follows_the_servers_base(server_settings: Settings) -> None:
    # `serve --base` is a command-line option, not the environment the validation process
    # inherits: the server hands its own settings to that process.
    deploy = "https://sotk.example.go.id"
    settings = dataclasses.replace(server_settings, root=REPO_ROOT, base=deploy)
    with LiveServer(settings) as srv, httpx.Client(base_url=srv.url, timeout=120) as c:
        resp = c.post("/validate", params={"perangkat_daerah": DINAS.replace(
            "https://w3id.org/sotk-kg", deploy), "complete": "true"},
            content=HEAD_ONLY, headers=CSV_FOR_JSON)  # fmt: skip
    assert resp.status_code == 200, resp.text
    vacant = [f["value"] for f in resp.json()["findings"]]  # the vacant leading posts
    assert len(vacant) == 6 and all(v.startswith(deploy + "/id/") for v in vacant), vacant


# ---------------------------------------------------------------- the upload page (GET /validate)

MISTAKES = REPO_ROOT / "data" / "examples" / "roster-dinas-koperasi-ukm-bekasi-mistakes.csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def page_post(client: httpx.Client, fmt: str = "page", lang: str = "id", **extra: str):
    files = {"file": (MISTAKES.name, MISTAKES.read_bytes(), "text/csv")}
    return client.post("/validate", files=files, data={"format": fmt, "lang": lang, **extra})


def test_upload_page(client: httpx.Client) -> None:
    page = client.get("/validate")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<html lang="id">' in page.text and 'enctype="multipart/form-data"' in page.text
    assert 'name="file"' in page.text and 'name="lang"' in page.text
    english = client.get("/validate", params={"lang": "en"})
    assert "Check a staffing roster" in english.text


def test_the_editor_and_the_home_page_link_to_the_upload_page(client: httpx.Client) -> None:
    assert 'href="validate"' in client.get("/sparql-editor").text
    assert 'href="/validate"' in client.get("/").text


def test_report_in_the_page_by_row(client: httpx.Client) -> None:
    """The mistakes of issue 15 (read off the example roster): two Kepala Dinas at once (rows 2,
    3), one NIP for Ahmad and Dedi (4, 5), selesai before mulai (6), appointed at 9 (7), a
    misspelt post (8) and grade (9): eight findings."""
    resp = page_post(client)
    assert resp.status_code == 200, resp.text
    assert resp.headers["x-shacl-conforms"] == "false"
    text = resp.text
    rows = [int(r) for r in re.findall(r'<article class="row" data-row="(\d+)"', text)]
    assert rows == [2, 3, 4, 5, 6, 7, 8, 9]
    assert "Baris 2: Siti Rahmawati" in text and "jabatan Kepala Dinas" in text
    assert "juga dipegang oleh Budi Hartanto (baris 3)" in text
    assert "juga dipakai untuk orang lain, Dedi Kurniawan (baris 5)" in text
    assert "Tanggal selesai 2021-06-30 sebelum tanggal mulai 2022-01-10" in text
    assert "baru berumur 9 tahun" in text and "Peringatan" in text
    assert "Mungkin maksudnya &#34;Kepala Bidang Pemberdayaan Koperasi&#34;?" in text
    assert "Mungkin maksudnya &#34;Ahli Muda&#34;?" in text
    # the regulation named, the provision linked, a fix hint; no internal IRIs or shape names
    assert ">Pasal 3 ayat (2)</a> Peraturan Bupati Bekasi Nomor 99 Tahun 2021" in text
    assert 'href="https://w3id.org/sotk-kg/eli/id/perbup/kab-bekasi/2021/99/pasal/3/ayat/2"' in text
    assert "Peraturan Pemerintah Nomor 11 Tahun 2017" in text
    assert text.count("Saran perbaikan:") == 8  # one per finding
    assert "urn:sotk-roster" not in text and "Shape" not in text and "sotksh" not in text


def test_report_downloads(client: httpx.Client) -> None:
    as_csv = page_post(client, "csv")
    assert as_csv.status_code == 200
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in as_csv.headers["content-disposition"]
    lines = as_csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("berkas;Baris;nama;jabatan")
    assert len(lines) == 1 + 8  # one line per finding
    as_html = page_post(client, "html", lang="en")
    assert as_html.text.startswith("<!DOCTYPE html>") and "Row 2: Siti Rahmawati" in as_html.text
    as_turtle = page_post(client, "turtle")
    assert "sh:ValidationReport" in as_turtle.text
    assert as_turtle.headers["content-disposition"].endswith('-laporan.ttl"')
    counts = page_post(client, "json").json()["countsByRule"]
    assert counts[SOTKSH + "SingleHolderShape"] == 2
    as_text = page_post(client, "text").text  # for people: row by row, no shape names or urn:
    assert "Baris 6: Nurhayati" in as_text and "Saran perbaikan:" in as_text
    assert "Shape" not in as_text and "urn:sotk-roster" not in as_text


def test_plain_text_over_http(client: httpx.Client) -> None:
    resp = client.post("/validate", content=ORPHAN_PROVISION,
                       headers={**TURTLE, "Accept": "text/plain"})  # fmt: skip
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/plain")
    assert "DOES NOT CONFORM" in resp.text


def test_unusable_file_in_the_users_language(client: httpx.Client) -> None:
    files = {"file": ("daftar.csv", b"nama;nip\nBudi;1\n", "text/csv")}
    page = client.post("/validate", files=files, data={"format": "page", "lang": "id"})
    assert page.status_code == 400
    assert "daftar.csv, baris 1: kolom jabatan, jenis_jabatan tidak ada" in page.text
    assert 'role="alert"' in page.text
    api = client.post("/validate", params={"lang": "id"}, content=b"<http://a> a ", headers=TURTLE)
    assert api.status_code == 400 and "tidak dapat dibaca" in api.text
    broken = {"file": ("daftar.xlsx", b"PK\x03\x04rusak", XLSX)}
    page = client.post("/validate", files=broken, data={"format": "page", "lang": "id"})
    assert page.status_code == 400 and "bukan lembar kerja .xlsx" in page.text
