"""A real server on 127.0.0.1 for the tests: uvicorn in a thread, query workers in processes."""

from __future__ import annotations

import dataclasses
import socket
import threading
import time
from decimal import Decimal

import httpx
import uvicorn
from rdflib import Graph, Literal

from sotk_kg.server.app import create_app
from sotk_kg.server.listener import GuardedServer, server_config
from sotk_kg.settings import Settings

TEST_TIMEOUT = 2.0
TEST_MAX_ROWS = 40  # the sample has 63 triples, so SELECT * { ?s ?p ?o } is cut
TEST_MAX_BODY = 10_000
SRV = "https://w3id.org/sotk-kg/def/server#"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.app = create_app(settings)
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.sparql = f"{self.url}/sparql"
        config = uvicorn.Config(self.app, host="127.0.0.1", port=port, log_level="warning",
                                access_log=False)  # fmt: skip
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)


class GuardedLiveServer(LiveServer):
    """The server as `sotk-kg serve` runs it (guarded protocol, GuardedServer), in a thread."""

    def __init__(self, settings: Settings) -> None:
        self.settings = dataclasses.replace(settings, port=free_port())
        self.app = create_app(self.settings)
        self.port = self.settings.port
        self.url = f"http://127.0.0.1:{self.port}"
        self.sparql = f"{self.url}/sparql"
        config = server_config(self.app, self.settings, log_level="warning", access_log=False)
        self.server = GuardedServer(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)


def announced_limits(url: str) -> dict[str, int | Decimal | bool]:
    """The `srv:` limits the Service Description of the server at `url` states, by local name,
    as Python values (int for xsd:integer, Decimal for xsd:decimal)."""
    resp = httpx.get(f"{url}/sparql", headers={"Accept": "text/turtle"}, timeout=30)
    assert resp.status_code == 200, resp.text
    graph = Graph().parse(data=resp.text, format="turtle")
    return {
        str(p).removeprefix(SRV): o.toPython()
        for _, p, o in graph
        if str(p).startswith(SRV) and isinstance(o, Literal)
    }
