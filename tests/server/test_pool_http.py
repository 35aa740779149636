"""Bounded, fair and honest worker pools over HTTP: one client cannot shut the others out of
/sparql, a query past the memory limit is a clean 503, a worker killed from outside is a 503 to
retry (not the query's fault), answers are cut at the byte cap and say so, and a flood of
uploads neither starts a process each nor stops /health and queries. Validation runs the
stand-in validator of workerstubs.py, whose uploads sleep, allocate or call SERVICE on demand."""

from __future__ import annotations

import dataclasses
import os
import signal
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from liveserver import LiveServer, announced_limits
from test_pool_workers import CONCAT_BOMB, busy_pid
from test_safety import RUNAWAY, Listener

from sotk_kg.server.pool import WorkerPool
from sotk_kg.settings import Settings

JSON = {"Accept": "application/json"}
MEMORY_MB = 256
MAX_BYTES = 3000  # the sample's 40 first rows of SELECT * take about 9 KB in JSON
UPLOAD_SECONDS = 3.0  # how long an accepted stand-in upload takes
FLOOD = 45  # concurrent uploads, more than the default thread pool's 40 threads
PADDING = b"#" * 70_000  # uploads the size of the 70 KB rosters of the report


@pytest.fixture(scope="module")
def guarded(server_settings: Settings) -> Iterator[LiveServer]:
    settings = dataclasses.replace(
        server_settings,
        workers=2,
        client_queries=1,
        worker_memory=MEMORY_MB,
        max_result_bytes=MAX_BYTES,
        validate_workers=1,
        validate_queue=1,
        validate_timeout=20,
        max_body=200_000,
    )
    with LiveServer(settings) as srv:
        srv.app.state.validation_module = "workerstubs"
        yield srv


def client_at(address: str) -> httpx.Client:
    """A client connecting from `address` (any 127.x.y.z is this machine's loopback)."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=60)


def query_pool(server: LiveServer) -> WorkerPool:
    pool = server.app.state.executor.pool
    assert isinstance(pool, WorkerPool)
    return pool


def in_threads(*calls: object) -> list[threading.Thread]:
    threads = [threading.Thread(target=call) for call in calls]  # type: ignore[arg-type]
    for t in threads:
        t.start()
    return threads


def test_one_client_at_its_limit_does_not_shut_out_another(guarded: LiveServer) -> None:
    """Client A sends two runaway queries with one allowed in flight: the second is refused at
    once (429), so a worker stays free for client B, whose ASK is answered."""
    statuses: list[int] = []
    refusals: list[httpx.Response] = []

    def runaway() -> None:
        with client_at("127.0.0.1") as a:
            reply = a.get(guarded.sparql, params={"query": RUNAWAY}, headers=JSON)
        statuses.append(reply.status_code)
        if reply.status_code == 429:
            refusals.append(reply)

    threads = in_threads(runaway, runaway)
    busy_pid(query_pool(guarded))  # a runaway holds a worker
    with client_at("127.0.0.2") as b:
        other = b.get(guarded.sparql, params={"query": "ASK { ?s ?p ?o }"}, headers=JSON)
    for t in threads:
        t.join()
    assert other.status_code == 200 and other.json()["boolean"] is True
    assert sorted(statuses) == [429, 503]  # refused at once; the other stopped at the limit
    (refused,) = refusals
    assert "this client (127.0.0.1)" in refused.text and int(refused.headers["retry-after"]) > 0
    assert announced_limits(guarded.url)["maxConcurrentQueriesPerClient"] == 1


def test_the_doubling_query_ends_in_a_memory_limit_503(guarded: LiveServer) -> None:
    restarts = httpx.get(f"{guarded.url}/health").json()["worker_restarts"]
    reply = httpx.get(guarded.sparql, params={"query": CONCAT_BOMB}, headers=JSON, timeout=60)
    assert reply.status_code == 503, reply.text
    assert reply.text.startswith("memory limit:") and f"({MEMORY_MB} MiB)" in reply.text
    assert "crashed" not in reply.text and int(reply.headers["retry-after"]) > 0
    ask = httpx.get(guarded.sparql, params={"query": "ASK { ?s ?p ?o }"}, headers=JSON)
    assert ask.status_code == 200
    assert httpx.get(f"{guarded.url}/health").json()["worker_restarts"] == restarts + 1


def test_a_worker_killed_from_outside_is_a_503_to_retry(guarded: LiveServer) -> None:
    replies: list[httpx.Response] = []

    def runaway() -> None:
        replies.append(httpx.get(guarded.sparql, params={"query": RUNAWAY}, timeout=60))

    (thread,) = in_threads(runaway)
    os.kill(busy_pid(query_pool(guarded)), signal.SIGKILL)  # as the OOM killer would
    thread.join()
    (reply,) = replies
    assert reply.status_code == 503, reply.text
    assert "ended from outside (signal SIGKILL)" in reply.text
    assert "send the query again" in reply.text
    assert "crashed" not in reply.text and int(reply.headers["retry-after"]) > 0
    ask = httpx.get(guarded.sparql, params={"query": "ASK { ?s ?p ?o }"}, headers=JSON)
    assert ask.status_code == 200


def test_answers_are_cut_at_the_byte_cap_and_say_so(guarded: LiveServer) -> None:
    reply = httpx.get(guarded.sparql, params={"query": "SELECT * { ?s ?p ?o }"}, headers=JSON)
    assert reply.status_code == 200
    assert reply.headers["x-sparql-max-bytes"] == str(MAX_BYTES)
    assert reply.headers["x-sparql-truncated"] == "true"
    assert reply.headers["warning"] == f'199 - "result cut at {MAX_BYTES} bytes"'
    rows = reply.json()["results"]["bindings"]
    assert 0 < len(rows) < guarded.settings.max_rows and len(reply.content) <= MAX_BYTES
    assert announced_limits(guarded.url)["maxResultBytes"] == MAX_BYTES


def test_a_flood_of_uploads_leaves_health_and_queries_answering(guarded: LiveServer) -> None:
    """45 concurrent 70 KB uploads: one validation worker takes one, one waits, the rest are
    refused at once with 503; /health and a query answer while the accepted uploads are still
    being validated (they did not wait for a thread the uploads hold)."""
    upload = f"sleep:{UPLOAD_SECONDS}\n".encode() + PADDING
    uploads: list[tuple[float, httpx.Response]] = []

    def send() -> None:
        reply = httpx.post(f"{guarded.url}/validate", content=upload, timeout=60,
                           headers={"Content-Type": "text/csv", **JSON})  # fmt: skip
        uploads.append((time.monotonic(), reply))

    threads = in_threads(*[send] * FLOOD)
    time.sleep(1.0)  # every upload has been sent; the accepted one is being validated
    health = httpx.get(f"{guarded.url}/health", timeout=60)
    ask = httpx.get(guarded.sparql, params={"query": "ASK {}"}, headers=JSON, timeout=60)
    answered = time.monotonic()
    validators = len(guarded.app.state.validation.pool.pids())
    for t in threads:
        t.join()
    assert health.status_code == 200 and ask.status_code == 200
    accepted = [at for at, reply in uploads if reply.status_code == 200]
    refused = [reply for _, reply in uploads if reply.status_code == 503]
    assert len(accepted) == 2 and len(refused) == FLOOD - 2
    assert answered < min(accepted)  # before the first validation was done
    assert all("validation busy" in r.text and r.headers["retry-after"] for r in refused)
    assert validators == 1  # no process per upload


def test_a_validation_worker_has_no_network(guarded: LiveServer) -> None:
    listener = Listener()
    try:
        reply = httpx.post(f"{guarded.url}/validate", content=f"service:{listener.port}".encode(),
                           headers={"Content-Type": "text/csv", **JSON}, timeout=60)  # fmt: skip
        time.sleep(0.3)
    finally:
        listener.close()
    assert reply.status_code == 200, reply.text
    assert os.strerror(101) in reply.json()["note"]  # ENETUNREACH, from the engine's own client
    assert listener.connections == 0


def test_an_upload_past_the_memory_limit_is_a_503(guarded: LiveServer) -> None:
    reply = httpx.post(f"{guarded.url}/validate", content=f"allocate:{2 * MEMORY_MB}".encode(),
                       headers={"Content-Type": "text/csv", **JSON}, timeout=60)  # fmt: skip
    assert reply.status_code == 503 and f"({MEMORY_MB} MiB)" in reply.text
    small = httpx.post(f"{guarded.url}/validate", content=b"allocate:1",
                       headers={"Content-Type": "text/csv", **JSON}, timeout=60)  # fmt: skip
    assert small.status_code == 200 and small.json()["note"] == "allocated 1 MiB"
