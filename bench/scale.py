"""Scale benchmark: how build, load, start-up, queries and validation grow with the corpus size.

    .venv/bin/python -m bench.scale --sizes 1,10,100,1000

For each size N (one at a time): generate N regulation texts (by default bench/kinds.py: every kind
of perangkat daerah, Perbup / Perwal / Pergub, list and heading styles, a third OCR-damaged, so the
figures stand for the genre; `--corpus dinas` for bench/corpus.py's Dinas-only texts on the seed's
template, whose sidecars also pin provisions and duties), build them through
the real pipeline (`sotk_kg.pipeline.build.build_files`), bulk-load the on-disk Oxigraph store
(`sotk_kg.store.load.build_disk`), start `sotk-kg serve` on it, run the `queries/` catalogue through
HTTP with 1 and 8 concurrent clients, validate with SHACL (the whole corpus and one added
regulation), add one regulation end to end (build + load + validate), and run the same catalogue
through the remote-backend mode against an `oxigraph serve` server and against Virtuoso (bulk-loaded
with `sotk-kg load --virtuoso-bulk`). Each heavy part runs in its own
child process, so its peak memory is its own. The remote-backend part prints "n/a (component
missing)" when the `oxigraph` server is not installed.

Results accumulate in bench/results/scale-<date>.json (one entry per size, so sizes can be run
in separate invocations); the table of all sizes measured that day is printed and written to
bench/results/scale-<date>.txt together with a description of the machine.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from itertools import pairwise
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
NA = "n/a (component missing)"
PACKAGES = ("rdflib", "pyoxigraph", "oxrdflib", "pyshacl", "fastapi", "uvicorn", "oxigraph")
ACCEPT = "application/sparql-results+json, text/turtle;q=0.9, application/n-triples;q=0.8"
SERVER_READY_TIMEOUT = 900.0  # s; start-up includes nothing slow when the store is up to date


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Progress:
    """A one-line progress bar on stderr for the long parts."""

    def __init__(self, total: int, label: str) -> None:
        self.total, self.label, self.done = total, label, 0
        self.started = time.perf_counter()
        self.tty = sys.stderr.isatty()
        self.step = max(1, total // 20)  # without a terminal: ~20 lines per part

    def tick(self, n: int = 1) -> None:
        self.done += n
        if not self.tty and self.done % self.step and self.done != self.total:
            return
        elapsed = time.perf_counter() - self.started
        eta = elapsed / self.done * (self.total - self.done)
        width = 30
        bar = "#" * (width * self.done // self.total)
        line = (
            f"{self.label} [{bar:<{width}}] {self.done}/{self.total} "
            f"{elapsed:6.1f} s, eta {eta:5.0f} s"
        )
        end = "\n" if self.done == self.total or not self.tty else ""
        print(f"\r{line}", end=end, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Child processes: one heavy part each, so that the peak memory measured is that part's own
# ---------------------------------------------------------------------------------------------


# The corpora a run can generate: the mixed-kind one by default, the Dinas-only one on request.
CORPORA = ("kinds", "dinas")


def write_texts(corpus: str, n: int, src: Path, seed: int) -> list[Path]:
    """`n` generated texts in `src`, each with its expectation beside it (`sidecar_path`)."""
    if corpus == "dinas":
        from bench.corpus import write_corpus
    else:
        from bench.kinds import write_corpus
    return write_corpus(n, src, seed)


def default_seed(corpus: str) -> int:
    if corpus == "dinas":
        from bench.corpus import DEFAULT_SEED
    else:
        from bench.kinds import DEFAULT_SEED
    return DEFAULT_SEED


def sidecar_path(corpus: str, text: Path) -> Path:
    """Where a generated text's expectation is: X.json (bench/corpus.py), X.expected.json."""
    return text.with_suffix(".json" if corpus == "dinas" else ".expected.json")


def problems_of(corpus: str, graph, base: str, sidecar: dict) -> list[str]:
    """How a built graph differs from what its text's sidecar says ([] when it agrees)."""
    if corpus == "dinas":
        from bench.expect import expected, mismatches, observed

        return mismatches(expected(sidecar), observed(graph, base, sidecar))
    from bench.kinds import differences

    return differences(graph, sidecar)


def child_build(args: dict) -> dict:
    import sotk_kg.pipeline.build as pb

    src, out, base = Path(args["src"]), Path(args["out"]), args["base"]
    corpus = args.get("corpus", "dinas")
    paths = sorted(src.glob("*.txt"))
    progress = Progress(len(paths), "build")
    original = pb.build_graph

    def ticking(*a, **kw):  # the progress bar hooks the per-file build the CLI also runs
        result = original(*a, **kw)
        progress.tick()
        return result

    pb.build_graph = ticking
    seconds = 0.0
    built = triples = warnings = 0
    bad: list[str] = []
    chunk = args.get("chunk") or len(paths)
    for i in range(0, len(paths), chunk):
        started = time.perf_counter()
        results = pb.build_files(paths[i : i + chunk], out, base)
        seconds += time.perf_counter() - started
        # Not timed: does every graph hold what its text's sidecar says?
        for r in results:
            graph = r.graph  # read back from the written Turtle: once per regulation
            sidecar = json.loads(sidecar_path(corpus, Path(r.source_name)).read_text("utf-8"))
            problems = problems_of(corpus, graph, base, sidecar)
            if problems:
                bad.append(f"{Path(r.source_name).name}: {problems[0]}")
            triples += len(graph)
            warnings += len(r.warnings)
        built += len(results)
        del results  # a chunk's graphs are dropped before the next chunk is built
    return {
        "seconds": seconds,
        "regulations": built,
        "triples": triples,
        "warnings": warnings,
        "agree": built - len(bad),
        "disagree_examples": bad[:3],
        "chunk": chunk,
    }


def _du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def child_load(args: dict) -> dict:
    import pyoxigraph as ox

    from sotk_kg.settings import Settings
    from sotk_kg.store.load import build_disk

    settings = Settings(root=Path(args["root"]))
    store_dir = Path(args["store"])
    started = time.perf_counter()
    build_disk(store_dir, settings)
    seconds = time.perf_counter() - started
    store = ox.Store.read_only(str(store_dir))
    return {"seconds": seconds, "bytes": _du(store_dir), "quads": len(store)}


def _validate_corpus(root: str, jobs: int, cache: str) -> dict:
    """`sotk-kg validate` on the whole published graph: each regulation alone, in `jobs`
    processes, results kept in (and taken from) the cache at `cache`."""
    from sotk_kg.checks.validation import Sources, validate_paths
    from sotk_kg.settings import Settings

    settings = Settings(root=Path(root))
    started = time.perf_counter()
    outcome = validate_paths([], sources=Sources.from_settings(settings), jobs=jobs,
                             cache_dir=Path(cache))  # fmt: skip
    return {
        "seconds": time.perf_counter() - started,
        **outcome.stats,  # validated, cached
        "jobs": jobs,
        "conforms": outcome.conforms,
        "findings": len(outcome.findings),
    }


def child_validate(args: dict) -> dict:
    return _validate_corpus(args["root"], args["jobs"], args["cache"])


def child_add_one(args: dict) -> dict:
    """One more regulation on a built corpus: build it, refresh the store, validate the corpus
    (with the cache the whole-corpus run left: only the new regulation is validated)."""
    from sotk_kg.pipeline.build import build_files
    from sotk_kg.settings import Settings
    from sotk_kg.store.load import build_disk

    settings = Settings(root=Path(args["root"]))
    t0 = time.perf_counter()
    [result] = build_files([Path(args["text"])], settings.graph_dir, args["base"])
    t1 = time.perf_counter()
    build_disk(Path(args["store"]), settings)
    t2 = time.perf_counter()
    validated = _validate_corpus(args["root"], args["jobs"], args["cache"])
    t3 = time.perf_counter()
    return {
        "build": t1 - t0,
        "load": t2 - t1,
        "validate": t3 - t2,
        "total": t3 - t0,
        "validated": validated.get("validated"),
        "cached": validated.get("cached"),
        "slug": result.slug,
    }


CHILDREN: dict[str, Callable[[dict], dict]] = {
    "build": child_build,
    "load": child_load,
    "validate": child_validate,
    "add_one": child_add_one,
}


@dataclass
class ChildRun:
    result: dict
    wall: float  # s, including the interpreter's start and imports
    peak_mib: float  # peak resident memory of the child


def run_child(part: str, args: dict, env: dict[str, str] | None = None) -> ChildRun:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = Path(f.name)
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.scale", "--child", part, json.dumps(args), str(out)],
        cwd=REPO,
        env=env,
    )
    # wait4 (not Popen.wait) to get this child's own resource usage: ru_maxrss in KiB.
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    try:
        result = json.loads(out.read_text("utf-8")) if out.stat().st_size else {}
    finally:
        out.unlink(missing_ok=True)
    if proc.returncode != 0 and not result:
        result = {"error": f"exit status {proc.returncode}"}
    return ChildRun(result, wall, usage.ru_maxrss / 1024)


def child_main(part: str, args_json: str, out: str) -> int:
    sys.path.insert(0, str(REPO))
    try:
        result = CHILDREN[part](json.loads(args_json))
    except Exception as exc:  # reported in the table, the other parts still run
        result = {"error": f"{type(exc).__name__}: {str(exc)[:300]}"}
    Path(out).write_text(json.dumps(result), encoding="utf-8")
    return 0


# ---------------------------------------------------------------------------------------------
# Servers and HTTP clients
# ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 120.0,
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def wait_until_ready(port: int, path: str, proc: subprocess.Popen) -> None:
    deadline = time.perf_counter() + SERVER_READY_TIMEOUT
    query = urllib.parse.quote("ASK {}")
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with status {proc.returncode} before answering")
        try:
            status, _ = http_request(
                port, "GET", f"{path}?query={query}", headers={"Accept": ACCEPT}, timeout=5
            )
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"server on port {port} not ready after {SERVER_READY_TIMEOUT} s")


@dataclass
class Server:
    proc: subprocess.Popen
    port: int
    path: str  # the SPARQL query path
    startup: float  # s from spawn to the first answered query

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start(cmd: list[str], port: int, path: str, env: dict[str, str], log_file: Path) -> Server:
    with log_file.open("ab") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_ready(port, path, proc)
    except BaseException:
        Server(proc, port, path, 0).stop()
        raise
    return Server(proc, port, path, time.perf_counter() - started)


def sotk_serve(root: Path, port: int, extra: list[str], log_file: Path, timeout: float) -> Server:
    # --client-queries: the 8 clients share one address, each with its query in flight
    cmd = [
        sys.executable,
        "-m",
        "sotk_kg.cli",
        "serve",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--client-queries",
        "8",
        *extra,
    ]
    env = {**os.environ, "SOTK_ROOT": str(root), "SOTK_TIMEOUT": f"{timeout:g}"}
    return start(cmd, port, "/sparql", env, log_file)


# ---------------------------------------------------------------------------------------------
# The query catalogue, pointed at a regulation of the generated corpus
# ---------------------------------------------------------------------------------------------

# `?x sotk:matches 'text: "phrase"'` (queries/09): the phrase is a parameter too.
_MATCHES = re.compile(r"""(sotk:matches\s+'text:\s*)"[^"]*"(')""")
_VALUES = re.compile(r"VALUES\s+\?(\w+)\s*\{\s*(<[^>]*>|\"[^\"]*\"(?:\^\^[\w:]+)?)\s*\}")
# queries/20: `VALUES (?before ?after) { (<a> <b>) }`, two versions compared.
_PAIR = re.compile(r"VALUES\s+\(\?before\s+\?after\)\s*\{\s*\(\s*<[^>]*>\s+<[^>]*>\s*\)\s*\}")


@dataclass(frozen=True)
class Query:
    name: str  # file stem: "03-duties-of-a-post"
    text: str
    scope: str  # "one regulation" (a VALUES parameter points into it) or "corpus"


def parameters(sidecar: dict, base: str) -> dict[str, str]:
    """Values for the catalogue's VALUES parameters, taken from one generated regulation."""
    work = f"<{base}/{sidecar['work']['path']}>"
    posts = {p["kind"]: p["iri"] for p in reversed(sidecar["posts"])}  # first of each kind
    bidang = next(u["iri"] for u in sidecar["units"] if u["kind"] == "Bidang")
    return {
        "regulation": work,
        "post": f"<{base}/{posts['KepalaDinas']}>",
        "start": f"<{base}/{posts['SubKoordinator']}>",
        "pasal": f"<{base}/{sidecar['work']['path']}/pasal/{min(7, len(sidecar['pasal_lines']))}>",
        "bidang": f"<{base}/{bidang}>",
        "phrase": '"bimbingan teknis"',
    }


def graph_parameters(graph) -> dict[str, str]:
    """Values for the catalogue's VALUES parameters, read from one built regulation graph (a
    generated text whose sidecar names no IRIs): the work, its head post, the post farthest
    below it, its Pasal 7 (or last), a Bidang (or any unit)."""
    from sotk_kg.pipeline.terms import ELI, ORG, RDF, SKOS, SOTK

    # the regulation itself: the resource its provisions are part of (a cited one has none)
    work = next(
        w
        for w in graph.subjects(RDF.type, ELI.LegalResource)
        if (w, ELI.is_part_of, None) not in graph and (None, ELI.is_part_of, w) in graph
    )
    posts = sorted(
        p for p in graph.subjects(SOTK.establishedBy, None) if (p, RDF.type, ORG.Post) in graph
    )

    def depth(post, seen=()) -> int:
        above = [
            s for s in graph.objects(post, SOTK.reportsDirectlyTo) if s in posts and s not in seen
        ]
        return 1 + max((depth(s, (*seen, post)) for s in above), default=0)

    head = min(posts, key=lambda p: (depth(p), str(p)))
    start = max(posts, key=lambda p: (depth(p), str(p)))
    pasal = {str(p) for p in graph.subjects(ELI.is_part_of, None)
             if re.fullmatch(rf"{re.escape(str(work))}/pasal/\d+", str(p))}  # fmt: skip
    units = sorted(graph.subjects(RDF.type, SOTK.UnitOrganisasi))
    bidang = next(
        (u for u in units if str(graph.value(u, SKOS.prefLabel)).startswith("Bidang")), units[0]
    )
    return {
        "regulation": f"<{work}>",
        "post": f"<{head}>",
        "start": f"<{start}>",
        "pasal": f"<{work}/pasal/{min(7, len(pasal))}>",
        "bidang": f"<{bidang}>",
        "phrase": '"bimbingan teknis"',
    }


def catalogue(queries_dir: Path, params: dict[str, str]) -> list[Query]:
    out = []
    for path in sorted(queries_dir.glob("*.rq")):
        text = path.read_text("utf-8")
        scoped = False

        def substitute(m: re.Match[str]) -> str:
            nonlocal scoped
            value = params.get(m.group(1))
            if value is None:
                return m.group(0)
            scoped = scoped or value.startswith("<")
            return f"VALUES ?{m.group(1)} {{ {value} }}"

        text = _VALUES.sub(substitute, text)
        if "before" in params and "after" in params and _PAIR.search(text):
            pair = f"VALUES (?before ?after) {{ ({params['before']} {params['after']}) }}"
            text = _PAIR.sub(pair.replace("\\", "\\\\"), text)
            scoped = True
        if "phrase" in params:  # the full-text question's phrase, in its sotk:matches query
            text = _MATCHES.sub(lambda m: m.group(1) + params["phrase"] + m.group(2), text)
        out.append(Query(path.stem, text, "one regulation" if scoped else "corpus"))
    return out


@dataclass
class QueryStats:
    latencies: dict[str, list[float]]  # query name -> seconds of each successful run
    failures: dict[str, list[int]]  # query name -> HTTP statuses of failed runs
    rows: dict[str, int]
    wall: float
    requests: int


def run_clients(
    port: int, path: str, queries: list[Query], clients: int, rounds: int, label: str
) -> QueryStats:
    """Every client runs the whole catalogue `rounds` times, in its own shuffled order, over one
    keep-alive connection, all clients at once."""
    latencies: dict[str, list[float]] = {q.name: [] for q in queries}
    failures: dict[str, list[int]] = {q.name: [] for q in queries}
    rows: dict[str, int] = {}
    lock = threading.Lock()
    progress = Progress(clients * rounds * len(queries), label)

    def client(k: int) -> None:
        order = random.Random(k)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        for _ in range(rounds):
            todo = list(queries)
            order.shuffle(todo)
            for q in todo:
                body = urllib.parse.urlencode({"query": q.text}).encode()
                started = time.perf_counter()
                try:
                    conn.request(
                        "POST",
                        path,
                        body=body,
                        headers={
                            "Accept": ACCEPT,
                            "Content-Type": "application/x-www-form-urlencoded",
                        },
                    )
                    resp = conn.getresponse()
                    payload = resp.read()
                    # the answer is in: counting its rows (parsing up to tens of MB of JSON) is
                    # the client's work, not the endpoint's, so it is not timed
                    elapsed = time.perf_counter() - started
                    status = resp.status
                    count = _count_rows(payload, resp.getheader("Content-Type") or "")
                except (OSError, http.client.HTTPException):
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
                    status, count = 0, None
                    elapsed = time.perf_counter() - started
                with lock:
                    if status == 200 and count is not None:
                        latencies[q.name].append(elapsed)
                        rows.setdefault(q.name, count)
                    else:  # 200 with a cut-off body: the Oxigraph server's own timeout
                        failures[q.name].append(status if status != 200 else "cut off")
                    progress.tick()
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return QueryStats(latencies, failures, rows, wall, clients * rounds * len(queries))


def _count_rows(payload: bytes, content_type: str) -> int | None:
    """Rows (or statements) of an answer; None if the body is cut off."""
    if "json" in content_type:
        try:
            return len(json.loads(payload)["results"]["bindings"])
        except (ValueError, KeyError, TypeError):
            return None
    import pyoxigraph as ox  # the bench's only parser of RDF answers

    fmt = ox.RdfFormat.from_media_type(content_type.split(";")[0].strip() or "text/turtle")
    try:  # a body cut inside a literal can still end with "."; only a parse tells
        return sum(1 for _ in ox.parse(payload, format=fmt or ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError):
        return None


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (no interpolation: with 5 samples, p95 is the slowest)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, round(p / 100 * len(ordered) + 0.4999))
    return ordered[min(rank, len(ordered)) - 1]


def summarise(stats: QueryStats, queries: list[Query]) -> dict:
    per_query = {}
    for q in queries:
        lat = stats.latencies[q.name]
        per_query[q.name] = {
            "scope": q.scope,
            "p50_ms": _ms(percentile(lat, 50)),
            "p95_ms": _ms(percentile(lat, 95)),
            "runs": len(lat),
            "failed": stats.failures[q.name],
            "rows": stats.rows.get(q.name),
        }
    everything = [x for lat in stats.latencies.values() for x in lat]
    return {
        "queries": per_query,
        "p50_ms": _ms(percentile(everything, 50)),
        "p95_ms": _ms(percentile(everything, 95)),
        "throughput_qps": round(stats.requests / stats.wall, 2) if stats.wall else None,
        "failed": sum(len(f) for f in stats.failures.values()),
    }


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


# ---------------------------------------------------------------------------------------------
# One size, end to end
# ---------------------------------------------------------------------------------------------


def prepare_root(work: Path) -> Path:
    """A project root for the benchmark: the repository's ontology, shapes and queries, and a
    data/ folder of its own (SOTK_ROOT points the CLI and the server at it)."""
    root = work / "root"
    (root / "data" / "graph").mkdir(parents=True, exist_ok=True)
    for name in ("ontology", "shapes", "queries"):
        link = root / name
        if not link.exists():
            link.symlink_to(REPO / name)
    return root


def measure_size(
    n: int, work: Path, seed: int, opts: argparse.Namespace, save: Callable[[dict], None]
) -> dict:
    """All parts for one size; `save` is called with the figures after each part, so a run cut
    short still leaves what it measured."""
    fig: dict = {
        "n": n,
        "seed": seed,
        "options": {
            "rounds": opts.rounds,
            "jobs": opts.jobs,
            "query_timeout": opts.query_timeout,
            "build_chunk": opts.build_chunk or None,
            "corpus": opts.corpus,
            "remote": not opts.no_remote,
            "virtuoso": not opts.no_virtuoso,
            "validate": not opts.no_validate,
        },
    }
    try:
        _measure(fig, work, seed, opts, save)
    finally:
        save(fig)
        if not opts.keep:
            shutil.rmtree(work, ignore_errors=True)
    return fig


BUILT = "corpus.json"  # in the work folder: what was generated and built, for --reuse-build


def _generate_and_build(
    fig: dict, work: Path, opts: argparse.Namespace, base: str
) -> list[Path] | None:
    """Generate N texts (+1 held back) and build them; the texts in order, None if the build
    failed. Records what was built in `work/corpus.json` (`--reuse-build`)."""
    n = fig["n"]
    shutil.rmtree(work, ignore_errors=True)
    root = prepare_root(work)
    src = work / "source"
    log(f"== N={n}: generating the corpus")
    t0 = time.perf_counter()
    texts = write_texts(opts.corpus, n + 1, src, fig["seed"])  # one more: added at the end
    extra = texts.pop()
    extra_side = sidecar_path(opts.corpus, extra)
    held_back = work / "held-back"
    held_back.mkdir()
    shutil.move(extra, held_back / extra.name)
    shutil.move(extra_side, held_back / extra_side.name)
    fig["generate_s"] = round(time.perf_counter() - t0, 2)
    fig["source_mib"] = round(sum(p.stat().st_size for p in texts) / 2**20, 2)

    log(f"== N={n}: build")
    graphs = root / "data" / "graph"
    run = run_child(
        "build",
        {
            "src": str(src),
            "out": str(graphs),
            "base": base,
            "chunk": opts.build_chunk,
            "corpus": opts.corpus,
        },
    )
    fig["build"] = {**run.result, "wall_s": round(run.wall, 2), "peak_mib": round(run.peak_mib)}
    if "seconds" not in run.result:
        return None
    fig["graph_mib"] = round(_du(graphs) / 2**20, 2)
    record = {key: fig[key] for key in ("n", "seed", "generate_s", "source_mib", "build",
                                        "graph_mib")}  # fmt: skip
    record.update(corpus=opts.corpus, texts=[t.name for t in texts],
                  graphs=sorted(p.name for p in graphs.iterdir()),
                  built_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))  # fmt: skip
    (work / BUILT).write_text(json.dumps(record), encoding="utf-8")
    return texts


def _reusable(work: Path, fig: dict, opts: argparse.Namespace) -> dict | None:
    """The record of a corpus of this size, seed and kind built earlier in `work`, with the
    folder brought back to just after that build (store, servers' data, logs and any graph
    added since removed); None if there is none."""
    try:
        kept = json.loads((work / BUILT).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if (kept.get("n"), kept.get("seed"), kept.get("corpus")) != (
        fig["n"], fig["seed"], opts.corpus,
    ):  # fmt: skip
        return None
    for child in work.iterdir():
        if child.name not in ("source", "held-back", "root", BUILT):
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    graphs = work / "root" / "data" / "graph"
    for path in graphs.iterdir():
        if path.name not in kept["graphs"]:
            path.unlink()
    for key in ("generate_s", "source_mib", "build", "graph_mib"):
        fig[key] = kept[key]
    fig["build"] = {**kept["build"], "reused_from": kept["built_at"]}
    return kept


def _measure(
    fig: dict, work: Path, seed: int, opts: argparse.Namespace, save: Callable[[dict], None]
) -> None:
    n = fig["n"]
    from sotk_kg.iris import DEFAULT_BASE

    # the data files are written with the canonical base (sotk_kg/store/load.py)
    base = DEFAULT_BASE
    root, src = work / "root", work / "source"
    kept = _reusable(work, fig, opts) if opts.reuse_build else None
    if kept is not None:
        log(f"== N={n}: reusing the corpus built in {work} ({kept['built_at']})")
        texts = [src / name for name in kept["texts"]]
    else:
        texts = _generate_and_build(fig, work, opts, base)
        save(fig)
        if texts is None:
            fig["load"] = fig["serve"] = fig["validate"] = fig["add_one"] = fig["remote"] = NA
            fig["virtuoso"] = NA
            return
    extra = next((work / "held-back").glob("*.txt"))

    log(f"== N={n}: load")
    store_dir = work / "store"
    run = run_child("load", {"root": str(root), "store": str(store_dir)})
    fig["load"] = {**run.result, "wall_s": round(run.wall, 2), "peak_mib": round(run.peak_mib)}
    save(fig)

    # The first regulation is in every corpus (regulation i depends only on seed and i): the
    # one-regulation queries ask about the same regulation at every size.
    graphs = root / "data" / "graph"
    params = target_parameters(opts.corpus, texts[0], src, graphs, base)
    second = target_parameters(opts.corpus, texts[1], src, graphs, base) if n > 1 else params
    params.update(version_parameters(params["regulation"], second["regulation"]))
    queries = catalogue(REPO / "queries", params)
    fig["query_target"] = params["regulation"].strip("<>").removeprefix(f"{base}/")
    fig["query_timeout_s"] = opts.query_timeout
    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    if "seconds" in run.result:
        fig["serve"] = serve_and_query(root, store_dir, queries, opts, logs)
    else:
        fig["serve"] = NA
    save(fig)

    if opts.no_validate:
        fig["validate"] = fig["add_one"] = "skipped"
    else:
        _validate_and_add_one(fig, work, root, store_dir, extra, base, opts, save)
    fig["remote"] = remote(root, queries, opts, work, logs) if not opts.no_remote else "skipped"
    save(fig)
    fig["virtuoso"] = (
        virtuoso(root, queries, opts, work, logs) if not opts.no_virtuoso else "skipped"
    )


def _validate_and_add_one(
    fig: dict, work: Path, root: Path, store_dir: Path, extra: Path, base: str,
    opts: argparse.Namespace, save: Callable[[dict], None],
) -> None:  # fmt: skip
    n = fig["n"]
    log(f"== N={n}: validate")
    cache = work / "validation-cache"  # empty: the whole corpus is validated
    run = run_child("validate", {"root": str(root), "jobs": opts.jobs, "cache": str(cache)})
    fig["validate"] = {**run.result, "wall_s": round(run.wall, 2), "peak_mib": round(run.peak_mib)}
    save(fig)

    log(f"== N={n}: add one regulation")
    run = run_child(
        "add_one",
        {
            "root": str(root),
            "store": str(store_dir),
            "text": str(extra),
            "base": base,
            "jobs": opts.jobs,
            "cache": str(cache),
        },
    )
    fig["add_one"] = {**run.result, "wall_s": round(run.wall, 2), "peak_mib": round(run.peak_mib)}
    save(fig)


def target_parameters(
    corpus: str, first: Path, src: Path, graphs: Path, base: str
) -> dict[str, str]:
    """The catalogue's parameters for the corpus's first text (the same text at every size:
    text i depends only on the seed and i)."""
    if corpus == "dinas":
        return parameters(json.loads(sidecar_path(corpus, first).read_text("utf-8")), base)
    from rdflib import Graph

    from sotk_kg.pipeline.build import build_graph

    # its graph file is named by the regulation, not the text: built again, in memory
    slug = build_graph(first.read_text("utf-8"), first.name, base).slug
    return graph_parameters(Graph().parse(graphs / f"{slug}.ttl"))


def version_parameters(regulation: str, other: str) -> dict[str, str]:
    """The dated questions' parameters (queries/18-20): today, when every generated regulation
    is in force (they are dated before it, none repeals another loaded one), and the enacted
    versions (`W/ind`, docs/versions.md) of two regulations to compare (the corpus has no
    amendments: its first two regulations, as a regulation and the one replacing it)."""
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    return {
        "date": f'"{today}"^^xsd:date',
        "before": f"<{regulation.strip('<>')}/ind>",
        "after": f"<{other.strip('<>')}/ind>",
    }


def serve_and_query(
    root: Path, store_dir: Path, queries: list[Query], opts: argparse.Namespace, logs: Path
) -> dict:
    log("   start-up of sotk-kg serve on the built store")
    port = free_port()
    server = sotk_serve(
        root, port, ["--store", str(store_dir)], logs / "serve.log", opts.query_timeout
    )
    try:
        out: dict = {"startup_s": round(server.startup, 2)}
        out.update(query_runs(port, "/sparql", queries, opts, "embedded"))
        out["server_rss_mib"] = _rss_mib(server.proc.pid)
    finally:
        server.stop()
    return out


def query_runs(
    port: int, path: str, queries: list[Query], opts: argparse.Namespace, label: str
) -> dict:
    run_clients(port, path, queries, 1, 1, f"{label} warm-up")
    one = run_clients(port, path, queries, 1, opts.rounds, f"{label} 1 client ")
    eight = run_clients(port, path, queries, 8, max(1, opts.rounds // 2), f"{label} 8 clients")
    return {"clients_1": summarise(one, queries), "clients_8": summarise(eight, queries)}


def _rss_mib(pid: int) -> float | None:
    """Resident memory of a process and its children (the query worker pool)."""
    try:
        out = subprocess.run(
            ["ps", "-o", "rss=", "--ppid", str(pid), "-p", str(pid)],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        return round(sum(int(x) for x in out.split()) / 1024)
    except (OSError, ValueError):
        return None


def remote(
    root: Path, queries: list[Query], opts: argparse.Namespace, work: Path, logs: Path
) -> dict | str:
    """The same catalogue in remote mode: `oxigraph serve` holds the data, `sotk-kg load
    --remote-store` pushes it, `sotk-kg serve --remote-query` answers through it."""
    oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
        "oxigraph"
    )
    if oxigraph is None:
        return NA
    log("   remote backend: oxigraph serve")
    ox_port = free_port()
    ox_server = start(
        [
            oxigraph,
            "serve",
            "--location",
            str(work / "remote-db"),
            "--bind",
            f"127.0.0.1:{ox_port}",
            "--timeout-s",
            f"{opts.query_timeout:g}",
        ],
        ox_port,
        "/query",
        dict(os.environ),
        logs / "oxigraph.log",
    )
    out: dict = {"oxigraph_startup_s": round(ox_server.startup, 2)}
    try:
        endpoint = f"http://127.0.0.1:{ox_port}"
        env = {**os.environ, "SOTK_ROOT": str(root)}
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "sotk_kg.cli", "load", "--remote-store", f"{endpoint}/store"],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        out["push_s"] = round(time.perf_counter() - started, 2)
        if done.returncode != 0:
            out["push_error"] = done.stderr.strip()[-300:]
            return out
        port = free_port()
        server = sotk_serve(
            root,
            port,
            ["--remote-query", f"{endpoint}/query", "--remote-store", f"{endpoint}/store"],
            logs / "serve-remote.log",
            opts.query_timeout,
        )
        try:
            out["startup_s"] = round(server.startup, 2)
            out.update(query_runs(port, "/sparql", queries, opts, "remote"))
        finally:
            server.stop()
        out["disk_bytes"] = _du(work / "remote-db")
        direct = run_clients(ox_port, "/query", queries, 1, opts.rounds, "oxigraph direct")
        out["direct_clients_1"] = summarise(direct, queries)
    finally:
        ox_server.stop()
    return out


def virtuoso(
    root: Path, queries: list[Query], opts: argparse.Namespace, work: Path, logs: Path
) -> dict | str:
    """The same catalogue in front of Virtuoso: a server of our own (sotk_kg.store.virtuoso),
    `sotk-kg load --virtuoso-bulk` (its bulk loader, text index included), `sotk-kg serve
    --remote-query` answering through it."""
    from sotk_kg.store.virtuoso import SERVER_NAMES, VirtuosoServer, find_program

    if find_program(SERVER_NAMES) is None:
        return NA
    log("   remote backend: virtuoso")
    # buffers: 8 KiB pages, about 1.6 GiB of cache (Virtuoso's advice: 2/3 of free memory)
    server = VirtuosoServer(work / "virtuoso", timeout_s=int(opts.query_timeout),
                            max_rows=1_000_000, buffers=200_000).start()  # fmt: skip
    out: dict = {"virtuoso_startup_s": round(server.startup_s, 2)}
    try:
        env = {**os.environ, "SOTK_ROOT": str(root), "SOTK_REMOTE_PASSWORD": server.password}
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "sotk_kg.cli", "load", "--virtuoso-bulk", server.sql,
             "--load-dir", str(server.load_dir)],
            cwd=REPO, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        out["push_s"] = round(time.perf_counter() - started, 2)
        out["disk_bytes"] = server.disk_bytes()
        if done.returncode != 0:
            out["push_error"] = done.stderr.strip()[-300:]
            return out
        port = free_port()
        serve = sotk_serve(root, port, ["--remote-query", server.sparql],
                           logs / "serve-virtuoso.log", opts.query_timeout)  # fmt: skip
        try:
            out["startup_s"] = round(serve.startup, 2)
            out.update(query_runs(port, "/sparql", queries, opts, "virtuoso"))
        finally:
            serve.stop()
    finally:
        server.stop()
    return out


# ---------------------------------------------------------------------------------------------
# The machine, the results file and the table
# ---------------------------------------------------------------------------------------------


def _git(*args: str) -> str:
    """What `git ARGS` prints in the checkout ("" where git fails)."""
    return subprocess.run(
        ["git", *args], cwd=REPO, capture_output=True, text=True, check=False
    ).stdout.strip()


def machine() -> dict:
    mem = ""
    cpu = platform.processor()
    try:
        meminfo = Path("/proc/meminfo").read_text()
        kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))  # type: ignore[union-attr]
        mem = f"{kib / 2**20:.1f} GiB"
        cpuinfo = Path("/proc/cpuinfo").read_text()
        if m := re.search(r"model name\s*:\s*(.+)", cpuinfo):
            cpu = m.group(1).strip()
    except OSError:
        pass
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    commit = _git("rev-parse", "--short", "HEAD")
    changed = _git("status", "--porcelain", "--untracked-files=no")
    return {
        "nproc": os.cpu_count(),
        "memory": mem,
        "cpu": cpu,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "packages": versions,
        "git": commit or "unknown",
        "git_changed": bool(changed),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def results_paths(day: str) -> tuple[Path, Path]:
    return RESULTS / f"scale-{day}.json", RESULTS / f"scale-{day}.txt"


def _get(fig: dict, *keys: str):
    cur = fig
    for k in keys:
        if not isinstance(cur, dict):
            return cur if isinstance(cur, str) else None
        cur = cur.get(k)
    return cur


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return "n/a" if value.startswith("n/a") else value
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


ROWS: list[tuple[str, Callable[[dict], object]]] = [
    ("regulations (N)", lambda f: f["n"]),
    ("source text (MiB)", lambda f: f.get("source_mib")),
    ("triples built", lambda f: _get(f, "build", "triples")),
    ("build: time (s)", lambda f: _get(f, "build", "seconds")),
    ("build: ms per regulation", lambda f: _per(f, ("build", "seconds"), 1000)),
    ("build: peak RSS (MiB)", lambda f: _get(f, "build", "peak_mib")),
    ("build: files per build_files() call", lambda f: _get(f, "build", "chunk")),
    ("build: graphs = sidecar", lambda f: _agree(f)),
    ("load: time (s)", lambda f: _get(f, "load", "seconds")),
    ("load: quads in store (named graphs + their union)", lambda f: _get(f, "load", "quads")),
    ("load: store on disk (MiB)", lambda f: _mib(_get(f, "load", "bytes"))),
    ("load: peak RSS (MiB)", lambda f: _get(f, "load", "peak_mib")),
    ("serve: start-up on built store (s)", lambda f: _get(f, "serve", "startup_s")),
    ("serve: RSS after queries (MiB)", lambda f: _get(f, "serve", "server_rss_mib")),
    ("queries 1 client: p50 all (ms)", lambda f: _get(f, "serve", "clients_1", "p50_ms")),
    ("queries 1 client: p95 all (ms)", lambda f: _get(f, "serve", "clients_1", "p95_ms")),
    (
        "queries 1 client: worst p50 of the one-regulation queries (ms)",
        lambda f: _worst_scoped(f, "serve", "clients_1"),
    ),
    (
        "queries 1 client: throughput (q/s)",
        lambda f: _get(f, "serve", "clients_1", "throughput_qps"),
    ),
    (
        "queries 1 client: worst p50 of the corpus-wide queries (ms)",
        lambda f: _worst_scoped(f, "serve", "clients_1", "corpus"),
    ),
    ("queries 1 client: full-text question (09) p50 (ms)", lambda f: _full_text(f, "serve")),
    ("queries 8 clients: p50 all (ms)", lambda f: _get(f, "serve", "clients_8", "p50_ms")),
    ("queries 8 clients: p95 all (ms)", lambda f: _get(f, "serve", "clients_8", "p95_ms")),
    (
        "queries 8 clients: throughput (q/s)",
        lambda f: _get(f, "serve", "clients_8", "throughput_qps"),
    ),
    ("queries: failed requests (1 + 8 clients)", lambda f: _failed(f, "serve")),
    ("validate corpus: regulations validated / from cache", lambda f: _validated(f, "validate")),
    ("validate corpus: processes", lambda f: _get(f, "validate", "jobs")),
    ("validate corpus: time (s)", lambda f: _get(f, "validate", "seconds")),
    ("validate corpus: s per regulation", lambda f: _per(f, ("validate", "seconds"), 1)),
    ("validate corpus: peak RSS of one process (MiB)", lambda f: _get(f, "validate", "peak_mib")),
    ("add one: build (s)", lambda f: _get(f, "add_one", "build")),
    ("add one: store refresh (s)", lambda f: _get(f, "add_one", "load")),
    ("add one: validate corpus (s)", lambda f: _get(f, "add_one", "validate")),
    ("add one: regulations validated / from cache", lambda f: _validated(f, "add_one")),
    ("add one: total (s)", lambda f: _get(f, "add_one", "total")),
    ("remote: push with sotk-kg load (s)", lambda f: _get(f, "remote", "push_s")),
    ("remote: p50 all, 1 client (ms)", lambda f: _get(f, "remote", "clients_1", "p50_ms")),
    ("remote: worst p50 one-regulation (ms)", lambda f: _worst_scoped(f, "remote", "clients_1")),
    ("remote: throughput 1 / 8 clients (q/s)", lambda f: _pair(f, "remote")),
    ("remote: failed requests", lambda f: _failed(f, "remote")),
    ("oxigraph direct: p50 all (ms)", lambda f: _get(f, "remote", "direct_clients_1", "p50_ms")),
    (
        "remote: worst p50 corpus-wide (ms)",
        lambda f: _worst_scoped(f, "remote", "clients_1", "corpus"),
    ),
    ("remote: full-text question (09) p50 (ms)", lambda f: _full_text(f, "remote")),
    ("remote: oxigraph store on disk (MiB)", lambda f: _mib(_get(f, "remote", "disk_bytes"))),
    ("virtuoso: bulk load with sotk-kg load (s)", lambda f: _get(f, "virtuoso", "push_s")),
    ("virtuoso: database on disk (MiB)", lambda f: _mib(_get(f, "virtuoso", "disk_bytes"))),
    ("virtuoso: p50 all, 1 client (ms)", lambda f: _get(f, "virtuoso", "clients_1", "p50_ms")),
    (
        "virtuoso: worst p50 one-regulation (ms)",
        lambda f: _worst_scoped(f, "virtuoso", "clients_1"),
    ),
    (
        "virtuoso: worst p50 corpus-wide (ms)",
        lambda f: _worst_scoped(f, "virtuoso", "clients_1", "corpus"),
    ),
    ("virtuoso: full-text question (09) p50 (ms)", lambda f: _full_text(f, "virtuoso")),
    ("virtuoso: throughput 1 / 8 clients (q/s)", lambda f: _pair(f, "virtuoso")),
    ("virtuoso: failed requests", lambda f: _failed(f, "virtuoso")),
]


def _per(f: dict, keys: tuple[str, ...], scale: float, count_key: str | None = None):
    total = _get(f, *keys)
    count = _get(f, keys[0], count_key) if count_key else f["n"]
    if not isinstance(total, (int, float)) or not count:
        return total if isinstance(total, str) else None
    return round(total / count * scale, 3)


def _worst_scoped(f: dict, part: str, clients: str, scope: str = "one regulation"):
    """The slowest query of a scope by p50; one that never answered is the worst."""
    queries = _get(f, part, clients, "queries")
    if not isinstance(queries, dict):
        return queries
    p50s = [q["p50_ms"] for q in queries.values() if q["scope"] == scope]
    if any(p is None for p in p50s):
        return "no answer"
    return max(p50s, default=None)


def _agree(f: dict):
    agree, n = _get(f, "build", "agree"), _get(f, "build", "regulations")
    return f"{agree}/{n}" if isinstance(agree, int) else agree


def _mib(v):
    return round(v / 2**20, 1) if isinstance(v, int) else v


def _validated(f: dict, part: str):
    done, cached = _get(f, part, "validated"), _get(f, part, "cached")
    return f"{done} / {cached}" if isinstance(done, int) else done


def _pair(f: dict, part: str):
    a = _get(f, part, "clients_1", "throughput_qps")
    b = _get(f, part, "clients_8", "throughput_qps")
    return None if a is None else f"{_cell(a)} / {_cell(b)}"


def _failed(f: dict, part: str):
    """Failed requests of both client runs; how many were 503 (the pool's queue wait: busy, or
    the time limit) is told apart, since that is the server shedding load by design."""
    a = _get(f, part, "clients_1", "failed")
    if not isinstance(a, int):
        return None
    statuses = [s for clients in ("clients_1", "clients_8")
                for q in (_get(f, part, clients, "queries") or {}).values()
                for s in q.get("failed", [])]  # fmt: skip
    busy = statuses.count(503)
    total = a + (_get(f, part, "clients_8", "failed") or 0)
    return f"{total} ({busy} x 503)" if busy else total


GROWTH = (
    "build: time (s)",
    "build: peak RSS (MiB)",
    "load: time (s)",
    "load: store on disk (MiB)",
    "serve: start-up on built store (s)",
    "queries 1 client: p50 all (ms)",
    "validate corpus: time (s)",
    "add one: store refresh (s)",
    "remote: push with sotk-kg load (s)",
)


def growth(sizes: list[dict], width: int) -> list[str]:
    """Each figure's ratio to the previous size: linear growth shows the N ratio, flat shows 1."""
    if len(sizes) < 2:
        return []
    getters = dict(ROWS)
    steps = list(pairwise(sizes))
    lines = [
        "",
        "growth: ratio to the previous size (linear = the N ratio, flat = 1)",
        "N ratio".ljust(width)
        + "".join(f"x{b['n'] // a['n']:,} ({a['n']}->{b['n']})".rjust(18) for a, b in steps),
    ]
    for label in GROWTH:
        cells = []
        for a, b in steps:
            va, vb = getters[label](a), getters[label](b)
            ok = all(isinstance(v, (int, float)) and v > 0 for v in (va, vb))
            cells.append(f"x{vb / va:.2g}" if ok else "-")
        lines.append(label.ljust(width) + "".join(c.rjust(18) for c in cells))
    return lines


# The backends of the per-query tables: (part of the figures, name).
BACKENDS = (
    ("serve", "embedded store"),
    ("remote", "Oxigraph server (remote mode)"),
    ("virtuoso", "Virtuoso (remote mode)"),
)


def _per_query(f: dict, part: str) -> dict:
    got = _get(f, part, "clients_1", "queries")
    return got if isinstance(got, dict) else {}


def per_query_table(sizes: list[dict], part: str, backend: str) -> list[str]:
    """One backend's p50 / p95 (rows) per query and size; nothing when it was not measured."""
    names = sorted({q for f in sizes for q in _per_query(f, part)})
    if not names:
        return []
    qwidth = max([len(n) for n in names] + [10]) + 2
    lines = [
        "",
        f"per query, {backend}, 1 client: p50 / p95 ms (rows)",
        "query".ljust(qwidth) + "scope".ljust(16)
        + "".join(f"N={f['n']:,}".rjust(24) for f in sizes),
    ]  # fmt: skip
    for name in names:
        scope = ""
        cells = []
        for f in sizes:
            q = _per_query(f, part).get(name)
            if not q:
                cells.append("-")
                continue
            scope = q["scope"]
            fail = f" !{len(q['failed'])}" if q["failed"] else ""
            cells.append(f"{_cell(q['p50_ms'])} / {_cell(q['p95_ms'])} ({q['rows']}){fail}")
        lines.append(name.ljust(qwidth) + scope.ljust(16) + "".join(c.rjust(24) for c in cells))
    return lines


def _full_text(f: dict, part: str):
    """The p50 of the full-text worked question (09)."""
    q = next((v for k, v in _per_query(f, part).items() if k.startswith("09-")), None)
    return None if q is None else q["p50_ms"]


def render(doc: dict) -> str:
    sizes = sorted(doc["sizes"].values(), key=lambda f: f["n"])
    m = doc["machine"]
    lines = [
        f"sotk-kg scale benchmark, {doc['day']} (python -m bench.scale; bench/README.md)",
        f"machine: {m['nproc']} cores ({m['cpu']}), {m['memory']} RAM, {m['os']}, "
        f"Python {m['python']}; shared with other work (load average at start "
        f"{m['load_average_at_start']})",
        "packages: " + ", ".join(f"{k} {v}" for k, v in m["packages"].items()),
        f"code: git {m['git']}"
        + {True: " plus uncommitted changes", False: ""}.get(
            m.get("git_changed"), " (uncommitted changes not recorded)"
        ),
        "corpus: "
        + ", ".join(sorted({_CORPUS_LABEL[_corpus(f)] for f in sizes}))
        + ", seeded; N regulations + 1 held back for the add-one step",
        "queries: time limit per query "
        + ", ".join(sorted({f"{f.get('query_timeout_s', 10):g} s" for f in sizes}))
        + " (the public default is 10 s); one-regulation queries ask about the corpus's first "
        "regulation",
        "",
    ]
    width = max(len(label) for label, _ in ROWS) + 2
    header = "figure".ljust(width) + "".join(f"N={f['n']:,}".rjust(14) for f in sizes)
    lines += [header, "-" * len(header)]
    for label, get in ROWS:
        cells = []
        for f in sizes:
            try:
                cells.append(_cell(get(f)))
            except (KeyError, TypeError):
                cells.append("-")
        lines.append(label.ljust(width) + "".join(c.rjust(14) for c in cells))
    lines += growth(sizes, width)
    for part, backend in BACKENDS:
        lines += per_query_table(sizes, part, backend)
    notes = [
        f"N={f['n']}: options " + ", ".join(f"{k}={v}" for k, v in f["options"].items())
        for f in sizes
        if "options" in f
    ]
    notes += [f"N={f['n']}: {note}" for f in sizes for note in f.get("notes", [])]
    notes += [
        f"N={f['n']}: {e}" for f in sizes for e in _get(f, "build", "disagree_examples") or []
    ]
    notes += [
        f"N={f['n']} {part}: {_get(f, part, 'error') or _get(f, part, 'missing')}"
        for f in sizes
        for part in ("build", "load", "validate", "add_one")
        if _get(f, part, "error") or _get(f, part, "missing")
    ]
    if notes:
        lines += ["", "notes:", *notes]
    return "\n".join(lines) + "\n"


_CORPUS_LABEL = {
    "kinds": "bench/kinds.py (every kind of perangkat daerah, a third OCR-damaged)",
    "dinas": "bench/corpus.py (Dinas only)",
}


def _corpus(fig: dict) -> str:
    """The corpus a size was measured on (runs before the option existed: Dinas only)."""
    options = fig.get("options")
    return options.get("corpus", "dinas") if isinstance(options, dict) else "dinas"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.scale", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--sizes", default="1,10,100", help="comma-separated corpus sizes, run one after the other"
    )
    parser.add_argument("--seed", type=int, default=None, help="corpus seed (default: fixed)")
    parser.add_argument(
        "--corpus",
        choices=CORPORA,
        default="kinds",
        help="kinds (default): bench/kinds.py, every kind of perangkat daerah and regulation, OCR "
        "damage; dinas: bench/corpus.py, Dinas only on the seed's template (checks provisions "
        "and duties too)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="catalogue passes per client (1 client; 8 clients do half)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="validation processes (`sotk-kg validate --jobs`; default: cores)",
    )
    parser.add_argument(
        "--build-chunk",
        type=int,
        default=0,
        help="build_files() calls of this many files (default: all at once, as "
        "`sotk-kg build FILE...` does)",
    )
    parser.add_argument("--no-remote", action="store_true", help="skip the remote backend part")
    parser.add_argument("--no-virtuoso", action="store_true", help="skip the Virtuoso part")
    parser.add_argument(
        "--no-validate",
        action="store_true",
        help="skip the corpus validation and the add-one step (the query figures only)",
    )
    parser.add_argument(
        "--query-timeout",
        type=float,
        default=60.0,
        help="time limit per query of the servers measured (s; SOTK_TIMEOUT and "
        "`oxigraph serve --timeout-s`). Above the public default of 10 s so "
        "that the corpus-wide queries are measured, not cut off",
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "sotk-bench",
        help="scratch folder (emptied per size)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument(
        "--reuse-build",
        action="store_true",
        help="reuse the corpus generated and built by an earlier --keep run in the same --work "
        "folder (same size, seed and corpus; its build figures are reported again): the load and "
        "everything after it are measured anew",
    )
    parser.add_argument(
        "--day",
        default=datetime.now(UTC).strftime("%Y-%m-%d"),
        help="results file date (default today, UTC)",
    )
    parser.add_argument("--child", nargs=3, metavar=("PART", "ARGS", "OUT"), help=argparse.SUPPRESS)
    opts = parser.parse_args(argv)
    if opts.child:
        return child_main(*opts.child)

    json_path, txt_path = results_paths(opts.day)
    doc = json.loads(json_path.read_text("utf-8")) if json_path.is_file() else {"sizes": {}}
    doc.update(day=opts.day, machine=machine())

    def save(fig: dict) -> None:
        fig["measured_at"] = datetime.now(UTC).strftime("%H:%M UTC")
        doc["sizes"][str(fig["n"])] = fig
        RESULTS.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
        txt_path.write_text(render(doc), encoding="utf-8")

    for n in [int(s) for s in opts.sizes.split(",") if s.strip()]:
        measure_size(n, opts.work / str(n), opts.seed or default_seed(opts.corpus), opts, save)
    print(render(doc), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
