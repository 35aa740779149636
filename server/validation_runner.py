"""Runs `checks.validation.validate_upload` in a separate, killable process with a time limit.

SHACL validation cannot be interrupted inside a process (stack-findings §5), and an upload is
untrusted input (rdflib's RDF/XML parser, JSON-LD remote contexts): a process per upload, network
blocked inside it, killed when the time limit passes. The upload is validated on its own and never
reaches the store.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import multiprocessing as mp
import sys
from dataclasses import dataclass
from multiprocessing.connection import Connection

from server.worker import block_network
from sotk_kg.settings import Settings

_CTX = mp.get_context("spawn")


@dataclass(frozen=True)
class Upload:
    """One upload and the options of `sotk-kg validate` that apply to it (`--lang`, `--complete`,
    `--perangkat-daerah`), as `checks.validation.validate_upload` takes them."""

    payload: bytes
    media_type: str
    filename: str | None = None
    lang: str = "en"
    complete: bool = False
    perangkat_daerah: str | None = None  # IRI or name: where CSV rosters' post names are found


@dataclass(frozen=True)
class Report:
    conforms: bool
    body: bytes
    media_type: str


@dataclass(frozen=True)
class Rejected:
    status: int
    message: str


class ValidationUnavailable(Exception):
    pass


class ValidationTimeout(Exception):
    pass


def available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def _child(
    conn: Connection, module: str, upload: Upload, answer_type: str, settings: Settings
) -> None:
    sys.addaudithook(block_network)
    validation = importlib.import_module(module)
    errors = importlib.import_module("checks.errors")
    try:
        outcome = validation.validate_upload(
            upload.payload,
            upload.media_type,
            upload.filename,
            upload.lang,
            complete=upload.complete,
            perangkat_daerah=upload.perangkat_daerah,
            # the server's own paths and base, not the child's environment: options given on
            # the command line (`serve --base`) must reach the validator too
            sources=validation.Sources.from_settings(settings),
        )
    except errors.UnusableInput as exc:
        conn.send(Rejected(int(getattr(exc, "status", 400)), str(exc)))
        return
    if answer_type == "text/html":
        body = outcome.to_html(upload.lang).encode()
    elif answer_type == "application/json":
        out = outcome.to_json()
        body = out.encode() if isinstance(out, str) else json.dumps(out).encode()
    else:
        fmt = "turtle" if answer_type == "text/turtle" else "json-ld"
        out = outcome.serialize(fmt)
        body = out.encode() if isinstance(out, str) else out
    conn.send(Report(bool(outcome.conforms), body, answer_type))


def run_validation(
    module: str, upload: Upload, answer_type: str, settings: Settings
) -> Report | Rejected:
    timeout = settings.validate_timeout
    if not available(module):
        raise ValidationUnavailable("validation service not available")
    parent, child = _CTX.Pipe()
    proc = _CTX.Process(
        target=_child,
        args=(child, module, upload, answer_type, settings),
        daemon=True,
        name="sotk-validate",
    )
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise ValidationTimeout(f"validation stopped after the time limit of {timeout:g} s")
        try:
            return parent.recv()
        except EOFError:
            proc.join(timeout=1)
            return Rejected(422, f"the validator could not process this input "
                                 f"(its process ended with code {proc.exitcode})")  # fmt: skip
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(timeout=5)
        parent.close()
