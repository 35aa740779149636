"""The lexicon reads the ontology's schemes: terms, labels, properties as the files write them."""

from __future__ import annotations

from pathlib import Path

import pytest

from sotk_kg import lexicon
from sotk_kg.lexicon import LexiconError, scheme


def test_a_role_reads_as_peran_ttl_writes_it() -> None:
    # ontology/schemes/peran.ttl: c:kepala-dinas skos:prefLabel "Kepala Dinas"@id ;
    # rdfs:seeAlso sotk:KepalaDinas
    term = scheme("peran").term("kepala-dinas")
    assert term.label("id") == "Kepala Dinas"
    assert term.iri == "https://w3id.org/sotk-kg/id/concept/peran/kepala-dinas"
    assert term.local_name("rdfs:seeAlso") == "KepalaDinas"
    assert scheme("peran").iri == "https://w3id.org/sotk-kg/id/concept/peran"


def test_every_concept_of_a_scheme_is_a_term() -> None:
    text = (lexicon.SCHEMES_DIR / "jenis-subdivisi.ttl").read_text(encoding="utf-8")
    notations = {line.split('"')[1] for line in text.splitlines() if "skos:notation" in line}
    assert {t.notation for t in scheme("jenis-subdivisi")} == notations
    assert {"pasal", "ayat", "huruf", "angka"} <= notations


def test_unknown_scheme_and_notation_say_which(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match=r"no scheme file .*nope\.ttl"):
        scheme("nope")
    with pytest.raises(LexiconError, match="'kepala-nope' in scheme 'peran'"):
        scheme("peran").term("kepala-nope")


def test_a_scheme_file_without_notation_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "broken.ttl").write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<urn:s> a skos:ConceptScheme .\n<urn:c> a skos:Concept ; skos:inScheme <urn:s> .\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(lexicon, "SCHEMES_DIR", tmp_path)
    scheme.cache_clear()
    try:
        with pytest.raises(LexiconError, match="urn:c has no skos:notation"):
            scheme("broken")
    finally:
        scheme.cache_clear()


def test_language_tagged_values_are_kept_per_language() -> None:
    # jenis-subdivisi.ttl: c:ayat sotk:citationLabel "ayat"@id , "paragraph"@en ;
    # jenis-peraturan.ttl: c:perwal skos:hiddenLabel "Peraturan Walikota"@id
    ayat = scheme("jenis-subdivisi").term("ayat")
    assert (ayat.text("sotk:citationLabel", "id"), ayat.text("sotk:citationLabel", "en")) == (
        "ayat",
        "paragraph",
    )
    perwal = scheme("jenis-peraturan").term("perwal")
    assert perwal.texts_in("skos:hiddenLabel", "id") == ("Peraturan Walikota",)
    assert perwal.texts_in("skos:hiddenLabel", "en") == ()
    with pytest.raises(LexiconError, match=r"perwal: skos:altLabel has 0 values @en"):
        perwal.text("skos:altLabel", "en")
