"""Checks a user's SPARQL text before any engine sees it.

A tokenizer that knows SPARQL's strings, IRIs and comments (so a keyword inside a literal is not a
keyword) finds: the query form, updates and `LOAD`, `SERVICE` (the engines federate to any URL with
no off switch), `FROM`/`FROM NAMED` naming something other than a graph of this store (a file or a
remote document), and nesting deeper than the native engine's stack survives.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from sotk_kg.settings import Settings

QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<pname>(?:[^\W\d][\w.-]*)?:(?:[\w:%.-]|\\.)*)
  | (?P<word>[^\W\d][\w-]*)
  | (?P<open>[({\[])
  | (?P<close>[)}\]])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class QueryRefused(Exception):
    """A query this endpoint will not evaluate; `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class CheckedQuery:
    text: str
    form: str | None  # SELECT / CONSTRUCT / DESCRIBE / ASK; None when unrecognisable (the
    # engine then reports the syntax error)
    from_graphs: tuple[str, ...]
    from_named_graphs: tuple[str, ...]


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
_PATH_ELEMENT_END = frozenset({"iri", "pname", "close", "path"})
_PATH_OPERATORS = frozenset("/|^*+?")


def _tokens(text: str) -> list[tuple[str, str]]:
    return [(m.lastgroup or "other", m.group()) for m in _TOKEN.finditer(text)]


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
    """Raise QueryRefused for anything unsafe or too large; return what the server needs to know."""
    limits = limits or Limits()
    if len(text) > limits.max_chars:
        raise QueryRefused(
            f"query too large: {len(text)} characters, the limit is {limits.max_chars}", 413
        )
    toks = [t for t in _tokens(text) if t[0] not in ("ws", "comment")]
    if len(toks) > limits.max_tokens:
        raise QueryRefused(
            f"query too large for the engine: {len(toks)} tokens, the limit is {limits.max_tokens}"
        )
    prefixes: dict[str, str] = {}
    form: str | None = None
    froms: list[str] = []
    from_named: list[str] = []
    depth = 0
    counts = {"OPTIONAL": 0, "UNION": 0, "path": 0}
    kinds = _with_path_operators(toks)
    for i, (kind, value) in enumerate(toks):
        if kinds[i] == "path":
            counts["path"] += 1
            continue
        if kind == "open":
            depth += 1
            if depth > limits.max_depth:
                raise QueryRefused(
                    f"query nested too deeply: more than {limits.max_depth} levels of brackets "
                    f"(at character {_offset(text, i)})"
                )
            continue
        if kind == "close":
            depth = max(depth - 1, 0)
            continue
        if kind != "word":
            continue
        word = value.upper()
        if word in counts:
            counts[word] += 1
        if word == "PREFIX" and i + 2 < len(toks) and toks[i + 2][0] == "iri":
            prefixes[toks[i + 1][1].rstrip(":")] = toks[i + 2][1][1:-1]
        elif form is None and word in QUERY_FORMS:
            form = word
        elif form is None and word in UPDATE_WORDS:
            raise QueryRefused(
                f"SPARQL Update ({word}) is not accepted: this endpoint is read-only", 403
            )
        elif word == "LOAD":
            raise QueryRefused("LOAD is not accepted: this endpoint is read-only", 403)
        elif word == "SERVICE":
            raise QueryRefused(
                "SERVICE (federated query) is disabled: this endpoint makes no outbound requests"
            )
        elif word == "FROM" and form is not None:
            named = i + 1 < len(toks) and toks[i + 1][1].upper() == "NAMED"
            target = (
                toks[i + 2]
                if named and i + 2 < len(toks)
                else (toks[i + 1] if i + 1 < len(toks) else None)
            )
            iri = _resolve(target, prefixes)
            if iri is None:
                continue  # a syntax error the engine will report with its position
            what = "FROM NAMED" if named else "FROM"
            check_graph_iri(iri, known_graphs, what)
            (from_named if named else froms).append(iri)
    _check_counts(counts, limits)
    return CheckedQuery(text, form, tuple(froms), tuple(from_named))


def _with_path_operators(toks: list[tuple[str, str]]) -> list[str]:
    """The kind of each token, `path` for a property-path operator: `/ | * + ?` right after a
    path element (an IRI, `a`, `)` or another operator), `^` unless in a datatype's `^^`; `||`
    is a logical or, not two alternatives."""
    kinds: list[str] = []
    for i, (kind, value) in enumerate(toks):
        before = kinds[i - 1] if i else ""
        before_value = toks[i - 1][1] if i else ""
        after_value = toks[i + 1][1] if i + 1 < len(toks) else ""
        path = False
        if kind == "other" and value in _PATH_OPERATORS:
            if value == "^":
                path = before != "string" and before_value != "^" and after_value != "^"
            elif value == "|" and "|" in (before_value, after_value):
                path = False
            else:
                path = before in _PATH_ELEMENT_END or (before == "word" and before_value == "a")
        kinds.append("path" if path else kind)
    return kinds


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


def _resolve(token: tuple[str, str] | None, prefixes: dict[str, str]) -> str | None:
    if token is None:
        return None
    kind, value = token
    if kind == "iri":
        return value[1:-1]
    if kind == "pname":
        prefix, _, local = value.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local.replace("\\", "")
    return None


def _offset(text: str, index: int) -> int:
    """1-based character position of the index-th significant token (for error messages)."""
    significant = (m for m in _TOKEN.finditer(text) if m.lastgroup not in ("ws", "comment"))
    for seen, m in enumerate(significant):
        if seen == index:
            return m.start() + 1
    return len(text)
