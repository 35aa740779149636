"""The repeal pair of fixtures, built into a project tree with the ontology and shapes.

`perbup-contoh-2024-11-badan.txt` (Perbup Mekarsari 11/2024, promulgated and in force 5 March
2024) and `perbup-contoh-2025-21-badan-pengganti.txt` (Perbup Mekarsari 21/2025, in force on its
promulgation, 3 June 2025; Pasal 10 repeals 11/2024). Read from the texts:
- the Kepala Sub Bidang Promosi reports to the Kepala Bidang Mutasi dan Promosi under 11/2024
  (Pasal 7 ayat (4)), to the Kepala Bidang Pengembangan Kompetensi under 21/2025 (Pasal 8 ayat (3));
- the Kepala Badan has 4 duties under 11/2024 (Pasal 4: the tugas of ayat (1), fungsi a-c of
  ayat (2)) and 5 under 21/2025 (Pasal 4: the tugas, fungsi a-d).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from repo_paths import REPO_ROOT

from sotk_kg.iris import DEFAULT_BASE

B = DEFAULT_BASE
SOTK = "https://w3id.org/sotk-kg/def/sotk#"
FIXTURES = REPO_ROOT / "tests" / "fixtures"
SOURCES = (
    FIXTURES / "perbup-contoh-2024-11-badan.txt",
    FIXTURES / "perbup-contoh-2025-21-badan-pengganti.txt",
)
OLD, NEW = f"{B}/eli/id/perbup/kab-mekarsari/2024/11", f"{B}/eli/id/perbup/kab-mekarsari/2025/21"
OLD_GRAPH = f"{B}/graph/perbup/kab-mekarsari/2024/11"
NEW_GRAPH = f"{B}/graph/perbup/kab-mekarsari/2025/21"
BADAN = f"{B}/id/post/kab-mekarsari/badan-kepegawaian-dan-pengembangan-sumber-daya-manusia"
BEFORE_REPEAL, AFTER_REPEAL = "2024-06-01", "2025-07-01"
OLD_SUPERIOR = f"{BADAN}/kepala-bidang-mutasi-dan-promosi"
NEW_SUPERIOR = f"{BADAN}/kepala-bidang-pengembangan-kompetensi"

_LINE = f"?line sotk:subordinate <{BADAN}/kepala-sub-bidang-promosi> ; sotk:superior ?superior"
_DUTY = f"<{BADAN}/kepala-badan> sotk:hasDuty ?duty"
# Who does the Kepala Sub Bidang Promosi report to? How many duties has the Kepala Badan?
SUPERIOR = f"PREFIX sotk: <{SOTK}> SELECT ?superior WHERE {{ {_LINE} }}"
DUTIES = f"PREFIX sotk: <{SOTK}> SELECT (COUNT(DISTINCT ?duty) AS ?n) WHERE {{ {_DUTY} }}"
# the same over every named graph
SUPERIOR_ALL = f"PREFIX sotk: <{SOTK}> SELECT ?superior WHERE {{ GRAPH ?g {{ {_LINE} }} }}"
DUTIES_ALL = f"""PREFIX sotk: <{SOTK}>
SELECT (COUNT(DISTINCT ?duty) AS ?n) WHERE {{ GRAPH ?g {{ {_DUTY} }} }}"""


def build_pair_root(root: Path) -> Path:
    """`root` made a project tree: ontology/, shapes/, queries/ and the pair in data/graph."""
    from sotk_kg.pipeline.build import build_files

    for folder in ("ontology", "shapes", "queries"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    build_files(list(SOURCES), root / "data" / "graph", DEFAULT_BASE)
    return root
