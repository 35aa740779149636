"""The HTTP listener of `sotk-kg serve`: uvicorn's h11 protocol with a header deadline and a cap
on open connections, and the process's open-file limit raised to what the cap needs.

uvicorn alone bounds neither: a connection that sends its request headers one byte at a time, or
nothing at all, is kept open for as long as the client likes (its keep-alive timer only runs
between answers, and every byte received cancels it), and it accepts connections until the
process runs out of file descriptors, after which nothing is answered (issue 11: 19,990 slow
connections took the server offline). Here a request's headers must be complete within
`header_timeout` seconds of the connection being opened or of the previous answer (else 408 and
close), which also bounds the leftover body of a request answered without reading it; and a
connection beyond `max_connections` is answered 503 and closed at once, before it costs more
than a moment. The request body is bounded in the application (`sotk_kg.server.http.BodyDeadline`).

The cap alone does not keep the descriptors: asyncio accepts up to `backlog` connections in one
go before any of them reaches the protocol (which refuses it), and when `accept()` then fails
with "too many open files" it logs a traceback for each remaining try of that round (the 22,990
tracebacks of the attack). So the backlog is sized from the open-file limit, the cap is kept
below the limit by two rounds of accepts and a reserve, and the event loop reports that error
as a count, not a traceback. `bench/slow_clients.py` measures this against uvicorn's own
options, Granian and Hypercorn.
"""

from __future__ import annotations

import asyncio
import logging
import resource
import time
from typing import Any

import h11
import httptools
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from sotk_kg.server.hosting import HOSTING, Hosting
from sotk_kg.settings import Settings

log = logging.getLogger(__name__)

# File descriptors kept for everything but client connections: the listening socket, worker
# pipes, the store's files, validation processes, logs.
FD_RESERVE = 256
MAX_HEAD = 16 * 1024  # bytes of a request line and its headers
REPORT_EVERY = 60.0  # s between two warnings about closed / refused connections
UNLIMITED_FILES = 1 << 20  # what an unlimited hard limit is raised to


def raise_open_file_limit() -> int:
    """Raise the soft limit on open files to the hard limit (the soft one is often 1,024 while
    the hard one is far higher; an unlimited one counts as UNLIMITED_FILES); returns the soft
    limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return UNLIMITED_FILES
    wanted = UNLIMITED_FILES if hard == resource.RLIM_INFINITY else hard
    if soft >= wanted:
        return soft
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    except (ValueError, OSError) as exc:
        log.warning("cannot raise the open-file limit from %d to %d: %s", soft, wanted, exc)
        return soft
    return wanted


def accept_backlog(open_file_limit: int) -> int:
    """Connections the kernel queues, and asyncio accepts in one round: 2,048 (uvicorn's
    default), less when the open-file limit is small."""
    return max(16, min(2048, (open_file_limit - FD_RESERVE) // 8))


def connection_cap(wanted: int, open_file_limit: int) -> int:
    """The connection cap in force: `wanted`, but below the open-file limit by the reserve and
    two rounds of accepts (connections accepted before the protocol can refuse them)."""
    room = open_file_limit - FD_RESERVE - 2 * accept_backlog(open_file_limit)
    return max(1, min(wanted, room))


def _raw_answer(status: int, reason: str, message: str) -> bytes:
    body = message.encode() + b"\n"
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\n"
        f"content-length: {len(body)}\r\nx-content-type-options: nosniff\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode() + body


class _Tally:
    """Counts connections closed for one reason; a warning at most every REPORT_EVERY seconds,
    so that an attack leaves a few lines in the log, not one per connection."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.count = 0
        self._reported_at = float("-inf")

    def note(self) -> None:
        self.count += 1
        now = time.monotonic()
        if now - self._reported_at >= REPORT_EVERY:
            self._reported_at = now
            log.warning("%s (%d so far)", self.what, self.count)


_accept_failures = _Tally("accept() failed: out of file descriptors or memory")


def _count_accept_failures(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    if context.get("message") == "socket.accept() out of system resource":
        _accept_failures.note()
        return
    loop.default_exception_handler(context)


class GuardedServer(uvicorn.Server):
    """uvicorn's server whose event loop counts accept() failures instead of logging a
    traceback for each."""

    async def serve(self, sockets: list[Any] | None = None) -> None:
        asyncio.get_running_loop().set_exception_handler(_count_accept_failures)
        await super().serve(sockets)


class _Guards(asyncio.Protocol):
    """The header deadline and the connection cap, for either of uvicorn's HTTP protocols
    (`GuardedH11Protocol`, `GuardedHttpToolsProtocol`); the limits are class attributes, set by
    `guarded_protocol`."""

    header_timeout: float = 10.0
    max_connections: int = 4096
    slow_headers: _Tally
    refused: _Tally
    # what the uvicorn protocol provides
    connections: set[Any]
    cycle: Any
    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_deadline: asyncio.TimerHandle | None = None
        self._refused = False

    def connection_made(  # type: ignore[override]  # as uvicorn's own: TCP gives a Transport
        self, transport: asyncio.Transport
    ) -> None:
        if len(self.connections) >= self.max_connections:
            self._refused = True
            self.transport = transport
            self.refused.note()
            transport.write(
                _raw_answer(503, "Service Unavailable", "server busy: too many open connections")
            )
            transport.close()
            return
        super().connection_made(transport)
        self._arm_header_deadline()

    def data_received(self, data: bytes) -> None:
        if not self._refused:
            super().data_received(data)

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_deadline()
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        super().on_response_complete()  # type: ignore[misc]  # uvicorn's protocols have it
        if not self.transport.is_closing():
            self._arm_header_deadline()  # the next request's headers, or the rest of this body

    def _arm_header_deadline(self) -> None:
        self._cancel_header_deadline()
        self._header_deadline = self.loop.call_later(self.header_timeout, self._headers_late)

    def _cancel_header_deadline(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _part_of_a_request_came(self) -> bool:
        raise NotImplementedError

    def _headers_late(self) -> None:
        self._header_deadline = None
        answering = self.cycle is not None and not self.cycle.response_complete
        if answering or self.transport.is_closing():
            return  # the request came in time; its answer arms the deadline again
        self.slow_headers.note()
        if self._part_of_a_request_came():
            # Say why it is closed (an idle keep-alive connection is just closed).
            self.transport.write(
                _raw_answer(
                    408,
                    "Request Timeout",
                    f"request headers not complete within {self.header_timeout:g} s",
                )
            )
        self.transport.close()


class GuardedH11Protocol(_Guards, H11Protocol):
    """uvicorn's h11 protocol (pure Python) with the header deadline and the connection cap."""

    def _part_of_a_request_came(self) -> bool:
        return self.conn.their_state is h11.IDLE and bool(self.conn.trailing_data[0])


class GuardedHttpToolsProtocol(_Guards, HttpToolsProtocol):
    """uvicorn's httptools protocol (llhttp, in C) with the same guards, and the request line
    and headers capped at MAX_HEAD bytes as the h11 protocol caps them (400 past it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._in_head = False  # a request's line or headers came, not yet all of them
        self._head_size = 0

    def on_message_begin(self) -> None:
        self._in_head, self._head_size = True, 0
        super().on_message_begin()

    def on_url(self, url: bytes) -> None:
        self._count_head(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count_head(len(name) + len(value))
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        # A query answered on a keep-alive connection, its request read to the end and nothing
        # more read: its next queries may be answered by a query worker (server/hosting.py).
        hosting = self.scope.get(HOSTING) if self.scope is not None else None
        read = self.cycle is not None and not self.cycle.more_body
        idle = read and not self.pipeline and not self._in_head
        super().on_response_complete()
        if isinstance(hosting, Hosting) and idle and not self.transport.is_closing():
            hosting.offer(self)

    def _count_head(self, size: int) -> None:
        self._head_size += size
        if self._head_size > MAX_HEAD:
            raise httptools.HttpParserError("request line and headers too large")

    def _part_of_a_request_came(self) -> bool:
        return self._in_head


HTTP_PROTOCOLS: dict[str, type[_Guards]] = {
    "h11": GuardedH11Protocol,
    "httptools": GuardedHttpToolsProtocol,
}


def guarded_protocol(
    header_timeout: float, max_connections: int, http: str = "httptools"
) -> type[_Guards]:
    """A protocol class with these limits (uvicorn instantiates the class it is given)."""
    return type(
        "GuardedProtocol",
        (HTTP_PROTOCOLS[http],),
        {
            "header_timeout": header_timeout,
            "max_connections": max_connections,
            "slow_headers": _Tally(
                f"closed connections whose request did not arrive within {header_timeout:g} s"
            ),
            "refused": _Tally(
                f"refused connections over the cap of {max_connections} open connections"
            ),
        },
    )


def server_config(app: Any, settings: Settings, **options: Any) -> uvicorn.Config:
    """The uvicorn configuration of `sotk-kg serve` (and of the tests that start the server as
    it runs): raises the open-file limit and keeps the connection cap below it."""
    open_file_limit = raise_open_file_limit()
    cap = connection_cap(settings.max_connections, open_file_limit)
    if cap < settings.max_connections:
        log.warning("connection cap lowered from %d to %d by the open-file limit",
                    settings.max_connections, cap)  # fmt: skip
    return uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        http=guarded_protocol(settings.header_timeout, cap, settings.http),
        loop=settings.loop,
        backlog=accept_backlog(open_file_limit),
        h11_max_incomplete_event_size=MAX_HEAD,  # request line + headers
        **options,
    )
