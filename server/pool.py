"""A pool of query worker processes that are killed and replaced on timeout or crash.

Neither engine can be interrupted inside a process (no timeout parameter, signals are not checked,
threads cannot be cancelled; stack-findings §5), and a deeply nested query can crash the native
engine. Each query therefore runs in a spawned process; the caller waits on its pipe with a
deadline and kills it when the deadline passes, so the time limit really stops the work.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import queue
import threading
import time
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from server.worker import Answer, Failure, Job, StoreSpec, main

log = logging.getLogger(__name__)

_CTX = mp.get_context("spawn")  # no fork: the parent runs threads and an event loop


class QueryTimeout(Exception):
    pass


class WorkerCrashed(Exception):
    pass


class PoolBusy(Exception):
    pass


class _Worker:
    def __init__(self, spec: StoreSpec) -> None:
        parent, child = _CTX.Pipe()
        self.conn: Connection = parent
        self.process: BaseProcess = _CTX.Process(
            target=main, args=(child, spec), daemon=True, name="sotk-query-worker"
        )
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise RuntimeError(f"query worker not ready after {timeout:.0f} s")
        msg = self.conn.recv()
        if msg != "ready":
            self.kill()
            raise RuntimeError(getattr(msg, "message", str(msg)))

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class WorkerPool:
    def __init__(
        self, spec: StoreSpec, size: int, start_timeout: float = 120.0, queue_wait: float = 2.0
    ) -> None:
        self.spec = spec
        self.size = max(1, size)
        self.queue_wait = queue_wait
        self.start_timeout = start_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.restarts = 0

    def start(self) -> None:
        """Start every worker and wait until each has loaded the store."""
        workers = [self._spawn() for _ in range(self.size)]
        for w in workers:
            w.wait_ready(self.start_timeout)
            self._idle.put(w)

    def _spawn(self) -> _Worker:
        w = _Worker(self.spec)
        with self._lock:
            self._all.add(w)
        return w

    def _retire(self, w: _Worker) -> None:
        w.kill()
        with self._lock:
            self._all.discard(w)
        if self._closed:
            return
        self.restarts += 1
        threading.Thread(target=self._replace, daemon=True, name="sotk-pool-respawn").start()

    def _replace(self) -> None:
        try:
            w = self._spawn()
            w.wait_ready(self.start_timeout)
        except Exception:
            log.exception("could not start a replacement query worker")
            return
        if self._closed:
            w.kill()
            return
        self._idle.put(w)

    def run(self, job: Job, timeout: float) -> Answer | Failure:
        """Evaluate `job` within `timeout` seconds, counted from when a worker takes it; the wait
        for a free worker is bounded apart, by `queue_wait` (PoolBusy when none frees up)."""
        try:
            w = self._idle.get(timeout=self.queue_wait)
        except queue.Empty:
            raise PoolBusy(
                f"all {self.size} query workers stayed busy for {self.queue_wait:g} s"
            ) from None
        deadline = time.monotonic() + timeout
        try:
            w.conn.send(job)
            if not w.conn.poll(max(deadline - time.monotonic(), 0.0)):
                self._retire(w)
                raise QueryTimeout(f"query stopped after the time limit of {timeout:g} s")
            answer = w.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            w.process.join(timeout=1)
            code = w.process.exitcode
            self._retire(w)
            raise WorkerCrashed(f"the query engine process died (exit code {code})") from exc
        self._idle.put(w)
        return answer

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()
