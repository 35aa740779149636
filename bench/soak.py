"""Soak: minutes of mixed traffic against `sotk-kg serve`, memory and latency sampled each second.

    .venv/bin/python bench/soak.py [--seconds 600] [--warm-up 60] [--out FILE.csv]

The server runs as a user starts it (a subprocess, embedded store, default settings), and five
kinds of client run at once, each from its own loopback address (127.0.0.2-6, so the per-client
limits treat them as the different clients they stand for):

- two researchers: the `queries/` catalogue and `ASK {}`, back to back ("cheap" queries: each is
  about the one regulation; their latency is the figure that must stay low);
- a reader: HTML pages, the catalogue, VoID, the editor;
- an HR office: a roster CSV validated every 2 s;
- an attacker, in turn: SERVICE in the spellings of issue 11, a runaway query (stopped at the time
  limit), a body over the cap, a slow body, a hang-up mid-body, a memory bomb, deep JSON-LD,
  malformed SPARQL, a forged Host header, a 60 KB path.

Each second the sampler reads the RSS of the server and its worker processes (/proc) and the
latencies finished in that second. Printed: a table of 30-second rows, then the verdicts: RSS
growth after the warm-up, p99 of the cheap queries, every answer that was not the expected one.
Traffic goes to 127.0.0.1 only; every loop ends with the run.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import socket
import statistics
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server_bench import percentile, start_server
from sotk_kg.resources import DATA_ROOT

JSON = {"Accept": "application/sparql-results+json"}
ANY_ANSWER = {"Accept": "application/sparql-results+json, text/turtle;q=0.9"}
SPARQL_QUERY = "application/sparql-query"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
MEMORY_BOMB = (
    'SELECT ?v20 WHERE { BIND("'
    + "x" * 1000
    + '" AS ?v0) '
    + " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(20))
    + " }"
)
SERVICE_SPELLINGS = [
    "SELECT * WHERE { #\rSERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { SERVICE:b { ?s ?p ?o } }",
    "SELECT * WHERE { { SELECT * { SERVICE <\\u0068ttp://127.0.0.1:9/> { ?s ?p ?o } } } }",
]
POSTS = """PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?name WHERE { ?post a org:Post ; skos:prefLabel ?name FILTER(LANG(?name) = "id") }
ORDER BY ?name"""


@dataclass
class Second:
    """What finished in one second of the run."""

    cheap_ms: list[float] = field(default_factory=list)
    other_ms: list[float] = field(default_factory=list)
    validations: int = 0
    hostile: int = 0
    unexpected: list[str] = field(default_factory=list)


class Recorder:
    def __init__(self, started: float) -> None:
        self.started = started
        self.seconds: dict[int, Second] = {}
        self.lock = threading.Lock()
        self.outcomes: Counter[str] = Counter()

    def now(self) -> Second:
        index = int(time.monotonic() - self.started)
        with self.lock:
            return self.seconds.setdefault(index, Second())

    def expect(self, what: str, status: int, allowed: tuple[int, ...]) -> None:
        self.outcomes[f"{what} -> {status}"] += 1
        if status not in allowed:
            self.now().unexpected.append(f"{what}: {status}")


def client(address: str) -> httpx.Client:
    transport = httpx.HTTPTransport(local_address=address)
    return httpx.Client(transport=transport, timeout=60)


def rss_mib(root_pid: int) -> tuple[float, int]:
    """RSS of the process and all its descendants (MiB), and how many there are."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, count, todo = 0, 0, [root_pid]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            continue
        count += 1
        todo.extend(children.get(pid, []))
    return total / 1024, count


def researcher(
    url: str, address: str, queries: list[str], rec: Recorder, stop: threading.Event
) -> None:
    with client(address) as http:
        while not stop.is_set():
            for query in [*queries, "ASK {}"]:
                if stop.is_set():
                    return
                started = time.perf_counter()
                resp = http.post(url + "/sparql", data={"query": query}, headers=ANY_ANSWER)
                ms = (time.perf_counter() - started) * 1000
                rec.now().cheap_ms.append(ms)
                rec.expect("catalogue query", resp.status_code, (200,))


def reader(url: str, address: str, pages: list[str], rec: Recorder, stop: threading.Event) -> None:
    html = {"Accept": "text/html, text/turtle;q=0.5"}  # VoID has no HTML page
    with client(address) as http:
        while not stop.wait(0.2):
            for path in pages:
                started = time.perf_counter()
                resp = http.get(url + path, headers=html, follow_redirects=True)
                rec.now().other_ms.append((time.perf_counter() - started) * 1000)
                rec.expect("page", resp.status_code, (200,))


def hr_office(url: str, address: str, roster: bytes, rec: Recorder, stop: threading.Event) -> None:
    with client(address) as http:
        while not stop.wait(2.0):
            started = time.perf_counter()
            headers = {"Content-Type": "text/csv", "Accept": "application/json"}
            resp = http.post(url + "/validate", content=roster, headers=headers)
            second = rec.now()
            second.other_ms.append((time.perf_counter() - started) * 1000)
            second.validations += 1
            rec.expect("validation", resp.status_code, (200,))


def _raw(url: str, address: str, body_sent: bytes, wait: float) -> None:
    """A POST announcing 100 bytes of body that sends `body_sent`; then hang up at once (wait 0)
    or keep the connection until the server ends it or `wait` seconds pass."""
    host, port = url.removeprefix("http://").split(":")
    head = (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 100\r\n\r\n"
    )
    with socket.create_connection((host, int(port)), 10, source_address=(address, 0)) as sock:
        sock.sendall(head + body_sent)
        if not wait:
            return
        sock.settimeout(wait)
        try:
            while sock.recv(4096):
                pass
        except TimeoutError:
            pass


@dataclass(frozen=True)
class Attack:
    name: str
    send: Callable[[httpx.Client], int | None]  # the answer's status; None: no answer expected
    allowed: tuple[int, ...] = ()


def attacks(url: str, address: str) -> list[Attack]:
    deep = b'{"@id": "urn:x", "urn:p": ' + b"[" * 20_000 + b"]" * 20_000 + b"}"

    def query(text: str) -> Callable[[httpx.Client], int]:
        return lambda http: http.post(url + "/sparql", data={"query": text}).status_code

    def post(path: str, body: bytes, media_type: str) -> Callable[[httpx.Client], int]:
        headers = {"Content-Type": media_type}
        return lambda http: http.post(url + path, content=body, headers=headers).status_code

    def get(path: str, headers: dict[str, str]) -> Callable[[httpx.Client], int]:
        return lambda http: http.get(url + path, headers=headers).status_code

    return [
        *[Attack("SERVICE spelling", query(q), (400,)) for q in SERVICE_SPELLINGS],
        Attack("runaway query", query(RUNAWAY), (503,)),
        Attack("memory bomb", query(MEMORY_BOMB), (503,)),
        Attack("malformed SPARQL", query("SELECT * WHERE {"), (400,)),
        Attack("body over the cap", post("/sparql", b"x" * 2_000_000, SPARQL_QUERY), (413,)),
        Attack("deep JSON-LD", post("/validate", deep, "application/ld+json"), (400, 413, 422)),
        Attack("forged Host", get("/sparql", {"Host": "evil.example"}), (200,)),
        Attack("60 KB path", get("/id/" + "a" * 60_000, {}), (404, 414, 431)),
        Attack("hang-up mid-body", lambda _: _raw(url, address, b"S", 0)),
        Attack("slow body", lambda _: _raw(url, address, b"S", 40)),
    ]


def attacker(url: str, address: str, rec: Recorder, stop: threading.Event) -> None:
    plan = attacks(url, address)
    with client(address) as http:
        turn = 0
        while not stop.wait(1.0):
            attack = plan[turn % len(plan)]
            turn += 1
            try:
                status = attack.send(http)
            except httpx.HTTPError as exc:
                rec.now().unexpected.append(f"{attack.name}: {type(exc).__name__}")
                continue
            rec.now().hostile += 1
            if attack.allowed and status is not None:
                rec.expect(attack.name, status, attack.allowed)


def sample(pid: int, rec: Recorder, rows: list[dict[str, float]], stop: threading.Event) -> None:
    while not stop.wait(1.0):
        rss, processes = rss_mib(pid)
        rows.append({"t": round(time.monotonic() - rec.started), "rss_mib": round(rss, 1),
                     "processes": processes})  # fmt: skip


def roster_csv(url: str) -> bytes:
    """A roster naming each published post once (names hold commas: written by csv)."""
    answer = httpx.post(url + "/sparql", data={"query": POSTS}, headers=JSON, timeout=60).json()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["nama", "nip", "jabatan", "jenis_jabatan", "mulai"])
    for i, binding in enumerate(answer["results"]["bindings"]):
        nip = f"19800101200501{1000 + i:04d}"
        writer.writerow([f"Pegawai {i}", nip, binding["name"]["value"], "struktural", "2022-01-03"])
    return out.getvalue().encode()


def pages(url: str) -> list[str]:
    posts = "SELECT ?s WHERE { ?s a <http://www.w3.org/ns/org#Post> } LIMIT 3"
    answer = httpx.post(url + "/sparql", data={"query": posts}, headers=JSON, timeout=60).json()
    local = [b["s"]["value"].split("/sotk-kg", 1)[1] for b in answer["results"]["bindings"]]
    return ["/", "/catalogue", "/.well-known/void", *local]


HEADER = ("t (s)", "RSS MiB", "procs", "cheap n", "p50 ms", "p99 ms", "max ms", "other p50",
          "valid.", "hostile", "unexpected")  # fmt: skip


def table_row(start: int, rows: list[dict[str, float]], rec: Recorder) -> tuple[object, ...] | None:
    window = [r for r in rows if start <= r["t"] < start + 30]
    seconds = [rec.seconds.get(t, Second()) for t in range(start, start + 30)]
    cheap = [ms for s in seconds for ms in s.cheap_ms]
    other = [ms for s in seconds for ms in s.other_ms]
    if not window or not cheap:
        return None
    return (
        start,
        f"{max(r['rss_mib'] for r in window):.0f}",
        f"{max(r['processes'] for r in window):.0f}",
        len(cheap),
        f"{percentile(cheap, 50):.1f}",
        f"{percentile(cheap, 99):.1f}",
        f"{max(cheap):.1f}",
        f"{percentile(other, 50):.1f}" if other else "-",
        sum(s.validations for s in seconds),
        sum(s.hostile for s in seconds),
        sum(len(s.unexpected) for s in seconds),
    )


def report(rows: list[dict[str, float]], rec: Recorder, warm_up: int) -> int:
    print(" ".join(f"{h:>10}" for h in HEADER))
    for start in range(0, int(rows[-1]["t"]) + 1, 30):
        row = table_row(start, rows, rec)
        if row:
            print(" ".join(f"{v:>10}" for v in row))
    after = [r["rss_mib"] for r in rows if r["t"] >= warm_up]
    cheap = [ms for t, s in rec.seconds.items() if t >= warm_up for ms in s.cheap_ms]
    quarter = max(len(after) // 4, 1)
    first, last = statistics.median(after[:quarter]), statistics.median(after[-quarter:])
    p99 = percentile(cheap, 99)
    unexpected = [u for s in rec.seconds.values() for u in s.unexpected]
    print()
    print(
        f"after the {warm_up}-s warm-up: RSS median {first:.0f} MiB in the first quarter, "
        f"{last:.0f} MiB in the last (growth {last - first:+.0f} MiB); peak {max(after):.0f} MiB"
    )
    print(
        f"cheap queries: {len(cheap)} answered, p50 {percentile(cheap, 50):.1f} ms, "
        f"p99 {p99:.1f} ms, max {max(cheap):.1f} ms"
    )
    print("answers by kind: " + "; ".join(f"{k} x{v}" for k, v in sorted(rec.outcomes.items())))
    print(f"unexpected answers: {len(unexpected)} {Counter(unexpected).most_common(5)}")
    holds = last - first < 50 and p99 < 100 and not unexpected
    print(f"verdict: {'holds' if holds else 'DOES NOT HOLD'} "
          "(RSS growth < 50 MiB, cheap p99 < 100 ms, no unexpected answer)")  # fmt: skip
    return 0 if holds else 1


def write_samples(path: Path, rows: list[dict[str, float]], rec: Recorder) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["t", "rss_mib", "processes", "cheap_n", "cheap_p99_ms", "unexpected"])
        for r in rows:
            s = rec.seconds.get(int(r["t"]) - 1, Second())
            p99 = f"{percentile(s.cheap_ms, 99):.1f}" if s.cheap_ms else ""
            writer.writerow([r["t"], r["rss_mib"], r["processes"], len(s.cheap_ms), p99,
                             len(s.unexpected)])  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--warm-up", type=int, default=60)
    parser.add_argument("--out", type=Path, help="write the per-second samples to this CSV file")
    args = parser.parse_args(argv)
    proc, url, startup = start_server(DATA_ROOT, workers=4)
    try:
        queries = [
            p.read_text(encoding="utf-8") for p in sorted((DATA_ROOT / "queries").glob("*.rq"))
        ]
        roster, page_paths = roster_csv(url), pages(url)
        rows_in_roster = roster.count(b"\n") - 1
        print(
            f"server up in {startup:.2f} s; {len(queries)} catalogue queries, a roster of "
            f"{rows_in_roster} rows, {len(page_paths)} pages; {args.seconds} s of traffic"
        )
        rec = Recorder(time.monotonic())
        stop = threading.Event()
        rows: list[dict[str, float]] = []
        clients = [
            (researcher, ("127.0.0.2", queries)),
            (researcher, ("127.0.0.3", queries)),
            (reader, ("127.0.0.4", page_paths)),
            (hr_office, ("127.0.0.5", roster)),
        ]
        threads = [threading.Thread(target=f, args=(url, a, x, rec, stop)) for f, (a, x) in clients]
        threads.append(threading.Thread(target=attacker, args=(url, "127.0.0.6", rec, stop)))
        threads.append(threading.Thread(target=sample, args=(proc.pid, rec, rows, stop)))
        for t in threads:
            t.start()
        stop.wait(args.seconds)
        stop.set()
        for t in threads:
            t.join(timeout=90)
        if args.out:
            write_samples(args.out, rows, rec)
        return report(rows, rec, args.warm_up)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    raise SystemExit(main())
