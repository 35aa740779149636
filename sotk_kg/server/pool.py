"""A pool of worker processes that are killed and replaced on timeout, death, or growth.

Neither engine can be interrupted inside a process (no timeout parameter, signals are not checked,
threads cannot be cancelled; stack-findings §5), and a deeply nested query can crash the native
engine. Each job therefore runs in a spawned process; the caller waits on its pipe with a deadline
and kills it when the deadline passes, so the time limit really stops the work.

The pool does not know what its workers do: a worker runs `entry(*args)` once (open the store,
import the validator) and gets back the function that answers one job. Query workers
(server/worker.py) and validation workers (server/validation_runner.py) are two pools of it.
Before `entry` runs, the worker takes itself off the network and caps its memory
(server/sandbox.py): `entry` is named, not pickled, so that nothing it imports runs (or starts a
thread) before that.

When a worker dies during a job, the parent tells why, because the client's answer depends on it:
- it ran out of its memory limit: Rust prints "memory allocation of N bytes failed" and aborts,
  Python raises MemoryError (the worker reports it and stops). The worker's stderr goes to a file
  the parent reads, since an abort alone looks like any other crash (503 "memory limit");
- it was killed from outside (SIGKILL from the kernel's OOM killer or an operator, SIGTERM): not
  the job's fault, a retry can succeed (503);
- anything else (a segfault, a stack overflow's abort) is the job's own doing: the same job kills
  a fresh worker again (a query gets 400).

A worker is also replaced, between jobs, after `max_jobs` jobs or once its resident memory grew
`recycle_mb` over what it held when ready: freed memory often stays with the process (the
allocator keeps it), so an idle worker would otherwise keep the peak of its largest job.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import multiprocessing as mp
import os
import pickle
import queue
import shutil
import signal
import socket
import struct
import sys
import tempfile
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from sotk_kg.server.sandbox import (
    NOT_ISOLATED,
    SandboxUnavailable,
    block_network,
    check_policy,
    isolate_network,
    limit_memory,
)

log = logging.getLogger(__name__)

_CTX = mp.get_context("spawn")  # no fork: the parent runs threads and an event loop
MEMORY_MESSAGE = "memory allocation of"  # Rust's allocation-failure message, before its abort
STDERR_READ = 65536  # bytes of a dead worker's stderr read (the message comes first)
# Signals a process gets from someone else, never from its own fault.
OUTSIDE_SIGNALS = frozenset({signal.SIGKILL, signal.SIGTERM, signal.SIGINT, signal.SIGHUP,
                             signal.SIGQUIT})  # fmt: skip
PAGE = os.sysconf("SC_PAGE_SIZE")


class WorkerStartFailed(RuntimeError):
    """A worker could not start (its entry failed, the sandbox is required but unavailable)."""


class PoolBusy(Exception):
    """No worker came free within the queue wait, or the queue is full (503, Retry-After)."""


class JobTimeout(Exception):
    """The job ran past its time limit; its worker was killed and is being replaced (503)."""


class WorkerLost(Exception):
    """The worker died during the job; it is being replaced. One of the subclasses says why."""


class WorkerCrashed(WorkerLost):
    """The job crashed the worker (segfault, stack overflow): the same job would again."""


class MemoryLimitExceeded(WorkerLost):
    """The job needed more memory than a worker may use (503)."""


def memory_limit_exceeded(kind: str, memory_mb: int) -> MemoryLimitExceeded:
    return MemoryLimitExceeded(
        f"the {kind} needed more memory than a worker may use ({memory_mb} MiB); "
        "its worker was stopped and replaced"
    )


class WorkerEnded(WorkerLost):
    """The worker was killed from outside (OOM killer, operator): not the job's doing (503)."""


@dataclass(frozen=True)
class WorkerOptions:
    """How each worker of a pool is confined and when it is replaced."""

    sandbox: str = "auto"  # server/sandbox.py POLICIES
    memory_mb: int = 0  # RLIMIT_DATA in MiB; 0: none
    max_jobs: int = 0  # replaced after this many jobs; 0: never
    recycle_mb: int = 0  # replaced once its RSS grew this much over its RSS when ready; 0: never
    nice: int = 0  # added to the worker's nice value (validation yields the CPU to queries)
    # Jobs and answers are bytes, sent as they are (no pickling): the worker's function takes a
    # frame and returns one; an empty answer frame is reserved (OUT_OF_MEMORY_FRAME).
    framed: bool = False
    # A worker may also serve a client's connection handed over to it (server/hosting.py):
    # its entry's function then has `serve(channel, busy)`, and the worker waits on both.
    hosting: bool = False

    def __post_init__(self) -> None:
        check_policy(self.sandbox)  # said once by the server at start, not by each worker


@dataclass(frozen=True)
class _Ready:
    isolation: str  # what server/sandbox.isolate_network did


@dataclass(frozen=True)
class _StartFailed:
    message: str


@dataclass(frozen=True)
class _OutOfMemory:
    """Sent instead of an answer when the job raised MemoryError; the worker then stops."""


OUT_OF_MEMORY_FRAME = b""  # the framed pools' _OutOfMemory
# A hosting worker's `busy`: 0.0 idle, the time.monotonic() its request started while it answers
# one, OUT_OF_MEMORY_MARK when that request ran out of memory (the worker then stops).
OUT_OF_MEMORY_MARK = -1.0


def _child_main(
    conn: Connection,
    options: WorkerOptions,
    entry: str,
    payload: bytes,
    stderr_path: str,
    channel: socket.socket | None = None,
    busy: Any = None,
) -> None:
    """A worker process: confine itself, start its work (`entry`), then answer jobs (and, in a
    hosting pool, serve the connections handed over on `channel`)."""
    fd = os.open(stderr_path, os.O_WRONLY | os.O_APPEND)
    os.dup2(fd, 2)  # the parent reads it to tell why this process died
    os.close(fd)
    try:
        isolation = isolate_network(options.sandbox)
    except SandboxUnavailable as exc:
        conn.send(_StartFailed(str(exc)))
        return
    limit_memory(options.memory_mb)
    if options.nice:
        os.nice(options.nice)
    sys.addaudithook(block_network)
    try:
        module, _, name = entry.partition(":")
        handle = getattr(importlib.import_module(module), name)(*pickle.loads(payload))
    except Exception as exc:  # reported to the parent, which gives up on this worker
        conn.send(_StartFailed(f"{type(exc).__name__}: {exc}"))
        return
    conn.send(_Ready(isolation))
    receive: Callable[[], Any] = conn.recv_bytes if options.framed else conn.recv
    answer: Callable[[Any], None] = conn.send_bytes if options.framed else conn.send
    serve = getattr(handle, "serve", None) if channel is not None else None
    while True:
        if serve is not None and channel is not None and channel in wait([conn, channel]):
            try:
                if not serve(channel, busy):
                    return  # the parent went away
            except MemoryError:
                busy.value = OUT_OF_MEMORY_MARK
                return
            continue
        try:
            job = receive()
        except (EOFError, OSError):
            return  # the parent went away
        sys.stderr.flush()
        if os.lseek(2, 0, os.SEEK_END):
            os.ftruncate(2, 0)  # keep only this job's output
        try:
            answer(handle(job))
        except MemoryError:
            answer(OUT_OF_MEMORY_FRAME if options.framed else _OutOfMemory())
            return  # whatever held the memory may still hold it: a fresh worker takes over


def _headline(output: str, lines: int = 3) -> str:
    """The first lines of a worker's stderr: the message, not the Rust backtrace that follows it
    where RUST_BACKTRACE is set (thousands of characters per dead worker in the log)."""
    head = output.strip().splitlines()[:lines]
    more = len(output.strip().splitlines()) - len(head)
    return " | ".join(head)[:500] + (f" (+{more} lines)" if more > 0 else "")


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "still running"
    if code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"


class _Worker:
    def __init__(
        self, kind: str, options: WorkerOptions, entry: str, payload: bytes, stderr_dir: Path
    ) -> None:
        fd, path = tempfile.mkstemp(prefix=f"{kind}-", suffix=".stderr", dir=stderr_dir)
        os.close(fd)
        self.kind = kind
        self.stderr_path = Path(path)
        parent, child = _CTX.Pipe()
        self.conn: Connection = parent
        # A hosting worker's own line to the server (server/hosting.py): a connection goes one
        # way as a file descriptor, messages come back; SEQPACKET keeps each message whole.
        self.channel: socket.socket | None = None
        self.busy: Any = None
        extra: tuple[object, ...] = ()
        if options.hosting:
            self.channel, child_channel = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
            self.busy = _CTX.RawValue("d", 0.0)
            extra = (child_channel, self.busy)
        self.process: BaseProcess = _CTX.Process(
            target=_child_main,
            args=(child, options, entry, payload, path, *extra),
            daemon=True,
            name=f"sotk-{kind}-worker",
        )
        self.process.start()
        child.close()
        for sent in extra[:1]:
            sent.close()  # type: ignore[attr-defined]  # the child's end of the channel
        self.jobs = 0
        self.ready_rss = 0
        self.isolation = ""
        # Kept open, so that the checks after every job cost a read, not an open and a close.
        self._stderr_fd = os.open(path, os.O_RDONLY)
        self._statm_fd: int | None = None
        # close() kills a busy worker while the thread waiting on it may kill it too: the pipe
        # and fds must be closed once, as a second os.close may hit a number already reused.
        self._kill_lock = threading.Lock()
        self._killed = False

    @property
    def pid(self) -> int:
        return self.process.pid or 0

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise WorkerStartFailed(f"{self.kind} worker not ready after {timeout:g} s")
        try:
            msg = self.conn.recv()
        except (EOFError, OSError):
            self.process.join(timeout=5)
            why = f"{_describe_exit(self.process.exitcode)}: {_headline(self.stderr())}"
            self.kill()
            raise WorkerStartFailed(f"{self.kind} worker ended while starting ({why})") from None
        if not isinstance(msg, _Ready):
            self.kill()
            raise WorkerStartFailed(f"{self.kind} worker could not start: {msg.message}")
        self.isolation = msg.isolation
        self.ready_rss = self.rss()

    def rss(self) -> int:
        """Resident memory in bytes (0 where /proc cannot tell)."""
        try:
            if self._statm_fd is None:
                self._statm_fd = os.open(f"/proc/{self.pid}/statm", os.O_RDONLY)
            return int(os.pread(self._statm_fd, 256, 0).split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            return 0

    def stderr(self) -> str:
        try:
            if not os.fstat(self._stderr_fd).st_size:
                return ""
            return os.pread(self._stderr_fd, STDERR_READ, 0).decode("utf-8", "replace")
        except OSError:
            return ""

    def kill(self) -> None:
        with self._kill_lock:
            if self._killed:
                return
            self._killed = True
            if self.process.is_alive():
                self.process.kill()
            self.process.join(timeout=5)
            self.conn.close()
            if self.channel is not None:
                self.channel.close()
            for fd in (self._stderr_fd, self._statm_fd):
                if fd is not None and fd >= 0:
                    os.close(fd)
            self._stderr_fd, self._statm_fd = -1, None
            self.stderr_path.unlink(missing_ok=True)


class _Idle:
    """The idle workers, handed out to threads (`get`) and to tasks of an event loop
    (`get_async`, no thread held while waiting), first come, first served; `put` may come from
    any thread. The worker that came back last goes out first: its caches are still warm."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._put = threading.Condition(self._lock)
        self._workers: deque[_Worker] = deque()
        self._waiting: deque[tuple[asyncio.AbstractEventLoop, asyncio.Future[_Worker]]] = deque()

    def put(self, w: _Worker) -> None:
        with self._lock:
            while self._waiting:
                loop, waiter = self._waiting.popleft()
                if waiter.done():  # gave up waiting
                    continue
                try:
                    loop.call_soon_threadsafe(self._hand_over, waiter, w)
                    return
                except RuntimeError:  # its loop is closed
                    continue
            self._workers.append(w)
            self._put.notify()

    def _hand_over(self, waiter: asyncio.Future[_Worker], w: _Worker) -> None:
        if waiter.done():  # it gave up between `put` and now: the next one gets the worker
            self.put(w)
        else:
            waiter.set_result(w)

    def get_nowait(self) -> _Worker | None:
        with self._lock:
            return self._workers.pop() if self._workers else None

    def get(self, timeout: float) -> _Worker:
        with self._put:
            if not self._put.wait_for(lambda: self._workers, timeout):
                raise queue.Empty
            return self._workers.pop()

    async def get_async(self, timeout: float) -> _Worker:
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._workers:
                return self._workers.pop()
            waiter: asyncio.Future[_Worker] = loop.create_future()
            self._waiting.append((loop, waiter))
        try:
            return await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            raise queue.Empty from None


_FRAME_HEADER = struct.Struct("!i")  # multiprocessing.Connection's frame: a length, the bytes


async def _readable(loop: asyncio.AbstractEventLoop, fd: int, deadline: float) -> None:
    """Wait until `fd` can be read; TimeoutError at `deadline` (the loop's clock)."""
    waiter: asyncio.Future[None] = loop.create_future()

    def settle(error: BaseException | None = None) -> None:
        if not waiter.done():
            if error is None:
                waiter.set_result(None)
            else:
                waiter.set_exception(error)

    loop.add_reader(fd, settle)
    timer = loop.call_at(deadline, settle, TimeoutError())
    try:
        await waiter
    finally:
        loop.remove_reader(fd)
        timer.cancel()


FIRST_READ = 1 << 16  # bytes asked by the first read of an answer: most fit, header included


async def _read_frame(conn: Connection, deadline: float) -> bytes:
    """One frame `conn.send_bytes` wrote at the other end, read without blocking the event loop:
    a read of a socket the loop found readable returns what it holds at once. The worker writes
    one frame per job, so a read never takes more than this frame: the first asks FIRST_READ
    bytes (the header and, for most answers, the whole body: one wait and one read), the next
    ones what is left. EOFError when the other end closed (the worker died), TimeoutError at
    `deadline`."""
    loop = asyncio.get_running_loop()
    fd = conn.fileno()
    header = _FRAME_HEADER.size
    data = bytearray()
    end: int | None = None  # header and frame, once the header is read
    while end is None or len(data) < end:
        await _readable(loop, fd, deadline)
        chunk = os.read(fd, FIRST_READ if end is None else end - len(data))
        if not chunk:
            raise EOFError("the worker closed its end of the pipe")
        data += chunk
        if end is None and len(data) >= header:
            (size,) = _FRAME_HEADER.unpack_from(data)
            if size < 0:  # the long form, for 2 GiB and more: answers are capped far below
                raise OSError("the worker sent a frame of over 2 GiB")
            end = header + size
    return bytes(memoryview(data)[header:])


class WorkerPool:
    """`size` workers of one `kind` ("query", "validation"), each running `entry(*args)`.

    `args` are pickled here and unpickled in the worker after it is confined; `entry` must be a
    module-level function."""

    def __init__(
        self,
        kind: str,
        entry: Callable[..., Callable[[Any], Any]],
        args: tuple[object, ...],
        size: int,
        *,
        options: WorkerOptions | None = None,
        queue_wait: float = 2.0,
        start_timeout: float = 120.0,
    ) -> None:
        self.kind = kind
        self.entry = f"{entry.__module__}:{entry.__qualname__}"
        self.payload = pickle.dumps(args)
        self.size = max(1, size)
        self.options = options or WorkerOptions()
        self.queue_wait = queue_wait
        self.start_timeout = start_timeout
        self._idle = _Idle()
        self._all: set[_Worker] = set()
        self._running: set[_Worker] = set()  # a subset of _all: those with a job now
        self._lock = threading.Lock()
        self._start_lock = threading.Lock()
        self._stderr_dir: Path | None = None  # the workers' stderr files, while started
        self._remove_dir: Callable[[], object] = lambda: None
        self._closed = False
        self.restarts = 0  # workers replaced after a timeout or a death
        self.recycled = 0  # workers replaced after max_jobs or growth
        self.isolation = ""  # what the last worker to start reported (server/sandbox.py)
        # Called when a job finds no idle worker: server/hosting.py asks a worker serving a
        # connection for it back.
        self.reclaim: Callable[[], None] = lambda: None

    @property
    def started(self) -> bool:
        return self._stderr_dir is not None

    def start(self) -> None:
        """Start every worker and wait until each is ready; WorkerStartFailed if one cannot."""
        with self._start_lock:
            if self.started:
                return
            if self._closed:
                raise PoolBusy(f"the {self.kind} workers are shutting down")
            self._stderr_dir = Path(tempfile.mkdtemp(prefix=f"sotk-{self.kind}-workers-"))
            # removed by close(), or at exit by a server that never closed its pool
            self._remove_dir = weakref.finalize(self, shutil.rmtree, self._stderr_dir, True)
            workers = [self._spawn() for _ in range(self.size)]
            try:
                for w in workers:
                    self._ready(w)
            except Exception:
                self._discard(workers)  # a later start tries again (and says why again)
                raise
            for w in workers:
                self._idle.put(w)

    def _discard(self, workers: list[_Worker]) -> None:
        for w in workers:
            w.kill()
        with self._lock:
            self._all.difference_update(workers)
        if self._stderr_dir is not None:
            self._remove_dir()
            self._stderr_dir = None

    def _spawn(self) -> _Worker:
        assert self._stderr_dir is not None
        w = _Worker(self.kind, self.options, self.entry, self.payload, self._stderr_dir)
        with self._lock:
            self._all.add(w)
        return w

    def _ready(self, w: _Worker) -> None:
        w.wait_ready(self.start_timeout)
        if w.isolation.startswith(NOT_ISOLATED) and self.isolation != w.isolation:
            log.warning("%s workers run WITH network access (SOTK_SANDBOX=auto): %s; a query "
                        "guard bypass could reach the network (docs/deployment.md)",
                        self.kind, w.isolation)  # fmt: skip
        self.isolation = w.isolation

    def _retire(self, w: _Worker, *, recycled: bool = False) -> None:
        w.kill()
        with self._lock:
            self._all.discard(w)
        if self._closed:
            return
        if recycled:
            self.recycled += 1
        else:
            self.restarts += 1
        threading.Thread(target=self._replace, daemon=True, name="sotk-pool-respawn").start()

    def _replace(self) -> None:
        try:
            w = self._spawn()
            self._ready(w)
        except Exception:
            if not self._closed:  # else the pool was closed under it: nothing to replace
                log.exception("could not start a replacement %s worker", self.kind)
            return
        if self._closed:
            w.kill()
            return
        self._idle.put(w)

    def run(self, job: object, timeout: float) -> Any:
        """The worker's answer to `job` within `timeout` seconds, counted from when a worker
        takes it; the wait for a free worker is bounded apart, by `queue_wait` (PoolBusy when
        none frees up). Starts the pool on first use if `start` was not called."""
        self.start()
        w = self._take_idle()
        with self._lock:
            self._running.add(w)
        try:
            answer = self._exchange(w, job, timeout)
        finally:
            with self._lock:
                self._running.discard(w)
        self._done(w)
        return answer

    async def run_async(self, frame: bytes, timeout: float) -> bytes:
        """`run` for a framed pool, in the event loop: no thread waits, neither for a worker
        nor for its answer (the loop watches the pipe). The same limits and errors; a task
        cancelled while its job runs has that worker killed (it would answer a job no one
        waits for)."""
        if not self.started:
            await asyncio.to_thread(self.start)
        w = await self._take_idle_async()
        with self._lock:
            self._running.add(w)
        loop = asyncio.get_running_loop()
        try:
            w.conn.send_bytes(frame)
            answer = await _read_frame(w.conn, loop.time() + timeout)
        except TimeoutError:
            self._retire(w)
            raise JobTimeout(f"{self.kind} stopped after the time limit of {timeout:g} s") from None
        except (EOFError, OSError) as exc:
            raise self._lost(w) from exc
        except BaseException:  # cancelled mid-job: the worker cannot be given another
            self._retire(w)
            raise
        finally:
            with self._lock:
                self._running.discard(w)
        if answer == OUT_OF_MEMORY_FRAME:
            raise self._lost(w, out_of_memory=True)
        self._done(w)
        return answer

    def take_idle_now(self) -> _Worker | None:
        """A live idle worker if one is free at once (server/hosting.py), else None."""
        while (w := self._idle.get_nowait()) is not None:
            if self._alive(w):
                return w
        return None

    def hosted_done(self, w: _Worker) -> None:
        """A worker that served a connection is free again (as after a job)."""
        self._done(w)

    def hosted_lost(self, w: _Worker, *, out_of_memory: bool) -> WorkerLost:
        """Why a worker died while it served a connection; it is replaced."""
        return self._lost(w, out_of_memory=out_of_memory)

    def hosted_stopped(self, w: _Worker) -> None:
        """A worker past the time limit on a connection it served: killed and replaced."""
        self._retire(w)

    def _done(self, w: _Worker) -> None:
        """After a job answered: pass on what the worker wrote to stderr, then back to work."""
        if output := w.stderr():  # warnings and the like: the worker's stderr is a file
            log.warning("%s worker %d wrote: %s", self.kind, w.pid, _headline(output))
        w.jobs += 1
        self._after_job(w)

    def _exchange(self, w: _Worker, job: object, timeout: float) -> Any:
        """Send `job` to `w` and wait for its answer; retires `w` when it runs out of time or
        dies (and raises why)."""
        framed = self.options.framed
        try:
            if framed:
                w.conn.send_bytes(job)  # type: ignore[arg-type]  # framed pools take bytes
            else:
                w.conn.send(job)
            if not w.conn.poll(timeout):
                self._retire(w)
                raise JobTimeout(f"{self.kind} stopped after the time limit of {timeout:g} s")
            answer = w.conn.recv_bytes() if framed else w.conn.recv()
        except (EOFError, OSError) as exc:
            raise self._lost(w) from exc
        if isinstance(answer, _OutOfMemory) or (framed and answer == OUT_OF_MEMORY_FRAME):
            raise self._lost(w, out_of_memory=True)
        return answer

    def _take_idle(self) -> _Worker:
        """A live idle worker; one that died while idle (killed from outside) is replaced, not
        handed a job."""
        give_up = time.monotonic() + self.queue_wait
        if (w := self.take_idle_now()) is not None:
            return w
        self.reclaim()
        while True:
            try:
                w = self._idle.get(max(give_up - time.monotonic(), 0.0))
            except queue.Empty:
                raise self._busy() from None
            if self._alive(w):
                return w

    async def _take_idle_async(self) -> _Worker:
        give_up = time.monotonic() + self.queue_wait
        if (w := self.take_idle_now()) is not None:
            return w
        self.reclaim()
        while True:
            try:
                w = await self._idle.get_async(max(give_up - time.monotonic(), 0.0))
            except queue.Empty:
                raise self._busy() from None
            if self._alive(w):
                return w

    def _busy(self) -> PoolBusy:
        return PoolBusy(
            f"all {self.size} {self.kind} workers stayed busy for {self.queue_wait:g} s"
        )

    def _alive(self, w: _Worker) -> bool:
        """Whether an idle worker still lives; a dead one is replaced."""
        if w.process.is_alive():
            return True
        log.warning("idle %s worker %d had ended (%s); replacing it", self.kind, w.pid,
                    _describe_exit(w.process.exitcode))  # fmt: skip
        self._retire(w)
        return False

    def _lost(self, w: _Worker, *, out_of_memory: bool = False) -> WorkerLost:
        """Why `w` died during a job (see the module docstring; `out_of_memory`: it said so
        itself, after a MemoryError); retires it."""
        w.process.join(timeout=5)
        code = w.process.exitcode
        output = w.stderr()
        self._retire(w)
        how = _describe_exit(code)
        log.warning("%s worker %d ended during a job (%s): %s", self.kind, w.pid, how,
                    _headline(output) or "no output")  # fmt: skip
        if out_of_memory or MEMORY_MESSAGE in output:
            return memory_limit_exceeded(self.kind, self.options.memory_mb)
        if code is not None and code < 0 and -code in OUTSIDE_SIGNALS:
            return WorkerEnded(
                f"the {self.kind} worker was ended from outside ({how}), e.g. by the system's "
                f"out-of-memory killer or an operator, not because of this {self.kind}; "
                "it was replaced"
            )
        return WorkerCrashed(f"the {self.kind} engine process died ({how})")

    def _after_job(self, w: _Worker) -> None:
        """Back to the idle queue, or replaced if it did its share of jobs or kept memory."""
        grown = w.rss() - w.ready_rss
        if self.options.max_jobs and w.jobs >= self.options.max_jobs:
            reason = f"after {w.jobs} jobs"
        elif self.options.recycle_mb and grown > self.options.recycle_mb << 20:
            reason = f"its memory grew by {grown >> 20} MiB"
        else:
            self._idle.put(w)
            return
        log.info("%s worker %d replaced %s", self.kind, w.pid, reason)
        self._retire(w, recycled=True)

    def pids(self) -> list[int]:
        """Process ids of the live workers (for operators and tests)."""
        with self._lock:
            return sorted(w.pid for w in self._all)

    def busy_pids(self) -> list[int]:
        """Process ids of the workers running a job now."""
        with self._lock:
            return sorted(w.pid for w in self._running)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
        self._discard(workers)
