"""`?hit sotk:matches "words"`: full-text search from SPARQL, answered by a text index.

No SPARQL engine here has a text index the others share, so the pattern is a documented magic
property (docs/queries.md), rewritten in the checked query's tokens before evaluation:
- embedded store, Oxigraph server: `VALUES ?hit { <iri> … }`, the resources the project's FTS5
  index (store/textindex.py) finds, so the engine never scans the texts;
- Virtuoso: a sub-select on its own word index (`bif:contains`), which the guard refuses in user
  queries and which only this rewrite writes, from a query already read by FTS5 and re-written
  word by word (so nothing of the user's spelling reaches Virtuoso's text parser unquoted).

A sub-select of the pattern alone with a LIMIT, `{ SELECT ?hit WHERE { ?hit sotk:matches "…" }
[ORDER BY ?hit] LIMIT n [OFFSET m] }`, becomes a VALUES of those n hits only (in IRI order, as
`ORDER BY ?hit` sorts them; without the ORDER BY, SPARQL lets any n be taken), fetched from the
index: so a phrase found in thousands of texts costs the engine n hits, not thousands. Any other
shape keeps every hit, and the engine applies the query's own modifiers.

The pattern must be a triple of its own: a variable, `sotk:matches`, a plain string (the query, in
FTS5's syntax: words, "phrases", prefix*, AND / OR / NOT, brackets, and `text:`, `label:` or
`definition:` in front to search only verbatim texts, labels or definitions), ended by `.` or `}`.
Anything else using `sotk:matches` is refused: the store holds no such triple, so it would match
nothing, silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from rdflib import Literal

from sotk_kg.server.guard import CheckedQuery, QueryRefused
from sotk_kg.server.sparql_text import Canonical, Token, line_column
from sotk_kg.store.textindex import COLUMNS, TextIndex, TextQueryError, check_syntax

MATCHES = "https://w3id.org/sotk-kg/def/sotk#matches"
# A VALUES block of more IRIs than this is larger than the engine reads quickly (about 100 bytes
# each); such a query is refused, asking for more specific words.
MAX_MATCHES = 100_000
# Before the subject: the pattern starts a triple (a group's start, after another triple or a
# group, filter or bind).
_STARTS = frozenset({"{", ".", "}", ")"})


class Matcher(Protocol):
    def pattern(self, var: str, query: str) -> str:
        """SPARQL text binding `var` to the resources matching `query` (FTS5 syntax); raises
        TextQueryError for a query that cannot be read."""
        ...


@dataclass(frozen=True)
class Window:
    """`LIMIT limit OFFSET offset` of a sub-select holding the pattern alone: the tokens from its
    SELECT (`first`) to its modifiers' end (`last`, inclusive) are replaced by the window's hits."""

    first: int
    last: int
    limit: int
    offset: int


@dataclass(frozen=True)
class IndexMatcher:
    """The project's FTS5 index: a VALUES block of the resources it finds."""

    index: TextIndex
    limit: int = MAX_MATCHES

    def pattern(self, var: str, query: str) -> str:
        hits = self.index.match(query, self.limit + 1)
        if len(hits) > self.limit:
            raise TextQueryError(
                f"the full-text query {query!r} matches more than {self.limit:,} resources; "
                "use more specific words or a phrase"
            )
        return _values(var, hits)

    def window(self, var: str, query: str, window: Window) -> str:
        """The VALUES of the hits `window` keeps, in IRI order (never refused: bounded)."""
        limit = min(window.limit, self.limit)
        return _values(var, self.index.match(query, limit, window.offset))


def _values(var: str, iris: list[str]) -> str:
    return f"VALUES {var} {{ {' '.join(f'<{iri}>' for iri in iris)} }}"


# FTS5's query tokens, for the translation to Virtuoso's text syntax.
_FTS_TOKEN = re.compile(r'\s*(?:"((?:[^"]|"")*)"|([^\W_]+)|(\*)|([()])|(\S))')
_COLUMN = re.compile(r"\s*(\w+)\s*:(.*)", re.DOTALL)


class VirtuosoMatcher:
    """Virtuoso's word index: `bif:contains` on the literals of the indexed predicates, in a
    sub-select (whose own variables cannot meet the query's) giving each resource once, as the
    VALUES block does."""

    def pattern(self, var: str, query: str) -> str:
        check_syntax(query)  # refused as on the other engines, with the same message
        predicates = [p for preds in COLUMNS.values() for p in preds]
        column = _COLUMN.match(query)
        if column and column.group(1) in COLUMNS:
            predicates, query = list(COLUMNS[column.group(1)]), column.group(2)
        expression = Literal(_virtuoso_expression(query)).n3()
        p, t = ("?sotkMatchP", "?sotkMatchT") if var != "?sotkMatchP" else ("?sotkP", "?sotkT")
        listed = ", ".join(f"<{p}>" for p in predicates)
        return (
            # Virtuoso wants the triple binding the text before its bif:contains.
            f"{{ SELECT DISTINCT {var} WHERE {{ {var} {p} {t} . {t} bif:contains {expression} . "
            f"FILTER ({p} IN ({listed})) }} }}"
        )


def _virtuoso_expression(query: str) -> str:
    """An FTS5 query (already checked) in Virtuoso's text syntax: every word and phrase in double
    quotes, AND between terms where FTS5 implies it, NOT as AND NOT."""
    out: list[str] = []
    for m in _FTS_TOKEN.finditer(query):
        phrase, word, star, bracket, other = m.groups()
        if star:
            if not out or not out[-1].endswith('"'):
                raise TextQueryError(f"{query!r}: * must follow a word")
            out[-1] = out[-1][:-1] + '*"'
            continue
        if bracket == ")":
            out.append(")")
            continue
        if other is not None:
            raise TextQueryError(
                f"the full-text query {query!r} uses {other!r}, which Virtuoso's text index does "
                "not support here: use words, phrases, word*, AND, OR, NOT and brackets"
            )
        if word in ("AND", "OR", "NOT"):
            out.append("AND NOT" if word == "NOT" else word)
            continue
        if word is not None:
            term = f'"{word}"'
        elif phrase is not None:
            words = re.findall(r"[^\W_]+", phrase.replace('""', '"'))
            term = '"' + " ".join(words) + '"'
        else:
            term = "("
        if out and out[-1] not in ("AND", "OR", "AND NOT", "("):
            out.append("AND")
        out.append(term)
    return " ".join(out)


def matcher_for(backend: object) -> Matcher | None:
    """The matcher of a store backend: Virtuoso's own index, else the backend's FTS5 index
    (None: a backend without one, e.g. a test's stand-in)."""
    if getattr(backend, "text_index", None) == "virtuoso":
        return VirtuosoMatcher()
    texts = getattr(backend, "texts", None)
    index = texts() if callable(texts) else None
    return IndexMatcher(index) if isinstance(index, TextIndex) else None


def expand(checked: CheckedQuery, backend: object) -> str:
    """The text to run: `checked.text` with every `?v sotk:matches "…"` replaced by the pattern
    of `backend`'s matcher (`matcher_for`, asked only when the query has one). Raises
    QueryRefused (400) for a misuse of the pattern or an unreadable text query."""
    canonical = checked.canonical
    toks = canonical.tokens
    spots = [i for i, t in enumerate(toks) if t.kind == "iri" and t.value == MATCHES]
    if not spots:
        return checked.text
    matcher = (
        backend if isinstance(backend, IndexMatcher | VirtuosoMatcher) else matcher_for(backend)
    )
    if matcher is None:
        raise QueryRefused("sotk:matches needs a text index, and this server has none")
    text = canonical.text
    pieces: list[str] = []
    done = 0
    for i in spots:
        _check_pattern(canonical, i)
        var, query = toks[i - 1], toks[i + 1]
        # only our own index serves a page of hits; another engine applies the LIMIT itself
        window = _window(toks, i) if isinstance(matcher, IndexMatcher) else None
        try:
            if window is not None and isinstance(matcher, IndexMatcher):
                replacement = matcher.window(var.text, query.value, window)
            else:
                replacement = matcher.pattern(var.text, query.value)
        except TextQueryError as exc:
            raise QueryRefused(str(exc)) from None
        first, last = (window.first, window.last) if window else (i - 1, i + 1)
        pieces += [text[done : canonical.starts[first]], replacement]
        done = canonical.starts[last] + len(toks[last].text)
    pieces.append(text[done:])
    return "".join(pieces)


def _window(toks: tuple[Token, ...], i: int) -> Window | None:
    """The window of `{ SELECT [DISTINCT|REDUCED] ?v [WHERE] { ?v sotk:matches "q" [.] }
    [ORDER BY ?v | ORDER BY ASC(?v)] LIMIT n [OFFSET m] }` (LIMIT and OFFSET in either order)
    around the pattern at `i`, else None."""
    var = toks[i - 1].text
    k = i - 2  # the group's "{"
    if toks[k].text != "{":
        return None
    k -= 1 if toks[k - 1].text == "WHERE" else 0
    if k < 3 or toks[k - 1].text != var:
        return None
    k -= 2 if toks[k - 2].text in ("DISTINCT", "REDUCED") else 1
    if toks[k - 1].text != "SELECT" or toks[k - 2].text != "{":
        return None
    first = k - 1
    words = [t.text for t in toks[i + 2 : i + 16]]
    j = 1 if words[:1] == ["."] else 0
    if words[j : j + 1] != ["}"]:
        return None
    j += 1
    for order in (["ORDER", "BY", var], ["ORDER", "BY", "ASC", "(", var, ")"]):
        if words[j : j + len(order)] == order:
            j += len(order)
            break
    found: dict[str, int] = {}
    while j + 1 < len(words) and words[j] in ("LIMIT", "OFFSET") and words[j] not in found:
        number = toks[i + 2 + j + 1]
        if number.kind != "number" or not number.text.isdigit():
            return None
        found[words[j]] = int(number.text)
        j += 2
    if "LIMIT" not in found or words[j : j + 1] != ["}"]:
        return None
    return Window(first, i + 2 + j - 1, found["LIMIT"], found.get("OFFSET", 0))


def _check_pattern(canonical: Canonical, i: int) -> None:
    toks = canonical.tokens

    def at(k: int) -> Token | None:
        return toks[k] if 0 <= k < len(toks) else None

    subject, obj, after, before = at(i - 1), at(i + 1), at(i + 2), at(i - 2)
    if (
        subject is None
        or subject.kind != "var"
        or obj is None
        or obj.kind != "string"
        or after is None
        or after.text not in (".", "}")
        or before is None
        or before.text not in _STARTS
    ):
        line, column = _position(canonical, i)
        raise QueryRefused(
            f"sotk:matches at line {line}, column {column}: write it as a triple of its own, "
            '`?hit sotk:matches "words" .`, with a variable before it and a plain string '
            "(the full-text query) after it"
        )


def _position(canonical: Canonical, i: int) -> tuple[int, int]:
    return line_column(canonical.source, canonical.tokens[i].offset)
