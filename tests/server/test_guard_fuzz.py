"""The guard and the engine must agree on what a query does: generated spellings of SERVICE and
FROM (comments, case, white space, line ends, prefixes, escapes, BASE, in every nesting position)
run on the real engine, whose SERVICE calls reach a listener on 127.0.0.1 and whose FROM picks a
named graph with its own marker. Whenever the engine calls out, the guard must have refused; on a
query the engine reads without error, the guard refuses SERVICE exactly when the engine calls out
and sees FROM <g> exactly when the engine reads <g>; and the canonical text it returns makes the
engine call nobody and read the same graphs."""

from __future__ import annotations

import http.server
import json
import random
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
import pytest

from sotk_kg.server.guard import QueryRefused, check_query

GRAPH = "http://example.org/graph/g"
SEED = 20261204
CASES = 1500


class _Listener(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_POST(self) -> None:
        type(self).hits += 1
        self.rfile.read(int(self.headers.get("content-length", 0)))
        body = json.dumps(
            {
                "head": {"vars": ["o"]},
                "results": {"bindings": [{"o": {"type": "literal", "value": "remote"}}]},
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def listener() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Listener)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    s.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("default")))
    s.add(
        ox.Quad(
            ox.NamedNode("http://e/s"),
            ox.NamedNode("http://e/p"),
            ox.Literal("named"),
            ox.NamedNode(GRAPH),
        )
    )
    return s


@dataclass(frozen=True)
class Reading:
    ok: bool  # the engine parsed and ran it
    called_out: bool
    values: frozenset[str]  # the literals of the answer: "default", "named" (GRAPH), "remote"


def engine_reading(store: ox.Store, query: str) -> Reading:
    before = _Listener.hits
    try:
        result = store.query(query)
        values: set[str] = set()
        if isinstance(result, ox.QuerySolutions):
            for solution in result:
                values |= {t.value for t in solution if isinstance(t, ox.Literal)}
        elif isinstance(result, ox.QueryTriples):
            values = {t.object.value for t in result}
        ok = True
    except (SyntaxError, RuntimeError, OSError, ValueError):
        ok, values = False, set()
    return Reading(ok, _Listener.hits > before, frozenset(values))


SEPARATORS = [
    " ",
    "  ",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "",
    "#c\n",
    "#c\r",
    "# SERVICE <x> {}\r",
    "#\r\n",
]
POSITIONS = [
    "{ %s }",
    "{ ?s ?p ?o OPTIONAL { %s } }",
    "{ { ?s ?p ?o } UNION { %s } }",
    "{ ?s ?p ?o MINUS { %s } }",
    "{ ?s ?p ?o FILTER EXISTS { %s } }",
    "{ ?s ?p ?o FILTER ( NOT EXISTS { %s } ) }",
    "{ GRAPH ?g { %s } }",
    "{ { { %s } } }",
    "{ { SELECT * WHERE { %s } } }",
    "{ LATERAL { %s } }",
]


def _case(word: str, rng: random.Random) -> str:
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in word)


def _service_clause(url: str, rng: random.Random) -> tuple[list[str], str]:
    """(tokens of a SERVICE clause in one of the spellings the engine accepts, prologue)."""
    keyword = _case("SERVICE", rng) + (" " + _case("SILENT", rng) if rng.random() < 0.3 else "")
    choice = rng.randrange(6)
    if choice == 0:
        target, prologue = f"<{url}a>", ""
    elif choice == 1:
        target, prologue = ":a", f"PREFIX : <{url}>"
    elif choice == 2:
        target, prologue = "ex:a", f"PREFIX ex: <{url}>"
    elif choice == 3:
        target, prologue = "<\\u0068" + url[1:] + "a>", ""
    elif choice == 4:
        target, prologue = "<a>", f"BASE <{url}>"
    else:
        target, prologue = "<\\U00000068" + url[1:] + "a>", ""
    return [keyword, target, "{", "?s", "?p", "?o", "}"], prologue


def _decoy(rng: random.Random) -> tuple[list[str], str]:
    """Something that looks like SERVICE to a careless reader but is not one."""
    choice = rng.randrange(4)
    if choice == 0:
        return ["?s", "?p", '"SERVICE <http://127.0.0.1:1/> {}"'], ""
    if choice == 1:
        return ["?SERVICE", "?p", "?o"], ""
    if choice == 2:
        return ["?s", "service:from", "?o"], "PREFIX service: <http://e/>"
    return ["?s", "<http://e/SERVICE>", "?o"], ""


def _name_char(c: str) -> bool:
    return c.isalnum() or c in "_:"


def _join(tokens: list[str], rng: random.Random) -> tuple[str, bool]:
    """The tokens with random separators, and whether SPARQL's lexer still reads them as these
    tokens: gluing two names (`FROM` + `g:g`) makes one prefixed name `FROMg:g` to SPARQL's
    grammar, though Oxigraph's parser still finds the keyword in it."""
    out, as_tokens = tokens[0], True
    for token in tokens[1:]:
        separator = rng.choice(SEPARATORS)
        if not separator and _name_char(out[-1]) and _name_char(token[0]):
            as_tokens = False
        out += separator + token
    return out, as_tokens


def generated(url: str) -> Iterator[tuple[str, bool]]:
    rng = random.Random(SEED)
    for _ in range(CASES):
        inner, prologue = _service_clause(url, rng) if rng.random() < 0.6 else _decoy(rng)
        position = rng.choice(POSITIONS)
        head, tail = position.split("%s")
        dataset: list[str] = []
        if rng.random() < 0.4:
            dataset = [_case("FROM", rng), f"<{GRAPH}>"]
        elif rng.random() < 0.2:
            dataset, prologue = (
                [_case("FROM", rng), "g:g"],
                prologue + " PREFIX g: <http://example.org/graph/>",
            )
        form = rng.choice([["SELECT", "*", "WHERE"], ["SELECT", "?o"], ["ASK"]])
        form = [_case(w, rng) if w.isalpha() else w for w in form]
        tokens = (prologue.split() if prologue else []) + form[:2] + dataset + form[2:]
        tokens += head.split() + inner + tail.split()
        yield _join(tokens, rng)


def query_is_ask(query: str) -> bool:
    return "ASK" in query.upper().replace("MASK", "")


def test_guard_and_engine_agree_on_service_and_from(listener: str, store: ox.Store) -> None:
    disagreements: list[str] = []
    engine_ran = refused_service = 0
    for query, as_tokens in generated(listener):
        raw = engine_reading(store, query)
        try:
            checked = check_query(query, known_graphs={GRAPH})
        except QueryRefused as exc:
            if not as_tokens:
                continue  # refusing what SPARQL's grammar does not allow is no disagreement
            if raw.ok and "SERVICE" not in exc.message:
                disagreements.append(f"refused a query the engine runs ({exc.message}): {query!r}")
            elif raw.ok and not raw.called_out and not query_is_ask(query):  # ASK stops early
                disagreements.append(f"refused SERVICE the engine did not call: {query!r}")
            refused_service += "SERVICE" in exc.message
            engine_ran += raw.ok
            continue
        if raw.called_out:
            disagreements.append(f"the engine called out, the guard let it pass: {query!r}")
        run = engine_reading(store, checked.text)
        if run.called_out:
            disagreements.append(f"the canonical text called out: {checked.text!r}")
        if raw.ok:
            engine_ran += 1
            if run != raw:
                disagreements.append(f"canonical {run} but raw {raw}: {query!r}")
    assert disagreements == []
    # the generator is worth something only if it produced both kinds of query the engine runs
    assert engine_ran > CASES // 3 and refused_service > CASES // 5


def test_the_worked_queries_answer_the_same_in_canonical_form() -> None:
    """Every query of queries/ gives the same answer whether the engine reads it as written or
    as the guard writes it again (on the seed's graph)."""
    from repo_paths import REPO_ROOT

    from sotk_kg.settings import Settings
    from sotk_kg.store.load import open_store

    seed = open_store(Settings(), None)
    for path in sorted((REPO_ROOT / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        as_written = seed.query(text)
        canonical = seed.query(check_query(text).text)
        assert _answer(canonical) == _answer(as_written), path.name


def _answer(result: object) -> object:
    if isinstance(result, ox.QuerySolutions):
        return sorted(tuple(str(t) for t in row) for row in result)
    if isinstance(result, ox.QueryTriples):
        return sorted(str(t) for t in result)
    return bool(result)


def dataset_clauses(rng: random.Random) -> Iterator[tuple[list[str], str, str]]:
    """(tokens, prologue, what the engine should read: "default", "named" or "none")."""
    while True:
        choice = rng.randrange(7)
        keyword = _case("FROM", rng)
        named = _case("NAMED", rng)
        if choice == 0:
            yield [], "", "default"
        elif choice == 1:
            yield [keyword, f"<{GRAPH}>"], "", "named"
        elif choice == 2:
            yield [keyword, "g:g"], "PREFIX g: <http://example.org/graph/>", "named"
        elif choice == 3:
            yield [keyword, "<g>"], "BASE <http://example.org/graph/>", "named"
        elif choice == 4:
            yield [keyword, "<\\u0068ttp://example.org/graph/g>"], "", "named"
        elif choice == 5:
            yield [keyword, named, f"<{GRAPH}>"], "", "none"
        else:
            line_end = rng.choice(["\n", "\r", "\r\n"])  # the engine ends a comment at each
            yield [f"#{keyword} <{GRAPH}>{line_end}"], "", "default"


def test_guard_and_engine_agree_on_the_dataset(store: ox.Store) -> None:
    """FROM / FROM NAMED spelled every way: the graphs the guard reports are the ones the engine
    reads, as written and in canonical form."""
    rng = random.Random(SEED)
    clauses = dataset_clauses(rng)
    seen: set[str] = set()
    for _ in range(CASES // 3):
        dataset, prologue, expected = next(clauses)
        tokens = [*prologue.split(), "SELECT", "?o", *dataset, "WHERE", "{", "?s", "?p", "?o", "}"]
        query, as_tokens = _join(tokens, rng)
        raw = engine_reading(store, query)
        if not raw.ok:
            assert not as_tokens, query
            continue
        try:
            checked = check_query(query, known_graphs={GRAPH})
        except QueryRefused:
            assert not as_tokens, query  # only a spelling SPARQL's grammar does not allow
            continue
        guard_reads = (
            "named"
            if GRAPH in checked.from_graphs
            else ("none" if checked.from_named_graphs else "default")
        )
        engine_reads = next(iter(raw.values)) if raw.values else "none"
        assert engine_reading(store, checked.text) == raw, query
        if as_tokens:  # a glued spelling may mean something else (`?oWHERE` is a variable)
            assert guard_reads == engine_reads == expected, query
        seen.add(engine_reads)
    assert seen == {"default", "named", "none"}
