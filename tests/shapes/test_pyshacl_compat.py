"""The pySHACL workarounds of sotk_kg.checks.pyshacl_compat, one pair of tests each: plain pySHACL
still has the defect (so the day upstream fixes it, the first test fails and says which workaround
to delete), and the workaround gives the right result. The numbers are those of the module
docstring."""

from __future__ import annotations

import re
from collections import Counter
from importlib import metadata

import pyoxigraph as ox
import pyshacl
import pyshacl.graph_abstraction as graph_abstraction
import pytest
from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper
from rdflib import Graph, Literal

from sotk_kg.checks import pyshacl_compat
from sotk_kg.checks.pyshacl_compat import SH

EX = "http://example.org/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
# One SPARQL constraint: every ex:T with an ex:n is reported, its message naming the value.
SHAPES = Graph().parse(
    format="turtle",
    data=f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
<{EX}S> a sh:NodeShape ; sh:targetClass <{EX}T> ;
  sh:sparql [ sh:message "salah {{?value}}"@id, "bad {{?value}}"@en ;
    sh:select "SELECT $this ?value WHERE {{ $this <{EX}n> ?value }}" ] .
""",
)


def fixed_upstream(number: int, what: str) -> str:
    return (
        f"pySHACL {metadata.version('pyshacl')} no longer has defect {number} of "
        f"sotk_kg/checks/pyshacl_compat.py: delete {what} and these tests"
    )


def store(*values: str) -> ox.Store:
    """One focus node per value, each with that value as its ex:n."""
    data = ox.Store()
    for i, value in enumerate(values):
        node = ox.NamedNode(f"{EX}x{i}")
        data.add(ox.Quad(node, RDF_TYPE, ox.NamedNode(f"{EX}T")))
        data.add(ox.Quad(node, ox.NamedNode(f"{EX}n"), ox.Literal(value)))
    return data


def messages(report: Graph) -> set[tuple[str, str | None]]:
    return {(str(m), m.language) for m in report.objects(None, SH.resultMessage)
            if isinstance(m, Literal)}  # fmt: skip


def test_checked_against_the_pinned_version() -> None:
    # after an upgrade: run this file, drop what upstream fixed, then update CHECKED_AGAINST
    assert metadata.version("pyshacl") == pyshacl_compat.CHECKED_AGAINST


# ---------------------------------------------------------------- 1. values as they are

BACKSLASHES = r"1\d \1 \g<0>"


def test_1_upstream_reads_a_value_as_a_regex_replacement() -> None:
    try:
        pyshacl.validate(store(BACKSLASHES), shacl_graph=SHAPES)
    except re.error:
        return
    pytest.fail(fixed_upstream(1, "literal_message (keep fill_message: batch_shacl uses it)"))


def test_1_workaround_puts_the_value_in_as_it_is() -> None:
    with pyshacl_compat.applied(speedups=False):
        conforms, report, _ = pyshacl.validate(store(BACKSLASHES), shacl_graph=SHAPES)
    assert conforms is False
    assert {text for text, _ in messages(report)} == {f"salah {BACKSLASHES}", f"bad {BACKSLASHES}"}


def test_fill_message_leaves_an_unbound_placeholder() -> None:
    filled = pyshacl_compat.fill_message("{$this} {?value} {?other}", {"this": "a", "value": "\\1"})
    assert filled == "a \\1 {?other}"


# ---------------------------------------------------------------- 2. message languages


def test_2_upstream_drops_the_language_of_a_filled_in_message() -> None:
    _, report, _ = pyshacl.validate(store("v"), shacl_graph=SHAPES)
    assert messages(report) == {("salah v", None), ("bad v", None)}, fixed_upstream(
        2, "restore_message_languages"
    )


def test_2_workaround_restores_each_language() -> None:
    _, report, _ = pyshacl.validate(store("v"), shacl_graph=SHAPES)
    pyshacl_compat.restore_message_languages(report, SHAPES)
    assert messages(report) == {("salah v", "id"), ("bad v", "en")}


# ---------------------------------------------------------------- 3. the truth test


@pytest.fixture
def counted_len(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How often pySHACL takes the length (a full COUNT) of an Oxigraph data graph."""
    calls = [0]
    cls = graph_abstraction.OxigraphDataGraph
    original = cls.__len__

    def counting(self: object) -> int:
        calls[0] += 1
        return original(self)

    monkeypatch.setattr(cls, "__len__", counting)
    return calls


def test_3_upstream_counts_the_store_for_each_result(counted_len: list[int]) -> None:
    _, report, _ = pyshacl.validate(store("a", "b", "c"), shacl_graph=SHAPES)
    results = len(list(report.objects(None, SH.result)))
    assert results == 3
    assert counted_len[0] >= results, fixed_upstream(3, "always_true and its patch")


def test_3_workaround_counts_nothing(counted_len: list[int]) -> None:
    with pyshacl_compat.applied():
        conforms, report, _ = pyshacl.validate(store("a", "b", "c"), shacl_graph=SHAPES)
    assert conforms is False and len(list(report.objects(None, SH.result))) == 3
    assert counted_len[0] == 0


# ---------------------------------------------------------------- 4. the SPARQL text check


@pytest.fixture
def counted_checks(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often pySHACL checks each SPARQL constraint's text."""
    calls: Counter[str] = Counter()
    original = SPARQLQueryHelper.check_invalid_sparql

    def counting(self: object, sparql_text: str, **kwargs: object) -> bool:
        calls[sparql_text] += 1
        return original(self, sparql_text, **kwargs)

    monkeypatch.setattr(SPARQLQueryHelper, "check_invalid_sparql", counting)
    return calls


def test_4_upstream_checks_the_same_text_for_each_focus_node(
    counted_checks: Counter[str],
) -> None:
    pyshacl.validate(store("a", "b", "c"), shacl_graph=SHAPES)
    assert len(counted_checks) == 1
    assert list(counted_checks.values()) == [3], fixed_upstream(4, "memoised_check and its patch")


def test_4_workaround_checks_each_text_once(counted_checks: Counter[str]) -> None:
    with pyshacl_compat.applied():
        _, report, _ = pyshacl.validate(store("a", "b", "c"), shacl_graph=SHAPES)
    assert len(list(report.objects(None, SH.result))) == 3
    assert list(counted_checks.values()) == [1]


def test_4_a_failing_check_still_raises_every_time() -> None:
    calls: list[str] = []

    def original(self: object, sparql_text: str, valuenode: object = None,
                 extravars: object = None) -> bool:  # fmt: skip
        calls.append(sparql_text)
        raise ValueError("MINUS")

    check = pyshacl_compat.memoised_check(original)
    for _ in range(2):
        with pytest.raises(ValueError, match="MINUS"):
            check(None, "SELECT $this { MINUS {} }")
    assert len(calls) == 2
