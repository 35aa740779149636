"""Worker processes have no network at all (sotk_kg/server/sandbox.py), below Python: a SERVICE
query sent straight to a query worker, past the guard, reaches nothing, although the engine's HTTP
client is native code that the workers' Python audit hook never sees (shown by the same query in a
worker without the sandbox, which does connect). Also as an unprivileged user, and with a clear
refusal where no namespace can be made."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest
import workerstubs
from repo_paths import REPO_ROOT
from test_safety import Listener

from sotk_kg.server import worker
from sotk_kg.server.pool import WorkerOptions, WorkerPool
from sotk_kg.server.sandbox import isolate_network
from sotk_kg.server.worker import Answer, Failure, Job, StoreSpec

JSON = "application/sparql-results+json"
NAMESPACES = ("network namespace", "user and network namespace")
UNREACHABLE = os.strerror(errno.ENETUNREACH)
NOBODY = 65534


def run_python(code: str, *args: object) -> dict[str, object]:
    """Run `code` in a fresh interpreter (never unshare this test process) and read the JSON
    it prints."""
    done = subprocess.run([sys.executable, "-c", code, *map(str, args)], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


PROBE = """
import json
from sotk_kg.server.sandbox import isolate_network
print(json.dumps({"isolation": isolate_network("auto")}))
"""
needs_namespaces = pytest.mark.skipif(
    run_python(PROBE)["isolation"] not in NAMESPACES,
    reason="this system allows no network namespace (docs/deployment.md)",
)


@pytest.fixture()
def listener() -> Iterator[Listener]:
    lst = Listener()
    yield lst
    lst.close()


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> StoreSpec:
    return workerstubs.one_triple_store(tmp_path_factory.mktemp("store"))


def service_queries(port: int) -> list[str]:
    url = f"http://127.0.0.1:{port}/sparql"
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"PREFIX : <http://127.0.0.1:{port}/> ASK {{ SERVICE :sparql {{ ?s ?p ?o }} }}",
    ]


def ask_the_listener(spec: StoreSpec, port: int, sandbox: str) -> tuple[str, list[object]]:
    """What a query worker under `sandbox` answers to each SERVICE query, sent past the guard."""
    pool = WorkerPool("query", worker.start, (spec,), 1, options=WorkerOptions(sandbox=sandbox))
    try:
        pool.start()
        return pool.isolation, [pool.run(Job(q, JSON, None, 10), 10) for q in service_queries(port)]
    finally:
        pool.close()


@needs_namespaces
def test_a_query_worker_reaches_nothing_even_past_the_guard(
    spec: StoreSpec, listener: Listener
) -> None:
    isolation, outcomes = ask_the_listener(spec, listener.port, "required")
    assert isolation in NAMESPACES
    for outcome in outcomes:  # a clear failure at once, not a hang until the time limit
        assert isinstance(outcome, Failure) and outcome.status == 400, outcome
        assert UNREACHABLE in outcome.message
    assert listener.connections == 0


def test_without_the_sandbox_the_engine_does_connect(spec: StoreSpec, listener: Listener) -> None:
    """The control: the audit hook alone does not stop the engine's own HTTP client."""
    isolation, outcomes = ask_the_listener(spec, listener.port, "off")
    assert isolation == "off"
    assert listener.connections >= 1
    assert not any(isinstance(o, Failure) and UNREACHABLE in o.message for o in outcomes)


# Run as root, drop to an unprivileged uid (a process cannot unshare itself back), optionally
# start a thread, then isolate and try to connect. Everything is imported before the drop: the
# interpreter's own files may not be readable by that uid.
UNPRIVILEGED = """
import encodings.idna, json, os, socket, sys, threading
from sotk_kg.server.sandbox import SandboxUnavailable, isolate_network
threaded, policy, port = sys.argv[1] == "threaded", sys.argv[2], int(sys.argv[3])
os.setgroups([]); os.setgid(NOBODY); os.setuid(NOBODY)
if threaded:
    threading.Thread(target=threading.Event().wait, daemon=True).start()
out = {"uid": os.getuid()}
try:
    out["isolation"] = isolate_network(policy)
except SandboxUnavailable as exc:
    out["refused"] = str(exc)
try:
    socket.create_connection(("127.0.0.1", port), timeout=5).close()
    out["connect"] = "connected"
except OSError as exc:
    out["connect"] = exc.errno
print(json.dumps(out))
""".replace("NOBODY", str(NOBODY))
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="dropping to another uid needs root")


@needs_root
@needs_namespaces
def test_an_unprivileged_worker_gets_a_user_and_network_namespace(listener: Listener) -> None:
    out = run_python(UNPRIVILEGED, "single", "required", listener.port)
    assert out == {"uid": NOBODY, "isolation": "user and network namespace",
                   "connect": errno.ENETUNREACH}  # fmt: skip
    assert listener.connections == 0


@needs_root
def test_where_no_namespace_can_be_made_the_policy_decides(listener: Listener) -> None:
    """An unprivileged process with a second thread can make neither namespace (CLONE_NEWNET
    needs CAP_SYS_ADMIN, CLONE_NEWUSER a single thread): `required` refuses and says what a
    deployment needs; `auto` goes on with the network and says why."""
    refused = run_python(UNPRIVILEGED, "threaded", "required", listener.port)
    assert "cannot take the worker off the network" in str(refused["refused"])
    assert "EPERM" in str(refused["refused"]) and "EINVAL" in str(refused["refused"])
    allowed = run_python(UNPRIVILEGED, "threaded", "auto", listener.port)
    assert str(allowed["isolation"]).startswith("none: network namespace: EPERM")
    assert allowed["connect"] == "connected"


def test_an_unknown_policy_is_refused() -> None:
    with pytest.raises(ValueError, match="use one of auto, required, off"):
        isolate_network("sometimes")


@needs_namespaces
def test_health_says_how_the_workers_are_isolated(http: httpx.Client) -> None:
    assert http.get("/health").json()["sandbox"] in NAMESPACES


@needs_namespaces
def test_a_query_worker_still_answers_inside_its_namespace(spec: StoreSpec) -> None:
    pool = WorkerPool("query", worker.start, (spec,), 1, options=WorkerOptions(sandbox="required"))
    try:
        pool.start()
        answer = pool.run(Job("ASK { GRAPH ?g { ?s ?p ?o } }", JSON, None, 10), 10)
    finally:
        pool.close()
    assert isinstance(answer, Answer) and answer.body == b'{"head": {}, "boolean": true}'
