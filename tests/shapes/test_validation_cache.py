"""Incremental and parallel validation of structures (issue 7): the result cache and worker
processes give the same report as a fresh run in this process; what invalidates an entry; a
corrupt entry; `--no-cache`; pruning; the CLI's exit codes and its note on stderr."""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

import pytest
from rdflib.compare import isomorphic
from repo_paths import REPO_ROOT
from shapes_support import STRUCTURE, mutated_structure, other_dinas, sources_with_graph

from sotk_kg import cli
from sotk_kg.checks import cache, shacl, validation
from sotk_kg.checks.errors import UnusableInput
from sotk_kg.checks.validation import Sources, ValidationOutcome, validate_paths
from sotk_kg.pipeline import build_graph
from sotk_kg.settings import DEFAULT_BASE

SEED = REPO_ROOT / "data" / "graph" / "perbup-kab-bekasi-2021-99.ttl"
PERWAL = REPO_ROOT / "tests" / "fixtures" / "perwal-contoh-2023-7.txt"
VIOLATION = (REPO_ROOT / "tests/shapes/fixtures/violations/DirectSuperiorShape.ru").read_text()


def rendered(outcome: ValidationOutcome) -> list[str]:
    """Every report a user can get, byte for byte (the Turtle/JSON-LD ones are compared as
    graphs: their blank node labels are random in any run)."""
    return [
        outcome.to_text("id"),
        outcome.to_text("en"),
        outcome.to_html("id"),
        outcome.to_html("en"),
        json.dumps(outcome.to_json(), ensure_ascii=False, indent=2),
    ]


def assert_same(outcome: ValidationOutcome, expected: ValidationOutcome) -> None:
    assert outcome.conforms == expected.conforms
    assert outcome.checked == expected.checked
    assert outcome.findings == expected.findings
    assert rendered(outcome) == rendered(expected)
    assert isomorphic(outcome.report_graph, expected.report_graph)


def no_shacl(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("pySHACL ran: the result should have come from the cache")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Sources:
    """The seed (with its documented source defects) and the Perwal Sukamaju 7/2023 built."""
    graph_dir = tmp_path_factory.mktemp("corpus")
    shutil.copy(SEED, graph_dir / SEED.name)
    built = build_graph(PERWAL.read_text(encoding="utf-8"), PERWAL.name, DEFAULT_BASE)
    (graph_dir / f"{built.slug}.ttl").write_text(built.turtle(), encoding="utf-8")
    return sources_with_graph(graph_dir)


@pytest.fixture(scope="module")
def baseline(corpus: Sources) -> ValidationOutcome:
    """A fresh run in this process, no cache."""
    outcome = validate_paths([], sources=corpus)
    assert outcome.stats == {"validated": 2, "cached": 0}
    assert outcome.findings and any(f.documented for f in outcome.findings)
    return outcome


@pytest.fixture
def small(tmp_path: Path) -> Sources:
    """Two small published structures, and a copy of the shapes that a test may edit."""
    graph_dir = tmp_path / "graph"
    graph_dir.mkdir()
    shutil.copy(STRUCTURE, graph_dir / "a.ttl")
    other_dinas(graph_dir / "b.ttl")
    shapes_dir = tmp_path / "shapes"
    shutil.copytree(REPO_ROOT / "shapes", shapes_dir)
    return Sources(graph_dir, REPO_ROOT / "ontology", shapes_dir, DEFAULT_BASE)


def test_two_workers_give_the_report_of_one_process(
    corpus: Sources, baseline: ValidationOutcome
) -> None:
    outcome = validate_paths([], sources=corpus, jobs=2)
    assert_same(outcome, baseline)
    assert outcome.stats == {"validated": 2, "cached": 0}


def test_cache_hit_gives_the_same_report_without_pyshacl(
    corpus: Sources, baseline: ValidationOutcome, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = validate_paths([], sources=corpus, cache_dir=tmp_path)
    assert_same(first, baseline)
    assert len(list(tmp_path.glob("*.json"))) == 2
    monkeypatch.setattr(shacl, "run", no_shacl)
    for jobs in (1, 2):  # nothing left to validate: no worker is started either
        again = validate_paths([], sources=corpus, cache_dir=tmp_path, jobs=jobs)
        assert_same(again, baseline)
        assert again.stats == {"validated": 0, "cached": 2}
    # structure files given by path: their own entries (the findings name the file)
    files = sorted(corpus.graph_dir.glob("*.ttl"))
    monkeypatch.undo()
    as_files = validate_paths(files, sources=corpus, cache_dir=tmp_path)
    monkeypatch.setattr(shacl, "run", no_shacl)
    assert validate_paths(files, sources=corpus, cache_dir=tmp_path).findings == as_files.findings


def test_documented_defects_apply_to_cached_results(
    corpus: Sources, baseline: ValidationOutcome, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the documented source defects are read on every run: editing them needs no re-validation
    validate_paths([], sources=corpus, cache_dir=tmp_path)
    shapes_dir = tmp_path / "shapes"
    shutil.copytree(corpus.shapes_dir, shapes_dir)
    (shapes_dir / validation.DEFECTS_FILE).unlink()
    monkeypatch.setattr(shacl, "run", no_shacl)
    sources = Sources(corpus.graph_dir, corpus.ontology_dir, shapes_dir, corpus.base)
    outcome = validate_paths([], sources=sources, cache_dir=tmp_path)
    assert outcome.stats == {"validated": 0, "cached": 2}
    assert not any(f.documented for f in outcome.findings)
    assert [f.key for f in outcome.findings] == [f.key for f in baseline.findings]


def test_what_invalidates_an_entry(
    small: Sources, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "cache"

    def stats(sources: Sources = small) -> dict[str, int]:
        return validate_paths([], sources=sources, cache_dir=store).stats

    assert stats() == {"validated": 2, "cached": 0}
    assert stats() == {"validated": 0, "cached": 2}
    with (small.graph_dir / "b.ttl").open("a", encoding="utf-8") as f:
        f.write("# one byte more is another regulation file\n")
    assert stats() == {"validated": 1, "cached": 1}
    with (small.shapes_dir / "duties.shacl.ttl").open("a", encoding="utf-8") as f:
        f.write("# a shapes file changed\n")
    assert stats() == {"validated": 2, "cached": 0}
    assert stats(Sources(small.graph_dir, small.ontology_dir, small.shapes_dir,
                         "https://example.org/kg")) == {"validated": 2, "cached": 0}  # fmt: skip
    monkeypatch.setattr(cache, "CACHE_FORMAT", cache.CACHE_FORMAT + 1)
    assert stats() == {"validated": 2, "cached": 0}
    assert stats() == {"validated": 0, "cached": 2}
    monkeypatch.setattr(cache, "package_version", lambda: "99.0")  # another release
    assert stats() == {"validated": 2, "cached": 0}


def test_a_changed_ontology_file_invalidates(small: Sources, tmp_path: Path) -> None:
    ontology_dir = tmp_path / "ontology"
    shutil.copytree(small.ontology_dir, ontology_dir)
    sources = Sources(small.graph_dir, ontology_dir, small.shapes_dir, small.base)
    graph = [small.graph_dir / "a.ttl"]
    assert validate_paths(graph, sources=sources, cache_dir=tmp_path).stats["validated"] == 1
    assert validate_paths(graph, sources=sources, cache_dir=tmp_path).stats["cached"] == 1
    with (ontology_dir / "schemes" / "peran.ttl").open("a", encoding="utf-8") as f:
        f.write("# a scheme changed\n")
    assert validate_paths(graph, sources=sources, cache_dir=tmp_path).stats["validated"] == 1


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda raw: raw[: len(raw) // 2], id="truncated"),
        pytest.param(lambda raw: raw[:-3] + b"X" + raw[-2:], id="changed-byte"),
        pytest.param(lambda raw: b"not an entry", id="garbage"),
        pytest.param(
            lambda raw: raw.replace(f" {cache.CACHE_FORMAT} ".encode(), b" 0 ", 1),
            id="other-format",
        ),
    ],
)
def test_corrupt_entry_is_validated_again_with_a_warning(
    small: Sources, tmp_path: Path, caplog: pytest.LogCaptureFixture, damage
) -> None:
    graph = [small.graph_dir / "a.ttl"]
    fresh = validate_paths(graph, sources=small, cache_dir=tmp_path)
    [entry] = tmp_path.glob("*.json")
    entry.write_bytes(damage(entry.read_bytes()))
    with caplog.at_level(logging.WARNING, logger="sotk_kg.checks.cache"):
        again = validate_paths(graph, sources=small, cache_dir=tmp_path)
    assert again.stats == {"validated": 1, "cached": 0}
    assert "ignoring unusable entry" in caplog.text
    assert_same(again, fresh)
    # and the entry is whole again
    assert validate_paths(graph, sources=small, cache_dir=tmp_path).stats["cached"] == 1


def test_unreadable_or_unwritable_cache_is_no_error(
    small: Sources, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("")
    with caplog.at_level(logging.WARNING, logger="sotk_kg.checks.cache"):
        outcome = validate_paths([], sources=small, cache_dir=not_a_dir)
    assert outcome.conforms and outcome.stats == {"validated": 2, "cached": 0}
    assert caplog.text.count("cannot write") == 1  # once per run, not per regulation


def test_a_file_changed_while_validating_is_not_cached(small: Sources, tmp_path: Path) -> None:
    store = tmp_path / "cache"
    results = validation._Results(store, small)
    unit = validation._published_unit(small.graph_dir / "a.ttl")
    entry = cache.Entry(True, "", [])
    results.put(unit, "0" * 64, entry)  # the bytes validated were not the bytes hashed
    assert not store.exists()
    results.put(unit, unit.digest, entry)
    assert len(list(store.glob("*.json"))) == 1


def test_published_graph_run_prunes_what_it_did_not_use(small: Sources, tmp_path: Path) -> None:
    store = tmp_path / "cache"
    validate_paths([], sources=small, cache_dir=store)
    validate_paths([small.graph_dir / "a.ttl"], sources=small, cache_dir=store)  # a file entry
    stale = store / f"{'ab' * 32}.json"
    stale.write_text("left by an older checkout")
    temp = store / f".{'cd' * 32}.json.x1.tmp"
    temp.write_text("left by a writer that died")
    for path in (stale, temp):
        os.utime(path, (0, 0))
    foreign = store / "notes.txt"
    foreign.write_text("not ours")
    assert len(list(store.glob("*.json"))) == 4
    (small.graph_dir / "b.ttl").unlink()
    assert validate_paths([], sources=small, cache_dir=store).stats == {
        "validated": 0,
        "cached": 1,
    }
    assert len(list(store.glob("*.json"))) == 1  # a.ttl's only
    assert not temp.exists() and foreign.exists()


def test_unusable_published_file_in_a_worker(small: Sources) -> None:
    (small.graph_dir / "b.ttl").write_text("@prefix e: <http://e/> .\ne:a e:b .\n")
    with pytest.raises(UnusableInput) as caught:
        validate_paths([], sources=small, jobs=2)
    assert str(caught.value).startswith(f"{small.graph_dir / 'b.ttl'}:2:")
    assert caught.value.file == str(small.graph_dir / "b.ttl")


def test_cli_cache_options_and_exit_codes(
    published: Sources,
    tmp_path: Path,
    cli_cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(
        "sotk_kg.checks.validation.Sources.from_settings",
        classmethod(lambda cls, s=None: published),
    )
    assert cli.main(["validate", "--no-cache"]) == 0
    fresh = capsys.readouterr()
    assert not cli_cache_dir.exists()  # --no-cache writes nothing
    assert fresh.err == ""
    assert cli.main(["validate"]) == 0
    first = capsys.readouterr()
    assert first.out == fresh.out
    assert first.err == f"sotk-kg validate: 1 struktur divalidasi, 0 dari cache ({cli_cache_dir})\n"
    assert cli.main(["validate", "--lang", "en", "--jobs", "2"]) == 0
    assert capsys.readouterr().err == (
        f"sotk-kg validate: 0 structure(s) validated, 1 from the cache ({cli_cache_dir})\n"
    )
    # violations: exit 1, from the cache too; --cache-dir elsewhere
    broken = mutated_structure(VIOLATION, tmp_path / "broken.ttl")
    other = tmp_path / "other-cache"
    for _ in range(2):
        assert cli.main(["validate", str(broken), "--cache-dir", str(other)]) == 1
    assert "0 struktur divalidasi, 1 dari cache" in capsys.readouterr().err
    assert len(list(other.glob("*.json"))) == 1
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n")
    assert cli.main(["validate", str(bad)]) == 2
    with pytest.raises(SystemExit):
        cli.main(["validate", "--jobs", "0"])
