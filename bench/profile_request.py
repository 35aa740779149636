"""Where the time of one `/sparql` request goes, end to end: `sotk-kg serve` under py-spy (the
server process and its query workers), one client sending the same catalogue query again and
again over a keep-alive connection.

    .venv/bin/python -m bench.profile_request [--query 06-legal-basis] [--requests 2000]

Prints the client's median latency, the part the route itself measured (`X-Query-Time-Ms`), and
the CPU time per request of each part of the path (py-spy samples of running threads, so waiting
is not counted), in the server process and in the workers, then the functions that cost most.
Each sample is put in the part of its innermost frame that names one (PARTS, first match from the
leaf up). Needs py-spy (the `bench` extra); asserts nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server_bench import Client, Endpoint, start_server, stop
from sotk_kg.server.examples import load_examples
from sotk_kg.settings import Settings
from sotk_kg.store.load import build_disk

# Leaf frames where a thread waits (py-spy cannot always tell a blocking call from work): the event
# loop's epoll (inside Runner.run with uvloop), a selector, a lock, a worker reading its next job.
WAITING = (
    "Runner.run (asyncio/runners.py",
    "selectors.py",
    "Condition.wait",
    "Event.wait",
    "Connection._recv (",
    "Connection._poll",
    "_child_main (sotk_kg/server/pool.py",
    "_wait (sotk_kg/server/hosted.py",  # a worker serving a connection, waiting for its request
)
BACKGROUND = "start-up work in a thread (catalogue, dumps)"
# (part, substrings of a frame "function (file:line)"); the innermost frame matching one wins,
# but BACKGROUND marks a whole stack: the server builds the catalogue and dumps once, at start.
PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # without native frames the engine's time shows in the lines calling it: evaluate()'s own
    # Python is a few lines around store.query, _native_json's the engine's JSON writer
    ("engine: evaluate + iterate (pyoxigraph)", ("Store.query", "QuerySolutions",
                                                 "evaluate (sotk_kg/server/worker.py",
                                                 "_native_json (sotk_kg/server/worker.py")),
    ("answer written (results.py, json)", ("sotk_kg/server/results.py", "json/", "orjson")),
    ("served connection: recv, parse, send (hosted.py)", ("sotk_kg/server/hosted.py",)),
    ("worker pipe: pickle + send/recv", ("multiprocessing/connection.py", "pickle",
                                         "sotk_kg/server/pool.py", "sotk_kg/server/wire.py")),
    ("worker: job logic (worker.py)", ("sotk_kg/server/worker.py",)),
    ("guard: tokenise + check query", ("sotk_kg/server/guard.py", "sotk_kg/server/sparql_text.py")),
    ("negotiation", ("sotk_kg/server/negotiation.py",)),
    ("admission + thread hop", ("sotk_kg/server/admission.py", "anyio/to_thread",
                                "anyio/_backends", "concurrent/futures", "threading.py")),
    ("route (/sparql handler)", ("sotk_kg/server/routes/sparql.py",)),
    ("request body + form parsing", ("starlette/requests.py", "urllib/parse.py",
                                     "sotk_kg/server/http.py:read_body")),
    ("FastAPI routing + dependencies", ("fastapi/", "starlette/routing.py",
                                        "starlette/_exception_handler.py")),
    ("fast lane (server/fastlane.py)", ("sotk_kg/server/fastlane.py",)),
    ("middlewares", ("starlette/middleware", "sotk_kg/server/http.py",
                     "sotk_kg/server/conditional.py", "sotk_kg/server/app.py",
                     "starlette/responses.py", "starlette/datastructures.py")),
    ("access log", ("logging/",)),
    ("HTTP protocol (uvicorn)", ("uvicorn/protocols", "h11/", "httptools",
                                 "sotk_kg/server/listener.py")),
    ("event loop (asyncio)", ("asyncio/", "uvloop")),
)  # fmt: skip


def part_of(frames: list[str]) -> str:
    if any("sotk_kg/server/routes/catalogue.py" in f for f in frames):
        return BACKGROUND
    if any(frames[-1].startswith(w) for w in WAITING):
        return "waiting (not CPU)"
    for frame in reversed(frames):
        for name, marks in PARTS:
            if any(m in frame for m in marks):
                return name
    return "other"


@dataclasses.dataclass
class Profile:
    samples: dict[str, Counter[str]]  # process role -> part -> samples
    functions: dict[str, Counter[str]]  # process role -> function (self) -> samples


def read_raw(path: Path) -> Profile:
    """py-spy's raw (collapsed) output: `process A;[process B;]frame;...;frame count`."""
    samples: dict[str, Counter[str]] = {"server": Counter(), "workers": Counter()}
    functions: dict[str, Counter[str]] = {"server": Counter(), "workers": Counter()}
    for line in path.read_text("utf-8", "replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = stack.split(";")
        role = "workers" if len(frames) > 1 and frames[1].startswith("process ") else "server"
        frames = [f for f in frames if not f.startswith("process ")]
        if not frames:
            continue
        samples[role][part_of(frames)] += int(count)
        functions[role][frames[-1]] += int(count)
    return Profile(samples, functions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Settings().root)
    parser.add_argument("--query", default="06-legal-basis", help="a catalogue query name")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rate", type=int, default=500, help="py-spy samples per second")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()

    spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if spy is None:
        raise SystemExit("py-spy is not installed: pip install -e '.[bench]'")
    settings = dataclasses.replace(Settings(), root=args.root.resolve())
    query = {e.name: e.query for e in load_examples(settings.queries_dir)}[args.query]
    body = urllib.parse.urlencode({"query": query}).encode()
    work = Path(tempfile.mkdtemp(prefix="sotk-profile-"))
    try:
        build_disk(work / "store", settings)
        proc, url, _ = start_server(settings.root, args.workers, ["--store", str(work / "store")])
        try:
            client = Client(Endpoint("ours", int(url.rsplit(":", 1)[1]), "/sparql"))
            for _ in range(50):  # warm-up: imports, first answers
                client.ask(body)
            raw = work / "profile.txt"
            recorder = subprocess.Popen(
                [spy, "record", "--pid", str(proc.pid), "--subprocesses", "--nonblocking",
                 "--rate", str(args.rate), "--format", "raw", "--output", str(raw)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            time.sleep(1.5)  # py-spy attaches
            latencies, handler = [], []
            started = time.perf_counter()
            for _ in range(args.requests):
                t = time.perf_counter()
                client.conn.request("POST", "/sparql", body=body, headers={
                    "Accept": "application/sparql-results+json",
                    "Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
                resp = client.conn.getresponse()
                resp.read()
                latencies.append((time.perf_counter() - t) * 1000)
                handler.append(float(resp.getheader("X-Query-Time-Ms") or "nan"))
            wall = time.perf_counter() - started
            recorder.send_signal(signal.SIGINT)
            recorder.wait(timeout=60)
            client.close()
        finally:
            stop(proc)
        profile = read_raw(raw)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    n = args.requests
    print(f"query {args.query}, {n} sequential requests over one keep-alive connection, "
          f"{args.workers} workers, py-spy at {args.rate} Hz (running threads only)")  # fmt: skip
    print(f"client: p50 {statistics.median(latencies):.2f} ms, mean {wall / n * 1000:.2f} ms; "
          f"the route's own X-Query-Time-Ms p50 {statistics.median(handler):.2f} ms")  # fmt: skip
    for role in ("server", "workers"):
        parts = profile.samples[role]
        total = sum(c for p, c in parts.items() if p not in ("waiting (not CPU)", BACKGROUND))
        print(f"\n{role}: {total / args.rate / n * 1e6:.0f} µs CPU per request")
        for part, count in parts.most_common():
            share = (
                "" if part in ("waiting (not CPU)", BACKGROUND) else f"{100 * count / total:5.1f} %"
            )
            print(f"  {count / args.rate / n * 1e6:7.0f} µs {share:>7}  {part}")
    for role in ("server", "workers"):
        total = sum(profile.functions[role].values())
        print(f"\n{role}: top functions by own time")
        for frame, count in profile.functions[role].most_common(args.top):
            if any(frame.startswith(w) for w in WAITING):
                continue
            print(f"  {100 * count / total:5.1f} %  {frame[:110]}")


if __name__ == "__main__":
    main()
