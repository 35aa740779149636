"""Connections served by the query workers themselves (server/hosting.py, server/hosted.py).

The server as `sotk-kg serve` runs it, on an on-disk store: once a query is answered on a
keep-alive connection, a worker serves that connection. Its answers must be the server's (the
requests of the fast lane's test, each sent twice on one connection: the first answered by the
server, the second by the worker); whatever the worker does not answer goes back to the server
on the same connection; the time limit, the access log and the per-client allowance hold.
"""

from __future__ import annotations

import dataclasses
import email.utils
import http.client
import json
import logging
import os
import signal
import socket
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from lane_requests import FORM, JSON, REQUESTS, UNITS, form, seen
from liveserver import TEST_TIMEOUT, GuardedLiveServer
from test_pool_http import MEMORY_MB
from test_pool_workers import CONCAT_BOMB
from test_safety import RUNAWAY

from sotk_kg.server.hosted import IDLE
from sotk_kg.server.hosting import Hosting
from sotk_kg.settings import Settings
from sotk_kg.store.load import build_disk


@pytest.fixture(scope="module")
def store_dir(server_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("hosting") / "store"
    build_disk(directory, server_settings)
    return directory


@pytest.fixture(scope="module")
def hosted(server_settings: Settings, store_dir: Path) -> Iterator[GuardedLiveServer]:
    settings = dataclasses.replace(server_settings, store=store_dir, workers=3, client_queries=3)
    with GuardedLiveServer(settings) as srv:
        yield srv


def _hosting(srv: GuardedLiveServer) -> Hosting:
    hosting = srv.app.state.executor.hosting
    assert hosting is not None, "an on-disk store with hosting on has a Hosting"
    return hosting


def _until(check: Callable[[], bool], within: float = 5.0) -> bool:
    """Whether `check` holds within `within` seconds (the server's thread acts on its own)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.01)
    return check()


@pytest.fixture()
def idle(hosted: GuardedLiveServer) -> GuardedLiveServer:
    """The server with no connection served by a worker (the previous test's are closed)."""
    assert _until(lambda: _hosting(hosted).served == 0), "a served connection was left over"
    return hosted


def _ask(conn: http.client.HTTPConnection, query: str) -> http.client.HTTPResponse:
    conn.request("POST", "/sparql", body=form(query=query),
                 headers={"Accept": JSON, "Content-Type": FORM})  # fmt: skip
    resp = conn.getresponse()
    resp.read()
    return resp


def test_a_keep_alive_connection_is_served_by_a_worker_after_its_first_query(
    idle: GuardedLiveServer,
) -> None:
    hosting = _hosting(idle)
    conn = http.client.HTTPConnection("127.0.0.1", idle.port, timeout=10)
    try:
        first = _ask(conn, UNITS)
        assert first.status == 200
        assert _until(lambda: hosting.served == 1)
        port = conn.sock.getsockname()[1]
        for _ in range(5):
            again = _ask(conn, UNITS)
            assert again.status == 200
            assert conn.sock.getsockname()[1] == port, "the same connection throughout"
        assert hosting.served == 1
    finally:
        conn.close()
    assert _until(lambda: hosting.served == 0), "a connection closed by its client is let go"


@pytest.mark.parametrize("method,query_string,headers,body", REQUESTS)
def test_a_worker_answers_as_the_server(
    idle: GuardedLiveServer,
    method: str,
    query_string: str,
    headers: dict[str, str],
    body: bytes | None,
) -> None:
    """The same request twice on one connection: the server's answer, then (when it kept the
    connection open) the worker's; equal but for the timing headers."""
    url = "/sparql" + (f"?{query_string}" if query_string else "")
    with httpx.Client(base_url=idle.url, timeout=30) as client:
        answers = [seen(client.request(method, url, headers=headers, content=body))
                   for _ in range(2)]  # fmt: skip
    (status, content, found), (status2, content2, found2) = answers
    if "RAND" in query_string:  # another number each time, of another length
        content2, found2["content-length"] = content, found["content-length"]
    assert (status2, content2, found2) == (status, content, found)


def _raw(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=10)


def _served_connection(srv: GuardedLiveServer) -> socket.socket:
    """A raw connection that has had one query answered and is now served by a worker."""
    sock = _raw(srv.port)
    sock.sendall(_get(UNITS))
    assert _read_answers(sock, 1)[0][0] == 200
    assert _until(lambda: _hosting(srv).served == 1)
    return sock


def _get(query: str, path: str = "/sparql") -> bytes:
    target = f"{path}?{urllib.parse.urlencode({'query': query})}"
    return f"GET {target} HTTP/1.1\r\nHost: t\r\nAccept: {JSON}\r\n\r\n".encode()


def _read_answers(sock: socket.socket, count: int) -> list[tuple[int, bytes]]:
    """`count` answers read off a raw connection: (status, body) each."""
    return [(status, body) for status, _, body in _read_full_answers(sock, count)]


def _read_full_answers(sock: socket.socket, count: int) -> list[tuple[int, dict[str, str], bytes]]:
    """`count` answers read off a raw connection: (status, headers by lower-case name, body)."""
    reader = sock.makefile("rb")
    answers = []
    for _ in range(count):
        status = int(reader.readline().split()[1])
        headers: dict[str, str] = {}
        while (line := reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.lower()] = value.strip()
        answers.append((status, headers, reader.read(int(headers.get("content-length", 0)))))
    return answers


def test_what_the_worker_does_not_answer_goes_back_to_the_server(idle: GuardedLiveServer) -> None:
    """Another path, a request in pieces, and bad bytes, on a served connection: answered by the
    server, which then offers the connection again after a query."""
    sock = _served_connection(idle)
    try:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
        status, body = _read_answers(sock, 1)[0]
        assert status == 200 and json.loads(body)["status"] == "ok"
        sock.sendall(_get(UNITS))  # served by the server now, then offered again
        assert _read_answers(sock, 1)[0][0] == 200
        assert _until(lambda: _hosting(idle).served == 1)
        request = _get(UNITS)
        sock.sendall(request[:10])  # the rest after the worker gave up waiting for it
        time.sleep(0.8)
        sock.sendall(request[10:])
        status, body = _read_answers(sock, 1)[0]
        assert status == 200 and b'"bindings"' in body
        assert _until(lambda: _hosting(idle).served == 1)
        sock.sendall(b"GET /sparql?query=x HTTP/1.1\r\nHost: t\r\nContent-Length: nope\r\n\r\n")
        status, _ = _read_answers(sock, 1)[0]
        assert status == 400  # uvicorn's answer to a malformed request
    finally:
        sock.close()


def test_pipelined_requests_are_answered_in_order(idle: GuardedLiveServer) -> None:
    sock = _served_connection(idle)
    try:
        sock.sendall(_get("ASK {}") + _get(UNITS) + b"GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
        answers = _read_answers(sock, 3)
    finally:
        sock.close()
    assert [status for status, _ in answers] == [200, 200, 200]
    assert json.loads(answers[0][1])["boolean"] is True
    assert "bindings" in json.loads(answers[1][1])["results"]
    assert json.loads(answers[2][1])["status"] == "ok"


def test_a_quiet_connection_goes_back_to_the_server_and_stays_open(
    idle: GuardedLiveServer,
) -> None:
    sock = _served_connection(idle)
    try:
        assert _until(lambda: _hosting(idle).served == 0, within=IDLE + 2)
        sock.sendall(_get("ASK {}"))
        assert _read_answers(sock, 1)[0][0] == 200
    finally:
        sock.close()


def test_the_time_limit_stops_a_query_on_a_served_connection(idle: GuardedLiveServer) -> None:
    pool = idle.app.state.executor.pool
    restarts = pool.restarts
    sock = _served_connection(idle)
    try:
        started = time.monotonic()
        sock.sendall(_get(RUNAWAY))
        status, headers, body = _read_full_answers(sock, 1)[0]
        took = time.monotonic() - started
        assert sock.recv(1) == b"", "the connection is closed after the refusal"
    finally:
        sock.close()
    assert status == 503
    assert f"time limit of {TEST_TIMEOUT:g} s" in body.decode()
    # written by the server in the worker's place, with what the worker's answer would carry:
    # a page's script may read it (CORS), a client knows when to retry, caches see a date
    assert headers["retry-after"] == "10" and headers["connection"] == "close"
    assert headers["access-control-allow-origin"] == "*"
    assert "X-Query-Time-Ms" in headers["access-control-expose-headers"]
    assert headers["x-content-type-options"] == "nosniff"
    assert email.utils.parsedate_to_datetime(headers["date"]).tzinfo is not None
    assert TEST_TIMEOUT <= took < TEST_TIMEOUT + 3
    assert _until(lambda: pool.restarts == restarts + 1)
    with httpx.Client(base_url=idle.url, timeout=30) as client:  # the server serves on
        resp = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": JSON})
        assert resp.status_code == 200


def test_the_access_log_has_the_lines_of_a_served_connection(
    idle: GuardedLiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="sotk_kg.access"):
        sock = _served_connection(idle)
        try:
            sock.sendall(_get("ASK { ?s ?p 'served' }"))
            assert _read_answers(sock, 1)[0][0] == 200
        finally:
            sock.close()
        assert _until(lambda: _hosting(idle).served == 0)
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "sotk_kg.access"]
    served = [line for line in lines if line["query"] == "ASK { ?s ?p 'served' }"]
    assert len(served) == 1 and served[0]["status"] == 200 and served[0]["path"] == "/sparql"


def test_a_client_has_at_most_its_allowance_of_connections_served(
    server_settings: Settings, store_dir: Path
) -> None:
    """With two queries allowed a client, two of its three connections are served by workers;
    the third's queries are answered by the server, never refused."""
    settings = dataclasses.replace(server_settings, store=store_dir, workers=3, client_queries=2)
    with GuardedLiveServer(settings) as srv:
        conns = [http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10) for _ in range(3)]
        try:
            for _ in range(3):
                for conn in conns:
                    assert _ask(conn, UNITS).status == 200
            assert _hosting(srv).served == 2
        finally:
            for conn in conns:
                conn.close()


def test_a_query_finding_every_worker_serving_a_connection_gets_one_back(
    server_settings: Settings, store_dir: Path
) -> None:
    """Both workers serve a connection; a query on a third connection waits for one of them to
    hand its connection back, not for the queue wait to run out (503)."""
    settings = dataclasses.replace(
        server_settings, store=store_dir, workers=2, client_queries=4, queue_wait=0.5
    )
    with GuardedLiveServer(settings) as srv:
        served = [_served_connection(srv) for _ in range(1)]
        served.append(_raw(srv.port))
        served[1].sendall(_get(UNITS))
        assert _read_answers(served[1], 1)[0][0] == 200
        try:
            assert _until(lambda: _hosting(srv).served == 2)
            with httpx.Client(base_url=srv.url, timeout=30) as client:
                resp = client.get("/sparql", params={"query": UNITS}, headers={"Accept": JSON})
            assert resp.status_code == 200
            for sock in served:  # both connections still answer
                sock.sendall(_get("ASK {}"))
                assert _read_answers(sock, 1)[0][0] == 200
        finally:
            for sock in served:
                sock.close()


def test_hosting_off_serves_every_query_in_the_server(
    server_settings: Settings, store_dir: Path
) -> None:
    settings = dataclasses.replace(server_settings, store=store_dir, workers=2, hosting=False)
    with GuardedLiveServer(settings) as srv:
        assert srv.app.state.executor.hosting is None
        with httpx.Client(base_url=srv.url, timeout=30) as client:
            for _ in range(3):
                resp = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": JSON})
                assert resp.status_code == 200


@pytest.fixture(scope="module")
def hosted_limits(server_settings: Settings, store_dir: Path) -> Iterator[GuardedLiveServer]:
    """No nesting guard (a crashing query reaches the engine), a memory limit, a long queue wait
    (a query after a crash waits for the replacement worker)."""
    settings = dataclasses.replace(
        server_settings, store=store_dir, workers=2, client_queries=3, max_depth=10**9,
        max_body=10**6, worker_memory=MEMORY_MB, queue_wait=60.0,
    )  # fmt: skip
    with GuardedLiveServer(settings) as srv:
        yield srv


def _refusal(srv: GuardedLiveServer, request: bytes, during: Callable[[], object] = list) -> str:
    """The answer to `request` on a served connection, and the connection closed after it;
    `during` runs while the request is answered."""
    assert _until(lambda: _hosting(srv).served == 0)
    restarts = srv.app.state.executor.pool.restarts
    sock = _served_connection(srv)
    try:
        sock.sendall(request)
        during()
        ((status, body),) = _read_answers(sock, 1)
        assert sock.recv(1) == b""
    finally:
        sock.close()
    assert _until(lambda: srv.app.state.executor.pool.restarts == restarts + 1)
    with httpx.Client(base_url=srv.url, timeout=60) as client:  # the server serves on
        resp = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": JSON})
        assert resp.status_code == 200
    return f"{status} {body.decode()}"


def test_an_engine_crash_on_a_served_connection_is_a_400(hosted_limits: GuardedLiveServer) -> None:
    deep = "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000
    answer = _refusal(hosted_limits, _get(deep))
    assert answer.startswith("400 the query engine crashed on this query")


def test_running_out_of_memory_on_a_served_connection_is_a_503(
    hosted_limits: GuardedLiveServer,
) -> None:
    answer = _refusal(hosted_limits, _get(CONCAT_BOMB))
    assert answer.startswith("503 memory limit:") and f"({MEMORY_MB} MiB)" in answer


def test_a_serving_worker_killed_from_outside_is_a_503_to_retry(
    hosted_limits: GuardedLiveServer,
) -> None:
    def kill() -> None:
        assert _until(lambda: hosted_limits.app.state.executor.pool is not None)
        (pid,) = _hosting(hosted_limits).serving_pids()
        time.sleep(0.3)  # the query is running
        os.kill(pid, signal.SIGKILL)  # as the OOM killer would

    answer = _refusal(hosted_limits, _get(RUNAWAY), during=kill)
    assert answer.startswith("503 ") and "ended from outside (signal SIGKILL)" in answer


def test_a_connection_given_back_mid_request_keeps_its_bytes_in_order(
    idle: GuardedLiveServer,
) -> None:
    """The worker holds the first part of a request when it is asked for the connection back
    while the rest is already on its way: the server reads the part before the rest (8 clients
    on 4 workers met this: bytes crossed, uvicorn answered 400)."""
    for _ in range(20):
        sock = _served_connection(idle)
        try:
            request = _get(UNITS)
            sock.sendall(request[:25])
            time.sleep(0.05)  # the worker has read the part
            _hosting(idle).reclaim()
            sock.sendall(request[25:])
            status, body = _read_answers(sock, 1)[0]
            assert status == 200 and b'"bindings"' in body
        finally:
            sock.close()
        assert _until(lambda: _hosting(idle).served == 0)
