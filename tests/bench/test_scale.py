"""The pure helpers of bench/scale.py: nearest-rank percentiles, pointing the query catalogue at a
generated regulation, and the table staying readable when a part is missing."""

from __future__ import annotations

import json
from pathlib import Path

from bench.scale import NA, catalogue, percentile, render


def test_percentile_is_nearest_rank():
    values = [5.0, 1.0, 4.0, 2.0, 3.0]
    assert percentile(values, 50) == 3.0
    assert percentile(values, 95) == 5.0  # with five samples, p95 is the slowest
    assert percentile(list(range(1, 101)), 95) == 95
    assert percentile([], 50) is None


def test_catalogue_points_values_parameters_at_the_given_regulation(tmp_path: Path):
    (tmp_path / "01-post.rq").write_text(
        "SELECT ?d WHERE {\n  VALUES ?post { <https://w3id.org/sotk-kg/id/post/kab-bekasi/x> }\n"
        "  ?post <p> ?d }\n",
        encoding="utf-8",
    )
    (tmp_path / "02-all.rq").write_text("SELECT ?s WHERE { ?s a <C> }\n", encoding="utf-8")
    (tmp_path / "03-phrase.rq").write_text(
        'SELECT ?t WHERE { VALUES ?phrase { "simpan pinjam" } ?t <q> ?phrase }\n', encoding="utf-8"
    )
    queries = {
        q.name: q
        for q in catalogue(tmp_path, {"post": "<urn:new-post>", "phrase": '"bimbingan teknis"'})
    }
    assert "VALUES ?post { <urn:new-post> }" in queries["01-post"].text
    assert "kab-bekasi" not in queries["01-post"].text
    assert queries["01-post"].scope == "one regulation"
    assert queries["02-all"].scope == "corpus"
    assert 'VALUES ?phrase { "bimbingan teknis" }' in queries["03-phrase"].text
    assert queries["03-phrase"].scope == "corpus"  # a phrase search still scans every graph


def test_dated_questions_get_a_day_and_two_versions_of_the_corpus(tmp_path: Path):
    """queries/18-20 name a date and two versions of the seed: pointed at the corpus instead
    (today: every generated regulation is in force; the enacted versions of two of them)."""
    from bench.scale import version_parameters

    (tmp_path / "19-on-a-date.rq").write_text(
        'SELECT ?d WHERE { VALUES ?date { "2022-06-01"^^xsd:date } ?x <p> ?d }\n', encoding="utf-8"
    )
    (tmp_path / "20-pair.rq").write_text(
        "SELECT ?c WHERE { { VALUES (?before ?after) {\n  (<urn:a/ind> <urn:b/ind>)\n }\n"
        "?before <p> ?c } UNION { VALUES (?before ?after) { (<urn:a/ind> <urn:b/ind>) } } }\n",
        encoding="utf-8",
    )
    params = version_parameters("<urn:w1>", "<urn:w2>")
    assert params["before"] == "<urn:w1/ind>" and params["after"] == "<urn:w2/ind>"
    queries = {q.name: q for q in catalogue(tmp_path, params)}
    dated = queries["19-on-a-date"].text
    assert "2022-06-01" not in dated and f"VALUES ?date {{ {params['date']} }}" in dated
    pair = queries["20-pair"]
    assert pair.text.count("VALUES (?before ?after) { (<urn:w1/ind> <urn:w2/ind>) }") == 2
    assert "urn:a" not in pair.text and pair.scope == "one regulation"


def test_table_says_which_parts_are_missing():
    machine = {
        "nproc": 2,
        "cpu": "x",
        "memory": "1 GiB",
        "os": "Linux",
        "python": "3.11",
        "packages": {},
        "git": "abc",
        "load_average_at_start": [0.1, 0.1, 0.1],
    }
    fig = {
        "n": 10,
        "build": {
            "seconds": 2.0,
            "regulations": 10,
            "agree": 9,
            "triples": 100,
            "disagree_examples": ["a.txt: units: ..."],
        },
        "load": NA,
        "serve": NA,
        "validate": NA,
        "add_one": NA,
        "remote": NA,
    }
    table = render({"day": "d", "machine": machine, "sizes": {"10": fig}})
    row = next(line for line in table.splitlines() if line.startswith("load: time"))
    assert row.split()[-1] == "n/a"
    assert "9/10" in next(line for line in table.splitlines() if "sidecar" in line)
    assert "N=10: a.txt: units: ..." in table


def test_a_cut_off_answer_is_not_counted_as_an_answer():
    """The Oxigraph server answers 200 with a cut-off body when its own timeout fires; the bench
    must count that as a failure, also when the cut falls after a "." inside a literal."""
    from bench.scale import _count_rows

    triples = b'<http://a> <http://b> "x." .\n<http://a> <http://b> <http://c> .\n'
    assert _count_rows(triples, "application/n-triples") == 2
    assert _count_rows(triples[:25], "application/n-triples") is None  # ends with '"x.'
    rows = b'{"results": {"bindings": [{}, {}]}}'
    assert _count_rows(rows, "application/sparql-results+json") == 2
    assert _count_rows(rows[:20], "application/sparql-results+json") is None


def test_the_default_corpus_is_the_mixed_kind_one_and_its_graphs_are_checked(tmp_path: Path):
    """bench/kinds.py by default: texts of several kinds (text i is of kind KINDS[i % 6]), each
    checked against its .expected.json; the query parameters are read from a built graph."""
    from rdflib import Graph

    from bench.kinds import KINDS
    from bench.scale import default_seed, graph_parameters, main, problems_of, write_texts
    from sotk_kg.pipeline.build import build_graph

    assert KINDS[:2] == ("Dinas", "Badan")
    texts = write_texts("kinds", 2, tmp_path, default_seed("kinds"))
    assert [p.name.split("-")[-1] for p in texts] == ["0.txt", "1.txt"]
    base = "https://w3id.org/sotk-kg"
    graphs = [build_graph(p.read_text("utf-8"), p.name, base).graph for p in texts]
    for path, graph in zip(texts, graphs, strict=True):
        sidecar = json.loads(path.with_suffix(".expected.json").read_text("utf-8"))
        assert problems_of("kinds", graph, base, sidecar) == []
        sidecar["units"] = [*sidecar["units"], "Bidang Yang Tidak Ada"]
        assert problems_of("kinds", graph, base, sidecar) == ["units differ: Bidang Yang Tidak Ada"]
    params = graph_parameters(graphs[0])
    assert params["post"].endswith("/kepala-dinas>")  # text 0 is a Dinas: its head
    assert "/eli/id/" in params["regulation"] and params["pasal"].endswith("/pasal/7>")
    assert isinstance(graphs[0], Graph)
    import pytest

    with pytest.raises(SystemExit):
        main(["--corpus", "nonesuch"])


def test_a_kept_build_is_reused_only_for_the_same_corpus(tmp_path: Path):
    """--reuse-build: the folder goes back to just after the recorded build (the store, the
    servers' data and a graph added since are removed); another size, seed or kind is rebuilt."""
    import argparse

    from bench.scale import BUILT, _reusable

    graphs = tmp_path / "root" / "data" / "graph"
    graphs.mkdir(parents=True)
    for name in ("a.nq", "b.nq", "added-later.nq"):
        (graphs / name).write_text("", encoding="utf-8")
    for folder in ("source", "held-back", "store", "virtuoso"):
        (tmp_path / folder).mkdir()
    build = {"seconds": 1.0}
    record = {"n": 2, "seed": 7, "corpus": "dinas", "generate_s": 0.1, "source_mib": 0.0,
              "build": build, "graph_mib": 0.0, "texts": ["x.txt", "y.txt"],
              "graphs": ["a.nq", "b.nq"], "built_at": "then"}  # fmt: skip
    (tmp_path / BUILT).write_text(json.dumps(record), encoding="utf-8")
    dinas = argparse.Namespace(corpus="dinas")
    assert _reusable(tmp_path, {"n": 2, "seed": 8}, dinas) is None
    assert _reusable(tmp_path, {"n": 2, "seed": 7}, argparse.Namespace(corpus="kinds")) is None
    assert (tmp_path / "store").is_dir()  # nothing removed for a corpus that is not reused
    fig: dict = {"n": 2, "seed": 7}
    assert _reusable(tmp_path, fig, dinas) == record
    assert sorted(p.name for p in tmp_path.iterdir()) == [BUILT, "held-back", "root", "source"]
    assert sorted(p.name for p in graphs.iterdir()) == ["a.nq", "b.nq"]
    assert fig["build"] == {**build, "reused_from": "then"}
