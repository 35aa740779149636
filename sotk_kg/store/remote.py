"""Remote mode: an existing SPARQL 1.1 server (query endpoint + Graph Store Protocol endpoint)
instead of the embedded store, and the push of the graph into it (`sotk-kg load`).

Only the stdlib HTTP client is used; the only host contacted is the one the operator configured.
"""

from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Collection, Iterable, Sequence

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from sotk_kg.store.backend import QueryRejected, answer_to_rdflib, triples_of
from sotk_kg.store.textindex import PREDICATES, TextIndex

RESULTS_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"


class RemoteError(RuntimeError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"remote endpoint answered {status}: {message}")
        self.status = status
        self.message = message


# The query form, after the prologue (PREFIX / BASE declarations and comments).
_FORM = re.compile(
    r"(?:\s+|#[^\n\r]*|PREFIX\s*[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*"
    r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b",
    re.IGNORECASE,
)
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE ("" if the text does not start with one)."""
    m = _FORM.match(query)
    return m.group(1).upper() if m else ""


def accept_for(query: str) -> str:
    """What to ask for: results for SELECT/ASK, N-Triples alone for a graph. Virtuoso answers a
    CONSTRUCT with a SPARQL results document of ?s ?p ?o rows when results are acceptable at
    all (stack-findings, Virtuoso)."""
    if query_form(query) in ("CONSTRUCT", "DESCRIBE"):
        return NTRIPLES
    return f"{RESULTS_JSON}, {NTRIPLES};q=0.9"


def canonical_booleans(body: bytes) -> bytes:
    """Virtuoso writes xsd:boolean values as "1" / "0" (valid lexical forms, but not the
    canonical "true" / "false" every other engine writes and our CSV would show)."""
    if XSD_BOOLEAN.encode() not in body:
        return body
    doc = json.loads(body)
    for binding in doc.get("results", {}).get("bindings", []):
        for term in binding.values():
            if term.get("datatype") == XSD_BOOLEAN and term.get("value") in ("1", "0"):
                term["value"] = "true" if term["value"] == "1" else "false"
    return json.dumps(doc).encode()


class RemoteEndpoint:
    """A SPARQL 1.1 query endpoint and, optionally, its Graph Store Protocol endpoint; with
    `user`, both are sent HTTP digest credentials when the server asks for them (Virtuoso's
    `/sparql-graph-crud-auth`). Basic auth is not offered: it would send the password in clear."""

    def __init__(self, query_url: str, store_url: str = "", user: str = "",
                 password: str = "") -> None:  # fmt: skip
        self.query_url = query_url
        self.store_url = store_url
        self.server_software = ""  # the Server header of the last answer
        self._digest: urllib.request.HTTPDigestAuthHandler | None = None
        if user:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in (query_url, store_url):
                if url:
                    passwords.add_password(None, url, user, password)
            self._digest = urllib.request.HTTPDigestAuthHandler(passwords)
        self._opener = urllib.request.build_opener(*([self._digest] if self._digest else []))

    def _authorise(self, req: urllib.request.Request, timeout: float) -> None:
        """Digest credentials computed before a body is sent. Without them the server answers
        the upload with 401 and closes the connection while a large body is still being sent
        (a broken pipe, not a retry): so a body-less GET fetches the challenge first."""
        if self._digest is None or req.data is None:
            return
        probe = urllib.request.Request(req.full_url, method="GET")
        try:
            with urllib.request.urlopen(probe, timeout=timeout) as resp:
                resp.read(0)
            return  # no credentials asked for
        except urllib.error.HTTPError as exc:
            challenge = exc.headers.get("WWW-Authenticate", "")
            exc.read()
            if exc.code != 401 or not challenge.lower().startswith("digest "):
                return
        fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(challenge[7:]))
        header = self._digest.get_authorization(req, fields)
        if header:
            req.add_unredirected_header("Authorization", f"Digest {header}")

    def _open(self, req: urllib.request.Request, timeout: float) -> tuple[str, bytes]:
        self._authorise(req, timeout)
        try:
            with self._opener.open(req, timeout=timeout) as resp:
                self.server_software = resp.headers.get("Server", "")
                return resp.headers.get("Content-Type", ""), resp.read()
        except urllib.error.HTTPError as exc:
            raise RemoteError(exc.code, exc.read().decode("utf-8", "replace")[:2000]) from exc

    def query_raw(
        self,
        query: str,
        accept: str,
        timeout: float,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
    ) -> tuple[str, bytes]:
        """POST the query (form-encoded); returns (content type, body). Raises RemoteError."""
        params = [("query", query)]
        params += [("default-graph-uri", g) for g in default_graphs]
        params += [("named-graph-uri", g) for g in named_graphs]
        req = urllib.request.Request(
            self.query_url,
            data=urllib.parse.urlencode(params).encode(),
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        )
        return self._open(req, timeout)

    def query(self, query: str, timeout: float = 30.0, **dataset: Sequence[str]) -> object:
        """A pyoxigraph result object (QuerySolutions / QueryBoolean / list of Triples).

        Raises RemoteError, or ValueError/SyntaxError when the body is cut off (the Oxigraph
        server sends a 200 with a truncated body when its own timeout fires)."""
        ctype, body = self.query_raw(query, accept_for(query), timeout, **dataset)
        mtype = ctype.split(";")[0].strip().lower()
        if mtype in (RESULTS_JSON, "application/json"):
            return ox.parse_query_results(canonical_booleans(body),
                                          format=ox.QueryResultsFormat.JSON)  # fmt: skip
        fmt = ox.RdfFormat.from_media_type(mtype)
        if fmt is None:
            raise RemoteError(502, f"unexpected content type {ctype!r}")
        return [q.triple for q in ox.parse(body, format=fmt)]

    def graph_names(self, timeout: float = 30.0, under: str = "") -> list[str]:
        """The named graphs of the remote store whose IRI starts with `under`: the project's
        graphs are all `{base}/graph/…`, and Virtuoso also lists its own system graphs
        (`http://www.openlinksw.com/schemas/virtrdf#`, `http://www.w3.org/ns/ldp#`, graphs of
        `http://localhost:8890/…`), which are no part of this dataset."""
        names = self._graphs("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", timeout)
        if None in names:  # Virtuoso leaves ?g unbound here: it needs a triple in the pattern
            names = self._graphs("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", timeout)
        return sorted(
            g.value for g in names if isinstance(g, ox.NamedNode) and g.value.startswith(under)
        )

    def _graphs(self, query: str, timeout: float) -> list[object]:
        result = self.query(query, timeout)
        if not isinstance(result, ox.QuerySolutions):
            raise RemoteError(502, "a SELECT was not answered with solutions")
        return [sol["g"] for sol in result]

    def put_graph(self, graph: str | None, triples: Iterable[ox.Triple], timeout: float = 300.0,
                  *, method: str = "PUT") -> None:  # fmt: skip
        """Graph Store Protocol: PUT replaces the named graph `graph` (None: the default graph)
        with `triples`, POST adds them to it."""
        if not self.store_url:
            raise ValueError("no Graph Store Protocol endpoint configured (SOTK_REMOTE_STORE)")
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        target = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
        sep = "&" if "?" in self.store_url else "?"
        req = urllib.request.Request(
            f"{self.store_url}{sep}{target}", data=body, headers={"Content-Type": NTRIPLES},
            method=method,
        )  # fmt: skip
        self._open(req, timeout)


def push(
    endpoint: RemoteEndpoint,
    quads: Iterable[ox.Quad],
    default_union: bool = True,
    in_default: Collection[str] | None = None,
    marker: ox.Triple | None = None,
) -> dict[str, int]:
    """Replace each named graph of `quads` on the remote store; returns triples per graph.

    Streams one graph at a time (the corpus need not fit in memory): quads arrive file by file
    and a graph's files are consecutive; should a graph come back later, its triples are added.
    With `default_union`, the remote default graph is first emptied, then receives every graph's
    triples, so that it is their set union, as in the embedded store (store/load.py says why):
    for servers like `oxigraph serve` without `--union-default-graph`; `in_default` limits it
    to those graphs (the law in force, `store.load.with_versions`), and `marker` is added to it
    last (the day in force, in the default graph only: the server then uses that graph for today
    instead of naming every graph in force in each query). Without it the remote default graph
    is left alone (Fuseki's tdb2:unionDefaultGraph, Virtuoso)."""
    counts: dict[str, int] = {}
    if default_union:
        endpoint.put_graph(None, [])

    def send(name: str, triples: list[ox.Triple]) -> None:
        endpoint.put_graph(name, triples, method="POST" if name in counts else "PUT")
        if default_union and (in_default is None or name in in_default):
            endpoint.put_graph(None, triples, method="POST")
        counts[name] = counts.get(name, 0) + len(triples)

    current: str | None = None
    batch: list[ox.Triple] = []
    for quad in quads:
        if not isinstance(quad.graph_name, ox.NamedNode):
            raise ValueError(f"quad outside a named graph: {quad}")
        name = quad.graph_name.value
        if name != current:
            if current is not None:
                send(current, batch)
            current, batch = name, []
        batch.append(quad.triple)
    if current is not None:
        send(current, batch)
    if default_union and marker is not None:
        endpoint.put_graph(None, [marker], method="POST")
    return counts


def remote_index(endpoint: RemoteEndpoint, timeout: float, under: str = "") -> TextIndex:
    """An in-memory FTS5 index of the texts of the named graphs of a remote store (those whose
    IRI starts with `under`)."""
    index = TextIndex()
    listed = " ".join(f"<{p}>" for p in PREDICATES)
    for graph in endpoint.graph_names(timeout, under):
        result = endpoint.query(
            f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ VALUES ?p {{ {listed} }} ?s ?p ?o }} "
            "FILTER (isIRI(?s) && isLiteral(?o)) }",
            timeout,
        )
        if not isinstance(result, ox.QuerySolutions):
            raise RemoteError(502, "a SELECT was not answered with solutions")
        entries = [(row["s"].value, row["p"].value, row["o"].value) for row in result]
        index.replace({graph: ("", entries)})
    return index


class RemoteBackend:
    """QueryBackend over a remote SPARQL endpoint (the server's own trusted queries)."""

    def __init__(
        self, endpoint: RemoteEndpoint, timeout: float = 30.0, graphs_under: str = ""
    ) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.graphs_under = graphs_under  # the project's graphs: `{base}/graph/`
        self._text_index: str | None = None
        self._engine_known = False
        self._texts: TextIndex | None = None
        self._texts_lock = threading.Lock()

    def texts(self) -> TextIndex | None:
        """The project's full-text index of the remote store's texts, for an engine without one
        of its own (the Oxigraph server); None for Virtuoso, whose index is used instead. Read
        from the endpoint, graph by graph, at first use; a restart reads it again (the server
        cannot see a load into the remote store)."""
        if self.text_index == "virtuoso":
            return None
        with self._texts_lock:
            if self._texts is None:
                self._texts = remote_index(self.endpoint, self.timeout, self.graphs_under)
            return self._texts

    @property
    def text_index(self) -> str | None:
        """ "virtuoso" when the endpoint is Virtuoso (its `bif:contains` word index), else None;
        asked once, from the Server header of an answer."""
        if not self._engine_known:
            try:
                self.endpoint.query("ASK { }", self.timeout)
            except (RemoteError, OSError):
                return None  # asked again next time
            self._engine_known = True
            if self.endpoint.server_software.startswith("Virtuoso/"):
                self._text_index = "virtuoso"
        return self._text_index

    def _result(self, query: str) -> object:
        try:
            return self.endpoint.query(query, self.timeout)
        except RemoteError as exc:
            if exc.status == 400:  # the remote engine's syntax error, as the embedded one's
                raise QueryRejected(f"the query cannot be evaluated: {exc.message}") from exc
            raise

    def _answer(self, query: str) -> list[dict[str, Node]] | bool | Graph:
        return answer_to_rdflib(self._result(query))

    def select(self, query: str) -> list[dict[str, Node]]:
        rows = self._answer(query)
        if not isinstance(rows, list):
            raise TypeError("select() needs a SELECT query")
        return rows

    def ask(self, query: str) -> bool:
        answer = self._answer(query)
        if not isinstance(answer, bool):
            raise TypeError("ask() needs an ASK query")
        return answer

    def construct(self, query: str) -> Graph:
        graph = self._answer(query)
        if not isinstance(graph, Graph):
            raise TypeError("construct() needs a CONSTRUCT or DESCRIBE query")
        return graph

    def construct_triples(self, query: str) -> list[ox.Triple]:
        return triples_of(self._result(query))
