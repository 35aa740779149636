"""Slow clients against the HTTP server, side by side (issue 11, defect 3: 19,990 slow connections
used every file descriptor and took the server offline).

For each server below, in a subprocess on 127.0.0.1 serving this repository's application (one
query worker) with the open-file limit set to `--nofile` (soft = hard, so the slow connections
can exhaust it as the attack did at 20,000), `--slow` connections are opened at once and held for
`--seconds`, a third of each kind:

- idle: connects and sends nothing;
- slow headers: `GET /health HTTP/1.1` and then one header byte a second;
- slow body: a complete `POST /sparql` header (Content-Length 100000), then one byte a second.

Meanwhile `GET /health` is sent on a fresh connection twice a second (3 s timeout); after the
window the slow connections are dropped and the probes go on for `--recovery` seconds. Printed
per server: probes answered 200 during the attack (and the slowest), slow connections the
server closed (and the median time it took), those still open past both deadlines (overdue,
counted from the client's connect(): an idle connection that the kernel completed but left in
its full accept queue, unknown to the server and costing it nothing, counts as overdue too), the
server's peak descriptors and RSS, what it wrote to its log (lines, KB, tracebacks) and the
seconds until /health answered again.

    .venv/bin/python -m bench.slow_clients [--slow 1500] [--seconds 20] [--nofile 1024]
        [--servers uvicorn,uvicorn-options,sotk,granian,hypercorn] [--python PY]

Granian and Hypercorn are not dependencies of the project: give `--python` an interpreter that
has them and this project importable (e.g. a venv with `pip install granian hypercorn` and a .pth
file naming this repository and its venv's site-packages); servers it cannot import are skipped.
Asserts nothing; only loopback.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.server_bench import stop

REPO = Path(__file__).resolve().parent.parent
HEADER_TIMEOUT = 5.0  # s, for every server that has such a setting
BODY_TIMEOUT = 10.0  # s, the application's body deadline (sotk_kg.server.http.BodyDeadline)
KEEP_ALIVE = 5.0  # s
SERVERS = ["uvicorn", "uvicorn-options", "sotk", "granian", "hypercorn"]
DESCRIBED = {
    "uvicorn": "uvicorn defaults, no body deadline (sotk-kg serve before issue 11)",
    "uvicorn-options": "uvicorn limit_concurrency, timeout_keep_alive, h11 header size, backlog",
    "sotk": "sotk-kg serve now: header deadline, connection cap, body deadline",
    "granian": "Granian 2 (Rust): http1 header_read_timeout, backpressure",
    "hypercorn": "Hypercorn: read_timeout, keep_alive_timeout, h11 header size, backlog",
}


# --- the server side: `python -m bench.slow_clients serve KIND PORT CAP` -----------------------


def _settings(port: int, before: bool = False):  # type: ignore[no-untyped-def]
    import dataclasses

    from sotk_kg.settings import Settings

    return dataclasses.replace(
        Settings(),
        port=port,
        workers=1,
        header_timeout=HEADER_TIMEOUT,
        body_timeout=1e6 if before else BODY_TIMEOUT,
    )


def granian_app():  # type: ignore[no-untyped-def]
    """Granian's import target (it builds the application in its own worker process)."""
    from sotk_kg.server.app import create_app

    return create_app(_settings(int(os.environ["BENCH_PORT"])))


def serve(kind: str, port: int, cap: int) -> None:
    import logging

    from sotk_kg.server.listener import accept_backlog

    # As `sotk-kg serve` logs: one access line per request, warnings, tracebacks.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    backlog = accept_backlog(resource.getrlimit(resource.RLIMIT_NOFILE)[0])
    if kind == "granian":
        from granian import Granian
        from granian.constants import Interfaces
        from granian.http import HTTP1Settings

        os.environ["BENCH_PORT"] = str(port)
        Granian(
            "bench.slow_clients:granian_app",
            factory=True,
            address="127.0.0.1",
            port=port,
            interface=Interfaces.ASGI,
            workers=1,
            backlog=backlog,
            backpressure=cap,
            http1_settings=HTTP1Settings(header_read_timeout=int(HEADER_TIMEOUT * 1000)),
            log_access=False,
        ).serve()
        return
    import uvicorn

    from sotk_kg.server.app import create_app

    settings = _settings(port, before=kind == "uvicorn")
    app = create_app(settings)
    if kind == "hypercorn":
        from hypercorn.asyncio import serve as hypercorn_serve
        from hypercorn.config import Config

        config = Config()
        config.bind = [f"127.0.0.1:{port}"]
        config.keep_alive_timeout = KEEP_ALIVE
        config.read_timeout = HEADER_TIMEOUT  # per read: the closest it has to a header deadline
        config.h11_max_incomplete_size = 16 * 1024
        config.backlog = backlog
        asyncio.run(hypercorn_serve(app, config))  # type: ignore[arg-type]
        return
    if kind == "sotk":
        from sotk_kg.server.listener import GuardedServer, server_config

        GuardedServer(server_config(app, settings, access_log=False, log_level="info")).run()
        return
    if kind == "uvicorn-options":
        ucfg = uvicorn.Config(app, host="127.0.0.1", port=port, access_log=False,
                              limit_concurrency=cap, timeout_keep_alive=int(KEEP_ALIVE),
                              h11_max_incomplete_event_size=16 * 1024,
                              backlog=backlog)  # fmt: skip
    else:
        ucfg = uvicorn.Config(app, host="127.0.0.1", port=port, access_log=False)
    uvicorn.Server(ucfg).run()


# --- the client side ---------------------------------------------------------------------------


@dataclass
class Run:
    opened: int = 0
    refused_at_open: int = 0
    closed_after: list[float] = field(default_factory=list)  # s from open to the server's close
    overdue: int = 0  # still open at the end, although opened longer ago than both deadlines
    probes: list[float | None] = field(default_factory=list)  # ms, None = failed
    recovery_s: float | None = None
    peak_fds: int = 0
    peak_rss_mb: float = 0.0
    log_lines: int = 0
    log_kb: float = 0.0
    tracebacks: int = 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tree(pid: int) -> list[int]:
    """pid and its descendants (Granian serves from a child process)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return found


def _sample(pid: int, run: Run) -> None:
    fds, rss = 0, 0.0
    for p in _tree(pid):
        try:
            fds += len(os.listdir(f"/proc/{p}/fd"))
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss += int(line.split()[1]) / 1024
        except OSError:
            continue
    run.peak_fds = max(run.peak_fds, fds)
    run.peak_rss_mb = max(run.peak_rss_mb, rss)


async def probe(port: int, timeout: float = 3.0) -> float | None:
    """ms for GET /health on a fresh connection, None when it failed or was not 200."""
    started = time.perf_counter()
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"GET /health HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
            status = await reader.readline()
            writer.close()
    except (OSError, TimeoutError):
        return None
    return (time.perf_counter() - started) * 1000 if b" 200 " in status else None


SLOW_STARTS = {
    "idle": b"",
    "headers": b"GET /health HTTP/1.1\r\nHost: bench\r\nX-Slow: ",
    "body": (
        b"POST /sparql HTTP/1.1\r\nHost: bench\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 100000\r\n\r\nASK {"
    ),
}


async def slow_client(port: int, kind: str, until: float, run: Run) -> None:
    opened = time.monotonic()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        run.refused_at_open += 1
        return
    run.opened += 1
    try:
        writer.write(SLOW_STARTS[kind])
        while time.monotonic() < until:
            try:
                await asyncio.wait_for(reader.read(4096), timeout=1.0)
            except TimeoutError:
                if kind != "idle":
                    writer.write(b"a")
                    await writer.drain()
                continue
            run.closed_after.append(time.monotonic() - opened)  # an answer or the close
            return
        if time.monotonic() - opened > max(HEADER_TIMEOUT, BODY_TIMEOUT) + 1:
            run.overdue += 1  # (one opened late, after SYN retries, may still be in time)
    except OSError:
        run.closed_after.append(time.monotonic() - opened)
    finally:
        writer.close()


async def attack(port: int, pid: int, slow: int, seconds: float, recovery: float) -> Run:
    run = Run()
    until = time.monotonic() + seconds
    kinds = list(SLOW_STARTS)
    clients = [
        asyncio.create_task(slow_client(port, kinds[i % len(kinds)], until, run))
        for i in range(slow)
    ]
    while time.monotonic() < until:
        _sample(pid, run)
        run.probes.append(await probe(port))
        await asyncio.sleep(0.5)
    await asyncio.gather(*clients)
    released = time.monotonic()
    while time.monotonic() < released + recovery:
        _sample(pid, run)
        if await probe(port) is not None:
            run.recovery_s = time.monotonic() - released
            break
        await asyncio.sleep(0.5)
    return run


def start(
    kind: str, python: str, nofile: int, cap: int, log: Path
) -> tuple[subprocess.Popen[bytes], int] | None:
    port = free_port()

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))

    with log.open("wb") as out:
        proc = subprocess.Popen(
            [python, "-m", "bench.slow_clients", "serve", kind, str(port), str(cap)],
            cwd=REPO, stdout=out, stderr=subprocess.STDOUT, preexec_fn=limit,
        )  # fmt: skip
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return None
        if asyncio.run(probe(port)) is not None:
            return proc, port
        time.sleep(0.3)
    proc.kill()
    return None


def measure(kind: str, args: argparse.Namespace, cap: int) -> Run | None:
    with tempfile.TemporaryDirectory(prefix="sotk-slow-") as tmp:
        log = Path(tmp) / "server.log"
        started = start(kind, args.python, args.nofile, cap, log)
        if started is None:
            print(f"{kind}: did not start; its log ends with:\n{log.read_text()[-600:]}")
            return None
        proc, port = started
        before = len(log.read_bytes())
        try:
            run = asyncio.run(attack(port, proc.pid, args.slow, args.seconds, args.recovery))
        finally:
            stop(proc)
        text = log.read_bytes()[before:].decode(errors="replace")
        run.log_lines = text.count("\n")
        run.log_kb = len(text.encode()) / 1024
        run.tracebacks = text.count("Traceback (most recent call last)")
        return run


def report(results: dict[str, Run], args: argparse.Namespace, cap: int) -> None:
    if not results:
        print("no server started")
        return
    print(f"\n{args.slow} slow connections for {args.seconds:g} s (idle / slow headers / slow "
          f"body, a third each); open-file limit {args.nofile}; connection cap {cap}; header "
          f"deadline {HEADER_TIMEOUT:g} s; body deadline {BODY_TIMEOUT:g} s")  # fmt: skip
    head = ("server", "/health ok", "slowest ms", "opened", "closed by srv", "median close s",
            "overdue", "peak fds", "peak RSS MB", "log lines", "log KB", "tracebacks",
            "recovery s")  # fmt: skip
    rows = []
    for kind, r in results.items():
        ok = [p for p in r.probes if p is not None]
        rows.append((
            kind,
            f"{len(ok)}/{len(r.probes)}",
            f"{max(ok):.0f}" if ok else "-",
            str(r.opened),
            str(len(r.closed_after)),
            f"{statistics.median(r.closed_after):.1f}" if r.closed_after else "-",
            str(r.overdue),
            str(r.peak_fds),
            f"{r.peak_rss_mb:.0f}",
            str(r.log_lines),
            f"{r.log_kb:.1f}",
            str(r.tracebacks),
            f"{r.recovery_s:.1f}" if r.recovery_s is not None else f">{args.recovery:g}",
        ))  # fmt: skip
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(head)]
    for row in (head, *rows):
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))
    print()
    for kind in results:
        print(f"  {kind}: {DESCRIBED[kind]}")


def main() -> None:
    if sys.argv[1:2] == ["serve"]:
        serve(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--slow", type=int, default=1500, help="slow connections (at most 5000)")
    parser.add_argument("--seconds", type=float, default=20.0, help="attack window (at most 60)")
    parser.add_argument("--recovery", type=float, default=15.0)
    parser.add_argument("--nofile", type=int, default=1024, help="the server's open-file limit")
    parser.add_argument("--servers", default=",".join(SERVERS))
    parser.add_argument("--python", default=sys.executable, help="interpreter for the servers")
    args = parser.parse_args()
    args.slow, args.seconds = min(args.slow, 5000), min(args.seconds, 60.0)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, args.slow + 512)), hard))
    sys.path.insert(0, str(REPO))
    from sotk_kg.server.listener import connection_cap

    cap = connection_cap(4096, args.nofile)  # the cap sotk-kg serve uses at this limit
    results = {}
    for kind in args.servers.split(","):
        print(f"{kind} ...", flush=True)
        run = measure(kind, args, cap)
        if run is not None:
            results[kind] = run
    report(results, args, cap)


if __name__ == "__main__":
    main()
