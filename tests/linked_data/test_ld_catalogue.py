"""Metadata for harvesters: the DCAT-AP 3 catalogue conforms to the official 3.0.1 shapes (copied
in dcat-ap/), VoID statistics agree with the graph files, and every dump is what the catalogue says
(size, checksum, media type, content)."""

from __future__ import annotations

import gzip
import hashlib
import logging
import threading
import time
from pathlib import Path

import pyshacl
import pytest
from fastapi.testclient import TestClient
from ld_support import WORK_PATH, build_app
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, XSD

from sotk_kg.server.dumps import Dumps
from sotk_kg.settings import Settings
from sotk_kg.store.backend import EmbeddedBackend

SHAPES = Path(__file__).parent / "dcat-ap"
VOID = "http://rdfs.org/ns/void#"
SPDX = "http://spdx.org/rdf/terms#"
ORG_POST = URIRef("http://www.w3.org/ns/org#Post")
REGULATION = "perbup-kab-bekasi-2021-99"


@pytest.fixture(scope="module")
def catalogue(client: TestClient) -> Graph:
    response = client.get("/catalogue", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    return Graph().parse(data=response.content, format="turtle")


@pytest.fixture(scope="module")
def void(client: TestClient) -> Graph:
    response = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    return Graph().parse(data=response.content, format="turtle")


@pytest.fixture(autouse=True)
def _fast_data_graph(monkeypatch: pytest.MonkeyPatch) -> None:
    """pySHACL's DataGraph truth test is an O(N) COUNT per result (docs/stack-findings.md
    §3.3); patched for this module's tests only, undone after each."""
    import pyshacl.graph_abstraction as ga

    monkeypatch.setattr(ga.DataGraph, "__bool__", lambda self: True, raising=False)


def validate(data: Graph, shapes_file: str) -> tuple[bool, Graph, str]:
    shapes = Graph().parse(SHAPES / shapes_file)
    conforms, report, text = pyshacl.validate(
        data, shacl_graph=shapes, inference=None, allow_warnings=True
    )
    return bool(conforms), report, text


@pytest.mark.parametrize("shapes_file", ["shapes.ttl", "range.ttl"])
def test_catalogue_conforms_to_the_mandatory_dcat_ap_shapes(
    catalogue: Graph, shapes_file: str
) -> None:
    conforms, _, text = validate(catalogue, shapes_file)
    assert conforms, text


def test_recommended_and_deprecation_shapes_are_reported(catalogue: Graph) -> None:
    """Warnings only: printed for the record (pytest -s), never a failure."""
    sh = URIRef("http://www.w3.org/ns/shacl#")
    for shapes_file in ("shapes_recommended.ttl", "deprecateduris.ttl"):
        conforms, report, _ = validate(catalogue, shapes_file)
        severities = {str(s) for s in report.objects(None, URIRef(f"{sh}resultSeverity"))}
        assert conforms and severities <= {f"{sh}Warning", f"{sh}Info"}
        paths = sorted({str(p) for p in report.objects(None, URIRef(f"{sh}resultPath"))})
        count = len(list(report.subjects(RDF.type, URIRef(f"{sh}ValidationResult"))))
        print(f"{shapes_file}: {count} warnings on {paths}")


def test_the_validation_would_catch_a_missing_mandatory_property(catalogue: Graph) -> None:
    broken = Graph()
    for triple in catalogue:
        broken.add(triple)
    for cat in broken.subjects(RDF.type, DCAT.Catalog):
        broken.remove((cat, DCTERMS.publisher, None))
    conforms, _, text = validate(broken, "shapes.ttl")
    assert not conforms and "publisher" in text


def test_datasets_for_the_whole_graph_and_each_regulation(catalogue: Graph, base: str) -> None:
    datasets = set(catalogue.subjects(RDF.type, DCAT.Dataset))
    whole = URIRef(f"{base}/catalogue#dataset-sotk-kg")
    regulation = URIRef(f"{base}/catalogue#dataset-{REGULATION}")
    assert {whole, regulation} <= datasets
    assert (whole, DCTERMS.hasPart, regulation) in catalogue
    assert (regulation, DCTERMS.subject, URIRef(base + WORK_PATH)) in catalogue
    licence = URIRef("http://publications.europa.eu/resource/authority/licence/CC0")
    for dist in catalogue.subjects(RDF.type, DCAT.Distribution):
        assert (dist, DCTERMS.license, licence) in catalogue
    # four formats per dataset: Turtle, N-Triples, JSON-LD and N-Quads (named graphs kept)
    for ds in datasets:
        assert len(list(catalogue.objects(ds, DCAT.distribution))) == 4
    service = URIRef(f"{base}/catalogue#sparql")
    assert (service, DCAT.endpointURL, URIRef(f"{base}/sparql")) in catalogue
    assert (service, DCAT.endpointDescription, URIRef(f"{base}/sparql")) in catalogue
    assert set(catalogue.objects(service, DCAT.servesDataset)) == datasets


def test_every_distribution_matches_its_download(
    client: TestClient, catalogue: Graph, base: str
) -> None:
    iana = "http://www.iana.org/assignments/media-types/"
    for dist in catalogue.subjects(RDF.type, DCAT.Distribution):
        url = str(next(catalogue.objects(dist, DCAT.downloadURL)))
        assert url.startswith(f"{base}/dump/")
        response = client.get(url[len(base) :])
        assert response.status_code == 200
        body = response.content
        size = next(catalogue.objects(dist, DCAT.byteSize))
        assert size == Literal(len(body), datatype=XSD.nonNegativeInteger)
        checksum = next(catalogue.objects(dist, URIRef(SPDX + "checksum")))
        value = next(catalogue.objects(checksum, URIRef(SPDX + "checksumValue")))
        assert str(value) == hashlib.sha256(body).hexdigest()
        media = str(next(catalogue.objects(dist, DCAT.mediaType)))[len(iana) :]
        if url.endswith(".gz"):
            assert response.headers["content-type"] == "application/gzip"
            assert (
                media
                == {"nt.gz": "application/n-triples", "nq.gz": "application/n-quads"}[
                    url.rsplit("/", 1)[1].split(".", 1)[1]
                ]
            )
            body = gzip.decompress(body)
        else:
            assert response.headers["content-type"].split(";")[0] == media
        if media == "application/n-quads":
            dataset = Dataset().parse(data=body, format="nquads")
            # each triple stays in its named graph: the regulation's own
            graph = dataset.graph(URIRef(base + "/graph" + WORK_PATH.removeprefix("/eli/id")))
            assert (URIRef(base + WORK_PATH), None, None) in graph
            continue
        parsed = Graph().parse(
            data=body,
            format={
                "text/turtle": "turtle",
                "application/n-triples": "nt",
                "application/ld+json": "json-ld",
            }[media],
        )
        assert (URIRef(base + WORK_PATH), None, None) in parsed


def nq_triples(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def test_void_statistics_agree_with_the_graph_file(
    void: Graph, ld_settings: Settings, base: str, client: TestClient
) -> None:
    regulation = URIRef(f"{base}/catalogue#dataset-{REGULATION}")
    file = ld_settings.graph_dir / f"{REGULATION}.nq"  # sorted, one triple per line
    triples = next(void.objects(regulation, URIRef(VOID + "triples")))
    assert int(triples) == nq_triples(file)
    dump = gzip.decompress(client.get(f"/dump/{REGULATION}.nt.gz").content)
    assert int(triples) == len(dump.splitlines())
    # Posts of the text: Bupati, Sekretaris Daerah, Kepala Dinas, Sekretaris, 2 Kepala Sub Bagian,
    # 3 Kepala Bidang, 9 Sub Koordinator, Pejabat Fungsional and Pelaksana.
    posts = [
        p
        for p in void.objects(regulation, URIRef(VOID + "classPartition"))
        if (p, URIRef(VOID + "class"), ORG_POST) in void
    ]
    assert len(posts) == 1
    assert int(next(void.objects(posts[0], URIRef(VOID + "entities")))) == 20
    whole = URIRef(f"{base}/catalogue#dataset-sotk-kg")
    assert (whole, URIRef(VOID + "subset"), regulation) in void
    assert int(next(void.objects(whole, URIRef(VOID + "triples")))) > int(triples)  # + ontology
    examples = set(void.objects(whole, URIRef(VOID + "exampleResource")))
    assert URIRef(base + WORK_PATH) in examples
    vocabularies = {str(v) for v in void.objects(regulation, URIRef(VOID + "vocabulary"))}
    assert {
        "http://data.europa.eu/eli/ontology#",
        "http://www.w3.org/ns/org#",
        "http://www.w3.org/ns/prov#",
        "http://www.w3.org/2004/02/skos/core#",
        "https://w3id.org/sotk-kg/def/sotk#",
    } <= vocabularies


def test_whole_dataset_is_the_default_graph_of_the_endpoint(
    void: Graph, backend: EmbeddedBackend, base: str, client: TestClient
) -> None:
    """VoID's total, the whole graph's dump and the endpoint's default graph (the union of every
    named graph: regulations, ontology and shapes) count the same triples."""
    whole = URIRef(f"{base}/catalogue#dataset-sotk-kg")
    total = int(next(void.objects(whole, URIRef(VOID + "triples"))))
    rows = backend.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")  # the union default graph
    assert total == int(rows[0]["n"])
    dump = gzip.decompress(client.get("/dump/sotk-kg.nt.gz").content)
    assert len(dump.splitlines()) == total
    shapes = backend.select(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{base}/graph/shapes> {{ ?s ?p ?o }} }}"
    )
    assert int(shapes[0]["n"]) > 0  # the shapes graph is counted, not left out


def test_a_compressed_answer_does_not_reuse_the_strong_etag(client: TestClient) -> None:
    plain = client.get("/dump/sotk-kg.ttl", headers={"Accept-Encoding": "identity"})
    assert plain.headers["etag"].startswith('"')
    zipped = client.get("/dump/sotk-kg.ttl", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["etag"] == "W/" + plain.headers["etag"]
    assert zipped.content == plain.content  # (decoded by the client)
    already = client.get("/dump/sotk-kg.nt.gz", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in already.headers and already.headers["etag"].startswith('"')


def test_void_catalogue_and_service_description_are_linked(
    void: Graph, catalogue: Graph, base: str
) -> None:
    void_doc, catalogue_doc = URIRef(f"{base}/.well-known/void"), URIRef(f"{base}/catalogue")
    assert (void_doc, RDFS.seeAlso, catalogue_doc) in void
    assert (URIRef(f"{base}/catalogue#catalogue"), RDFS.seeAlso, void_doc) in catalogue
    whole = URIRef(f"{base}/catalogue#dataset-sotk-kg")
    assert (whole, URIRef(VOID + "sparqlEndpoint"), URIRef(f"{base}/sparql")) in void
    assert (whole, URIRef(VOID + "uriSpace"), Literal(f"{base}/")) in void
    dumps = {str(u) for u in void.objects(None, URIRef(VOID + "dataDump"))}
    downloads = {str(u) for u in catalogue.objects(None, DCAT.downloadURL)}
    assert dumps == downloads
    assert (whole, URIRef(VOID + "rootResource"), None) not in void
    regulation = URIRef(f"{base}/catalogue#dataset-{REGULATION}")
    assert (regulation, URIRef(VOID + "rootResource"), URIRef(base + WORK_PATH)) in void


def test_catalogue_page_for_people_lists_the_downloads(client: TestClient) -> None:
    html = client.get("/catalogue", headers={"Accept": "text/html"}).text
    for ext in ("ttl", "nt.gz", "jsonld"):
        assert f'href="/dump/{REGULATION}.{ext}"' in html
        assert f'href="/dump/sotk-kg.{ext}"' in html


def test_unknown_dump_and_format_are_refused(client: TestClient) -> None:
    assert client.get("/dump/nothing.ttl").status_code == 404
    assert client.get("/.well-known/void.docx").status_code == 404
    assert client.get("/.well-known/void.html").status_code == 200  # the page for browsers
    assert client.get("/catalogue?format=docx").status_code == 400


def test_dumps_do_not_change_between_loads(
    client: TestClient, catalogue: Graph, ld_settings: Settings
) -> None:
    """A second load of the same files (new blank-node names) gives byte-identical dumps."""
    from ld_support import build_store

    from sotk_kg.server.dumps import Dumps

    again = Dumps(EmbeddedBackend(build_store(ld_settings)), ld_settings.base).files()
    for dist in catalogue.subjects(RDF.type, DCAT.Distribution):
        name = str(next(catalogue.objects(dist, DCAT.downloadURL))).rsplit("/", 1)[-1]
        checksum = next(catalogue.objects(dist, URIRef(SPDX + "checksum")))
        value = str(next(catalogue.objects(checksum, URIRef(SPDX + "checksumValue"))))
        assert again[name].sha256 == value, name


class GatedBackend:
    """The embedded backend, counting the server's queries; bulk reads wait for `gate`."""

    def __init__(self, inner: EmbeddedBackend, gate: threading.Event) -> None:
        self.inner, self.gate = inner, gate
        self.selects = self.reads = 0

    def select(self, query: str) -> list[dict]:
        self.selects += 1
        return self.inner.select(query)

    def ask(self, query: str) -> bool:
        return self.inner.ask(query)

    def construct(self, query: str) -> Graph:
        return self.inner.construct(query)

    def construct_triples(self, query: str) -> list:
        assert self.gate.wait(30)
        self.reads += 1
        return self.inner.construct_triples(query)


def test_dumps_and_catalogue_are_built_in_the_background_after_start_up(
    ld_settings: Settings, backend: EmbeddedBackend, caplog: pytest.LogCaptureFixture
) -> None:
    gate = threading.Event()
    counting = GatedBackend(backend, gate)
    with (
        caplog.at_level(logging.INFO, logger="sotk_kg.server.routes.catalogue"),
        TestClient(build_app(ld_settings, counting)) as client,  # runs the lifespan
    ):
        assert counting.reads == 0  # start-up is over while the build still waits
        gate.set()
        deadline = time.monotonic() + 60
        while not any("dumps, catalogue and VoID ready" in r.message for r in caplog.records):
            assert time.monotonic() < deadline, caplog.text
            time.sleep(0.05)
        # each dataset reads each of its named graphs once: the whole graph all of them (the
        # regulation, the ontology, the shapes), the regulation's dataset its own
        datasets = Dumps(backend, ld_settings.base).datasets
        assert counting.reads == sum(len(datasets.graphs(slug)) for slug in datasets.slugs)
        done = (counting.reads, counting.selects)
        for path in ("/catalogue", "/.well-known/void", f"/dump/{REGULATION}.nt.gz"):
            assert client.get(path, headers={"Accept": "text/turtle"}).status_code == 200
        assert (counting.reads, counting.selects) == done  # all served from what was built
