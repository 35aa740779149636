"""Stand-ins for the work of worker processes, for the pool and sandbox tests.

`start` is a pool entry (sotk_kg/server/pool.py) whose jobs are `(command, argument)` pairs;
`validate_upload` and `Sources` make this module a validator (`app.state.validation_module`) whose
upload's first line is the command. Both run in the worker processes, which import this module
by name (the tests' folder is on the path the workers inherit).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from sotk_kg.server.worker import StoreSpec

MIB = 1 << 20


def one_triple_store(folder: Path) -> StoreSpec:
    """A query worker's store of one triple in the named graph <http://x/g>."""
    path = folder / "store.nq"
    path.write_text("<http://x/s> <http://x/p> <http://x/o> <http://x/g> .\n")
    return StoreSpec("nquads", str(path))


def _touched(mib: int) -> bytes:
    return b"\x01" * (mib * MIB)  # written, so it is resident (a zeroed buffer may not be)


def service_error(port: int) -> str:
    """What the engine's own HTTP client gets for a SERVICE call to 127.0.0.1:`port`."""
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    try:
        list(ox.Store().query(query))  # type: ignore[call-overload]
    except OSError as exc:
        return str(exc)
    return "answered"


def start(*_args: object) -> Callable[[tuple[str, int]], object]:
    kept: list[bytes] = []

    def handle(job: tuple[str, int]) -> object:
        command, argument = job
        if command == "sleep":
            time.sleep(argument)
        elif command == "allocate":  # MiB, freed again
            return len(_touched(argument)) // MIB
        elif command == "keep":  # MiB, kept: the worker grows
            kept.append(_touched(argument))
        elif command == "abort":
            os.abort()
        return argument

    return handle


class Sources:
    @classmethod
    def from_settings(cls, settings: object) -> Sources:
        return cls()


@dataclass
class Outcome:
    conforms: bool
    note: str

    def to_json(self) -> dict[str, str]:
        return {"note": self.note}


def validate_upload(
    payload: bytes, media_type: str, filename: str | None, lang: str, **options: object
) -> Outcome:
    command, _, argument = payload.split(b"\n", 1)[0].decode().partition(":")
    if command == "sleep":
        time.sleep(float(argument))
        return Outcome(True, "slept")
    if command == "allocate":
        return Outcome(True, f"allocated {len(_touched(int(argument))) // MIB} MiB")
    if command == "service":
        return Outcome(True, service_error(int(argument)))
    return Outcome(False, f"unknown command {command!r}")


def start_framed(*_args: object) -> Callable[[bytes], bytes]:
    """A framed pool's entry: a job is `command:argument` in bytes, the answer bytes."""

    def handle(frame: bytes) -> bytes:
        command, _, argument = frame.decode().partition(":")
        if command == "sleep":
            time.sleep(float(argument))
        elif command == "big":  # an answer of this many bytes, far over a socket's buffer
            return b"x" * int(argument)
        elif command == "abort":
            os.abort()
        elif command == "allocate":
            return b"%d" % (len(_touched(int(argument))) // MIB)
        return argument.encode()

    return handle
