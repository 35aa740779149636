"""The `queries/` catalogue over HTTP: this server against `oxigraph serve-read-only`, side by side
in one run, on the same data (the seed plus the ontology), with the same client.

Both servers hold the same quads: the store `sotk-kg serve` builds (its default graph is the set
union of the named graphs) is dumped to N-Quads and loaded with `oxigraph load`. Ours runs on an
on-disk store as well (`--store`), so both engines read RocksDB. The client is the standard
library's `http.client`, one keep-alive connection per client thread, a form POST per query with
`Accept: application/sparql-results+json, application/n-triples;q=0.9`.

Per query it prints: the median latency of one client (ours, theirs, ratio), the throughput with
`--clients` clients (ours, theirs, ratio), and the geometric means of the ratios; every answer is
checked equal (the parsed rows, in order where the query orders them). The Oxigraph server has no
text index: a query with our `?x sotk:matches "…"` (09) is sent to it as the scan that the index
replaces (`scan_equivalent`), the same question asked the only way its engine can answer it,
and the answers are compared as for any query. Any status but 200 is
counted and printed. Optionally the engine called in-process (`--in-process`), the floor no HTTP
server can reach. Asserts nothing; `--save` writes the table to bench/results/.

    .venv/bin/python -m bench.server_bench [--rounds 30] [--clients 4] [--requests 400]

`--root` is a project tree with ontology/, queries/ and data/graph/*.nq (default: this checkout;
`sotk-kg build` makes the graph).
"""

from __future__ import annotations

import argparse
import dataclasses
import http.client
import json
import math
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sotk_kg.server.examples import load_examples
from sotk_kg.settings import Settings
from sotk_kg.store.load import build_disk
from sotk_kg.store.textindex import COLUMNS

RESULTS = Path(__file__).resolve().parent / "results"
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
FORM = "application/x-www-form-urlencoded"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# `?x sotk:matches '[column:] word or "phrase"' .` as the catalogue writes it (09).
_MATCHES = re.compile(
    r"""(\?\w+)\s+sotk:matches\s+(['"])(?:(text|label|definition):\s*)?"?([^"']+?)"?\2\s*\."""
)


def scan_equivalent(query: str) -> str:
    """The query the Oxigraph server is sent: the same question, with our full-text pattern
    (which its engine does not have: it would answer 0 rows) written as the scan the index
    replaces, a case-blind REGEX of the words next to each other, whole words, over the
    literals of the column the pattern names. Only the catalogue's form is translated."""

    def scan(m: re.Match[str]) -> str:
        var, column, words = m.group(1), m.group(3), m.group(4).split()
        predicates = [p for c in ([column] if column else COLUMNS) for p in COLUMNS[c]]
        path = "|".join(f"<{p}>" for p in predicates)
        pattern = r"\\b" + r"\\W+".join(re.escape(w) for w in words) + r"\\b"
        found = f'{var} {path} ?scanned . FILTER (REGEX(STR(?scanned), "{pattern}", "i"))'
        return f"{{ SELECT DISTINCT {var} WHERE {{ {found} }} }}"  # each resource once, as hits

    return _MATCHES.sub(scan, query)


def geomean(values: list[float]) -> float:
    return math.exp(statistics.fmean(math.log(v) for v in values)) if values else float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    root: Path, workers: int, extra: list[str] | None = None, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], str, float]:
    """`sotk-kg serve` on a free port; (process, base URL, seconds until /health answered)."""
    port = free_port()
    env = {**os.environ, "SOTK_ROOT": str(root), "SOTK_WORKERS": str(workers), **(env or {})}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sotk_kg.cli", "serve", "--port", str(port), "--log-level",
         "warning", *(extra or [])],
        env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    _wait(proc, url + "/health")
    startup = time.perf_counter() - started
    # The server builds its dumps, catalogue and VoID in a thread after start-up; VoID answers
    # once they are built, so the measurements that follow do not share the CPU with that.
    for path in ("/.well-known/void", "/catalogue"):
        httpx.get(url + path, headers={"Accept": "text/turtle"}, timeout=600)
    return proc, url, startup


def start_oxigraph(location: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`oxigraph serve-read-only` on the store at `location`; (process, base URL)."""
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
        "oxigraph"
    )
    if binary is None:
        raise SystemExit("the oxigraph server is not installed: pip install oxigraph (test extra)")
    port = free_port()
    proc = subprocess.Popen(
        [binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    _wait(proc, url + "/query?query=" + urllib.parse.quote("ASK {}"))
    return proc, url


def _wait(proc: subprocess.Popen[bytes], url: str) -> None:
    while True:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode})")
        time.sleep(0.05)


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@dataclasses.dataclass
class Endpoint:
    """A SPARQL endpoint as the client sees it: host, port and query path, and the server's
    process id (its CPU time, and its children's, is read from /proc)."""

    name: str
    port: int
    path: str
    pid: int = 0


TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process, its live children and those it reaped: a figure
    the other load on a shared machine disturbs far less than wall time."""
    if not pid:
        return 0.0
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*/children"):  # children of every thread
        try:
            pids += [int(c) for c in task.read_text().split()]
        except OSError:
            continue
    total = 0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
        if p == pid:  # and of the children it reaped (workers replaced after their jobs)
            total += int(fields[13]) + int(fields[14])
    return total / TICK


class Client:
    """One keep-alive connection; `ask` returns (status, content type, body)."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self.conn = http.client.HTTPConnection("127.0.0.1", endpoint.port, timeout=120)

    def ask(self, body: bytes, retry: bool = True) -> tuple[int, str, bytes]:
        """One request; a connection the server closed while idle (its keep-alive timeout)
        is opened again once, which is not a failure of the server."""
        try:
            self.conn.request(
                "POST", self.endpoint.path, body=body,
                headers={"Accept": ACCEPT, "Content-Type": FORM},
            )  # fmt: skip
            resp = self.conn.getresponse()
            return resp.status, resp.getheader("Content-Type") or "", resp.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.endpoint.port, timeout=120)
            return self.ask(body, retry=False) if retry else (0, "", b"")

    def close(self) -> None:
        self.conn.close()


def canonical(content_type: str, body: bytes, ordered: bool) -> object:
    """What an answer says, in a form two servers' answers can be compared in: the variables and
    the rows (sorted unless the query orders them), or the set of triples (blank nodes named by
    the pattern of their triples is not needed here: the catalogue's graphs have none)."""
    if "json" in content_type:
        doc = json.loads(body)
        if "boolean" in doc:
            return doc["boolean"]
        rows = [json.dumps(b, sort_keys=True) for b in doc["results"]["bindings"]]
        return doc["head"]["vars"], rows if ordered else sorted(rows)
    fmt = ox.RdfFormat.from_media_type(content_type.split(";")[0].strip())
    return sorted(str(t) for t in ox.parse(body, format=fmt or ox.RdfFormat.N_TRIPLES))


def sequential(client: Client, body: bytes, rounds: int, statuses: Counter[int]) -> list[float]:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        status, _, _ = client.ask(body)
        times.append((time.perf_counter() - t) * 1000)
        statuses[status] += 1
    return times


def throughput(endpoint: Endpoint, body: bytes, clients: int, requests: int,
               statuses: Counter[int]) -> float:  # fmt: skip
    """Requests per second answered (200) with `clients` clients sending `requests` in all: a
    refusal (429, 503) is fast and is no answer."""
    per_client = max(1, requests // clients)
    lock = threading.Lock()
    ready = threading.Barrier(clients + 1)

    def run() -> None:
        client = Client(endpoint)
        client.ask(body)  # connect and warm up outside the timed part
        seen: Counter[int] = Counter()
        ready.wait()
        for _ in range(per_client):
            seen[client.ask(body)[0]] += 1
        client.close()
        with lock:
            statuses.update(seen)

    threads = [threading.Thread(target=run) for _ in range(clients)]
    before = statuses[200]
    for t in threads:
        t.start()
    ready.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    return (statuses[200] - before) / (time.perf_counter() - t0)


def in_process(store: ox.Store, query: str, rounds: int) -> float:
    """Median ms of the engine called in-process, answer serialised as the servers do."""
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        result = store.query(query)
        if isinstance(result, ox.QueryTriples):
            ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)
        else:
            result.serialize(format=ox.QueryResultsFormat.JSON)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


@dataclasses.dataclass
class Row:
    name: str
    ours_p50: float
    theirs_p50: float
    ours_qps: float
    theirs_qps: float
    same: bool
    ours_cpu: float  # ms of CPU per request, the server and its workers
    theirs_cpu: float
    engine_p50: float | None = None


def compare(ours: Endpoint, theirs: Endpoint, queries: dict[str, str], args: argparse.Namespace,
            store: ox.Store | None, log: Callable[[str], None]) -> tuple[list[Row], Counter[int],
                                                                         Counter[int]]:  # fmt: skip
    rows: list[Row] = []
    our_status: Counter[int] = Counter()
    their_status: Counter[int] = Counter()
    a, b = Client(ours), Client(theirs)
    for name, query in queries.items():
        body = urllib.parse.urlencode({"query": query}).encode()
        their_body = urllib.parse.urlencode({"query": scan_equivalent(query)}).encode()
        ordered = "ORDER BY" in query.upper()
        first = a.ask(body), b.ask(their_body)  # warm-up, and the answers compared
        same = all(s == 200 for s, _, _ in first) and canonical(
            first[0][1], first[0][2], ordered
        ) == canonical(first[1][1], first[1][2], ordered)
        times_a: list[float] = []
        times_b: list[float] = []
        cpu_a, cpu_b = cpu_seconds(ours.pid), cpu_seconds(theirs.pid)
        for _ in range(args.rounds):  # interleaved, so that a noisy moment hits both
            times_a += sequential(a, body, 1, our_status)
            times_b += sequential(b, their_body, 1, their_status)
        cpu_a, cpu_b = cpu_seconds(ours.pid) - cpu_a, cpu_seconds(theirs.pid) - cpu_b
        qps_a = throughput(ours, body, args.clients, args.requests, our_status)
        qps_b = throughput(theirs, their_body, args.clients, args.requests, their_status)
        row = Row(name, statistics.median(times_a), statistics.median(times_b), qps_a, qps_b,
                  same, cpu_a / args.rounds * 1000, cpu_b / args.rounds * 1000,
                  in_process(store, query, args.rounds) if store else None)  # fmt: skip
        rows.append(row)
        log(
            f"  {name}: {row.ours_p50:.2f} / {row.theirs_p50:.2f} ms, "
            f"{row.ours_qps:.0f} / {row.theirs_qps:.0f} req/s{'' if same else ', DIFFERENT'}"
        )
    a.close()
    b.close()
    return rows, our_status, their_status


def table(rows: list[Row], clients: int, our_status: Counter[int],
          their_status: Counter[int]) -> list[str]:  # fmt: skip
    engine = any(r.engine_p50 is not None for r in rows)
    head = (f"{'query':34} {'ours p50':>9} {'oxi p50':>8} {'ratio':>6} "
            f"{'ours r/s':>9} {'oxi r/s':>8} {'ratio':>6} {'same':>5} {'CPU ours':>9} {'oxi':>6}"
            + (f" {'engine':>7}" if engine else ""))  # fmt: skip
    out = [f"sequential p50 in ms (1 client); throughput in requests/s with {clients} clients;",
           "CPU: ms per sequential request, server and workers (10 ms ticks: rough per query);",
           "engine: pyoxigraph in-process, answer serialised natively", head,
           "-" * len(head)]  # fmt: skip
    for r in rows:
        out.append(
            f"{r.name[:34]:34} {r.ours_p50:9.2f} {r.theirs_p50:8.2f} "
            f"{r.ours_p50 / r.theirs_p50:6.2f} {r.ours_qps:9.0f} {r.theirs_qps:8.0f} "
            f"{r.ours_qps / r.theirs_qps:6.2f} {'yes' if r.same else 'NO':>5}"
            f" {r.ours_cpu:9.2f} {r.theirs_cpu:6.2f}"
            + (f" {r.engine_p50:7.2f}" if r.engine_p50 is not None else "")
        )
    out.append("-" * len(head))
    p50_ratio = geomean([r.ours_p50 / r.theirs_p50 for r in rows])
    qps_ratio = geomean([r.ours_qps / r.theirs_qps for r in rows])
    out.append(
        f"{'geometric mean':34} {geomean([r.ours_p50 for r in rows]):9.2f} "
        f"{geomean([r.theirs_p50 for r in rows]):8.2f} {p50_ratio:6.2f} "
        f"{geomean([r.ours_qps for r in rows]):9.0f} {geomean([r.theirs_qps for r in rows]):8.0f} "
        f"{qps_ratio:6.2f} {sum(r.same for r in rows):>2}/{len(rows)}"
    )
    equal = [r for r in rows if r.same]
    if len(equal) < len(rows):
        out.append(
            f"{'geometric mean, equal answers':34} {'':9} {'':8} "
            f"{geomean([r.ours_p50 / r.theirs_p50 for r in equal]):6.2f} {'':9} {'':8} "
            f"{geomean([r.ours_qps / r.theirs_qps for r in equal]):6.2f} "
            f"{len(equal):>2}/{len(rows)}"
        )
    cpu_a = sum(r.ours_cpu for r in rows)
    cpu_b = sum(r.theirs_cpu for r in rows)
    out.append(f"CPU per request over the catalogue: ours {cpu_a / len(rows):.2f} ms, "
               f"oxigraph {cpu_b / len(rows):.2f} ms")  # fmt: skip
    out.append(f"targets: sequential p50 <= 1.5x ({p50_ratio:.2f}x), throughput with {clients} "
               f"clients >= 0.7x ({qps_ratio:.2f}x), every answer equal "
               f"({sum(r.same for r in rows)}/{len(rows)})")  # fmt: skip
    refused = sum(n for status, n in our_status.items() if status != 200)
    answered = "yes" if not refused else f"NO ({refused} not)"
    out.append(f"statuses: ours {dict(our_status)}, oxigraph {dict(their_status)}; every "
               f"request answered 200: {answered}")  # fmt: skip
    return out


def prepare(settings: Settings, work: Path) -> tuple[Path, Path]:
    """Our on-disk store (built by our loader) and Oxigraph's, loaded from its N-Quads dump."""
    ours = work / "sotk-store"
    build_disk(ours, settings)
    dump = work / "dump.nq"
    ro = ox.Store.read_only(str(ours))
    ro.dump(str(dump), format=ox.RdfFormat.N_QUADS)
    del ro
    theirs = work / "oxigraph-store"
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or "oxigraph"
    subprocess.run([binary, "load", "--location", str(theirs), "--file", str(dump)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return ours, theirs


def machine() -> str:
    from importlib import metadata

    versions = ", ".join(
        f"{p} {metadata.version(p)}"
        for p in ("pyoxigraph", "oxigraph", "starlette", "uvicorn", "uvloop", "httptools")
        if _installed(p)
    )
    return (f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}; "
            f"{versions}")  # fmt: skip


def _installed(package: str) -> bool:
    from importlib import metadata

    try:
        metadata.version(package)
    except metadata.PackageNotFoundError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Settings().root)
    parser.add_argument("--rounds", type=int, default=30, help="sequential requests per query")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--requests", type=int, default=400, help="per query, all clients")
    parser.add_argument("--workers", type=int, default=None, help="our query workers")
    parser.add_argument("--in-process", action="store_true", help="add the engine in-process")
    parser.add_argument("--only", default="", help="comma-separated query name prefixes")
    parser.add_argument("--save", action="store_true", help="write bench/results/server-<date>")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="SOTK_X=V",
        help="an environment variable for our server (e.g. SOTK_HTTP=h11)",
    )
    args = parser.parse_args()

    settings = dataclasses.replace(Settings(), root=args.root.resolve())
    queries = {ex.name: ex.query for ex in load_examples(settings.queries_dir)}
    if args.only:
        queries = {k: v for k, v in queries.items() if k.startswith(tuple(args.only.split(",")))}
    work = Path(tempfile.mkdtemp(prefix="sotk-server-bench-"))
    lines: list[str] = []

    def say(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    try:
        ours_dir, theirs_dir = prepare(settings, work)
        store = ox.Store.read_only(str(ours_dir)) if args.in_process else None
        workers = args.workers or settings.workers
        # the bench's clients share one address: let each have its query in flight
        proc, url, startup = start_server(
            settings.root, workers, ["--store", str(ours_dir)],
            {"SOTK_CLIENT_QUERIES": str(args.clients),
             **dict(v.split("=", 1) for v in args.set)},
        )  # fmt: skip
        oxi, oxi_url = start_oxigraph(theirs_dir)
        try:
            ours = Endpoint("ours", int(url.rsplit(":", 1)[1]), "/sparql", proc.pid)
            theirs = Endpoint("oxigraph", int(oxi_url.rsplit(":", 1)[1]), "/query", oxi.pid)
            say(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {machine()}")
            say(f"ours: sotk-kg serve --store, {workers} query workers (start-up {startup:.2f} s)"
                f"{', ' + ' '.join(args.set) if args.set else ''};"
                " oxigraph serve-read-only on the same quads")  # fmt: skip
            rows, st_a, st_b = compare(ours, theirs, queries, args, store, print)
        finally:
            stop(proc)
            stop(oxi)
        say("")
        for line in table(rows, args.clients, st_a, st_b):
            say(line)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.save:
        RESULTS.mkdir(exist_ok=True)
        out = RESULTS / f"server-{datetime.now(UTC):%Y-%m-%d}.txt"
        out.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"written to {out}")


if __name__ == "__main__":
    main()
