"""Same answers everywhere: every question of `queries/` gives the same answer, value for value
(IRIs, literals with their datatype and language), on the embedded store, on Virtuoso and on the
Oxigraph server, both read through our remote layer (`RemoteEndpoint`); in the same order only
where the query orders its rows. The engines' differences found and how each is met are in
docs/stack-findings.md ("Virtuoso")."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from liveserver import free_port

from sotk_kg.iris import DEFAULT_BASE
from sotk_kg.server.textmatch import VirtuosoMatcher
from sotk_kg.settings import Settings
from sotk_kg.store.load import load_memory, with_versions
from sotk_kg.store.remote import RemoteBackend, RemoteEndpoint, push
from sotk_kg.store.virtuoso import VirtuosoServer, bulk_load

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "queries"))
from querycheck import CatalogueQuery, as_served, catalogue, run_embedded

pytestmark = [pytest.mark.virtuoso, pytest.mark.remote]

QUERIES = catalogue()
OXIGRAPH = Path(sys.executable).parent / "oxigraph"


@pytest.fixture(scope="module")
def seed_settings() -> Settings:
    return dataclasses.replace(Settings(), base=DEFAULT_BASE)


@pytest.fixture(scope="module")
def embedded(seed_settings: Settings) -> ox.Store:
    return load_memory(seed_settings)


@pytest.fixture(scope="module")
def on_virtuoso(virtuoso: VirtuosoServer, seed_settings: Settings) -> RemoteEndpoint:
    bulk_load(with_versions(seed_settings)[0], virtuoso.load_dir, virtuoso.sql, virtuoso.user,
              virtuoso.password)  # fmt: skip
    return RemoteEndpoint(virtuoso.sparql)


@pytest.fixture(scope="module")
def on_oxigraph(seed_settings: Settings) -> Iterator[RemoteEndpoint]:
    exe = str(OXIGRAPH) if OXIGRAPH.exists() else shutil.which("oxigraph")
    if exe is None:
        pytest.skip("the oxigraph CLI (pip install oxigraph) is not installed")
    folder = Path(tempfile.mkdtemp(prefix="sotk-oxigraph-"))
    port = free_port()
    proc = subprocess.Popen([exe, "serve", "--location", str(folder), "--bind",
                             f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None and time.monotonic() < deadline, "oxigraph did not start"
                time.sleep(0.1)
        endpoint = RemoteEndpoint(f"{url}/query", f"{url}/store")
        push(endpoint, with_versions(seed_settings)[0])
        yield endpoint
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def answer(result: object, query: CatalogueQuery) -> list[tuple[str, ...]] | Counter[str]:
    """Rows as N-Triples spellings of their terms (value, datatype, language), in the engine's
    order if the query orders, else as a multiset; a graph as the multiset of its triples."""
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows = [tuple(str(s[n]) if s[n] is not None else "" for n in names) for s in result]
        return rows if query.is_ordered else Counter("\t".join(r) for r in rows)
    return Counter(str(t) for t in result)  # type: ignore[attr-defined]


# Its default versions are the repeal pair of fixtures, not the seed (the seed has one version);
# tests/queries/test_queries_by_date.py checks it with them.
NO_ANSWER_ON_SEED = {"20-changes-between-versions"}


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_virtuoso_answers_as_the_embedded_store(
    query: CatalogueQuery, embedded: ox.Store, on_virtuoso: RemoteEndpoint
) -> None:
    expected = answer(run_embedded(embedded, query.text), query)
    assert expected or query.name in NO_ANSWER_ON_SEED, f"{query.name} has no answer on the seed"
    served = as_served(query.text, VirtuosoMatcher())  # sotk:matches on its own text index
    assert answer(on_virtuoso.query(served), query) == expected


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_oxigraph_server_answers_as_the_embedded_store(
    query: CatalogueQuery, embedded: ox.Store, on_oxigraph: RemoteEndpoint
) -> None:
    expected = answer(run_embedded(embedded, query.text), query)
    served = as_served(query.text, RemoteBackend(on_oxigraph))  # the index read from the server
    assert answer(on_oxigraph.query(served), query) == expected
