"""The ontology and its shared schemes: QC checks, the docs/model.md contract, and the modelling
promises (alignments, inverses, disjointness, ordered grade ladders, duty categories).

Expected values come from docs/model.md (the contract), the seed regulation text and the
national rules the genre refers to, never from the ontology files themselves."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from repo_paths import REPO_ROOT

from sotk_kg.checks.ontology_qc import (
    ONTOLOGY_IRI,
    SOTK,
    Layout,
    check_annotations,
    check_consistency,
    check_declared,
    check_external_terms_declared,
    check_local_terms_declared,
    check_parses,
    check_profile,
    declarations,
    disjoint_pairs,
    load,
    query_terms,
)

ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
CV = Namespace("http://data.europa.eu/m8g/")
PROV = Namespace("http://www.w3.org/ns/prov#")
CONCEPT = "https://w3id.org/sotk-kg/id/concept/"
MODEL_MD = (REPO_ROOT / "docs" / "model.md").read_text(encoding="utf-8")
SEED_TEXT = (REPO_ROOT / "data" / "source" / "perbup-bekasi-99-2021.txt").read_text(
    encoding="utf-8"
)

PROVISION_KINDS = ["Bab", "Bagian", "Paragraf", "Pasal", "Ayat", "Huruf", "Angka", "Menimbang",
                   "Mengingat", "Memperhatikan", "Lampiran", "Sampul", "Judul",
                   "Penutup"]  # fmt: skip
UNIT_KINDS = ["Sekretariat", "SubBagian", "Bidang", "KelompokJabatanFungsional",
              "KelompokJabatanPelaksana", "UPTD", "Seksi", "BagianOrganisasi", "SubBidang",
              "Kelurahan"]  # fmt: skip
POST_KINDS = ["Bupati", "Walikota", "Gubernur", "SekretarisDaerah", "KepalaDinas", "Sekretaris",
              "KepalaSubBagian", "KepalaBidang", "Koordinator", "SubKoordinator", "KepalaUPTD",
              "KepalaSeksi", "PejabatFungsional", "Pelaksana", "KepalaBadan", "Inspektur",
              "InspekturPembantu", "Camat", "Lurah", "KepalaSatuan", "SekretarisDPRD",
              "KepalaBagian", "KepalaSubBidang", "Direktur", "WakilDirektur"]  # fmt: skip
PD_KINDS = ["Dinas", "Badan", "Inspektorat", "Kecamatan", "SatuanPolisiPamongPraja",
            "SekretariatDaerah", "SekretariatDPRD", "RumahSakitUmumDaerah"]  # fmt: skip


def superclasses(graph: Graph, cls: URIRef) -> set[URIRef]:
    return set(graph.transitive_objects(cls, RDFS.subClassOf)) - {cls}


def pref_label(graph: Graph, concept: URIRef, language: str) -> str | None:
    for label in graph.objects(concept, SKOS.prefLabel):
        if isinstance(label, Literal) and label.language == language:
            return str(label)
    return None


def scheme_concepts(graph: Graph, scheme: str) -> dict[str, URIRef]:
    """notation -> concept for the concepts in scheme {base}/id/concept/{scheme}."""
    iri = URIRef(CONCEPT + scheme)
    return {str(graph.value(c, SKOS.notation)): c for c in graph.subjects(SKOS.inScheme, iri)}


# ----------------------------------------------------------------------------- QC on the real files


def test_every_file_parses(layout: Layout) -> None:
    assert check_parses([layout.ontology, *layout.imports, *layout.schemes, *layout.shapes]) == []


def test_every_local_term_has_labels_comments_and_is_defined_by(onto: Graph) -> None:
    assert check_annotations(onto) == []


def test_header_carries_version_licence_and_prefix(onto: Graph) -> None:
    assert onto.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(
        "https://w3id.org/sotk-kg/def/sotk/0.1.0"
    )
    dct = Namespace("http://purl.org/dc/terms/")
    vann = Namespace("http://purl.org/vocab/vann/")
    assert onto.value(ONTOLOGY_IRI, dct.license) == URIRef(
        "https://creativecommons.org/publicdomain/zero/1.0/"
    )
    assert str(onto.value(ONTOLOGY_IRI, vann.preferredNamespacePrefix)) == "sotk"
    assert onto.value(ONTOLOGY_IRI, dct.created) is not None
    assert {d.language for d in onto.objects(ONTOLOGY_IRI, dct.description)} >= {"id", "en"}


def test_schemes_and_shapes_use_only_declared_terms(
    onto: Graph, imports: Graph, schemes: Graph, layout: Layout
) -> None:
    assert check_declared(onto, imports, schemes, load(layout.shapes)) == []


def test_queries_use_only_declared_terms(onto: Graph, layout: Layout) -> None:
    used = {t for q in layout.queries for t in query_terms(q.read_text(encoding="utf-8"))}
    assert check_local_terms_declared(onto, used, "queries") == []
    assert check_external_terms_declared(onto, used, "queries") == []


def test_no_punning_between_classes_and_properties(onto: Graph, schemes: Graph) -> None:
    assert check_profile(onto, onto + schemes, "ontology") == []


def test_ontology_and_schemes_are_consistent(closure: Graph) -> None:
    assert check_consistency(Graph(), closed=closure) == []


# ---------------------------------------------------------------------------- the model.md contract


def model_md_terms() -> set[URIRef]:
    """Every sotk:/eli:/org:/cv:/skos:/prov:/dct:/foaf: term written in docs/model.md, with
    `sotk:<A|B|C>` alternatives expanded."""
    namespaces = {
        "sotk": str(SOTK), "eli": str(ELI), "org": str(ORG), "cv": str(CV), "prov": str(PROV),
        "skos": str(SKOS), "dct": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/",
    }  # fmt: skip
    terms = set()
    for prefix, name in re.findall(
        r"\b(sotk|eli|org|cv|skos|prov|dct|foaf):([A-Za-z][\w-]*)", MODEL_MD
    ):
        terms.add(URIRef(namespaces[prefix] + name))
    for alternatives in re.findall(r"sotk:<([A-Za-z|\s]+\|[A-Za-z|\s]+)>", MODEL_MD):
        terms.update(URIRef(str(SOTK) + a.strip()) for a in alternatives.split("|"))
    # "sotk:<Kind>` where Kind ∈ `Bab Bagian ...`"
    kinds = re.search(r"Kind ∈ `([^`]+)`", MODEL_MD)[1]
    terms.update(URIRef(str(SOTK) + k) for k in kinds.split())
    return terms


def test_model_md_names_terms_this_test_can_see() -> None:
    # guards the parser below: the contract must be read, not silently skipped
    found = model_md_terms()
    assert SOTK.reportsDirectlyTo in found and SOTK.KelompokJabatanFungsional in found
    assert ELI.LegalResourceSubdivision in found and ORG.reportsTo in found


def test_every_term_in_model_md_is_declared(onto: Graph) -> None:
    declared = declarations(onto)
    missing = sorted(str(t) for t in model_md_terms() if t not in declared)
    assert missing == []


@pytest.mark.parametrize("kind", PROVISION_KINDS + UNIT_KINDS + POST_KINDS + PD_KINDS)
def test_brief_and_model_classes_are_declared(onto: Graph, kind: str) -> None:
    assert (SOTK[kind], RDF.type, OWL.Class) in onto


def _model_table() -> dict[str, list[str]]:
    """The 'Shared concept schemes' table of docs/model.md: scheme -> notations (in order)."""
    rows = re.findall(r"^\| `([a-z-]+)`[^|]*\| (.*) \|$", MODEL_MD, flags=re.M)
    table = {}
    for scheme, cells in rows:
        codes = re.findall(r"`([^`]+)`", cells.split("(plus")[0])  # one code span or one per name
        table[scheme] = [name for code in codes for name in code.split()]
    return table


def test_scheme_members_match_model_md(schemes: Graph) -> None:
    table = _model_table()
    jenis = re.search(r"Jenis slugs: `([^`]+)`", MODEL_MD).group(1)
    table["jenis-peraturan"] = [s.strip() for s in jenis.split(",")]
    table["kategori-tugas"].append("uraian-tugas")  # the "(plus `uraian-tugas` ...)" note
    table["jenis-jabatan"] = ["struktural", "fungsional", "pelaksana"]
    assert len(table) == 13  # the 12 table rows + jenis-jabatan (the glosarium is described apart)
    for scheme, notations in table.items():
        assert sorted(scheme_concepts(schemes, scheme)) == sorted(notations), scheme


def test_grade_ranks_match_model_md(schemes: Graph) -> None:
    for ladder in ("keahlian", "keterampilan"):
        row = re.search(rf"^\| `jenjang-jabatan-fungsional-{ladder}` \| (.*) \|$", MODEL_MD, re.M)
        expected = {n: int(r) for n, r in re.findall(r"`([a-z-]+)`\((\d)\)", row.group(1))}
        concepts = scheme_concepts(schemes, f"jenjang-jabatan-fungsional-{ladder}")
        assert {n: int(schemes.value(c, SOTK.rank)) for n, c in concepts.items()} == expected


# ----------------------------------------------------------------------------- alignments & axioms


ALIGNMENTS = [
    (SOTK.Peraturan, ELI.LegalResource),
    *[(SOTK[k], ELI.LegalResourceSubdivision) for k in PROVISION_KINDS],
    (SOTK.PemerintahDaerah, CV.PublicOrganisation),
    (SOTK.PemerintahDaerah, ORG.FormalOrganization),
    (SOTK.PerangkatDaerah, CV.PublicOrganisation),
    (SOTK.PerangkatDaerah, ORG.FormalOrganization),
    (SOTK.Dinas, SOTK.PerangkatDaerah),
    (SOTK.Dinas, CV.PublicOrganisation),
    (SOTK.UnitOrganisasi, ORG.OrganizationalUnit),
    *[(SOTK[k], SOTK.UnitOrganisasi) for k in UNIT_KINDS],
    *[(SOTK[k], ORG.OrganizationalUnit) for k in UNIT_KINDS],
    *[(SOTK[k], ORG.Post) for k in POST_KINDS],
    (SOTK.Kewenangan, SKOS.Concept),
    (SOTK.Definisi, SKOS.Concept),
]


@pytest.mark.parametrize(("cls", "parent"), ALIGNMENTS, ids=lambda t: str(t).rsplit("#", 1)[-1])
def test_subclass_alignment(onto: Graph, imports: Graph, cls: URIRef, parent: URIRef) -> None:
    assert parent in superclasses(onto + imports, cls)


def test_inverse_pairs(onto: Graph) -> None:
    assert (SOTK.leads, OWL.inverseOf, SOTK.ledBy) in onto
    assert (SOTK.hasDuty, OWL.inverseOf, SOTK.dutyOf) in onto


def test_reporting_subproperties(onto: Graph) -> None:
    for prop in (SOTK.reportsDirectlyTo, SOTK.coordinativelyAccountableTo):
        assert (prop, RDFS.subPropertyOf, ORG.reportsTo) in onto
    # "melalui Y" and a disjunctive superior are not reporting lines to every value
    for prop in (SOTK.reportsVia, SOTK.reportsToOneOf):
        assert ORG.reportsTo not in set(onto.transitive_objects(prop, RDFS.subPropertyOf))


def test_has_duty_domain_admits_posts_and_organisations(closure: Graph) -> None:
    # the data puts duties on posts (Kepala Dinas) AND on organisations (Dinas, Pasal 4)
    domain = closure.value(SOTK.hasDuty, RDFS.domain)
    members = set(Collection(closure, closure.value(domain, OWL.unionOf)))
    assert members == {ORG.Post, ORG.Organization}


@pytest.mark.parametrize(
    "kinds", [PROVISION_KINDS, UNIT_KINDS, PD_KINDS], ids=["provisions", "units", "bodies"]
)
def test_kinds_are_pairwise_disjoint(onto: Graph, kinds: list[str]) -> None:
    pairs = disjoint_pairs(onto)
    for a, b in itertools.combinations(kinds, 2):
        assert frozenset((SOTK[a], SOTK[b])) in pairs, (a, b)


def test_post_kinds_are_disjoint_except_assignments_of_functional_officials(onto: Graph) -> None:
    # Pasal 25 (1): a Sub Koordinator IS a pejabat fungsional with an additional assignment
    pairs = disjoint_pairs(onto)
    assignment = {"Koordinator", "SubKoordinator"}
    for a, b in itertools.combinations(POST_KINDS, 2):
        expected = not ({a, b} & assignment and "PejabatFungsional" in {a, b})
        assert (frozenset((SOTK[a], SOTK[b])) in pairs) == expected, (a, b)


MISUSES = {
    # vocabularies.md: ORG's org:unitOf has range org:FormalOrganization, so a Sub Bagian must be
    # linked to its Sekretariat with org:subOrganizationOf
    "unitOf between two units": "ex:sb a sotk:SubBagian ; org:unitOf ex:sek . "
    "ex:sek a sotk:Sekretariat .",
    "a post typed as a unit": "ex:p a sotk:KepalaBidang , sotk:Bidang .",
    "a duty that is also a provision": "ex:t a sotk:Tugas , sotk:Huruf .",
    "org:postIn on a unit": "ex:u a sotk:Bidang ; org:postIn ex:d .",
    # the seed's cover says 30 Desember, its closing block 29 Desember: only one may be kept
    "two promulgation dates": 'ex:w eli:date_publication "2021-12-29"^^xsd:date , '
    '"2021-12-30"^^xsd:date .',
}


@pytest.mark.parametrize("snippet", MISUSES.values(), ids=MISUSES.keys())
def test_misuse_of_standard_terms_is_inconsistent(
    onto: Graph, imports: Graph, snippet: str
) -> None:
    prefixes = "".join(
        f"@prefix {p}: <{n}> .\n"
        for p, n in [("sotk", SOTK), ("org", ORG), ("eli", ELI), ("ex", "https://example.org/"),
                     ("xsd", "http://www.w3.org/2001/XMLSchema#")]
    )  # fmt: skip
    data = Graph().parse(data=prefixes + snippet, format="turtle")
    assert check_consistency(onto + imports + data) != []


# ----------------------------------------------------------------------------- the schemes


def test_every_concept_is_labelled_and_placed(schemes: Graph) -> None:
    concepts = set(schemes.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 50
    for concept in concepts:
        assert pref_label(schemes, concept, "id") and pref_label(schemes, concept, "en"), concept
        scheme = schemes.value(concept, SKOS.inScheme)
        broader = schemes.value(concept, SKOS.broader)
        if broader is not None:  # a level below a top concept (jenjang-jabatan: JPT Pratama)
            assert (broader, SKOS.inScheme, scheme) in schemes
            assert (broader, SKOS.narrower, concept) in schemes
        else:
            assert (concept, SKOS.topConceptOf, scheme) in schemes
            assert (scheme, SKOS.hasTopConcept, concept) in schemes
        assert (scheme, RDF.type, SKOS.ConceptScheme) in schemes
        # IRI template {base}/id/concept/{scheme}/{notation}; both ladders share one namespace
        namespace = str(scheme).removeprefix(CONCEPT)
        namespace = re.sub(r"-(keahlian|keterampilan)$", "", namespace)
        assert str(concept) == f"{CONCEPT}{namespace}/{schemes.value(concept, SKOS.notation)}"


def test_wilayah_scheme_exists_without_fixed_members(schemes: Graph) -> None:
    wilayah = URIRef(CONCEPT + "wilayah")
    assert (wilayah, RDF.type, SKOS.ConceptScheme) in schemes
    assert list(schemes.subjects(SKOS.inScheme, wilayah)) == []


def test_roles_are_org_roles_and_match_post_classes(schemes: Graph, onto: Graph) -> None:
    roles = scheme_concepts(schemes, "peran")
    assert all((c, RDF.type, ORG.Role) in schemes for c in roles.values())
    post_classes = {o for c in roles.values() for o in schemes.objects(c, RDFS.seeAlso)}
    assert post_classes == {SOTK[k] for k in POST_KINDS}
    # leading roles point at org:Head without making it a broader concept
    assert (roles["kepala-dinas"], SKOS.related, ORG.Head) in schemes
    assert not [b for c in roles.values() for b in schemes.objects(c, SKOS.broader)]


# The ladders of the national functional-post rules (PP 11/2017), lowest first.
LADDERS = {
    "keahlian": ["Ahli Pertama", "Ahli Muda", "Ahli Madya", "Ahli Utama"],
    "keterampilan": ["Pemula", "Terampil", "Mahir", "Penyelia"],
}


@pytest.mark.parametrize("ladder", sorted(LADDERS))
def test_grade_ladder_is_strictly_ordered(schemes: Graph, ladder: str) -> None:
    scheme = URIRef(f"{CONCEPT}jenjang-jabatan-fungsional-{ladder}")
    collection = schemes.value(scheme, RDFS.seeAlso)
    assert (collection, RDF.type, SKOS.OrderedCollection) in schemes
    ordered = list(Collection(schemes, schemes.value(collection, SKOS.memberList)))
    assert [pref_label(schemes, c, "id") for c in ordered] == LADDERS[ladder]
    assert [int(schemes.value(c, SOTK.rank)) for c in ordered] == [1, 2, 3, 4]
    assert set(ordered) == set(schemes.subjects(SKOS.inScheme, scheme))
    assert set(schemes.objects(collection, SKOS.member)) == set(ordered)


def test_pasal_25_grades_exist_and_fallback_ranks_below_minimum(schemes: Graph) -> None:
    pasal_25 = SEED_TEXT[SEED_TEXT.index("Pasal 25") : SEED_TEXT.index("Pasal 26")]
    minimum = re.search(r"paling rendah menduduki Jabatan Fungsional (Ahli \w+)", pasal_25)[1]
    fallback = re.search(r"jenjang (Ahli \w+) atau .* jenjang (\w+) dapat", pasal_25).groups()
    by_label = {pref_label(schemes, c, "id"): c for c in schemes.subjects(SOTK.rank, None)}
    assert {minimum, *fallback} <= set(by_label)
    # "Dalam hal tidak terdapat ... Ahli Muda ... maka ... Ahli Pertama": the fallback is lower
    assert schemes.value(by_label[fallback[0]], SOTK.rank) < schemes.value(
        by_label[minimum], SOTK.rank
    )


def test_every_duty_category_of_the_seed_text_has_a_concept(schemes: Graph) -> None:
    phrases = {
        p.lower() for p in re.findall(r"mempunyai (tugas pokok|fungsi|uraian tugas \w+)", SEED_TEXT)
    }
    assert {"tugas pokok", "fungsi", "uraian tugas manajerial"} <= phrases  # parser guard
    labels = {
        pref_label(schemes, c, "id").lower()
        for c in scheme_concepts(schemes, "kategori-tugas").values()
    }
    assert phrases <= labels


def test_every_unsur_of_pasal_6_has_a_concept(schemes: Graph) -> None:
    pasal_6 = SEED_TEXT[SEED_TEXT.index("Pasal6") : SEED_TEXT.index("Pasal 7")]
    unsur = re.findall(r"^- [a-z]\. ([A-Z][A-Za-z ]+?) adalah", pasal_6, flags=re.M)
    assert unsur == ["Pimpinan", "Pembantu Pimpinan", "Pelaksana"]
    labels = {
        pref_label(schemes, c, "id") for c in scheme_concepts(schemes, "unsur-organisasi").values()
    }
    assert set(unsur) == labels


def test_subdivision_concepts_point_at_their_classes(schemes: Graph) -> None:
    concepts = scheme_concepts(schemes, "jenis-subdivisi")
    assert {schemes.value(c, RDFS.seeAlso) for c in concepts.values()} == {
        SOTK[k] for k in PROVISION_KINDS
    }
    assert all((c, RDF.type, ELI.SubdivisionType) in schemes for c in concepts.values())


# ----------------------------------------------------------------------------- the data, once built


def _data_files() -> list[Path]:
    return Layout(REPO_ROOT).data


needs_data = pytest.mark.skipif(
    not _data_files(), reason="data/graph/*.ttl not built yet (run the pipeline); runs once it is"
)


@needs_data
def test_data_uses_only_declared_terms(onto: Graph) -> None:
    data = load(_data_files())
    problems = (
        check_local_terms_declared(onto, data, "data/graph")
        + check_external_terms_declared(onto, data, "data/graph")
        + check_profile(onto, data, "data/graph")
    )
    assert problems == []


@needs_data
def test_data_is_consistent_with_the_ontology(onto: Graph, imports: Graph, schemes: Graph) -> None:
    assert check_consistency(onto + imports + schemes + load(_data_files())) == []


@pytest.mark.parametrize(
    ("scheme", "parent"),
    [("jenis-unit", "UnitOrganisasi"), ("jenis-perangkat-daerah", "PerangkatDaerah")],
)
def test_kinds_point_at_their_classes_and_leader_roles(
    schemes: Graph, onto: Graph, scheme: str, parent: str
) -> None:
    # the pipeline reads a unit's class from rdfs:seeAlso and its head's role from sotk:leaderRole
    roles = set(scheme_concepts(schemes, "peran").values())
    for concept in scheme_concepts(schemes, scheme).values():
        cls = schemes.value(concept, RDFS.seeAlso)
        assert (cls, RDFS.subClassOf, SOTK[parent]) in onto, concept
        leader = schemes.value(concept, SOTK.leaderRole)
        member = schemes.value(concept, SOTK.memberRole)
        assert (leader is None) != (member is None), concept  # a head, or members without one
        assert (leader or member) in roles, concept
