"""Requests to /sparql that two ways of answering must answer alike (the fast lane and the full
stack, tests/server/test_fast_lane.py; the server and a worker serving the connection,
tests/server/test_hosting.py), and what of an answer is compared."""

from __future__ import annotations

import urllib.parse

import httpx
from liveserver import TEST_MAX_BODY

TIMING = {"x-query-time-ms", "date", "server"}
SELECT_ALL = "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?s ?p ?o"  # over 40 rows: cut
UNITS = (
    "PREFIX org: <http://www.w3.org/ns/org#> SELECT ?u WHERE { ?u a org:OrganizationalUnit } "
    "ORDER BY ?u"
)
# 40 rows of 4 KB: an answer over fastlane.GZIP_IN_THREAD, compressed off the event loop (the one
# await of the lane that waits on something else: a worker serving a connection runs it too)
LARGE = (
    "SELECT ?n ?t WHERE { VALUES ?n { " + " ".join(map(str, range(1, 41))) + " } "
    'BIND(CONCAT(STR(?n), "' + "sotk " * 50 + '") AS ?a) BIND(CONCAT(?a, ?a) AS ?b) '
    "BIND(CONCAT(?b, ?b) AS ?c) BIND(CONCAT(?c, ?c) AS ?d) BIND(CONCAT(?d, ?d) AS ?t) } ORDER BY ?n"
)
JSON = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"


def form(**fields: str) -> bytes:
    return urllib.parse.urlencode(fields).encode()


# (method, query string, headers, body): each sent to both servers
REQUESTS: list[tuple[str, str, dict[str, str], bytes | None]] = [
    ("POST", "", {"Accept": JSON, "Content-Type": FORM}, form(query=UNITS)),
    ("POST", "", {"Accept": JSON, "Content-Type": FORM, "Origin": "https://a.example"},
     form(query=UNITS)),
    ("POST", "", {"Accept": "text/csv", "Content-Type": "application/sparql-query"},
     SELECT_ALL.encode()),
    # large enough to be compressed; and the same asked without gzip
    ("POST", "", {"Accept": JSON, "Content-Type": FORM, "Accept-Encoding": "gzip"},
     form(query=SELECT_ALL)),
    ("POST", "", {"Accept": JSON, "Content-Type": FORM, "Accept-Encoding": "identity"},
     form(query=SELECT_ALL)),
    ("POST", "", {"Accept": JSON, "Content-Type": FORM, "Accept-Encoding": "gzip"},
     form(query=LARGE)),
    ("POST", "", {"Accept": "application/n-triples", "Content-Type": FORM},
     form(query="CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5")),
    ("GET", urllib.parse.urlencode({"query": UNITS}), {"Accept": JSON}, None),
    ("GET", urllib.parse.urlencode({"query": UNITS, "format": "csv"}),
     {"Origin": "https://b.example", "Accept-Encoding": "gzip"}, None),
    ("GET", urllib.parse.urlencode({"query": "SELECT (RAND() AS ?r) {}", "format": "tsv"}),
     {}, None),  # not deterministic: no validators
    ("GET", "format=json&" + urllib.parse.urlencode({"query": "ASK {}"}), {}, None),
    # refusals and errors
    ("POST", "", {"Content-Type": FORM}, form(update="DROP ALL")),
    ("POST", "", {"Content-Type": FORM}, form(query="SELECT * { SERVICE <http://x/> {} }")),
    ("POST", "", {"Content-Type": FORM}, form(query="SELECT ?x WHERE { ?x")),
    ("POST", "", {"Content-Type": "text/plain"}, b"ASK {}"),
    ("POST", "", {"Content-Type": FORM}, form(query="ASK {} #" + "x" * TEST_MAX_BODY)),
    ("POST", "", {"Content-Type": FORM, "Accept": "image/png"}, form(query=UNITS)),
    ("POST", "", {"Content-Type": FORM}, form(query=UNITS, **{"as-of": "yesterday"})),
    ("POST", "", {"Content-Type": FORM}, b"query=%E2%82"),  # not UTF-8 once decoded
    # not the lane's
    ("HEAD", urllib.parse.urlencode({"query": UNITS}), {"Accept": JSON}, None),
]  # fmt: skip


def seen(resp: httpx.Response) -> tuple[int, bytes, dict[str, object]]:
    headers: dict[str, object] = {}
    for name, value in resp.headers.multi_items():
        if name in TIMING:
            continue
        if name == "vary":
            headers[name] = frozenset(v.strip() for v in value.split(","))
        else:
            assert name not in headers, f"{name} twice"
            headers[name] = value
    return resp.status_code, resp.content, headers
