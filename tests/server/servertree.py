"""A small, hand-written project tree for the server and store tests (not the pipeline's output).

Two regulations in two named graphs. The Bekasi graph states the organisation of Pasal 7 ayat (1)
of data/source/perbup-bekasi-99-2021.txt: the Dinas has the Sekretariat (with its two Sub
Bagian), three Bidang and the Kelompok Jabatan Pelaksana as direct units. The Sukamaju graph holds
the Dinas Perhubungan of tests/fixtures/perwal-contoh-2023-7.txt with no units.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

BASE = "https://w3id.org/sotk-kg"
BEKASI_GRAPH = f"{BASE}/graph/perbup/kab-bekasi/2021/99"
SUKAMAJU_GRAPH = f"{BASE}/graph/perwal/kota-sukamaju/2023/7"
DINAS = f"{BASE}/id/org/kab-bekasi/dinas-koperasi-usaha-kecil-dan-menengah"
SEKRETARIAT = f"{DINAS}/sekretariat"

PREFIXES = """
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix sotk: <https://w3id.org/sotk-kg/def/sotk#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
"""

ONTOLOGY = (
    PREFIXES
    + """
<https://w3id.org/sotk-kg/def/sotk> a owl:Ontology .
sotk:Bidang a owl:Class ; rdfs:subClassOf sotk:UnitOrganisasi ; rdfs:label "Bidang"@id .
sotk:leads a owl:ObjectProperty ; rdfs:label "memimpin"@id .
"""
)

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix sotksh: <https://w3id.org/sotk-kg/def/shapes#> .
@prefix org: <http://www.w3.org/ns/org#> .
sotksh:PostShape a sh:NodeShape ; sh:targetClass org:Post ;
  sh:property [ sh:path org:postIn ; sh:minCount 1 ] .
"""

# Pasal 7 ayat (1): direct units b (Sekretariat), c-e (three Bidang), f (Kelompok Jabatan
# Pelaksana); b.1 and b.2 are the Sub Bagian under the Sekretariat.
DIRECT_UNITS = {
    "sekretariat": ("Sekretariat", "Sekretariat"),
    "bidang-kelembagaan-dan-pengawasan": ("Bidang", "Bidang Kelembagaan dan Pengawasan"),
    "bidang-pemberdayaan-koperasi": ("Bidang", "Bidang Pemberdayaan Koperasi"),
    "bidang-pemberdayaan-usaha-mikro": ("Bidang", "Bidang Pemberdayaan Usaha Mikro"),
    "kelompok-jabatan-pelaksana": ("KelompokJabatanPelaksana", "Kelompok Jabatan Pelaksana"),
}
SUB_BAGIAN = {
    "sub-bagian-perencanaan-dan-keuangan": "Sub Bagian Perencanaan dan Keuangan",
    "sub-bagian-umum-dan-kepegawaian": "Sub Bagian Umum dan Kepegawaian",
}


def bekasi_turtle(base: str = BASE) -> str:
    dinas = f"{base}/id/org/kab-bekasi/dinas-koperasi-usaha-kecil-dan-menengah"
    lines = [
        PREFIXES,
        f"""
<{dinas}> a org:FormalOrganization, sotk:PerangkatDaerah, sotk:Dinas ;
  skos:prefLabel "Dinas Koperasi, Usaha Kecil dan Menengah Kabupaten Bekasi"@id ;
  org:subOrganizationOf <{base}/id/org/kab-bekasi> .
<{base}/id/post/kab-bekasi/dinas-koperasi-usaha-kecil-dan-menengah/kepala-dinas> a org:Post ;
  org:postIn <{dinas}> ; sotk:leads <{dinas}> ; rdfs:label "Kepala Dinas"@id .
<{base}/eli/id/perbup/kab-bekasi/2021/99> a eli:LegalResource ; eli:number "99" .
""",
    ]
    for slug, (cls, name) in DIRECT_UNITS.items():
        lines.append(
            f'<{dinas}/{slug}> a org:OrganizationalUnit, sotk:{cls} ; skos:prefLabel "{name}"@id ;'
            f" org:unitOf <{dinas}> ; org:subOrganizationOf <{dinas}> .\n"
            f"<{dinas}> org:hasUnit <{dinas}/{slug}> .\n"
        )
    for slug, name in SUB_BAGIAN.items():
        lines.append(
            f"<{dinas}/sekretariat/{slug}> a org:OrganizationalUnit, sotk:SubBagian ;"
            f' skos:prefLabel "{name}"@id ; org:subOrganizationOf <{dinas}/sekretariat> .\n'
        )
    return "".join(lines)


SUKAMAJU = (
    PREFIXES
    + f"""
<{BASE}/id/org/kota-sukamaju/dinas-perhubungan> a org:FormalOrganization, sotk:Dinas ;
  skos:prefLabel "Dinas Perhubungan Kota Sukamaju"@id .
"""
)

QUERIES = {
    "01-units.rq": (
        "# title: Units and their parents\n# question: which units are there?\n"
        "PREFIX org: <http://www.w3.org/ns/org#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT ?unit ?name WHERE { ?unit a org:OrganizationalUnit ; skos:prefLabel ?name }\n"
        "ORDER BY ?name\n"
    ),
    "02-no-title.rq": "# Count of triples per graph\nSELECT ?g (COUNT(*) AS ?n)"
    " WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g\n",
}


def write_nquads(path: Path, turtle: str, graph: str) -> None:
    g = ox.NamedNode(graph)
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, g)
        for t in ox.parse(turtle, format=ox.RdfFormat.TURTLE)
    ]
    ox.serialize(quads, str(path), format=ox.RdfFormat.N_QUADS)


def make_tree(root: Path) -> Path:
    """Write ontology/, shapes/, data/graph/ and queries/ under `root`; returns root."""
    (root / "ontology" / "schemes").mkdir(parents=True)
    (root / "shapes").mkdir()
    (root / "data" / "graph").mkdir(parents=True)
    (root / "queries").mkdir()
    (root / "ontology" / "sotk.ttl").write_text(ONTOLOGY, encoding="utf-8")
    (root / "shapes" / "org.shacl.ttl").write_text(SHAPES, encoding="utf-8")
    write_nquads(root / "data" / "graph" / "perbup-kab-bekasi-2021-99.nq", bekasi_turtle(),
                 BEKASI_GRAPH)  # fmt: skip
    write_nquads(root / "data" / "graph" / "perwal-kota-sukamaju-2023-7.nq", SUKAMAJU,
                 SUKAMAJU_GRAPH)  # fmt: skip
    for name, text in QUERIES.items():
        (root / "queries" / name).write_text(text, encoding="utf-8")
    return root
