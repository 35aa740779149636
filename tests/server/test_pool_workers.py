"""The worker pool (sotk_kg/server/pool.py): why a worker ended decides the answer, and workers are
replaced when they did their share of jobs or kept memory. Stand-in workers (workerstubs.py)
sleep, allocate, keep memory or abort on demand; the engine's own failures (its allocation
failure, its stack overflow) run on a real query worker."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import workerstubs

from sotk_kg.server import worker
from sotk_kg.server.admission import ClientBusy, Gate
from sotk_kg.server.pool import (
    JobTimeout,
    MemoryLimitExceeded,
    PoolBusy,
    WorkerCrashed,
    WorkerEnded,
    WorkerOptions,
    WorkerPool,
    _describe_exit,
    _headline,
)
from sotk_kg.server.worker import Answer, Job, StoreSpec

JSON = "application/sparql-results+json"
# 20 doublings of a 1,000-character string: 1 GB at the end, 2 GB held along the way.
CONCAT_BOMB = (
    'SELECT (STRLEN(?x20) AS ?n) WHERE { BIND("'
    + "a" * 1000
    + '" AS ?x0) '
    + " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(20))
    + " }"
)
TOO_DEEP = "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000
STUB_MEMORY_MB = 128


@pytest.fixture()
def make_pool() -> Iterator[Callable[..., WorkerPool]]:
    pools: list[WorkerPool] = []

    def make(entry: Callable[..., object] = workerstubs.start, args: tuple[object, ...] = (),
             queue_wait: float = 30, **options: object) -> WorkerPool:  # fmt: skip
        pool = WorkerPool("test", entry, args, 1, options=WorkerOptions(**options),  # type: ignore[arg-type]
                          queue_wait=queue_wait)  # fmt: skip
        pools.append(pool)
        pool.start()
        return pool

    yield make
    for pool in pools:
        pool.close()


@pytest.fixture(scope="module")
def nquads(tmp_path_factory: pytest.TempPathFactory) -> StoreSpec:
    return workerstubs.one_triple_store(tmp_path_factory.mktemp("store"))


def busy_pid(pool: WorkerPool) -> int:
    """The worker that took the job just sent (waits until one has)."""
    for _ in range(500):
        if pids := pool.busy_pids():
            return pids[0]
        time.sleep(0.01)
    raise AssertionError("no worker took the job")


def wait_ended(pid: int) -> None:
    """Until the process `pid` has ended (a zombie its parent has not reaped yet, or gone)."""
    stat = Path(f"/proc/{pid}/stat")
    for _ in range(500):
        try:
            if stat.read_text().rsplit(")", 1)[1].split()[0] in ("Z", "X"):
                return
        except OSError:
            return
        time.sleep(0.01)
    raise AssertionError(f"process {pid} did not end")


def run_in_thread(pool: WorkerPool, job: object) -> tuple[threading.Thread, list[object]]:
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(pool.run(job, 60))
        except Exception as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_worker_killed_from_outside_is_not_blamed_on_the_job(
    make_pool: Callable[..., WorkerPool], sig: signal.Signals
) -> None:
    pool = make_pool()
    thread, outcome = run_in_thread(pool, ("sleep", 30))
    os.kill(busy_pid(pool), sig)
    thread.join(timeout=30)
    (error,) = outcome
    assert isinstance(error, WorkerEnded) and not isinstance(error, WorkerCrashed)
    assert f"ended from outside (signal {sig.name})" in str(error)
    assert pool.run(("echo", 7), 10) == 7  # replaced
    assert pool.restarts == 1
    thread, outcome = run_in_thread(pool, ("sleep", 30))
    os.kill(busy_pid(pool), sig)
    thread.join(timeout=30)
    assert pool.restarts == 2  # counted, not just flagged


def test_a_worker_killed_while_idle_is_replaced_before_a_job_reaches_it(
    make_pool: Callable[..., WorkerPool],
) -> None:
    pool = make_pool()
    (pid,) = pool.pids()
    os.kill(pid, signal.SIGKILL)
    wait_ended(pid)
    assert pool.run(("echo", 3), 10) == 3  # no error for a job that never met the dead worker
    assert pool.restarts == 1 and pid not in pool.pids()


def test_a_job_that_kills_its_worker_is_a_crash(make_pool: Callable[..., WorkerPool]) -> None:
    pool = make_pool()
    with pytest.raises(WorkerCrashed, match="signal SIGABRT"):
        pool.run(("abort", 0), 10)
    assert pool.run(("echo", 1), 10) == 1


def test_python_out_of_memory_is_the_memory_limit(make_pool: Callable[..., WorkerPool]) -> None:
    pool = make_pool(memory_mb=STUB_MEMORY_MB)
    assert pool.run(("allocate", STUB_MEMORY_MB // 4), 10) == STUB_MEMORY_MB // 4
    with pytest.raises(MemoryLimitExceeded, match=f"{STUB_MEMORY_MB} MiB"):
        pool.run(("allocate", STUB_MEMORY_MB * 2), 10)
    assert pool.run(("echo", 1), 10) == 1  # a fresh worker took over
    assert pool.restarts == 1


def test_the_engines_allocation_failure_is_the_memory_limit(
    make_pool: Callable[..., WorkerPool], nquads: StoreSpec
) -> None:
    """Rust aborts on a failed allocation, as on a stack overflow: its message tells them
    apart. The doubling query stops at the limit instead of taking 2 GB."""
    pool = make_pool(worker.start, (nquads,), memory_mb=256)
    with pytest.raises(MemoryLimitExceeded, match="256 MiB"):
        pool.run(Job(CONCAT_BOMB, JSON, None, 10), 30)
    # Too deep: the engine overflows its stack (a segfault, or Rust's abort): still a crash.
    with pytest.raises(WorkerCrashed, match=r"signal SIG(SEGV|ABRT)"):
        pool.run(Job(TOO_DEEP, JSON, None, 10), 30)
    answer = pool.run(Job("ASK { GRAPH ?g { ?s ?p ?o } }", JSON, None, 10), 30)
    assert isinstance(answer, Answer) and b"true" in answer.body


def test_workers_are_replaced_after_their_share_of_jobs(
    make_pool: Callable[..., WorkerPool],
) -> None:
    pool = make_pool(max_jobs=2)
    (first,) = pool.pids()
    pool.run(("echo", 1), 10)
    assert pool.pids() == [first] and pool.recycled == 0
    pool.run(("echo", 2), 10)
    assert first not in pool.pids() and pool.recycled == 1
    assert pool.run(("echo", 3), 10) == 3  # its replacement answers
    assert pool.restarts == 0  # a planned replacement, not a failure
    pool.run(("echo", 4), 10)
    assert pool.recycled == 2  # counted, not just flagged


def test_a_worker_that_kept_memory_is_replaced(make_pool: Callable[..., WorkerPool]) -> None:
    pool = make_pool(recycle_mb=64)
    (first,) = pool.pids()
    pool.run(("allocate", 200), 10)  # freed again: a large buffer goes back to the system
    pool.run(("keep", 16), 10)  # kept, but under the threshold
    assert pool.pids() == [first] and pool.recycled == 0
    pool.run(("keep", 100), 10)
    assert first not in pool.pids() and pool.recycled == 1
    assert pool.run(("echo", 1), 10) == 1


def test_a_gate_caps_jobs_in_flight_and_per_client() -> None:
    gate = Gate("query", capacity=3, per_client=2)
    with gate.admit("a"), gate.admit("a"):
        with pytest.raises(ClientBusy, match=r"this client \(a\)"), gate.admit("a"):
            pass
        with gate.admit("b"):  # another client still gets in
            with pytest.raises(PoolBusy, match="3 query jobs"), gate.admit("c"):
                pass
            with pytest.raises(PoolBusy), gate.admit(None):  # unknown clients count in total
                pass
    with gate.admit("a"), gate.admit("a"):  # places are given back
        pass


def test_an_unknown_sandbox_policy_is_refused_before_any_worker_starts() -> None:
    with pytest.raises(ValueError, match="unknown sandbox policy 'maybe'"):
        WorkerOptions(sandbox="maybe")


def test_a_worker_that_cannot_start_says_why(tmp_path: Path) -> None:
    pool = WorkerPool("query", worker.start, (StoreSpec("disk", str(tmp_path / "none")),), 1)
    with pytest.raises(RuntimeError, match="query worker could not start"):
        pool.start()
    assert pool.pids() == []


def test_a_closed_pool_starts_no_replacement(make_pool: Callable[..., WorkerPool]) -> None:
    """A worker that dies after close() (here: killed mid-job by the close itself) is not
    replaced: the server is shutting down."""
    pool = make_pool()
    thread, _ = run_in_thread(pool, ("sleep", 30))
    pid = busy_pid(pool)
    pool.close()
    thread.join(timeout=30)
    wait_ended(pid)
    time.sleep(0.5)  # a replacement would be starting now
    assert pool.pids() == [] and pool.restarts == 0


@pytest.mark.parametrize(
    ("output", "headline"),
    [
        ("memory allocation of 8 bytes failed\n", "memory allocation of 8 bytes failed"),
        ("a\nb\nc", "a | b | c"),
        ("a\nb\nc\nd\ne\n", "a | b | c (+2 lines)"),
        ("x" * 600, "x" * 500),
        ("", ""),
    ],
)
def test_a_dead_workers_output_is_logged_by_its_first_lines(output: str, headline: str) -> None:
    """The message, not the Rust backtrace after it (RUST_BACKTRACE set: 80 lines a death)."""
    assert _headline(output) == headline


@pytest.mark.parametrize(
    ("code", "described"),
    [
        (None, "still running"),
        (0, "exit code 0"),
        (3, "exit code 3"),
        (-9, "signal SIGKILL"),
        (-6, "signal SIGABRT"),
        (-200, "signal 200"),
    ],
)
def test_exit_codes_are_described(code: int | None, described: str) -> None:
    assert _describe_exit(code) == described


# Margins for the deadlines below: a stand-in worker that sleeps is killed in milliseconds, so
# half a second covers a loaded machine while a deadline doubled (as a planted bug once was,
# unnoticed by a test that accepted anything under 2.5 times the limit) falls outside it.
LIMIT = 0.5
MARGIN = 0.5


def test_a_job_is_stopped_at_its_time_limit(make_pool: Callable[..., WorkerPool]) -> None:
    pool = make_pool()
    (pid,) = pool.pids()
    started = time.monotonic()
    with pytest.raises(JobTimeout, match=f"time limit of {LIMIT:g} s"):
        pool.run(("sleep", 30), LIMIT)
    assert LIMIT <= time.monotonic() - started < LIMIT + MARGIN
    wait_ended(pid)  # killed, not left running
    assert pool.run(("echo", 5), 10) == 5 and pool.restarts == 1


def test_the_wait_for_a_free_worker_is_bounded(make_pool: Callable[..., WorkerPool]) -> None:
    pool = make_pool(queue_wait=LIMIT)
    thread, outcome = run_in_thread(pool, ("sleep", 3))
    busy_pid(pool)
    started = time.monotonic()
    with pytest.raises(PoolBusy, match=f"stayed busy for {LIMIT:g} s"):
        pool.run(("echo", 1), 10)
    assert LIMIT <= time.monotonic() - started < LIMIT + MARGIN
    thread.join(timeout=30)
    assert outcome == [3]  # the sleeping job itself was not disturbed (its stub answers 3)
