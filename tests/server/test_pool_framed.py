"""The framed pool awaited in the event loop (`WorkerPool.run_async`, the /sparql path): jobs and
answers as bytes, no thread waiting, and the same safety as the threaded path: the time limit
kills the worker, a dead worker is told apart, a full pool says busy after the queue wait; and a
task cancelled mid-job does not leave its worker to answer a job no one waits for."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
import workerstubs
from test_pool_workers import LIMIT, MARGIN, wait_ended

from sotk_kg.server.pool import JobTimeout, PoolBusy, WorkerCrashed, WorkerOptions, WorkerPool


@pytest.fixture()
def pool(request: pytest.FixtureRequest) -> Iterator[WorkerPool]:
    size, queue_wait = getattr(request, "param", (1, 30.0))
    pool = WorkerPool("test", workerstubs.start_framed, (), size, queue_wait=queue_wait,
                      options=WorkerOptions(framed=True))  # fmt: skip
    pool.start()
    yield pool
    pool.close()


def test_answers_of_any_size_come_back_whole(pool: WorkerPool) -> None:
    async def main() -> list[bytes]:
        return [await pool.run_async(f"big:{n}".encode(), 30) for n in (1, 70_000, 5_000_000)]

    assert [len(a) for a in asyncio.run(main())] == [1, 70_000, 5_000_000]
    assert pool.run(b"echo:sync too", 10) == b"sync too"  # the threaded path reads the same


def test_the_time_limit_kills_the_worker_and_the_next_job_is_answered(pool: WorkerPool) -> None:
    (pid,) = pool.pids()

    async def main() -> float:
        started = time.monotonic()
        with pytest.raises(JobTimeout, match=f"time limit of {LIMIT:g} s"):
            await pool.run_async(b"sleep:30", LIMIT)
        return time.monotonic() - started

    assert LIMIT <= asyncio.run(main()) < LIMIT + MARGIN
    wait_ended(pid)
    assert asyncio.run(pool.run_async(b"echo:next", 30)) == b"next" and pool.restarts == 1


def test_a_cancelled_job_takes_its_worker_with_it(pool: WorkerPool) -> None:
    (pid,) = pool.pids()

    async def main() -> None:
        task = asyncio.create_task(pool.run_async(b"sleep:30", 60))
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    wait_ended(pid)  # else it would answer the sleep to whoever sends the next job
    assert asyncio.run(pool.run_async(b"echo:after", 30)) == b"after"


def test_a_job_that_kills_its_worker_is_a_crash(pool: WorkerPool) -> None:
    with pytest.raises(WorkerCrashed):
        asyncio.run(pool.run_async(b"abort:", 30))
    assert asyncio.run(pool.run_async(b"echo:1", 30)) == b"1"


@pytest.mark.parametrize("pool", [(1, LIMIT)], indirect=True)
def test_a_busy_pool_says_so_after_the_queue_wait_and_hands_workers_over(
    pool: WorkerPool,
) -> None:
    async def main() -> tuple[list[object], float]:
        sleeper = asyncio.create_task(pool.run_async(b"sleep:2", 30))
        await asyncio.sleep(0.1)
        started = time.monotonic()
        with pytest.raises(PoolBusy, match=f"stayed busy for {LIMIT:g} s"):
            await pool.run_async(b"echo:1", 30)
        waited = time.monotonic() - started
        # jobs that arrive while the one worker is busy get it in turn, within the queue wait
        await sleeper
        quick = [pool.run_async(f"sleep:{LIMIT / 4}".encode(), 30) for _ in range(3)]
        return list(await asyncio.gather(*quick)), waited

    answers, waited = asyncio.run(main())
    assert LIMIT <= waited < LIMIT + MARGIN
    assert answers == [str(LIMIT / 4).encode()] * 3
