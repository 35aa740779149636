"""A client's connection served by a query worker itself: the worker's half of server/hosting.py.

The server hands a keep-alive connection whose query it has just answered to an idle query
worker; the worker reads that connection's next requests itself and answers each query request
to `/sparql` with the same ASGI application the server's fast lane runs (server/fastlane.py,
routes/sparql.py), on its own store. A small query then costs one process and no hop: the two
hops through the server's event loop cost more than the engine on most catalogue questions
(bench/results/server-*.txt).

Anything this module is not sure of goes back to the server with the bytes read so far, and
uvicorn and the full stack answer it as always: another path or method, a request that is not
complete within COMPLETE_WITHIN seconds or is larger than MAX_READ, anything the parser refuses,
pipelined requests, `Connection: close`, HTTP/1.0, `Expect` or `Upgrade`. So does a connection
quiet for IDLE seconds, so that no worker waits on an idle client.

The limits stay the server's: while a request is answered, `busy` holds the time it began; the
server kills the worker past the time limit and answers 503 on its own copy of the socket, and
tells a crash or an exhausted memory limit from the worker's death, as for any job.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import http
import logging
import os
import select
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httptools
import pyoxigraph as ox
from starlette.types import ASGIApp, Message
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from sotk_kg.server.conditional import DataVersion
from sotk_kg.server.executor import named_graph_iris
from sotk_kg.server.fastlane import sparql_lane, wants_lane
from sotk_kg.server.hosting import (
    HANDED_BACK,
    HANDOVER_LOG,
    LOG_LINE,
    RELEASED,
)
from sotk_kg.server.in_force import InForce
from sotk_kg.server.pool import memory_limit_exceeded
from sotk_kg.server.routes.sparql import make_handler
from sotk_kg.server.worker import (
    Answer,
    Failure,
    Job,
    StoreSpec,
    evaluate,
    framed_jobs,
    open_store,
)
from sotk_kg.settings import Settings
from sotk_kg.store.backend import EmbeddedBackend
from sotk_kg.store.textindex import INDEX_FILE, TextIndex

READ = 65536  # bytes asked of one recv
MAX_READ = 64 * 1024  # bytes of one request read here; a larger one goes back to the server
IDLE = 1.0  # s without a request before the connection goes back to the server
COMPLETE_WITHIN = 0.5  # s from a request's first byte to its last, else back to the server
SEND_TIMEOUT = 30.0  # s a client may take to take in an answer
SERVER_HEADER = b"uvicorn"  # as uvicorn's own answers say


access_log = logging.getLogger("sotk_kg.access")


class _Request:
    """httptools' callbacks: the parts of the request being read."""

    def __init__(self) -> None:
        self.url = b""
        self.headers: list[tuple[bytes, bytes]] = []
        self.body = bytearray()
        self.messages = 0
        self.complete = False

    def on_message_begin(self) -> None:
        self.messages += 1

    def on_url(self, url: bytes) -> None:
        self.url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name.lower(), value))

    def on_body(self, body: bytes) -> None:
        self.body += body

    def on_message_complete(self) -> None:
        self.complete = True


NOT_HERE = frozenset({b"expect", b"upgrade", b"transfer-encoding"})


def lane_scope(
    request: _Request,
    parser: httptools.HttpRequestParser,
    client: tuple[str, int],
    server: tuple[str, int],
) -> dict[str, Any] | None:
    """The ASGI scope of a complete request this worker answers, as uvicorn would make it; None
    for any request the server must answer (see the module docstring)."""
    if request.messages != 1 or parser.get_http_version() != "1.1":
        return None
    if not parser.should_keep_alive() or any(name in NOT_HERE for name, _ in request.headers):
        return None
    try:
        url = httptools.parse_url(request.url)
    except httptools.HttpParserInvalidURLError:
        return None
    if url.path != b"/sparql":
        return None
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "server": server,
        "client": client,
        "scheme": "http",
        "method": parser.get_method().decode("ascii"),
        "root_path": "",
        "path": "/sparql",
        "raw_path": url.path,
        "query_string": url.query or b"",
        "headers": request.headers,
        "state": {},
    }
    return scope if wants_lane(scope) else None


class _ToServer(logging.Handler):
    """The access log's lines, to the server's log (this process's stderr is a scratch file)."""

    def __init__(self, channel: socket.socket) -> None:
        super().__init__()
        self.channel = channel

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(OSError):  # the server went away: this worker stops soon
            self.channel.send(LOG_LINE + record.getMessage().encode())


class HostedHttp:
    """Serves the connections handed to this worker with `app` (the fast lane's application)."""

    def __init__(
        self,
        app: ASGIApp,
        send_timeout: float = SEND_TIMEOUT,
        exhausted: Callable[[], bool] = lambda: False,
    ) -> None:
        self.app = app
        self.send_timeout = send_timeout
        self.exhausted = exhausted  # True: stop this worker once the answer is sent
        self.loop = asyncio.new_event_loop()
        self._date = (0, b"")

    def serve(self, channel: socket.socket, busy: Any) -> bool:
        """Take the connection the server sends on `channel` and serve it until it is closed or
        goes back; False when the server closed the channel (this worker then stops)."""
        message, fds, _flags, _addr = socket.recv_fds(channel, 64, 1)
        if not message:
            for fd in fds:
                socket.close(fd)
            return False
        if not fds:
            return True
        self._log_to(channel, message == HANDOVER_LOG)
        sock = socket.socket(fileno=fds[0])
        try:
            # one run of the loop per connection, not per request: the coroutine blocks on the
            # socket between requests (nothing else runs on this loop but the answer's awaits)
            ending = self.loop.run_until_complete(self._connection(sock, channel, busy))
        finally:
            sock.close()  # the server holds its own copy: this does not close the connection
        try:
            channel.send(ending)
        except OSError:
            return False
        return not self.exhausted()

    def _log_to(self, channel: socket.socket, on: bool) -> None:
        access_log.propagate = False
        access_log.handlers = [_ToServer(channel)] if on else []
        access_log.setLevel(logging.INFO if on else logging.WARNING)

    async def _connection(self, sock: socket.socket, channel: socket.socket, busy: Any) -> bytes:
        """RELEASED once the connection is closed; HANDED_BACK + the bytes of a request not yet
        answered, for the server."""
        sock.settimeout(self.send_timeout)  # the descriptor stays non-blocking (poll waits)
        client, server = sock.getpeername()[:2], sock.getsockname()[:2]
        poller = select.poll()
        poller.register(sock, select.POLLIN)
        poller.register(channel, select.POLLIN)
        buffer = bytearray()
        request = _Request()
        parser = httptools.HttpRequestParser(request)
        first_byte = 0.0
        while True:
            wait = IDLE if not buffer else first_byte + COMPLETE_WITHIN - time.monotonic()
            events = _wait(poller, wait)
            if any(fd == channel.fileno() for fd, _ in events):
                channel.recv(64)  # GIVE_BACK (or the server closed the channel: the send fails)
                return HANDED_BACK + bytes(buffer)
            if not events:
                return HANDED_BACK + bytes(buffer)  # quiet, or a request slow to come
            try:
                data = sock.recv(READ)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            if not data:
                _close(sock)
                return RELEASED
            if not buffer:
                first_byte = time.monotonic()
            buffer += data
            try:
                parser.feed_data(data)
            except httptools.HttpParserError:
                return HANDED_BACK + bytes(buffer)  # uvicorn says what is wrong with it
            if not request.complete:
                if len(buffer) > MAX_READ:
                    return HANDED_BACK + bytes(buffer)
                continue
            scope = lane_scope(request, parser, client, server)
            if scope is None:
                return HANDED_BACK + bytes(buffer)
            if not await self._answer(sock, scope, bytes(request.body), busy) or self.exhausted():
                _close(sock)
                return RELEASED
            buffer.clear()
            request = _Request()
            parser = httptools.HttpRequestParser(request)

    async def _answer(
        self, sock: socket.socket, scope: dict[str, Any], body: bytes, busy: Any
    ) -> bool:
        """Answer one request; whether the connection stays open."""
        busy.value = time.monotonic()
        try:
            status, headers, content = await self._run(scope, body)
        finally:
            busy.value = 0.0  # from here on the server may not answer in its place
        head = self._head(status, headers, len(content))
        try:
            sock.sendall(head + content)
        except OSError:  # the client went away or does not read: drop it
            return False
        return not any(k == b"connection" and v.lower() == b"close" for k, v in headers)

    async def _run(
        self, scope: dict[str, Any], body: bytes
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        status = 500
        headers: list[tuple[bytes, bytes]] = []
        parts: list[bytes] = []
        received = False

        async def receive() -> Message:
            nonlocal received
            if received:
                return {"type": "http.disconnect"}
            received = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: Message) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status, headers = message["status"], list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))

        await self.app(scope, receive, send)
        return status, headers, b"".join(parts)

    def _head(self, status: int, headers: list[tuple[bytes, bytes]], length: int) -> bytes:
        """The status line and headers as uvicorn writes them: its date and server headers
        first, then the application's (with a Content-Length, which every answer here has)."""
        now = int(time.time())
        if self._date[0] != now:
            self._date = (now, email.utils.formatdate(now, usegmt=True).encode())
        lines = [
            b"HTTP/1.1 %d %s\r\n" % (status, http.HTTPStatus(status).phrase.encode()),
            b"date: " + self._date[1] + b"\r\n",
            b"server: " + SERVER_HEADER + b"\r\n",
        ]
        lines += [name + b": " + value + b"\r\n" for name, value in headers]
        if not any(name == b"content-length" for name, _ in headers):
            lines.append(b"content-length: %d\r\n" % length)
        return b"".join(lines) + b"\r\n"


def _wait(poller: select.poll, seconds: float) -> list[tuple[int, int]]:
    """The events of the next `seconds`: a function of its own, so that a profile (bench/
    profile_request.py) can tell this wait from the work around it."""
    return poller.poll(max(seconds, 0.0) * 1000)


def _close(sock: socket.socket) -> None:
    """End the connection itself: the server's copy of the socket would keep it open."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


class LocalExecutor:
    """The handler's executor in a worker serving a connection: the query runs here, at once;
    the server watches its time limit (`busy`)."""

    union_default = True

    def __init__(self, store: ox.Store, settings: Settings) -> None:
        self.store = store
        self.known_graphs: frozenset[str] | None = named_graph_iris(store)
        self.queue_wait: float | None = settings.worker_wait
        self.memory_mb = settings.worker_memory
        self.exhausted = False  # a query ran out of memory: this worker stops after answering

    def start(self) -> None:
        pass

    def run(self, job: Job, timeout: float) -> Answer | Failure:
        try:
            return evaluate(self.store, job)
        except MemoryError:  # answered as on the pool's path; what held the memory may still
            self.exhausted = True
            raise memory_limit_exceeded("query", self.memory_mb) from None

    async def submit(self, job: Job, timeout: float, client: str | None) -> Answer | Failure:
        return self.run(job, timeout)

    def close(self) -> None:
        pass


def lane_application(
    executor: LocalExecutor, directory: Path, settings: Settings, version: DataVersion
) -> ASGIApp:
    """The server's fast lane (server/app.py) over this worker's own store and text index, with
    uvicorn's proxy-headers rule in front as uvicorn puts it in front of the server's."""
    backend = EmbeddedBackend(executor.store, TextIndex(directory / INDEX_FILE))
    in_force = InForce(backend, settings, embedded=True)
    handle = make_handler(executor, settings, in_force, texts=backend, inline_text_index=True)
    lane = sparql_lane(handle, settings, version, body_read=True)
    # uvicorn.Config's own default, which `sotk-kg serve` keeps
    trusted = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
    proxied: ASGIApp = ProxyHeadersMiddleware(lane, trusted_hosts=trusted)  # type: ignore[arg-type,assignment]
    return proxied


class HostingWorker:
    """A query worker of a hosting pool: the pool's jobs (as `worker.start_framed`'s) and the
    connections handed to it (`serve`)."""

    def __init__(self, spec: StoreSpec, settings: Settings, version: DataVersion) -> None:
        store = open_store(spec)
        self.jobs = framed_jobs(store)
        executor = LocalExecutor(store, settings)
        app = lane_application(executor, Path(spec.path), settings, version)
        self.http = HostedHttp(app, settings.body_timeout, lambda: executor.exhausted)

    def __call__(self, frame: bytes) -> bytes:
        return self.jobs(frame)

    def serve(self, channel: socket.socket, busy: Any) -> bool:
        return self.http.serve(channel, busy)


def start(spec: StoreSpec, settings: Settings, version: DataVersion) -> HostingWorker:
    """Entry of a query worker of a hosting pool (server/pool.py); an on-disk store only."""
    return HostingWorker(spec, settings, version)
