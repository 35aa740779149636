"""The HTTP layer under a hostile client (issue 11, defects 3, 4, 12 and 13): slow clients are
closed by deadlines and a connection cap (the server stays up and its log stays short), a client
hanging up mid-body is one quiet access line, generated metadata never names the `Host` the
client sent, the 404 page is short, every answer carries the security headers, the access log
carries the query, and `sotk-kg query` has a time limit."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import re
import resource
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from liveserver import GuardedLiveServer, LiveServer
from servertree import BASE, DINAS, make_tree

from sotk_kg.server.http import CONTENT_SECURITY_POLICY
from sotk_kg.server.listener import UNLIMITED_FILES, connection_cap
from sotk_kg.server.pages.respond import SEARCH_WORDS_CHARS, SHOWN_PATH_CHARS
from sotk_kg.settings import Settings

HEADER_TIMEOUT = 2.0
BODY_TIMEOUT = 3.0
MAX_CONNECTIONS = 64
SLOW_CLIENTS = 48  # below the cap: they are closed by the deadlines, not refused


@pytest.fixture(scope="module")
def guarded(server_settings: Settings) -> Iterator[GuardedLiveServer]:
    settings = dataclasses.replace(
        server_settings,
        workers=1,
        header_timeout=HEADER_TIMEOUT,
        body_timeout=BODY_TIMEOUT,
        max_connections=MAX_CONNECTIONS,
    )
    with GuardedLiveServer(settings) as srv:
        yield srv


def connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=5)


def request_head(method: str, path: str, extra: str = "") -> bytes:
    return f"{method} {path} HTTP/1.1\r\nHost: test\r\n{extra}".encode()


SLOW_BODY = request_head(
    "POST", "/sparql", "Content-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\n"
)
SLOW_STARTS = {
    "idle": b"",  # connects and sends nothing
    "headers": request_head("GET", "/health") + b"X-Slow: ",  # the header never ends
    "body": SLOW_BODY + b"A",  # 1 of 100 bytes
}


def drip_until_closed(
    socks: dict[socket.socket, str], give_up_after: float
) -> dict[socket.socket, bytes]:
    """Send one more byte a second on every unfinished request (data resets no deadline) and
    collect what the server sends on each until it closes it; sockets still open after
    `give_up_after` seconds are missing from the result."""
    received: dict[socket.socket, bytes] = {}
    open_ = set(socks)
    give_up = time.monotonic() + give_up_after
    next_drip = time.monotonic() + 1.0
    while open_ and time.monotonic() < give_up:
        readable, _, _ = select.select(list(open_), [], [], 0.2)
        for s in readable:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                chunk = b""
            received[s] = received.get(s, b"") + chunk
            if not chunk:
                open_.discard(s)
        if time.monotonic() >= next_drip:
            next_drip += 1.0
            for s in open_:
                if socks[s] != "idle":
                    with contextlib.suppress(OSError):  # closed meanwhile: seen on next read
                        s.send(b"a")
    return {s: data for s, data in received.items() if s not in open_}


def warnings_and_tracebacks(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]


# --- defect 3: slow clients ------------------------------------------------------------------


def test_slow_clients_are_closed_by_the_deadlines_while_health_answers(
    guarded: GuardedLiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    kinds = list(SLOW_STARTS)
    socks = {connect(guarded.port): kinds[i % len(kinds)] for i in range(SLOW_CLIENTS)}
    for s, kind in socks.items():
        s.sendall(SLOW_STARTS[kind])
    try:
        # With every slow connection open, the server answers others.
        health = httpx.get(guarded.url + "/health", timeout=5)
        assert health.status_code == 200
        closed = drip_until_closed(socks, give_up_after=BODY_TIMEOUT + 10)
    finally:
        for s in socks:
            s.close()
    assert len(closed) == SLOW_CLIENTS, f"{SLOW_CLIENTS - len(closed)} slow clients still open"
    for s, kind in socks.items():
        answer = closed[s]
        if kind == "idle":
            assert answer == b""  # nothing was asked: closed without a word
        elif kind == "headers":
            assert answer.startswith(b"HTTP/1.1 408 "), answer[:200]
            assert f"not complete within {HEADER_TIMEOUT:g} s".encode() in answer
        else:
            assert answer.startswith(b"HTTP/1.1 408 "), answer[:200]
            assert f"body not received within {BODY_TIMEOUT:g} s".encode() in answer
            assert b"connection: close" in answer.lower()
    # The log: no traceback, and the closed connections are a count, not a line each.
    noisy = warnings_and_tracebacks(caplog)
    assert not [r for r in noisy if r.exc_info], [r.getMessage() for r in noisy]
    assert len(noisy) <= 1, [r.getMessage() for r in noisy]  # the first closure's warning


def test_a_request_head_over_16_kib_is_refused_and_one_under_it_answered(
    guarded: GuardedLiveServer,
) -> None:
    for size, status in ((15 * 1024, b"200"), (17 * 1024, b"400")):
        with connect(guarded.port) as s:
            s.sendall(request_head("GET", "/health", f"X-Big: {'a' * size}\r\n\r\n"))
            answer = s.recv(4096)
        assert answer.startswith(b"HTTP/1.1 " + status), (size, answer[:200])


def test_connections_over_the_cap_are_refused_at_once_and_the_server_recovers(
    guarded: GuardedLiveServer,
) -> None:
    held = [connect(guarded.port) for _ in range(MAX_CONNECTIONS)]
    try:
        refusal = b""
        deadline = time.monotonic() + HEADER_TIMEOUT / 2  # before the held ones time out
        while not refusal and time.monotonic() < deadline:
            with connect(guarded.port) as probe:
                readable, _, _ = select.select([probe], [], [], 0.2)
                refusal = probe.recv(4096) if readable else b""
        assert refusal.startswith(b"HTTP/1.1 503 "), refusal
        assert b"too many open connections" in refusal
    finally:
        for s in held:
            s.close()
    deadline = time.monotonic() + 5
    while True:  # the held connections' close reaches the server a moment later
        status = httpx.get(guarded.url + "/health", timeout=5).status_code
        if status == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert status == 200


def test_the_open_file_limit_is_raised_and_the_cap_stays_below_it() -> None:
    code = (
        "import resource\n"
        "soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)\n"
        "resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))\n"
        "from sotk_kg.server.listener import raise_open_file_limit\n"
        "print(raise_open_file_limit(), *resource.getrlimit(resource.RLIMIT_NOFILE))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2])  # fmt: skip
    returned, soft, hard = (int(v) for v in out.stdout.split())
    if hard != resource.RLIM_INFINITY:
        assert returned == soft == hard
    else:
        assert returned == soft == UNLIMITED_FILES
    for limit in (1024, 20_000):
        assert connection_cap(100_000, limit) < limit
    assert connection_cap(100, 20_000) == 100


# --- defect 4: a client hanging up mid-body --------------------------------------------------


def access_records(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "sotk_kg.access"]


def wait_for_access(
    caplog: pytest.LogCaptureFixture, path: str, count: int = 1
) -> list[dict[str, object]]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = [r for r in access_records(caplog) if r["path"] == path]
        if len(found) >= count:
            return found
        time.sleep(0.05)
    raise AssertionError(f"no access line for {path}")


def test_a_client_hanging_up_mid_body_is_one_quiet_line(
    guarded: GuardedLiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    with connect(guarded.port) as s:
        s.sendall(SLOW_BODY + b"S")  # Content-Length 100, 1 byte sent, then close
        time.sleep(0.2)  # the route is reading the body when the client goes
    (line,) = wait_for_access(caplog, "/sparql")
    assert line["status"] == 499  # the client closed the request: no 500
    assert warnings_and_tracebacks(caplog) == []


# --- defect 12: the Host header --------------------------------------------------------------


def test_no_generated_document_names_the_host_the_client_sent(live: LiveServer) -> None:
    evil = {"Host": "evil.example"}
    paths = {
        "/sparql": "text/turtle",
        "/catalogue": "text/turtle",
        "/.well-known/void": "text/turtle",
        "/": "text/html",
        "/sparql-editor": "text/html",
        "/docs": "text/html",
        DINAS.removeprefix(BASE): "text/html",  # 303 to the document
        DINAS.removeprefix(BASE).replace("/id/", "/doc/", 1): "text/html",
        "/no/such/page": "text/html",
    }
    with httpx.Client(base_url=live.url, timeout=30, headers=evil) as http:
        for path, accept in paths.items():
            resp = http.get(path, headers={"Accept": accept})
            assert resp.status_code in (200, 303, 404), (path, resp.status_code)
            assert "evil.example" not in resp.text, path
            assert not [v for v in resp.headers.values() if "evil.example" in v], path
        from rdflib import Graph, URIRef

        description = Graph().parse(data=http.get("/sparql", headers={"Accept": "text/turtle"})
                                    .text, format="turtle")  # fmt: skip
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert set(description.objects(None, URIRef(sd + "endpoint"))) == {URIRef(f"{BASE}/sparql")}


# --- defect 13: a short 404, security headers, the query in the log, `sotk-kg query` limit ----


def test_the_404_page_shows_a_long_path_once_and_cut(live: LiveServer) -> None:
    words = [f"w{i}" for i in range(10_000)]
    path = "/" + "-".join(words)  # about 60 KB; its search words are "w0 w1 w2 ..."
    client = TestClient(live.app)
    short = client.get("/no-such-page", headers={"Accept": "text/html"})
    page = client.get(path, headers={"Accept": "text/html"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert page.text.count("w0-w1-w2-w3") == 1  # the path, once
    # What the long path adds: the shown part of it, and the search words in the box and the
    # link (percent-encoded: a space is 3 characters).
    added = len(page.text) - len(short.text)
    assert added <= SHOWN_PATH_CHARS + 40 + SEARCH_WORDS_CHARS + 3 * SEARCH_WORDS_CHARS
    plain = client.get(path, headers={"Accept": "text/plain"})
    assert plain.status_code == 404 and len(plain.text) <= SHOWN_PATH_CHARS + 100


def assert_security_headers(resp: httpx.Response) -> None:
    where = f"{resp.request.method} {resp.request.url.path} ({resp.status_code})"
    assert resp.headers.get("x-content-type-options") == "nosniff", where
    assert resp.headers.get("x-frame-options") == "DENY", where
    assert resp.headers.get("referrer-policy") == "strict-origin-when-cross-origin", where
    policy = resp.headers.get("content-security-policy", "")
    assert policy == CONTENT_SECURITY_POLICY, where
    for directive in ("frame-ancestors 'none'", "script-src 'self'", "object-src 'none'"):
        assert directive in policy.split("; "), (where, directive)


def test_every_answer_carries_the_security_headers(http: httpx.Client) -> None:
    answers = [
        http.get("/health"),
        http.get("/sparql", headers={"Accept": "text/turtle"}),
        http.get("/sparql", params={"query": "ASK {}"}),
        http.get("/"),
        http.get("/sparql-editor"),
        http.get("/docs"),
        http.get("/openapi.json"),
        http.get("/static/yasgui/yasgui.min.js"),
        http.get("/no/such/page", headers={"Accept": "text/html"}),
        http.get("/no/such/page", headers={"Accept": "application/json"}),
        http.delete("/sparql"),  # 405
        http.options("/sparql"),
        http.post("/sparql", content=b"x", headers={"Content-Type": "text/plain"}),  # 415
        http.get("/sparql", params={"query": "SELECT * WHERE {"}),  # 400
    ]
    for resp in answers:
        assert_security_headers(resp)


def test_the_editor_and_the_docs_page_have_no_inline_script(http: httpx.Client) -> None:
    """The policy allows scripts from this server only: an inline one would not run."""
    assert "<script" not in http.get("/").text  # the home page needs none
    for path in ("/sparql-editor", "/docs"):
        page = http.get(path).text
        tags = page.split("<script")[1:]
        assert tags, path
        for tag in tags:
            head = tag.split(">", 1)[0]
            assert ' src="' in head or 'type="application/json"' in head, (path, head)
        assert not re.search(r"<[^>]*\son[a-z]+\s*=", page), path  # no inline event handler


def test_the_access_log_carries_the_query_cut_and_its_length(
    guarded: GuardedLiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    query = "ASK {} # " + "x" * 1_491  # 1,500 characters
    with httpx.Client(base_url=guarded.url, timeout=30) as http:
        assert http.get("/sparql", params={"query": query}).status_code == 200
        assert http.post("/sparql", data={"query": query}).status_code == 200
        direct = {"Content-Type": "application/sparql-query"}
        assert http.post("/sparql", content=query.encode(), headers=direct).status_code == 200
    lines = wait_for_access(caplog, "/sparql", count=3)
    assert [(line["query"], line["query_chars"]) for line in lines] == [(query[:1000], 1500)] * 3


def run_cli(args: list[str], root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOTK_ROOT": str(root)}
    return subprocess.run([sys.executable, "-m", "sotk_kg.cli", *args], env=env,
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip


def test_sotk_kg_query_stops_at_its_time_limit_with_exit_3(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "tree")
    # Six unbound triple patterns: 63**6 rows to count on the sample's 63 triples.
    endless = (
        "SELECT (COUNT(*) AS ?n) WHERE { "
        + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(6))
        + " }"
    )
    started = time.monotonic()
    out = run_cli(["query", "--timeout", "1", endless], root)
    assert out.returncode == 3, out.stderr
    assert "time limit of 1 s" in out.stderr and out.stdout == ""
    assert time.monotonic() - started < 60  # stopped, not run to the end (or the default)
    quick = run_cli(["query", "--timeout", "5", "--format", "csv",
                     "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"], root)  # fmt: skip
    assert quick.returncode == 0 and quick.stdout.splitlines() == ["n", "63"], quick.stderr
    refused = run_cli(["query", "--timeout", "0", "ASK {}"], root)
    assert refused.returncode == 2 and "above 0 s" in refused.stderr


# --- the pages work under the policy (a real browser) ----------------------------------------

_RECORD_VIOLATIONS = (
    "window.__csp = []; document.addEventListener('securitypolicyviolation', "
    "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
)


@pytest.mark.browser
def test_pages_run_under_the_policy_without_a_violation(live: LiveServer) -> None:
    from browser import headless_chromium
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    ready = {
        "/": "main h1",
        "/sparql-editor": ".yasqe .CodeMirror",
        "/docs": ".opblock .opblock-summary-path",
        DINAS.removeprefix(BASE).replace("/id/", "/doc/", 1): "main h1",
    }
    with headless_chromium("sotk-csp-") as browser:
        browser.execute_cdp_cmd(  # type: ignore[attr-defined]
            "Page.addScriptToEvaluateOnNewDocument", {"source": _RECORD_VIOLATIONS}
        )
        for path, selector in ready.items():
            browser.get(live.url + path)  # type: ignore[attr-defined]
            wait = WebDriverWait(browser, 60)
            wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, selector)))
            if path == "/sparql-editor":  # the editor runs its first example and shows the rows
                browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()  # type: ignore[attr-defined]
                wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr"))
            time.sleep(0.5)  # let the page finish what it starts after the first render
            violations = browser.execute_script("return window.__csp")  # type: ignore[attr-defined]
            assert violations == [], (path, violations)
