"""OS-level limits of a worker process: no network at all, and a memory limit.

Query workers run the native engine, whose HTTP client (SERVICE, FROM of a URL) is Rust code that
Python's audit hooks never see; validation workers parse untrusted uploads. The query guard is
meant to keep such queries out, but a guard is one tokenizer reading the text another parser will
run, so the workers also get what no spelling can bypass: before a worker loads anything, it
moves into a new network namespace, whose only interface is a loopback that is down. Every
connect() then fails at once (ENETUNREACH), whichever library makes it; the pipe to the parent
(a socket pair made before) keeps working.

Root makes the namespace with unshare(CLONE_NEWNET) (CAP_SYS_ADMIN); an unprivileged user also
needs a user namespace (CLONE_NEWUSER | CLONE_NEWNET, where unprivileged user namespaces are
allowed), which leaves its file access as it was: its uid outside does not change. The first that
works is used. CLONE_NEWUSER needs a single-threaded process, so this runs first in the worker,
before the engine or any library can start a thread. The Python audit hook (`block_network`) stays
as a second, portable layer with a clearer message.

Policy (`SOTK_SANDBOX`): `auto` isolates where it can and says where it cannot (a warning in the
log, `sandbox` in /health); `required` refuses to start a worker it cannot isolate, so the server
does not start; `off` skips it.

Memory: RLIMIT_DATA bounds what a worker can allocate (heap and private writable mappings), so an
allocation past it fails inside the worker (Rust: "memory allocation of N bytes failed", then an
abort; Python: MemoryError) instead of the kernel's OOM killer picking a process. RLIMIT_AS is not
used: it counts address space merely reserved (thread stacks, malloc arenas), about 430 MiB of a
worker before it allocates anything, and RocksDB cannot even start its threads under a 512 MiB
one (measured; docs/deployment.md).
"""

from __future__ import annotations

import ctypes
import errno
import os
import resource

POLICIES = ("auto", "required", "off")
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
# Tried in order: a network namespace alone keeps root's file access across users; the pair is
# what an unprivileged user may create.
_ATTEMPTS = (
    (CLONE_NEWNET, "network namespace"),
    (CLONE_NEWUSER | CLONE_NEWNET, "user and network namespace"),
)
NOT_ISOLATED = "none"  # how /health names a worker with network access


class SandboxUnavailable(RuntimeError):
    """The policy is `required` and this process cannot be given its own network namespace."""


def _unshare(flags: int) -> int:
    """0, or the errno of unshare(2)."""
    libc = ctypes.CDLL(None, use_errno=True)
    return 0 if libc.unshare(flags) == 0 else ctypes.get_errno()


def check_policy(policy: str) -> None:
    if policy not in POLICIES:
        raise ValueError(f"unknown sandbox policy {policy!r}; use one of {', '.join(POLICIES)}")


def isolate_network(policy: str) -> str:
    """Move this process into a network namespace of its own, as `policy` asks. Returns what was
    done ("network namespace", "user and network namespace", "off", or "none: <why>"); raises
    SandboxUnavailable when the policy is `required` and no attempt worked."""
    check_policy(policy)
    if policy == "off":
        return "off"
    failures = []
    for flags, name in _ATTEMPTS:
        err = _unshare(flags)
        if err == 0:
            return name
        failures.append(f"{name}: {errno.errorcode.get(err, err)} ({os.strerror(err)})")
    why = "; ".join(failures)
    if policy == "required":
        raise SandboxUnavailable(
            f"cannot take the worker off the network ({why}). The worker needs root "
            "(CAP_SYS_ADMIN) or unprivileged user namespaces (docs/deployment.md); "
            "SOTK_SANDBOX=auto runs it with network access instead"
        )
    return f"{NOT_ISOLATED}: {why}"


def limit_memory(megabytes: int) -> None:
    """Cap this process's data (heap and private writable mappings) at `megabytes` MiB; 0: no
    cap. Soft and hard limit alike, so that nothing in the worker can raise it again."""
    if megabytes > 0:
        limit = megabytes << 20
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def block_network(event: str, args: tuple[object, ...]) -> None:
    """Audit hook: nothing Python does in a worker may open a connection or URL (the namespace
    above also stops native code; this gives a clearer message where Python is the caller)."""
    if event in ("socket.connect", "urllib.Request", "socket.getaddrinfo"):
        raise PermissionError(f"network access is disabled in worker processes ({event})")
