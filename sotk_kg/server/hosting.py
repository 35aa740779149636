"""Connections served by the query workers themselves: the server's half (server/hosted.py is the
worker's).

On the pool's path a query crosses the server's event loop twice (request to a worker, answer
back); on a query of a millisecond those two hops, and the HTTP and ASGI layers around them,
took more time than the engine (bench/results/server-*.txt). So once the server has answered a
query on a keep-alive connection (`offer`, called by the listener when the answer is complete),
it hands the connection to an idle query worker, which reads and answers the next query requests
on it itself. The connection comes back to the server with the bytes of any request the worker
does not answer, when it is quiet, or when the worker dies; the server then serves it as a new
connection fed those bytes.

What keeps the pool's guarantees:
- the time limit: while it answers, a worker's `busy` holds when it began; past the limit the
  server kills it and answers 503 on its own copy of the socket, as the pool's path would;
- a worker dying while it answers is told apart as on the pool's path (crash 400, memory 503,
  killed from outside 503), and answered here;
- admission: a query being answered on a served connection counts against its client's
  allowance at the query gate, and a client has at most its allowance of connections served;
- the pool's path first: when a job finds no idle worker, a worker serving a connection is asked
  for it back (one not answering first), and takes the job once it has handed it back;
- nothing new is parsed in the server: what the worker declines, uvicorn reads as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import functools
import http
import json
import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response

from sotk_kg.server.admission import Gate
from sotk_kg.server.http import EXPOSED_HEADERS, SECURITY_HEADERS
from sotk_kg.server.pool import OUT_OF_MEMORY_MARK, JobTimeout, WorkerPool, _Worker
from sotk_kg.server.refusals import refusal

access_log = logging.getLogger("sotk_kg.access")
log = logging.getLogger(__name__)

# The scope key the fast lane sets on a query request (server/fastlane.py): the connection may
# be handed over once its answer is complete.
HOSTING = "sotk_kg.hosting"
# Messages on the channel. Server to worker: HANDOVER_* (with the socket; LOG: forward the access
# log), then GIVE_BACK to have it back. Worker to server: RELEASED (closed here), HANDED_BACK +
# the bytes read of a request the server must answer, LOG_LINE + one access-log line.
HANDOVER_LOG, HANDOVER_QUIET = b"H1", b"H0"
GIVE_BACK = b"G"
RELEASED, HANDED_BACK, LOG_LINE = b"R", b"B", b"L"
WATCH_EVERY = 0.1  # s between two looks at the time of the requests being answered
MAX_MESSAGE = 1 << 20  # bytes of one message from a worker (a request handed back is smaller)


@dataclass(eq=False)
class _Served:
    worker: _Worker
    fd: int  # the server's own copy of the client's socket
    client: str | None  # as the gate counts it
    protocol: Callable[[], asyncio.Protocol]  # a new server protocol, for the connection's return
    asked: bool = False  # to give the connection back


def render(response: Response) -> bytes:
    """An answer written on a connection the server no longer serves, which is then closed. The
    request's headers are the worker's, so the CORS headers are sent as for a request with an
    Origin (allowed from anywhere, no credentials): a page's script can read why it failed."""
    headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.raw_headers]
    names = {k for k, _ in headers}
    headers += [(k, v) for k, v in SECURITY_HEADERS.items() if k.lower() not in names]
    headers += [
        ("date", email.utils.formatdate(usegmt=True)),
        ("access-control-allow-origin", "*"),
        ("access-control-expose-headers", ", ".join(EXPOSED_HEADERS)),
        ("vary", "Origin"),
        ("connection", "close"),
    ]
    status = response.status_code
    head = f"HTTP/1.1 {status} {http.HTTPStatus(status).phrase}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers)
    return head.encode("latin-1") + b"\r\n" + bytes(response.body)


class Hosting:
    """Hands connections to the idle workers of `pool` and takes them back (module docstring)."""

    def __init__(self, pool: WorkerPool, gate: Gate, timeout: float) -> None:
        self.pool = pool
        self.gate = gate
        self.timeout = timeout
        self.most = pool.size
        self._served: dict[int, _Served] = {}  # by the worker's channel
        self._watch: asyncio.TimerHandle | None = None
        self._closed = False
        self._returning: set[asyncio.Future[None]] = set()  # connections being taken back
        gate.elsewhere = self._answering
        pool.reclaim = self.reclaim

    @property
    def served(self) -> int:
        """Connections the workers serve now."""
        return len(self._served)

    def _of(self, client: str) -> int:
        return sum(1 for served in list(self._served.values()) if served.client == client)

    def _answering(self, client: str) -> int:
        """Queries of `client` being answered on connections the workers serve."""
        return sum(
            1
            for served in list(self._served.values())
            if served.client == client and served.worker.busy.value
        )

    def reclaim(self) -> None:
        """A job waits for a worker and none is idle: one serving a connection is asked to give
        it back (an idle one first), from any thread."""
        waiting = [served for served in list(self._served.values()) if not served.asked]
        waiting.sort(key=lambda served: served.worker.busy.value != 0)
        for served in waiting[:1]:
            served.asked = True
            assert served.worker.channel is not None
            with contextlib.suppress(OSError):  # it died: the server finds out at once
                served.worker.channel.send(GIVE_BACK)

    def serving_pids(self) -> list[int]:
        """Process ids of the workers serving a connection (for operators and tests)."""
        return sorted(served.worker.pid for served in self._served.values())

    def offer(self, protocol: Any) -> bool:
        """Hand the connection of `protocol` (uvicorn's, its answer complete and nothing more
        read) to an idle worker; False when it stays with the server."""
        transport: asyncio.Transport = protocol.transport
        if self._closed or len(self._served) >= self.most or transport.get_write_buffer_size():
            return False
        client = (protocol.scope.get("client") or (None,))[0]
        allowed = self.gate.per_client
        if client is not None and allowed and self._of(client) >= allowed:
            return False  # no client has more workers serving it than its allowance
        w = self.pool.take_idle_now()
        if w is None or w.channel is None:
            if w is not None:
                self.pool.hosted_done(w)
            return False
        fd = os.dup(transport.get_extra_info("socket").fileno())
        handover = HANDOVER_LOG if access_log.isEnabledFor(logging.INFO) else HANDOVER_QUIET
        try:
            socket.send_fds(w.channel, [handover], [fd])
        except OSError:  # the worker is gone: the pool finds out when it next takes it
            os.close(fd)
            self.pool.hosted_done(w)
            return False
        transport.close()  # the server's transport lets go; the connection stays open
        config, state, app_state = protocol.config, protocol.server_state, protocol.app_state
        kind: Any = type(protocol)  # uvicorn's protocol class, made as uvicorn makes it
        again = functools.partial(kind, config=config, server_state=state, app_state=app_state)
        served = _Served(w, fd, client, again)
        self._served[w.channel.fileno()] = served
        loop = asyncio.get_running_loop()
        loop.add_reader(w.channel.fileno(), self._message, served)
        if self._watch is None:
            self._watch = loop.call_later(WATCH_EVERY, self._watch_time)
        return True

    def _message(self, served: _Served) -> None:
        assert served.worker.channel is not None
        try:
            message, fds, _flags, _addr = socket.recv_fds(served.worker.channel, MAX_MESSAGE, 1)
        except OSError:
            message, fds = b"", []
        for fd in fds:
            os.close(fd)
        if not message:
            self._died(served)
            return
        if message[:1] == LOG_LINE:
            access_log.info(message[1:].decode("utf-8", "replace"))
            return
        self._let_go(served)
        self.pool.hosted_done(served.worker)
        if message[:1] == HANDED_BACK:
            task = asyncio.ensure_future(self._take_back(served, message[1:]))
            self._returning.add(task)
            task.add_done_callback(self._returning.discard)
        else:  # RELEASED: the worker ended the connection
            os.close(served.fd)

    def _let_go(self, served: _Served) -> None:
        assert served.worker.channel is not None
        del self._served[served.worker.channel.fileno()]
        asyncio.get_running_loop().remove_reader(served.worker.channel.fileno())

    async def _take_back(self, served: _Served, data: bytes) -> None:
        """Serve the connection here again, fed first what the worker read of its next request:
        before the loop reads the socket (in `connection_made`), or the bytes would cross."""

        def fed() -> asyncio.Protocol:
            protocol: Any = served.protocol()
            made = protocol.connection_made

            def connection_made(transport: asyncio.BaseTransport) -> None:
                made(transport)
                if data and not transport.is_closing():
                    protocol.data_received(data)

            protocol.connection_made = connection_made
            return protocol  # type: ignore[no-any-return]

        sock = socket.socket(fileno=served.fd)
        try:
            await asyncio.get_running_loop().connect_accepted_socket(fed, sock)
        except OSError:
            sock.close()

    def _died(self, served: _Served) -> None:
        """The worker died (a crash, its memory limit, a kill from outside)."""
        self._let_go(served)
        began = served.worker.busy.value
        lost = self.pool.hosted_lost(served.worker, out_of_memory=began == OUT_OF_MEMORY_MARK)
        if began:  # it was answering: the client waits for that answer
            self._answer_and_close(served, refusal(lost))
        else:
            _close(served.fd)

    def _watch_time(self) -> None:
        """Stop the workers past the time limit, as the pool's path does."""
        self._watch = None
        now = time.monotonic()
        for served in list(self._served.values()):
            began = served.worker.busy.value
            if began > 0 and now - began > self.timeout:
                self._let_go(served)
                self.pool.hosted_stopped(served.worker)  # killed: its `busy` is final now
                if served.worker.busy.value:  # killed before its answer: nothing was sent
                    stopped = JobTimeout(
                        f"query stopped after the time limit of {self.timeout:g} s"
                    )
                    self._answer_and_close(served, refusal(stopped))
                else:  # killed while sending its answer: the connection cannot be used
                    _close(served.fd)
        if self._served and not self._closed:
            self._watch = asyncio.get_running_loop().call_later(WATCH_EVERY, self._watch_time)

    def _answer_and_close(self, served: _Served, response: Response) -> None:
        sock = socket.socket(fileno=served.fd)
        try:
            sock.settimeout(1.0)  # a short answer: it fits the socket's buffer
            sock.sendall(render(response))
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        finally:
            sock.close()
        if access_log.isEnabledFor(logging.INFO):  # the worker could not log it
            record = {"method": None, "path": "/sparql", "status": response.status_code,
                      "client": served.client, "served_by_worker": True}  # fmt: skip
            access_log.info(json.dumps(record))

    def close(self) -> None:
        """End every served connection (the pool is closing)."""
        self._closed = True
        if self._watch is not None:
            self._watch.cancel()
        for served in list(self._served.values()):
            with contextlib.suppress(RuntimeError):  # no running loop: nothing to remove
                self._let_go(served)
            _close(served.fd)
        self._served.clear()


def _close(fd: int) -> None:
    """End a connection through the server's copy of its socket."""
    sock = socket.socket(fileno=fd)
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
