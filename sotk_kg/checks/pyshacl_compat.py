"""Workarounds for defects of pySHACL, all in this module, each to go when upstream fixes it.

Checked against pySHACL 0.40.1 (`CHECKED_AGAINST`, the version `pyproject.toml` pins). For each
workaround `tests/shapes/test_pyshacl_compat.py` runs plain pySHACL on a minimal case and asserts
that the defect is still there: when one of those tests fails after an upgrade, upstream has fixed
the defect, and the workaround and its tests should be deleted. Nothing is patched at import:
`applied()` sets pySHACL's class attributes for one validation, under a lock (they are shared by
every thread), and puts back exactly what was there; workaround 2 is a pass over the report.
The upstream tracker (RDFLib/pySHACL) was searched for each defect on 2026-12-04 and no issue of
its own was found for any of them: each is worth reporting.

1. Values put into messages as they are (correctness). `ConstraintComponent.
   _format_sparql_based_result_message` fills each {?var} of a SPARQL constraint's sh:message with
   `re.sub(pattern, str(value), msg)`, so the value is read as a replacement template: a backslash
   in it is an escape, and a submitted value "1\\d" raises `re.error` (a crash on user input; "\\1"
   would insert a group). The substitution came with RDFLib/pySHACL PR #50 ("Add support to use
   SELECT query variables in sh:message"); no upstream issue about the escaping was found. Applied
   by `applied()`: `literal_message` replaces the method, with `fill_message`.
2. Language tags of filled-in messages (correctness). `ConstraintComponent.make_v_result` rebuilds
   a message whose {?var}s it filled as `Literal(msg)`, without the language of the sh:message it
   came from, so the Indonesian and English messages of a result can no longer be told apart. No
   upstream issue found. Applied after validation: `restore_message_languages`.
3. The data graph's truth test (speed; stack-findings §3, §7.1). `make_v_result` and
   `make_v_result_description` evaluate `datagraph or sg` for every result they build (the failing
   alternatives inside sh:or too); `DataGraph` has no `__bool__`, so Python calls `__len__`, which
   on an Oxigraph store is a full COUNT of the store: three per result. The Oxigraph-backed
   `DataGraph` came with RDFLib/pySHACL PR #324 (0.40); no upstream issue about the cost was found
   (the fix would be `datagraph if datagraph is not None else sg`). Applied by `applied()`:
   `DataGraph.__bool__` is constantly true (we only validate stores we have just filled).
4. The SPARQL constraint's text checked once per focus node (speed).
   `SPARQLQueryHelper.check_invalid_sparql` (MINUS, VALUES, SERVICE, nested SELECT, with
   backtracking regexes) runs for every focus node although the text never changes; on a
   1,000-row roster that was over half of the time. No upstream issue found. Applied by
   `applied()` (unless `speedups=False`): a successful check is memoised per query text for the
   validation; a failing one still raises every time.

`tests/shapes/test_engine.py` shows that 3 and 4 do not change a report.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager

import pyshacl.graph_abstraction as graph_abstraction
from pyshacl.constraints.constraint_component import ConstraintComponent
from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper
from rdflib import Graph, Literal, Namespace

CHECKED_AGAINST = "0.40.1"  # the pySHACL version the defects below were checked against

SH = Namespace("http://www.w3.org/ns/shacl#")

# The patches are class attributes: one validation at a time holds them.
_PATCH_LOCK = threading.RLock()
_VARIABLE = re.compile(r"\{[?$](\w+)\}")


@contextmanager
def patched(cls: type, name: str, replacement: object) -> Iterator[None]:
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


@contextmanager
def applied(*, speedups: bool = True) -> Iterator[None]:
    """Workaround 1 and (with `speedups`) 3 and 4, for one `pyshacl.validate` call."""
    with ExitStack() as stack:
        stack.enter_context(_PATCH_LOCK)
        stack.enter_context(
            patched(ConstraintComponent, "_format_sparql_based_result_message", literal_message)
        )
        if speedups:
            stack.enter_context(patched(graph_abstraction.DataGraph, "__bool__", always_true))
            check = memoised_check(SPARQLQueryHelper.check_invalid_sparql)
            stack.enter_context(patched(SPARQLQueryHelper, "check_invalid_sparql", check))
        yield


# ---------------------------------------------------------------- 1. values as they are


def fill_message(template: str, values: Mapping[str, object]) -> str:
    """A SPARQL constraint's message with each {?var} (or {$var}) of a bound variable replaced by
    its value as text, once and as it is; a placeholder of an unbound variable stays. SHACL's own
    rule (§5.3.2), also used by `checks.batch_shacl`: it stays when workaround 1 goes."""
    return _VARIABLE.sub(lambda m: str(values[m[1]]) if m[1] in values else m[0], template)


def literal_message(self: object, msg: str, bound_vars: object) -> str:
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


# ---------------------------------------------------------------- 2. message languages


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{[?$]\w+\}", template)
    return re.compile(".*?".join(re.escape(p) for p in parts), re.S)


def restore_message_languages(report: Graph, shapes: Graph) -> None:
    """Give SPARQL-based result messages back their language tag: each untagged message is
    matched against the declared templates of its constraint (or shape) and re-tagged."""
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


# ---------------------------------------------------------------- 3. and 4. speed


def always_true(self: object) -> bool:
    return True


def memoised_check(original: Callable[..., bool]) -> Callable[..., bool]:
    passed: set[tuple[str, bool, tuple[str, ...]]] = set()

    def check(self: object, sparql_text: str, valuenode: object = None,
              extravars: Iterable[str] | None = None) -> bool:  # fmt: skip
        key = (sparql_text, valuenode is not None, tuple(sorted(extravars or ())))
        if key not in passed:
            original(self, sparql_text, valuenode=valuenode, extravars=extravars)
            passed.add(key)
        return True

    return check
