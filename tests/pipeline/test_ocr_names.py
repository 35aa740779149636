"""Names a scan misread still name their posts and units: "Kepala Bidanq" (q for g), "Kepa1a"
(1 for l), "Sekretarls" (l for i). The provisions keep the text as written; who holds a duty,
who reports to whom and who bears a working rule are read as from the clean text, and the
misreading is noted."""

from __future__ import annotations

import re

import pytest
from rdflib import URIRef
from repo_paths import REPO_ROOT

from sotk_kg.pipeline import build_graph
from sotk_kg.pipeline.build import BuildResult
from sotk_kg.pipeline.repairs.base import ocr_key

SEED = REPO_ROOT / "data" / "source" / "perbup-bekasi-99-2021.txt"
BASE = "https://w3id.org/sotk-kg"
SOTK = "https://w3id.org/sotk-kg/def/sotk#"
ORG = "http://www.w3.org/ns/org#"
SKOS_NOTE = URIRef("http://www.w3.org/2004/02/skos/core#editorialNote")
# What the organisation and the duties say: the readings a misread name must not change.
READINGS = [SOTK + "dutyOf", SOTK + "bearerRole", ORG + "reportsTo", SOTK + "reportsDirectlyTo",
            ORG + "holds", ORG + "postIn", ORG + "unitOf", ORG + "headOf"]  # fmt: skip
MISREADINGS = {
    "q for g": ("Kepala Bidang", "Kepala Bidanq"),
    "1 for l": ("Kepala Sub Bagian", "Kepa1a Sub Bagian"),
    "l for i": ("Sekretaris", "Sekretarls"),
}


def readings(result: BuildResult) -> set[tuple[str, str, str]]:
    return {
        (str(s), str(p), str(o))
        for p in map(URIRef, READINGS)
        for s, o in result.graph.subject_objects(p)
    }


@pytest.mark.parametrize("kind", MISREADINGS)
def test_a_misread_name_names_its_post(kind: str) -> None:
    right, wrong = MISREADINGS[kind]
    clean = SEED.read_text(encoding="utf-8")
    # every other line that names it, so that both spellings meet in one text
    lines = clean.splitlines()
    naming = [i for i, line in enumerate(lines) if re.search(rf"\b{right}\b", line)]
    assert len(naming) >= 4, "the seed names it often"
    for i in naming[::2]:
        lines[i] = re.sub(rf"\b{right}\b", wrong, lines[i])
    damaged = build_graph("\n".join(lines), SEED.name, BASE)
    reference = build_graph(clean, SEED.name, BASE)
    assert damaged.warnings == reference.warnings
    assert readings(damaged) == readings(reference)
    # each misread word is noted where it is read, with the word it was read as
    misread = next(w for w in wrong.split() if w not in right.split())
    meant = right.split()[wrong.split().index(misread)]
    notes = [str(o) for o in damaged.graph.objects(None, SKOS_NOTE)]
    expected = f"Source reads '{misread}' (OCR misread); read as '{meant}'."
    assert sum(note == expected for note in notes) >= len(naming[::2]) // 2


@pytest.mark.parametrize(
    ("a", "b"),
    [("Bidanq", "Bidang"), ("Kepa1a", "Kepala"), ("Sekretarls", "Sekretaris"), ("0", "o")],
)
def test_ocr_key_makes_misread_letters_one(a: str, b: str) -> None:
    assert ocr_key(a) == ocr_key(b) and len(ocr_key(a)) == len(a)


@pytest.mark.parametrize(("a", "b"), [("Seksi I", "Seksi II"), ("Bidang A", "Bidang B")])
def test_ocr_key_keeps_other_names_apart(a: str, b: str) -> None:
    assert ocr_key(a) != ocr_key(b)


def test_a_clean_text_has_no_word_read_as_misread() -> None:
    reference = build_graph(SEED.read_text(encoding="utf-8"), SEED.name, BASE)
    notes = [str(o) for o in reference.graph.objects(None, SKOS_NOTE)]
    assert [n for n in notes if n.startswith("Source reads '") and "(OCR misread)" in n] == []


@pytest.mark.parametrize(
    ("right", "wrong"), [("Menimbang", "Menimbanq"), ("Mengingat", "Menqingat")]
)
def test_a_misread_block_word_opens_its_block(right: str, wrong: str) -> None:
    """Without its block word the preamble's considerations or legal bases are not read."""
    clean = SEED.read_text(encoding="utf-8")
    assert clean.count(f"\n- {right} :") == 1  # the seed's web copy: "- Menimbang : a. ..."
    damaged = build_graph(clean.replace(f"\n- {right} :", f"\n- {wrong} :"), SEED.name, BASE)
    reference = build_graph(clean, SEED.name, BASE)
    note = URIRef(str(SKOS_NOTE))
    other = (note, URIRef(SOTK + "sha256"))  # the notes, and the digest of another text
    assert {t for t in damaged.graph if t[1] not in other} == {
        t for t in reference.graph if t[1] not in other
    }
    notes = {str(o) for o in damaged.graph.objects(None, note)}
    assert f"Source reads '{wrong}' (OCR misread); read as '{right}'." in notes
