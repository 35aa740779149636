"""Reading the query catalogue (`queries/*.rq`) and its expected answers, and comparing answers.

Shared by the store test, the HTTP test and the cross-regulation test, so that all three read
the expected files and normalise results in exactly one way.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, Namespace, URIRef
from repo_paths import REPO_ROOT

from sotk_kg.settings import Settings

QUERIES_DIR = REPO_ROOT / "queries"
EXPECTED_DIR = QUERIES_DIR / "expected"

# Every .rq starts with these header lines (`# key: value`), in this order.
HEADER_KEYS = (
    "title",
    "judul",
    "question (en)",
    "pertanyaan (id)",
    "provisions",
    "parameters",
)

ORG = Namespace("http://www.w3.org/ns/org#")
SOTK = Namespace("https://w3id.org/sotk-kg/def/sotk#")

Table = tuple[list[str], list[list[str]]]  # (header, rows); every cell a string, "" if unbound


@dataclass(frozen=True)
class CatalogueQuery:
    path: Path
    text: str

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def header(self) -> dict[str, str]:
        return parse_header(self.text)

    @property
    def body(self) -> str:
        """The query without comment lines (a `#` inside an IRI is not a comment start)."""
        return "\n".join(
            line for line in self.text.splitlines() if not line.lstrip().startswith("#")
        )

    @property
    def is_construct(self) -> bool:
        return re.search(r"\bCONSTRUCT\b", self.body, re.IGNORECASE) is not None

    @property
    def is_ordered(self) -> bool:
        """Whether the answer order is part of the answer (the catalogue has no ORDER BY in
        sub-queries, so any ORDER BY is the outer one)."""
        return re.search(r"\bORDER\s+BY\b", self.body, re.IGNORECASE) is not None

    @property
    def values_defaults(self) -> list[str]:
        """The values of the query's VALUES blocks (its parameters' defaults), as written."""
        found: list[str] = []
        for block in re.findall(r"\bVALUES\s+\?\w+\s*\{([^}]*)\}", self.body, re.IGNORECASE):
            found += re.findall(r'<[^>]*>|"[^"]*"', block)
        return found

    @property
    def expected_path(self) -> Path:
        suffix = ".json" if self.is_construct else ".csv"
        return EXPECTED_DIR / f"{self.name}{suffix}"


def parse_header(text: str) -> dict[str, str]:
    """The `# key: value` lines of the leading comment block."""
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line.lstrip("#").partition(":")
        if sep:
            header.setdefault(key.strip(), value.strip())
    return header


def catalogue() -> list[CatalogueQuery]:
    return [
        CatalogueQuery(path, path.read_text(encoding="utf-8"))
        for path in sorted(QUERIES_DIR.glob("*.rq"))
    ]


def read_csv_table(data: str) -> Table:
    rows = list(csv.reader(io.StringIO(data)))
    if not rows:
        raise ValueError("empty CSV: not even a header line")
    return rows[0], rows[1:]


def expected_table(path: Path) -> Table:
    return read_csv_table(path.read_text(encoding="utf-8"))


def json_results_table(data: bytes) -> Table:
    """A SPARQL 1.1 JSON results document as a table, cells as CSV would write them."""
    doc = json.loads(data)
    variables = doc["head"]["vars"]
    rows = [
        [binding[v]["value"] if v in binding else "" for v in variables]
        for binding in doc["results"]["bindings"]
    ]
    return variables, rows


def assert_same_table(expected: Table, actual: Table, ordered: bool, what: str) -> None:
    """Exact comparison; order-insensitive (as a multiset) unless the query orders its rows."""
    exp_header, exp_rows = expected
    act_header, act_rows = actual
    assert act_header == exp_header, f"{what}: variables differ"
    if not ordered:
        exp_rows, act_rows = sorted(exp_rows), sorted(act_rows)
    missing = [r for r in exp_rows if r not in act_rows]
    extra = [r for r in act_rows if r not in exp_rows]
    assert act_rows == exp_rows, (
        f"{what}: {len(act_rows)} rows, expected {len(exp_rows)}\n"
        f"missing: {missing[:5]}\nunexpected: {extra[:5]}"
    )


def subgraph_facts(graph: Graph) -> dict[str, object]:
    """What the expected file of a CONSTRUCT query states about its graph: the units, the
    posts, the number of duties of each post and the number of duty nodes."""
    duties = set(graph.subjects(RDF.type, SOTK.Tugas))
    posts = sorted(str(p) for p in graph.subjects(RDF.type, ORG.Post))
    return {
        "units": sorted(str(u) for u in graph.subjects(RDF.type, ORG.OrganizationalUnit)),
        "posts": posts,
        "duties_per_post": {
            p: sum(1 for d in graph.objects(URIRef(p), SOTK.hasDuty) if d in duties) for p in posts
        },
        "duties_total": len(duties),
    }


def expected_facts(path: Path) -> dict[str, object]:
    return json.loads(path.read_text(encoding="utf-8"))


# query name -> the data defect that makes its answer on the seed wrong (reported to the
# pipeline engineers); such a test is a strict xfail, so it fails loudly once the data is fixed.
DATA_DEFECTS: dict[str, str] = {
    "12-kewenangan": (
        "Pasal 12 ayat (6) huruf f ('mengoordinasikan pengawasan dan pemeriksaan koperasi dan "
        "koperasi simpan pinjam/unit simpan pinjam koperasi ...') restates Pasal 2 ayat (2) "
        "huruf a ('pengawasan dan pemeriksaan'), but the linking rule (sotk_kg/pipeline/duties.py, "
        "implemented_kewenangan) takes a key phrase only when a qualifier word or punctuation "
        "follows it, and here the object 'koperasi' does: no sotk:implementsKewenangan is made"
    ),
}


def with_known_defects(queries: list[CatalogueQuery]) -> list[object]:
    """pytest parameters, one per query, marked xfail(strict) when its data is known wrong."""
    return [
        pytest.param(
            q,
            id=q.name,
            marks=[pytest.mark.xfail(strict=True, reason=DATA_DEFECTS[q.name])]
            if q.name in DATA_DEFECTS
            else [],
        )
        for q in queries
    ]


def as_served(text: str, texts: object) -> str:
    """A catalogue query as the server runs it: read by the guard, `sotk:matches` answered by
    `texts` (a store backend, or a matcher of server/textmatch.py)."""
    from sotk_kg.server.guard import check_query
    from sotk_kg.server.textmatch import expand

    return expand(check_query(text), texts)


def run_embedded(store: ox.Store, text: str) -> object:
    """A catalogue query on an embedded store, as the server runs it (its text index built from
    the store when the query needs it)."""
    from sotk_kg.store.backend import EmbeddedBackend

    return store.query(as_served(text, EmbeddedBackend(store)))


def require_seed_graph(settings: Settings) -> None:
    """The session built the regulation graphs (tests/conftest.py): fail, naming the folder, if
    there are none."""
    assert any(settings.graph_dir.glob("*.nq")), f"no regulation graph in {settings.graph_dir}"
