"""Running pySHACL: which shapes files, on which data-graph backend, with which fix.

Backend: a `pyoxigraph.Store` per validation call (stack-findings §3: 3-7x faster than rdflib's
in-memory graph, SHACL-SPARQL constraints run on Oxigraph's engine). No `inference=`: it crashes on
a raw Store (§2) and the class hierarchy is followed by sh:targetClass through the ontology's
rdfs:subClassOf triples, which are loaded into the same store.

One correctness fix, applied to every run: pySHACL fills the {?var} of a SPARQL constraint's
message with re.sub, which reads a backslash in the value as an escape ("1\\d" in a submitted
eli:number raised re.error: a crash on user input); `fill_message` puts values in as they are.

Two speed fixes, applied only for the duration of one validation (`speedups()`) and undone
afterwards; `tests/shapes/test_engine.py` proves the reports are identical with and without them:

1. (stack-findings §3, §7.1) pySHACL evaluates `datagraph or sg` for every result it builds, and
   the truth test of its Oxigraph-backed DataGraph runs `len()` = a full COUNT of the store. The
   truth test is made constant: we only validate stores we have just filled, never empty ones.
2. pySHACL re-checks the text of a SPARQL constraint (`check_invalid_sparql`: MINUS, VALUES,
   SERVICE ... with backtracking regexes) once per focus node, although the text never changes;
   on a 1,000-row roster that was over half of the time. The successful check is memoised per
   query text for the duration of the validation (a failing check still raises every time).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pyshacl.graph_abstraction as graph_abstraction
from pyshacl.constraints.constraint_component import ConstraintComponent
from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper
from rdflib import Graph, Literal, Namespace

from sotk_kg.settings import DEFAULT_BASE, read_rebased

SH = Namespace("http://www.w3.org/ns/shacl#")

STRUCTURE = "structure"
ROSTER = "roster"
COMMON_FILE = "common.shacl.ttl"
ROSTER_FILE = "roster.shacl.ttl"

# pySHACL is patched at class level: one validation at a time holds the patch.
_PATCH_LOCK = threading.RLock()


def shapes_files(shapes_dir: Path, kind: str) -> list[Path]:
    """The shapes files of one kind: `roster` = roster.shacl.ttl, `structure` = all the others."""
    if kind not in (STRUCTURE, ROSTER):
        raise ValueError(f"unknown kind of shapes: {kind!r}")
    files = sorted(shapes_dir.glob("*.shacl.ttl"))
    chosen = [f for f in files if (f.name == ROSTER_FILE) == (kind == ROSTER)]
    common = shapes_dir / COMMON_FILE
    return [common, *(f for f in chosen if f.name != COMMON_FILE)]


def load_shapes(shapes_dir: Path, kind: str, base: str = DEFAULT_BASE) -> Graph:
    files = shapes_files(shapes_dir, kind)
    stamp = tuple((str(f), f.stat().st_mtime_ns) for f in files)
    return _load_shapes_cached(stamp, base)


@lru_cache(maxsize=8)
def _load_shapes_cached(stamp: tuple[tuple[str, int], ...], base: str) -> Graph:
    graph = Graph()
    for path, _mtime in stamp:
        graph.parse(data=read_rebased(Path(path), base), format="turtle", publicID=path)
    return graph


def _always_true(self: object) -> bool:
    return True


@contextmanager
def _patched(cls: type, name: str, replacement: object) -> Iterator[None]:
    """Set a class attribute for the duration of the block, then restore exactly what was there."""
    had_own = name in cls.__dict__
    previous = cls.__dict__.get(name)
    setattr(cls, name, replacement)
    try:
        yield
    finally:
        if had_own:
            setattr(cls, name, previous)
        else:
            delattr(cls, name)


def _memoised_check(original: Callable[..., bool]) -> Callable[..., bool]:
    passed: set[tuple[str, bool, tuple[str, ...]]] = set()

    def check(self: object, sparql_text: str, valuenode: object = None,
              extravars: Iterable[str] | None = None) -> bool:  # fmt: skip
        key = (sparql_text, valuenode is not None, tuple(sorted(extravars or ())))
        if key not in passed:
            original(self, sparql_text, valuenode=valuenode, extravars=extravars)
            passed.add(key)
        return True

    return check


@contextmanager
def speedups() -> Iterator[None]:
    """The two pySHACL fixes of the module docstring, for one validation."""
    helper = SPARQLQueryHelper
    with (
        _PATCH_LOCK,
        _patched(graph_abstraction.DataGraph, "__bool__", _always_true),
        _patched(helper, "check_invalid_sparql", _memoised_check(helper.check_invalid_sparql)),
    ):
        yield


_VARIABLE = re.compile(r"\{[?$](\w+)\}")


def fill_message(template: str, values: Mapping[str, object]) -> str:
    """A SPARQL constraint's message with each {?var} (or {$var}) of a bound variable replaced by
    its value as text, once and as it is; a placeholder of an unbound variable stays."""
    return _VARIABLE.sub(lambda m: str(values[m[1]]) if m[1] in values else m[0], template)


def _literal_message(self: object, msg: str, bound_vars: object) -> str:
    """pySHACL's ConstraintComponent._format_sparql_based_result_message, with fill_message."""
    values: dict[str, object] = {}
    if isinstance(bound_vars, tuple | list):
        if len(bound_vars) == 4:  # (this, path, value, the other variables)
            values.update(bound_vars[3])
            bound_vars = bound_vars[:3]
        if len(bound_vars) == 3:
            named = zip(("this", "path", "value"), bound_vars, strict=True)
            values.update({name: value for name, value in named if value is not None})
    elif isinstance(bound_vars, dict):
        values.update(bound_vars)
    else:
        return msg
    return fill_message(msg, values)


def run(store: ox.Store, shapes: Graph, *, fast: bool = True) -> tuple[bool, Graph]:
    """Validate the default graph of `store`; returns (conforms, sh:ValidationReport graph).
    `fast=False` runs pySHACL without the speed fixes (for the equivalence test and the
    benchmark)."""
    fix = _patched(ConstraintComponent, "_format_sparql_based_result_message", _literal_message)
    with _PATCH_LOCK, fix:
        if fast:
            with speedups():
                conforms, report, _text = pyshacl.validate(store, shacl_graph=shapes)
        else:
            conforms, report, _text = pyshacl.validate(store, shacl_graph=shapes)
    if not isinstance(report, Graph):  # pySHACL returns its ValidationFailure instead of raising
        raise RuntimeError(f"SHACL validation failed to run: {report}")
    restore_message_languages(report, shapes)
    order_messages(report)
    return bool(conforms), report


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{[?$]\w+\}", template)
    return re.compile(".*?".join(re.escape(p) for p in parts), re.S)


def restore_message_languages(report: Graph, shapes: Graph) -> None:
    """Give SPARQL-based result messages back their language tag.

    pySHACL 0.40 substitutes {?var} in a SPARQL constraint's sh:message and rebuilds the literal
    without its language, so the Indonesian and English messages become indistinguishable. Each
    untagged message is matched against the constraint's declared templates and re-tagged.
    """
    for result, message in list(report.subject_objects(SH.resultMessage)):
        if not isinstance(message, Literal) or message.language:
            continue
        owners = (report.value(result, SH.sourceConstraint), report.value(result, SH.sourceShape))
        declared = [
            m
            for node in owners
            if node is not None
            for m in shapes.objects(node, SH.message)
            if isinstance(m, Literal) and m.language
        ]
        for template in declared:
            if _template_regex(str(template)).fullmatch(str(message)):
                tagged = Literal(str(message), lang=template.language)
                report.remove((result, SH.resultMessage, message))
                report.add((result, SH.resultMessage, tagged))
                break


def order_messages(report: Graph) -> None:
    """Store each result's messages sorted (by language, then text). pySHACL emits them in an order
    that follows Python's per-process string hashing, so reports made in different processes
    (worker processes, cached runs) would list the same messages in another order."""
    for result in set(report.subjects(SH.resultMessage, None)):
        messages = list(report.objects(result, SH.resultMessage))
        if len(messages) < 2:
            continue
        report.remove((result, SH.resultMessage, None))
        for message in sorted(messages, key=_message_order):
            report.add((result, SH.resultMessage, message))


def _message_order(message: object) -> tuple[str, str]:
    language = message.language if isinstance(message, Literal) else None
    return (language or "", str(message))
