"""Decides whether a user's SPARQL query may run, on the very text that will run.

`sotk_kg.server.sparql_text` reads the query once into SPARQL's tokens and writes them again as one
canonical text; the checks below look at those tokens, and the route sends the engine
`CheckedQuery.text`, never the user's spelling. So a comment ended by `\\r`, `SERVICE:x`, a `\\u`
escape or any other spelling two readers might disagree on cannot smuggle a keyword past the check.

Refused: updates and `LOAD` (the endpoint is read-only), `SERVICE` (the engines federate to any
URL with no off switch), `FROM`/`FROM NAMED` naming anything but a graph of this store (a file, a
remote document), nesting deeper than the native engine's stack survives, and operator counts that
multiply the engine's work (OPTIONAL, UNION, property paths).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass

from sotk_kg.server.sparql_text import (
    UPDATE_WORDS,
    Canonical,
    SparqlSyntaxError,
    Token,
    line_column,
    read,
)
from sotk_kg.settings import Settings

# Virtuoso calls its SQL built-ins (`bif:file_to_string`, …) and procedures through IRIs of these
# schemes; the server's own queries may use `bif:contains` (its text index), user queries may not.
ENGINE_SCHEMES = ("bif:", "sql:")
QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
OPENING = frozenset({"{", "(", "[", "<<", "<<(", "{|"})
CLOSING = frozenset({"}", ")", "]", ">>", ")>>", "|}"})


class QueryRefused(Exception):
    """A query this endpoint will not evaluate; `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class CheckedQuery:
    text: str  # the canonical text: what the engine is given
    form: str | None  # SELECT / CONSTRUCT / DESCRIBE / ASK; None when there is none (the
    # engine then reports the syntax error)
    from_graphs: tuple[str, ...]
    from_named_graphs: tuple[str, ...]
    canonical: Canonical

    def locate(self, engine_message: str) -> str:
        """The engine's message about `text`, its positions moved onto the user's query."""
        return self.canonical.locate(engine_message)


@dataclass(frozen=True)
class Limits:
    max_depth: int = 64
    max_chars: int = 100_000
    max_tokens: int = 20_000
    # Operators that multiply the engine's work while the text stays small: a few hundred
    # OPTIONALs or UNIONs, or chains of property-path steps (`/`, `|`, `^`, `*`, `+`, `?`), can run
    # for minutes under the token cap. Refused before evaluation; the example queries use a few.
    max_optional: int = 64
    max_union: int = 64
    max_path_steps: int = 32


def query_limits(settings: Settings) -> Limits:
    """The caps `/sparql` enforces, and its Service Description announces: the configured
    nesting depth, the request body cap for the query text, the other caps as in `Limits`."""
    return Limits(max_depth=settings.max_depth, max_chars=settings.max_body)


# After one of these tokens, a path operator (`/ | ^ * + ?`) joins or modifies a path element;
# after a variable or a number it is arithmetic, after `(` or SELECT it is `COUNT(*)` / `SELECT *`.
_PATH_OPERATORS = frozenset("/|^*+?")


def check_graph_iri(iri: str, known_graphs: Collection[str] | None, what: str) -> None:
    """Refuse a dataset IRI that would make an engine read a file or fetch a document."""
    if iri.lower().startswith("file:"):
        raise QueryRefused(f"{what} <{iri}>: local files are not readable through this endpoint")
    if known_graphs is not None and iri not in known_graphs:
        raise QueryRefused(
            f"{what} <{iri}> is not a graph of this store, and this endpoint never fetches "
            "remote data; see the service description (GET /sparql) for the graphs it holds"
        )


def check_query(
    text: str, known_graphs: Collection[str] | None = None, limits: Limits | None = None
) -> CheckedQuery:
    """Raise QueryRefused for anything unsafe, too large or not SPARQL; return the canonical text
    to run and what the server needs to know about it."""
    limits = limits or Limits()
    if len(text) > limits.max_chars:
        raise QueryRefused(
            f"query too large: {len(text)} characters, the limit is {limits.max_chars}", 413
        )
    try:
        canonical = read(text)
    except SparqlSyntaxError as exc:
        raise QueryRefused(str(exc)) from None
    toks = canonical.tokens
    if len(toks) > limits.max_tokens:
        raise QueryRefused(
            f"query too large for the engine: {len(toks)} tokens, the limit is {limits.max_tokens}"
        )
    form: str | None = None
    froms: list[str] = []
    from_named: list[str] = []
    depth = 0
    counts = {"OPTIONAL": 0, "UNION": 0, "path": 0}
    path_operators = _path_operators(toks)
    for i, token in enumerate(toks):
        if path_operators[i]:
            counts["path"] += 1
            continue
        if token.text in OPENING:
            depth += 1
            if depth > limits.max_depth:
                raise QueryRefused(
                    f"query nested too deeply: more than {limits.max_depth} levels of brackets "
                    f"(at {_where(text, token)})"
                )
            continue
        if token.text in CLOSING:
            depth = max(depth - 1, 0)
            continue
        if token.kind == "iri" and token.value.lower().startswith(ENGINE_SCHEMES):
            raise QueryRefused(
                f"{token.value.split(':', 1)[0]}: IRIs name a query engine's built-in functions "
                "(Virtuoso's SQL, files, outbound HTTP) and are not accepted "
                f"(at {_where(text, token)})"
            )
        if token.kind != "word":
            continue
        word = token.value
        if word in counts:
            counts[word] += 1
        if form is None and word in QUERY_FORMS:
            form = word
        elif word in UPDATE_WORDS:
            what = "LOAD" if word == "LOAD" else f"SPARQL Update ({word})"
            raise QueryRefused(f"{what} is not accepted: this endpoint is read-only", 403)
        elif word == "SERVICE":
            raise QueryRefused(
                "SERVICE (federated query) is disabled: this endpoint makes no outbound requests"
                f" (at {_where(text, token)})"
            )
        elif word == "FROM":
            named = i + 1 < len(toks) and toks[i + 1].value == "NAMED"
            target = toks[i + 2] if named and i + 2 < len(toks) else _at(toks, i + 1)
            if target is None or target.kind != "iri":
                continue  # a syntax error the engine will report with its position
            what = "FROM NAMED" if named else "FROM"
            check_graph_iri(target.value, known_graphs, what)
            (from_named if named else froms).append(target.value)
    _check_counts(counts, limits)
    return CheckedQuery(canonical.text, form, tuple(froms), tuple(from_named), canonical)


class CheckedQueries:
    """`check_query` with its accepted results kept, by query text, for the most recently used
    `entries` texts of at most `max_chars` characters together: a query sent again (the editor's
    examples, a client's fixed queries) is not read and checked again. The answer depends only
    on the text, the known graphs and the limits, and those two are fixed per cache. Refusals
    are not kept (they raise each time)."""

    def __init__(
        self,
        known_graphs: Collection[str] | None,
        limits: Limits,
        entries: int = 1024,
        max_chars: int = 4_000_000,
    ) -> None:
        self.known_graphs = known_graphs
        self.limits = limits
        self.entries = entries
        self.max_chars = max_chars
        self._kept: OrderedDict[str, CheckedQuery] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def check(self, text: str) -> CheckedQuery:
        with self._lock:
            found = self._kept.get(text)
            if found is not None:
                self._kept.move_to_end(text)
                return found
        checked = check_query(text, self.known_graphs, self.limits)
        if len(text) <= self.max_chars // 8:  # a few large texts must not push out all others
            with self._lock:
                if text not in self._kept:
                    self._kept[text] = checked
                    self._chars += len(text)
                while len(self._kept) > self.entries or self._chars > self.max_chars:
                    old, _ = self._kept.popitem(last=False)
                    self._chars -= len(old)
        return checked


def _at(toks: tuple[Token, ...], i: int) -> Token | None:
    return toks[i] if i < len(toks) else None


def _where(text: str, token: Token) -> str:
    line, column = line_column(text, token.offset)
    return f"line {line}, column {column}"


def _path_operators(toks: tuple[Token, ...]) -> list[bool]:
    """For each token, whether it is a property-path operator: `/ | * + ?` right after a path
    element (an IRI, `a`, a group's `)` or another path operator), `^` always (the datatype
    marker `^^` is a token of its own); `||` is a logical or, a token of its own too."""
    marks: list[bool] = []
    for i, token in enumerate(toks):
        mark = False
        if token.kind == "punct" and token.text in _PATH_OPERATORS:
            before = toks[i - 1] if i else None
            mark = token.text == "^" or (
                before is not None
                and (before.kind == "iri" or before.text in (")", "a") or marks[i - 1])
            )
        marks.append(mark)
    return marks


def _check_counts(counts: dict[str, int], limits: Limits) -> None:
    caps = {
        "OPTIONAL": limits.max_optional,
        "UNION": limits.max_union,
        "path": limits.max_path_steps,
    }
    for what, cap in caps.items():
        if counts[what] > cap:
            name = "property-path operators (/ | ^ * + ?)" if what == "path" else what + "s"
            raise QueryRefused(
                f"query too costly for this endpoint: {counts[what]} {name}, the limit is {cap}; "
                "split it into smaller queries"
            )
