"""Every shape that can report a result cites a provision (its own dct:source, or that of the node
shape it is a property of) and has its message in Indonesian and English."""

from __future__ import annotations

import pytest
from rdflib import RDF, URIRef
from rdflib.term import Node
from shapes_support import SH, SHAPES, declared_messages

from sotk_kg.checks.findings import provision_label, shape_provisions

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def reporting_shapes() -> set[Node]:
    """Targeted node shapes with their own (SPARQL) constraint, and the property shapes of
    targeted node shapes: what pySHACL names as sh:sourceShape of a top-level result."""
    targeted = {s for t in TARGETS for s in SHAPES.subjects(t, None)}
    found: set[Node] = {s for s in targeted if (s, SH.sparql, None) in SHAPES}
    found |= {p for s in targeted for p in SHAPES.objects(s, SH.property)}
    return found


SHAPES_THAT_REPORT = sorted(reporting_shapes(), key=str)


def test_there_are_shapes() -> None:
    assert len(SHAPES_THAT_REPORT) > 50
    assert all(isinstance(s, URIRef) for s in SHAPES_THAT_REPORT)  # named, so a report names it


@pytest.mark.parametrize("shape", SHAPES_THAT_REPORT, ids=lambda s: str(s).rsplit("#", 1)[-1])
def test_shape_cites_a_provision_and_speaks_both_languages(shape: URIRef) -> None:
    provisions = shape_provisions(SHAPES, shape)
    assert provisions, "no dct:source, own or inherited"
    assert all(p.startswith("https://w3id.org/sotk-kg/eli/id/") for p in provisions)
    assert set(declared_messages(str(shape))) == {"id", "en"}
    labels = {lang: SHAPES.value(shape, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
              for lang in ("id", "en")}  # fmt: skip
    assert all(labels.values())


def test_inherited_provisions() -> None:
    # the reporting line's property shapes have no dct:source of their own
    shape = URIRef("https://w3id.org/sotk-kg/def/shapes#ReportingLine-subordinate")
    assert (shape, URIRef("http://purl.org/dc/terms/source"), None) not in SHAPES
    assert shape_provisions(SHAPES, shape) == shape_provisions(
        SHAPES, URIRef("https://w3id.org/sotk-kg/def/shapes#ReportingLineShape")
    )


def test_nip_rules_cite_their_real_basis() -> None:
    bkn = "https://w3id.org/sotk-kg/eli/id/perka-bkn/id/2007/22"
    for name in ("Membership-nip", "NipDatesShape"):
        assert shape_provisions(SHAPES, URIRef(f"https://w3id.org/sotk-kg/def/shapes#{name}")) == [
            bkn
        ]
    assert (
        URIRef(bkn),
        RDF.type,
        URIRef("http://data.europa.eu/eli/ontology#LegalResource"),
    ) in SHAPES


def test_english_provision_labels_are_english() -> None:
    iri = "https://w3id.org/sotk-kg/eli/id/perbup/kab-bekasi/2021/99/pasal/7/ayat/1/huruf/b"
    assert provision_label(iri, "en").startswith("Article 7 paragraph (1) point b, ")
    assert provision_label(iri, "id").startswith("Pasal 7 ayat (1) huruf b, ")


def test_provision_labels_name_the_regulation_and_its_region() -> None:
    work = "https://example.org/kg/eli/id/perbup/kab-bekasi/2021/99"
    assert (
        provision_label(f"{work}/pasal/25/ayat/2", "id")
        == "Pasal 25 ayat (2), Perbup kab-bekasi 99/2021"
    )
    assert provision_label(work, "en") == "Perbup kab-bekasi 99/2021"
    national = "https://w3id.org/sotk-kg/eli/id/pp/id/2016/18/pasal/3"
    assert provision_label(national, "en") == "Article 3, PP 18/2016"  # short codes upper case
    # the abbreviation is the scheme's skos:altLabel (jenis-peraturan.ttl: "Permenpan RB"@id)
    menpan = "https://w3id.org/sotk-kg/eli/id/permenpanrb/id/2023/1/pasal/2/angka/3"
    assert provision_label(menpan, "en") == "Article 2 item 3, Permenpan RB 1/2023"
    assert provision_label("https://w3id.org/sotk-kg/id/org/kab-bekasi", "en") == (
        "https://w3id.org/sotk-kg/id/org/kab-bekasi"
    )
