"""`sotk_kg/namespaces.py` is what `python -m sotk_kg.namegen` makes of the ontology and shapes
as they are: regenerating changes nothing, and a declaration added without regenerating is seen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from repo_paths import REPO_ROOT

from sotk_kg import namegen
from sotk_kg.namespaces import PREFIXES, SOTK, SOTK_ONTOLOGY, SOTKSH, SRV


def test_the_committed_module_is_the_generated_one() -> None:
    committed = namegen.OUTPUT.read_text(encoding="utf-8")
    assert namegen.render(REPO_ROOT) == committed
    assert namegen.main(["--check"]) == 0


def _copy(tmp_path: Path) -> Path:
    for folder in ("ontology", "shapes"):
        shutil.copytree(REPO_ROOT / folder, tmp_path / folder)
    return tmp_path


def test_a_term_declared_without_regenerating_is_seen(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    onto = root / "ontology" / "sotk.ttl"
    onto.write_text(
        onto.read_text(encoding="utf-8") + "\nsotk:KelasBelumAda a owl:Class .\n", encoding="utf-8"
    )
    text = namegen.render(root)
    assert text != namegen.OUTPUT.read_text(encoding="utf-8")
    assert "    KelasBelumAda: URIRef\n" in text


def test_every_declared_term_is_a_member_and_nothing_else() -> None:
    # ontology/sotk.ttl: "sotk:Pasal a owl:Class", "sotk:sourceLine a owl:DatatypeProperty";
    # shapes/roster.shacl.ttl names a property shape "sotksh:Membership-nip"
    assert str(SOTK.Pasal) == "https://w3id.org/sotk-kg/def/sotk#Pasal"
    assert str(SOTK["sourceLine"]) == "https://w3id.org/sotk-kg/def/sotk#sourceLine"
    assert str(SOTKSH["Membership-nip"]) == "https://w3id.org/sotk-kg/def/shapes#Membership-nip"
    assert str(SRV.maxResultRows) == "https://w3id.org/sotk-kg/def/server#maxResultRows"
    assert str(SOTK_ONTOLOGY) == "https://w3id.org/sotk-kg/def/sotk"
    assert PREFIXES["sotk"] == str(SOTK)
    with pytest.raises(AttributeError, match="Pasl"):
        _ = SOTK.Pasl
    # a documented defect is an instance, not vocabulary
    with pytest.raises(AttributeError):
        _ = SOTKSH["defect-perbup-kab-bekasi-2021-99-pelaksana-fungsi"]


def test_an_ontology_without_its_header_is_refused(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    onto = root / "ontology" / "server.ttl"
    onto.write_text(
        onto.read_text(encoding="utf-8").replace("a owl:Ontology", "a owl:Thing"), encoding="utf-8"
    )
    with pytest.raises(SystemExit, match=r"server\.ttl: no owl:Ontology"):
        namegen.render(root)
